package org.churnkit.segment;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.ScoreColumn;

/**
 * Per-customer scores as named primitive columns, as segmentation and the report take them: the
 * customer ids and any of the numeric columns of a score file ({@link ScoreColumn}: {@code frequency,
 * recency, T, monetary_value, p_alive, expected_transactions, expected_spend, dert, clv, alive_value,
 * value_at_risk}). All
 * columns have one value per customer, in the same order as the ids. Immutable: the arrays are
 * not copied, and callers must not change them afterwards (copying 1M-row columns costs time
 * for nothing on the hot path).
 */
public final class ScoreColumns {
    private final String[] ids;
    private final Map<String, double[]> columns;

    private ScoreColumns(String[] ids, Map<String, double[]> columns) {
        this.ids = ids;
        this.columns = columns;
    }

    /**
     * Score columns from arrays.
     *
     * @param ids customer ids, one per customer
     * @param columns named columns, each as long as {@code ids}
     * @throws IllegalArgumentException when a column's length differs from the number of ids
     * @return the columns
     */
    public static ScoreColumns of(String[] ids, Map<String, double[]> columns) {
        Objects.requireNonNull(ids, "ids");
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (var e : columns.entrySet()) {
            if (e.getValue().length != ids.length) {
                throw new IllegalArgumentException("column " + e.getKey() + " has " + e.getValue().length
                        + " values for " + ids.length + " customers");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return new ScoreColumns(ids, Collections.unmodifiableMap(copy));
    }

    /** Column of the customer ids in score files. */
    private static final String ID = ScoreColumn.CUSTOMER_ID.column();

    /**
     * Numeric columns {@link #read} takes when present, the history first, then the scores
     * ({@link ScoreColumn}); other columns are ignored.
     */
    public static final List<String> SCORE_COLUMNS = List.of(ScoreColumn.FREQUENCY.column(), ScoreColumn.RECENCY.column(),
            ScoreColumn.AGE.column(), ScoreColumn.MONETARY_VALUE.column(), ScoreColumn.P_ALIVE.column(),
            ScoreColumn.EXPECTED_TRANSACTIONS.column(), ScoreColumn.EXPECTED_SPEND.column(), ScoreColumn.DERT.column(),
            ScoreColumn.CLV.column(), ScoreColumn.ALIVE_VALUE.column(), ScoreColumn.VALUE_AT_RISK.column());

    /**
     * Interval ends {@link #read} also takes when present (written by {@code score --intervals}), with
     * the range checks of their score column: the report's segment table summarises them.
     */
    public static final List<String> INTERVAL_COLUMNS = List.of(
            ScoreColumn.EXPECTED_TRANSACTIONS.column() + "_lower", ScoreColumn.EXPECTED_TRANSACTIONS.column() + "_upper",
            ScoreColumn.CLV.column() + "_lower", ScoreColumn.CLV.column() + "_upper");

    /**
     * Reads a score file (CSV, Parquet or Arrow by extension, see {@link TableIO}): {@code customer_id}
     * plus any of {@link #SCORE_COLUMNS} and {@link #INTERVAL_COLUMNS}, each of which must hold finite numbers.
     *
     * @throws BadInputException naming file, line and column for a missing id column, an empty or
     *     repeated id, a value that is not a finite number, or a file without customers
     * @param file a score file (.csv, .txt, .parquet, .arrow) with a {@code customer_id} column
     * @return the columns
     */
    public static ScoreColumns read(Path file) {
        ColumnTable t = TableIO.read(file, null, Map.of(ID, ColumnType.STRING), true);
        if (t.rowCount() == 0) {
            throw BadInputException.at(file, 0, null, "no customers (only a header row)");
        }
        String[] ids = t.strings(ID).clone();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            String id = org.churnkit.data.CustomerIds.normalize(ids[i], file, t.line(i), ID);
            Integer prev = seen.put(id, i);
            if (prev != null) {
                throw BadInputException.at(file, t.line(i), ID, "customer " + id + " already appeared on line " + t.line(prev));
            }
            ids[i] = id;
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (String c : SCORE_COLUMNS) {
            if (t.has(c)) {
                double[] v = t.finiteDoubles(c);
                checkRange(t, c, c, v);
                cols.put(c, v);
            }
        }
        for (String c : INTERVAL_COLUMNS) {
            if (t.has(c)) {
                double[] v = t.finiteDoubles(c);
                checkRange(t, c, c.substring(0, c.lastIndexOf('_')), v);
                cols.put(c, v);
            }
        }
        return of(ids, cols);
    }

    /**
     * Number of customers.
     *
     * @return the number of rows
     */
    public int size() {
        return ids.length;
    }

    /**
     * Customer id of row {@code i}.
     *
     * @param i row index
     * @return the id
     */
    public String id(int i) {
        return ids[i];
    }

    /**
     * The id array (shared, do not modify).
     *
     * @return the ids
     */
    public String[] ids() {
        return ids;
    }

    /**
     * Names of the columns present.
     *
     * @return the column names
     */
    public Set<String> names() {
        return columns.keySet();
    }

    /**
     * Whether column {@code name} is present.
     *
     * @param name a column name
     * @return true when present
     */
    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /**
     * Column {@code name}, or {@code null} when absent.
     *
     * @param name a column name
     * @return the values (shared, do not modify), or {@code null}
     */
    public double[] get(String name) {
        return columns.get(name);
    }

    /**
     * Column {@code name}.
     *
     * @throws ChurnkitException saying which column is missing and which are present
     * @param name a column name
     * @return the values (shared, do not modify)
     */
    public double[] require(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            throw new ChurnkitException("the scores have no '" + name + "' column (columns present: "
                    + String.join(", ", columns.keySet()) + ")");
        }
        return c;
    }

    /**
     * Alive value of every customer ({@link org.churnkit.model.CustomerValue}): the
     * {@code alive_value} column when present, else {@code clv / p_alive}, else {@code null} (no
     * clv or no p_alive column).
     *
     * @return one alive value per customer (a new array unless it is the column), or {@code null}
     * @throws ChurnkitException naming the customer when the alive value cannot be derived (for
     *     example P(alive) too small to divide by)
     */
    public double[] aliveValues() {
        double[] a = columns.get(ScoreColumn.ALIVE_VALUE.column());
        if (a != null) {
            return a;
        }
        double[] clv = columns.get(ScoreColumn.CLV.column());
        double[] p = columns.get(ScoreColumn.P_ALIVE.column());
        if (clv == null || p == null) {
            return null;
        }
        double[] out = new double[clv.length];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = org.churnkit.model.CustomerValue.fromClv(clv[i], p[i]).aliveValue();
            } catch (IllegalArgumentException e) {
                throw new NotComputableException("customer " + ids[i], "customer " + ids[i] + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Value at risk of every customer, {@code (1 - p_alive) x alive value = alive value - clv}
     * ({@link org.churnkit.model.CustomerValue}): the {@code value_at_risk} column when present,
     * else from {@link #aliveValues()} and {@code p_alive}, else {@code null}.
     *
     * @return one value at risk per customer, or {@code null}
     * @throws ChurnkitException naming the customer when it cannot be computed
     */
    public double[] valuesAtRisk() {
        double[] r = columns.get(ScoreColumn.VALUE_AT_RISK.column());
        if (r != null) {
            return r;
        }
        double[] a = aliveValues();
        double[] p = columns.get(ScoreColumn.P_ALIVE.column());
        if (a == null || p == null) {
            return null;
        }
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = org.churnkit.model.CustomerValue.valueAtRisk(p[i], a[i]);
            } catch (IllegalArgumentException e) {
                throw new NotComputableException("customer " + ids[i], "customer " + ids[i] + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ScoreColumns[" + ids.length + " customers, columns " + columns.keySet() + "]";
    }

    /** Ranges of the score columns: a probability in [0, 1], counts, times and expectations >= 0. */
    /** Checks column {@code c} of {@code t} with the range of score column {@code base} (itself, or the column an interval end bounds). */
    private static void checkRange(ColumnTable t, String c, String base, double[] v) {
        ScoreColumn column = ScoreColumn.of(base);
        boolean probability = column.unit() == ScoreColumn.Unit.PROBABILITY;
        boolean nonNegative = probability || column == ScoreColumn.FREQUENCY || column == ScoreColumn.RECENCY
                || column == ScoreColumn.AGE || column == ScoreColumn.EXPECTED_TRANSACTIONS;
        for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i]) > org.churnkit.data.SummaryValidator.MAX_MONEY) {
                // sums of such values overflow to infinity in profiles and report headlines
                throw BadInputException.at(t.source(), t.line(i), c, "expected a value of at most 1e15 in magnitude, found "
                        + BadInputException.quote(t.cell(c, i)));
            }
            if (probability && v[i] > 1 || nonNegative && v[i] < 0) {
                throw BadInputException.at(t.source(), t.line(i), c, (probability ? "expected a probability in [0, 1]"
                        : "expected a value >= 0") + ", found " + BadInputException.quote(t.cell(c, i)));
            }
        }
    }

    static int firstNonFinite(double[] column) {
        for (int i = 0; i < column.length; i++) {
            if (!Double.isFinite(column[i])) {
                return i;
            }
        }
        return -1;
    }
}
