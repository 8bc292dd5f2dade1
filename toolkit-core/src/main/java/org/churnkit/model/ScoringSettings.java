package org.churnkit.model;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What {@link Scoring} computes: the horizon of the expected transactions, the discounting of
 * DERT, the spend model, the margin and where batch work runs. Immutable; each {@code with*}
 * returns a copy.
 *
 * <p>The columns follow from the settings ({@link Scores#columns()}):
 * <ul>
 *   <li>always {@code p_alive} and {@code expected_transactions} over {@link #horizon()};</li>
 *   <li>with a spend model, {@code expected_spend};</li>
 *   <li>with discounting, {@code dert} at the continuously compounded rate
 *       {@link #discountRate()} per model time unit over {@link #discountHorizon()} (infinite by
 *       default: Fader, Hardie and Lee 2005, eq. 2);</li>
 *   <li>with both, {@code clv}, {@code alive_value} and {@code value_at_risk} at
 *       {@link #margin()} ({@link CustomerValue}).</li>
 * </ul>
 *
 * <p>Defaults of {@link #of}: no spend model, no discounting, margin 1, batches in parallel on the
 * common fork-join pool.
 */
public final class ScoringSettings {
    private final double horizon;
    private final SpendModel spend;
    private final double delta;
    private final double discountHorizon;
    private final double margin;
    private final Executor executor;

    private ScoringSettings(double horizon, SpendModel spend, double delta, double discountHorizon, double margin,
                            Executor executor) {
        this.horizon = horizon;
        this.spend = spend;
        this.delta = delta;
        this.discountHorizon = discountHorizon;
        this.margin = margin;
        this.executor = executor;
    }

    /**
     * P(alive) and expected transactions over {@code horizon}; nothing else until asked.
     *
     * @param horizon horizon of the expected transactions in the model's time unit (opportunities
     *     for BG/BB), finite and {@code > 0}
     * @return the settings
     * @throws IllegalArgumentException if the horizon is not positive and finite
     */
    public static ScoringSettings of(double horizon) {
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("horizon must be positive and finite, got " + horizon);
        }
        return new ScoringSettings(horizon, null, Double.NaN, Double.POSITIVE_INFINITY, 1.0, null);
    }

    /**
     * Adds a spend model: {@code expected_spend}, and the money columns with discounting.
     *
     * @param spendModel the spend model (Gamma-Gamma), or {@code null} for none
     * @return a copy with this spend model
     */
    public ScoringSettings withSpendModel(SpendModel spendModel) {
        return new ScoringSettings(horizon, spendModel, delta, discountHorizon, margin, executor);
    }

    /**
     * Discounts DERT at {@code delta}, a continuously compounded rate per model time unit (see
     * {@link #withAnnualDiscountRate} for an annual rate).
     *
     * @param delta the rate per time unit, finite and {@code > 0}
     * @return a copy that computes {@code dert} (and with a spend model the money columns)
     * @throws IllegalArgumentException if {@code delta} is not positive and finite
     */
    public ScoringSettings withDiscountRate(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("discount rate per time unit must be positive and finite, got " + delta);
        }
        return new ScoringSettings(horizon, spend, delta, discountHorizon, margin, executor);
    }

    /**
     * Discounts DERT at an annual rate: {@code delta = ln(1 + annualRate) / periodsPerYear}, the
     * continuously compounded rate per model time unit equivalent to {@code annualRate} a year (the
     * same conversion as {@link org.churnkit.data.TimeUnit#continuousRateFromAnnual}).
     *
     * @param annualRate the annual rate, 0.15 for 15 % a year, finite and {@code > 0}
     * @param periodsPerYear model time units in a year, e.g. 52 for weeks, finite and {@code > 0}
     * @return a copy that computes {@code dert}
     * @throws IllegalArgumentException if either value is not positive and finite
     */
    public ScoringSettings withAnnualDiscountRate(double annualRate, double periodsPerYear) {
        if (!(annualRate > 0) || Double.isInfinite(annualRate)) {
            throw new IllegalArgumentException("annual discount rate must be positive and finite, got " + annualRate);
        }
        if (!(periodsPerYear > 0) || Double.isInfinite(periodsPerYear)) {
            throw new IllegalArgumentException("periods per year must be positive and finite, got " + periodsPerYear);
        }
        return withDiscountRate(Math.log1p(annualRate) / periodsPerYear);
    }

    /**
     * The horizon over which DERT discounts: infinite by default (DERT proper); a finite horizon
     * gives the discounted expected transactions up to it, by numerical integration.
     *
     * @param h the horizon in the model's time unit, {@code > 0}, or {@link Double#POSITIVE_INFINITY}
     * @return a copy with this horizon
     * @throws IllegalArgumentException if {@code h} is not positive
     */
    public ScoringSettings withDiscountHorizon(double h) {
        if (!(h > 0)) {
            throw new IllegalArgumentException("discount horizon must be positive, got " + h);
        }
        return new ScoringSettings(horizon, spend, delta, h, margin, executor);
    }

    /**
     * No discounting: no {@code dert} and no money columns.
     *
     * @return a copy without discounting
     */
    public ScoringSettings withoutDiscounting() {
        return new ScoringSettings(horizon, spend, Double.NaN, discountHorizon, margin, executor);
    }

    /**
     * The margin on spend in the money columns.
     *
     * @param m the margin, e.g. 0.3 for 30 %, finite and {@code > 0}
     * @return a copy with this margin
     * @throws IllegalArgumentException if {@code m} is not positive and finite
     */
    public ScoringSettings withMargin(double m) {
        if (!(m > 0) || Double.isInfinite(m)) {
            throw new IllegalArgumentException("margin must be positive and finite, got " + m);
        }
        return new ScoringSettings(horizon, spend, delta, discountHorizon, m, executor);
    }

    /**
     * Where batch scoring runs its chunks of rows: {@code null} for the common fork-join pool (the
     * default), {@code Runnable::run} for the calling thread (a Spark task, which is already one
     * of many in parallel). Results do not depend on it.
     *
     * @param e the executor, or {@code null} for the common pool
     * @return a copy with this executor
     */
    public ScoringSettings withExecutor(Executor e) {
        return new ScoringSettings(horizon, spend, delta, discountHorizon, margin, e);
    }

    /**
     * Horizon of {@code expected_transactions}.
     *
     * @return the horizon, in the model's time unit
     */
    public double horizon() {
        return horizon;
    }

    /**
     * The spend model.
     *
     * @return the spend model, or empty without one
     */
    public Optional<SpendModel> spendModel() {
        return Optional.ofNullable(spend);
    }

    /**
     * Whether DERT is computed.
     *
     * @return true after {@link #withDiscountRate} or {@link #withAnnualDiscountRate}
     */
    public boolean discounts() {
        return !Double.isNaN(delta);
    }

    /**
     * The continuously compounded discount rate per model time unit.
     *
     * @return delta, {@code > 0}
     * @throws IllegalStateException without discounting ({@link #discounts()} false)
     */
    public double discountRate() {
        if (!discounts()) {
            throw new IllegalStateException("these settings do not discount");
        }
        return delta;
    }

    /**
     * The horizon of the discounting.
     *
     * @return {@code > 0}, {@link Double#POSITIVE_INFINITY} for DERT proper
     */
    public double discountHorizon() {
        return discountHorizon;
    }

    /**
     * The margin on spend.
     *
     * @return the margin, {@code > 0}, 1 unless set
     */
    public double margin() {
        return margin;
    }

    /**
     * Where batches run.
     *
     * @return the executor, or empty for the common fork-join pool
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /** Package view of the spend model, {@code null} for none. */
    SpendModel spendOrNull() {
        return spend;
    }

    /** Package view of delta, NaN without discounting. */
    double delta() {
        return delta;
    }

    /** Package view of the executor, {@code null} for the common pool. */
    Executor executorOrNull() {
        return executor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoringSettings s && Double.compare(s.horizon, horizon) == 0
                && Objects.equals(s.spend, spend) && Double.compare(s.delta, delta) == 0
                && Double.compare(s.discountHorizon, discountHorizon) == 0 && Double.compare(s.margin, margin) == 0
                && Objects.equals(s.executor, executor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(horizon, spend, delta, discountHorizon, margin, executor);
    }

    @Override
    public String toString() {
        return "ScoringSettings[horizon=" + horizon + (spend != null ? ", spend=" + spend : "")
                + (discounts() ? ", delta=" + delta + ", discountHorizon=" + discountHorizon : "")
                + ", margin=" + margin + (executor != null ? ", executor=" + executor : "") + "]";
    }
}
