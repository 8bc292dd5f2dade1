package org.churnkit.data;

import java.util.Arrays;
import org.churnkit.ChurnkitException;
import org.churnkit.io.ColumnTable;
import org.churnkit.model.Histories;

/**
 * One row per customer: the repeat-purchase summary every BTYD model consumes, and for a
 * calibration/holdout split the holdout outcome as well. Built by {@link Summarizer}.
 *
 * <ul>
 *   <li>{@code frequency} x: repeat transactions (merged periods after the first) up to the end;
 *   <li>{@code recency} t_x: time from the first to the last transaction, in the unit;
 *   <li>{@code T}: time from the first transaction to the end;
 *   <li>{@code monetary_value}: mean amount of the repeat transactions with a positive amount
 *       (merged per period), 0 when there is none, in particular when x = 0 (lifetimes' convention:
 *       the first purchase is left out, as the Gamma-Gamma model expects; zero, refund and missing
 *       amounts are transactions without spend, see {@link SummaryOptions.ZeroAmounts});
 *   <li>{@code mean_value}: mean positive amount of all transactions, first included (0 when none);
 *   <li>{@code first_purchase}, {@code last_purchase}: start of the first and last period;
 *   <li>holdout (split only): {@code frequency_holdout} (transactions after the calibration end,
 *       up to the observation end), {@code monetary_value_holdout} (their mean amount, 0 when
 *       none) and {@code duration_holdout} (length of the holdout period, same for everyone).
 * </ul>
 *
 * <p>Immutable; accessors return copies or single values.
 */
public final class CustomerSummaries {
    private final String[] ids;
    private final long[] frequency;
    private final double[] recency;
    private final double[] age;
    private final double[] monetary;
    private final double[] meanValue;
    private final long[] firstPurchase;
    private final long[] lastPurchase;
    private final long[] frequencyHoldout; // null unless split
    private final double[] monetaryHoldout;
    private final double durationHoldout;
    private final boolean hasAmounts;
    private final TimeUnit unit;
    private final Counts counts;
    private final Exclusions exclusions;

    /**
     * What was read, used, merged, dropped and excluded.
     *
     * @param transactionsRead        rows in the log
     * @param transactionsUsed        rows inside the observation window and the kept customers
     * @param transactionsMerged      rows folded into another transaction of the same period
     * @param transactionsAfterEnd    rows after the observation end (dropped; only when allowed)
     * @param customersRead           distinct customers in the log
     * @param customersExcludedCohort customers outside the cohort (first purchase date)
     * @param customersExcludedAfterCutoff customers whose first purchase is after the calibration
     *                                end (split) or, when dropping, who have no transaction before the end
     */
    public record Counts(long transactionsRead, long transactionsUsed, long transactionsMerged,
                         long transactionsAfterEnd, int customersRead, int customersExcludedCohort,
                         int customersExcludedAfterCutoff) {}

    CustomerSummaries(String[] ids, long[] frequency, double[] recency, double[] age, double[] monetary,
                      double[] meanValue, long[] firstPurchase, long[] lastPurchase, long[] frequencyHoldout,
                      double[] monetaryHoldout, double durationHoldout, boolean hasAmounts, TimeUnit unit, Counts counts,
                      Exclusions exclusions) {
        this.ids = ids;
        this.frequency = frequency;
        this.recency = recency;
        this.age = age;
        this.monetary = monetary;
        this.meanValue = meanValue;
        this.firstPurchase = firstPurchase;
        this.lastPurchase = lastPurchase;
        this.frequencyHoldout = frequencyHoldout;
        this.monetaryHoldout = monetaryHoldout;
        this.durationHoldout = durationHoldout;
        this.hasAmounts = hasAmounts;
        this.unit = unit;
        this.counts = counts;
        this.exclusions = exclusions == null ? Exclusions.none() : exclusions;
    }

