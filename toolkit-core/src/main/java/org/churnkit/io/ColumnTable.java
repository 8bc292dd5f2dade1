package org.churnkit.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table of named, typed columns held as primitive arrays: the common currency of churnkit's
 * file I/O ({@link TableIO} reads and writes it as CSV, Parquet or Arrow IPC). Column order is
 * kept; names are unique.
 *
 * <p>Immutable by contract: the arrays are shared, not copied, so neither the builder's caller nor
 * users of the accessors may modify them.
 */
public final class ColumnTable {
    private final Map<String, Object> columns; // String[], double[] or long[]
    private final int rows;
    /** File the table was read from, for error messages; may be null. */
    private final java.nio.file.Path source;
    /** Line of each row in a text source (for error messages); null when rows are lines-free (columnar, built). */
    private final long[] lines;

    private ColumnTable(Map<String, Object> columns, int rows, java.nio.file.Path source, long[] lines) {
        this.columns = columns;
        this.rows = rows;
        this.source = source;
        this.lines = lines;
    }

    /**
     * A builder; columns are added in order and must all have the same length.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Number of rows.
     *
     * @return the number of rows
     */
    public int rowCount() {
        return rows;
    }

    /**
     * Column names in order.
     *
     * @return an unmodifiable list of the names
     */
    public List<String> columnNames() {
        return Collections.unmodifiableList(new ArrayList<>(columns.keySet()));
    }

    /**
     * Whether the table has this column.
     *
     * @param name the column name
     * @return true when the column exists
     */
    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /**
     * The file this table was read from, or null.
     *
     * @return the source file, or {@code null} for a table built in memory
     */
    public java.nio.file.Path source() {
        return source;
    }

    /**
     * Where row {@code row} (0-based) came from, for error messages in the form of
     * {@link BadInputException}: the file's line for CSV and text input, else the 1-based row.
     *
     * @param row row index, 0-based
     * @return the source line, or the 1-based row
     */
    public long line(int row) {
        return lines != null ? lines[row] : row + 1L;
    }

    /**
     * Type of a column.
     *
     * @param name the column name
     * @return the column's type
     */
    public ColumnType type(String name) {
        Object c = column(name);
        if (c instanceof String[]) {
            return ColumnType.STRING;
        }
        if (c instanceof Timestamps) {
            return ColumnType.TIMESTAMP;
        }
        return c instanceof double[] ? ColumnType.DOUBLE : ColumnType.LONG;
    }

    /**
     * A text column (do not modify). Numeric columns are not converted: see {@link #stringsOf}.
     *
     * @param name the column name
     * @return the column's values
     */
    public String[] strings(String name) {
        Object c = column(name);
        if (c instanceof String[] s) {
            return s;
        }
        throw wrongType(name, "text");
    }

