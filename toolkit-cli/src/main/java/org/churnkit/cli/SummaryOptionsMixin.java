package org.churnkit.cli;

import java.time.LocalDate;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import picocli.CommandLine.Option;

/**
 * How to summarise customers: time unit, merging, observation end, cohort, and the rules for zero
 * and negative amounts and duplicate rows. A picocli {@code @Mixin}.
 */
public final class SummaryOptionsMixin {

    /** Creates the options; picocli fills them from the command line. */
    public SummaryOptionsMixin() {
    }

    @Option(names = {"-u", "--time-unit"}, paramLabel = "UNIT", defaultValue = "week", converter = Converters.Unit.class,
            description = "Unit of recency, T and holdout duration: hour, day, week, month (365.25/12 days) (default: ${DEFAULT-VALUE}).")
    TimeUnit unit;

    @Option(names = "--merge", paramLabel = "PERIOD", defaultValue = "day", converter = Converters.Merge.class,
            description = "Merge a customer's transactions in the same period (amounts summed): none, hour, day, week (default: ${DEFAULT-VALUE}).")
    MergePeriod merge;

    @Option(names = "--observation-end", paramLabel = "DATE", converter = Converters.End.class,
            description = "End of observation: a date (the whole day is in) or a date-time. Default: the day of the last transaction.")
    PeriodEnd observationEnd;

    @Option(names = "--cohort-start", paramLabel = "DATE", converter = Converters.Day.class,
            description = "Keep only customers whose first purchase is on or after this date.")
    LocalDate cohortStart;

    @Option(names = "--cohort-end", paramLabel = "DATE", converter = Converters.Day.class,
            description = "Keep only customers whose first purchase is on or before this date.")
    LocalDate cohortEnd;

    @Option(names = "--drop-after-end",
            description = "Drop (and count) transactions after the observation end instead of failing.")
    boolean dropAfterEnd;

    @picocli.CommandLine.Mixin
    AmountRuleOptions amountRules;

    /**
     * The library options these flags describe.
     *
     * @return the summary options (unit, merge period, observation end, cohort, dropping)
     */
    public SummaryOptions options() {
        try {
            return amountRules.applyTo(new SummaryOptions(unit, merge, observationEnd, cohortStart, cohortEnd,
                    dropAfterEnd));
        } catch (IllegalArgumentException e) {
            throw new org.churnkit.ChurnkitException(e.getMessage(), e);
        }
    }
}
