package org.churnkit.data;

import java.time.LocalDate;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;

/**
 * Turns a {@link TransactionLog} into per-customer summaries ({@link #summarize}) or a
 * calibration/holdout split ({@link #split}), the way lifetimes'
 * {@code summary_data_from_transaction_data} / {@code calibration_and_holdout_data} and CLVTools'
 * {@code clvdata(..., estimation.split)} do.
 *
 * <p>Method: each row's time is mapped to its merge period ({@link MergePeriod#periodOf}); rows are
 * grouped by customer with a counting sort (O(n), stable, so a log already in time order needs no
 * further sorting), each customer's periods sorted only when out of order, equal periods merged
 * (amounts summed), then one pass computes x, t_x, T and the means. Time and memory are linear:
 * two primitive arrays of the log's length besides the log itself.
 *
 * <p>Times are measured between period starts: with daily merging, a customer who bought on
 * 1997-01-01 and 1997-08-01 has t_x = 212 days, and at an observation end of 1997-09-30 (the whole
 * day), T = 272 days, as in BTYD and lifetimes.
 */
public final class Summarizer {
    private Summarizer() {}

    /**
     * Summarises every customer up to the observation end.
     *
     * @throws BadInputException when a transaction is after the observation end (unless dropping)
     * @throws ChurnkitException when no customer is left
     * @param log the transactions
     * @param options unit, merge period, end, cohort
     * @return one summary per customer
     */
    public static CustomerSummaries summarize(TransactionLog log, SummaryOptions options) {
        return run(log, options, null, defaultParts(log.size()));
    }

    /** As {@link #summarize}, in {@code parts} parallel parts (for tests). */
    static CustomerSummaries summarize(TransactionLog log, SummaryOptions options, int parts) {
        return run(log, options, null, parts);
    }

