package org.churnkit.data;

import java.time.LocalDate;
import java.util.Objects;

/**
 * How to summarise a transaction log per customer.
 *
 * @param unit             unit of recency, age and holdout duration (default weeks)
 * @param merge            transactions of one customer in the same period become one (default day)
 * @param observationEnd   end of observation; {@code null}: the period of the last transaction
 * @param cohortFrom       keep only customers whose first purchase is on or after this day (nullable)
 * @param cohortTo         ... and on or before this day (nullable)
 * @param dropAfterEnd     drop (and count) transactions after the observation end instead of failing
 */
public record SummaryOptions(TimeUnit unit, MergePeriod merge, PeriodEnd observationEnd,
                             LocalDate cohortFrom, LocalDate cohortTo, boolean dropAfterEnd) {

    /**
     * Checks that unit and merge are given and the cohort is not reversed.
     *
     * @throws IllegalArgumentException when {@code cohortTo} is before {@code cohortFrom}
     */
    public SummaryOptions {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(merge, "merge");
        if (cohortFrom != null && cohortTo != null && cohortTo.isBefore(cohortFrom)) {
            throw new IllegalArgumentException("cohort ends (" + cohortTo + ") before it starts (" + cohortFrom + ")");
        }
    }

    /**
     * Weeks, merged by day, observation up to the last transaction, no cohort filter.
     *
     * @return the default options
     */
    public static SummaryOptions defaults() {
        return new SummaryOptions(TimeUnit.WEEKS, MergePeriod.DAY, null, null, null, false);
    }

    /**
     * The same options with this unit.
     *
     * @param u unit of recency, age and durations
     * @return a copy with this setting
     */
    public SummaryOptions withUnit(TimeUnit u) {
        return new SummaryOptions(u, merge, observationEnd, cohortFrom, cohortTo, dropAfterEnd);
    }

    /**
     * The same options with this merge period.
     *
     * @param m period within which a customer's transactions become one
     * @return a copy with this setting
     */
    public SummaryOptions withMerge(MergePeriod m) {
        return new SummaryOptions(unit, m, observationEnd, cohortFrom, cohortTo, dropAfterEnd);
    }

    /**
     * The same options with this observation end.
     *
     * @param end end of observation, or {@code null} for the last transaction's period
     * @return a copy with this setting
     */
    public SummaryOptions withObservationEnd(PeriodEnd end) {
        return new SummaryOptions(unit, merge, end, cohortFrom, cohortTo, dropAfterEnd);
    }

    /**
     * The same options with this cohort.
     *
     * @param from first day of a first purchase to keep, or {@code null}
     * @param to last day of a first purchase to keep, or {@code null}
     * @return a copy with this setting
     */
    public SummaryOptions withCohort(LocalDate from, LocalDate to) {
        return new SummaryOptions(unit, merge, observationEnd, from, to, dropAfterEnd);
    }

    /**
     * The same options, dropping transactions after the end or not.
     *
     * @param drop whether to drop (and count) them instead of failing
     * @return a copy with this setting
     */
    public SummaryOptions withDropAfterEnd(boolean drop) {
        return new SummaryOptions(unit, merge, observationEnd, cohortFrom, cohortTo, drop);
    }
}
