package org.churnkit.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;

/** The write-then-read checks every table format must pass (CSV and text here, Parquet and Arrow in their module). */
public final class RoundTrips {
    private RoundTrips() {}

    /**
     * Writes {@link SampleTable#of()} to {@code p}, reads it back in the wanted types and asserts
     * every value came back, and that no temporary file was left beside it.
     *
     * @param p the file; its extension gives the format
     */
    public static void table(Path p) {
        ColumnTable t = SampleTable.of();
        TableIO.write(t, p);
        Map<String, ColumnType> want = new LinkedHashMap<>();
        want.put("customer_id", ColumnType.STRING);
        want.put("score", ColumnType.DOUBLE);
        want.put("count", ColumnType.LONG);
        want.put("first", ColumnType.TIMESTAMP);
        ColumnTable back = TableIO.read(p, null, want, false);
        assertEquals(List.of("customer_id", "score", "count", "first"), back.columnNames());
        assertArrayEquals(t.strings("customer_id"), back.strings("customer_id"));
        assertArrayEquals(t.doubles("score"), back.doubles("score"));
        assertArrayEquals(t.longs("count"), back.longs("count"));
        assertArrayEquals(t.timestamps("first"), back.timestamps("first"));
        try (Stream<Path> s = Files.list(p.toAbsolutePath().getParent())) {
            List<Path> tmp = s.filter(q -> q.getFileName().toString().startsWith(".")).toList();
            assertTrue(tmp.isEmpty(), "temporary files left: " + tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a small transaction log to {@code p} and reads it back as a log: ids, times and amounts.
     *
     * @param p the file; its extension gives the format
     * @param options how to read it
     */
    public static void transactions(Path p, TransactionReadOptions options) {
        TransactionLog log = TransactionLog.of(new String[] {"x", "y", "x", "z"},
                new long[] {0, 86_400, 2 * 86_400 + 3_600, 852_076_800L}, new double[] {1.25, 0, 3, 1e6});
        TableIO.write(log.toTable(), p);
        TransactionLog back = TransactionReader.read(p, options);
        assertEquals(log.size(), back.size());
        for (int i = 0; i < log.size(); i++) {
            assertEquals(log.customerId(log.customerCode(i)), back.customerId(back.customerCode(i)));
            assertEquals(log.time(i), back.time(i));
            assertEquals(log.amount(i), back.amount(i));
        }
    }

    /**
     * Writes {@link SampleTable#of()} to {@code p} and asks for a column it lacks: the error names
     * the file and the column.
     *
     * @param p the file; its extension gives the format
     */
    public static void missingColumnIsNamed(Path p) {
        TableIO.write(SampleTable.of(), p);
        BadInputException e = assertThrows(BadInputException.class,
                () -> TableIO.read(p, null, Map.of("frequency", ColumnType.DOUBLE), false));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'frequency'"), e.getMessage());
        assertEquals("frequency", e.column());
    }
}
