package org.churnkit.evaluation;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.model.Histories;
import org.churnkit.model.Tracking;
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
        return tracking(model, split.distinctBirths(), split.sortedRepeatTimes(), start, Math.max(1, periods),
                split.calibrationEnd());
    }

    /**
     * Tracks a model against the cohort's actual repeat transactions: per-period tracking of the
     * cohort's repeat transactions over calibration and holdout, on a calendar grid
     * {@code u_j = start + j} ({@code j = 1..P}, one time unit apart):
     * <pre>
     *   predicted cumulative  C(u) = sum_i E[X(u - b_i)]   over customers with birth b_i &lt; u
     *   actual cumulative     A(u) = number of repeat transactions at calendar time &lt;= u
     * </pre>
     * with the model's unconditional expectation {@code E[X(t)]} of a new customer (Fader, Hardie and
     * Lee 2005, figure 3). Incremental values are the differences between consecutive cumulative values
     * (the first against 0). Customers sharing a birth are evaluated once.
     *
     * <p>Period {@code j} is {@code (u_{j-1}, u_j]}. For day-stamped data counted in calendar weeks as
     * the BTYD literature does (week {@code j} = days {@code 7(j-1) .. 7j-1}, day 0 the cohort start),
     * pass births as {@code d/7} and repeat transaction times as {@code (d + 0.5)/7}, so that a day's
     * transactions fall inside their week; on CDNOW this reproduces the published weekly cumulative
     * repeat transactions exactly, and the predicted curve at the published Pareto/NBD estimates gives
     * 4,276 at week 78 as the peers do.
     *
     * @param model the model, in the same time unit as the calendar
     * @param birth time of each customer's first purchase on the calendar axis
     * @param repeatTimes times of all repeat transactions of the cohort on the same axis
     * @param start start of the grid (the first period ends at {@code start + 1})
     * @param periods number of periods {@code P >= 1}
     * @param calibrationEnd calibration end on the calendar axis (marks the charts), may be NaN
     * @throws ChurnkitException if the model's expectation is not finite at some age
     * @return the tracking series
     */
    public static Tracking tracking(TransactionPredictor model, double[] birth, double[] repeatTimes,
                                    double start, int periods, double calibrationEnd) {
        double[] times = repeatTimes.clone();
        Arrays.parallelSort(times);
        return tracking(model, Distinct.of(birth), times, start, periods, calibrationEnd);
    }

    /** As above with births already grouped and repeat times already sorted. */
    static Tracking tracking(TransactionPredictor model, Distinct births, double[] times,
                             double start, int periods, double calibrationEnd) {
        if (periods < 1) {
            throw new IllegalArgumentException("periods must be >= 1, got " + periods);
        }
        if (!Double.isFinite(start)) {
            throw new IllegalArgumentException("start must be finite, got " + start);
        }
        double[] u = new double[periods];
        for (int j = 0; j < periods; j++) {
            u[j] = start + (j + 1);
        }
        int m = births.size();
        double[][] contribution = new double[m][];
        IntStream.range(0, m).parallel().forEach(d -> {
            double b = births.values[d];
            double[] e = new double[periods];
            for (int j = 0; j < periods; j++) {
                if (u[j] > b) {
                    double v = model.expectedTransactions(u[j] - b);
                    if (!Double.isFinite(v)) {
                        throw new ChurnkitException("cannot compute E[X(" + (u[j] - b) + ")] for customers born at "
                                + b + ": the model returned " + v);
                    }
                    e[j] = births.counts[d] * v;
                }
            }
            contribution[d] = e;
        });
        double[] predicted = new double[periods];
        for (double[] e : contribution) {
            for (int j = 0; j < periods; j++) {
                predicted[j] += e[j];
            }
        }
        double[] actual = new double[periods];
        int pos = 0;
        for (int j = 0; j < periods; j++) {
            while (pos < times.length && times[pos] <= u[j]) {
                pos++;
            }
            actual[j] = pos;
        }
        return Tracking.ofCumulative(u, actual, predicted, calibrationEnd);
    }
}
