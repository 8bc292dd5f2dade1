package org.churnkit.data;

import de.siegmar.fastcsv.reader.CsvReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.FileFormat;
import org.churnkit.io.TableIO;

/**
 * A customer-summary table read from a file (CSV, text, Parquet, Arrow) as model input: the
 * columns frequency x, recency t_x, age T (n for BG/BB), and as asked the mean spend, a row
 * weight, the customer id and further columns kept as text. Every row is checked by
 * {@link SummaryValidator} before any command selects or drops rows, so that a row one model
 * rejects is not silently skipped by another.
 *
 * <p>The file format of {@code churnkit summarize}, {@code fit} and {@code score}; the defaults are
 * lifetimes' column names ({@link Columns#of()}). A missing column, a cell that is not a number and
 * a row that is not a valid history are {@link BadInputException}s naming file, line and column.
 *
 * <p>Immutable; the array accessors return copies.
 */
public final class SummaryTable {

    /**
     * Names of the summary columns.
     *
     * @param id customer id column
     * @param frequency repeat transactions x
     * @param recency recency t_x (for BG/BB the opportunity of the last transaction)
     * @param age age T, or {@code null} for the default: {@code T}, or {@code periods} (n) for BG/BB
     * @param monetary mean repeat-transaction value
     * @param weight number of customers each row stands for, or {@code null} for none
     */
    public record Columns(String id, String frequency, String recency, String age, String monetary, String weight) {

        /**
         * Checks that the required names are given.
         *
         * @throws NullPointerException when id, frequency, recency or monetary is null
         */
        public Columns {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(frequency, "frequency");
            Objects.requireNonNull(recency, "recency");
            Objects.requireNonNull(monetary, "monetary");
        }

        /**
         * lifetimes' names, as {@code churnkit summarize} writes them: {@code customer_id,
         * frequency, recency, T (periods for BG/BB), monetary_value}, no weight.
         *
         * @return the default names
         */
        public static Columns of() {
            return new Columns("customer_id", "frequency", "recency", null, "monetary_value", null);
        }

        /**
         * The age column's name.
         *
         * @param discrete whether the rows are BG/BB's discrete histories
         * @return {@link #age()} when given, else {@code periods} for discrete rows and {@code T} otherwise
         */
        public String ageFor(boolean discrete) {
            return age != null ? age : discrete ? "periods" : "T";
        }
    }

    /** Whether the mean-spend column is read. A spend column that exists is checked in every case. */
    public enum Spend {
        /** The column must exist and is read. */
        REQUIRED,
        /** The column is read when it exists. */
        IF_PRESENT,
        /** The column is not returned (but checked when it exists). */
        IGNORED
    }

    /**
     * What to read besides x, t_x and T.
     *
     * @param format the file's format, or {@code null} to go by extension
     * @param encoding the text encoding of CSV and text files ({@code null}: UTF-8)
     * @param discrete the rows are BG/BB's (x transactions in n opportunities): whole numbers, x &lt;= t_x &lt;= n
     * @param spend whether the mean-spend column is read
     * @param requireId whether the id column must exist (else, when absent, rows are named by their line)
     * @param keep further columns to keep as text (they must exist)
     */
    public record Options(FileFormat format, Charset encoding, boolean discrete, Spend spend, boolean requireId,
                          List<String> keep) {

        /**
         * Checks the spend rule is given and copies {@code keep}.
         *
         * @throws NullPointerException when spend or keep is null
         */
        public Options {
            Objects.requireNonNull(spend, "spend");
            keep = List.copyOf(keep);
        }

        /**
         * By extension, UTF-8, continuous-time rows, spend read when present, id optional, nothing kept.
         *
         * @return the default options
         */
        public static Options of() {
            return new Options(null, StandardCharsets.UTF_8, false, Spend.IF_PRESENT, false, List.of());
        }

        /**
         * The same options with this format.
         *
         * @param f the format, or {@code null} to go by extension
         * @return the changed options
         */
        public Options withFormat(FileFormat f) {
            return new Options(f, encoding, discrete, spend, requireId, keep);
        }

        /**
         * The same options with this text encoding.
         *
         * @param e the encoding, {@code null} for UTF-8
         * @return the changed options
         */
        public Options withEncoding(Charset e) {
            return new Options(format, e, discrete, spend, requireId, keep);
        }

        /**
         * The same options for discrete (BG/BB) or continuous-time rows.
         *
         * @param d whether the rows are discrete
         * @return the changed options
         */
        public Options withDiscrete(boolean d) {
            return new Options(format, encoding, d, spend, requireId, keep);
        }

        /**
         * The same options with this spend rule.
         *
         * @param s whether the spend column is read
         * @return the changed options
         */
        public Options withSpend(Spend s) {
            return new Options(format, encoding, discrete, s, requireId, keep);
        }

        /**
         * The same options, requiring the id column or not.
         *
         * @param r whether the id column must exist
         * @return the changed options
         */
        public Options withRequireId(boolean r) {
            return new Options(format, encoding, discrete, spend, r, keep);
        }

        /**
         * The same options keeping these further columns as text.
         *
         * @param columns the column names
         * @return the changed options
         */
        public Options withKeep(List<String> columns) {
            return new Options(format, encoding, discrete, spend, requireId, columns);
        }
    }

    private final ColumnTable table;
    private final double[] frequency;
    private final double[] recency;
    private final double[] age;
    private final double[] monetary;
    private final double[] weight;
    private final String[] ids;
    private final boolean hasIds;

