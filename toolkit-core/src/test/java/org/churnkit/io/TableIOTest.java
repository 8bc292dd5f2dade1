package org.churnkit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.churnkit.testing.SampleTable;
import org.churnkit.testing.RoundTrips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableIOTest {
    @TempDir
    Path dir;

    private static ColumnTable sample() {
        return SampleTable.of();
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.csv"})
    void roundTripKeepsValuesAndTypes(String name) {
        RoundTrips.table(dir.resolve(name));
    }

    @Test
    void csvIsPlain() throws IOException {
        Path p = dir.resolve("t.csv");
        TableIO.write(sample(), p);
        List<String> lines = Files.readAllLines(p);
        assertEquals("customer_id,score,count,first", lines.get(0));
        assertEquals("a,0.5,1,1970-01-01", lines.get(1));
        assertEquals("\"b,with comma\",1.0E-300,2,1970-01-02", lines.get(2));
        assertEquals("ü,,9223372036854775807,1997-01-01", lines.get(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.csv"})
    void missingColumnNamesFileAndColumn(String name) {
        RoundTrips.missingColumnIsNamed(dir.resolve(name));
    }

    @Test
    void unparsableNumberNamesLineAndColumn() throws IOException {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, "id,x\na,1\nb,abc\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> TableIO.read(p, null, Map.of("x", ColumnType.DOUBLE), true));
        assertEquals(3, e.line());
        assertEquals("x", e.column());
        assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
    }

    @Test
    void binaryLabelsAcceptOneZeroTrueFalseAndNameTheFirstOtherCell() throws IOException {
        Path p = Files.writeString(dir.resolve("labels.csv"), "y\n1\n 0.0 \nTRUE\nfalse\n1.0\n");
        assertArrayEquals(new int[] {1, 0, 1, 0, 1}, TableIO.read(p, null, Map.of("y", ColumnType.STRING), false).binaryLabels("y", "churn label"));
        Path bad = Files.writeString(dir.resolve("bad.csv"), "y\n1\nyes\n");
        BadInputException e = assertThrows(BadInputException.class, () -> TableIO.read(bad, null, Map.of("y", ColumnType.STRING), false).binaryLabels("y", "churn label"));
        assertEquals(3, e.line());
        assertEquals("y", e.column());
        assertTrue(e.getMessage().contains("expected a churn label 0 or 1, found 'yes'"), e.getMessage());
    }

    @Test
    void failedWriteLeavesNothing() {
        Path p = dir.resolve("out.txt");
        // whitespace text cannot hold a value with a blank: the write fails part-way
        assertThrows(java.io.UncheckedIOException.class, () -> TableIO.write(sample(), p));
        assertFalse(Files.exists(p));
        assertNoTemporaryFiles();
    }

    @Test
    void failedWriteKeepsThePreviousFile() throws IOException {
        Path p = dir.resolve("out.txt");
        Files.writeString(p, "old");
        assertThrows(java.io.UncheckedIOException.class, () -> TableIO.write(sample(), p));
        assertEquals("old", Files.readString(p));
    }

    @Test
    void columnarFilesWithoutTheArrowModuleAreRefusedWithTheModuleNamed() throws IOException {
        // toolkit-core's tests run without toolkit-arrow, as a scoring service does
        Path p = Files.writeString(dir.resolve("t.parquet"), "PAR1");
        BadInputException e = assertThrows(BadInputException.class, () -> TableIO.read(p));
        assertTrue(e.getMessage().contains("toolkit-arrow"), e.getMessage());
        BadInputException w = assertThrows(BadInputException.class, () -> TableIO.write(sample(), dir.resolve("out.arrow")));
        assertTrue(w.getMessage().contains("toolkit-arrow"), w.getMessage());
        assertFalse(Files.exists(dir.resolve("out.arrow")));
    }

    private void assertNoTemporaryFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> tmp = s.filter(q -> q.getFileName().toString().startsWith(".")).toList();
            assertTrue(tmp.isEmpty(), "temporary files left: " + tmp);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
