package org.churnkit.cost;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.churnkit.data.SummaryValidator;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;

/**
 * Churn labels and scores to judge by profit ({@link Empc}, {@link EmpIndividual}), from a file:
 * per customer a label (1 churned, 0 stayed; {@code 1.0}/{@code 0.0} and {@code true}/{@code false}
 * too), a score (higher = more likely to churn, finite) and optionally the value at stake (money,
 * finite, at most {@link SummaryValidator#MAX_MONEY} in magnitude). Every violation is a
 * {@link BadInputException} naming file, line and column.
 *
 * <p>Immutable; the array accessors return copies.
 */
public final class ProfitInput {

    /**
     * The file's columns.
     *
     * @param label churn label column
     * @param score score column
     * @param value per-customer value at stake, or {@code null} for none
     */
    public record Columns(String label, String score, String value) {
        /**
         * Checks the label and score columns are named.
         *
         * @throws NullPointerException when label or score is null
         */
        public Columns {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(score, "score");
        }
    }

    private final int[] labels;
    private final double[] scores;
    private final double[] values;

    private ProfitInput(int[] labels, double[] scores, double[] values) {
        this.labels = labels;
        this.scores = scores;
        this.values = values;
    }

    /**
     * Reads the named columns of {@code file}; {@link #of} then checks them.
     *
     * @param file the file (CSV, text, Parquet or Arrow by extension)
     * @param c the columns
     * @return the table, with at least one row
     * @throws BadInputException naming file and column of a missing column, or the file when it has no data rows
     */
    public static ColumnTable readTable(Path file, Columns c) {
        Map<String, ColumnType> need = new LinkedHashMap<>();
        need.put(c.label(), ColumnType.STRING);
        need.put(c.score(), ColumnType.DOUBLE);
        if (c.value() != null) {
            need.put(c.value(), ColumnType.DOUBLE);
        }
        ColumnTable in = TableIO.read(file, null, need, false);
        if (in.rowCount() == 0) {
            throw BadInputException.at(file, 0, null, "no data rows: expected a header and at least one customer");
        }
        return in;
    }

    /**
     * Labels, scores and values of a table read by {@link #readTable}.
     *
     * @param in the table (its source and lines locate errors)
     * @param c the columns
     * @return the checked input
     * @throws BadInputException naming file, line and column of a label that is not 0 or 1, a score
     *     or value that is not a finite number, or a value beyond 1e15 in magnitude
     */
    public static ProfitInput of(ColumnTable in, Columns c) {
        int[] y = in.binaryLabels(c.label(), "churn label");
        double[] s = in.finiteDoubles(c.score());
        double[] v = c.value() == null ? null : in.finiteDoubles(c.value());
        if (v != null) {
            Checks.money(in, v, c.value());
        }
        return new ProfitInput(y, s, v);
    }

    /**
     * Number of customers.
     *
     * @return the row count
     */
    public int size() {
        return labels.length;
    }

    /**
     * The churn labels, 1 churned and 0 stayed.
     *
     * @return a copy of the labels
     */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Number of customers labelled 1.
     *
     * @return the churner count
     */
    public long churners() {
        long n = 0;
        for (int y : labels) {
            n += y;
        }
        return n;
    }

    /**
     * The scores, all finite.
     *
     * @return a copy of the scores
     */
    public double[] scores() {
        return scores.clone();
    }

    /**
     * The values at stake, when a value column was named.
     *
     * @return a copy of the values, or {@code null}
     */
    public double[] values() {
        return values == null ? null : values.clone();
    }

    /**
     * Mean value at stake: the value of a retained churner when none is given.
     *
     * @return the mean of {@link #values()}
     * @throws IllegalStateException when no value column was named
     */
    public double meanValue() {
        if (values == null) {
            throw new IllegalStateException("no value column was read");
        }
        double sum = 0;
        for (double x : values) {
            sum += x;
        }
        return sum / values.length;
    }
}
