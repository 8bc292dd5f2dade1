package org.churnkit.contractual;

import java.time.LocalDate;
import java.util.Objects;
import org.churnkit.data.TimeUnit;

/**
 * The rule that turns a subscription's dates into renewal periods: the stated rule for partial
 * periods that {@link Subscriptions#read} applies to every {@code customer_id, start, end} row.
 *
 * <h2>The rule</h2>
 * A subscription that starts on day {@code s} has its k-th renewal date at {@code r_k = s + k
 * periods} (k = 1, 2, ...), computed from {@code s} each time, never step by step: monthly
 * renewals of a subscription started on 31 January fall on 28 (29) February, 31 March, 30 April,
 * ... (the day of the month clamped to the month's length, as billing systems do), annual ones on
 * the same day each year (29 February clamped to 28 February). Weekly and daily periods are 7 and
 * 1 days.
 * <ul>
 *   <li>An active subscriber (empty end) has renewed at every renewal date on or before the as-of
 *       date: a period counts as renewed as soon as its start date has passed, whether or not it
 *       has been completed ({@link #renewalsBy}).</li>
 *   <li>A subscriber who cancelled on day {@code e} has renewed at every renewal date strictly
 *       before {@code e}: an end on a renewal date is a subscription that ran out at its term and
 *       was not renewed ({@link #renewalsBefore}). A subscription that ends before its first
 *       renewal date, even on its first day, cancelled in period 1.</li>
 * </ul>
 * With {@code n} renewals a subscriber has paid for {@code n + 1} periods: one who cancelled did so
 * at the end of period {@code n + 1} ({@code T = n + 1}, the {@code t} of Fader and Hardie 2007's
 * {@code P(T = t)}), an active one is in period {@code n + 1} ({@code T >= n + 1}).
 *
 * <p>Immutable. Dates are days; a time of day is dropped before the rule is applied.
 */
public final class RenewalCalendar {
    private final TimeUnit unit;

    private RenewalCalendar(TimeUnit unit) {
        this.unit = unit;
    }

    /**
     * The calendar of renewal periods of one length.
     *
     * @param unit the period: {@link TimeUnit#DAYS}, {@link TimeUnit#WEEKS}, {@link TimeUnit#MONTHS}
     *     or {@link TimeUnit#YEARS}
     * @return the calendar
     * @throws IllegalArgumentException for hours, which no subscription renews by
     */
    public static RenewalCalendar of(TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        if (unit == TimeUnit.HOURS) {
            throw new IllegalArgumentException("subscription periods are days, weeks, months or years, not hours");
        }
        return new RenewalCalendar(unit);
    }

    /**
     * The renewal period's length.
     *
     * @return the unit
     */
    public TimeUnit unit() {
        return unit;
    }

    /**
     * The k-th renewal date of a subscription started on {@code start}: {@code start + k} periods,
     * the day of month clamped to the month's length for months and years.
     *
     * @param start the subscription's first day
     * @param k the renewal, {@code >= 0} (0 gives the start)
     * @return the date of renewal k
     */
    public LocalDate renewalDate(LocalDate start, long k) {
        return switch (unit) {
            case DAYS -> start.plusDays(k);
            case WEEKS -> start.plusWeeks(k);
            case MONTHS -> start.plusMonths(k);
            case YEARS -> start.plusYears(k);
            case HOURS -> throw new AssertionError(unit);
        };
    }

    /**
     * Renewals of an active subscriber by the as-of date: the number of {@code k >= 1} with
     * {@code renewalDate(start, k) <= asOf}; 0 when {@code asOf} is before the first renewal.
     *
     * @param start the subscription's first day
     * @param asOf the last day observed (inclusive)
     * @return the renewals, {@code >= 0}
     */
    public long renewalsBy(LocalDate start, LocalDate asOf) {
        return count(start, asOf, true);
    }

    /**
     * Renewals of a subscriber who ended on {@code end}: the number of {@code k >= 1} with
     * {@code renewalDate(start, k) < end}.
     *
     * @param start the subscription's first day
     * @param end the day the subscription ended
     * @return the renewals, {@code >= 0}
     */
    public long renewalsBefore(LocalDate start, LocalDate end) {
        return count(start, end, false);
    }

    /** Largest k >= 0 with r_k <= day (inclusive) or r_k < day, from an estimate corrected both ways. */
    private long count(LocalDate start, LocalDate day, boolean inclusive) {
        if (day.isBefore(start)) {
            return 0;
        }
        long k = switch (unit) {
            case DAYS -> day.toEpochDay() - start.toEpochDay();
            case WEEKS -> (day.toEpochDay() - start.toEpochDay()) / 7;
            case MONTHS -> (day.getYear() - start.getYear()) * 12L + day.getMonthValue() - start.getMonthValue();
            case YEARS -> day.getYear() - start.getYear();
            case HOURS -> throw new AssertionError(unit);
        };
        k = Math.max(k, 0);
        while (k > 0 && !inside(renewalDate(start, k), day, inclusive)) {
            k--;
        }
        while (inside(renewalDate(start, k + 1), day, inclusive)) {
            k++;
        }
        return k;
    }

    private static boolean inside(LocalDate renewal, LocalDate day, boolean inclusive) {
        int c = renewal.compareTo(day);
        return inclusive ? c <= 0 : c < 0;
    }

    @Override
    public String toString() {
        return "RenewalCalendar[" + unit.label() + "]";
    }
}
