package org.churnkit.labels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;

/**
 * A labelled table to audit, read from a file (CSV, text, Parquet or Arrow by extension): a label
 * column (1/0, 1.0/0.0 or true/false), feature columns (finite numbers), optionally an id column
 * and a period column. Every violation is a {@link BadInputException} naming file, line and column.
 *
 * <p>Features: the named columns, or by default every column but the label, id and period columns
 * whose cells are all finite numbers (the others are listed by {@link #skippedColumns()}).
 * Periods: numbers compare as numbers; otherwise the text compares as text, so ISO dates
 * ({@code 2024-03}, {@code 2024-03-31}) sort in time order. Immutable; accessors return copies.
 */
public final class AuditInput {
    /** The id column used when none is named and the file has it. */
    public static final String DEFAULT_ID = "customer_id";

    /**
     * The file's columns.
     *
     * @param label the label column
     * @param features feature columns, or {@code null} (or empty) for every numeric column
     * @param id the id column, or {@code null} for {@value #DEFAULT_ID} when the file has one (else
     *     rows are named by their number)
     * @param period the period column, or {@code null}
     */
    public record Columns(String label, List<String> features, String id, String period) {
        /**
         * Checks the label column is named and copies the feature list.
         *
         * @throws NullPointerException when the label column is null
         */
        public Columns {
            Objects.requireNonNull(label, "label");
            features = features == null ? List.of() : List.copyOf(features);
        }
    }

    private final String idColumn;
    private final String[] ids;
    private final double[][] x;
    private final int[] y;
    private final double[] period;
    private final String[] periodLabels;
    private final List<String> featureNames;
    private final List<String> skipped;

    private AuditInput(String idColumn, String[] ids, double[][] x, int[] y, double[] period, String[] periodLabels,
            List<String> featureNames, List<String> skipped) {
        this.idColumn = idColumn;
        this.ids = ids;
        this.x = x;
        this.y = y;
        this.period = period;
        this.periodLabels = periodLabels;
        this.featureNames = featureNames;
        this.skipped = skipped;
    }

    /**
     * Reads and checks the table.
     *
     * @param file the file
     * @param c the columns
     * @return the input
     * @throws BadInputException naming file, line and column of a missing column, a label that is
     *     not 0 or 1, a feature that is not a finite number, an empty id or period; or the file when it
     *     has no data rows or no feature column
     */
    public static AuditInput read(Path file, Columns c) {
        Map<String, ColumnType> need = new LinkedHashMap<>();
        need.put(c.label(), ColumnType.STRING);
        for (String f : c.features()) {
            need.put(f, ColumnType.DOUBLE);
        }
        if (c.id() != null) {
            need.put(c.id(), ColumnType.STRING);
        }
        if (c.period() != null) {
            need.put(c.period(), ColumnType.STRING);
        }
        ColumnTable in = TableIO.read(file, null, need, true);
        if (in.rowCount() == 0) {
            throw BadInputException.at(file, 0, null, "no data rows: expected a header and at least one row");
        }
        return of(in, c);
    }