    /**
     * Number of customers summarised.
     *
     * @return the number of customers
     */
    public int size() {
        return ids.length;
    }

    /**
     * Id of customer i.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return the customer id
     */
    public String id(int i) {
        return ids[i];
    }

    /**
     * Repeat transactions x of customer i: purchase periods after the first.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return x, {@code >= 0}
     */
    public long frequency(int i) {
        return frequency[i];
    }

    /**
     * Recency t_x of customer i: time of the last purchase since the first, in the unit.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return t_x, {@code >= 0}
     */
    public double recency(int i) {
        return recency[i];
    }

    /**
     * Age T of customer i.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return T: time from the first purchase to the end of observation, in the unit
     */
    public double age(int i) {
        return age[i];
    }

    /**
     * Mean repeat-transaction amount over the repeat periods with a positive amount (0 when there
     * is none, in particular when x = 0; NaN when the log has no amounts).
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return the mean positive repeat-transaction amount
     */
    public double monetaryValue(int i) {
        return hasAmounts ? monetary[i] : Double.NaN;
    }

    /**
     * Mean amount over all periods with a positive amount, first included (0 when there is none;
     * NaN when the log has no amounts).
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return the mean positive amount
     */
    public double meanValue(int i) {
        return hasAmounts ? meanValue[i] : Double.NaN;
    }

    /**
     * Start of the first purchase's period, wall-clock seconds.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return seconds since 1970-01-01T00:00, wall clock
     */
    public long firstPurchase(int i) {
        return firstPurchase[i];
    }

    /**
     * Start of the last purchase's period (up to the end), wall-clock seconds.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return seconds since 1970-01-01T00:00, wall clock
     */
    public long lastPurchase(int i) {
        return lastPurchase[i];
    }

    /**
     * Whether this is a calibration/holdout split.
     *
     * @return true when there are holdout columns
     */
    public boolean hasHoldout() {
        return frequencyHoldout != null;
    }

    /**
     * Repeat transactions of customer i in the holdout period.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return the holdout count, {@code >= 0}
     * @throws IllegalStateException when there is no holdout
     */
    public long frequencyHoldout(int i) {
        requireHoldout();
        return frequencyHoldout[i];
    }

    /**
     * Mean amount of customer i in the holdout period (NaN when the log has no amounts).
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return the holdout mean amount
     * @throws IllegalStateException when there is no holdout
     */
    public double monetaryValueHoldout(int i) {
        requireHoldout();
        return hasAmounts ? monetaryHoldout[i] : Double.NaN;
    }

    /**
     * Length of the holdout period in the unit.
     *
     * @return the holdout duration
     * @throws IllegalStateException when there is no holdout
     */
    public double durationHoldout() {
        requireHoldout();
        return durationHoldout;
    }

    /**
     * Whether the log had amounts.
     *
     * @return true when the monetary columns are filled
     */
    public boolean hasAmounts() {
        return hasAmounts;
    }

    /**
     * Time unit of recency, age and durations.
     *
     * @return the unit
     */
    public TimeUnit unit() {
        return unit;
    }

    /**
     * How many transactions and customers were read, used, merged and excluded.
     *
     * @return the counts
     */
    public Counts counts() {
        return counts;
    }

    /**
     * What was excluded or treated by a rule, and why: zero, negative and missing amounts,
     * duplicate rows, rows after the end, customers outside the cohort or acquired at the end
     * (T = 0), customers without a positive repeat amount; each with a count and the first example
     * (customer id, file line).
     *
     * @return the exclusion report, empty when every row was ordinary
     */
    public Exclusions exclusions() {
        return exclusions;
    }

    /**
     * Copy of the ids.
     *
     * @return a copy of the customer ids
     */
    public String[] ids() {
        return ids.clone();
    }

    private void requireHoldout() {
        if (frequencyHoldout == null) {
            throw new IllegalStateException("not a calibration/holdout split");
        }
    }

