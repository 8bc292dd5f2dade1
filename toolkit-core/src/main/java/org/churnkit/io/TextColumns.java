package org.churnkit.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The rows of a CSV or text file, streamed straight into primitive columns as they are read: the
 * first record is the header, each later one is checked for width and converted cell by cell into
 * growing {@code double[]}, {@code long[]} or {@code String[]} columns (columns the caller neither
 * requires nor keeps are never turned into strings).
 *
 * <p>The errors are those, and in the order, of reading everything first and converting after: a
 * row of the wrong width is thrown at once, a header without a required column only once every
 * row's width has been checked, and a cell that does not convert only at the end, the first bad
 * cell of the first column (in header order) that has one.
 */
final class TextColumns {
    private final Path file;
    private final Map<String, ColumnType> required;
    private final boolean keepOthers;

    private List<String> header;
    private BadInputException headerError;
    private String[] names;
    /** Type of each header column, {@code null} for a column not read. */
    private ColumnType[] kind;
    private int width;

    private Object[] data;
    private BadInputException[] firstError;
    private long[] lines = new long[16];
    private int rows;

    /** The record being read. */
    private long line;
    private long lastLine;
    private final List<String> headerFields = new ArrayList<>();
    private String[] ps;
    private double[] pd;
    private long[] pl;
    private BadInputException[] pendingError;
    private boolean anyPending;

    TextColumns(Path file, Map<String, ColumnType> required, boolean keepOthers) {
        this.file = file;
        this.required = required;
        this.keepOthers = keepOthers;
    }

    /** A builder for the body of the same file, with the header {@code of} has read. */
    TextColumns bodyOf() {
        TextColumns c = new TextColumns(file, required, keepOthers);
        c.setHeader(header);
        return c;
    }

    /** Starts a record at {@code line}. */
    void begin(long line) {
        this.line = line;
        if (anyPending) {
            Arrays.fill(pendingError, null);
            anyPending = false;
        }
    }

    /** Field {@code i} of the current record, as text. */
    void field(int i, String s) {
        if (header == null) {
            headerFields.add(s);
            return;
        }
        if (i >= width || kind[i] == null || firstError[i] != null) {
            return;
        }
        try {
            switch (kind[i]) {
                case STRING -> ps[i] = s;
                case DOUBLE -> pd[i] = TableIO.parseDouble(s, file, line, names[i]);
                case LONG -> pl[i] = TableIO.parseLong(s, file, line, names[i]);
                case TIMESTAMP -> pl[i] = TableIO.parseIsoTimestamp(s, file, line, names[i]);
            }
        } catch (BadInputException e) {
            pendingError[i] = e;
            anyPending = true;
        }
    }

    /** Field {@code i} of the current record, as characters {@code b[off, off+len)}. */
    void field(int i, char[] b, int off, int len) {
        if (header != null && i < width && kind[i] == ColumnType.DOUBLE) {
            double v = fastDouble(b, off, len);
            if (!Double.isNaN(v)) {
                pd[i] = v;
                return;
            }
        }
        if (header == null || (i < width && kind[i] != null)) {
            field(i, new String(b, off, len));
        }
    }

    /**
     * Ends the current record of {@code count} fields.
     *
     * @throws BadInputException when a body row's width is not the header's
     */
    void commit(int count) {
        if (header == null) {
            List<String> h = new ArrayList<>(headerFields);
            if (!h.isEmpty() && h.get(0).startsWith("\uFEFF")) {
                h.set(0, h.get(0).substring(1));
            }
            setHeader(h);
            lastLine = line;
            return;
        }
        if (count != width) {
            throw BadInputException.at(file, line, null, "expected " + width + " fields as in the header, found " + count);
        }
        if (rows == lines.length) {
            grow(rows * 2);
        }
        for (int i = 0; i < width; i++) {
            if (kind[i] == null) {
                continue;
            }
            if (anyPending && pendingError[i] != null) {
                if (firstError[i] == null) {
                    firstError[i] = pendingError[i];
                }
                continue;
            }
            switch (kind[i]) {
                case STRING -> ((String[]) data[i])[rows] = ps[i];
                case DOUBLE -> ((double[]) data[i])[rows] = pd[i];
                default -> ((long[]) data[i])[rows] = pl[i];
            }
        }
        lines[rows++] = line;
        lastLine = line;
    }

    /** Line of the last record read (header included), 0 before any. */
    long lastLine() {
        return lastLine;
    }

    /** Whether a header was read without error and no cell failed to convert. */
    boolean clean() {
        if (header == null || headerError != null) {
            return false;
        }
        for (BadInputException e : firstError) {
            if (e != null) {
                return false;
            }
        }
        return true;
    }

