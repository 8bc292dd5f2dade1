package org.churnkit.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.FileFormat;
import org.churnkit.io.TableIO;
import picocli.CommandLine.Option;

/**
 * Names of the summary columns a model reads ({@code fit}, {@code score}): a picocli
 * {@code @Mixin}. Defaults are lifetimes' names, as {@code churnkit summarize} writes them.
 */
public final class HistoryColumns {

    /** Creates the options; picocli fills them from the command line. */
    public HistoryColumns() {
    }

    @Option(names = "--id-column", paramLabel = "C", defaultValue = "customer_id",
            description = "Customer id column (default: ${DEFAULT-VALUE}).")
    String id;

    @Option(names = "--frequency-column", paramLabel = "C", defaultValue = "frequency",
            description = "Repeat transactions x (default: ${DEFAULT-VALUE}).")
    String frequency;

    @Option(names = "--recency-column", paramLabel = "C", defaultValue = "recency",
            description = "Time of the last transaction since the first, t_x (default: ${DEFAULT-VALUE}; "
                + "for bg-bb the opportunity of the last transaction).")
    String recency;

    @Option(names = {"--T-column", "--age-column"}, paramLabel = "C",
            description = "Age T, first transaction to the end of observation (default: T; for bg-bb the number "
                + "of opportunities n, default: periods).")
    String age;

    @Option(names = "--monetary-column", paramLabel = "C", defaultValue = "monetary_value",
            description = "Mean repeat-transaction value, used by gamma-gamma (default: ${DEFAULT-VALUE}).")
    String monetary;

    @Option(names = "--weight-column", paramLabel = "C",
            description = "Number of customers each row stands for (e.g. 'weights' in a BG/BB recency-frequency table).")
    String weight;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8", converter = Converters.Encoding.class,
            description = "Text encoding of a CSV or text input (default: ${DEFAULT-VALUE}); bytes invalid in it are an "
                + "error naming line and column.")
    java.nio.charset.Charset encoding;

    @Option(names = "--input-format", paramLabel = "FORMAT", converter = Converters.Format.class,
            description = "Input format when the extension does not tell: csv, text, parquet, arrow.")
    FileFormat inputFormat;

    String ageColumn(boolean discrete) {
        return age != null ? age : discrete ? "periods" : "T";
    }

    /**
     * Column names of {@code file}: a CSV's first record without reading the rest (a big input is
     * then parsed once, not twice); other formats through {@link TableIO}.
     */
    private java.util.List<String> header(Path file) {
        FileFormat f;
        try {
            f = FileFormat.resolve(inputFormat, file);
        } catch (IllegalArgumentException e) {
            throw new org.churnkit.ChurnkitException(file + ": " + e.getMessage() + " (--input-format)", e);
        }
        if (f == FileFormat.CSV && java.nio.file.Files.isRegularFile(file)) {
            try (var reader = de.siegmar.fastcsv.reader.CsvReader.builder().detectBomHeader(true).skipEmptyLines(true)
                    .ofCsvRecord(file, encoding)) {
                var it = reader.iterator();
                if (it.hasNext()) {
                    return it.next().getFields();
                }
            } catch (java.io.IOException | RuntimeException e) {
                // fall through: the full read below reports the problem with file and line
            }
        }
        return TableIO.read(file, inputFormat, Map.of(), true, encoding).columnNames();
    }

    /** The input as read, with the model columns as doubles and the id as text when present. */
    record Read(ColumnTable table, double[] x, double[] tx, double[] t, double[] m, double[] w, String[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Read r && table.equals(r.table) && Arrays.equals(x, r.x) && Arrays.equals(tx, r.tx)
                    && Arrays.equals(t, r.t) && Arrays.equals(m, r.m) && Arrays.equals(w, r.w)
                    && Arrays.equals(ids, r.ids);
        }

        @Override
        public int hashCode() {
            return Objects.hash(table, Arrays.hashCode(x), Arrays.hashCode(tx), Arrays.hashCode(t));
        }

        @Override
        public String toString() {
            return "Read[" + x.length + " rows" + (m != null ? ", with spend" : "") + (w != null ? ", weighted" : "")
                    + (ids != null ? ", with ids" : "") + "]";
        }
    }

    /**
     * Reads the summary columns of {@code file}.
     *
     * @param needMonetary the monetary column must exist
     * @param wantMonetary read the monetary column when it exists
     * @param requireId the id column must exist (else rows are named by their line)
     * @param keep further columns to keep, as text
     */
    Read read(Path file, boolean discrete, boolean needMonetary, boolean wantMonetary, boolean requireId,
              java.util.List<String> keep) {
        java.util.List<String> names = header(file);
        Map<String, ColumnType> want = new LinkedHashMap<>();
        boolean hasId = names.contains(id);
        if (requireId || hasId) {
            want.put(id, ColumnType.STRING);
        }
        want.put(frequency, ColumnType.DOUBLE);
        want.put(recency, ColumnType.DOUBLE);
        String ageName = ageColumn(discrete);
        want.put(ageName, ColumnType.DOUBLE);
        boolean monetaryOn = needMonetary || (wantMonetary && names.contains(monetary));
        // a spend column that is there is checked even when this model does not use it: one standard for every command
        boolean monetaryChecked = monetaryOn || names.contains(monetary);
        if (monetaryChecked) {
            want.put(monetary, ColumnType.DOUBLE);
        }
        if (weight != null) {
            want.put(weight, ColumnType.DOUBLE);
        }
        for (String k : keep) {
            want.putIfAbsent(k, ColumnType.STRING);
        }
        ColumnTable t = TableIO.read(file, inputFormat, want, false, encoding);
        // one validator for every command and model, before any command drops rows by its own policy
        String[] ids = org.churnkit.data.SummaryValidator.validate(t, new org.churnkit.data.SummaryValidator.Columns(
                want.containsKey(id) ? id : null, frequency, recency, ageName, monetaryChecked ? monetary : null, weight,
                discrete));
        if (ids == null) {
            ids = new String[t.rowCount()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "row " + (i + 2); // line in a file with a header
            }
        }
        return new Read(t, t.doubles(frequency), t.doubles(recency), t.doubles(ageName),
                monetaryOn ? t.doubles(monetary) : null, weight != null ? t.doubles(weight) : null, ids);
    }
}
