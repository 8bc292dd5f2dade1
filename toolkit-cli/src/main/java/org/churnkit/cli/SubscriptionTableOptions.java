package org.churnkit.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.SubscriptionReadOptions;
import org.churnkit.contractual.Subscriptions;
import org.churnkit.contractual.SurvivorTable;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.FileFormat;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How a subscription or survivor table is laid out and how dates become renewal periods: the
 * options {@code summarize --contractual}, {@code fit --model sbg|bdw} and {@code score} share (a
 * picocli {@code @Mixin}). The id column, date format, zone and encoding come from each command's
 * own options.
 */
public final class SubscriptionTableOptions {

    /** Creates the options; picocli fills them from the command line. */
    public SubscriptionTableOptions() {
    }

    @Option(names = "--period", paramLabel = "UNIT", defaultValue = "month", converter = Converters.Unit.class,
            description = "Subscriptions: the renewal period, day, week, month or year (default: ${DEFAULT-VALUE}). "
                + "Months and years renew on the start's day of the month, clamped to the month's length.")
    TimeUnit period;

    @Option(names = "--as-of", paramLabel = "DATE", converter = Converters.Day.class,
            description = "Subscriptions: the last day observed (yyyy-MM-dd). A renewal counts once its date is on or "
                + "before it. Default: the latest start or end date in the file.")
    LocalDate asOf;

    @Option(names = "--cohort", paramLabel = "BY", defaultValue = "column", converter = CohortConverter.class,
            description = "Subscriptions: cohorts by start month, start year, the --cohort-column (when the file has "
                + "it), or none (default: ${DEFAULT-VALUE}).")
    SubscriptionReadOptions.CohortBy cohortBy;

    @Option(names = "--start-column", paramLabel = "C", defaultValue = "start",
            description = "Subscriptions: first day of the subscription (default: ${DEFAULT-VALUE}).")
    String startColumn;

    @Option(names = "--end-column", paramLabel = "C", defaultValue = "end",
            description = "Subscriptions: day it ended, empty while active (default: ${DEFAULT-VALUE}).")
    String endColumn;

    @Option(names = "--periods-column", paramLabel = "C", defaultValue = "periods",
            description = "Subscriptions without dates: periods paid for, 1 or more (default: ${DEFAULT-VALUE}).")
    String periodsColumn;

    @Option(names = "--cancel-column", paramLabel = "C", defaultValue = "cancelled",
            description = "Subscriptions without dates: 1 if cancelled at the end of the last period, 0 if active "
                + "(default: ${DEFAULT-VALUE}).")
    String cancelledColumn;

    @Option(names = "--cohort-column", paramLabel = "C", defaultValue = "cohort",
            description = "Subscriptions and survivor tables: cohort names, used when the file has the column "
                + "(default: ${DEFAULT-VALUE}).")
    String cohortColumn;

    @Option(names = "--survivor-column", paramLabel = "C", defaultValue = "survivors",
            description = "Survivor tables: survivors at the end of each period (default: ${DEFAULT-VALUE}); a file "
                + "with this column and --period-column is read as a survivor table.")
    String survivorsColumn;

    @Option(names = "--period-column", paramLabel = "C", defaultValue = "period",
            description = "Survivor tables: the period, 0 (the cohort's size), 1, 2, ... (default: ${DEFAULT-VALUE}).")
    String periodColumn;

    /** Cohort groupings with the message the brief asks for. */
    static final class CohortConverter implements picocli.CommandLine.ITypeConverter<SubscriptionReadOptions.CohortBy> {
        @Override
        public SubscriptionReadOptions.CohortBy convert(String value) {
            try {
                return SubscriptionReadOptions.CohortBy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * The library's read options.
     *
     * @param idColumn the subscriber id column
     * @param format the input format, {@code null} for the extension's
     * @param dateFormat the date format or {@code auto}
     * @param zone the zone of the dates
     * @param charset the text encoding
     * @return the options
     */
    SubscriptionReadOptions readOptions(String idColumn, FileFormat format, String dateFormat, ZoneId zone,
                                        java.nio.charset.Charset charset) {
        try {
            return SubscriptionReadOptions.defaults().withFormat(format)
                    .withColumns(idColumn, startColumn, endColumn, periodsColumn, cancelledColumn, cohortColumn)
                    .withCohortBy(cohortBy).withDates(dateFormat, zone).withPeriod(period).withAsOf(asOf)
                    .withCharset(charset);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
    }

    /**
     * Whether the file is a survivor table: its header has the survivors and period columns.
     *
     * @param columns the file's column names
     * @return true for a survivor table
     */
    boolean isSurvivorTable(java.util.List<String> columns) {
        return columns.contains(survivorsColumn) && columns.contains(periodColumn);
    }

    /**
     * Reads a survivor table.
     *
     * @param file the table
     * @param format its format, {@code null} for the extension's
     * @param charset its encoding
     * @return the cohorts
     */
    SurvivorTable readSurvivors(Path file, FileFormat format, java.nio.charset.Charset charset) {
        return SurvivorTable.read(file, format, periodColumn, survivorsColumn, cohortColumn, charset);
    }

    /**
     * Reads a subscription table.
     *
     * @param file the table
     * @param o the read options ({@link #readOptions})
     * @return the subscribers
     */
    Subscriptions readSubscriptions(Path file, SubscriptionReadOptions o) {
        try {
            return Subscriptions.read(file, o);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The renewal period.
     *
     * @return the unit of {@code --period}
     */
    TimeUnit period() {
        return period;
    }

    /** The stated rule, one line for stderr. */
    static String ruleLine(TimeUnit period) {
        return "periods = " + period.label() + "s paid for: 1 + the renewals (a renewal date counts once on or before "
                + "the as-of date; for a cancelled subscription, strictly before its end)";
    }
}
