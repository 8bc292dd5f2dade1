package org.churnkit.model;

import java.util.Arrays;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.io.BadInputException;

/**
 * Customers' repeat-transaction histories in columnar form, the input every model consumes:
 * frequency {@code x} (repeat transactions), recency {@code t_x} (time of the last transaction,
 * from the first), age {@code T} (time from the first transaction to the end of observation), an
 * optional mean repeat-transaction value (for spend models) and a weight per row (how many
 * identical customers the row stands for; 1 when uncompressed).
 *
 * <p>For BG/BB the same columns hold the discrete form: {@code x} transactions in {@code n}
 * opportunities ({@code age}), the last in opportunity {@code t_x} (recency).
 *
 * <p>Immutable: the public factories copy the arrays they are given and the column accessors return
 * copies, so no caller can change a history after validation. Inside this package, code that has
 * just built its arrays (simulators, compression, fit data) hands them over without a copy through
 * {@link #wrap}, and hot paths (likelihoods, batch scoring) read the fields directly; the arrays
 * are never written after construction.
 */
public final class Histories {
    final double[] frequency;
    final double[] recency;
    final double[] age;
    /** Mean repeat-transaction value per row, or {@code null}. */
    final double[] monetary;
    /** Weight per row, or {@code null} meaning every weight is 1. */
    final double[] weight;
    /** Customer ids for messages, or {@code null} meaning "row i". */
    final String[] ids;

    private Histories(double[] x, double[] tx, double[] t, double[] m, double[] w, String[] ids) {
        this.frequency = x;
        this.recency = tx;
        this.age = t;
        this.monetary = m;
        this.weight = w;
        this.ids = ids;
    }

    /**
     * Histories without spend, weights or ids.
     *
     * @throws BadInputException naming the first row that is not a valid history (see {@link #validate})
     * @param frequency repeat transactions x per row, whole numbers {@code >= 0}
     * @param recency recency t_x per row, {@code 0 <= t_x <= T}
     * @param age age T per row, {@code >= 0} (0: acquired at the end of observation, then x = 0)
     * @return the histories
     */
    public static Histories of(double[] frequency, double[] recency, double[] age) {
        return of(frequency, recency, age, null, null, null);
    }

    /**
     * Histories with any of spend, weights and ids (each may be {@code null}). The arrays are
     * copied.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     * @throws BadInputException naming the first invalid row
     * @param frequency repeat transactions x per row, whole numbers {@code >= 0}
     * @param recency recency t_x per row, {@code 0 <= t_x <= T}
     * @param age age T per row, {@code >= 0} (0: acquired at the end of observation, then x = 0)
     * @param monetary mean repeat-transaction value per row, or {@code null}
     * @param weight number of identical customers each row stands for, or {@code null} for 1
     * @param ids customer id per row, or {@code null}
     * @return the histories
     */
    public static Histories of(double[] frequency, double[] recency, double[] age,
                               double[] monetary, double[] weight, String[] ids) {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(recency, "recency");
        Objects.requireNonNull(age, "age");
        return wrap(frequency.clone(), recency.clone(), age.clone(), copy(monetary), copy(weight),
                ids == null ? null : ids.clone());
    }

    private static double[] copy(double[] a) {
        return a == null ? null : a.clone();
    }

    /**
     * As {@link #of(double[], double[], double[], double[], double[], String[])} without copying:
     * the histories take the arrays over. Only for code of this package that has just built the
     * arrays and keeps no other reference it could write through; the zero-copy path matters for
     * the million-row histories of simulations and fits.
     */
    static Histories wrap(double[] frequency, double[] recency, double[] age,
                          double[] monetary, double[] weight, String[] ids) {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(recency, "recency");
        Objects.requireNonNull(age, "age");
        int n = frequency.length;
        if (recency.length != n || age.length != n
                || (monetary != null && monetary.length != n)
                || (weight != null && weight.length != n)
                || (ids != null && ids.length != n)) {
            throw new IllegalArgumentException("columns differ in length");
        }
        Histories h = new Histories(frequency, recency, age, monetary, weight, ids);
        h.validate();
        return h;
    }

