package org.churnkit.contractual;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.FileFormat;

/**
 * How a subscription table is laid out and how its dates become periods: the column names of
 * both shapes ({@code customer_id, start, end} or {@code customer_id, periods, cancelled}), the
 * date format and zone, the renewal period ({@link RenewalCalendar}), the as-of date and how
 * subscribers are grouped into cohorts. Immutable; {@link #defaults()} then {@code with...}.
 *
 * @param format the file format, {@code null} for the extension's
 * @param idColumn the subscriber id column
 * @param startColumn the first day of the subscription
 * @param endColumn the day it ended, empty for an active subscriber
 * @param periodsColumn the periods of the second shape ({@link Subscriptions#periods(int)})
 * @param cancelledColumn the cancel flag of the second shape (1/0, true/false, yes/no)
 * @param cohortColumn a cohort column, used when the file has it and {@code cohortBy} is
 *     {@link CohortBy#COLUMN}
 * @param cohortBy how subscribers are grouped into cohorts
 * @param dateFormat a {@link org.churnkit.data.DateParser} format, or {@code auto}
 * @param zone the zone of the dates' wall clock
 * @param period the renewal period: days, weeks, months or years
 * @param asOf the last day observed, {@code null} for the latest start or end date in the file
 * @param charset the encoding of CSV and text files, {@code null} for UTF-8
 */
public record SubscriptionReadOptions(FileFormat format, String idColumn, String startColumn, String endColumn,
                                      String periodsColumn, String cancelledColumn, String cohortColumn,
                                      CohortBy cohortBy, String dateFormat, ZoneId zone, TimeUnit period,
                                      LocalDate asOf, Charset charset) {

    /** How subscribers are grouped into cohorts. */
    public enum CohortBy {
        /** One cohort of every subscriber. */
        NONE,
        /** The cohort column of the file when it has one ({@code cohort} by default), else one cohort. */
        COLUMN,
        /** The calendar month of the start date, e.g. {@code 2024-01}. */
        MONTH,
        /** The calendar year of the start date, e.g. {@code 2024}. */
        YEAR;

        /**
         * Parses {@code none}, {@code column}, {@code month} or {@code year}, any case.
         *
         * @param text the name
         * @return the grouping
         * @throws IllegalArgumentException naming the names there are
         */
        public static CohortBy parse(String text) {
            for (CohortBy c : values()) {
                if (c.name().equalsIgnoreCase(text.strip())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown cohort grouping '" + text
                    + "': expected none, column, month or year");
        }

        /**
         * The name used on the command line.
         *
         * @return the lower-case name
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException for a missing column name or an hourly period
     */
    public SubscriptionReadOptions {
        Objects.requireNonNull(idColumn, "idColumn");
        Objects.requireNonNull(startColumn, "startColumn");
        Objects.requireNonNull(endColumn, "endColumn");
        Objects.requireNonNull(periodsColumn, "periodsColumn");
        Objects.requireNonNull(cancelledColumn, "cancelledColumn");
        Objects.requireNonNull(cohortColumn, "cohortColumn");
        Objects.requireNonNull(cohortBy, "cohortBy");
        Objects.requireNonNull(dateFormat, "dateFormat");
        Objects.requireNonNull(zone, "zone");
        RenewalCalendar.of(Objects.requireNonNull(period, "period"));
    }

    /**
     * Columns {@code customer_id, start, end, periods, cancelled, cohort}; cohorts from the
     * cohort column when there is one; dates detected; UTC; monthly periods; as of the latest
     * date in the file; UTF-8.
     *
     * @return the defaults
     */
    public static SubscriptionReadOptions defaults() {
        return new SubscriptionReadOptions(null, "customer_id", "start", "end", "periods", "cancelled", "cohort",
                CohortBy.COLUMN, "auto", ZoneOffset.UTC, TimeUnit.MONTHS, null, null);
    }

    /**
     * With another file format.
     *
     * @param f the format, {@code null} for the extension's
     * @return the options
     */
    public SubscriptionReadOptions withFormat(FileFormat f) {
        return new SubscriptionReadOptions(f, idColumn, startColumn, endColumn, periodsColumn, cancelledColumn,
                cohortColumn, cohortBy, dateFormat, zone, period, asOf, charset);
    }

    /**
     * With other column names.
     *
     * @param id the id column
     * @param start the start column
     * @param end the end column
     * @param periods the periods column
     * @param cancelled the cancel flag column
     * @param cohort the cohort column
     * @return the options
     */
    public SubscriptionReadOptions withColumns(String id, String start, String end, String periods, String cancelled,
                                               String cohort) {
        return new SubscriptionReadOptions(format, id, start, end, periods, cancelled, cohort, cohortBy, dateFormat,
                zone, period, asOf, charset);
    }

    /**
     * With another cohort grouping.
     *
     * @param by the grouping
     * @return the options
     */
    public SubscriptionReadOptions withCohortBy(CohortBy by) {
        return new SubscriptionReadOptions(format, idColumn, startColumn, endColumn, periodsColumn, cancelledColumn,
                cohortColumn, by, dateFormat, zone, period, asOf, charset);
    }

    /**
     * With another date format and zone.
     *
     * @param dateFormatName a {@link org.churnkit.data.DateParser} format or {@code auto}
     * @param dateZone the zone of the dates' wall clock
     * @return the options
     */
    public SubscriptionReadOptions withDates(String dateFormatName, ZoneId dateZone) {
        return new SubscriptionReadOptions(format, idColumn, startColumn, endColumn, periodsColumn, cancelledColumn,
                cohortColumn, cohortBy, dateFormatName, dateZone, period, asOf, charset);
    }

    /**
     * With another renewal period.
     *
     * @param unit days, weeks, months or years
     * @return the options
     */
    public SubscriptionReadOptions withPeriod(TimeUnit unit) {
        return new SubscriptionReadOptions(format, idColumn, startColumn, endColumn, periodsColumn, cancelledColumn,
                cohortColumn, cohortBy, dateFormat, zone, unit, asOf, charset);
    }

    /**
     * With an as-of date.
     *
     * @param day the last day observed, {@code null} for the latest date in the file
     * @return the options
     */
    public SubscriptionReadOptions withAsOf(LocalDate day) {
        return new SubscriptionReadOptions(format, idColumn, startColumn, endColumn, periodsColumn, cancelledColumn,
                cohortColumn, cohortBy, dateFormat, zone, period, day, charset);
    }

    /**
     * With another text encoding.
     *
     * @param cs the encoding of CSV and text files, {@code null} for UTF-8
     * @return the options
     */
    public SubscriptionReadOptions withCharset(Charset cs) {
        return new SubscriptionReadOptions(format, idColumn, startColumn, endColumn, periodsColumn, cancelledColumn,
                cohortColumn, cohortBy, dateFormat, zone, period, asOf, cs);
    }
}
