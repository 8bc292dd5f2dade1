package org.churnkit.io;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@link ColumnTable}s as CSV, whitespace-separated text, Parquet or Arrow IPC,
 * the format chosen by file extension unless given. Every write is atomic ({@link AtomicOutput}).
 *
 * <p>Outputs are plain: CSV is UTF-8 with a header line, comma-separated, LF line ends, quotes
 * only where needed, numbers in shortest round-trip form and missing values empty; Parquet and
 * Arrow use {@code utf8}, {@code double}, {@code int64} and {@code timestamp[ms]} columns. pandas,
 * R, Spark, DuckDB and Excel read them as they are.
 *
 * <p>Reading asks for the columns a caller needs, with their types; a missing column is a
 * {@link BadInputException} listing the columns the file has, and a cell that does not convert is
 * one naming the line (row for Parquet/Arrow) and column. Other columns are kept, as text from CSV
 * or in their own type from Parquet/Arrow, when the caller asks for pass-through.
 */
public final class TableIO {
    private TableIO() {}

    /**
     * Reads a table.
     *
     * @param file       the file
     * @param format     its format, or {@code null} to go by extension
     * @param required   columns that must exist, in the wanted types (insertion order irrelevant)
     * @param keepOthers whether to keep the file's other columns too
     * @throws BadInputException on a missing column, a cell that does not convert, an empty or
     *                           unreadable file
     * @return the table
     */
    public static ColumnTable read(Path file, FileFormat format, Map<String, ColumnType> required, boolean keepOthers) {
        return read(file, format, required, keepOthers, null);
    }

    /**
     * Reads a table whose text (CSV, text) is in {@code charset}.
     *
     * @param file       the file
     * @param format     its format, or {@code null} to go by extension
     * @param required   columns that must exist, in the wanted types (insertion order irrelevant)
     * @param keepOthers whether to keep the file's other columns too
     * @param charset    the encoding of CSV and text files, {@code null} for UTF-8; bytes invalid in
     *                   it are an error naming line and column ({@link TextInput})
     * @throws BadInputException on a missing column, a cell that does not convert, an undecodable
     *                           byte, an empty or unreadable file
     * @return the table
     */
    public static ColumnTable read(Path file, FileFormat format, Map<String, ColumnType> required, boolean keepOthers,
                                   java.nio.charset.Charset charset) {
        FileFormat f = FileFormat.resolve(format, file);
        return switch (f) {
            case CSV, TEXT -> readText(file, f, required, keepOthers, charset);
            case PARQUET, ARROW -> readArrow(file, f, required, keepOthers);
        };
    }

    /**
     * Reads every column (CSV and text as strings).
     *
     * @param file the file, format by its extension
     * @return the table
     */
    public static ColumnTable read(Path file) {
        return read(file, null, Map.of(), true);
    }

    /**
     * Writes {@code table} to {@code target} in {@code format} ({@code null}: by extension), atomically.
     *
     * @param table the table to write
     * @param target the output file
     * @param format the format, or {@code null}
     */
    public static void write(ColumnTable table, Path target, FileFormat format) {
        FileFormat f = FileFormat.resolve(format, target);
        requireWritable(table, target);
        switch (f) {
            case CSV -> AtomicOutput.write(target, tmp -> writeCsv(table, tmp));
            case TEXT -> AtomicOutput.write(target, tmp -> writeText(table, tmp));
            case PARQUET, ARROW -> ColumnarFormat.installed(target, f).write(table, target, f);
        }
    }

    /**
     * Writes a table meant to be opened by people in a spreadsheet (target lists, segment lists,
     * campaign files): as {@link #write(ColumnTable, Path, FileFormat)}, with text cells of CSV and
     * text output neutralised against formula injection ({@link SpreadsheetSafe}). Parquet and Arrow
     * are written as they are (spreadsheets do not evaluate them).
     *
     * @param table the table to write
     * @param target the output file
     * @param format the format, or {@code null} for the extension's
     */
    public static void writeForPeople(ColumnTable table, Path target, FileFormat format) {
        FileFormat f = FileFormat.resolve(format, target);
        write(f == FileFormat.CSV || f == FileFormat.TEXT ? SpreadsheetSafe.of(table) : table, target, f);
    }

    /**
     * Writes by extension.
     *
     * @param table the table to write
     * @param target the output file; its extension gives the format
     */
    public static void write(ColumnTable table, Path target) {
        write(table, target, null);
    }

