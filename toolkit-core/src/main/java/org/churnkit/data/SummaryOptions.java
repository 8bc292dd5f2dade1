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

    public SummaryOptions {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(merge, "merge");
        if (cohortFrom != null && cohortTo != null && cohortTo.isBefore(cohortFrom)) {
            throw new IllegalArgumentException("cohort ends (" + cohortTo + ") before it starts (" + cohortFrom + ")");
        }
    }

    /** Weeks, merged by day, observation up to the last transaction, no cohort filter. */
    public static SummaryOptions defaults() {
        return new SummaryOptions(TimeUnit.WEEKS, MergePeriod.DAY, null, null, null, false);
    }

    public SummaryOptions withUnit(TimeUnit u) {
        return new SummaryOptions(u, merge, observationEnd, cohortFrom, cohortTo, dropAfterEnd);
    }

    public SummaryOptions withMerge(MergePeriod m) {
        return new SummaryOptions(unit, m, observationEnd, cohortFrom, cohortTo, dropAfterEnd);
    }

    public SummaryOptions withObservationEnd(PeriodEnd end) {
        return new SummaryOptions(unit, merge, end, cohortFrom, cohortTo, dropAfterEnd);
    }

    public SummaryOptions withCohort(LocalDate from, LocalDate to) {
        return new SummaryOptions(unit, merge, observationEnd, from, to, dropAfterEnd);
    }

    public SummaryOptions withDropAfterEnd(boolean drop) {
        return new SummaryOptions(unit, merge, observationEnd, cohortFrom, cohortTo, drop);
    }
}
