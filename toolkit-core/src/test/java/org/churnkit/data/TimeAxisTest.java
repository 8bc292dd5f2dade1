package org.churnkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TimeAxisTest {

    private static final TimeAxis WEEKS = TimeAxis.of(LocalDateTime.of(1997, 1, 1, 0, 0), TimeUnit.WEEKS);

    @Test
    void aDateGoesToModelTimeAndBackUnchanged() {
        // 1997-09-30 is 272 days after 1997-01-01: 38.857142857142854 weeks, the float a user never typed.
        double t = WEEKS.time(LocalDate.of(1997, 9, 30));
        assertEquals(272 / 7.0, t, 1e-12);
        assertEquals("1997-09-30", WEEKS.label(t));
        assertEquals(LocalDate.of(1997, 9, 30), WEEKS.date(t));
        assertEquals("1997-12-30", WEEKS.label(t + 13));
    }

    @Test
    void timesInsideADayCarryTheTimeOfDayAndNaNIsEmpty() {
        assertEquals("1997-01-01T12:00", WEEKS.label(0.5 / 7));
        assertEquals("", WEEKS.label(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> WEEKS.dateTime(Double.POSITIVE_INFINITY));
        TimeAxis months = TimeAxis.ofEpochSecond(LocalDate.of(2024, 1, 1).toEpochDay() * 86_400L, TimeUnit.MONTHS);
        // A month is 365.25/12 days: one month after 2024-01-01 00:00 is 2024-01-31 10:30.
        assertEquals("2024-01-31T10:30", months.label(1));
    }

    @Test
    void aLogsCalendarRunsFromTheDayOfItsFirstToTheEndOfItsLastTransaction() {
        long jan3noon = LocalDateTime.of(1997, 1, 3, 12, 0).toEpochSecond(java.time.ZoneOffset.UTC);
        long jan17evening = LocalDateTime.of(1997, 1, 17, 20, 0).toEpochSecond(java.time.ZoneOffset.UTC);
        TransactionLog log = TransactionLog.of(new String[] {"b", "a"}, new long[] {jan17evening, jan3noon}, null);
        TimeAxis axis = TimeAxis.ofLog(log, TimeUnit.DAYS);
        assertEquals(LocalDateTime.of(1997, 1, 3, 0, 0), axis.start());
        assertEquals(LocalDateTime.of(1997, 1, 3, 0, 0).toEpochSecond(java.time.ZoneOffset.UTC), axis.startSecond());
        // the last transaction's whole day is observed: Jan 3 to the end of Jan 17 is 15 days
        assertEquals(15.0, axis.observationEnd(log, null));
        // an observation end given as a date includes that whole day
        assertEquals(29.0, axis.observationEnd(log, PeriodEnd.parse("1997-01-31")));
        assertEquals(2.0, axis.time(LocalDate.of(1997, 1, 5)));
    }
}