    /**
     * The models' input from a log's summaries: x, t_x, T, spend (when the log has amounts) and ids.
     *
     * Customers acquired at the end of observation have {@code T = 0}: they are valid histories,
     * scored as new customers; {@link FitData} leaves them out of fits (their likelihood is a
     * constant) and counts them.
     *
     * @param summaries one row per customer
     * @return the histories, with ids and, when the log has amounts, spend
     */
    public static Histories of(CustomerSummaries summaries) {
        int n = summaries.size();
        double[] x = new double[n];
        double[] r = new double[n];
        double[] a = new double[n];
        double[] m = summaries.hasAmounts() ? new double[n] : null;
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = summaries.frequency(i);
            r[i] = summaries.recency(i);
            a[i] = summaries.age(i);
            if (m != null) {
                m[i] = summaries.monetaryValue(i);
            }
            ids[i] = summaries.id(i);
        }
        return of(x, r, a, m, null, ids);
    }

    /**
     * Reads a summary file written by {@code churnkit summarize} or {@code split} (or by lifetimes,
     * with a {@code customer_id} column) as model input: {@code customer_id, frequency, recency, T}
     * and {@code monetary_value} when present. Other columns are ignored.
     *
     * @throws org.churnkit.io.BadInputException when a column is missing or a cell is not a number
     * @throws ChurnkitException naming the first customer whose row is not a valid history
     * @param file a summaries file (.csv, .txt; .parquet, .arrow with the toolkit-arrow module)
     * @return the histories
     */
    public static Histories read(java.nio.file.Path file) {
        java.util.List<String> names = TableIO.read(file, null, java.util.Map.of(), true).columnNames();
        java.util.Map<String, ColumnType> want = new java.util.LinkedHashMap<>();
        want.put("customer_id", ColumnType.STRING);
        want.put("frequency", ColumnType.DOUBLE);
        want.put("recency", ColumnType.DOUBLE);
        want.put("T", ColumnType.DOUBLE);
        boolean spend = names.contains("monetary_value");
        if (spend) {
            want.put("monetary_value", ColumnType.DOUBLE);
        }
        ColumnTable t = TableIO.read(file, null, want, false);
        try {
            return of(t.doubles("frequency"), t.doubles("recency"), t.doubles("T"),
                    spend ? t.doubles("monetary_value") : null, null, t.strings("customer_id"));
        } catch (ChurnkitException e) { // the rows are the file's: a problem in them is the file's, with its name
            throw BadInputException.of(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Same rows with these weights (counts of identical customers). The columns are shared with
     * this instance (neither ever changes them); the weights are copied.
     *
     * @param w weight per row, {@code > 0}
     * @return the histories with the weights
     */
    public Histories withWeights(double[] w) {
        return wrap(frequency, recency, age, monetary, copy(w), ids);
    }

    /**
     * Same rows with these ids. The columns are shared with this instance; the ids are copied.
     *
     * @param customerIds id per row, used in messages
     * @return the histories with the ids
     */
    public Histories withIds(String[] customerIds) {
        return wrap(frequency, recency, age, monetary, weight, customerIds == null ? null : customerIds.clone());
    }

    /**
     * Number of rows.
     *
     * @return the number of rows
     */
    public int size() {
        return frequency.length;
    }

    /**
     * Repeat transactions x of row i.
     *
     * @param i row index
     * @return x
     */
    public double frequency(int i) {
        return frequency[i];
    }

    /**
     * Recency t_x of row i: time of the last transaction since the first.
     *
     * @param i row index
     * @return t_x
     */
    public double recency(int i) {
        return recency[i];
    }

    /**
     * Age T of row i: time from the first transaction to the end of observation.
     *
     * @param i row index
     * @return T
     */
    public double age(int i) {
        return age[i];
    }

    /**
     * Mean repeat-transaction value of row i; NaN when there is no spend column.
     *
     * @param i row index
     * @return the mean value, or NaN
     */
    public double monetary(int i) {
        return monetary == null ? Double.NaN : monetary[i];
    }

    /**
     * Whether the rows have a mean repeat-transaction value.
     *
     * @return true when there is a spend column
     */
    public boolean hasMonetary() {
        return monetary != null;
    }

    /**
     * Weight of row i: the number of identical customers it stands for.
     *
     * @param i row index
     * @return the weight, 1 when unweighted
     */
    public double weight(int i) {
        return weight == null ? 1.0 : weight[i];
    }

    /**
     * Whether the rows carry weights.
     *
     * @return true when weights were given
     */
    public boolean isWeighted() {
        return weight != null;
    }

    /**
     * Sum of weights: the number of customers the rows stand for.
     *
     * @return the sum of the weights (the row count when unweighted)
     */
    public double totalWeight() {
        if (weight == null) {
            return frequency.length;
        }
        double s = 0;
        for (double w : weight) {
            s += w;
        }
        return s;
    }

    /**
     * How row i is named in messages: its id, or {@code row i} (0-based).
     *
     * @param i row index
     * @return a description with the history, for error messages
     */
    public String describe(int i) {
        String who = ids != null ? "customer '" + ids[i] + "'" : "customer at row " + i;
        return who + " (x=" + frequency[i] + ", t_x=" + recency[i] + ", T=" + age[i] + ")";
    }

    /**
     * Id of row i.
     *
     * @param i row index
     * @return the customer id, or the row index as text without ids
     */
    public String id(int i) {
        return ids != null ? ids[i] : Integer.toString(i);
    }

    /**
     * Copies of the columns, for callers outside this package.
     *
     * @return a copy of the repeat transactions x
     */
    public double[] frequencies() {
        return frequency.clone();
    }

    /**
     * Copy of the recency column.
     *
     * @return a copy of t_x
     */
    public double[] recencies() {
        return recency.clone();
    }

    /**
     * Copy of the age column.
     *
     * @return a copy of T
     */
    public double[] ages() {
        return age.clone();
    }

    /**
     * Checks every row: {@code x} a non-negative whole number, {@code 0 <= t_x <= T}, {@code T >= 0}
     * ({@code T = 0}: acquired at the end of observation, so {@code x = 0}),
     * {@code t_x = 0} when {@code x = 0}, weights finite and non-negative, spend finite.
     */
    private void validate() {
        for (int i = 0; i < frequency.length; i++) {
            double x = frequency[i];
            double tx = recency[i];
            double t = age[i];
            String problem = null;
            if (!(x >= 0) || x != Math.rint(x) || Double.isInfinite(x)) {
                problem = "frequency must be a non-negative whole number";
            } else if (!(t >= 0) || Double.isInfinite(t)) {
                problem = "T (age) must be non-negative and finite";
            } else if (t == 0 && x != 0) {
                problem = "frequency must be 0 when T is 0 (acquired at the end of observation)";
            } else if (!(tx >= 0) || tx > t) {
                problem = "recency must lie in [0, T]";
            } else if (x == 0 && tx != 0) {
                problem = "recency must be 0 when frequency is 0";
            } else if (weight != null && (!(weight[i] >= 0) || Double.isInfinite(weight[i]))) {
                problem = "weight must be finite and non-negative";
            } else if (monetary != null && x > 0 && !Double.isFinite(monetary[i])) {
                problem = "monetary value must be finite";
            }
            if (problem != null) {
                throw BadInputException.of("invalid history for " + describe(i) + ": " + problem);
            }
        }
    }

    @Override
    public String toString() {
        return "Histories[" + size() + " rows" + (weight != null ? ", weighted" : "")
                + (monetary != null ? ", with spend" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histories h && Arrays.equals(frequency, h.frequency)
                && Arrays.equals(recency, h.recency) && Arrays.equals(age, h.age)
                && Arrays.equals(monetary, h.monetary) && Arrays.equals(weight, h.weight)
                && Arrays.equals(ids, h.ids);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(frequency), Arrays.hashCode(recency), Arrays.hashCode(age));
    }
}