    /** Large logs use every core (up to 8); small ones are not worth a thread. */
    private static int defaultParts(int rows) {
        return rows >= 1_000_000 ? Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8)) : 1;
    }

    /**
     * Calibration summary up to {@code calibrationEnd} plus each customer's holdout transactions
     * after it, up to the observation end ({@code options.observationEnd()}, default: the last
     * transaction's period). Customers whose first purchase is after the calibration end are
     * excluded and counted.
     *
     * @throws IllegalArgumentException when the calibration end is not before the observation end
     * @param log the transactions
     * @param calibrationEnd end of the calibration period
     * @param options unit, merge period, observation end (end of the holdout), cohort
     * @return calibration summaries with holdout columns
     */
    public static CustomerSummaries split(TransactionLog log, PeriodEnd calibrationEnd, SummaryOptions options) {
        return run(log, options, java.util.Objects.requireNonNull(calibrationEnd, "calibrationEnd"), defaultParts(log.size()));
    }

    private static CustomerSummaries run(TransactionLog log, SummaryOptions o, PeriodEnd calibrationEnd, int parts) {
        MergePeriod merge = o.merge();
        long ps = merge.seconds();
        double perUnit = ps / o.unit().seconds(); // one period in the unit
        int n = log.size();
        int k = log.customerCount();
        int[] cust = log.customerCodes();
        long[] time = log.times();
        double[] amt = log.amounts();

        // ---- the window
        long maxP = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long p = merge.periodOf(time[i]);
            if (p > maxP) {
                maxP = p;
            }
        }
        long endP = o.observationEnd() == null ? maxP : merge.periodOf(o.observationEnd().lastSecond());
        long calP = calibrationEnd == null ? endP : merge.periodOf(calibrationEnd.lastSecond());
        if (calibrationEnd != null && calP >= endP) {
            throw new IllegalArgumentException("the calibration end " + calibrationEnd + " must be before the observation end "
                    + (o.observationEnd() == null ? "(the last transaction, " + DateParser.toLocalDateTime(merge.startOf(maxP)).toLocalDate() + ")"
                    : o.observationEnd().toString()) + ", so that there is a holdout period");
        }

        // ---- transactions after the end: an error naming the first, or dropped and counted
        long afterEnd = 0;
        if (maxP > endP) {
            for (int i = 0; i < n; i++) {
                if (merge.periodOf(time[i]) > endP) {
                    if (!o.dropAfterEnd()) {
                        long line = log.line(i);
                        String where = line > 0 ? "" : " (data row " + (i + 1) + ")";
                        throw BadInputException.at(log.source() == null ? java.nio.file.Path.of("transaction log") : log.source(),
                                Math.max(line, 0), log.dateColumn(), "transaction of customer '" + log.customerId(cust[i]) + "' on "
                                + format(time[i]) + " is after the observation end " + o.observationEnd() + where
                                + "; drop such transactions with --drop-after-end (they are counted)");
                    }
                    afterEnd++;
                }
            }
        }

        // ---- group rows by customer (counting sort, stable)
        int[] start = new int[k + 1];
        for (int i = 0; i < n; i++) {
            start[cust[i] + 1]++;
        }
        for (int c = 0; c < k; c++) {
            start[c + 1] += start[c];
        }
        // Large logs use every core: part p owns customers [bound[p], bound[p+1]), so parts write
        // disjoint slices of every array below and need no locking.
        int[] bound = new int[parts + 1];
        for (int p = 0; p <= parts; p++) {
            bound[p] = (int) ((long) k * p / parts);
        }
        int[] fill = java.util.Arrays.copyOf(start, k);
        long[] key = new long[n];
        double[] val = new double[n];
        forEachPart(parts, p -> {
            int lo = bound[p];
            int hi = bound[p + 1];
            for (int i = 0; i < n; i++) {
                int c = cust[i];
                if (c >= lo && c < hi) {
                    int pos = fill[c]++;
                    key[pos] = merge.periodOf(time[i]);
                    val[pos] = amt[i];
                }
            }
        });

        long cohortFrom = o.cohortFrom() == null ? Long.MIN_VALUE : o.cohortFrom().toEpochDay();
        long cohortTo = o.cohortTo() == null ? Long.MAX_VALUE : o.cohortTo().toEpochDay();
        boolean holdout = calibrationEnd != null;

        // results per customer code; kept[c] says whether c is in the output
        boolean[] kept = new boolean[k];
        long[] x = new long[k];
        double[] tx = new double[k];
        double[] age = new double[k];
        double[] mon = new double[k];
        double[] mean = new double[k];
        long[] first = new long[k];
        long[] last = new long[k];
        long[] xh = holdout ? new long[k] : null;
        double[] mh = holdout ? new double[k] : null;
        long[][] partCounts = new long[parts][4]; // used, merged, excluded by cohort, excluded after cutoff

        forEachPart(parts, part -> {
            long used = 0;
            long merged = 0;
            long exCohort = 0;
            long exCutoff = 0;
            for (int c = bound[part]; c < bound[part + 1]; c++) {
                int a = start[c];
                int b = start[c + 1];
                if (!sorted(key, a, b)) {
                    sort(key, val, a, b - 1);
                }
                // periods beyond the end were counted above; cut them off
                int e = b;
                while (e > a && key[e - 1] > endP) {
                    e--;
                }
                if (e == a) {
                    exCutoff++; // every transaction after the end (only when dropping)
                    continue;
                }
                long firstP = key[a];
                if (firstP > calP) {
                    exCutoff++;
                    continue;
                }
                long firstDay = Math.floorDiv(merge.startOf(firstP), 86_400L);
                if (firstDay < cohortFrom || firstDay > cohortTo) {
                    exCohort++;
                    continue;
                }
                long periods = 0;
                long lastP = firstP;
                double sumAll = 0;
                long knownAll = 0;
                double sumRep = 0;
                long knownRep = 0;
                long hold = 0;
                double sumHold = 0;
                long knownHold = 0;
                int i = a;
                while (i < e) {
                    long p = key[i];
                    double sum = 0;
                    boolean known = false;
                    int j = i;
                    while (j < e && key[j] == p) {
                        if (val[j] == val[j]) { // NaN: a missing amount, allowed by the reader
                            sum += val[j];
                            known = true;
                        }
                        j++;
                    }
                    merged += j - i - 1;
                    if (p <= calP) {
                        if (known) {
                            sumAll += sum;
                            knownAll++;
                            if (periods > 0) {
                                sumRep += sum;
                                knownRep++;
                            }
                        }
                        periods++;
                        lastP = p;
                    } else {
                        hold++;
                        if (known) {
                            sumHold += sum;
                            knownHold++;
                        }
                    }
                    i = j;
                }
                used += e - a;
                kept[c] = true;
                x[c] = periods - 1;
                tx[c] = (lastP - firstP) * perUnit;
                age[c] = (calP - firstP) * perUnit;
                mon[c] = knownRep > 0 ? sumRep / knownRep : 0.0;
                mean[c] = knownAll > 0 ? sumAll / knownAll : Double.NaN;
                first[c] = merge.startOf(firstP);
                last[c] = merge.startOf(lastP);
                if (holdout) {
                    xh[c] = hold;
                    mh[c] = knownHold > 0 ? sumHold / knownHold : 0.0;
                }
            }
            partCounts[part][0] = used;
            partCounts[part][1] = merged;
            partCounts[part][2] = exCohort;
            partCounts[part][3] = exCutoff;
        });
        long used = 0;
        long merged = 0;
        int exCohort = 0;
        int exCutoff = 0;
        for (long[] pc : partCounts) {
            used += pc[0];
            merged += pc[1];
            exCohort += (int) pc[2];
            exCutoff += (int) pc[3];
        }
        // compact to the kept customers, in code (first appearance) order
        String[] ids = new String[k];
        int out = 0;
        for (int c = 0; c < k; c++) {
            if (kept[c]) {
                if (Double.isInfinite(mon[c]) || Double.isInfinite(mean[c]) || (holdout && Double.isInfinite(mh[c]))) {
                    // the sum of the customer's amounts overflowed: an input error, named, not an Infinity output
                    throw new ChurnkitException("the amounts of customer '" + log.customerId(c) + "'"
                            + (log.source() != null ? " in " + log.source() : "") + " add up to more than a double holds "
                            + "(amounts near 1e308): check the amount column");
                }
                ids[out] = log.customerId(c);
                x[out] = x[c];
                tx[out] = tx[c];
                age[out] = age[c];
                mon[out] = mon[c];
                mean[out] = mean[c];
                first[out] = first[c];
                last[out] = last[c];
                if (holdout) {
                    xh[out] = xh[c];
                    mh[out] = mh[c];
                }
                out++;
            }
        }
        if (out == 0) {
            throw new ChurnkitException("no customer left to summarise" + (log.source() != null ? " in " + log.source() : "")
                    + ": " + k + " customers read, " + exCohort + " outside the cohort, " + exCutoff
                    + (holdout ? " with a first purchase after the calibration end" : " with no transaction before the end"));
        }
        CustomerSummaries.Counts counts = new CustomerSummaries.Counts(n, used, merged, afterEnd, k, exCohort, exCutoff);
        return new CustomerSummaries(trim(ids, out), trim(x, out), trim(tx, out), trim(age, out), trim(mon, out),
                trim(mean, out), trim(first, out), trim(last, out), holdout ? trim(xh, out) : null,
                holdout ? trim(mh, out) : null, holdout ? (endP - calP) * perUnit : Double.NaN,
                log.hasAmounts(), o.unit(), counts);
    }

    /** Runs {@code body} for parts 0..parts-1, in parallel when there are several. */
    private static void forEachPart(int parts, java.util.function.IntConsumer body) {
        if (parts == 1) {
            body.accept(0);
        } else {
            java.util.stream.IntStream.range(0, parts).parallel().forEach(body);
        }
    }

    private static String format(long t) {
        return Math.floorMod(t, 86_400L) == 0 ? LocalDate.ofEpochDay(Math.floorDiv(t, 86_400L)).toString()
                : DateParser.toLocalDateTime(t).toString();
    }

    private static boolean sorted(long[] k, int a, int b) {
        for (int i = a + 1; i < b; i++) {
            if (k[i] < k[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Sorts k[lo..hi] ascending, carrying v along: quicksort, insertion sort below 24 elements. */
    static void sort(long[] k, double[] v, int lo, int hi) {
        while (hi - lo >= 24) {
            int mid = (lo + hi) >>> 1;
            // median of three as pivot
            if (k[mid] < k[lo]) {
                swap(k, v, mid, lo);
            }
            if (k[hi] < k[lo]) {
                swap(k, v, hi, lo);
            }
            if (k[hi] < k[mid]) {
                swap(k, v, hi, mid);
            }
            long pivot = k[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (k[i] < pivot) {
                    i++;
                }
                while (k[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(k, v, i, j);
                    i++;
                    j--;
                }
            }
            // recurse into the smaller part, loop on the larger: O(log n) stack
            if (j - lo < hi - i) {
                sort(k, v, lo, j);
                lo = i;
            } else {
                sort(k, v, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            long kk = k[i];
            double vv = v[i];
            int j = i - 1;
            while (j >= lo && k[j] > kk) {
                k[j + 1] = k[j];
                v[j + 1] = v[j];
                j--;
            }
            k[j + 1] = kk;
            v[j + 1] = vv;
        }
    }

    private static void swap(long[] k, double[] v, int i, int j) {
        long t = k[i];
        k[i] = k[j];
        k[j] = t;
        double u = v[i];
        v[i] = v[j];
        v[j] = u;
    }

    private static String[] trim(String[] a, int n) {
        return a.length == n ? a : java.util.Arrays.copyOf(a, n);
    }

    private static long[] trim(long[] a, int n) {
        return a.length == n ? a : java.util.Arrays.copyOf(a, n);
    }

    private static double[] trim(double[] a, int n) {
        return a.length == n ? a : java.util.Arrays.copyOf(a, n);
    }
}
