package org.churnkit.segment;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.model.ScoreColumn;
import org.churnkit.data.CustomerIds;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.FileFormat;
import org.churnkit.io.SpreadsheetSafe;
import org.churnkit.io.TableIO;

/**
 * The segments file: one row per customer, {@code customer_id, segment} and the features the
 * segments were built on, as {@code churnkit segment} writes it and {@code churnkit report} reads
 * it back. A CSV or text file is written for people ({@link TableIO#writeForPeople}: text cells
 * that a spreadsheet would run as a formula carry {@link SpreadsheetSafe}'s quote), which the
 * reader undoes.
 */
public final class SegmentsFile {
    /** Column of the segment names. */
    public static final String SEGMENT = "segment";

    private SegmentsFile() {}

    /**
     * Writes the segments of the customers of {@code scores}, atomically.
     *
     * @param file the output (.csv, .txt, .parquet, .arrow)
     * @param scores the scored customers, whose ids and feature columns are written
     * @param segments the segment name of each customer, in score order
     * @param features the feature columns of {@code scores} to write after the segment
     * @throws IllegalArgumentException when {@code segments} is not one name per customer
     */
    public static void write(Path file, ScoreColumns scores, String[] segments, List<String> features) {
        Objects.requireNonNull(file, "file");
        if (segments.length != scores.size()) {
            throw new IllegalArgumentException(segments.length + " segment names for " + scores.size() + " customers");
        }
        ColumnTable.Builder table = ColumnTable.builder().addString(ScoreColumn.CUSTOMER_ID.column(), scores.ids())
                .addString(SEGMENT, segments);
        for (String f : features) {
            table.addDouble(f, scores.require(f));
        }
        TableIO.writeForPeople(table.build(), file, null);
    }

    /**
     * The segment of each customer of {@code scores}, in score order, from a segments file. Other
     * columns are ignored; a customer of the segments file who is not scored is ignored too.
     *
     * @param file a segments file (.csv, .txt, .parquet, .arrow) with {@code customer_id, segment}
     * @param scores the scored customers
     * @return the segment names, one per customer of {@code scores}
     * @throws BadInputException naming file, line and column on a missing column, an empty segment
     *     name, an invalid or repeated customer id, or a scored customer without a row
     */
    public static String[] read(Path file, ScoreColumns scores) {
        ColumnTable t = TableIO.read(file, null, Map.of(ScoreColumn.CUSTOMER_ID.column(), ColumnType.STRING, SEGMENT, ColumnType.STRING),
                false);
        String[] id = t.strings(ScoreColumn.CUSTOMER_ID.column());
        String[] seg = t.strings(SEGMENT).clone();
        // a segments CSV is written for people: its text cells carry SpreadsheetSafe's quote, undone here
        FileFormat format = FileFormat.resolve(null, file);
        boolean neutralised = format == FileFormat.CSV || format == FileFormat.TEXT;
        Map<String, String> byId = new HashMap<>();
        for (int i = 0; i < id.length; i++) {
            if (seg[i] == null || seg[i].isBlank()) {
                throw BadInputException.at(file, t.line(i), SEGMENT, "expected a segment name, found an empty cell");
            }
            if (neutralised) {
                seg[i] = SpreadsheetSafe.restore(seg[i]);
            }
            String key = CustomerIds.normalize(neutralised ? SpreadsheetSafe.restore(id[i]) : id[i], file, t.line(i),
                    ScoreColumn.CUSTOMER_ID.column());
            if (byId.put(key, seg[i]) != null) {
                throw BadInputException.at(file, t.line(i), ScoreColumn.CUSTOMER_ID.column(), "customer " + key + " appears twice");
            }
        }
        String[] out = new String[scores.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = byId.get(scores.id(i));
            if (out[i] == null) {
                throw BadInputException.at(file, 0, ScoreColumn.CUSTOMER_ID.column(), "no row for customer " + scores.id(i)
                        + " of the score file");
            }
        }
        return out;
    }
}