    /**
     * The models' input: x, t_x, T, spend (when the log has amounts) and ids.
     *
     * Customers acquired at the end of observation have {@code T = 0}: they are valid histories,
     * scored as new customers; {@link org.churnkit.model.FitData} leaves them out of fits (their
     * likelihood is a constant) and counts them.
     *
     * @return the histories, with ids and, when the log has amounts, spend
     */
    public Histories toHistories() {
        double[] x = new double[ids.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = frequency[i];
        }
        return Histories.of(x, recency.clone(), age.clone(), hasAmounts ? monetary.clone() : null, null, ids.clone());
    }

    /** Columns a summary file must have to be read back as model input. */
    public static final java.util.List<String> REQUIRED_COLUMNS = java.util.List.of("customer_id", "frequency", "recency", "T");

    /**
     * Reads a summary file written by {@code churnkit summarize} or {@code split} (or by lifetimes,
     * with a {@code customer_id} column) as model input: {@code customer_id, frequency, recency, T}
     * and {@code monetary_value} when present. Other columns are ignored.
     *
     * @throws org.churnkit.io.BadInputException when a column is missing or a cell is not a number, or
     *     naming the file and the first customer whose row is not a valid history
     * @param file a summaries file (.csv, .txt, .parquet, .arrow)
     * @return the histories
     */
    public static Histories readHistories(java.nio.file.Path file) {
        java.util.List<String> names = org.churnkit.io.TableIO.read(file, null, java.util.Map.of(), true).columnNames();
        java.util.Map<String, org.churnkit.io.ColumnType> want = new java.util.LinkedHashMap<>();
        want.put("customer_id", org.churnkit.io.ColumnType.STRING);
        want.put("frequency", org.churnkit.io.ColumnType.DOUBLE);
        want.put("recency", org.churnkit.io.ColumnType.DOUBLE);
        want.put("T", org.churnkit.io.ColumnType.DOUBLE);
        boolean spend = names.contains("monetary_value");
        if (spend) {
            want.put("monetary_value", org.churnkit.io.ColumnType.DOUBLE);
        }
        ColumnTable t = org.churnkit.io.TableIO.read(file, null, want, false);
        try {
            return Histories.of(t.doubles("frequency"), t.doubles("recency"), t.doubles("T"),
                    spend ? t.doubles("monetary_value") : null, null, t.strings("customer_id"));
        } catch (ChurnkitException e) { // the rows are the file's: a problem in them is the file's, with its name
            throw org.churnkit.io.BadInputException.of(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The table written by {@code churnkit summarize} and {@code split}: {@code customer_id,
     * frequency, recency, T, monetary_value} (lifetimes' names), then for a split
     * {@code frequency_holdout, monetary_value_holdout, duration_holdout}; the monetary columns only
     * when the log has amounts.
     *
     * @param extended also {@code mean_value, first_purchase, last_purchase}
     * @return the table
     */
    public ColumnTable toTable(boolean extended) {
        ColumnTable.Builder b = ColumnTable.builder()
                .addString("customer_id", ids)
                .addLong("frequency", frequency)
                .addDouble("recency", recency)
                .addDouble("T", age);
        if (hasAmounts) {
            b.addDouble("monetary_value", monetary);
        }
        if (frequencyHoldout != null) {
            b.addLong("frequency_holdout", frequencyHoldout);
            if (hasAmounts) {
                b.addDouble("monetary_value_holdout", monetaryHoldout);
            }
            double[] d = new double[ids.length];
            Arrays.fill(d, durationHoldout);
            b.addDouble("duration_holdout", d);
        }
        if (extended) {
            if (hasAmounts) {
                b.addDouble("mean_value", meanValue);
            }
            b.addTimestamp("first_purchase", firstPurchase);
            b.addTimestamp("last_purchase", lastPurchase);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "CustomerSummaries[" + size() + " customers, " + unit.label() + "s" + (hasHoldout() ? ", with holdout" : "") + "]";
    }
}
