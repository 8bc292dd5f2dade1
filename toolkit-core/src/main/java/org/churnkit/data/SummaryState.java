package org.churnkit.data;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;

/**
 * What {@link Summarizer#summarize} needs of a transaction log, kept per customer so that new
 * transactions update it without rereading the history: the summaries at any later date follow
 * from it, equal to a summary of the whole log.
 *
 * <p>Per customer (primitive columns indexed by a dictionary code, in order of first appearance):
 * the first and last purchase period, the number of purchase periods n (frequency x = n - 1),
 * the rows used, and the spend of the first period, of the last period and of the periods between
 * (with how many of those had positive spend). The first and last periods are kept apart because
 * they are the ones later data can still reach: a batch that starts inside a customer's last
 * period (weekly merging, daily batches) adds to it, and whether a period counts as spend
 * ({@code monetary_value}, {@code mean_value}: only a period whose amounts sum above 0) is
 * decided on its total. Sums are exact ({@link ExactSum}), so the order in which batches,
 * partitions or rows arrive does not change a bit of the result.
 *
 * <p>The settings that change what a transaction is (merge period, amount and duplicate rules,
 * time unit, whether there are amounts) are fixed when the state is created
 * ({@link Settings}); the state's end is the last instant it covers. {@link #update} adds a batch
 * of transactions after the end and moves the end to the batch's as-of date;
 * {@link #summaries(PeriodEnd)} gives the summaries at the end or any later date (T advances for
 * every customer); {@link #merge} combines two states of disjoint time ranges or disjoint
 * customers; {@link SummaryStateFile} reads and writes the state.
 *
 * <p>Late transactions (at or before the end) are refused, or with {@link Late#ACCEPT_IF_MERGEABLE}
 * merged when that is exact: for a customer new to the state always; otherwise when the
 * transaction falls in or before the customer's first purchase period or in or after the last one
 * (between the two, the state cannot tell whether its period already holds a purchase, and so
 * whether frequency grows). With {@link SummaryOptions.Duplicates#DROP} a late transaction must
 * also not fall into a purchase period already held (its rows are not kept, so a duplicate could
 * not be recognised).
 *
 * <p>Mutable: {@link #update} changes the state in place, all or nothing (a refused batch leaves
 * it as it was). Not thread-safe. The library never prints; {@link Update} says what changed.
 */
public final class SummaryState {

    /**
     * The settings fixed for the life of a state: they decide what a transaction is and how time
     * is measured, so a batch summarised under other settings cannot be added.
     *
     * @param merge           transactions of one customer in the same period are one
     * @param unit            unit of recency and T in the summaries
     * @param zeroAmounts     what a transaction of amount 0 is
     * @param negativeAmounts what a transaction below 0 is
     * @param duplicates      what an exact duplicate row is
     * @param amounts         whether the transactions have amounts
     */
    public record Settings(MergePeriod merge, TimeUnit unit, SummaryOptions.ZeroAmounts zeroAmounts,
                           SummaryOptions.NegativeAmounts negativeAmounts, SummaryOptions.Duplicates duplicates,
                           boolean amounts) {
        /**
         * Checks that every setting is given.
         *
         * @throws NullPointerException when one is null
         */
        public Settings {
            Objects.requireNonNull(merge, "merge");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(zeroAmounts, "zeroAmounts");
            Objects.requireNonNull(negativeAmounts, "negativeAmounts");
            Objects.requireNonNull(duplicates, "duplicates");
        }

        /**
         * The settings of summary options (observation end, cohort and dropping are not settings
         * of a state: they belong to each update or summary).
         *
         * @param options the summary options
         * @param amounts whether the transactions have amounts
         * @return the settings
         */
        public static Settings of(SummaryOptions options, boolean amounts) {
            return new Settings(options.merge(), options.unit(), options.zeroAmounts(), options.negativeAmounts(),
                    options.duplicates(), amounts);
        }

        /**
         * Summary options with these settings, no end and no cohort.
         *
         * @return the options
         */
        public SummaryOptions options() {
            return new SummaryOptions(unit, merge, null, null, null, false, zeroAmounts, negativeAmounts, duplicates);
        }

        /**
         * The settings in words, e.g. {@code merge day, time unit week, zero amounts count,
         * negative amounts drop, duplicates keep, amounts yes}.
         *
         * @return the description
         */
        public String describe() {
            return "merge " + lower(merge) + ", time unit " + unit.label() + ", zero amounts " + lower(zeroAmounts)
                    + ", negative amounts " + lower(negativeAmounts) + ", duplicates " + lower(duplicates)
                    + ", amounts " + (amounts ? "yes" : "no");
        }

        /**
         * The settings that differ from {@code other}'s, as {@code "merge: day (state) vs week
         * (given)"} phrases; empty when they agree.
         *
         * @param other the other settings
         * @param mine how to call these settings in the phrases (e.g. {@code "the state"})
         * @param theirs how to call the other settings
         * @return the differences
         */
        public List<String> differences(Settings other, String mine, String theirs) {
            List<String> d = new ArrayList<>();
            diff(d, "merge period", lower(merge), lower(other.merge), mine, theirs);
            diff(d, "time unit", unit.label(), other.unit.label(), mine, theirs);
            diff(d, "zero amounts", lower(zeroAmounts), lower(other.zeroAmounts), mine, theirs);
            diff(d, "negative amounts", lower(negativeAmounts), lower(other.negativeAmounts), mine, theirs);
            diff(d, "duplicates", lower(duplicates), lower(other.duplicates), mine, theirs);
            diff(d, "amounts", amounts ? "yes" : "no", other.amounts ? "yes" : "no", mine, theirs);
            return d;
        }

        private static void diff(List<String> d, String what, String a, String b, String mine, String theirs) {
            if (!a.equals(b)) {
                d.add(what + " " + a + " (" + mine + ") vs " + b + " (" + theirs + ")");
            }
        }

        private static String lower(Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What to do with a transaction at or before the state's end. */
    public enum Late {
        /** The default: the whole batch is refused, naming the first late transaction. */
        REFUSE,
        /**
         * Merged when exact (see the class comment); the batch is refused, naming the transaction,
         * when one cannot be merged exactly.
         */
        ACCEPT_IF_MERGEABLE;

        /**
         * Parses {@code refuse} or {@code accept-if-mergeable} (any case).
         *
         * @param text the rule's name
         * @return the rule
         * @throws IllegalArgumentException for any other text
         */
        public static Late parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "refuse" -> REFUSE;
                case "accept-if-mergeable" -> ACCEPT_IF_MERGEABLE;
                default -> throw new IllegalArgumentException("unknown late-data rule '" + text
                        + "': expected refuse or accept-if-mergeable");
            };
        }
    }

