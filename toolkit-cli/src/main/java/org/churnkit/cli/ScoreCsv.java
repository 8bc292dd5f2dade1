package org.churnkit.cli;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.report.Tracking;
import org.churnkit.segment.ScoreColumns;

/**
 * Every CSV read and write of the segment and report commands, in one place so the shared table
 * I/O ({@code org.churnkit.io}) can replace it later without touching the commands. FastCSV with a
 * header row and named columns; errors name the file, line and column; writes go to a temporary
 * file in the target directory that is then moved into place.
 */
final class ScoreCsv {
    /** Numeric score columns read when present; other columns are ignored. */
    static final List<String> SCORE_COLUMNS = List.of("frequency", "recency", "T", "monetary_value", "p_alive",
            "expected_transactions", "expected_spend", "dert", "clv");
    static final String ID = "customer_id";

    private ScoreCsv() {}

    /** A header-indexed CSV table read fully into strings per needed column. */
    private record Table(Path file, List<String> header, Map<String, Integer> index) {
        int require(String col) {
            Integer i = index.get(col);
            if (i == null) {
                throw new ChurnkitException(file + ": line 1: no column '" + col + "' (columns: " + String.join(", ", header) + ")");
            }
            return i;
        }
    }

    private interface RowHandler {
        void row(CsvRecord r, long line);
    }

