package org.churnkit.evaluation;

import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.model.Histories;

/**
 * Builds the {@link HoldoutSplit} of each planned origin from one transaction log on primitive
 * arrays, so that a backtest's data function is {@code origin -> splits.at(origin, window)}. The log
 * is grouped by customer and in time order within a customer, times in model units on one calendar
 * axis, one row per transaction (merge same-day purchases first if the models expect it); a
 * customer's first transaction is their birth and the rest are repeat transactions.
 *
 * <p>At origin {@code c} with calibration window {@code [s, c]} and test window
 * {@code (c + g, c + g + H]}:
 * <ul>
 *   <li>customers: those born in {@code [s, c)} (under a sliding window, the customers acquired in
 *       the window, so that every history starts at a known birth as the models assume);</li>
 *   <li>calibration: {@code x} = repeat transactions at times {@code <= c}, {@code t_x} = time of the
 *       last minus birth (0 when {@code x = 0}), {@code T = c - birth};</li>
 *   <li>holdout: repeat transactions in {@code (c + g, c + g + H]}, duration {@code H}, gap {@code g};</li>
 *   <li>recent activity: repeat transactions in {@code (c - w, c]};</li>
 *   <li>calendar: births and every repeat transaction up to {@code c + g + H} of those customers.</li>
 * </ul>
 * Nothing after the test window is read. Immutable; the arrays are copied in.
 */
public final class OriginSplits {
    private final int[] offset;
    private final double[] time;
    private final String[] ids;

    private OriginSplits(int[] offset, double[] time, String[] ids) {
        this.offset = offset;
        this.time = time;
        this.ids = ids;
    }

    /**
     * @param customer customer index of each transaction, non-decreasing, from 0 with no gaps
     * @param time time of each transaction, finite, non-decreasing within a customer
     * @param ids customer ids by index for messages, or {@code null}
     * @throws ChurnkitException naming the first row out of order or not finite
     */
    public static OriginSplits of(int[] customer, double[] time, String[] ids) {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(time, "time");
        if (customer.length != time.length) {
            throw new IllegalArgumentException("customer and time columns differ in length");
        }
        int n = customer.length == 0 ? 0 : customer[customer.length - 1] + 1;
        int[] offset = new int[n + 1];
        for (int i = 0; i < customer.length; i++) {
            if (!Double.isFinite(time[i])) {
                throw new ChurnkitException("transaction at row " + i + " has time " + time[i]);
            }
            if (i == 0 ? customer[0] != 0 : customer[i] != customer[i - 1] && customer[i] != customer[i - 1] + 1) {
                throw new ChurnkitException("transaction at row " + i + " has customer index " + customer[i]
                        + ": expected the log grouped by customer with indices 0, 1, 2, ... in order");
            }
            if (i > 0 && customer[i] == customer[i - 1] && time[i] < time[i - 1]) {
                throw new ChurnkitException("transaction at row " + i + " (customer " + customer[i] + ") at time "
                        + time[i] + " comes before the previous one at " + time[i - 1]
                        + ": expected time order within a customer");
            }
            offset[customer[i] + 1] = i + 1;
        }
        if (ids != null && ids.length != n) {
            throw new IllegalArgumentException("ids has " + ids.length + " entries for " + n + " customers");
        }
        return new OriginSplits(offset, time.clone(), ids == null ? null : ids.clone());
    }

    /** Number of customers in the log. */
    public int customers() {
        return offset.length - 1;
    }

    /**
     * The split at a planned origin.
     *
     * @param o the origin (calibration window and test window)
     * @param recentWindow length {@code w > 0} of the last calibration period for {@link LastPeriodRate}
     * @throws ChurnkitException if no customer was born in the calibration window
     */
    public HoldoutSplit at(OriginPlan.PlannedOrigin o, double recentWindow) {
        double c = o.origin();
        double start = o.trainStart();
        double testStart = o.testStart();
        double testEnd = o.testEnd();
        int n = customers();
        int m = 0;
        int repeats = 0;
        for (int k = 0; k < n; k++) {
            double b = time[offset[k]];
            if (b >= start && b < c) {
                m++;
                for (int j = offset[k] + 1; j < offset[k + 1] && time[j] <= testEnd; j++) {
                    repeats++;
                }
            }
        }
        if (m == 0) {
            throw new ChurnkitException("no customer was born in the calibration window [" + start + ", " + c + ")");
        }
        double[] x = new double[m];
        double[] tx = new double[m];
        double[] age = new double[m];
        double[] hold = new double[m];
        double[] recent = new double[m];
        double[] birth = new double[m];
        double[] cal = new double[repeats];
        String[] who = ids == null ? null : new String[m];
        int i = 0;
        int r = 0;
        for (int k = 0; k < n; k++) {
            double b = time[offset[k]];
            if (!(b >= start && b < c)) {
                continue;
            }
            birth[i] = b;
            age[i] = c - b;
            if (who != null) {
                who[i] = ids[k];
            }
            for (int j = offset[k] + 1; j < offset[k + 1]; j++) {
                double t = time[j];
                if (t > testEnd) {
                    break;
                }
                cal[r++] = t;
                if (t <= c) {
                    x[i]++;
                    tx[i] = t - b;
                    if (t > c - recentWindow) {
                        recent[i]++;
                    }
                } else if (t > testStart) {
                    hold[i]++;
                }
            }
            i++;
        }
        Histories h = Histories.of(x, tx, age, null, null, who);
        return HoldoutSplit.of(h, hold, o.horizon()).withGap(testStart - c).withRecentActivity(recentWindow, recent)
                .withCalendar(birth, cal, c);
    }
}