    /**
     * What one {@link #update} changed.
     *
     * @param previousEnd         the state's end before the update, {@code null} for a new state
     * @param end                 the state's end after it (the as-of date)
     * @param rowsRead            rows of the batch
     * @param transactions        rows that are transactions under the amount and duplicate rules
     * @param newPeriods          purchase periods added (frequency gained, over every customer)
     * @param newCustomers        customers whose first purchase is in the batch
     * @param returningCustomers  customers of the state who bought again in the batch
     * @param customers           customers with a purchase, after the update
     * @param spend               sum of the transactions' amounts (refunds netted under the net
     *                            rule, missing amounts left out); NaN without amounts
     * @param lateAccepted        rows at or before the previous end that were merged
     * @param afterEndDropped     rows after the as-of date, dropped when allowed
     * @param exclusions          the batch's odd rows (zero, negative, missing amounts, duplicate
     *                            rows, rows after the as-of date), with the first example of each
     */
    public record Update(PeriodEnd previousEnd, PeriodEnd end, long rowsRead, long transactions, long newPeriods,
                         long newCustomers, long returningCustomers, long customers, double spend, long lateAccepted,
                         long afterEndDropped, Exclusions exclusions) {
        /**
         * Whether the update created the state.
         *
         * @return true when there was no state before
         */
        public boolean created() {
            return previousEnd == null;
        }
    }

    private static final byte FIRST_HAS = 1;
    private static final byte LAST_HAS = 2;

    private final Settings settings;
    IdDictionary dict;
    PeriodEnd end;
    int size;
    long[] firstP;
    long[] lastP;
    int[] periods;
    int[] rows;
    int[] midKnown;
    byte[] flags;
    double[] firstHi;
    double[] firstLo;
    double[] midHi;
    double[] midLo;
    double[] lastHi;
    double[] lastLo;
    /** Counters over every batch: rows read, zero, negative and missing amounts, duplicates, after the end, late. */
    long rowsRead;
    long zeroRows;
    long negativeRows;
    long missingRows;
    long duplicateRows;
    long afterEndRows;
    long lateRows;
    /** Earliest and latest time of the rows up to the end (Long.MAX_VALUE / MIN_VALUE: none yet). */
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;

    SummaryState(Settings settings, int capacity, IdDictionary dict) {
        this.settings = settings;
        this.dict = dict;
        allocate(Math.max(16, capacity));
    }

    /**
     * An empty state: no customer, no end. Its first {@link #update} accepts every transaction up
     * to the as-of date.
     *
     * @param settings the settings for the state's life
     * @return the state
     */
    public static SummaryState empty(Settings settings) {
        return new SummaryState(Objects.requireNonNull(settings, "settings"), 16, new IdDictionary());
    }

    /**
     * The state of a whole log up to {@code asOf}: {@link #empty} followed by one {@link #update}.
     *
     * @param log the transactions
     * @param options merge period, unit and amount rules (observation end, cohort: ignored)
     * @param asOf the state's end; transactions after it are an error unless
     *     {@code options.dropAfterEnd()}
     * @return the state
     * @throws BadInputException naming the first transaction after {@code asOf}
     */
    public static SummaryState of(TransactionLog log, SummaryOptions options, PeriodEnd asOf) {
        SummaryState s = empty(Settings.of(options, log.hasAmounts()));
        s.update(log, asOf, Late.REFUSE, options.dropAfterEnd());
        return s;
    }

    private void allocate(int cap) {
        firstP = new long[cap];
        lastP = new long[cap];
        periods = new int[cap];
        rows = new int[cap];
        midKnown = new int[cap];
        flags = new byte[cap];
        firstHi = new double[cap];
        firstLo = new double[cap];
        midHi = new double[cap];
        midLo = new double[cap];
        lastHi = new double[cap];
        lastLo = new double[cap];
    }

