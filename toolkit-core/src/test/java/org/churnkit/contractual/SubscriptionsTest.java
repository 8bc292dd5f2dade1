package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionsTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path p = dir.resolve("subs.csv");
        Files.writeString(p, text);
        return p;
    }

    private static SubscriptionReadOptions asOf(String day) {
        return SubscriptionReadOptions.defaults().withAsOf(LocalDate.parse(day));
    }

    @Test
    void datesBecomePeriodsByTheStatedRule() throws IOException {
        Path f = csv("customer_id,start,end,price\n"
                + "a,2024-01-15,,10\n" // active: renewals on 02-15 .. 06-15, now in period 6
                + "b,2024-01-15,2024-02-15,10\n" // ran out at its first term: cancelled in period 1
                + "c,2024-01-15,2024-03-20,12\n" // renewed 02-15 and 03-15: cancelled in period 3
                + "d,2024-06-20,,9.5\n"); // started within the last month: in period 1
        Subscriptions s = Subscriptions.read(f, asOf("2024-06-30"));
        assertEquals(4, s.size());
        assertEquals(List.of("a", "b", "c", "d"), List.of(s.id(0), s.id(1), s.id(2), s.id(3)));
        assertArrayEquals(new int[] {6, 1, 3, 1}, new int[] {s.periods(0), s.periods(1), s.periods(2), s.periods(3)});
        assertArrayEquals(new boolean[] {false, true, true, false},
                new boolean[] {s.cancelled(0), s.cancelled(1), s.cancelled(2), s.cancelled(3)});
        assertTrue(s.exclusions().isEmpty());
        assertEquals(LocalDate.parse("2024-06-30"), s.asOf());
        assertArrayEquals(new double[] {10, 10, 12, 9.5}, s.numbers("price"));
        ColumnTable t = s.toTable();
        assertEquals(List.of("customer_id", "start", "end", "periods", "cancelled"), t.columnNames());
        assertEquals("", t.cell("end", 0));
        assertEquals("1", t.cell("cancelled", 2));
    }

    @Test
    void annualPeriodsAndYearCohorts() throws IOException {
        Path f = csv("customer_id,start,end\na,2020-03-01,\nb,2021-03-01,2023-03-02\nc,2021-07-01,\n");
        Subscriptions s = Subscriptions.read(f, asOf("2024-03-01").withPeriod(TimeUnit.YEARS)
                .withCohortBy(SubscriptionReadOptions.CohortBy.YEAR));
        assertEquals(5, s.periods(0));
        assertEquals(3, s.periods(1));
        assertTrue(s.cancelled(1));
        assertEquals(3, s.periods(2));
        assertEquals(List.of("2020", "2021"), s.cohortLabels());
        assertTrue(s.hasCohorts());
        assertArrayEquals(new int[] {1, 2}, s.members("2021"));
    }

    @Test
    void oddRowsAreCountedWithTheirFirstExample() throws IOException {
        Path f = csv("customer_id,start,end\n"
                + "a,2024-03-01,2024-02-01\n" // ends before it starts
                + "b,2024-08-01,\n" // starts after the as-of date
                + "c,2024-01-01,2024-02-10\n" // earlier subscription of c
                + "c,2024-04-01,\n"
                + "e,2024-01-01,2024-12-31\n" // ends after the as-of date: active then
                + "f,2024-01-01,\n");
        Subscriptions s = Subscriptions.read(f, asOf("2024-06-30"));
        assertEquals(3, s.size());
        assertEquals(1, s.exclusions().count(Subscriptions.END_BEFORE_START));
        assertEquals(1, s.exclusions().count(Subscriptions.START_AFTER_AS_OF));
        assertEquals(1, s.exclusions().count(Subscriptions.EARLIER_SUBSCRIPTION));
        assertEquals(1, s.exclusions().count(Subscriptions.END_AFTER_AS_OF));
        assertTrue(s.exclusions().lines().get(0).contains("'a', subs.csv line 2"), s.exclusions().lines().get(0));
        assertTrue(s.exclusions().lines().get(2).contains("line 4"), s.exclusions().lines().get(2));
        assertEquals("c", s.id(0));
        assertEquals(3, s.periods(0)); // the latest subscription, from 2024-04-01
        assertFalse(s.cancelled(1)); // e
        assertEquals(6, s.periods(1));
    }

    @Test
    void theAsOfDateDefaultsToTheLatestDateAndIsSaidInANote() throws IOException {
        Path f = csv("customer_id,start,end\na,2024-01-01,\nb,2024-01-01,2024-05-03\n");
        Subscriptions s = Subscriptions.read(f, SubscriptionReadOptions.defaults());
        assertEquals(LocalDate.parse("2024-05-03"), s.asOf());
        assertTrue(s.notes().get(0).contains("2024-05-03"));
        assertEquals(5, s.periods(0));
    }

    @Test
    void badCellsNameFileLineAndColumn() throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> Subscriptions.read(
                csv("customer_id,start,end\na,2024-01-01,\nb,2024-13-01,\n"), asOf("2024-06-30")));
        assertEquals(3, e.line());
        assertEquals("start", e.column());
        assertTrue(e.getMessage().contains("'2024-13-01'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Subscriptions.read(
                csv("customer_id,start,end\n,2024-01-01,\n"), asOf("2024-06-30")));
        assertEquals("customer_id", e.column());
        e = assertThrows(BadInputException.class, () -> Subscriptions.read(
                csv("customer_id,start,end\na,,\n"), asOf("2024-06-30")));
        assertTrue(e.getMessage().contains("expected a date, found an empty cell"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Subscriptions.read(
                csv("id,begin\na,2024-01-01\n"), asOf("2024-06-30")));
        assertTrue(e.getMessage().contains("customer_id, start, end (dates) or customer_id, periods, cancelled"),
                e.getMessage());
    }

    @Test
    void thePeriodsShapeIsCheckedCellByCell() throws IOException {
        Subscriptions s = Subscriptions.read(csv("customer_id,periods,cancelled,cohort\na,3,1,x\nb,1,false,x\nc,7,no,y\n"),
                SubscriptionReadOptions.defaults());
        assertEquals(3, s.size());
        assertArrayEquals(new boolean[] {true, false, false}, new boolean[] {s.cancelled(0), s.cancelled(1), s.cancelled(2)});
        assertEquals(List.of("x", "y"), s.cohortLabels());
        assertNull(s.asOf());
        BadInputException e = assertThrows(BadInputException.class, () -> Subscriptions.read(
                csv("customer_id,periods,cancelled\na,2.5,1\n"), SubscriptionReadOptions.defaults()));
        assertEquals("periods", e.column());
        e = assertThrows(BadInputException.class, () -> Subscriptions.read(
                csv("customer_id,periods,cancelled\na,0,1\n"), SubscriptionReadOptions.defaults()));
        assertTrue(e.getMessage().contains("a whole number >= 1"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Subscriptions.read(
                csv("customer_id,periods,cancelled\na,2,maybe\n"), SubscriptionReadOptions.defaults()));
        assertEquals("cancelled", e.column());
        e = assertThrows(BadInputException.class, () -> Subscriptions.read(
                csv("customer_id,periods,cancelled\na,2,1\na,3,0\n"), SubscriptionReadOptions.defaults()));
        assertEquals(3, e.line());
    }

    @Test
    void theFileWrittenIsReadBackTheSame() throws IOException {
        Path f = csv("customer_id,start,end\na,2024-01-15,\nb,2024-02-01,2024-04-03\n");
        Subscriptions s = Subscriptions.read(f, asOf("2024-06-30").withCohortBy(SubscriptionReadOptions.CohortBy.MONTH));
        Path out = dir.resolve("periods.csv");
        TableIO.write(s.toTable(), out);
        Subscriptions back = Subscriptions.read(out, SubscriptionReadOptions.defaults());
        for (int i = 0; i < s.size(); i++) {
            assertEquals(s.id(i), back.id(i));
            assertEquals(s.periods(i), back.periods(i));
            assertEquals(s.cancelled(i), back.cancelled(i));
            assertEquals(s.cohort(i), back.cohort(i));
        }
    }

    @Test
    void survivorsOfACohortStopAtTheLastPeriodEveryMemberCouldRenew() throws IOException {
        // cohort 2024-01: 4 members, observable up to 5 renewals (latest start 01-20, as of 06-30)
        Path f = csv("customer_id,start,end\n"
                + "a,2024-01-01,2024-01-20\n" // period 1
                + "b,2024-01-05,2024-03-10\n" // renewed 02-05, 03-05: period 3
                + "c,2024-01-10,\n"
                + "d,2024-01-20,2024-06-25\n" // renewed 02-20 .. 06-20: period 6 > 5, a survivor throughout
                + "e,2024-06-10,\n"); // cohort 2024-06: nothing observed yet, left out
        Subscriptions s = Subscriptions.read(f, asOf("2024-06-30").withCohortBy(SubscriptionReadOptions.CohortBy.MONTH));
        SurvivorTable t = s.survivorTable();
        assertEquals(1, t.cohorts().size());
        assertArrayEquals(new long[] {4, 3, 3, 2, 2, 2}, t.cohort("2024-01").survivors());
    }

    @Test
    void inMemorySubscribersAreChecked() {
        Subscriptions s = Subscriptions.of(new String[] {"a", "b"}, new int[] {2, 1}, new boolean[] {true, false},
                TimeUnit.YEARS);
        assertEquals(2, s.size());
        assertThrows(IllegalArgumentException.class, () -> Subscriptions.of(new String[] {"a"}, new int[] {0},
                new boolean[] {true}, TimeUnit.YEARS));
    }
}
