package org.churnkit.evaluation;

import org.churnkit.ChurnkitException;
import org.churnkit.model.Histories;
import org.churnkit.model.TransactionPredictor;

/**
 * Holdout validation of a transaction model on a calibration/holdout split: per-customer
 * predictions {@code p_i = E[X(T_i + g, T_i + g + T*_i) | x_i, t_x_i, T_i]} (gap {@code g}, usually 0) against the actual holdout
 * repeat transactions, the calibration frequency histogram, conditional expectations by
 * calibration frequency and, when the split has a calendar, cumulative tracking over calibration and
 * holdout (see {@link HoldoutResult}, {@link FrequencyHistogram}, {@link ConditionalExpectations},
 * {@link Tracking}). The layout follows Fader, Hardie and Lee (2005), "Counting your customers the
 * easy way", Marketing Science 24(2), section 4.
 */
public final class HoldoutValidation {
    /** Default last frequency bucket, {@code 7+} as in Fader, Hardie and Lee (2005). */
    public static final int DEFAULT_LAST_BUCKET = 7;

    private HoldoutValidation() {}

    /**
     * Validation with the default buckets, without keeping per-customer predictions.
     *
     * @param name label of the model in results
     * @param model the model, in the split's time unit
     * @param split calibration histories and holdout counts
     * @return the validation
     */
    public static HoldoutResult of(String name, TransactionPredictor model, HoldoutSplit split) {
        return of(name, model, split, DEFAULT_LAST_BUCKET, false);
    }

    /**
     * Validates a model on a holdout split.
     *
     * @param name label of the model in results, e.g. {@code pareto-nbd}
     * @param model the model, in the split's time unit
     * @param split calibration histories and holdout actuals
     * @param lastBucket last frequency bucket {@code k >= 1} (bucket {@code k} holds {@code x >= k})
     * @param keepPredictions whether the result keeps the per-customer predictions
     * @throws ChurnkitException naming the customer whose prediction cannot be computed
     * @return the validation
     */
    public static HoldoutResult of(String name, TransactionPredictor model, HoldoutSplit split, int lastBucket,
                                   boolean keepPredictions) {
        if (lastBucket < 1) {
            throw new IllegalArgumentException("the last frequency bucket must be >= 1, got " + lastBucket);
        }
        double[] predicted = predict(model, split);
        Histories h = split.calibration();
        double[] actual = split.holdoutFrequencyArray();
        int n = split.size();
        if (n == 0) {
            throw new ChurnkitException("holdout validation needs at least one customer");
        }
        double abs = 0;
        double sq = 0;
        double sp = 0;
        double sa = 0;
        for (int i = 0; i < n; i++) {
            double e = predicted[i] - actual[i];
            abs += Math.abs(e);
            sq += e * e;
            sp += predicted[i];
            sa += actual[i];
        }
        double[] x = h.frequencies();
        FrequencyHistogram histogram = FrequencyHistogram.of(model, x, split.distinctAges(), lastBucket);
        ConditionalExpectations conditional = ConditionalExpectations.of(x, actual, predicted, lastBucket);
        Tracking tracking = split.hasCalendar() ? tracking(model, split) : null;
        return new HoldoutResult(name, n, abs / n, Math.sqrt(sq / n), sp, sa, histogram, conditional, tracking,
                keepPredictions ? predicted : null);
    }

    /**
     * Per-customer predicted holdout repeat transactions, in parallel; a {@link RowAwareModel}
     * must have been built on the split's calibration histories.
     *
     * @param model the model
     * @param split calibration histories and holdout durations
     * @return one prediction per customer
     */
    public static double[] predict(TransactionPredictor model, HoldoutSplit split) {
        Histories h = split.calibration();
        double[] dur = split.holdoutDurationArray();
        double g = split.gap();
        if (model instanceof RowAwareModel r && !r.covers(h)) {
            throw new ChurnkitException("model " + model + " was built on other calibration histories"
                    + " than the split's; it cannot predict for these customers");
        }
        if (g > 0) {
            // E(T, T+g+d) - E(T, T+g): the expectation over the holdout after the gap.
            return Parallel.map(h, i -> model.expectedTransactionsOfRow(h, i, g + dur[i])
                    - model.expectedTransactionsOfRow(h, i, g), "expected holdout transactions");
        }
        return Parallel.map(h, i -> model.expectedTransactionsOfRow(h, i, dur[i]), "expected holdout transactions");
    }

    /**
     * Tracking on the grid {@code floor(min birth) + j}, up to the end of the longest holdout
     * ({@code calibrationEnd + max T*}, rounded up to a whole period).
     */
    static Tracking tracking(TransactionPredictor model, HoldoutSplit split) {
        double[] birth = split.birthArray();
        double minBirth = Double.POSITIVE_INFINITY;
        for (double b : birth) {
            minBirth = Math.min(minBirth, b);
        }
        double maxDur = 0;
        for (double d : split.holdoutDurationArray()) {
            maxDur = Math.max(maxDur, d);
        }
        double start = Math.floor(minBirth);
        // 1e-9 keeps an end that is a whole number of periods up to rounding from adding a period.
        int periods = (int) Math.ceil(split.calibrationEnd() + split.gap() + maxDur - start - 1e-9);
        return Tracking.of(model, split.distinctBirths(), split.sortedRepeatTimes(), start, Math.max(1, periods),
                split.calibrationEnd());
    }
}
