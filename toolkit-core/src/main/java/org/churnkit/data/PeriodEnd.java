package org.churnkit.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The end of an observation or calibration period, given as a date (the whole day belongs to the
 * period) or a date-time (the period ends at that instant, inclusive).
 *
 * <p>With transactions merged by day (the default), a date {@code D} reproduces BTYD's
 * {@code dc.ElogToCbsCbt} and lifetimes' {@code observation_period_end}: purchases on {@code D}
 * are inside, and age {@code T} runs from the first purchase's day to {@code D} itself (a customer
 * who joined on 1997-01-01 has {@code T = 272 days = 38.857 weeks} at {@code D = 1997-09-30}).
 */
public final class PeriodEnd {
    private final LocalDateTime at;
    private final boolean wholeDay;

    private PeriodEnd(LocalDateTime at, boolean wholeDay) {
        this.at = at;
        this.wholeDay = wholeDay;
    }

    /**
     * The whole of this day.
     *
     * @param day the last day of the period
     * @return the end: the last second of that day
     */
    public static PeriodEnd of(LocalDate day) {
        return new PeriodEnd(day.atStartOfDay(), true);
    }

    /**
     * Up to and including this instant.
     *
     * @param instant the last wall-clock instant inside the period
     * @return the end
     */
    public static PeriodEnd of(LocalDateTime instant) {
        return new PeriodEnd(Objects.requireNonNull(instant), false);
    }

    /**
     * Parses {@code 1997-09-30}, {@code 19970930} (whole days) or {@code 1997-09-30T18:00[:00]}.
     *
     * @throws IllegalArgumentException when it is none of these
     * @param text the date or date-time
     * @return the end
     */
    public static PeriodEnd parse(String text) {
        LocalDateTime t = DateParser.parseUserDate(text);
        return new PeriodEnd(t, DateParser.isDateOnly(text));
    }

    /**
     * The last wall-clock second inside the period.
     *
     * @return wall-clock seconds since 1970-01-01T00:00
     */
    public long lastSecond() {
        long s = at.toEpochSecond(ZoneOffset.UTC);
        return wholeDay ? s + 86_399 : s;
    }

    /**
     * Whether a whole day was given.
     *
     * @return true when the end was given as a date
     */
    public boolean isWholeDay() {
        return wholeDay;
    }

    @Override
    public String toString() {
        return wholeDay ? at.toLocalDate().toString() : at.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeriodEnd p && p.at.equals(at) && p.wholeDay == wholeDay;
    }

    @Override
    public int hashCode() {
        return at.hashCode() * 31 + (wholeDay ? 1 : 0);
    }
}