    private SummaryTable(ColumnTable table, double[] frequency, double[] recency, double[] age, double[] monetary,
                         double[] weight, String[] ids, boolean hasIds) {
        this.table = table;
        this.frequency = frequency;
        this.recency = recency;
        this.age = age;
        this.monetary = monetary;
        this.weight = weight;
        this.ids = ids;
        this.hasIds = hasIds;
    }

    /**
     * Reads the summary columns of {@code file} and checks every row ({@link SummaryValidator}).
     * The id column is read when it exists (or is required); a spend column that exists is checked
     * even when it is not returned, so one standard holds for every model.
     *
     * @param file the summary file (.csv, .txt, .parquet, .arrow)
     * @param columns the column names
     * @param options what to read
     * @return the table
     * @throws BadInputException naming the file, line and column of a missing column, a cell that is
     *     not a number or the first row that is not a valid history
     */
    public static SummaryTable read(Path file, Columns columns, Options options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(options, "options");
        List<String> names = header(file, options);
        Map<String, ColumnType> want = new LinkedHashMap<>();
        boolean hasId = names.contains(columns.id());
        if (options.requireId() || hasId) {
            want.put(columns.id(), ColumnType.STRING);
        }
        want.put(columns.frequency(), ColumnType.DOUBLE);
        want.put(columns.recency(), ColumnType.DOUBLE);
        String ageName = columns.ageFor(options.discrete());
        want.put(ageName, ColumnType.DOUBLE);
        boolean monetaryOn = options.spend() == Spend.REQUIRED
                || (options.spend() == Spend.IF_PRESENT && names.contains(columns.monetary()));
        // a spend column that is there is checked even when this model does not use it: one standard for every command
        boolean monetaryChecked = monetaryOn || names.contains(columns.monetary());
        if (monetaryChecked) {
            want.put(columns.monetary(), ColumnType.DOUBLE);
        }
        if (columns.weight() != null) {
            want.put(columns.weight(), ColumnType.DOUBLE);
        }
        for (String k : options.keep()) {
            want.putIfAbsent(k, ColumnType.STRING);
        }
        ColumnTable t = TableIO.read(file, options.format(), want, false, options.encoding());
        // one validator for every command and model, before any command drops rows by its own policy
        String[] ids = SummaryValidator.validate(t, new SummaryValidator.Columns(
                want.containsKey(columns.id()) ? columns.id() : null, columns.frequency(), columns.recency(), ageName,
                monetaryChecked ? columns.monetary() : null, columns.weight(), options.discrete()));
        boolean named = ids != null;
        if (ids == null) {
            ids = new String[t.rowCount()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "row " + (i + 2); // line in a file with a header
            }
        }
        return new SummaryTable(t, t.doubles(columns.frequency()), t.doubles(columns.recency()), t.doubles(ageName),
                monetaryOn ? t.doubles(columns.monetary()) : null,
                columns.weight() != null ? t.doubles(columns.weight()) : null, ids, named);
    }

    /**
     * Column names of {@code file}: a CSV's first record without reading the rest (a big input is
     * then parsed once, not twice); other formats through {@link TableIO}.
     */
    private static List<String> header(Path file, Options o) {
        FileFormat f = FileFormat.resolve(o.format(), file);
        Charset cs = o.encoding() != null ? o.encoding() : StandardCharsets.UTF_8;
        if (f == FileFormat.CSV && Files.isRegularFile(file)) {
            try (var reader = CsvReader.builder().detectBomHeader(true).skipEmptyLines(true).ofCsvRecord(file, cs)) {
                var it = reader.iterator();
                if (it.hasNext()) {
                    return it.next().getFields();
                }
            } catch (IOException | RuntimeException e) {
                // fall through: the full read below reports the problem with file and line
            }
        }
        return TableIO.read(file, o.format(), Map.of(), true, o.encoding()).columnNames();
    }

    /**
     * The table as read: the summary columns, the id and the kept columns.
     *
     * @return the table
     */
    public ColumnTable table() {
        return table;
    }

    /**
     * Number of rows (customers, or groups of them for weighted rows).
     *
     * @return the row count
     */
    public int size() {
        return frequency.length;
    }

    /**
     * Repeat transactions x per row.
     *
     * @return a copy of the column
     */
    public double[] frequency() {
        return frequency.clone();
    }

    /**
     * Recency t_x per row.
     *
     * @return a copy of the column
     */
    public double[] recency() {
        return recency.clone();
    }

    /**
     * Age T (n for BG/BB) per row.
     *
     * @return a copy of the column
     */
    public double[] age() {
        return age.clone();
    }

    /**
     * Mean repeat-transaction value per row, when read (an empty cell of a customer without repeats
     * is NaN).
     *
     * @return a copy of the column, or {@code null} when not read
     */
    public double[] monetary() {
        return monetary == null ? null : monetary.clone();
    }

    /**
     * Number of customers each row stands for, when a weight column was named.
     *
     * @return a copy of the column, or {@code null}
     */
    public double[] weight() {
        return weight == null ? null : weight.clone();
    }

    /**
     * The customer id of each row (trimmed), or, without an id column, {@code "row N"} with N the
     * row's line in a file with a header.
     *
     * @return a copy of the names
     */
    public String[] ids() {
        return ids.clone();
    }

    /**
     * Whether the rows were named by an id column.
     *
     * @return {@code true} when the id column was read
     */
    public boolean hasIds() {
        return hasIds;
    }

    /**
     * The file read.
     *
     * @return the source of {@link #table()}
     */
    public Path file() {
        return table.source();
    }
}
