package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

class RenewalCalendarTest {
    private static final RenewalCalendar MONTHLY = RenewalCalendar.of(TimeUnit.MONTHS);
    private static final RenewalCalendar ANNUAL = RenewalCalendar.of(TimeUnit.YEARS);

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void monthEndStartsRenewOnTheClampedDayCountedFromTheStart() {
        LocalDate s = d("2024-01-31");
        assertEquals(d("2024-02-29"), MONTHLY.renewalDate(s, 1));
        assertEquals(d("2024-03-31"), MONTHLY.renewalDate(s, 2)); // not 29 March: from the start, not step by step
        assertEquals(d("2024-04-30"), MONTHLY.renewalDate(s, 3));
        assertEquals(d("2025-02-28"), ANNUAL.renewalDate(d("2024-02-29"), 1));
    }

    @Test
    void anActiveSubscriberHasRenewedOnceARenewalDateHasPassed() {
        LocalDate s = d("2024-01-15");
        assertEquals(0, MONTHLY.renewalsBy(s, d("2024-01-15")));
        assertEquals(0, MONTHLY.renewalsBy(s, d("2024-02-14")));
        assertEquals(1, MONTHLY.renewalsBy(s, d("2024-02-15"))); // the renewal date itself counts
        assertEquals(12, MONTHLY.renewalsBy(s, d("2025-01-15")));
        assertEquals(11, MONTHLY.renewalsBy(s, d("2025-01-14")));
        assertEquals(2, MONTHLY.renewalsBy(d("2024-01-31"), d("2024-03-31")));
        assertEquals(1, MONTHLY.renewalsBy(d("2024-01-31"), d("2024-03-30")));
        assertEquals(0, MONTHLY.renewalsBy(s, d("2023-12-31")));
        assertEquals(1, ANNUAL.renewalsBy(d("2024-02-29"), d("2025-02-28")));
    }

    @Test
    void aCancellationOnARenewalDateIsNoRenewal() {
        LocalDate s = d("2024-01-15");
        assertEquals(0, MONTHLY.renewalsBefore(s, d("2024-01-15"))); // cancelled on the first day: period 1
        assertEquals(0, MONTHLY.renewalsBefore(s, d("2024-02-15"))); // ran out at its first term
        assertEquals(1, MONTHLY.renewalsBefore(s, d("2024-02-16")));
        assertEquals(3, MONTHLY.renewalsBefore(s, d("2024-05-01")));
    }

    @Test
    void weeksAndDaysAreFixedLengths() {
        RenewalCalendar w = RenewalCalendar.of(TimeUnit.WEEKS);
        assertEquals(2, w.renewalsBy(d("2024-01-01"), d("2024-01-15")));
        assertEquals(1, w.renewalsBefore(d("2024-01-01"), d("2024-01-15")));
        assertEquals(10, RenewalCalendar.of(TimeUnit.DAYS).renewalsBy(d("2024-01-01"), d("2024-01-11")));
        assertThrows(IllegalArgumentException.class, () -> RenewalCalendar.of(TimeUnit.HOURS));
    }

    /** The counting shortcut agrees with walking the renewal dates one by one. */
    @Test
    void countsAgreeWithEnumeration() {
        LocalDate base = d("2023-01-01");
        for (TimeUnit u : new TimeUnit[] {TimeUnit.MONTHS, TimeUnit.YEARS, TimeUnit.WEEKS}) {
            RenewalCalendar c = RenewalCalendar.of(u);
            for (int a = 0; a < 400; a += 7) {
                LocalDate s = base.plusDays(a);
                for (int b = 0; b < 1200; b += 13) {
                    LocalDate e = s.plusDays(b);
                    long by = 0;
                    long before = 0;
                    for (int k = 1; !c.renewalDate(s, k).isAfter(e); k++) {
                        by++;
                        if (c.renewalDate(s, k).isBefore(e)) {
                            before++;
                        }
                    }
                    assertEquals(by, c.renewalsBy(s, e), u + " " + s + " " + e);
                    assertEquals(before, c.renewalsBefore(s, e), u + " " + s + " " + e);
                }
            }
        }
    }
}
