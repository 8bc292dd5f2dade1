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
 * @param zeroAmounts      what a transaction of amount 0 is (default {@link ZeroAmounts#COUNT})
 * @param negativeAmounts  what a transaction below 0 is (default {@link NegativeAmounts#DROP})
 * @param duplicates       what an exact duplicate row is (default {@link Duplicates#KEEP})
 */
public record SummaryOptions(TimeUnit unit, MergePeriod merge, PeriodEnd observationEnd,
                             LocalDate cohortFrom, LocalDate cohortTo, boolean dropAfterEnd,
                             ZeroAmounts zeroAmounts, NegativeAmounts negativeAmounts, Duplicates duplicates) {

    /**
     * Transactions of amount 0 (free items, vouchers, data-entry zeros; CDNOW has 80). Either way
     * they are counted and reported ({@link Exclusions#ZERO_AMOUNT}).
     */
    public enum ZeroAmounts {
        /**
         * The default, as practitioners treat a zero-value order: a transaction (it counts in
         * frequency and recency), but not spend: a period whose amounts sum to 0 is left out of the
         * spend means, as a missing amount is, so that the Gamma-Gamma model sees positive amounts only.
         */
        COUNT,
        /** Not a transaction: the row is dropped before summarising. */
        DROP;

        /**
         * Parses {@code count} or {@code drop} (any case).
         *
         * @param text the policy name
         * @return the policy
         * @throws IllegalArgumentException for any other text
         */
        public static ZeroAmounts parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "count" -> COUNT;
                case "drop" -> DROP;
                default -> throw new IllegalArgumentException("unknown zero-amount policy '" + text + "': expected count or drop");
            };
        }
    }

    /**
     * Transactions below 0 (returns, refunds), accepted only when the reader allows them. Either way
     * they are counted and reported ({@link Exclusions#NEGATIVE_AMOUNT}).
     */
    public enum NegativeAmounts {
        /**
         * The default: a refund is not a purchase, so the row is dropped: it neither counts as a
         * transaction nor lowers spend (the purchase it refunds stays as bought).
         */
        DROP,
        /**
         * Netted: the row is a transaction and its amount is summed with the same period's others; a
         * period whose net amount is not positive is left out of the spend means.
         */
        NET;

        /**
         * Parses {@code drop} or {@code net} (any case).
         *
         * @param text the policy name
         * @return the policy
         * @throws IllegalArgumentException for any other text
         */
        public static NegativeAmounts parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "drop" -> DROP;
                case "net" -> NET;
                default -> throw new IllegalArgumentException("unknown negative-amount policy '" + text + "': expected drop or net");
            };
        }
    }

    /**
     * Rows identical to an earlier row of the log (same customer, same timestamp, same amount).
     * Either way they are counted and reported ({@link Exclusions#DUPLICATE_ROW}).
     */
    public enum Duplicates {
        /**
         * The default: two identical rows are two orders (CDNOW has 255 such rows, same-day orders
         * of the same value). With merging by day they never add a transaction, only their amount
         * to that day's spend.
         */
        KEEP,
        /** Dropped as double-recorded: only the first of identical rows is used. */
        DROP;

        /**
         * Parses {@code keep} or {@code drop} (any case).
         *
         * @param text the policy name
         * @return the policy
         * @throws IllegalArgumentException for any other text
         */
        public static Duplicates parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "keep" -> KEEP;
                case "drop" -> DROP;
                default -> throw new IllegalArgumentException("unknown duplicate-row policy '" + text + "': expected keep or drop");
            };
        }
    }

    /**
     * Options with the default amount and duplicate rules (zero amounts count, negative amounts
     * are dropped, duplicates kept).
     *
     * @param unit             unit of recency, age and holdout duration
     * @param merge            transactions of one customer in the same period become one
     * @param observationEnd   end of observation; {@code null}: the period of the last transaction
     * @param cohortFrom       keep only customers whose first purchase is on or after this day (nullable)
     * @param cohortTo         ... and on or before this day (nullable)
     * @param dropAfterEnd     drop (and count) transactions after the observation end instead of failing
     * @throws IllegalArgumentException when {@code cohortTo} is before {@code cohortFrom}
     */
    public SummaryOptions(TimeUnit unit, MergePeriod merge, PeriodEnd observationEnd,
                          LocalDate cohortFrom, LocalDate cohortTo, boolean dropAfterEnd) {
        this(unit, merge, observationEnd, cohortFrom, cohortTo, dropAfterEnd, ZeroAmounts.COUNT, NegativeAmounts.DROP,
                Duplicates.KEEP);
    }

    /**
     * Checks that unit and merge are given and the cohort is not reversed.
     *
     * @throws IllegalArgumentException when {@code cohortTo} is before {@code cohortFrom}
     */
    public SummaryOptions {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(merge, "merge");
        Objects.requireNonNull(zeroAmounts, "zeroAmounts");
        Objects.requireNonNull(negativeAmounts, "negativeAmounts");
        Objects.requireNonNull(duplicates, "duplicates");
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
        return new SummaryOptions(u, merge, observationEnd, cohortFrom, cohortTo, dropAfterEnd, zeroAmounts, negativeAmounts, duplicates);
    }

    /**
     * The same options with this merge period.
     *
     * @param m period within which a customer's transactions become one
     * @return a copy with this setting
     */
    public SummaryOptions withMerge(MergePeriod m) {
        return new SummaryOptions(unit, m, observationEnd, cohortFrom, cohortTo, dropAfterEnd, zeroAmounts, negativeAmounts, duplicates);
    }

    /**
     * The same options with this observation end.
     *
     * @param end end of observation, or {@code null} for the last transaction's period
     * @return a copy with this setting
     */
    public SummaryOptions withObservationEnd(PeriodEnd end) {
        return new SummaryOptions(unit, merge, end, cohortFrom, cohortTo, dropAfterEnd, zeroAmounts, negativeAmounts, duplicates);
    }

    /**
     * The same options with this cohort.
     *
     * @param from first day of a first purchase to keep, or {@code null}
     * @param to last day of a first purchase to keep, or {@code null}
     * @return a copy with this setting
     */
    public SummaryOptions withCohort(LocalDate from, LocalDate to) {
        return new SummaryOptions(unit, merge, observationEnd, from, to, dropAfterEnd, zeroAmounts, negativeAmounts, duplicates);
    }

    /**
     * The same options, dropping transactions after the end or not.
     *
     * @param drop whether to drop (and count) them instead of failing
     * @return a copy with this setting
     */
    public SummaryOptions withDropAfterEnd(boolean drop) {
        return new SummaryOptions(unit, merge, observationEnd, cohortFrom, cohortTo, drop, zeroAmounts, negativeAmounts, duplicates);
    }

    /**
     * The same options with these rules for odd amounts and duplicate rows.
     *
     * @param zero what a transaction of amount 0 is
     * @param negative what a transaction below 0 is
     * @param dup what an exact duplicate row is
     * @return a copy with these settings
     */
    public SummaryOptions withAmountRules(ZeroAmounts zero, NegativeAmounts negative, Duplicates dup) {
        return new SummaryOptions(unit, merge, observationEnd, cohortFrom, cohortTo, dropAfterEnd, zero, negative, dup);
    }
}
