package org.churnkit.data;

import java.util.Locale;

/**
 * The resolution at which a customer's transactions are merged into one (amounts summed) and at
 * which times are compared. The default, {@link #DAY}, follows BTYD's
 * {@code dc.MergeTransactionsOnSameDate} and lifetimes' daily periods: several purchases on one
 * day are one repeat transaction, not several. Each transaction then stands at the start of its
 * period, so recency and age are whole numbers of periods.
 */
public enum MergePeriod {
    /** Exact timestamps (to the second); only identical timestamps merge. */
    NONE(1),
    /** Transactions in the same clock hour merge. */
    HOUR(3_600),
    /** Transactions on the same calendar day merge. */
    DAY(86_400),
    /** ISO weeks, Monday to Sunday. */
    WEEK(7 * 86_400);

    private final long seconds;

    MergePeriod(long seconds) {
        this.seconds = seconds;
    }

    /**
     * Length in seconds.
     *
     * @return the period length in seconds
     */
    public long seconds() {
        return seconds;
    }

    /**
     * Where periods start, in wall-clock seconds: 0 (1970-01-01T00:00), except weeks, which start
     * on Monday 1969-12-29.
     *
     * @return the origin in wall-clock seconds
     */
    public long origin() {
        return this == WEEK ? -3 * 86_400L : 0L;
    }

    /**
     * The period holding wall-clock second {@code t}.
     *
     * @param t wall-clock seconds since 1970-01-01T00:00
     * @return the period index (floored)
     */
    public long periodOf(long t) {
        return Math.floorDiv(t - origin(), seconds);
    }

    /**
     * Wall-clock second at which period {@code p} starts.
     *
     * @param p a period index
     * @return the period's first wall-clock second
     */
    public long startOf(long p) {
        return p * seconds + origin();
    }

    /**
     * Parses {@code none}, {@code hour}, {@code day}, {@code week} (plural and any case accepted).
     *
     * @param text a period name
     * @return the merge period
     */
    public static MergePeriod parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        }
        return switch (t) {
            case "none", "no", "exact" -> NONE;
            case "hour" -> HOUR;
            case "day" -> DAY;
            case "week" -> WEEK;
            default -> throw new IllegalArgumentException("unknown merge period '" + text + "': expected none, hour, day or week");
        };
    }
}
