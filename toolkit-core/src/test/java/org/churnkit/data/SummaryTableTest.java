package org.churnkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class SummaryTableTest {

    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsLifetimesColumnsWithIdsAndSpend() throws IOException {
        Path f = csv("s.csv", "customer_id,frequency,recency,T,monetary_value,segment\n"
                + " a ,2,10,20,5.5,x\nb,0,0,15,,y\n");
        SummaryTable t = SummaryTable.read(f, SummaryTable.Columns.of(), SummaryTable.Options.of().withKeep(List.of("segment")));
        assertEquals(2, t.size());
        assertArrayEquals(new String[] {"a", "b"}, t.ids()); // trimmed by the validator
        assertTrue(t.hasIds());
        assertArrayEquals(new double[] {2, 0}, t.frequency());
        assertArrayEquals(new double[] {10, 0}, t.recency());
        assertArrayEquals(new double[] {20, 15}, t.age());
        assertEquals(5.5, t.monetary()[0]);
        assertNull(t.weight());
        assertArrayEquals(new String[] {"x", "y"}, t.table().strings("segment"));
        assertEquals(f, t.file());
    }

    @Test
    void accessorsReturnCopies() throws IOException {
        Path f = csv("s.csv", "customer_id,frequency,recency,T\na,1,2,3\n");
        SummaryTable t = SummaryTable.read(f, SummaryTable.Columns.of(), SummaryTable.Options.of());
        t.frequency()[0] = 99;
        t.ids()[0] = "z";
        assertEquals(1.0, t.frequency()[0]);
        assertEquals("a", t.ids()[0]);
    }

    @Test
    void aMissingColumnNamesFileAndColumn() throws IOException {
        Path f = csv("s.csv", "customer_id,frequency,T\na,1,3\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SummaryTable.read(f, SummaryTable.Columns.of(), SummaryTable.Options.of()));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("recency"), e.getMessage());
    }

    @Test
    void aRequiredSpendColumnMustExist() throws IOException {
        Path f = csv("s.csv", "customer_id,frequency,recency,T\na,1,2,3\n");
        BadInputException e = assertThrows(BadInputException.class, () -> SummaryTable.read(f,
                SummaryTable.Columns.of(), SummaryTable.Options.of().withSpend(SummaryTable.Spend.REQUIRED)));
        assertTrue(e.getMessage().contains("monetary_value"), e.getMessage());
        // read when present only: the same file is fine without spend
        assertNull(SummaryTable.read(f, SummaryTable.Columns.of(), SummaryTable.Options.of()).monetary());
    }

    @Test
    void anIgnoredSpendColumnIsStillChecked() throws IOException {
        Path f = csv("s.csv", "customer_id,frequency,recency,T,monetary_value\na,1,2,3,-4\n");
        BadInputException e = assertThrows(BadInputException.class, () -> SummaryTable.read(f,
                SummaryTable.Columns.of(), SummaryTable.Options.of().withSpend(SummaryTable.Spend.IGNORED)));
        assertEquals("monetary_value", e.column());
        assertEquals(2, e.line());
    }

    @Test
    void anInvalidHistoryIsLocated() throws IOException {
        Path f = csv("s.csv", "customer_id,frequency,recency,T\na,1,2,3\nb,1,5,3\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SummaryTable.read(f, SummaryTable.Columns.of(), SummaryTable.Options.of()));
        assertEquals(3, e.line());
        assertEquals("recency", e.column());
    }

    @Test
    void withoutAnIdColumnRowsAreNamedByLine() throws IOException {
        Path f = csv("s.csv", "x,t_x,n,weights\n1,1,6,10\n0,0,6,20\n");
        SummaryTable t = SummaryTable.read(f, new SummaryTable.Columns("customer_id", "x", "t_x", "n", "monetary_value",
                "weights"), SummaryTable.Options.of().withDiscrete(true));
        assertFalse(t.hasIds());
        assertArrayEquals(new String[] {"row 2", "row 3"}, t.ids());
        assertArrayEquals(new double[] {10, 20}, t.weight());
        // the id is required when asked for
        assertThrows(BadInputException.class, () -> SummaryTable.read(f, new SummaryTable.Columns("customer_id", "x",
                "t_x", "n", "monetary_value", null), SummaryTable.Options.of().withRequireId(true)));
    }

    @Test
    void theDefaultAgeColumnDependsOnTheModel() {
        assertEquals("T", SummaryTable.Columns.of().ageFor(false));
        assertEquals("periods", SummaryTable.Columns.of().ageFor(true));
        assertEquals("age", new SummaryTable.Columns("id", "x", "t", "age", "m", null).ageFor(true));
    }

    @Test
    void discreteRowsAreCheckedAsBgBb() throws IOException {
        // a fractional opportunity count is fine for a continuous model, an error for BG/BB
        Path f = csv("s.csv", "customer_id,frequency,recency,periods\na,1,1.5,6\n");
        SummaryTable.Columns c = new SummaryTable.Columns("customer_id", "frequency", "recency", "periods",
                "monetary_value", null);
        assertEquals(1, SummaryTable.read(f, c, SummaryTable.Options.of()).size());
        BadInputException e = assertThrows(BadInputException.class,
                () -> SummaryTable.read(f, c, SummaryTable.Options.of().withDiscrete(true)));
        assertEquals("recency", e.column());
    }
}
