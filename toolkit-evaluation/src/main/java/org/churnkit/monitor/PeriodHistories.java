package org.churnkit.monitor;

import java.util.Arrays;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TransactionLog;

/**
 * Every customer's merged purchase periods, built once, from which the calibration summary at any
 * cut and the holdout counts after it come by binary search: what {@link Summarizer#split} computes
 * at each period start, without re-reading the log every period. The rules are the summariser's:
 * rows kept by {@link Summarizer#transactionRows}, transactions of one merge period merged with
 * their amounts summed, only a positive period sum counting as spend; times between period starts.
 * Only the rules it implements are accepted ({@link #supports}); the others go through the
 * summariser. Tested equal to {@link Summarizer#split}.
 */
final class PeriodHistories {
    final int customers;
    /** Customer c's merged periods are {@code period[offset[c] .. offset[c+1])}, ascending. */
    final int[] offset;
    final long[] period;
    /** Summed amount of each merged period (NaN when no amount was known). */
    final double[] sum;
    final MergePeriod merge;
    final double perUnit;

    private PeriodHistories(int customers, int[] offset, long[] period, double[] sum, MergePeriod merge,
                            double perUnit) {
        this.customers = customers;
        this.offset = offset;
        this.period = period;
        this.sum = sum;
        this.merge = merge;
        this.perUnit = perUnit;
    }

    /** Whether the fast path reproduces the summariser for these options. */
    static boolean supports(SummaryOptions o) {
        return o.cohortFrom() == null && o.cohortTo() == null
                && o.duplicates() != SummaryOptions.Duplicates.DROP
                && o.negativeAmounts() == SummaryOptions.NegativeAmounts.DROP;
    }

    static PeriodHistories of(TransactionLog log, SummaryOptions o) {
        MergePeriod merge = o.merge();
        var keep = Summarizer.transactionRows(log, o);
        int n = log.size();
        int k = log.customerCount();
        int[] count = new int[k + 1];
        for (int r = 0; r < n; r++) {
            if (keep.test(r)) {
                count[log.customerCode(r) + 1]++;
            }
        }
        for (int c = 0; c < k; c++) {
            count[c + 1] += count[c];
        }
        int[] fill = Arrays.copyOf(count, k);
        long[] p = new long[count[k]];
        double[] a = new double[count[k]];
        boolean amounts = log.hasAmounts();
        for (int r = 0; r < n; r++) {
            if (keep.test(r)) {
                int c = log.customerCode(r);
                int at = fill[c]++;
                p[at] = merge.periodOf(log.time(r));
                a[at] = amounts ? log.amount(r) : Double.NaN;
            }
        }
        // sort each customer's rows by period (amounts along), then merge equal periods
        int[] offset = new int[k + 1];
        long[] mp = new long[p.length];
        double[] ms = new double[p.length];
        int m = 0;
        for (int c = 0; c < k; c++) {
            offset[c] = m;
            int from = count[c];
            int to = count[c + 1];
            sortByPeriod(p, a, from, to);
            for (int i = from; i < to; ) {
                int j = i;
                double s = 0;
                boolean known = false;
                while (j < to && p[j] == p[i]) {
                    if (a[j] == a[j]) {
                        s += a[j];
                        known = true;
                    }
                    j++;
                }
                mp[m] = p[i];
                ms[m] = known ? s : Double.NaN;
                m++;
                i = j;
            }
        }
        offset[k] = m;
        return new PeriodHistories(k, offset, Arrays.copyOf(mp, m), Arrays.copyOf(ms, m), merge,
                (double) merge.seconds() / o.unit().seconds());
    }

    private static void sortByPeriod(long[] p, double[] a, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (p[i] < p[i - 1]) {
                // out of order (rare: logs are mostly in time order): insertion sort of the customer's rows
                for (int x = from + 1; x < to; x++) {
                    long kp = p[x];
                    double ka = a[x];
                    int y = x - 1;
                    while (y >= from && p[y] > kp) {
                        p[y + 1] = p[y];
                        a[y + 1] = a[y];
                        y--;
                    }
                    p[y + 1] = kp;
                    a[y + 1] = ka;
                }
                return;
            }
        }
    }

    /** Index of the first merged period of customer c after {@code cutP} (binary search). */
    int firstAfter(int c, long cutP) {
        int lo = offset[c];
        int hi = offset[c + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (period[mid] <= cutP) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
