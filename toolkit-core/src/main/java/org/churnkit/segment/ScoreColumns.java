package org.churnkit.segment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.churnkit.ChurnkitException;

/**
 * Per-customer scores as named primitive columns: the customer ids and any of {@code frequency,
 * recency, T, monetary_value, p_alive, expected_transactions, expected_spend, dert, clv}. All
 * columns have one value per customer, in the same order as the ids. Immutable: the arrays are
 * not copied, and callers must not change them afterwards (copying 1M-row columns costs time
 * for nothing on the hot path).
 */
public final class ScoreColumns {
    /** Column names this library reads; others are carried but not interpreted. */
    public static final String FREQUENCY = "frequency";
    public static final String RECENCY = "recency";
    public static final String AGE = "T";
    public static final String MONETARY_VALUE = "monetary_value";
    public static final String P_ALIVE = "p_alive";
    public static final String EXPECTED_TRANSACTIONS = "expected_transactions";
    public static final String CLV = "clv";

    private final String[] ids;
    private final Map<String, double[]> columns;

    private ScoreColumns(String[] ids, Map<String, double[]> columns) {
        this.ids = ids;
        this.columns = columns;
    }

    /**
     * @param ids customer ids, one per customer
     * @param columns named columns, each as long as {@code ids}
     * @throws IllegalArgumentException when a column's length differs from the number of ids
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

    /** Number of customers. */
    public int size() {
        return ids.length;
    }

    /** Customer id of row {@code i}. */
    public String id(int i) {
        return ids[i];
    }

    /** The id array (shared, do not modify). */
    public String[] ids() {
        return ids;
    }

    /** Names of the columns present. */
    public Set<String> names() {
        return columns.keySet();
    }

    /** Whether column {@code name} is present. */
    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /** Column {@code name}, or {@code null} when absent. */
    public double[] get(String name) {
        return columns.get(name);
    }

    /**
     * Column {@code name}.
     *
     * @throws ChurnkitException saying which column is missing and which are present
     */
    public double[] require(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            throw new ChurnkitException("the scores have no '" + name + "' column (columns present: "
                    + String.join(", ", columns.keySet()) + ")");
        }
        return c;
    }

    @Override
    public String toString() {
        return "ScoreColumns[" + ids.length + " customers, columns " + columns.keySet() + "]";
    }

    /** First customer whose value in {@code column} is NaN or infinite, or -1. */
    static int firstNonFinite(double[] column) {
        for (int i = 0; i < column.length; i++) {
            if (!Double.isFinite(column[i])) {
                return i;
            }
        }
        return -1;
    }
}
