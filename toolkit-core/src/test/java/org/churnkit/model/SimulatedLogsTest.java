package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.junit.jupiter.api.Test;

/** The simulated log as a table, with the default numbering and numbered from an offset (block-wise logs). */
class SimulatedLogsTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);

    private static SimulatedLogs.Result sim() {
        return SimulatedLogs.simulate(ParetoNbd.of(0.55, 10.58, 0.61, 11.67), GammaGamma.of(6.25, 3.74, 15.44),
                SimulatedLogs.Plan.of(50, 52, 12), 7L);
    }

    @Test
    void numberedFromAnOffsetChangesOnlyTheIds() {
        SimulatedLogs.Result r = sim();
        ColumnTable plain = SimulatedLogs.toTable(r, START, TimeUnit.WEEKS, true);
        ColumnTable shifted = SimulatedLogs.toTable(r, START, TimeUnit.WEEKS, true, 1_000_000, 8);
        String[] a = plain.strings("customer_id");
        String[] b = shifted.strings("customer_id");
        assertEquals(a.length, b.length);
        assertEquals("C000001", a[0]);
        for (int i = 0; i < a.length; i++) {
            int number = Integer.parseInt(a[i].substring(1));
            assertEquals(String.format("C%08d", 1_000_000 + number - 1), b[i], "row " + i);
        }
        assertArrayEquals(plain.timestamps("date"), shifted.timestamps("date"));
        assertArrayEquals(plain.doubles("amount"), shifted.doubles("amount"));
    }

    @Test
    void defaultNumberingIsOneBasedOnSixDigits() {
        ColumnTable t = SimulatedLogs.toTable(sim(), START, TimeUnit.WEEKS, true, 1, 6);
        assertArrayEquals(SimulatedLogs.toTable(sim(), START, TimeUnit.WEEKS, true).strings("customer_id"),
                t.strings("customer_id"));
    }

    @Test
    void refusesANegativeFirstNumberOrAnOddWidth() {
        SimulatedLogs.Result r = sim();
        assertThrows(IllegalArgumentException.class, () -> SimulatedLogs.toTable(r, START, TimeUnit.WEEKS, true, -1, 6));
        assertThrows(IllegalArgumentException.class, () -> SimulatedLogs.toTable(r, START, TimeUnit.WEEKS, true, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> SimulatedLogs.toTable(r, START, TimeUnit.WEEKS, true, 0, 19));
    }
}
