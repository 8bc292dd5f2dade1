package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.io.BadInputException;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurvivorTableTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path p = dir.resolve("survivors.csv");
        Files.writeString(p, text);
        return p;
    }

    private SurvivorTable read(Path f) {
        return SurvivorTable.read(f, null, "period", "survivors", "cohort", null);
    }

    @Test
    void readsCohortsInAnyRowOrder() throws IOException {
        SurvivorTable t = read(csv("cohort,period,survivors\nhigh,1,869\nregular,0,1000\nhigh,0,1000\nregular,1,631\n"
                + "regular,2,468\n"));
        assertEquals(List.of("high", "regular"), t.cohorts().stream().map(SurvivorCurve::cohort).toList());
        assertArrayEquals(new long[] {1000, 631, 468}, t.cohort("regular").survivors());
        assertEquals(1, t.cohort("high").periods());
        assertArrayEquals(new long[] {1000, 631}, t.cohort("regular").first(1).survivors());
    }

    @Test
    void withoutACohortColumnTheFileIsOneCohort() throws IOException {
        SurvivorTable t = read(csv("period,survivors\n0,1000\n1,631\n2,468.0\n"));
        assertArrayEquals(new long[] {1000, 631, 468}, t.cohort(SurvivorTable.ALL).survivors());
        Path out = dir.resolve("out.csv");
        TableIO.write(t.toTable(), out);
        assertEquals(t.cohorts(), read(out).cohorts());
    }

    @Test
    void badTablesNameLineAndColumn() throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> read(csv("period,survivors\n0,100\n1,120\n")));
        assertEquals(3, e.line());
        assertEquals("survivors", e.column());
        assertTrue(e.getMessage().contains("never increase"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> read(csv("period,survivors\n0,100\n2,50\n")));
        assertTrue(e.getMessage().contains("expected period 1"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> read(csv("period,survivors\n1,100\n2,50\n")));
        assertTrue(e.getMessage().contains("expected period 0"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> read(csv("period,survivors\n0,100\n1,x\n")));
        assertEquals("survivors", e.column());
        e = assertThrows(BadInputException.class, () -> read(csv("period,survivors\n0,100\n1,63.1\n")));
        assertTrue(e.getMessage().contains("expected a whole number, found '63.1'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> read(csv("period,survivors\n0,100\n0,90\n")));
        assertTrue(e.getMessage().contains("given twice (first on line 2)"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> read(csv("period,survivors\n0,100\n-1,90\n")));
        assertEquals("period", e.column());
        e = assertThrows(BadInputException.class, () -> read(csv("period,count\n0,100\n")));
        assertEquals(1, e.line());
        e = assertThrows(BadInputException.class, () -> read(csv("period,survivors\n0,100\n")));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }
}
