package org.churnkit.evaluation;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;
import org.churnkit.model.TransactionModel;

/**
 * Per-period tracking of the cohort's repeat transactions over calibration and holdout, on a
 * calendar grid {@code u_j = start + j} ({@code j = 1..P}, one time unit apart):
 * <pre>
 *   predicted cumulative  C(u) = sum_i E[X(u - b_i)]   over customers with birth b_i &lt; u
 *   actual cumulative     A(u) = number of repeat transactions at calendar time &lt;= u
 * </pre>
 * with the model's unconditional expectation {@code E[X(t)]} of a new customer (Fader, Hardie and
 * Lee 2005, figure 3). Incremental values are the differences between consecutive cumulative values
 * (the first against 0). Customers sharing a birth are evaluated once. Immutable.
 *
 * <p>Period {@code j} is {@code (u_{j-1}, u_j]}. For day-stamped data counted in calendar weeks as
 * the BTYD literature does (week {@code j} = days {@code 7(j-1) .. 7j-1}, day 0 the cohort start),
 * pass births as {@code d/7} and repeat transaction times as {@code (d + 0.5)/7}, so that a day's
 * transactions fall inside their week; on CDNOW this reproduces the published weekly cumulative
 * repeat transactions exactly, and the predicted curve at the published Pareto/NBD estimates gives
 * 4,276 at week 78 as the peers do.
 */
public final class Tracking {
    private final double[] time;
    private final double[] predictedCumulative;
    private final double[] actualCumulative;
    private final double calibrationEnd;

    private Tracking(double[] time, double[] predicted, double[] actual, double calibrationEnd) {
        this.time = time;
        this.predictedCumulative = predicted;
        this.actualCumulative = actual;
        this.calibrationEnd = calibrationEnd;
    }

    /**
     * Tracks a model against the cohort's actual repeat transactions.
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
    public static Tracking of(TransactionModel model, double[] birth, double[] repeatTimes,
                              double start, int periods, double calibrationEnd) {
        double[] times = repeatTimes.clone();
        Arrays.parallelSort(times);
        return of(model, Distinct.of(birth), times, start, periods, calibrationEnd);
    }

    /** As above with births already grouped and repeat times already sorted. */
    static Tracking of(TransactionModel model, Distinct births, double[] times,
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
                        throw new NotComputableException(null, "cannot compute E[X(" + (u[j] - b) + ")] for customers born at "
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
        return new Tracking(u, predicted, actual, calibrationEnd);
    }

    /**
     * Number of periods.
     *
     * @return P
     */
    public int periods() {
        return time.length;
    }

    /**
     * End of each period on the calendar axis (a copy).
     *
     * @return one time per period
     */
    public double[] time() {
        return time.clone();
    }

    /**
     * Predicted cumulative repeat transactions C(u) at each period end (a copy).
     *
     * @return one value per period
     */
    public double[] predictedCumulative() {
        return predictedCumulative.clone();
    }

    /**
     * Actual cumulative repeat transactions A(u) at each period end (a copy).
     *
     * @return one value per period
     */
    public double[] actualCumulative() {
        return actualCumulative.clone();
    }

    /**
     * Predicted repeat transactions in each period.
     *
     * @return one value per period
     */
    public double[] predictedIncremental() {
        return differences(predictedCumulative);
    }

    /**
     * Actual repeat transactions in each period.
     *
     * @return one value per period
     */
    public double[] actualIncremental() {
        return differences(actualCumulative);
    }

    /**
     * Calibration end on the calendar axis; NaN when not given.
     *
     * @return the calibration end, or NaN
     */
    public double calibrationEnd() {
        return calibrationEnd;
    }

    private static double[] differences(double[] c) {
        double[] d = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            d[j] = j == 0 ? c[0] : c[j] - c[j - 1];
        }
        return d;
    }

    @Override
    public String toString() {
        int last = time.length - 1;
        return "Tracking[" + time.length + " periods, at " + time[last] + ": predicted " + predictedCumulative[last]
                + ", actual " + actualCumulative[last] + "]";
    }
}
