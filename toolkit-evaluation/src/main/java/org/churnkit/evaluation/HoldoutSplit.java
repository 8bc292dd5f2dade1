package org.churnkit.evaluation;

import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.model.Histories;

/**
 * A calibration/holdout split on primitive arrays, one row per customer: the calibration histories
 * {@code (x, t_x, T)}, each customer's repeat transactions in the holdout {@code x*} and the
 * holdout's length {@code T*} (the lifetimes {@code calibration_and_holdout_data} layout), plus two
 * optional extras (and an optional gap before the holdout, {@link #withGap}):
 * <ul>
 *   <li>recent activity: each customer's repeat transactions in the last {@code window} time units
 *       of calibration, for the {@link LastPeriodRate} baseline;</li>
 *   <li>calendar: each customer's birth (time of the first purchase) and the times of every repeat
 *       transaction of the cohort, in model units on one calendar axis, with the calibration end, for
 *       the cumulative tracking chart.</li>
 * </ul>
 * Immutable: arrays are copied in and out. Rows must be unweighted, since holdout counts belong to
 * single customers (a compressed row would need one count per customer it stands for).
 */
public final class HoldoutSplit {
    private final Histories calibration;
    private final double[] holdoutFrequency;
    private final double[] holdoutDuration;
    private final double recentWindow;
    private final double[] recentRepeat;
    private final double[] birth;
    private final double[] repeatTimes;
    private final double calibrationEnd;
    private final double gap;

    private HoldoutSplit(Histories calibration, double[] holdoutFrequency, double[] holdoutDuration,
                         double recentWindow, double[] recentRepeat,
                         double[] birth, double[] repeatTimes, double calibrationEnd, double gap) {
        this.calibration = calibration;
        this.holdoutFrequency = holdoutFrequency;
        this.holdoutDuration = holdoutDuration;
        this.recentWindow = recentWindow;
        this.recentRepeat = recentRepeat;
        this.birth = birth;
        this.repeatTimes = repeatTimes;
        this.calibrationEnd = calibrationEnd;
        this.gap = gap;
    }

