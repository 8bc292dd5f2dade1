package org.churnkit.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.churnkit.data.SummaryTable;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.FileFormat;
import picocli.CommandLine.Option;

/**
 * Names of the summary columns a model reads ({@code fit}, {@code score}): a picocli
 * {@code @Mixin}. Defaults are lifetimes' names, as {@code churnkit summarize} writes them; the
 * file is read by {@link SummaryTable}.
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

    /** The column names these options give. */
    SummaryTable.Columns names() {
        return new SummaryTable.Columns(id, frequency, recency, age, monetary, weight);
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
     * Reads the summary columns of {@code file} ({@link SummaryTable#read}).
     *
     * @param needMonetary the monetary column must exist
     * @param wantMonetary read the monetary column when it exists
     * @param requireId the id column must exist (else rows are named by their line)
     * @param keep further columns to keep, as text
     */
    Read read(Path file, boolean discrete, boolean needMonetary, boolean wantMonetary, boolean requireId,
              java.util.List<String> keep) {
        SummaryTable t = table(file, discrete, needMonetary ? SummaryTable.Spend.REQUIRED
                : wantMonetary ? SummaryTable.Spend.IF_PRESENT : SummaryTable.Spend.IGNORED, requireId, keep);
        return new Read(t.table(), t.frequency(), t.recency(), t.age(), t.monetary(), t.weight(), t.ids());
    }

    /** Reads the summary table of {@code file} with these column names, encoding and format. */
    SummaryTable table(Path file, boolean discrete, SummaryTable.Spend spend, boolean requireId,
                       java.util.List<String> keep) {
        FileFormat f;
        try {
            f = FileFormat.resolve(inputFormat, file);
        } catch (IllegalArgumentException e) {
            throw new org.churnkit.ChurnkitException(file + ": " + e.getMessage() + " (--input-format)", e);
        }
        return SummaryTable.read(file, names(), SummaryTable.Options.of().withFormat(f).withEncoding(encoding)
                .withDiscrete(discrete).withSpend(spend).withRequireId(requireId).withKeep(keep));
    }
}