    int rows() {
        return rows;
    }

    /**
     * The table read.
     *
     * @throws BadInputException for an empty file, a bad header or the first cell that did not convert
     */
    ColumnTable table() {
        return table(List.of(this), new long[] {0});
    }

    /**
     * The table of consecutive parts of one file, each part's lines shifted by its offset.
     *
     * @throws BadInputException as {@link #table()}, of the first part with the error
     */
    static ColumnTable table(List<TextColumns> parts, long[] lineOffset) {
        TextColumns first = parts.get(0);
        if (first.header == null) {
            throw BadInputException.at(first.file, 1, null, "the file is empty: expected a header line naming the columns");
        }
        if (first.headerError != null) {
            throw first.headerError;
        }
        for (int i = 0; i < first.width; i++) {
            for (TextColumns p : parts) {
                if (p.firstError[i] != null) {
                    throw p.firstError[i];
                }
            }
        }
        int rows = 0;
        for (TextColumns p : parts) {
            rows += p.rows;
        }
        long[] lineOfRow = new long[rows];
        int at = 0;
        for (int k = 0; k < parts.size(); k++) {
            TextColumns p = parts.get(k);
            for (int r = 0; r < p.rows; r++) {
                lineOfRow[at + r] = p.lines[r] + lineOffset[k];
            }
            at += p.rows;
        }
        ColumnTable.Builder b = ColumnTable.builder().source(first.file).lines(lineOfRow);
        for (int i = 0; i < first.width; i++) {
            ColumnType type = first.kind[i];
            if (type == null) {
                continue;
            }
            Object column = switch (type) {
                case STRING -> new String[rows];
                case DOUBLE -> new double[rows];
                default -> new long[rows];
            };
            at = 0;
            for (TextColumns p : parts) {
                System.arraycopy(p.data[i], 0, column, at, p.rows);
                at += p.rows;
            }
            String name = first.names[i];
            switch (type) {
                case STRING -> b.addString(name, (String[]) column);
                case DOUBLE -> b.addDouble(name, (double[]) column);
                case LONG -> b.addLong(name, (long[]) column);
                case TIMESTAMP -> b.addTimestamp(name, (long[]) column);
            }
        }
        return b.build();
    }

    private void setHeader(List<String> h) {
        header = h;
        width = h.size();
        names = h.toArray(new String[0]);
        kind = new ColumnType[width];
        try {
            TableIO.checkHeader(file, h, required.keySet());
        } catch (BadInputException e) {
            // reported after every row's width has been checked, as a reader of the whole file would
            headerError = e;
        }
        if (headerError == null) {
            for (int i = 0; i < width; i++) {
                ColumnType t = required.get(names[i]);
                kind[i] = t != null ? t : keepOthers ? ColumnType.STRING : null;
            }
        }
        data = new Object[width];
        firstError = new BadInputException[width];
        pendingError = new BadInputException[width];
        ps = new String[width];
        pd = new double[width];
        pl = new long[width];
        grow(lines.length);
    }

    private void grow(int capacity) {
        lines = Arrays.copyOf(lines, capacity);
        for (int i = 0; i < width; i++) {
            if (kind[i] == null) {
                continue;
            }
            data[i] = switch (kind[i]) {
                case STRING -> data[i] == null ? new String[capacity] : Arrays.copyOf((String[]) data[i], capacity);
                case DOUBLE -> data[i] == null ? new double[capacity] : Arrays.copyOf((double[]) data[i], capacity);
                default -> data[i] == null ? new long[capacity] : Arrays.copyOf((long[]) data[i], capacity);
            };
        }
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * A plain decimal ({@code -12.345}, {@code 7}, {@code .5}) of at most 18 digits whose digits form
     * an integer up to 2<sup>53</sup> and that has at most 22 decimals, without making a string:
     * the integer and the power of ten are then exact doubles, so one correctly rounded division
     * gives exactly {@link Double#parseDouble}'s result (Clinger's fast path). Anything else
     * (blanks, exponents, NA, more digits) returns NaN, meaning "parse it the general way".
     */
    static double fastDouble(char[] b, int off, int len) {
        int i = off;
        int end = off + len;
        if (i == end) {
            return Double.NaN;
        }
        boolean negative = false;
        char c = b[i];
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long m = 0;
        int digits = 0;
        int scale = 0;
        boolean dot = false;
        for (; i < end; i++) {
            c = b[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return Double.NaN;
                }
                m = m * 10 + (c - '0');
                if (dot) {
                    scale++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0 || m > (1L << 53) || scale > 22) {
            return Double.NaN;
        }
        double v = scale == 0 ? (double) m : m / POW10[scale];
        return negative ? -v : v;
    }
}