    /**
     * A split where each customer's holdout has its own length.
     *
     * @param calibration calibration histories, unweighted (or all weights 1)
     * @param holdoutFrequency repeat transactions of each customer in the holdout, whole and {@code >= 0}
     * @param holdoutDuration length of each customer's holdout in model units, {@code > 0} and finite
     * @throws IllegalArgumentException if the lengths differ
     * @throws ChurnkitException naming the first customer with an invalid value
     * @return the split
     */
    public static HoldoutSplit of(Histories calibration, double[] holdoutFrequency, double[] holdoutDuration) {
        Objects.requireNonNull(calibration, "calibration");
        int n = calibration.size();
        if (holdoutFrequency.length != n || holdoutDuration.length != n) {
            throw new IllegalArgumentException("holdout columns have " + holdoutFrequency.length + " and "
                    + holdoutDuration.length + " rows, the calibration histories " + n);
        }
        for (int i = 0; i < n; i++) {
            if (calibration.weight(i) != 1.0) {
                throw new ChurnkitException("holdout validation needs one row per customer, but "
                        + calibration.describe(i) + " has weight " + calibration.weight(i));
            }
            double f = holdoutFrequency[i];
            if (!(f >= 0) || f != Math.rint(f) || Double.isInfinite(f)) {
                throw new ChurnkitException("invalid holdout frequency " + f + " for " + calibration.describe(i)
                        + ": expected a non-negative whole number");
            }
            double d = holdoutDuration[i];
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new ChurnkitException("invalid holdout duration " + d + " for " + calibration.describe(i)
                        + ": expected a positive finite length");
            }
        }
        return new HoldoutSplit(calibration, holdoutFrequency.clone(), holdoutDuration.clone(),
                Double.NaN, null, null, null, Double.NaN, 0.0);
    }

    /**
     * Same split where every customer's holdout has the same length.
     *
     * @param calibration calibration histories, unweighted (or all weights 1)
     * @param holdoutFrequency repeat transactions of each customer in the holdout, whole and {@code >= 0}
     * @param holdoutDuration length of every holdout in model units, {@code > 0} and finite
     * @return the split
     */
    public static HoldoutSplit of(Histories calibration, double[] holdoutFrequency, double holdoutDuration) {
        double[] d = new double[calibration.size()];
        java.util.Arrays.fill(d, holdoutDuration);
        return of(calibration, holdoutFrequency, d);
    }

    /**
     * Adds recent activity: repeat transactions of each customer in {@code (T - window, T]}.
     *
     * @throws ChurnkitException if a count is not a whole number in {@code [0, x]}
     * @param window length of the recent window in model units, {@code > 0}
     * @param recentRepeatTransactions repeat transactions per customer in the window
     * @return a copy with the recent activity
     */
    public HoldoutSplit withRecentActivity(double window, double[] recentRepeatTransactions) {
        if (!(window > 0) || Double.isInfinite(window)) {
            throw new IllegalArgumentException("recent window must be positive and finite, got " + window);
        }
        int n = calibration.size();
        if (recentRepeatTransactions.length != n) {
            throw new IllegalArgumentException("recent activity has " + recentRepeatTransactions.length
                    + " rows, the calibration histories " + n);
        }
        for (int i = 0; i < n; i++) {
            double r = recentRepeatTransactions[i];
            if (!(r >= 0) || r != Math.rint(r) || r > calibration.frequency(i)) {
                throw new ChurnkitException("invalid recent repeat transactions " + r + " for "
                        + calibration.describe(i) + ": expected a whole number between 0 and x");
            }
        }
        return new HoldoutSplit(calibration, holdoutFrequency, holdoutDuration, window,
                recentRepeatTransactions.clone(), birth, repeatTimes, calibrationEnd, gap);
    }

    /**
     * Adds the calendar for tracking: birth of each customer and the times of all repeat
     * transactions of the cohort (calibration and holdout, any order), on one axis in model units.
     *
     * @throws ChurnkitException if a birth or a transaction time is not finite, or a birth is after
     *     the calibration end
     * @param customerBirth time of each customer's first transaction
     * @param cohortRepeatTimes times of all repeat transactions of the cohort
     * @param calibrationEndTime calibration end on the same axis
     * @return a copy with the calendar
     */
    public HoldoutSplit withCalendar(double[] customerBirth, double[] cohortRepeatTimes, double calibrationEndTime) {
        int n = calibration.size();
        if (customerBirth.length != n) {
            throw new IllegalArgumentException("births have " + customerBirth.length + " rows, the calibration histories " + n);
        }
        if (!Double.isFinite(calibrationEndTime)) {
            throw new IllegalArgumentException("calibration end must be finite, got " + calibrationEndTime);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(customerBirth[i]) || customerBirth[i] > calibrationEndTime) {
                throw new ChurnkitException("invalid birth " + customerBirth[i] + " for " + calibration.describe(i)
                        + ": expected a finite time not after the calibration end " + calibrationEndTime);
            }
        }
        for (int j = 0; j < cohortRepeatTimes.length; j++) {
            if (!Double.isFinite(cohortRepeatTimes[j])) {
                throw new ChurnkitException("repeat transaction " + j + " has non-finite time " + cohortRepeatTimes[j]);
            }
        }
        return new HoldoutSplit(calibration, holdoutFrequency, holdoutDuration, recentWindow, recentRepeat,
                customerBirth.clone(), cohortRepeatTimes.clone(), calibrationEndTime, gap);
    }

    /**
     * Same split with a gap {@code g} between the calibration end and the holdout: each customer's
     * holdout is {@code (T + g, T + g + T*]}, predicted as {@code E(T, T+g+T*) - E(T, T+g)}.
     *
     * @param holdoutGap the gap g in model units, {@code >= 0}
     * @return a copy with the gap
     */
    public HoldoutSplit withGap(double holdoutGap) {
        if (!(holdoutGap >= 0) || Double.isInfinite(holdoutGap)) {
            throw new IllegalArgumentException("gap must be finite and >= 0, got " + holdoutGap);
        }
        return new HoldoutSplit(calibration, holdoutFrequency, holdoutDuration, recentWindow, recentRepeat, birth,
                repeatTimes, calibrationEnd, holdoutGap);
    }

    /**
     * Time between the calibration end and the start of the holdout (0 unless set).
     *
     * @return the gap in model units
     */
    public double gap() {
        return gap;
    }

    /**
     * Calibration histories.
     *
     * @return the histories
     */
    public Histories calibration() {
        return calibration;
    }

    /**
     * Number of customers.
     *
     * @return the number of customers
     */
    public int size() {
        return calibration.size();
    }

    /**
     * Repeat transactions of customer i in the holdout.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return the holdout count
     */
    public double holdoutFrequency(int i) {
        return holdoutFrequency[i];
    }

    /**
     * Length of customer i's holdout in model units.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return the holdout duration
     */
    public double holdoutDuration(int i) {
        return holdoutDuration[i];
    }

    /**
     * Copies of the columns.
     *
     * @return a copy of the holdout counts
     */
    public double[] holdoutFrequencies() {
        return holdoutFrequency.clone();
    }

    /**
     * Copy of the holdout durations.
     *
     * @return a copy of the holdout durations
     */
    public double[] holdoutDurations() {
        return holdoutDuration.clone();
    }

    /**
     * Whether recent activity was added.
     *
     * @return true after {@link #withRecentActivity}
     */
    public boolean hasRecentActivity() {
        return recentRepeat != null;
    }

    /**
     * Length of the recent window; NaN when absent.
     *
     * @return the window, or NaN
     */
    public double recentWindow() {
        return recentWindow;
    }

    /**
     * Repeat transactions per customer in the recent window (a copy), or {@code null}.
     *
     * @return the counts, or {@code null}
     */
    public double[] recentRepeatTransactions() {
        return recentRepeat == null ? null : recentRepeat.clone();
    }

    /**
     * Whether the calendar was added.
     *
     * @return true after {@link #withCalendar}
     */
    public boolean hasCalendar() {
        return birth != null;
    }

    /**
     * Birth of each customer on the calendar axis (a copy), or {@code null}.
     *
     * @return the births, or {@code null}
     */
    public double[] births() {
        return birth == null ? null : birth.clone();
    }

    /**
     * Times of the cohort's repeat transactions (a copy), or {@code null}.
     *
     * @return the times, or {@code null}
     */
    public double[] repeatTimes() {
        return repeatTimes == null ? null : repeatTimes.clone();
    }

    /**
     * Calibration end on the calendar axis; NaN when absent.
     *
     * @return the calibration end, or NaN
     */
    public double calibrationEnd() {
        return calibrationEnd;
    }

    // Derived once per split and shared by every model validated on it (a backtest runs several).
    private volatile Distinct distinctAges;
    private volatile Distinct distinctBirths;
    private volatile double[] sortedRepeatTimes;

    Distinct distinctAges() {
        Distinct d = distinctAges;
        if (d == null) {
            d = Distinct.of(calibration.ages());
            distinctAges = d;
        }
        return d;
    }

    Distinct distinctBirths() {
        Distinct d = distinctBirths;
        if (d == null) {
            d = Distinct.of(birth);
            distinctBirths = d;
        }
        return d;
    }

    double[] sortedRepeatTimes() {
        double[] t = sortedRepeatTimes;
        if (t == null) {
            t = repeatTimes.clone();
            java.util.Arrays.parallelSort(t);
            sortedRepeatTimes = t;
        }
        return t;
    }

    // Package access to the arrays for the hot paths (never modified).
    double[] holdoutFrequencyArray() {
        return holdoutFrequency;
    }

    double[] holdoutDurationArray() {
        return holdoutDuration;
    }

    double[] recentArray() {
        return recentRepeat;
    }

    double[] birthArray() {
        return birth;
    }

    double[] repeatTimesArray() {
        return repeatTimes;
    }

    @Override
    public String toString() {
        return "HoldoutSplit[" + size() + " customers" + (hasRecentActivity() ? ", recent window " + recentWindow : "")
                + (hasCalendar() ? ", calendar to " + calibrationEnd : "") + "]";
    }
}
