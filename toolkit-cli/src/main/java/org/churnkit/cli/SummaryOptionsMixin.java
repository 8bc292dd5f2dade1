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

    @Option(names = "--zero-amounts", paramLabel = "RULE", defaultValue = "count", converter = ZeroRule.class,
            description = "Transactions of amount 0: count (default: they are transactions, in frequency and recency, "
                + "but not spend: monetary_value and the spend model use positive amounts only) or drop (not "
                + "transactions). Either way they are counted on stderr.")
    SummaryOptions.ZeroAmounts zeroAmounts;

    @Option(names = "--negative-amounts", paramLabel = "RULE", defaultValue = "drop", converter = NegativeRule.class,
            description = "Refunds, when --allow-negative-amounts accepts them: drop (default: not transactions and not "
                + "spend) or net (transactions netted with the same day's amounts). Counted on stderr.")
    SummaryOptions.NegativeAmounts negativeAmounts;

    @Option(names = "--duplicates", paramLabel = "RULE", defaultValue = "keep", converter = DuplicateRule.class,
            description = "Rows identical to an earlier one (customer, time, amount): keep (default: separate orders, "
                + "merged into their day) or drop (recorded twice). Counted on stderr.")
    SummaryOptions.Duplicates duplicates;

    /** {@code count} or {@code drop}: a usage error otherwise, before anything is read. */
    static final class ZeroRule implements picocli.CommandLine.ITypeConverter<SummaryOptions.ZeroAmounts> {
        @Override
        public SummaryOptions.ZeroAmounts convert(String value) {
            try {
                return SummaryOptions.ZeroAmounts.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code drop} or {@code net}. */
    static final class NegativeRule implements picocli.CommandLine.ITypeConverter<SummaryOptions.NegativeAmounts> {
        @Override
        public SummaryOptions.NegativeAmounts convert(String value) {
            try {
                return SummaryOptions.NegativeAmounts.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code keep} or {@code drop}. */
    static final class DuplicateRule implements picocli.CommandLine.ITypeConverter<SummaryOptions.Duplicates> {
        @Override
        public SummaryOptions.Duplicates convert(String value) {
            try {
                return SummaryOptions.Duplicates.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * The library options these flags describe.
     *
     * @return the summary options (unit, merge period, observation end, cohort, dropping)
     */
    public SummaryOptions options() {
        try {
            return new SummaryOptions(unit, merge, observationEnd, cohortStart, cohortEnd, dropAfterEnd,
                    zeroAmounts, negativeAmounts, duplicates);
        } catch (IllegalArgumentException e) {
            throw new org.churnkit.ChurnkitException(e.getMessage(), e);
        }
    }
}