    /**
     * A double column (do not modify); a long column is converted.
     *
     * @param name the column name
     * @return the column's values
     */
    public double[] doubles(String name) {
        Object c = column(name);
        if (c instanceof double[] d) {
            return d;
        }
        if (c instanceof long[] l) {
            double[] d = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                d[i] = l[i];
            }
            return d;
        }
        throw wrongType(name, "numeric");
    }

    /**
     * A column in which every cell must be a finite number: text cells (CSV) are parsed, numeric
     * cells taken as they are. Empty, NA, NaN and infinite cells are errors here, unlike in
     * {@link #doubles}, because the callers (scores, costs, labels) have no meaning for them.
     *
     * @throws BadInputException naming the file, the line ({@link #line}) and the column of the
     *     first cell that is not a finite number
     * @param name the column name
     * @return the column's values, all finite
     */
    public double[] finiteDoubles(String name) {
        Object c = column(name);
        double[] out;
        if (c instanceof String[] s) {
            out = new double[rows];
            for (int i = 0; i < rows; i++) {
                out[i] = s[i] == null ? Double.NaN : TableIO.parseDouble(s[i], source, line(i), name);
            }
        } else {
            out = doubles(name);
        }
        for (int i = 0; i < rows; i++) {
            if (!Double.isFinite(out[i])) {
                throw BadInputException.at(source, line(i), name, "expected a finite number, found "
                        + BadInputException.quote(cell(name, i)));
            }
        }
        return out;
    }

    /**
     * A text column of binary labels: {@code 1}, {@code 1.0} or {@code true} is 1 and {@code 0},
     * {@code 0.0} or {@code false} is 0, in any case and with surrounding white space ignored.
     * Anything else, an empty cell included, is an error.
     *
     * @throws BadInputException naming the file, the line ({@link #line}) and the column of the
     *     first cell that is not a label, as "expected a <i>what</i> 0 or 1"
     * @param name the column name
     * @param what what a label is called in the message (e.g. {@code "churn label"})
     * @return the labels, 0 or 1
     */
    public int[] binaryLabels(String name, String what) {
        String[] text = strings(name);
        int[] out = new int[text.length];
        for (int i = 0; i < out.length; i++) {
            String t = text[i] == null ? "" : text[i].strip();
            out[i] = switch (t.toLowerCase(java.util.Locale.ROOT)) {
                case "1", "1.0", "true" -> 1;
                case "0", "0.0", "false" -> 0;
                default -> throw BadInputException.at(source, line(i), name,
                        "expected a " + what + " 0 or 1, found " + BadInputException.quote(t));
            };
        }
        return out;
    }

    /**
     * A long column (do not modify).
     *
     * @param name the column name
     * @return the column's values
     */
    public long[] longs(String name) {
        Object c = column(name);
        if (c instanceof long[] l) {
            return l;
        }
        throw wrongType(name, "integer");
    }

    /**
     * A timestamp column as wall-clock seconds since 1970-01-01T00:00 (do not modify).
     *
     * @param name the column name
     * @return the column's values, in seconds
     */
    public long[] timestamps(String name) {
        Object c = column(name);
        if (c instanceof Timestamps t) {
            return t.seconds();
        }
        throw wrongType(name, "timestamp");
    }

    /**
     * Any column rendered as text (numbers in their shortest round-trip form).
     *
     * @param name the column name
     * @return one string per row
     */
    public String[] stringsOf(String name) {
        Object c = column(name);
        if (c instanceof String[] s) {
            return s;
        }
        String[] out = new String[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = cell(name, i);
        }
        return out;
    }

    /**
     * One cell as text: doubles via {@link Double#toString}, NaN and null as the empty string.
     *
     * @param name the column name
     * @param row row index, 0-based
     * @return the cell as text
     */
    public String cell(String name, int row) {
        Object c = column(name);
        if (c instanceof String[] s) {
            return s[row] == null ? "" : s[row];
        }
        if (c instanceof double[] d) {
            return Double.isNaN(d[row]) ? "" : formatDouble(d[row]);
        }
        if (c instanceof Timestamps t) {
            return formatTimestamp(t.seconds()[row]);
        }
        return Long.toString(((long[]) c)[row]);
    }

    /**
     * ISO form of wall-clock seconds: {@code 1997-01-01} at midnight, else {@code 1997-01-01T10:15:00}.
     *
     * @param seconds wall-clock seconds since 1970-01-01T00:00
     * @return the ISO-8601 local date or date-time
     */
    public static String formatTimestamp(long seconds) {
        long day = Math.floorDiv(seconds, 86_400L);
        int sod = (int) Math.floorMod(seconds, 86_400L);
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(day);
        if (sod == 0) {
            return d.toString();
        }
        return java.time.LocalDateTime.of(d, java.time.LocalTime.ofSecondOfDay(sod))
                .format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }

    /**
     * A table with only these columns, in this order.
     *
     * @param names the columns to keep, each present
     * @return a table sharing the column arrays
     */
    public ColumnTable select(List<String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, column(n));
        }
        return new ColumnTable(m, rows, source, lines);
    }

    /**
     * This table plus the columns of {@code other} (same row count, distinct names).
     *
     * @param other a table with the same number of rows
     * @return a new table with the columns of both
     */
    public ColumnTable withColumns(ColumnTable other) {
        Builder b = toBuilder();
        for (String n : other.columns.keySet()) {
            b.put(n, other.columns.get(n));
        }
        return b.build();
    }

    /**
     * A builder pre-filled with this table's columns.
     *
     * @return a builder with the same columns, source and lines
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (var e : columns.entrySet()) {
            b.put(e.getKey(), e.getValue());
        }
        b.source = source;
        b.lines = lines;
        return b;
    }

    Object raw(String name) {
        return column(name);
    }

    private Object column(String name) {
        Object c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no column '" + name + "'"
                    + (source != null ? " in " + source : "") + "; columns are " + columns.keySet());
        }
        return c;
    }

    private IllegalArgumentException wrongType(String name, String wanted) {
        return new IllegalArgumentException("column '" + name + "'" + (source != null ? " of " + source : "")
                + " is " + type(name).name().toLowerCase(java.util.Locale.ROOT) + ", not " + wanted);
    }

    /**
     * Formats a double for text output: integral values below 2^53 without a fraction
     * ({@code 3}, not {@code 3.0}), others in Java's shortest round-trip form, which pandas, R,
     * Spark and Excel all parse.
     *
     * @param v the value
     * @return its text form
     */
    public static String formatDouble(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 9.007199254740992E15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Marks a long[] as timestamps. */
    record Timestamps(long[] seconds) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Timestamps t && Arrays.equals(seconds, t.seconds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(seconds);
        }

        @Override
        public String toString() {
            return "Timestamps[" + seconds.length + " values]";
        }
    }

    @Override
    public String toString() {
        return "ColumnTable[" + rows + " rows, columns " + columns.keySet() + "]";
    }

    /** Collects columns of equal length. */
    public static final class Builder {
        private final Map<String, Object> columns = new LinkedHashMap<>();
        private int rows = -1;
        private java.nio.file.Path source;
        private long[] lines;

        private Builder() {}

        /**
         * Adds a text column.
         *
         * @param name the column name
         * @param values one value per row (null for missing)
         * @return this builder
         */
        public Builder addString(String name, String[] values) {
            return put(name, values);
        }

        /**
         * Adds a double column.
         *
         * @param name the column name
         * @param values one value per row
         * @return this builder
         */
        public Builder addDouble(String name, double[] values) {
            return put(name, values);
        }

        /**
         * Adds a long column.
         *
         * @param name the column name
         * @param values one value per row
         * @return this builder
         */
        public Builder addLong(String name, long[] values) {
            return put(name, values);
        }

        /**
         * Adds a timestamp column of wall-clock seconds since 1970-01-01T00:00.
         *
         * @param name the column name
         * @param seconds one value per row
         * @return this builder
         */
        public Builder addTimestamp(String name, long[] seconds) {
            return put(name, new Timestamps(seconds));
        }

        /**
         * Records the file the columns came from (for messages).
         *
         * @param file the source file
         * @return this builder
         */
        public Builder source(java.nio.file.Path file) {
            this.source = file;
            return this;
        }

        /**
         * Records the source line of each row (text input), for {@link ColumnTable#line}.
         *
         * @param lineOfRow source line per row
         * @return this builder
         */
        public Builder lines(long[] lineOfRow) {
            this.lines = lineOfRow;
            return this;
        }

        Builder put(String name, Object values) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            int len = values instanceof Timestamps t ? t.seconds().length : java.lang.reflect.Array.getLength(values);
            if (rows >= 0 && len != rows) {
                throw new IllegalArgumentException("column '" + name + "' has " + len + " rows, others have " + rows);
            }
            if (columns.containsKey(name)) {
                throw new IllegalArgumentException("duplicate column '" + name + "'");
            }
            rows = len;
            columns.put(name, values);
            return this;
        }

        /**
         * Builds the table.
         *
         * @return the table of the columns added
         */
        public ColumnTable build() {
            int n = Math.max(rows, 0);
            if (lines != null && lines.length != n && !columns.isEmpty()) {
                throw new IllegalArgumentException("lines for " + lines.length + " rows, columns have " + n);
            }
            return new ColumnTable(new LinkedHashMap<>(columns), n, source, lines);
        }
    }
}
