package org.churnkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.SummaryState;
import org.churnkit.data.SummaryStateFile;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.io.OutputSafety;
import org.churnkit.io.TableIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code churnkit update}: adds new transactions to a summary state file. */
@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Add new transactions to a summary state and advance it to a date.",
        description = {
            "Keeps the per-customer summaries up to date at the cost of the new data: STATE holds what the "
                + "summaries need (first and last purchase, purchase periods, exact spend sums), so a daily or "
                + "weekly batch is added without rereading the history, and T advances to --as-of for every "
                + "customer. The summaries equal those of summarize on the whole log.",
            "Creates STATE when it does not exist (and says so), with --merge, --time-unit and the amount rules "
                + "(defaults as for summarize); an existing state keeps the settings it was created with, and a "
                + "different one given here is an error. STATE is replaced atomically, only when everything "
                + "succeeded (or written to --state-out).",
            "Transactions must be after the state's end and not after --as-of. A transaction at or before the "
                + "end (late data; also a batch given twice) refuses the batch, naming file and line, unless "
                + "--late accept-if-mergeable: then it is merged when that is exact (a new customer; or in or before "
                + "the customer's first purchase period, or in or after the last one) and the batch is refused "
                + "otherwise. Prints new and returning customers, transactions and spend to stderr.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 updated; 1 refused (bad or late input, other settings; the",
            "state is unchanged); 2 usage error.",
            "",
            "Examples:",
            "  churnkit update --state shop.ckstate --transactions 2024-06-30.csv \\",
            "      --as-of 2024-06-30",
            "  churnkit update --state shop.ckstate --transactions week26.parquet \\",
            "      --as-of 2024-06-30 --summaries-out summary.csv",
            "  churnkit update --state new.ckstate --transactions history.csv \\",
            "      --as-of 2024-06-29 --merge day --time-unit week",
            "  churnkit update --state shop.ckstate --transactions late.csv \\",
            "      --as-of 2024-07-01 --late accept-if-mergeable",
        })
