package org.churnkit.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The calendar behind model time: model time {@code t} (in {@link TimeUnit}s) is the wall-clock
 * instant {@code start + t x unit}, on the log's calendar (the time zone the dates were read in).
 * It turns the model-time numbers the library computes with (origins, test windows, tracking
 * periods) back into the dates a user typed and reads: "1997-09-30", not "38.857142857142854".
 * A month is 365.25/12 days (as in {@link TimeUnit}), so month-based times can fall inside a day;
 * their labels then carry the time of day. Immutable.
 */
public final class TimeAxis {
    private final LocalDateTime start;
    private final TimeUnit unit;

    private TimeAxis(LocalDateTime start, TimeUnit unit) {
        this.start = start;
        this.unit = unit;
    }

    /**
     * The axis whose time 0 is {@code start}.
     *
     * @param start the wall-clock instant of model time 0 (usually the start of the first day of the log)
     * @param unit the model's time unit
     * @return the axis
     * @throws NullPointerException if an argument is null
     */
    public static TimeAxis of(LocalDateTime start, TimeUnit unit) {
        return new TimeAxis(Objects.requireNonNull(start, "start"), Objects.requireNonNull(unit, "unit"));
    }

    /**
     * The axis whose time 0 is a number of wall-clock seconds since 1970-01-01T00:00 (the way
     * {@link TransactionLog} stores times).
     *
     * @param startSecond wall-clock seconds of model time 0
     * @param unit the model's time unit
     * @return the axis
     * @throws NullPointerException if {@code unit} is null
     */
    public static TimeAxis ofEpochSecond(long startSecond, TimeUnit unit) {
        return of(LocalDateTime.ofEpochSecond(startSecond, 0, ZoneOffset.UTC), unit);
    }

    /**
     * The calendar of a log, as the backtest and the demo read it: time 0 is the start of the day of
     * its first transaction.
     *
     * @param log the transactions (wall-clock seconds)
     * @param unit the model's time unit
     * @return the axis; for an empty log (no first day) one starting at the last representable
     *     day, so that every later check on its times fails as it would on any time outside the data
     */
    public static TimeAxis ofLog(TransactionLog log, TimeUnit unit) {
        long first = Long.MAX_VALUE;
        for (int r = 0; r < log.size(); r++) {
            first = Math.min(first, log.time(r));
        }
        return ofEpochSecond(Math.floorDiv(first, 86_400L) * 86_400L, unit);
    }

    /**
     * Model time of the end of a log's observation: the end of {@code end} when given, else the
     * end of the day of the last transaction.
     *
     * @param log the transactions
     * @param end the observation end, or {@code null} for the day of the last transaction
     * @return the model time at which the observation ends
     */
    public double observationEnd(TransactionLog log, PeriodEnd end) {
        long stop;
        if (end != null) {
            stop = end.lastSecond() + 1;
        } else {
            long last = Long.MIN_VALUE;
            for (int r = 0; r < log.size(); r++) {
                last = Math.max(last, log.time(r));
            }
            stop = Math.floorDiv(last, 86_400L) * 86_400L + 86_400L;
        }
        return (stop - startSecond()) / unit.seconds();
    }

    /**
     * The instant of model time 0 in wall-clock seconds since 1970-01-01T00:00, the way
     * {@link TransactionLog} stores times.
     *
     * @return the start in seconds
     */
    public long startSecond() {
        return start.toEpochSecond(ZoneOffset.UTC);
    }

    /**
     * The instant of model time 0.
     *
     * @return the start
     */
    public LocalDateTime start() {
        return start;
    }

    /**
     * The time unit.
     *
     * @return the unit
     */
    public TimeUnit unit() {
        return unit;
    }

    /**
     * The wall-clock instant of model time {@code t}, to the nearest second.
     *
     * @param t model time in units since the start, finite
     * @return {@code start + t x unit}
     * @throws IllegalArgumentException if {@code t} is not finite
     */
    public LocalDateTime dateTime(double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("model time must be finite, got " + t);
        }
        return start.plusSeconds(Math.round(t * unit.seconds()));
    }

    /**
     * The day model time {@code t} falls on.
     *
     * @param t model time in units since the start, finite
     * @return the date of {@link #dateTime}
     * @throws IllegalArgumentException if {@code t} is not finite
     */
    public LocalDate date(double t) {
        return dateTime(t).toLocalDate();
    }

    /**
     * Model time of the start of a day.
     *
     * @param day a date
     * @return {@code (day 00:00 - start) / unit}
     */
    public double time(LocalDate day) {
        return ChronoUnit.SECONDS.between(start, day.atStartOfDay()) / unit.seconds();
    }

    /**
     * ISO text of model time {@code t}: the date ({@code 1997-09-30}) when {@code t} is the start of
     * a day, else the date and time to the minute ({@code 1997-09-30T10:30}); empty for NaN, so a
     * missing time stays an empty cell.
     *
     * @param t model time in units since the start
     * @return the ISO date or date-time, or {@code ""} when {@code t} is not finite
     */
    public String label(double t) {
        if (!Double.isFinite(t)) {
            return "";
        }
        LocalDateTime d = dateTime(t);
        if (d.toLocalTime().toSecondOfDay() == 0) {
            return d.toLocalDate().toString();
        }
        return d.truncatedTo(ChronoUnit.MINUTES).toString();
    }

    @Override
    public String toString() {
        return "TimeAxis[" + start + ", " + unit.label() + "]";
    }
}