    /**
     * The guard every table writer passes before it creates a file: an infinite number is never
     * written (it would print as {@code Infinity} and read back as text or infinity). NaN is a
     * missing value and is written as such (an empty CSV cell, a null in Parquet and Arrow), never
     * as the text {@code NaN}.
     *
     * @param table the table about to be written
     * @param target the output, for the message
     * @throws org.churnkit.ChurnkitException naming the output, the column and the customer (the
     *     {@code customer_id} cell when there is one, else the 1-based row)
     */
    public static void requireWritable(ColumnTable table, Path target) {
        for (String name : table.columnNames()) {
            if (table.type(name) != ColumnType.DOUBLE) {
                continue;
            }
            double[] v = table.doubles(name);
            for (int i = 0; i < v.length; i++) {
                if (Double.isInfinite(v[i])) {
                    String who = table.has("customer_id") && table.type("customer_id") == ColumnType.STRING
                            ? "customer " + BadInputException.quote(table.cell("customer_id", i)) : "row " + (i + 1);
                    throw new org.churnkit.ChurnkitException("refusing to write " + target + ": column '" + name + "' of "
                            + who + " is " + v[i] + ", not a finite number (an input value too large for this "
                            + "computation); nothing was written");
                }
            }
        }
    }

    // ------------------------------------------------------------------------------- text

    private static ColumnTable readText(Path file, FileFormat format, Map<String, ColumnType> required, boolean keepOthers,
                                        java.nio.charset.Charset charset) {
        IoErrors.requireReadable(file);
        if (format == FileFormat.CSV) {
            ColumnTable t = CsvChunks.tryParallel(file, required, keepOthers, charset);
            if (t != null) {
                return t;
            }
        }
        TextColumns sink = new TextColumns(file, required, keepOthers);
        try {
            if (format == FileFormat.CSV) {
                // rows of the wrong width reach the sink, which names their line
                try (CsvReader<CsvRecord> reader = csvReader().ofCsvRecord(TextInput.openRaw(file, charset))) {
                    for (CsvRecord r : reader) {
                        sink.begin(r.getStartingLineNumber());
                        int n = r.getFieldCount();
                        for (int i = 0; i < n; i++) {
                            sink.field(i, r.getField(i));
                        }
                        sink.commit(n);
                    }
                }
            } else {
                try (BufferedReader br = TextInput.open(file, charset)) {
                    String line;
                    long no = 0;
                    while ((line = br.readLine()) != null) {
                        no++;
                        String t = line.strip();
                        if (t.isEmpty()) {
                            continue;
                        }
                        if (no == 1 && t.charAt(0) == '\uFEFF') {
                            t = t.substring(1).strip();
                        }
                        String[] fields = t.split("\\s+");
                        sink.begin(no);
                        for (int i = 0; i < fields.length; i++) {
                            sink.field(i, fields[i]);
                        }
                        sink.commit(fields.length);
                    }
                }
            }
        } catch (CsvParseException e) {
            IoErrors.rethrowOutOfMemory(e);
            if (TextInput.codingError(e) != null) {
                throw TextInput.undecodable(file, charset);
            }
            // the record after the last one read is where the parser stopped
            long at = sink.lastLine() + 1;
            throw BadInputException.at(file, at, null, "not valid CSV (from this line on): " + messageOf(e));
        } catch (IOException | UncheckedIOException e) {
            if (TextInput.codingError(e) != null) {
                throw TextInput.undecodable(file, charset);
            }
            IOException io = e instanceof IOException x ? x : ((UncheckedIOException) e).getCause();
            throw new UncheckedIOException(IoErrors.cannotRead(file, io), io);
        }
        return sink.table();
    }

