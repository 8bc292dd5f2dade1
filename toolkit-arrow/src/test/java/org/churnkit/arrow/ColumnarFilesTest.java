package org.churnkit.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.Histories;
import org.churnkit.testing.SampleTable;
import org.churnkit.testing.RoundTrips;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parquet and Arrow IPC through the core's readers and writers, with this module present: the same
 * tables, summaries and transaction logs as CSV, types kept, errors located.
 */
class ColumnarFilesTest {
    @TempDir
    Path dir;

    private static ColumnTable sample() {
        return SampleTable.of();
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.parquet", "t.arrow", "t.feather"})
    void roundTripKeepsValuesAndTypes(String name) throws IOException {
        RoundTrips.table(dir.resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.parquet", "t.arrow"})
    void columnarFilesKeepTheirTypesWhenNotAsked(String name) {
        Path p = dir.resolve(name);
        TableIO.write(sample(), p);
        ColumnTable back = TableIO.read(p);
        assertEquals(ColumnType.DOUBLE, back.type("score"));
        assertEquals(ColumnType.LONG, back.type("count"));
        assertEquals(ColumnType.TIMESTAMP, back.type("first"));
        assertEquals(ColumnType.STRING, back.type("customer_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.parquet", "t.arrow"})
    void missingColumnNamesFileAndColumn(String name) {
        RoundTrips.missingColumnIsNamed(dir.resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s.parquet", "s.arrow"})
    void summaryFilesReadBackAsHistories(String name) {
        TransactionLog log = TransactionLog.of(new String[] {"a", "a", "b", "c"},
                new long[] {0, 5 * 86_400L, 86_400, 40 * 86_400L}, new double[] {10, 20, 5, 7});
        CustomerSummaries s = Summarizer.summarize(log, SummaryOptions.defaults().withUnit(TimeUnit.DAYS)
                .withObservationEnd(PeriodEnd.parse("1970-02-11")));
        Path p = dir.resolve(name);
        TableIO.write(s.toTable(true), p);
        assertEquals(Histories.of(s), Histories.read(p));
    }

    @ParameterizedTest
    @ValueSource(strings = {"log.parquet", "log.arrow"})
    void transactionRoundTrip(String name) {
        RoundTrips.transactions(dir.resolve(name), TransactionReadOptions.defaults());
    }

    @Test
    void invalidUtf8InArrowTextIsLocatedByBothReaders() throws IOException {
        Path f = dir.resolve("bad.arrow");
        try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
             org.apache.arrow.vector.VarCharVector id = new org.apache.arrow.vector.VarCharVector("customer_id", a);
             org.apache.arrow.vector.VarCharVector date = new org.apache.arrow.vector.VarCharVector("date", a)) {
            id.allocateNew(2);
            date.allocateNew(2);
            id.setSafe(0, "ok".getBytes(StandardCharsets.UTF_8));
            id.setSafe(1, new byte[] {'J', 'o', 's', (byte) 0xE9});
            date.setSafe(0, "2024-01-01".getBytes(StandardCharsets.UTF_8));
            date.setSafe(1, "2024-01-02".getBytes(StandardCharsets.UTF_8));
            id.setValueCount(2);
            date.setValueCount(2);
            try (org.apache.arrow.vector.VectorSchemaRoot root = org.apache.arrow.vector.VectorSchemaRoot.of(id, date);
                 var ch = Files.newByteChannel(f, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                 var w = new org.apache.arrow.vector.ipc.ArrowFileWriter(root, null, ch)) {
                root.setRowCount(2);
                w.start();
                w.writeBatch();
                w.end();
            }
        }
        BadInputException t = assertThrows(BadInputException.class, () -> TableIO.read(f));
        assertEquals(2, t.line());
        assertEquals("customer_id", t.column());
        assertTrue(t.getMessage().contains("0xE9"), t.getMessage());
        BadInputException r = assertThrows(BadInputException.class, () -> TransactionReader.read(f,
                org.churnkit.data.TransactionReadOptions.defaults().withColumns("customer_id", "date", null)));
        assertEquals(2, r.line());
        assertEquals("customer_id", r.column());
    }
}
