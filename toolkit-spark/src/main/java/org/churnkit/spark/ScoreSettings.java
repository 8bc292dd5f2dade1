package org.churnkit.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * What to score, as text that travels to the executors: the models' JSON (as written by
 * {@link org.churnkit.model.ModelFiles} and {@link org.churnkit.segment.SegmentationModel#toJson})
 * and the numbers. Immutable.
 *
 * @param modelJson        transaction model (Pareto/NBD, BG/NBD, MBG/NBD, BG/BB)
 * @param spendModelJson   spend model (Gamma-Gamma), or {@code null}
 * @param segmentationJson segmentation model, or {@code null}
 * @param horizon          horizon of {@code expected_transactions}, in the model's time unit, {@code > 0}
 * @param delta            continuously compounded discount rate per time unit ({@code > 0} gives
 *                         {@code dert}, and with a spend model {@code clv}); 0 for none
 * @param dertHorizon      horizon of the discounting, {@code > 0} or {@link Double#POSITIVE_INFINITY} (DERT)
 * @param margin           share of spend that is profit, multiplies {@code clv}; finite and {@code > 0}
 */
public record ScoreSettings(String modelJson, String spendModelJson, String segmentationJson, double horizon,
                            double delta, double dertHorizon, double margin) implements Serializable {

    /**
     * Checks the numbers.
     *
     * @throws IllegalArgumentException when {@code horizon} is not finite and positive, {@code delta}
     *     is not finite and non-negative, {@code dertHorizon} is not positive or {@code margin} is not positive and finite
     */
    public ScoreSettings {
        Objects.requireNonNull(modelJson, "modelJson");
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("horizon must be finite and positive, got " + horizon);
        }
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("discount rate must be finite and >= 0, got " + delta);
        }
        if (!(dertHorizon > 0)) {
            throw new IllegalArgumentException("DERT horizon must be positive, got " + dertHorizon);
        }
        if (!(margin > 0) || Double.isInfinite(margin)) {
            // the engine's rule (ScoringSettings.withMargin): a margin of 0 or less has no CLV meaning
            throw new IllegalArgumentException("margin must be positive and finite, got " + margin);
        }
    }

    /**
     * A transaction model only: P(alive) and expected transactions over {@code horizon}.
     *
     * @param modelJson transaction model JSON
     * @param horizon horizon of {@code expected_transactions}, in the model's time unit, finite and {@code > 0}
     * @return settings with no spend or segmentation model, no discounting and margin 1
     */
    public static ScoreSettings of(String modelJson, double horizon) {
        return new ScoreSettings(modelJson, null, null, horizon, 0.0, Double.POSITIVE_INFINITY, 1.0);
    }

    /**
     * Adds a spend model, which adds {@code expected_spend} (and {@code clv} when discounting).
     *
     * @param json Gamma-Gamma model JSON, or {@code null} for none
     * @return a copy with this spend model
     */
    public ScoreSettings withSpendModel(String json) {
        return new ScoreSettings(modelJson, json, segmentationJson, horizon, delta, dertHorizon, margin);
    }

    /**
     * Adds a segmentation model, which adds a {@code segment} column.
     *
     * @param json segmentation model JSON, or {@code null} for none
     * @return a copy with this segmentation model
     */
    public ScoreSettings withSegmentation(String json) {
        return new ScoreSettings(modelJson, spendModelJson, json, horizon, delta, dertHorizon, margin);
    }

    /**
     * Discounting at {@code rate} per time unit over {@code overHorizon}.
     *
     * @param rate continuously compounded discount rate per time unit, {@code >= 0} (0 for none)
     * @param overHorizon horizon of the discounting, {@code > 0} or {@link Double#POSITIVE_INFINITY}
     * @return a copy with {@code delta = rate} and {@code dertHorizon = overHorizon}
     */
    public ScoreSettings withDiscount(double rate, double overHorizon) {
        return new ScoreSettings(modelJson, spendModelJson, segmentationJson, horizon, rate, overHorizon, margin);
    }

    /**
     * Sets the profit margin applied to {@code clv}.
     *
     * @param m share of spend that is profit, finite and {@code > 0}
     * @return a copy with {@code margin = m}
     */
    public ScoreSettings withMargin(double m) {
        return new ScoreSettings(modelJson, spendModelJson, segmentationJson, horizon, delta, dertHorizon, m);
    }
}
