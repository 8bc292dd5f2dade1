package org.churnkit.cli;

import java.util.function.Function;
import org.churnkit.data.SummaryOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The rules for the odd rows of real logs (zero amounts, refunds, duplicate rows), one picocli
 * {@code @Mixin} for every command that summarises a log, so that each rule has one flag, one
 * default and one description everywhere.
 */
public final class AmountRuleOptions {

    /** Creates the options; picocli fills them from the command line. */
    public AmountRuleOptions() {
    }

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

    /**
     * Applies the rules to summary options.
     *
     * @param options the options without these rules
     * @return the options with the rules of these flags
     */
    public SummaryOptions applyTo(SummaryOptions options) {
        return options.withAmountRules(zeroAmounts, negativeAmounts, duplicates);
    }

    /** A rule's word parsed by the library: an unknown word is a usage error, before anything is read. */
    abstract static class Rule<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Rule(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public final T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code count} or {@code drop}. */
    static final class ZeroRule extends Rule<SummaryOptions.ZeroAmounts> {
        ZeroRule() {
            super(SummaryOptions.ZeroAmounts::parse);
        }
    }

    /** {@code drop} or {@code net}. */
    static final class NegativeRule extends Rule<SummaryOptions.NegativeAmounts> {
        NegativeRule() {
            super(SummaryOptions.NegativeAmounts::parse);
        }
    }

    /** {@code keep} or {@code drop}. */
    static final class DuplicateRule extends Rule<SummaryOptions.Duplicates> {
        DuplicateRule() {
            super(SummaryOptions.Duplicates::parse);
        }
    }
}
