package org.churnkit.data;

import java.util.Locale;

/**
 * The unit in which recency, age and horizons are measured. A month is 365.25/12 days and a year
 * 365.25 days, so that rates convert consistently across units.
 */
public enum TimeUnit {
    /** An hour, 1/24 day. */
    HOURS(1.0 / 24.0),
    /** A day. */
    DAYS(1.0),
    /** A week of 7 days. */
    WEEKS(7.0),
    /** A month of 365.25/12 days. */
    MONTHS(365.25 / 12.0),
    /** A year of 365.25 days. */
    YEARS(365.25);

    private final double days;

    TimeUnit(double days) {
        this.days = days;
    }

    /**
     * Length of one unit in days.
     *
     * @return days per unit
     */
    public double days() {
        return days;
    }

    /**
     * Length of one unit in seconds.
     *
     * @return seconds per unit
     */
    public double seconds() {
        return days * 86_400.0;
    }

    /**
     * Number of this unit in one year of 365.25 days (52.178... weeks, 12 months).
     *
     * @return units per year
     */
    public double perYear() {
        return 365.25 / days;
    }

    /**
     * Converts an effective annual discount rate {@code d} (0.15 for 15 % a year) into the
     * continuously compounded rate per unit, {@code delta = ln(1 + d) / perYear()}, the form the
     * DERT formulas take (Fader, Hardie and Lee 2005).
     *
     * @throws IllegalArgumentException if {@code d} is not finite or not above -1
     * @param annualRate the effective annual rate d, e.g. 0.1 for 10 %
     * @return {@code ln(1 + d) / perYear()}, per unit
     */
    public double continuousRateFromAnnual(double annualRate) {
        if (!(annualRate > -1.0) || !Double.isFinite(annualRate)) {
            throw new IllegalArgumentException("annual discount rate must be finite and > -1, got " + annualRate);
        }
        return Math.log1p(annualRate) / perYear();
    }

    /**
     * Lower-case name as used on the command line and in files: {@code week}, {@code day}, ...
     *
     * @return the singular lower-case name
     */
    public String label() {
        String n = name().toLowerCase(Locale.ROOT);
        return n.substring(0, n.length() - 1);
    }

    /**
     * Parses {@code hour(s)}, {@code day(s)}, {@code week(s)}, {@code month(s)}, {@code year(s)}, any case.
     *
     * @param text a unit name
     * @return the unit
     */
    public static TimeUnit parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (TimeUnit u : values()) {
            if (t.equals(u.label()) || t.equals(u.label() + "s")) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown time unit '" + text + "': expected hour, day, week, month or year");
    }
}
