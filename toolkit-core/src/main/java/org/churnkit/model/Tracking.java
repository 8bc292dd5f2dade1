package org.churnkit.model;

import java.util.Arrays;
import java.util.Objects;
import org.churnkit.ChurnkitException;

/**
 * A cohort's repeat transactions per period, actual and predicted by a model, over calibration and
 * holdout: the standard check of a BTYD model (Fader, Hardie and Lee 2005, "Counting your customers
 * the easy way", figures 2 and 3). Period {@code j} ends at {@code time[j]}; the series are kept
 * both per period (incremental) and as running totals (cumulative), whichever the data came as.
 * Holdout validation computes it from a model; the report draws it; the command line reads it from
 * a file. Immutable: factories and accessors copy.
 */
public final class Tracking {
    private final double[] time;
    private final double[] actualIncremental;
    private final double[] predictedIncremental;
    private final double[] actualCumulative;
    private final double[] predictedCumulative;
    private final double calibrationEnd;

    private Tracking(double[] time, double[] actualIncremental, double[] predictedIncremental,
                     double[] actualCumulative, double[] predictedCumulative, double calibrationEnd) {
        this.time = time;
        this.actualIncremental = actualIncremental;
        this.predictedIncremental = predictedIncremental;
        this.actualCumulative = actualCumulative;
        this.predictedCumulative = predictedCumulative;
        this.calibrationEnd = calibrationEnd;
    }

    /**
     * Tracking from counts per period.
     *
     * @param time period end times, finite and increasing (e.g. week numbers)
     * @param actual actual repeat transactions in each period, finite and {@code >= 0}
     * @param predicted predicted repeat transactions in each period, finite and {@code >= 0}
     * @param calibrationEnd time at which calibration ends and the holdout begins; NaN when unknown
     * @throws ChurnkitException when the lengths differ or are 0, periods are not finite and
     *     increasing, or a count is negative or not finite
     * @return the tracking series
     */
    public static Tracking of(double[] time, double[] actual, double[] predicted, double calibrationEnd) {
        check(time, actual, predicted);
        return new Tracking(time.clone(), actual.clone(), predicted.clone(), runningTotal(actual),
                runningTotal(predicted), calibrationEnd);
    }

    /**
     * Tracking from running totals at each period end.
     *
     * @param time period end times, finite and increasing
     * @param actualCumulative actual cumulative repeat transactions at each period end, non-decreasing
     * @param predictedCumulative predicted cumulative repeat transactions at each period end, non-decreasing
     * @param calibrationEnd time at which calibration ends and the holdout begins; NaN when unknown
     * @throws ChurnkitException when the lengths differ or are 0, periods are not finite and
     *     increasing, or a total is negative, not finite or decreasing
     * @return the tracking series
     */
    public static Tracking ofCumulative(double[] time, double[] actualCumulative, double[] predictedCumulative,
                                        double calibrationEnd) {
        double[] actual = differences(actualCumulative);
        double[] predicted = differences(predictedCumulative);
        check(time, actual, predicted);
        return new Tracking(time.clone(), actual, predicted, actualCumulative.clone(), predictedCumulative.clone(),
                calibrationEnd);
    }

    private static void check(double[] time, double[] actual, double[] predicted) {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(predicted, "predicted");
        if (time.length == 0 || actual.length != time.length || predicted.length != time.length) {
            throw new ChurnkitException("tracking data: " + time.length + " periods, " + actual.length + " actual and "
                    + predicted.length + " predicted values; expected the same positive number of each");
        }
        for (int i = 0; i < time.length; i++) {
            if (!Double.isFinite(time[i]) || (i > 0 && time[i] <= time[i - 1])) {
                throw new ChurnkitException("tracking data: period " + (i + 1) + " is " + time[i]
                        + "; periods must be finite and increasing");
            }
            if (!Double.isFinite(actual[i]) || actual[i] < 0 || !Double.isFinite(predicted[i]) || predicted[i] < 0) {
                throw new ChurnkitException("tracking data: period " + time[i] + " has actual " + actual[i]
                        + " and predicted " + predicted[i] + "; expected finite counts >= 0");
            }
        }
    }

    private static double[] runningTotal(double[] v) {
        double[] out = new double[v.length];
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i];
            out[i] = s;
        }
        return out;
    }

    private static double[] differences(double[] c) {
        double[] d = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            d[j] = j == 0 ? c[0] : c[j] - c[j - 1];
        }
        return d;
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
     * End of each period (a copy).
     *
     * @return one time per period
     */
    public double[] time() {
        return time.clone();
    }

    /**
     * Actual repeat transactions in each period (a copy).
     *
     * @return one value per period
     */
    public double[] actualIncremental() {
        return actualIncremental.clone();
    }

    /**
     * Predicted repeat transactions in each period (a copy).
     *
     * @return one value per period
     */
    public double[] predictedIncremental() {
        return predictedIncremental.clone();
    }

    /**
     * Actual cumulative repeat transactions at each period end (a copy).
     *
     * @return one value per period
     */
    public double[] actualCumulative() {
        return actualCumulative.clone();
    }

    /**
     * Predicted cumulative repeat transactions at each period end (a copy).
     *
     * @return one value per period
     */
    public double[] predictedCumulative() {
        return predictedCumulative.clone();
    }

    /**
     * Time at which calibration ends and the holdout begins; NaN when not given.
     *
     * @return the calibration end, or NaN
     */
    public double calibrationEnd() {
        return calibrationEnd;
    }

    /** Equal when every series and the calibration end are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tracking t && Arrays.equals(time, t.time)
                && Arrays.equals(actualCumulative, t.actualCumulative)
                && Arrays.equals(predictedCumulative, t.predictedCumulative)
                && Arrays.equals(actualIncremental, t.actualIncremental)
                && Arrays.equals(predictedIncremental, t.predictedIncremental)
                && Double.compare(calibrationEnd, t.calibrationEnd) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(time), Arrays.hashCode(actualCumulative),
                Arrays.hashCode(predictedCumulative), Double.hashCode(calibrationEnd));
    }

    @Override
    public String toString() {
        int last = time.length - 1;
        return "Tracking[" + time.length + " periods, at " + time[last] + ": predicted " + predictedCumulative[last]
                + ", actual " + actualCumulative[last] + "]";
    }
}
