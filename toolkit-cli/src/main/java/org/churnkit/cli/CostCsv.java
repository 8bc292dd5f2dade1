package org.churnkit.cli;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.churnkit.ChurnkitException;

/**
 * The CSV reading and writing of the {@code target} and {@code profit} commands, kept in this one
 * class so that the shared table readers/writers of {@code org.churnkit.io} can replace it later.
 * CSV with a header row; columns are looked up by name; every parse error names the file, the
 * line, the column and what was expected. Writes go to a temporary file in the target directory
 * and are then moved into place, so a failed run never leaves a half-written output.
 */
final class CostCsv {
    private final Path file;
    private final List<String> header;
    private final List<NamedCsvRecord> rows;

    private CostCsv(Path file, List<String> header, List<NamedCsvRecord> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    static CostCsv read(Path file) {
        List<NamedCsvRecord> rows = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> reader = CsvReader.builder().skipEmptyLines(true).ofNamedCsvRecord(file, StandardCharsets.UTF_8)) {
            for (NamedCsvRecord r : reader) {
                rows.add(r);
            }
        } catch (NoSuchFileException e) {
            throw new ChurnkitException(file + ": file not found");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof ChurnkitException) {
                throw e;
            }
            throw new ChurnkitException(file + ": not a valid CSV file: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new ChurnkitException(file + ": no data rows (expected a header row and at least one customer)");
        }
        return new CostCsv(file, rows.get(0).getHeader(), rows);
    }

    int size() {
        return rows.size();
    }

    boolean has(String column) {
        return header.contains(column);
    }

    private void require(String column) {
        if (!has(column)) {
            throw new ChurnkitException(file + ": no column '" + column + "' (columns: " + String.join(", ", header) + ")");
        }
    }

    String[] strings(String column) {
        require(column);
        String[] out = new String[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i).getField(column);
        }
        return out;
    }

    double[] doubles(String column) {
        require(column);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            String text = rows.get(i).getField(column).trim();
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error(i, column, text, "a number");
            }
            if (!Double.isFinite(v)) {
                throw error(i, column, text, "a finite number");
            }
            out[i] = v;
        }
        return out;
    }

    /** Churn labels: 1 (churned) or 0 (stayed); "1.0"/"0.0" and "true"/"false" are accepted too. */
    int[] labels(String column) {
        require(column);
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            String text = rows.get(i).getField(column).trim();
            out[i] = switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "1", "1.0", "true" -> 1;
                case "0", "0.0", "false" -> 0;
                default -> throw error(i, column, text, "a churn label 0 or 1");
            };
        }
        return out;
    }

    /** Error for data row i (0-based), naming the file's line (the header is line 1). */
    ChurnkitException error(int row, String column, String text, String expected) {
        return new ChurnkitException(file + ": line " + rows.get(row).getStartingLineNumber() + ", column '" + column
                + "': expected " + expected + ", found '" + text + "'");
    }

    long line(int row) {
        return rows.get(row).getStartingLineNumber();
    }

    /** Writes a CSV atomically: temporary file in the target directory, then a move into place. */
    static void write(Path target, List<String> header, Consumer<CsvWriter> rows) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (CsvWriter w = CsvWriter.builder().build(tmp, StandardCharsets.UTF_8)) {
                    w.writeRecord(header);
                    rows.accept(w);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write: " + e.getMessage(), e);
        }
    }
}
