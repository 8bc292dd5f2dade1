package org.churnkit.report;

import org.churnkit.ChurnkitException;

/**
 * Repeat transactions per period, actual and predicted by the model, for the tracking plot. The
 * report draws their running totals (cumulative repeat transactions), the standard check of a BTYD
 * model against a holdout period (Fader, Hardie, Lee 2005, "Counting your customers the easy way",
 * Figure 2).
 *
 * @param period period end times, increasing (e.g. week numbers)
 * @param actual actual repeat transactions in each period, finite and &ge; 0
 * @param predicted predicted repeat transactions in each period, finite and &ge; 0
 * @param calibrationEnd time at which the calibration period ends and the holdout begins; NaN when unknown
 */
public record Tracking(double[] period, double[] actual, double[] predicted, double calibrationEnd) {

    /**
     * Checks the series.
     *
     * @throws ChurnkitException when the lengths differ or are 0, periods are not finite and increasing,
     *     or a count is negative or not finite
     */
    public Tracking {
        if (period.length == 0 || actual.length != period.length || predicted.length != period.length) {
            throw new ChurnkitException("tracking data: " + period.length + " periods, " + actual.length + " actual and "
                    + predicted.length + " predicted values; expected the same positive number of each");
        }
        for (int i = 0; i < period.length; i++) {
            if (!Double.isFinite(period[i]) || (i > 0 && period[i] <= period[i - 1])) {
                throw new ChurnkitException("tracking data: period " + (i + 1) + " is " + period[i]
                        + "; periods must be finite and increasing");
            }
            if (!Double.isFinite(actual[i]) || actual[i] < 0 || !Double.isFinite(predicted[i]) || predicted[i] < 0) {
                throw new ChurnkitException("tracking data: period " + period[i] + " has actual " + actual[i]
                        + " and predicted " + predicted[i] + "; expected finite counts >= 0");
            }
        }
        period = period.clone();
        actual = actual.clone();
        predicted = predicted.clone();
    }

    /** Running total of {@code v}. */
    static double[] cumulative(double[] v) {
        double[] out = new double[v.length];
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i];
            out[i] = s;
        }
        return out;
    }
}