    /**
     * Checks a table already read (its source and lines locate errors).
     *
     * @param in the table
     * @param c the columns
     * @return the input
     */
    public static AuditInput of(ColumnTable in, Columns c) {
        if (c.id() == null && in.has(DEFAULT_ID)) {
            c = new Columns(c.label(), c.features(), DEFAULT_ID, c.period());
        }
        int n = in.rowCount();
        List<String> features = new ArrayList<>(c.features());
        List<String> skipped = new ArrayList<>();
        if (features.isEmpty()) {
            for (String name : in.columnNames()) {
                if (name.equals(c.label()) || name.equals(c.id()) || name.equals(c.period())) {
                    continue;
                }
                if (numeric(in, name)) {
                    features.add(name);
                } else {
                    skipped.add(name);
                }
            }
            if (features.isEmpty()) {
                throw BadInputException.at(in.source(), 0, null, "no feature column: no column but the label"
                        + (c.id() == null ? "" : ", id") + (c.period() == null ? "" : ", period")
                        + " holds a finite number in every row (name them with --features)");
            }
        }
        double[][] cols = new double[features.size()][];
        for (int j = 0; j < cols.length; j++) {
            if (features.get(j).equals(c.label())) {
                throw BadInputException.at(in.source(), 0, c.label(), "the label column cannot be a feature");
            }
            cols[j] = in.finiteDoubles(features.get(j));
        }
        double[][] x = new double[n][cols.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < cols.length; j++) {
                x[i][j] = cols[j][i];
            }
        }
        int[] y = in.binaryLabels(c.label(), "label");
        String[] ids = c.id() == null ? null : nonEmpty(in, c.id());
        double[] period = null;
        String[] periodLabels = null;
        if (c.period() != null) {
            periodLabels = nonEmpty(in, c.period());
            period = periodOrder(periodLabels);
        }
        return new AuditInput(c.id(), ids, x, y, period, periodLabels, List.copyOf(features), List.copyOf(skipped));
    }

    private static boolean numeric(ColumnTable in, String name) {
        if (in.type(name) == ColumnType.DOUBLE || in.type(name) == ColumnType.LONG) {
            for (double v : in.doubles(name)) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }
        if (in.type(name) != ColumnType.STRING) {
            return false;
        }
        for (String s : in.strings(name)) {
            if (s == null) {
                return false;
            }
            try {
                if (!Double.isFinite(Double.parseDouble(s.strip()))) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static String[] nonEmpty(ColumnTable in, String column) {
        String[] s = in.stringsOf(column);
        for (int i = 0; i < s.length; i++) {
            if (s[i] == null || s[i].isBlank()) {
                throw BadInputException.at(in.source(), in.line(i), column, "empty cell: every row needs a value");
            }
        }
        return s.clone();
    }

    /** Numbers when every period parses as one, else the rank of the text among the distinct values. */
    private static double[] periodOrder(String[] labels) {
        double[] v = new double[labels.length];
        boolean numbers = true;
        for (int i = 0; i < labels.length && numbers; i++) {
            try {
                v[i] = Double.parseDouble(labels[i].strip());
                numbers = Double.isFinite(v[i]);
            } catch (NumberFormatException e) {
                numbers = false;
            }
        }
        if (numbers) {
            return v;
        }
        List<String> order = new ArrayList<>(new TreeSet<>(java.util.Arrays.asList(labels)));
        Map<String, Integer> rank = new LinkedHashMap<>();
        for (int r = 0; r < order.size(); r++) {
            rank.put(order.get(r), r);
        }
        for (int i = 0; i < labels.length; i++) {
            v[i] = rank.get(labels[i]);
        }
        return v;
    }

    /**
     * Number of rows.
     *
     * @return n
     */
    public int size() {
        return y.length;
    }

    /**
     * The ids (a copy), or {@code null} when no id column was named.
     *
     * @return the ids or null
     */
    public String[] ids() {
        return ids == null ? null : ids.clone();
    }

    /**
     * The features (a deep copy), one row per row of the file, in {@link #featureNames()} order.
     *
     * @return the feature matrix
     */
    public double[][] features() {
        double[][] c = new double[x.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    /**
     * The labels (a copy).
     *
     * @return 0 or 1 per row
     */
    public int[] labels() {
        return y.clone();
    }

    /**
     * The period of each row as an orderable number (a copy), or {@code null} without a period column.
     *
     * @return the periods or null
     */
    public double[] periods() {
        return period == null ? null : period.clone();
    }

    /**
     * The most recent period as written in the file, or {@code null} without a period column.
     *
     * @return the latest period's text, or null
     */
    public String latestPeriod() {
        if (period == null) {
            return null;
        }
        int best = 0;
        for (int i = 1; i < period.length; i++) {
            if (period[i] > period[best]) {
                best = i;
            }
        }
        return periodLabels[best];
    }

    /**
     * The id column used, or {@code null} when rows are named by their number.
     *
     * @return the column name or null
     */
    public String idColumn() {
        return idColumn;
    }

    /**
     * The feature columns used, in order.
     *
     * @return the names
     */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * Columns left out of the default features because a cell is not a finite number.
     *
     * @return the names, empty when features were named
     */
    public List<String> skippedColumns() {
        return skipped;
    }
}
