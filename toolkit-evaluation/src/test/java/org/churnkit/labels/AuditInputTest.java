package org.churnkit.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditInputTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsTakeTheIdAndEveryNumericColumn() throws IOException {
        Path f = write("t.csv", "customer_id,month,x,note,y,churned\n"
                + "a,2024-11,1.5,hi,2,1\nb,2024-12,2.5,ho,3,0\nc,2024-02,0.5,,4,true\n");
        AuditInput in = AuditInput.read(f, new AuditInput.Columns("churned", null, null, "month"));
        assertEquals("customer_id", in.idColumn());
        assertArrayEquals(new String[] {"a", "b", "c"}, in.ids());
        assertEquals(List.of("x", "y"), in.featureNames());
        assertEquals(List.of("note"), in.skippedColumns());
        assertArrayEquals(new int[] {1, 0, 1}, in.labels());
        assertArrayEquals(new double[] {1.5, 2}, in.features()[0]);
        // ISO months sort as text: 2024-02 < 2024-11 < 2024-12
        assertArrayEquals(new double[] {1, 2, 0}, in.periods());
        assertEquals("2024-12", in.latestPeriod());
    }

    @Test
    void numericPeriodsCompareAsNumbersAndRowsWithoutIdsAreNumbered() throws IOException {
        Path f = write("t.csv", "q,x,churned\n9,1,1\n10,2,0\n");
        AuditInput in = AuditInput.read(f, new AuditInput.Columns("churned", List.of("x"), null, "q"));
        assertNull(in.ids());
        assertNull(in.idColumn());
        assertEquals("10", in.latestPeriod());
    }

    @Test
    void errorsNameFileLineAndColumn() throws IOException {
        Path f = write("bad.csv", "x,churned\n1,1\nabc,0\n");
        var e = assertThrows(BadInputException.class,
                () -> AuditInput.read(f, new AuditInput.Columns("churned", List.of("x"), null, null)));
        assertTrue(e.getMessage().contains("bad.csv:3") && e.getMessage().contains("'x'"), e.getMessage());
        Path g = write("label.csv", "x,churned\n1,1\n2,2\n");
        var l = assertThrows(BadInputException.class,
                () -> AuditInput.read(g, new AuditInput.Columns("churned", null, null, null)));
        assertTrue(l.getMessage().contains("label.csv:3") && l.getMessage().contains("expected a label 0 or 1"),
                l.getMessage());
        Path h = write("none.csv", "name,churned\nann,1\n");
        var n = assertThrows(BadInputException.class,
                () -> AuditInput.read(h, new AuditInput.Columns("churned", null, null, null)));
        assertTrue(n.getMessage().contains("no feature column"), n.getMessage());
    }
}