public final class UpdateCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public UpdateCommand() {
    }

    @Option(names = "--state", required = true, paramLabel = "STATE",
            description = "Summary state file (.ckstate): read and replaced atomically; created when absent.")
    Path state;

    @Option(names = "--transactions", required = true, paramLabel = "NEW",
            description = "New transactions: .csv, .txt, .parquet or .arrow, laid out as --customer-column etc. say.")
    Path transactions;

    @Option(names = "--as-of", required = true, paramLabel = "DATE", converter = Converters.End.class,
            description = "The state's new end: a date (the whole day is in) or a date-time; not before the current end.")
    PeriodEnd asOf;

    @Option(names = "--late", paramLabel = "RULE", defaultValue = "refuse", converter = LateRule.class,
            description = "Transactions at or before the state's end: refuse (default: the batch is refused) or "
                + "accept-if-mergeable (merged when exact, else refused).")
    SummaryState.Late late;

    @Option(names = "--drop-after-end", description = "Drop (and count) transactions after --as-of instead of refusing the batch.")
    boolean dropAfterEnd;

    @Option(names = "--summaries-out", paramLabel = "FILE",
            description = "Also write the summaries at --as-of (customer_id, frequency, recency, T, monetary_value), "
                + "the file fit and score read: .csv, .parquet or .arrow.")
    Path summariesOut;

    @Option(names = "--extended", description = "With --summaries-out: also mean_value, first_purchase, last_purchase.")
    boolean extended;

    @Option(names = "--state-out", paramLabel = "FILE",
            description = "Write the updated state here and leave STATE as it was.")
    Path stateOut;

    @Option(names = {"-u", "--time-unit"}, paramLabel = "UNIT", converter = Converters.Unit.class,
            description = "New state: unit of recency and T (default: week). An existing state's must match.")
    TimeUnit unit;

    @Option(names = "--merge", paramLabel = "PERIOD", converter = Converters.Merge.class,
            description = "New state: merge a customer's transactions in the same none, hour, day (default) or week. "
                + "An existing state's must match.")
    MergePeriod merge;

    @Option(names = "--zero-amounts", paramLabel = "RULE", converter = AmountRuleOptions.ZeroRule.class,
            description = "New state: count (default) or drop transactions of amount 0, as for summarize.")
    SummaryOptions.ZeroAmounts zeroAmounts;

    @Option(names = "--negative-amounts", paramLabel = "RULE", converter = AmountRuleOptions.NegativeRule.class,
            description = "New state: drop (default) or net refunds, as for summarize.")
    SummaryOptions.NegativeAmounts negativeAmounts;

    @Option(names = "--duplicates", paramLabel = "RULE", converter = AmountRuleOptions.DuplicateRule.class,
            description = "New state: keep (default) or drop rows identical to an earlier one, as for summarize.")
    SummaryOptions.Duplicates duplicates;

    @Mixin
    LogReadOptions layout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path target = stateOut != null ? stateOut : state;
        OutputSafety safety = OutputSafety.of().input("--transactions", transactions);
        if (stateOut != null) {
            safety.input("--state", state).output("--state-out", stateOut);
        } else {
            safety.output("--state", state);
        }
        safety.output("--summaries-out", summariesOut).check();
        if (summariesOut != null) {
            try {
                org.churnkit.io.FileFormat.of(summariesOut);
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("--summaries-out: " + e.getMessage());
            }
        }
        var err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        boolean exists = Files.exists(state);
        SummaryState s = null;
        if (exists) {
            s = SummaryStateFile.read(state);
            List<String> diff = given(s.settings()).differences(s.settings(), "given", "the state's");
            if (!diff.isEmpty()) {
                throw new ChurnkitException(state + " was created with other settings: " + String.join("; ", diff)
                        + ". A state keeps its settings for life (they decide what a transaction is): leave the options "
                        + "out, or build a new state from the whole log with them");
            }
            err.printf(Locale.ROOT, "update: read %s: %,d customers up to %s (%s)%n", state, s.customerCount(), s.end(),
                    s.settings().describe());
        }
        TransactionLog log = layout.read(transactions);
        long t1 = System.nanoTime();
        if (!exists) {
            s = SummaryState.empty(given(null).withAmounts(log.hasAmounts()));
            err.printf(Locale.ROOT, "update: %s does not exist: creating it (%s)%n", state, s.settings().describe());
        }
        SummaryState.Update u = s.update(log, asOf, late, dropAfterEnd);
        long t2 = System.nanoTime();
        CustomerSummaries summaries = null;
        if (summariesOut != null) {
            summaries = s.summaries();
            // the summaries first: if writing the state then fails, rerunning the update redoes both
            TableIO.write(summaries.toTable(extended), summariesOut, null);
        }
        SummaryStateFile.write(s, target);
        long t3 = System.nanoTime();
        report(err, u, log, s, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        err.printf(Locale.ROOT, "update: wrote %s%s%n", target, summariesOut != null
                ? String.format(Locale.ROOT, " and %s (%,d customers at %s)", summariesOut, summaries.size(), asOf) : "");
        err.flush();
        return 0;
    }

    /** The settings given on the command line, the others taken from {@code base} (or the defaults). */
    private Settings given(SummaryState.Settings base) {
        SummaryOptions d = SummaryOptions.defaults();
        return new Settings(
                merge != null ? merge : base != null ? base.merge() : d.merge(),
                unit != null ? unit : base != null ? base.unit() : d.unit(),
                zeroAmounts != null ? zeroAmounts : base != null ? base.zeroAmounts() : d.zeroAmounts(),
                negativeAmounts != null ? negativeAmounts : base != null ? base.negativeAmounts() : d.negativeAmounts(),
                duplicates != null ? duplicates : base != null ? base.duplicates() : d.duplicates(),
                base == null || base.amounts());
    }

    /** Settings under construction: the amounts flag comes from the log when creating. */
    private record Settings(MergePeriod merge, TimeUnit unit, SummaryOptions.ZeroAmounts zero,
                            SummaryOptions.NegativeAmounts negative, SummaryOptions.Duplicates dup, boolean amounts) {
        SummaryState.Settings withAmounts(boolean a) {
            return new SummaryState.Settings(merge, unit, zero, negative, dup, a);
        }

        List<String> differences(SummaryState.Settings other, String mine, String theirs) {
            return withAmounts(other.amounts()).differences(other, mine, theirs);
        }
    }

    private static void report(java.io.PrintWriter err, SummaryState.Update u, TransactionLog log, SummaryState s,
                               double readS, double updateS, double writeS) {
        err.printf(Locale.ROOT, "update: read %,d rows from %s (%.1f s); updated in %.1f s, written in %.1f s%n",
                u.rowsRead(), log.source(), readS, updateS, writeS);
        String spend = Double.isNaN(u.spend()) ? "" : String.format(Locale.ROOT, ", spend %,.2f", u.spend());
        err.printf(Locale.ROOT, "update: %,d transactions (%,d new purchase periods)%s%n", u.transactions(), u.newPeriods(), spend);
        err.printf(Locale.ROOT, "update: %,d new customers, %,d returning customers; %,d customers in all%n",
                u.newCustomers(), u.returningCustomers(), u.customers());
        if (u.lateAccepted() > 0) {
            err.printf(Locale.ROOT, "update: %,d late transactions (at or before %s) merged exactly%n", u.lateAccepted(),
                    u.previousEnd());
        }
        for (String line : u.exclusions().lines()) {
            err.println("update: " + line);
        }
        List<String> parts = new ArrayList<>();
        parts.add("end " + (u.previousEnd() == null ? "(new)" : u.previousEnd().toString()) + " -> " + u.end());
        if (u.previousEnd() != null) {
            double days = (u.end().lastSecond() - u.previousEnd().lastSecond()) / 86_400.0;
            parts.add(String.format(Locale.ROOT, "T advanced by %s days for every customer",
                    org.churnkit.io.ColumnTable.formatDouble(days)));
        }
        err.println("update: " + String.join("; ", parts));
    }

    /** {@code refuse} or {@code accept-if-mergeable}. */
    static final class LateRule implements ITypeConverter<SummaryState.Late> {
        @Override
        public SummaryState.Late convert(String value) {
            try {
                return SummaryState.Late.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