    /** The one CSV configuration every reader of a table uses (whole file or in chunks). */
    static CsvReader.CsvReaderBuilder csvReader() {
        return CsvReader.builder().skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true);
    }

    /**
     * Checks a header: no duplicated names, every required column present.
     *
     * @throws BadInputException naming line 1 and the column
     * @param file the file, for messages
     * @param header the column names read from line 1
     * @param required the names that must be present
     */
    public static void checkHeader(Path file, List<String> header, Iterable<String> required) {
        Set<String> seen = new HashSet<>();
        for (String h : header) {
            if (!seen.add(h)) {
                throw BadInputException.at(file, 1, h, "the header names this column twice: column names must be unique");
            }
        }
        for (String r : required) {
            if (!seen.contains(r)) {
                throw BadInputException.at(file, 1, r, "missing: expected a column named '" + r
                        + "'; the header has " + header);
            }
        }
    }

    /** Parses a number cell: decimal or scientific, surrounding blanks allowed; empty, NA and NaN are missing (NaN). */
    static double parseDouble(String s, Path file, long line, String column) {
        String t = s.strip();
        if (t.isEmpty() || t.equals("NA") || t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw BadInputException.at(file, line, column, "expected a number, found " + BadInputException.quote(s));
        }
    }

    /** Parses a whole-number cell, surrounding blanks allowed. */
    static long parseLong(String s, Path file, long line, String column) {
        String t = s.strip();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw BadInputException.at(file, line, column, "expected a whole number, found " + BadInputException.quote(t));
        }
    }

    static long parseIsoTimestamp(String s, Path file, long line, String column) {
        String t = s.strip();
        try {
            if (t.length() <= 10) {
                return LocalDate.parse(t).toEpochDay() * 86_400L;
            }
            return LocalDateTime.parse(t.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw BadInputException.at(file, line, column,
                    "expected an ISO date or date-time like 1997-01-01 or 1997-01-01T10:15:00, found " + BadInputException.quote(s));
        }
    }

    static String messageOf(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Rows formatted per task: large enough to amortise a task, small enough to bound memory. */
    private static final int CSV_BLOCK = 32_768;

    /**
     * CSV in blocks of rows: each block is formatted by its own FastCSV writer into text, blocks in
     * parallel a few at a time (formatting a million rows of doubles is most of the time a score
     * file takes to write), then written in order. Every record goes through the same writer
     * configuration and {@link ColumnTable#cell}, so the bytes are those of one sequential writer.
     */
    private static void writeCsv(ColumnTable table, Path tmp) throws IOException {
        List<String> names = table.columnNames();
        int rows = table.rowCount();
        int blocks = (rows + CSV_BLOCK - 1) / CSV_BLOCK;
        // a few blocks at a time, so memory stays bounded while every core formats
        int batch = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(csvBlock(table, names, -1, 0));
            for (int b0 = 0; b0 < blocks; b0 += batch) {
                int from = b0;
                String[] text = new String[Math.min(blocks, b0 + batch) - from];
                java.util.stream.IntStream.range(0, text.length).parallel().forEach(k -> text[k] =
                        csvBlock(table, names, (from + k) * CSV_BLOCK, Math.min(rows, (from + k + 1) * CSV_BLOCK)));
                for (String t : text) {
                    w.write(t);
                }
            }
        }
    }

    /** Rows {@code from..to-1} as CSV text; {@code from < 0} gives the header line. */
    private static String csvBlock(ColumnTable table, List<String> names, int from, int to) {
        java.io.StringWriter out = new java.io.StringWriter(from < 0 ? 256 : (to - from) * 16 * names.size());
        try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out)) {
            if (from < 0) {
                csv.writeRecord(names);
            } else {
                String[] row = new String[names.size()];
                for (int r = from; r < to; r++) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = table.cell(names.get(c), r);
                    }
                    csv.writeRecord(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void writeText(ColumnTable table, Path tmp) throws IOException {
        List<String> names = table.columnNames();
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(String.join(" ", names));
            w.write('\n');
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < table.rowCount(); r++) {
                sb.setLength(0);
                for (int c = 0; c < names.size(); c++) {
                    String cell = table.cell(names.get(c), r);
                    if (cell.isEmpty() || cell.chars().anyMatch(Character::isWhitespace)) {
                        throw new IOException("column '" + names.get(c) + "' row " + (r + 1) + " value "
                                + BadInputException.quote(cell) + " is empty or contains blanks, which whitespace-separated text cannot hold; use .csv");
                    }
                    if (c > 0) {
                        sb.append(' ');
                    }
                    sb.append(cell);
                }
                sb.append('\n');
                w.write(sb.toString());
            }
        }
    }

    // ------------------------------------------------------------------------------- arrow

    private static ColumnTable readArrow(Path file, FileFormat format, Map<String, ColumnType> required, boolean keepOthers) {
        ColumnarFormat columnar = ColumnarFormat.installed(file, format);
        List<String> names = columnar.columnNames(file, format);
        checkHeader(file, names, required.keySet());
        List<String> wanted = new ArrayList<>();
        for (String n : names) {
            if (keepOthers || required.containsKey(n)) {
                wanted.add(n);
            }
        }
        Map<String, Growable> cols = new LinkedHashMap<>();
        for (String n : wanted) {
            cols.put(n, new Growable(required.get(n)));
        }
        columnar.scan(file, format, wanted, (batch, firstRow) -> {
            int n = batch.rowCount();
            for (int c = 0; c < wanted.size(); c++) {
                String name = wanted.get(c);
                cols.get(name).append(batch.column(c), n, file, firstRow, name);
            }
        });
        ColumnTable.Builder b = ColumnTable.builder().source(file);
        for (var e : cols.entrySet()) {
            e.getValue().addTo(b, e.getKey());
        }
        return b.build();
    }

    private static final class Growable {
        ColumnType type;
        int size;
        final byte[][] bytes = {new byte[64]};
        double[] d;
        long[] l;
        String[] s;

        Growable(ColumnType type) {
            this.type = type;
        }

        void append(ColumnarFormat.Column v, int n, Path file, long firstRow, String name) {
            ColumnarFormat.Kind kind = v.kind();
            if (type == null) {
                type = switch (kind) {
                    case TEXT, OTHER -> ColumnType.STRING;
                    case TEMPORAL -> ColumnType.TIMESTAMP;
                    case INTEGER -> ColumnType.LONG;
                    case NUMBER -> ColumnType.DOUBLE;
                };
            }
            boolean numeric = kind == ColumnarFormat.Kind.INTEGER || kind == ColumnarFormat.Kind.NUMBER;
            ensure(size + n);
            for (int i = 0; i < n; i++) {
                long row = firstRow + i + 1;
                switch (type) {
                    case STRING -> {
                        if (kind == ColumnarFormat.Kind.TEXT && !v.isNull(i)) {
                            int len = v.textBytes(i, bytes);
                            s[size + i] = TextInput.utf8(bytes[0], len, file, row, name);
                        } else {
                            s[size + i] = v.string(i);
                        }
                    }
                    case DOUBLE -> {
                        if (numeric) {
                            d[size + i] = v.doubleValue(i);
                        } else if (kind == ColumnarFormat.Kind.TEXT) {
                            String t = v.string(i);
                            d[size + i] = t == null ? Double.NaN : parseDouble(t, file, row, name);
                        } else {
                            throw BadInputException.at(file, row, name, "expected numbers, found " + v.typeName());
                        }
                    }
                    case LONG -> {
                        if (kind != ColumnarFormat.Kind.INTEGER || v.isNull(i)) {
                            throw BadInputException.at(file, row, name, "expected a whole number, found "
                                    + (v.isNull(i) ? "null" : v.typeName()));
                        }
                        l[size + i] = v.longValue(i);
                    }
                    case TIMESTAMP -> {
                        if (kind != ColumnarFormat.Kind.TEMPORAL || v.isNull(i)) {
                            throw BadInputException.at(file, row, name, "expected a date or timestamp, found "
                                    + (v.isNull(i) ? "null" : v.typeName()));
                        }
                        l[size + i] = v.seconds(i);
                    }
                }
            }
            size += n;
        }

        private void ensure(int cap) {
            switch (type) {
                case STRING -> s = s == null ? new String[Math.max(cap, 16)] : s.length < cap ? java.util.Arrays.copyOf(s, Math.max(cap, 2 * s.length)) : s;
                case DOUBLE -> d = d == null ? new double[Math.max(cap, 16)] : d.length < cap ? java.util.Arrays.copyOf(d, Math.max(cap, 2 * d.length)) : d;
                default -> l = l == null ? new long[Math.max(cap, 16)] : l.length < cap ? java.util.Arrays.copyOf(l, Math.max(cap, 2 * l.length)) : l;
            }
        }

        void addTo(ColumnTable.Builder b, String name) {
            if (type == null) {
                type = ColumnType.STRING;
            }
            switch (type) {
                case STRING -> b.addString(name, s == null ? new String[0] : java.util.Arrays.copyOf(s, size));
                case DOUBLE -> b.addDouble(name, d == null ? new double[0] : java.util.Arrays.copyOf(d, size));
                case LONG -> b.addLong(name, l == null ? new long[0] : java.util.Arrays.copyOf(l, size));
                case TIMESTAMP -> b.addTimestamp(name, l == null ? new long[0] : java.util.Arrays.copyOf(l, size));
            }
        }
    }
}
