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
 * two primitive arrays of the log's length besides the log itself. Amounts are summed without
 * rounding error (double-double sums, rounded once): the spend figures do not depend on the order
 * of the rows, and {@link SummaryState}, which sums batch by batch, reproduces them exactly.
 *
 * <p>Odd rows follow the rules of {@link SummaryOptions} and are counted in
 * {@link CustomerSummaries#exclusions()} with the first example (customer id, file line): zero
 * amounts are transactions without spend (or dropped), negative amounts are dropped (or netted),
 * missing amounts are transactions without spend, exact duplicate rows are kept (or dropped); only
 * a period with a positive amount enters the spend means ({@code monetary_value}, {@code mean_value}).
 * Customers acquired on the last day ({@code T = 0}) are kept and counted.
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

        // ---- odd amounts: counted over every row read, whatever the rule does with them
        boolean amounts = log.hasAmounts();
        AmountCounts odd = AmountCounts.of(log);
        boolean dropZero = amounts && o.zeroAmounts() == SummaryOptions.ZeroAmounts.DROP;
        boolean dropNeg = amounts && o.negativeAmounts() == SummaryOptions.NegativeAmounts.DROP;
        boolean dropDup = o.duplicates() == SummaryOptions.Duplicates.DROP;

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
        int[] row = new int[n]; // the log row behind each key: its amount, time and line
        forEachPart(parts, p -> {
            int lo = bound[p];
            int hi = bound[p + 1];
            for (int i = 0; i < n; i++) {
                int c = cust[i];
                if (c >= lo && c < hi) {
                    int pos = fill[c]++;
                    key[pos] = merge.periodOf(time[i]);
                    row[pos] = i;
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
        // per part: used, merged, excluded by cohort, excluded after cutoff, duplicates, no row left,
        // zero age, no positive repeat amount; then the first row / customer code of the last four
        long[][] partCounts = new long[parts][12];

        forEachPart(parts, part -> {
            long used = 0;
            long merged = 0;
            long exCohort = 0;
            long exCutoff = 0;
            long dups = 0;
            long noRow = 0;
            long zeroAge = 0;
            long noSpend = 0;
            long firstDup = Long.MAX_VALUE;
            long firstNoRow = -1;
            long firstZeroAge = -1;
            long firstNoSpend = -1;
            double[] hiS = new double[4];
            double[] loS = new double[4];
            for (int c = bound[part]; c < bound[part + 1]; c++) {
                int a = start[c];
                int b = start[c + 1];
                if (!sorted(key, a, b)) {
                    sort(key, row, a, b - 1);
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
                long periods = 0;
                long firstP = Long.MIN_VALUE;
                long lastP = Long.MIN_VALUE;
                // exact sums (ExactSum): 0 all periods, 1 repeat periods, 2 holdout, 3 this period
                hiS[0] = hiS[1] = hiS[2] = loS[0] = loS[1] = loS[2] = 0;
                long knownAll = 0;
                long knownRep = 0;
                long hold = 0;
                long knownHold = 0;
                long rows = 0;
                int i = a;
                while (i < e) {
                    long p = key[i];
                    int j = i;
                    while (j < e && key[j] == p) {
                        j++;
                    }
                    hiS[3] = 0;
                    loS[3] = 0;
                    boolean known = false;
                    int inPeriod = 0;
                    boolean[] dupOf = j - i > 32 ? duplicates(row, i, j, time, amt) : null;
                    for (int q = i; q < j; q++) {
                        int r = row[q];
                        double v = amt[r];
                        boolean dup = dupOf != null ? dupOf[q - i] : j - i > 1 && duplicateOfEarlier(row, i, q, time, amt);
                        if (dup) {
                            dups++;
                            firstDup = Math.min(firstDup, r);
                        }
                        if ((dropZero && v == 0) || (dropNeg && v < 0) || (dropDup && dup)) {
                            continue;
                        }
                        inPeriod++;
                        if (v == v) { // NaN: a missing amount, allowed by the reader
                            ExactSum.add(hiS, loS, 3, v);
                            known = true;
                        }
                    }
                    i = j;
                    if (inPeriod == 0) {
                        continue; // every row of the period was dropped: no transaction
                    }
                    // only a positive amount is spend: a period of zero, refund or missing amounts
                    // is a transaction outside the spend means
                    known = known && hiS[3] > 0;
                    double sum = hiS[3];
                    double sumLo = loS[3];
                    merged += inPeriod - 1;
                    rows += inPeriod;
                    if (p <= calP) {
                        if (known) {
                            ExactSum.add(hiS, loS, 0, sum, sumLo);
                            knownAll++;
                            if (periods > 0) {
                                ExactSum.add(hiS, loS, 1, sum, sumLo);
                                knownRep++;
                            }
                        }
                        if (periods == 0) {
                            firstP = p;
                        }
                        periods++;
                        lastP = p;
                    } else {
                        hold++;
                        if (known) {
                            ExactSum.add(hiS, loS, 2, sum, sumLo);
                            knownHold++;
                        }
                    }
                }
                if (periods == 0) {
                    if (hold > 0) {
                        exCutoff++; // first purchase after the calibration end
                    } else {
                        noRow++;
                        if (firstNoRow < 0) {
                            firstNoRow = c;
                        }
                    }
                    continue;
                }
                long firstDay = Math.floorDiv(merge.startOf(firstP), 86_400L);
                if (firstDay < cohortFrom || firstDay > cohortTo) {
                    exCohort++;
                    continue;
                }
                used += rows;
                kept[c] = true;
                x[c] = periods - 1;
                tx[c] = (lastP - firstP) * perUnit;
                age[c] = (calP - firstP) * perUnit;
                mon[c] = knownRep > 0 ? hiS[1] / knownRep : 0.0;
                mean[c] = knownAll > 0 ? hiS[0] / knownAll : (amounts ? 0.0 : Double.NaN);
                first[c] = merge.startOf(firstP);
                last[c] = merge.startOf(lastP);
                if (holdout) {
                    xh[c] = hold;
                    mh[c] = knownHold > 0 ? hiS[2] / knownHold : 0.0;
                }
                if (calP == firstP) {
                    zeroAge++;
                    if (firstZeroAge < 0) {
                        firstZeroAge = c;
                    }
                }
                if (amounts && periods > 1 && knownRep == 0) {
                    noSpend++;
                    if (firstNoSpend < 0) {
                        firstNoSpend = c;
                    }
                }
            }
            long[] pc = partCounts[part];
            pc[0] = used;
            pc[1] = merged;
            pc[2] = exCohort;
            pc[3] = exCutoff;
            pc[4] = dups;
            pc[5] = noRow;
            pc[6] = zeroAge;
            pc[7] = noSpend;
            pc[8] = firstDup;
            pc[9] = firstNoRow;
            pc[10] = firstZeroAge;
            pc[11] = firstNoSpend;
        });
        long used = 0;
        long merged = 0;
        int exCohort = 0;
        int exCutoff = 0;
        long dups = 0;
        long noRow = 0;
        long zeroAge = 0;
        long noSpend = 0;
        long firstDup = Long.MAX_VALUE;
        long firstNoRow = -1;
        long firstZeroAge = -1;
        long firstNoSpend = -1;
        for (long[] pc : partCounts) { // parts in customer order: the first part with an example has the first
            used += pc[0];
            merged += pc[1];
            exCohort += (int) pc[2];
            exCutoff += (int) pc[3];
            dups += pc[4];
            noRow += pc[5];
            zeroAge += pc[6];
            noSpend += pc[7];
            firstDup = Math.min(firstDup, pc[8]);
            firstNoRow = firstNoRow >= 0 ? firstNoRow : pc[9];
            firstZeroAge = firstZeroAge >= 0 ? firstZeroAge : pc[10];
            firstNoSpend = firstNoSpend >= 0 ? firstNoSpend : pc[11];
        }
        // compact to the kept customers, in code (first appearance) order
        String[] ids = new String[k];
        int out = 0;
        for (int c = 0; c < k; c++) {
            if (kept[c]) {
                if (amounts && (!Double.isFinite(mon[c]) || !Double.isFinite(mean[c]) || (holdout && !Double.isFinite(mh[c])))) {
                    // the sum of the customer's amounts overflowed: an input error, named, not an Infinity output
                    throw BadInputException.of("the amounts of customer '" + log.customerId(c) + "'"
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
                    + (holdout ? " with a first purchase after the calibration end" : " with no transaction before the end")
                    + (noRow > 0 ? ", " + noRow + " with every row dropped by the amount or duplicate rules" : ""));
        }
        String endWord = holdout ? "calibration end" : "observation end";
        Exclusions.Builder eb = Exclusions.builder();
        odd.addTo(eb, o, log);
        Exclusions exclusions = eb
                .add(Exclusions.DUPLICATE_ROW, dups, "transactions", "identical to an earlier row (customer, time, amount)",
                        dropDup ? "dropped (duplicates: drop)" : "kept as separate orders, merged into their period (duplicates: keep)",
                        rowExample(log, firstDup == Long.MAX_VALUE ? -1 : (int) firstDup))
                .add(Exclusions.AFTER_END, afterEnd, "transactions", "after the observation end", "dropped", "")
                .add(Exclusions.OUTSIDE_COHORT, exCohort, "customers", "outside the cohort", "excluded", "")
                .add(Exclusions.FIRST_PURCHASE_AFTER_END, exCutoff, "customers", holdout
                        ? "whose first purchase is after the calibration end" : "with no transaction before the observation end",
                        "excluded", "")
                .add(Exclusions.NO_ROW_LEFT, noRow, "customers", "whose every row was dropped by the rules above", "excluded",
                        customerExample(log, firstNoRow))
                .add(Exclusions.ZERO_AGE, zeroAge, "customers", "acquired on the " + endWord + " day (T = 0)",
                        "kept: P(alive) and expected transactions of a new customer; fits skip them (a constant likelihood)",
                        customerExample(log, firstZeroAge))
                .add(Exclusions.NO_POSITIVE_SPEND, noSpend, "customers", "with repeat transactions but no positive repeat amount",
                        "kept with monetary_value 0; the spend model leaves them out of its fit and scores them at the population mean",
                        customerExample(log, firstNoSpend))
                .build();
        CustomerSummaries.Counts counts = new CustomerSummaries.Counts(n, used, merged, afterEnd, k, exCohort, exCutoff);
        return new CustomerSummaries(trim(ids, out), trim(x, out), trim(tx, out), trim(age, out), trim(mon, out),
                trim(mean, out), trim(first, out), trim(last, out), holdout ? trim(xh, out) : null,
                holdout ? trim(mh, out) : null, holdout ? (endP - calP) * perUnit : Double.NaN,
                log.hasAmounts(), o.unit(), counts, exclusions);
    }

    /**
     * Whether the row at {@code q} repeats (same time and amount) a row at {@code i..q-1}: the rows of
     * one customer and period. Periods rarely hold more than a few rows; a long one is checked
     * with a set.
     */
    static boolean duplicateOfEarlier(int[] row, int i, int q, long[] time, double[] amt) {
        int r = row[q];
        long t = time[r];
        long v = Double.doubleToLongBits(amt[r]);
        for (int u = i; u < q; u++) {
            int s = row[u];
            if (time[s] == t && Double.doubleToLongBits(amt[s]) == v) {
                return true;
            }
        }
        return false;
    }

    /** For each row of {@code i..j-1}, whether it repeats an earlier one of them (a long period). */
    static boolean[] duplicates(int[] row, int i, int j, long[] time, double[] amt) {
        boolean[] dup = new boolean[j - i];
        java.util.Set<java.util.Map.Entry<Long, Long>> seen = new java.util.HashSet<>();
        for (int q = i; q < j; q++) {
            int r = row[q];
            dup[q - i] = !seen.add(java.util.Map.entry(time[r], Double.doubleToLongBits(amt[r])));
        }
        return dup;
    }

    /** "customer 'ID', FILE line N" for a row, or "" without one. */
    private static String rowExample(TransactionLog log, int row) {
        if (row < 0) {
            return "";
        }
        long line = log.line(row);
        String where = log.source() == null ? "" : ", " + log.source().getFileName();
        return "customer '" + log.customerId(log.customerCodes()[row]) + "'" + (line > 0 ? where + " line " + line
                : where + " data row " + (row + 1));
    }

    /** "customer 'ID'" for a customer code, or "" without one. */
    private static String customerExample(TransactionLog log, long code) {
        return code < 0 ? "" : "customer '" + log.customerId((int) code) + "'";
    }

    /**
     * Which rows of the log are transactions under the amount rules of {@code options}: every row
     * except, when the rules drop them, rows of amount 0 ({@link SummaryOptions.ZeroAmounts#DROP})
     * and rows below 0 ({@link SummaryOptions.NegativeAmounts#DROP}, the default). Commands that
     * work on the log's rows rather than on summaries (backtests) apply the same rule with it.
     * Duplicate rows need no test here: identical rows share their time, so they always merge.
     *
     * @param log the transactions
     * @param options the rules
     * @return a test of a row index
     */
    public static java.util.function.IntPredicate transactionRows(TransactionLog log, SummaryOptions options) {
        if (!log.hasAmounts()) {
            return r -> true;
        }
        boolean dropZero = options.zeroAmounts() == SummaryOptions.ZeroAmounts.DROP;
        boolean dropNeg = options.negativeAmounts() == SummaryOptions.NegativeAmounts.DROP;
        double[] a = log.amounts();
        return r -> !((dropZero && a[r] == 0) || (dropNeg && a[r] < 0));
    }

    /**
     * The account of the log's zero, negative and missing amounts and what the rules of
     * {@code options} do with them, as {@link #summarize} reports it.
     *
     * @param log the transactions
     * @param options the rules
     * @return the items for zero, negative and missing amounts (empty when there are none)
     */
    public static Exclusions amountExclusions(TransactionLog log, SummaryOptions options) {
        Exclusions.Builder b = Exclusions.builder();
        AmountCounts.of(log).addTo(b, options, log);
        return b.build();
    }

    /** Rows with amount 0, below 0 and missing, with the first of each (-1: none). */
    private record AmountCounts(long zero, long negative, long missing, int firstZero, int firstNegative, int firstMissing) {
        static AmountCounts of(TransactionLog log) {
            long zeroRows = 0;
            long negRows = 0;
            long nanRows = 0;
            int firstZero = -1;
            int firstNeg = -1;
            int firstNan = -1;
            if (log.hasAmounts()) {
                double[] amt = log.amounts();
                for (int i = 0; i < amt.length; i++) {
                    double v = amt[i];
                    if (v == 0) {
                        if (zeroRows++ == 0) {
                            firstZero = i;
                        }
                    } else if (v < 0) {
                        if (negRows++ == 0) {
                            firstNeg = i;
                        }
                    } else if (v != v) {
                        if (nanRows++ == 0) {
                            firstNan = i;
                        }
                    }
                }
            }
            return new AmountCounts(zeroRows, negRows, nanRows, firstZero, firstNeg, firstNan);
        }

        void addTo(Exclusions.Builder b, SummaryOptions o, TransactionLog log) {
            boolean dropZero = o.zeroAmounts() == SummaryOptions.ZeroAmounts.DROP;
            boolean dropNeg = o.negativeAmounts() == SummaryOptions.NegativeAmounts.DROP;
            b.add(Exclusions.ZERO_AMOUNT, zero, "transactions", "with amount 0", dropZero
                            ? "dropped: not transactions (zero amounts: drop)"
                            : "counted as transactions, left out of spend means (zero amounts: count)", rowExample(log, firstZero))
                    .add(Exclusions.NEGATIVE_AMOUNT, negative, "transactions", "with a negative amount (refunds)", dropNeg
                            ? "dropped: neither transactions nor spend (negative amounts: drop)"
                            : "netted with the same period's amounts (negative amounts: net)", rowExample(log, firstNegative))
                    .add(Exclusions.MISSING_AMOUNT, missing, "transactions", "without an amount",
                            "counted as transactions, left out of spend means", rowExample(log, firstMissing));
        }
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

    static boolean sorted(long[] k, int a, int b) {
        for (int i = a + 1; i < b; i++) {
            if (k[i] < k[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Sorts k[lo..hi] ascending, carrying v along: quicksort, insertion sort below 24 elements. */
    static void sort(long[] k, int[] v, int lo, int hi) {
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
            int vv = v[i];
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

    private static void swap(long[] k, int[] v, int i, int j) {
        long t = k[i];
        k[i] = k[j];
        k[j] = t;
        int u = v[i];
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
