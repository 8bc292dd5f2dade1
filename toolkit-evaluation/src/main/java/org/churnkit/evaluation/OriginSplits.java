package org.churnkit.evaluation;

import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
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
     * Splits from transactions already grouped by customer.
     *
     * @param customer customer index of each transaction, non-decreasing, from 0 with no gaps
     * @param time time of each transaction, finite, non-decreasing within a customer
     * @param ids customer ids by index for messages, or {@code null}
     * @throws ChurnkitException naming the first row out of order or not finite
     * @return the splits
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

    /**
     * The splits of a transaction log as read by {@code TransactionReader}: rows in any order are
     * grouped by customer, put in time order, and a customer's transactions in the same
     * {@code merge} period become one (as {@code Summarizer} does), standing at the start of their
     * period. Times are in {@code unit}s since {@code epochSeconds} (wall-clock seconds), so an
     * origin given as a date is {@code (start of that day - epoch) / unit} and, with day merging,
     * the origin's own day belongs to the calibration period (the BTYD convention, where a customer
     * first seen on 1997-01-01 has {@code T = 38.86} weeks at 1997-09-30).
     *
     * <p>Linear in the log's size apart from sorting each customer's own transactions.
     *
     * @throws ChurnkitException if the log is empty
     * @param log the transactions
     * @param merge period within which a customer's transactions become one
     * @param unit time unit of the result
     * @param epochSeconds wall-clock second at which time 0 is
     * @return the splits
     */
    public static OriginSplits of(TransactionLog log, MergePeriod merge, TimeUnit unit, long epochSeconds) {
        return of(log, merge, unit, epochSeconds, r -> true);
    }

    /**
     * As {@link #of(TransactionLog, MergePeriod, TimeUnit, long)} over the rows that are
     * transactions: {@code transaction} says which (for the summaries' rules on zero and negative
     * amounts, {@code Summarizer.transactionRows}); a customer without any is left out.
     *
     * @throws ChurnkitException if the log is empty
     * @param log the transactions
     * @param merge period within which a customer's transactions become one
     * @param unit time unit of the result
     * @param epochSeconds wall-clock second at which time 0 is
     * @param transaction whether a row (index into the log) is a transaction
     * @return the splits
     */
    public static OriginSplits of(TransactionLog log, MergePeriod merge, TimeUnit unit, long epochSeconds,
                                  java.util.function.IntPredicate transaction) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(merge, "merge");
        Objects.requireNonNull(unit, "unit");
        int rows = log.size();
        int n = log.customerCount();
        if (rows == 0 || n == 0) {
            throw new ChurnkitException((log.source() == null ? "the log" : log.source().toString()) + " has no transactions");
        }
        // Counting sort by customer code, then each customer's period starts in order.
        int[] start = new int[n + 1];
        for (int r = 0; r < rows; r++) {
            if (transaction.test(r)) {
                start[log.customerCode(r) + 1]++;
            }
        }
        for (int k = 0; k < n; k++) {
            start[k + 1] += start[k];
        }
        int[] fill = java.util.Arrays.copyOf(start, n);
        long[] period = new long[rows];
        for (int r = 0; r < rows; r++) {
            if (transaction.test(r)) {
                period[fill[log.customerCode(r)]++] = merge.periodOf(log.time(r));
            }
        }
        int[] customer = new int[rows];
        double[] time = new double[rows];
        double perUnit = unit.seconds();
        int m = 0;
        int code = 0;
        String[] ids = new String[n];
        for (int k = 0; k < n; k++) {
            if (start[k + 1] == start[k]) {
                continue; // no transaction: every row dropped by the rules (or an unused dictionary entry)
            }
            java.util.Arrays.sort(period, start[k], start[k + 1]);
            ids[code] = log.customerId(k);
            for (int j = start[k]; j < start[k + 1]; j++) {
                if (j > start[k] && period[j] == period[j - 1]) {
                    continue;
                }
                customer[m] = code;
                time[m] = (merge.startOf(period[j]) - epochSeconds) / perUnit;
                m++;
            }
            code++;
        }
        return of(java.util.Arrays.copyOf(customer, m), java.util.Arrays.copyOf(time, m), java.util.Arrays.copyOf(ids, code));
    }

    /**
     * Number of customers in the log.
     *
     * @return the number of customers
     */
    public int customers() {
        return offset.length - 1;
    }

    /**
     * The split at a planned origin.
     *
     * @param o the origin (calibration window and test window)
     * @param recentWindow length {@code w > 0} of the last calibration period for {@link LastPeriodRate}
     * @throws ChurnkitException if no customer was born in the calibration window
     * @return the calibration histories and holdout counts at this origin
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