    private static Table read(Path file, java.util.function.Function<Table, RowHandler> handlerFactory) {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
            var it = reader.iterator();
            if (!it.hasNext()) {
                throw new ChurnkitException(file + ": the file is empty; expected a header row");
            }
            List<String> header = it.next().getFields();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i).strip();
                if (i == 0 && h.startsWith("\uFEFF")) {
                    h = h.substring(1);
                }
                if (index.put(h, i) != null) {
                    throw new ChurnkitException(file + ": line 1: column '" + h + "' appears twice");
                }
            }
            Table t = new Table(file, header, index);
            RowHandler h = handlerFactory.apply(t);
            while (it.hasNext()) {
                CsvRecord r = it.next();
                if (r.getFieldCount() == 1 && r.getField(0).isEmpty()) {
                    continue;
                }
                if (r.getFieldCount() != header.size()) {
                    throw new ChurnkitException(file + ": line " + r.getStartingLineNumber() + ": " + r.getFieldCount()
                            + " fields; expected " + header.size() + " as in the header");
                }
                h.row(r, r.getStartingLineNumber());
            }
            return t;
        } catch (NoSuchFileException e) {
            throw new ChurnkitException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e.getCause());
        }
    }

    private static double number(Path file, long line, String col, String s) {
        try {
            double v = Double.parseDouble(s.strip());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ChurnkitException(file + ": line " + line + ", column '" + col + "': expected a finite number, got '" + s + "'");
    }

    /** Growable primitive column. */
    private static final class Doubles {
        double[] a = new double[1024];
        int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /**
     * Reads a score file: {@code customer_id} plus any of {@link #SCORE_COLUMNS}.
     *
     * @throws ChurnkitException naming file, line and column for a missing id column, a duplicate
     *     id or a value that is not a finite number
     */
    static ScoreColumns readScores(Path file) {
        List<String> ids = new ArrayList<>();
        Map<String, Doubles> cols = new LinkedHashMap<>();
        Map<String, Integer> at = new LinkedHashMap<>();
        Map<String, Long> seen = new HashMap<>();
        read(file, t -> {
            int idCol = t.require(ID);
            for (String c : SCORE_COLUMNS) {
                if (t.index().containsKey(c)) {
                    at.put(c, t.index().get(c));
                    cols.put(c, new Doubles());
                }
            }
            return (r, line) -> {
                String id = r.getField(idCol).strip();
                if (id.isEmpty()) {
                    throw new ChurnkitException(file + ": line " + line + ", column '" + ID + "': empty customer id");
                }
                Long prev = seen.put(id, line);
                if (prev != null) {
                    throw new ChurnkitException(file + ": line " + line + ", column '" + ID + "': customer " + id
                            + " already appeared on line " + prev);
                }
                ids.add(id);
                for (var e : at.entrySet()) {
                    cols.get(e.getKey()).add(number(file, line, e.getKey(), r.getField(e.getValue())));
                }
            };
        });
        if (ids.isEmpty()) {
            throw new ChurnkitException(file + ": no customers (only a header row)");
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        cols.forEach((k, v) -> out.put(k, v.toArray()));
        return ScoreColumns.of(ids.toArray(String[]::new), out);
    }

    /**
     * Reads a segments file ({@code customer_id, segment}) and returns the segment of each customer
     * of {@code scores}, in score order.
     *
     * @throws ChurnkitException when a scored customer has no segment, or a value is empty
     */
    static String[] readSegments(Path file, ScoreColumns scores) {
        Map<String, String> byId = new HashMap<>();
        read(file, t -> {
            int idCol = t.require(ID);
            int segCol = t.require("segment");
            return (r, line) -> {
                String seg = r.getField(segCol);
                if (seg.isBlank()) {
                    throw new ChurnkitException(file + ": line " + line + ", column 'segment': empty segment name");
                }
                String prev = byId.put(r.getField(idCol).strip(), seg);
                if (prev != null) {
                    throw new ChurnkitException(file + ": line " + line + ", column '" + ID + "': customer "
                            + r.getField(idCol).strip() + " appears twice");
                }
            };
        });
        String[] out = new String[scores.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = byId.get(scores.id(i));
            if (out[i] == null) {
                throw new ChurnkitException(file + ": no row for customer " + scores.id(i) + " of the score file");
            }
        }
        return out;
    }

    /**
     * Reads holdout tracking data: columns {@code period, actual, predicted} with repeat
     * transactions per period (not cumulative), periods increasing.
     */
    static Tracking readTracking(Path file, double calibrationEnd) {
        Doubles p = new Doubles();
        Doubles a = new Doubles();
        Doubles q = new Doubles();
        read(file, t -> {
            int pc = t.require("period");
            int ac = t.require("actual");
            int qc = t.require("predicted");
            return (r, line) -> {
                p.add(number(file, line, "period", r.getField(pc)));
                a.add(number(file, line, "actual", r.getField(ac)));
                q.add(number(file, line, "predicted", r.getField(qc)));
            };
        });
        try {
            return new Tracking(p.toArray(), a.toArray(), q.toArray(), calibrationEnd);
        } catch (ChurnkitException e) {
            throw new ChurnkitException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code customer_id, segment} and the given feature columns, atomically.
     */
    static void writeSegments(Path file, ScoreColumns scores, String[] segmentOf, List<String> featureColumns) {
        atomicWrite(file, w -> {
            CsvWriter csv = CsvWriter.builder().build(w);
            List<String> header = new ArrayList<>(List.of(ID, "segment"));
            header.addAll(featureColumns);
            csv.writeRecord(header);
            double[][] cols = featureColumns.stream().map(scores::require).toArray(double[][]::new);
            String[] row = new String[header.size()];
            for (int i = 0; i < scores.size(); i++) {
                row[0] = scores.id(i);
                row[1] = segmentOf[i];
                for (int j = 0; j < cols.length; j++) {
                    row[2 + j] = Double.toString(cols[j][i]);
                }
                csv.writeRecord(row);
            }
            csv.flush();
        });
    }

    interface WriterBody {
        void write(BufferedWriter w) throws IOException;
    }

    /** Writes via a temporary file in the target directory, then moves it into place. */
    static void atomicWrite(Path file, WriterBody body) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = createTemp(target.getParent(), target.getFileName().toString());
            try {
                try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    body.write(w);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A temporary file beside the target. Readable by all (rw-r--r--, less the umask) like a file
     * written directly: Files.createTempFile alone would leave the output private (rw-------).
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(dir, "." + name, ".tmp", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")));
        }
        return Files.createTempFile(dir, "." + name, ".tmp");
    }
}
