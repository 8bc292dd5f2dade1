package org.churnkit.segment;

import org.churnkit.model.ScoreColumn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentsFileTest {

    @TempDir
    Path dir;

    private static ScoreColumns scores() {
        return ScoreColumns.of(new String[] {"a", "=b", "c"}, Map.of(ScoreColumn.P_ALIVE.column(), new double[] {0.1, 0.5, 0.9}));
    }

    @Test
    void whatSegmentWritesReportReadsBackInScoreOrder() {
        Path f = dir.resolve("segments.csv");
        // a name a spreadsheet would run as a formula is written neutralised and read back as given
        SegmentsFile.write(f, scores(), new String[] {"x", "=y", "x"}, List.of(ScoreColumn.P_ALIVE.column()));
        ScoreColumns reordered = ScoreColumns.of(new String[] {"c", "a", "=b"}, Map.of());
        assertArrayEquals(new String[] {"x", "x", "=y"}, SegmentsFile.read(f, reordered));
    }

    @Test
    void writesIdSegmentAndFeatures() throws IOException {
        Path f = dir.resolve("segments.csv");
        SegmentsFile.write(f, scores(), new String[] {"x", "y", "x"}, List.of(ScoreColumn.P_ALIVE.column()));
        assertEquals("customer_id,segment,p_alive", Files.readAllLines(f).get(0));
        assertThrows(IllegalArgumentException.class,
                () -> SegmentsFile.write(f, scores(), new String[] {"x"}, List.of()));
    }

    @Test
    void aScoredCustomerWithoutARowIsNamed() throws IOException {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "customer_id,segment\na,x\n");
        BadInputException e = assertThrows(BadInputException.class, () -> SegmentsFile.read(f, scores()));
        assertTrue(e.getMessage().contains("no row for customer =b"), e.getMessage());
    }

    @Test
    void emptySegmentsAndRepeatsAreLocated() throws IOException {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "customer_id,segment\na,x\nc,\n");
        BadInputException e = assertThrows(BadInputException.class, () -> SegmentsFile.read(f, scores()));
        assertEquals(3, e.line());
        assertEquals(SegmentsFile.SEGMENT, e.column());
        Files.writeString(f, "customer_id,segment\na,x\n a,y\n");
        e = assertThrows(BadInputException.class, () -> SegmentsFile.read(f, scores()));
        assertEquals(3, e.line());
        assertEquals(ScoreColumn.CUSTOMER_ID.column(), e.column());
    }

    @Test
    void aMissingSegmentColumnNamesFileAndColumn() throws IOException {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "customer_id,group\na,x\n");
        BadInputException e = assertThrows(BadInputException.class, () -> SegmentsFile.read(f, scores()));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("segment"), e.getMessage());
    }
}