    private void ensure(int need) {
        if (need <= firstP.length) {
            return;
        }
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, firstP.length + (firstP.length >> 1)));
        firstP = Arrays.copyOf(firstP, cap);
        lastP = Arrays.copyOf(lastP, cap);
        periods = Arrays.copyOf(periods, cap);
        rows = Arrays.copyOf(rows, cap);
        midKnown = Arrays.copyOf(midKnown, cap);
        flags = Arrays.copyOf(flags, cap);
        firstHi = Arrays.copyOf(firstHi, cap);
        firstLo = Arrays.copyOf(firstLo, cap);
        midHi = Arrays.copyOf(midHi, cap);
        midLo = Arrays.copyOf(midLo, cap);
        lastHi = Arrays.copyOf(lastHi, cap);
        lastLo = Arrays.copyOf(lastLo, cap);
    }

    /**
     * A copy that shares nothing with this state.
     *
     * @return the copy
     */
    public SummaryState copy() {
        SummaryState s = new SummaryState(settings, size, dict.copy());
        s.copyScalars(this);
        s.size = size;
        copyColumns(this, 0, s, 0, size);
        return s;
    }

    private void copyScalars(SummaryState o) {
        end = o.end;
        rowsRead = o.rowsRead;
        zeroRows = o.zeroRows;
        negativeRows = o.negativeRows;
        missingRows = o.missingRows;
        duplicateRows = o.duplicateRows;
        afterEndRows = o.afterEndRows;
        lateRows = o.lateRows;
        minTime = o.minTime;
        maxTime = o.maxTime;
    }

    private static void copyColumns(SummaryState from, int a, SummaryState to, int b, int n) {
        System.arraycopy(from.firstP, a, to.firstP, b, n);
        System.arraycopy(from.lastP, a, to.lastP, b, n);
        System.arraycopy(from.periods, a, to.periods, b, n);
        System.arraycopy(from.rows, a, to.rows, b, n);
        System.arraycopy(from.midKnown, a, to.midKnown, b, n);
        System.arraycopy(from.flags, a, to.flags, b, n);
        System.arraycopy(from.firstHi, a, to.firstHi, b, n);
        System.arraycopy(from.firstLo, a, to.firstLo, b, n);
        System.arraycopy(from.midHi, a, to.midHi, b, n);
        System.arraycopy(from.midLo, a, to.midLo, b, n);
        System.arraycopy(from.lastHi, a, to.lastHi, b, n);
        System.arraycopy(from.lastLo, a, to.lastLo, b, n);
    }

    /**
     * The settings fixed at creation.
     *
     * @return the settings
     */
    public Settings settings() {
        return settings;
    }

    /**
     * The last instant the state covers.
     *
     * @return the end, or {@code null} for an empty state never updated
     */
    public PeriodEnd end() {
        return end;
    }

    /**
     * Number of customer ids the state holds, those whose every row was dropped by the amount or
     * duplicate rules included (they keep their place in the order of first appearance).
     *
     * @return the number of ids
     */
    public int idCount() {
        return size;
    }

    /**
     * Number of customers with at least one transaction.
     *
     * @return the count
     */
    public int customerCount() {
        int k = 0;
        for (int c = 0; c < size; c++) {
            if (periods[c] > 0) {
                k++;
            }
        }
        return k;
    }

    /**
     * Rows read by every update so far.
     *
     * @return the count
     */
    public long rowsRead() {
        return rowsRead;
    }

    // ------------------------------------------------------------------ update

    /**
     * Adds a batch of transactions and moves the end to {@code asOf}. Every row must be after the
     * current end and at or before {@code asOf}; a row at or before the end is late (see
     * {@link Late}), a row after {@code asOf} is an error unless {@code dropAfterEnd}. All or
     * nothing: when the batch is refused the state is unchanged.
     *
     * @param log the new transactions (amounts when and only when the state has them)
     * @param asOf the new end, not before the current one
     * @param late what to do with late rows
     * @param dropAfterEnd drop (and count) rows after {@code asOf} instead of refusing the batch
     * @return what changed
     * @throws BadInputException naming the file, line and customer of the first row refused
     * @throws ChurnkitException when {@code asOf} is before the end or the log's amounts do not
     *     match the state's
     */
    public Update update(TransactionLog log, PeriodEnd asOf, Late late, boolean dropAfterEnd) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(late, "late");
        String src = log.source() == null ? "the transactions" : log.source().toString();
        if (log.hasAmounts() != settings.amounts) {
            throw new ChurnkitException(src + (log.hasAmounts() ? " have amounts but the state was created without them"
                    : " have no amounts but the state was created with them") + ": read them with the state's amount column"
                    + (settings.amounts ? "" : " setting (none)"));
        }
        long stop = asOf.lastSecond();
        if (end != null && stop < end.lastSecond()) {
            throw new ChurnkitException("the as-of date " + asOf + " is before the state's end " + end
                    + ": a state only moves forward; summaries at an earlier date need a state built up to it");
        }
        long endSec = end == null ? Long.MIN_VALUE : end.lastSecond();
        MergePeriod merge = settings.merge;
        int n = log.size();
        int k = log.customerCount();
        int[] cust = log.customerCodes();
        long[] time = log.times();
        double[] amt = log.amounts();
        boolean amounts = settings.amounts;
        boolean dropZero = amounts && settings.zeroAmounts == SummaryOptions.ZeroAmounts.DROP;
        boolean dropNeg = amounts && settings.negativeAmounts == SummaryOptions.NegativeAmounts.DROP;
        boolean dropDup = settings.duplicates == SummaryOptions.Duplicates.DROP;

        // ---- rows after the as-of date and late rows
        long afterEnd = 0;
        long late0 = 0;
        long tMin = Long.MAX_VALUE;
        long tMax = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long t = time[i];
            if (t > stop) {
                if (!dropAfterEnd) {
                    throw located(log, i, "transaction of customer '" + log.customerId(cust[i]) + "' on " + format(t)
                            + " is after the as-of date " + asOf + "; give a later --as-of, or drop such transactions "
                            + "with --drop-after-end (they are counted)");
                }
                afterEnd++;
                continue;
            }
            if (t <= endSec) {
                if (late == Late.REFUSE) {
                    throw located(log, i, "transaction of customer '" + log.customerId(cust[i]) + "' on " + format(t)
                            + " is not after the state's end " + end + ": the state already holds the transactions up "
                            + "to then (was this batch applied before?); give only newer transactions, or merge late "
                            + "ones that can be merged exactly with --late accept-if-mergeable");
                }
                late0++;
            }
            tMin = Math.min(tMin, t);
            tMax = Math.max(tMax, t);
        }

        // ---- the batch per customer and period (as Summarizer groups a log)
        int[] start = new int[k + 1];
        for (int i = 0; i < n; i++) {
            if (time[i] <= stop) {
                start[cust[i] + 1]++;
            }
        }
        for (int c = 0; c < k; c++) {
            start[c + 1] += start[c];
        }
        int m = start[k];
        int[] fill = Arrays.copyOf(start, k);
        long[] key = new long[m];
        int[] row = new int[m];
        for (int i = 0; i < n; i++) {
            if (time[i] <= stop) {
                int pos = fill[cust[i]]++;
                key[pos] = merge.periodOf(time[i]);
                row[pos] = i;
            }
        }
        // groups: one per (customer, period) with a transaction
        int[] gStart = new int[k + 1];
        long[] gP = new long[m];
        double[] gHi = new double[m];
        double[] gLo = new double[m];
        boolean[] gHas = new boolean[m];
        int[] gRows = new int[m];
        int[] gLate = new int[m]; // first late row of the group, or -1
        double[] spendHi = {0};
        double[] spendLo = {0};
        long dups = 0;
        long firstDup = -1;
        long transactions = 0;
        int g = 0;
        for (int c = 0; c < k; c++) {
            gStart[c] = g;
            int a = start[c];
            int b = start[c + 1];
            if (!Summarizer.sorted(key, a, b)) {
                Summarizer.sort(key, row, a, b - 1);
            }
            int i = a;
            while (i < b) {
                long p = key[i];
                int j = i;
                while (j < b && key[j] == p) {
                    j++;
                }
                boolean[] dupOf = j - i > 32 ? Summarizer.duplicates(row, i, j, time, amt) : null;
                int inPeriod = 0;
                boolean known = false;
                gHi[g] = 0;
                gLo[g] = 0;
                int lateRow = -1;
                for (int q = i; q < j; q++) {
                    int r = row[q];
                    double v = amt[r];
                    boolean dup = dupOf != null ? dupOf[q - i] : j - i > 1 && Summarizer.duplicateOfEarlier(row, i, q, time, amt);
                    if (dup) {
                        dups++;
                        firstDup = firstDup < 0 ? r : Math.min(firstDup, r);
                    }
                    if ((dropZero && v == 0) || (dropNeg && v < 0) || (dropDup && dup)) {
                        continue;
                    }
                    inPeriod++;
                    if (time[r] <= endSec && (lateRow < 0 || r < lateRow)) {
                        lateRow = r;
                    }
                    if (v == v) {
                        ExactSum.add(gHi, gLo, g, v);
                        ExactSum.add(spendHi, spendLo, 0, v);
                        known = true;
                    }
                }
                i = j;
                if (inPeriod == 0) {
                    continue;
                }
                transactions += inPeriod;
                gP[g] = p;
                gHas[g] = known;
                gRows[g] = inPeriod;
                gLate[g] = lateRow;
                g++;
            }
        }
        gStart[k] = g;

        // ---- codes in the state and the late rule, before anything changes
        int[] code = new int[k];
        for (int c = 0; c < k; c++) {
            int s = dict.find(log.customerId(c));
            code[c] = s;
            if (late0 == 0 || s < 0 || periods[s] == 0) {
                continue;
            }
            long fp = firstP[s];
            long lp = lastP[s];
            for (int q = gStart[c]; q < gStart[c + 1]; q++) {
                if (gLate[q] < 0) {
                    continue;
                }
                long p = gP[q];
                boolean joins = p == fp || p == lp;
                boolean between = p > fp && p < lp;
                if (between || (joins && dropDup)) {
                    int r = gLate[q];
                    throw located(log, r, "late transaction of customer '" + log.customerId(c) + "' on " + format(time[r])
                            + " cannot be merged exactly: " + (between
                            ? "it falls between the customer's first purchase (" + day(merge, fp) + ") and last purchase ("
                                    + day(merge, lp) + "), where the state cannot tell whether its period already holds a purchase"
                            : "it falls in a period that already holds a purchase, and with --duplicates drop the state "
                                    + "cannot tell whether it repeats an earlier row")
                            + "; rebuild the state from the whole log to include it");
                }
            }
        }

        // ---- apply
        PeriodEnd previous = end;
        Acc acc = new Acc();
        long newCustomers = 0;
        long returning = 0;
        long newPeriods = 0;
        for (int c = 0; c < k; c++) {
            int s = code[c];
            if (s < 0) {
                s = dict.intern(log.customerId(c));
                ensure(s + 1);
                clear(s);
                size = s + 1;
            }
            int g0 = gStart[c];
            int g1 = gStart[c + 1];
            if (g0 == g1) {
                continue;
            }
            acc.load(this, s);
            int before = acc.n;
            if (before == 0) {
                newCustomers++;
                for (int q = g0; q < g1; q++) {
                    acc.append(gP[q], gHi[q], gLo[q], gHas[q]);
                }
            } else {
                returning++;
                long fp = acc.fp;
                // periods in or before the first purchase, latest first, then those after it in order
                int split = g0;
                while (split < g1 && gP[split] <= fp) {
                    split++;
                }
                for (int q = split - 1; q >= g0; q--) {
                    if (gP[q] == fp) {
                        acc.addToFirst(gHi[q], gLo[q], gHas[q]);
                    } else {
                        acc.prepend(gP[q], gHi[q], gLo[q], gHas[q]);
                    }
                }
                for (int q = split; q < g1; q++) {
                    if (gP[q] == acc.lp) {
                        acc.addToLast(gHi[q], gLo[q], gHas[q]);
                    } else {
                        acc.append(gP[q], gHi[q], gLo[q], gHas[q]);
                    }
                }
            }
            for (int q = g0; q < g1; q++) {
                acc.rows += gRows[q];
            }
            newPeriods += acc.n - before;
            acc.store(this, s);
        }
        AmountCountsView odd = AmountCountsView.of(log);
        rowsRead += n;
        zeroRows += odd.zero;
        negativeRows += odd.negative;
        missingRows += odd.missing;
        duplicateRows += dups;
        afterEndRows += afterEnd;
        lateRows += late0;
        minTime = Math.min(minTime, tMin);
        maxTime = Math.max(maxTime, tMax);
        end = asOf;

        Exclusions.Builder eb = Exclusions.builder();
        for (Exclusions.Item it : Summarizer.amountExclusions(log, settings.options()).items()) {
            eb.add(it.key(), it.count(), it.unit(), it.what(), it.treatment(), it.example());
        }
        Exclusions ex = eb
                .add(Exclusions.DUPLICATE_ROW, dups, "transactions", "identical to an earlier row of the batch (customer, time, amount)",
                        dropDup ? "dropped (duplicates: drop)" : "kept as separate orders, merged into their period (duplicates: keep)",
                        firstDup < 0 ? "" : "customer '" + log.customerId(cust[(int) firstDup]) + "', " + log.locate((int) firstDup))
                .add(Exclusions.AFTER_END, afterEnd, "transactions", "after the as-of date " + asOf, "dropped", "")
                .build();
        return new Update(previous, asOf, n, transactions, newPeriods, newCustomers, returning, customerCount(),
                amounts ? spendHi[0] : Double.NaN, late0, afterEnd, ex);
    }

    private void clear(int s) {
        firstP[s] = 0;
        lastP[s] = 0;
        periods[s] = 0;
        rows[s] = 0;
        midKnown[s] = 0;
        flags[s] = 0;
        firstHi[s] = 0;
        firstLo[s] = 0;
        midHi[s] = 0;
        midLo[s] = 0;
        lastHi[s] = 0;
        lastLo[s] = 0;
    }

    private static BadInputException located(TransactionLog log, int row, String what) {
        long line = log.line(row);
        Path file = log.source() == null ? Path.of("transaction log") : log.source();
        return BadInputException.at(file, Math.max(line, 0), log.dateColumn(), what + (line > 0 ? "" : " (data row " + (row + 1) + ")"));
    }

    private static String format(long t) {
        return Math.floorMod(t, 86_400L) == 0 ? LocalDate.ofEpochDay(Math.floorDiv(t, 86_400L)).toString()
                : DateParser.toLocalDateTime(t).toString();
    }

    private static String day(MergePeriod merge, long p) {
        return format(merge.startOf(p));
    }

    /** Rows of a log with amount 0, below 0 and missing. */
    private record AmountCountsView(long zero, long negative, long missing) {
        static AmountCountsView of(TransactionLog log) {
            long z = 0;
            long neg = 0;
            long nan = 0;
            if (log.hasAmounts()) {
                for (double v : log.amounts()) {
                    if (v == 0) {
                        z++;
                    } else if (v < 0) {
                        neg++;
                    } else if (v != v) {
                        nan++;
                    }
                }
            }
            return new AmountCountsView(z, neg, nan);
        }
    }

    // ------------------------------------------------------------------ one customer

    /**
     * One customer's columns while they change: the first period, the aggregate of the periods
     * between, the last period (when {@code n >= 2}). A period's spend counts ("known") when it
     * has an amount and its exact sum is above 0, as in {@link Summarizer}.
     */
    static final class Acc {
        long fp;
        long lp;
        int n;
        int rows;
        int midKnown;
        boolean firstHas;
        boolean lastHas;
        final double[] hi = new double[3]; // 0 first, 1 middle, 2 last
        final double[] lo = new double[3];

        void load(SummaryState s, int c) {
            fp = s.firstP[c];
            lp = s.lastP[c];
            n = s.periods[c];
            rows = s.rows[c];
            midKnown = s.midKnown[c];
            byte f = s.flags[c];
            firstHas = (f & FIRST_HAS) != 0;
            lastHas = (f & LAST_HAS) != 0;
            hi[0] = s.firstHi[c];
            lo[0] = s.firstLo[c];
            hi[1] = s.midHi[c];
            lo[1] = s.midLo[c];
            hi[2] = s.lastHi[c];
            lo[2] = s.lastLo[c];
        }

        void store(SummaryState s, int c) {
            s.firstP[c] = fp;
            s.lastP[c] = lp;
            s.periods[c] = n;
            s.rows[c] = rows;
            s.midKnown[c] = midKnown;
            s.flags[c] = (byte) ((firstHas ? FIRST_HAS : 0) | (lastHas ? LAST_HAS : 0));
            s.firstHi[c] = hi[0];
            s.firstLo[c] = lo[0];
            s.midHi[c] = hi[1];
            s.midLo[c] = lo[1];
            s.lastHi[c] = hi[2];
            s.lastLo[c] = lo[2];
        }

        private void set(int slot, double h, double l) {
            hi[slot] = h;
            lo[slot] = l;
        }

        private void closeIntoMiddle(int slot, boolean has) {
            if (has && hi[slot] > 0) {
                ExactSum.add(hi, lo, 1, hi[slot], lo[slot]);
                midKnown++;
            }
        }

        private void grow() {
            n = periodCount((long) n + 1);
        }

        /** A customer's number of purchase periods, refused beyond what the int columns hold. */
        private static int periodCount(long total) {
            if (total > Integer.MAX_VALUE) {
                throw new ChurnkitException("a customer has more than " + Integer.MAX_VALUE + " purchase periods");
            }
            return (int) total;
        }

        void addToFirst(double h, double l, boolean has) {
            ExactSum.add(hi, lo, 0, h, l);
            firstHas |= has;
        }

        void addToLast(double h, double l, boolean has) {
            if (n == 1) {
                addToFirst(h, l, has);
            } else {
                ExactSum.add(hi, lo, 2, h, l);
                lastHas |= has;
            }
        }

        /** A period before the first. */
        void prepend(long p, double h, double l, boolean has) {
            if (n == 0) {
                append(p, h, l, has);
                return;
            }
            if (n == 1) {
                set(2, hi[0], lo[0]);
                lastHas = firstHas;
            } else {
                closeIntoMiddle(0, firstHas);
            }
            set(0, h, l);
            firstHas = has;
            fp = p;
            grow();
        }

        /** A period after the last. */
        void append(long p, double h, double l, boolean has) {
            if (n == 0) {
                set(0, h, l);
                firstHas = has;
                fp = p;
                lp = p;
                n = 1;
                return;
            }
            if (n >= 2) {
                closeIntoMiddle(2, lastHas);
            }
            set(2, h, l);
            lastHas = has;
            lp = p;
            grow();
        }

        /** Appends {@code o}'s periods, all in or after this one's last period. */
        void appendAll(Acc o) {
            if (o.n == 0) {
                return;
            }
            if (n > 0 && o.fp == lp) {
                addToLast(o.hi[0], o.lo[0], o.firstHas);
            } else {
                append(o.fp, o.hi[0], o.lo[0], o.firstHas);
            }
            if (o.n >= 2) {
                if (n >= 2) {
                    closeIntoMiddle(2, lastHas);
                }
                ExactSum.add(hi, lo, 1, o.hi[1], o.lo[1]);
                midKnown += o.midKnown;
                set(2, o.hi[2], o.lo[2]);
                lastHas = o.lastHas;
                lp = o.lp;
                n = periodCount((long) n + o.n - 1);
            }
            rows += o.rows;
        }

        void copyFrom(Acc o) {
            fp = o.fp;
            lp = o.lp;
            n = o.n;
            rows = o.rows;
            midKnown = o.midKnown;
            firstHas = o.firstHas;
            lastHas = o.lastHas;
            System.arraycopy(o.hi, 0, hi, 0, 3);
            System.arraycopy(o.lo, 0, lo, 0, 3);
        }
    }

    // ------------------------------------------------------------------ merge

    /**
     * Combines two states of the same settings whose transactions are of disjoint customers or
     * disjoint time ranges: the result is the state of both logs together, exactly. For a customer
     * in both, the purchase periods of one must all come before those of the other; they may
     * share one period (weekly merging, a split inside a week) only when every transaction of the
     * earlier state is before every transaction of the later one. Customers keep the order of
     * {@code a}, then {@code b}'s new ones. The end is the later of the two; counters add up.
     *
     * @param a one state
     * @param b the other
     * @return a new state; {@code a} and {@code b} are unchanged
     * @throws ChurnkitException when the settings differ or a customer's periods overlap
     */
    public static SummaryState merge(SummaryState a, SummaryState b) {
        List<String> diff = a.settings.differences(b.settings, "first state", "second state");
        if (!diff.isEmpty()) {
            throw new ChurnkitException("cannot merge summary states of different settings: " + String.join("; ", diff));
        }
        SummaryState r = a.copy();
        r.ensure(a.size + b.size);
        Acc x = new Acc();
        Acc y = new Acc();
        for (int c = 0; c < b.size; c++) {
            String id = b.dict.id(c);
            int s = r.dict.find(id);
            y.load(b, c);
            if (s < 0) {
                s = r.dict.intern(id);
                r.size = s + 1;
                y.store(r, s);
                continue;
            }
            x.load(r, s);
            if (y.n == 0) {
                continue;
            }
            if (x.n == 0) {
                y.rows += x.rows;
                y.store(r, s);
                continue;
            }
            if (x.lp < y.fp || (x.lp == y.fp && a.maxTime < b.minTime)) {
                x.appendAll(y);
                x.store(r, s);
            } else if (y.lp < x.fp || (y.lp == x.fp && b.maxTime < a.minTime)) {
                y.appendAll(x);
                y.store(r, s);
            } else {
                throw new ChurnkitException("cannot merge the summary states exactly: customer '" + id
                        + "' has purchases from " + day(a.settings.merge, x.fp) + " to " + day(a.settings.merge, x.lp)
                        + " in the first and from " + day(a.settings.merge, y.fp) + " to " + day(a.settings.merge, y.lp)
                        + " in the second; merge states of disjoint time ranges or of disjoint customers");
            }
        }
        if (b.end != null && (r.end == null || b.end.lastSecond() > r.end.lastSecond())) {
            r.end = b.end;
        }
        r.rowsRead += b.rowsRead;
        r.zeroRows += b.zeroRows;
        r.negativeRows += b.negativeRows;
        r.missingRows += b.missingRows;
        r.duplicateRows += b.duplicateRows;
        r.afterEndRows += b.afterEndRows;
        r.lateRows += b.lateRows;
        r.minTime = Math.min(a.minTime, b.minTime);
        r.maxTime = Math.max(a.maxTime, b.maxTime);
        return r;
    }

    // ------------------------------------------------------------------ summaries

    /**
     * The summaries at the state's end.
     *
     * @return one summary per customer with a transaction, in order of first appearance
     * @throws ChurnkitException when the state has no end or no customer
     */
    public CustomerSummaries summaries() {
        return summaries(end); // no end: the empty-state error of summaries(SummaryOptions)
    }

    /**
     * The summaries at {@code asOf}, the state's end or later: T runs to {@code asOf} for every
     * customer, the rest is as at the end (no transaction is known after it).
     *
     * @param asOf the observation end
     * @return one summary per customer with a transaction, in order of first appearance
     * @throws ChurnkitException when {@code asOf} is before the state's end, or no customer
     */
    public CustomerSummaries summaries(PeriodEnd asOf) {
        return summaries(settings.options().withObservationEnd(asOf));
    }

    /**
     * The summaries under {@code options}: its observation end (the state's when null; not before
     * it) and cohort. Its merge period, time unit and amount rules must be the state's.
     *
     * @param options observation end and cohort; the rest as the state's settings
     * @return what {@link Summarizer#summarize} gives on the whole log with these options: the
     *     same customers, frequency, recency, T, monetary and mean value, first and last purchase
     *     (customer order: first appearance over the batches; counts of rows and customers as far
     *     as the state keeps them, without examples)
     * @throws ChurnkitException when the settings differ, the end is before the state's, or no
     *     customer is left
     */
    public CustomerSummaries summaries(SummaryOptions options) {
        List<String> diff = settings.differences(Settings.of(options, settings.amounts), "state", "asked");
        if (!diff.isEmpty()) {
            throw new ChurnkitException("the summary state was built with other settings: " + String.join("; ", diff)
                    + "; summarise with the state's settings (" + settings.describe() + ")");
        }
        PeriodEnd asOf = options.observationEnd() != null ? options.observationEnd() : end;
        if (asOf == null) {
            throw new ChurnkitException("the summary state is empty: update it with transactions first");
        }
        if (end != null && asOf.lastSecond() < end.lastSecond()) {
            throw new ChurnkitException("summaries at " + asOf + " are before the state's end " + end
                    + ": the state holds transactions after that date");
        }
        MergePeriod merge = settings.merge;
        double perUnit = merge.seconds() / settings.unit.seconds();
        long endP = merge.periodOf(asOf.lastSecond());
        long cohortFrom = options.cohortFrom() == null ? Long.MIN_VALUE : options.cohortFrom().toEpochDay();
        long cohortTo = options.cohortTo() == null ? Long.MAX_VALUE : options.cohortTo().toEpochDay();
        boolean amounts = settings.amounts;
        int k = customerCount();
        String[] ids = new String[k];
        long[] x = new long[k];
        double[] tx = new double[k];
        double[] age = new double[k];
        double[] mon = new double[k];
        double[] mean = new double[k];
        long[] first = new long[k];
        long[] last = new long[k];
        double[] hi = new double[2];
        double[] lo = new double[2];
        int out = 0;
        long used = 0;
        long merged = 0;
        long exCohort = 0;
        long noRow = 0;
        long zeroAge = 0;
        long noSpend = 0;
        String firstZeroAge = "";
        String firstNoSpend = "";
        for (int c = 0; c < size; c++) {
            int np = periods[c];
            if (np == 0) {
                noRow++;
                continue;
            }
            long fp = firstP[c];
            long firstDay = Math.floorDiv(merge.startOf(fp), 86_400L);
            if (firstDay < cohortFrom || firstDay > cohortTo) {
                exCohort++;
                continue;
            }
            byte f = flags[c];
            boolean knownF = (f & FIRST_HAS) != 0 && firstHi[c] > 0;
            int knownRep = 0;
            hi[0] = 0; // repeat
            lo[0] = 0;
            if (np >= 2) {
                hi[0] = midHi[c];
                lo[0] = midLo[c];
                knownRep = midKnown[c];
                if ((f & LAST_HAS) != 0 && lastHi[c] > 0) {
                    ExactSum.add(hi, lo, 0, lastHi[c], lastLo[c]);
                    knownRep++;
                }
            }
            hi[1] = hi[0]; // all
            lo[1] = lo[0];
            int knownAll = knownRep;
            if (knownF) {
                ExactSum.add(hi, lo, 1, firstHi[c], firstLo[c]);
                knownAll++;
            }
            String id = dict.id(c);
            ids[out] = id;
            x[out] = np - 1;
            tx[out] = (lastP[c] - fp) * perUnit;
            age[out] = (endP - fp) * perUnit;
            mon[out] = knownRep > 0 ? hi[0] / knownRep : 0.0;
            mean[out] = knownAll > 0 ? hi[1] / knownAll : (amounts ? 0.0 : Double.NaN);
            if (amounts && (!Double.isFinite(mon[out]) || !Double.isFinite(mean[out]))) {
                throw new ChurnkitException("the amounts of customer '" + id + "' add up to more than a double holds "
                        + "(amounts near 1e308): check the amount column");
            }
            first[out] = merge.startOf(fp);
            last[out] = merge.startOf(lastP[c]);
            used += rows[c];
            merged += rows[c] - np;
            if (fp == endP && zeroAge++ == 0) {
                firstZeroAge = "customer '" + id + "'";
            }
            if (amounts && np > 1 && knownRep == 0 && noSpend++ == 0) {
                firstNoSpend = "customer '" + id + "'";
            }
            out++;
        }
        if (out == 0) {
            throw new ChurnkitException("no customer left to summarise: " + size + " customers in the state, " + exCohort
                    + " outside the cohort" + (noRow > 0 ? ", " + noRow + " with every row dropped by the amount or duplicate rules" : ""));
        }
        Exclusions exclusions = Exclusions.builder()
                .add(Exclusions.ZERO_AMOUNT, zeroRows, "transactions", "with amount 0",
                        settings.zeroAmounts == SummaryOptions.ZeroAmounts.DROP ? "dropped: not transactions (zero amounts: drop)"
                                : "counted as transactions, left out of spend means (zero amounts: count)", "")
                .add(Exclusions.NEGATIVE_AMOUNT, negativeRows, "transactions", "with a negative amount (refunds)",
                        settings.negativeAmounts == SummaryOptions.NegativeAmounts.DROP
                                ? "dropped: neither transactions nor spend (negative amounts: drop)"
                                : "netted with the same period's amounts (negative amounts: net)", "")
                .add(Exclusions.MISSING_AMOUNT, missingRows, "transactions", "without an amount",
                        "counted as transactions, left out of spend means", "")
                .add(Exclusions.DUPLICATE_ROW, duplicateRows, "transactions", "identical to an earlier row of their batch",
                        settings.duplicates == SummaryOptions.Duplicates.DROP ? "dropped (duplicates: drop)"
                                : "kept as separate orders, merged into their period (duplicates: keep)", "")
                .add(Exclusions.AFTER_END, afterEndRows, "transactions", "after the as-of date of their batch", "dropped", "")
                .add(Exclusions.OUTSIDE_COHORT, exCohort, "customers", "outside the cohort", "excluded", "")
                .add(Exclusions.NO_ROW_LEFT, noRow, "customers", "whose every row was dropped by the rules above", "excluded", "")
                .add(Exclusions.ZERO_AGE, zeroAge, "customers", "acquired on the observation end day (T = 0)",
                        "kept: P(alive) and expected transactions of a new customer; fits skip them (a constant likelihood)",
                        firstZeroAge)
                .add(Exclusions.NO_POSITIVE_SPEND, noSpend, "customers", "with repeat transactions but no positive repeat amount",
                        "kept with monetary_value 0; the spend model leaves them out of its fit and scores them at the population mean",
                        firstNoSpend)
                .build();
        CustomerSummaries.Counts counts = new CustomerSummaries.Counts(rowsRead, used, merged, afterEndRows, size,
                (int) exCohort, 0);
        return new CustomerSummaries(Arrays.copyOf(ids, out), Arrays.copyOf(x, out), Arrays.copyOf(tx, out),
                Arrays.copyOf(age, out), Arrays.copyOf(mon, out), Arrays.copyOf(mean, out), Arrays.copyOf(first, out),
                Arrays.copyOf(last, out), null, null, Double.NaN, amounts, settings.unit, counts, exclusions);
    }

    @Override
    public String toString() {
        return "SummaryState[" + customerCount() + " customers, end " + end + ", " + settings.describe() + "]";
    }
}
