package org.churnkit.cli;

import java.util.concurrent.Callable;
import org.churnkit.io.OutputSafety;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.Summarizer;
import org.churnkit.data.TransactionLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code churnkit summarize}: one row per customer (frequency, recency, T, monetary value). */
@Command(name = "summarize", mixinStandardHelpOptions = true,
        header = "Summarise a transaction log per customer: frequency, recency, T, monetary_value.", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Summarises a transaction log per customer, the input of every BTYD model: frequency (repeat "
                + "transactions), recency (first to last purchase), T (first purchase to the observation end) and "
                + "monetary_value (mean positive repeat-transaction amount; 0 without one), as lifetimes names them.",
            "Transactions of one customer on the same day are merged (amounts summed) unless --merge says otherwise. "
                + "Zero amounts, refunds and duplicate rows follow --zero-amounts, --negative-amounts and --duplicates. "
                + "Prints what was read, merged, dropped and excluded to stderr, with the first example of each (customer, line).",
            "With --contractual the input is a subscription table (customer_id, start, end; the end empty while "
                + "active) and the output one row per subscriber: customer_id, cohort, start, end, periods (the "
                + "--period units paid for: 1 + the renewals) and cancelled (1 if the subscription ended, 0 if active), "
                + "the input of 'churnkit fit --model sbg|bdw'. The rule for partial periods: renewal k falls k periods "
                + "after the start (months and years on the start's day of the month, clamped to the month's length); "
                + "an active subscriber has renewed at every renewal date on or before --as-of, a cancelled one at "
                + "every renewal date strictly before the end (an end on a renewal date is no renewal). Subscriptions "
                + "ending before they start or starting after --as-of are dropped, earlier subscriptions of a "
                + "subscriber who subscribed again are dropped (the latest is kept) and ends after --as-of count as "
                + "active: all counted on stderr. --survivors also writes each cohort's survivors by period.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit summarize --input transactions.csv --output summary.csv",
            "  churnkit summarize -i cdnow_sample_elog.csv --customer-column sampleid \\",
            "      --amount-column sales --date-format yyyyMMdd --time-unit week \\",
            "      --observation-end 1997-09-30 -o summary.parquet",
            "  churnkit summarize -i CDNOW_master.txt --amount-column dollar_value \\",
            "      --observation-end 1998-06-30 --cohort-start 1997-01-01 \\",
            "      --cohort-end 1997-01-31 -o january.csv",
            "  churnkit summarize -i log.parquet --merge none --time-unit hour \\",
            "      --drop-after-end --observation-end 2024-06-30T12:00 -o summary.arrow",
            "  churnkit summarize --contractual -i subscriptions.csv --period month \\",
            "      --as-of 2024-06-30 --cohort month -o subscribers.csv \\",
            "      --survivors cohorts.csv",
        })
public final class SummarizeCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public SummarizeCommand() {
    }

    @Mixin
    TransactionInputOptions input;

    @Mixin
    SummaryOptionsMixin summary;

    @Mixin
    OutputOptions output;

    @Option(names = "--extended", description = "Also write mean_value (all transactions), first_purchase and last_purchase.")
    boolean extended;

    @Option(names = "--contractual",
            description = "The input is a subscription table: write one row per subscriber with periods and cancelled "
                + "(see above and the Subscriptions options).")
    boolean contractual;

    @Option(names = "--survivors", paramLabel = "FILE",
            description = "With --contractual: also write each cohort's survivors at the end of periods 0, 1, ... "
                + "(columns cohort, period, survivors), up to the last period every member could have renewed.")
    java.nio.file.Path survivorsOutput;

    @Mixin
    SubscriptionTableOptions subscriptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        output.validate();
        OutputSafety.of().input("--input", input.input()).output("--output", output.output())
                .output("--survivors", survivorsOutput).check();
        var err = spec.commandLine().getErr();
        if (contractual) {
            return summarizeSubscriptions(err);
        }
        if (survivorsOutput != null) {
            throw new org.churnkit.ChurnkitException("--survivors needs --contractual (a subscription table)");
        }
        long t0 = System.nanoTime();
        TransactionLog log = input.read();
        long t1 = System.nanoTime();
        CustomerSummaries s = Summarizer.summarize(log, summary.options());
        long t2 = System.nanoTime();
        output.write(s.toTable(extended));
        SummaryReport.print(err, "summarize", log, s, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        err.println("summarize: wrote " + output.output());
        err.flush();
        return 0;
    }

    /** {@code --contractual}: subscribers' periods and censoring from their dates, by the stated rule. */
    private int summarizeSubscriptions(java.io.PrintWriter err) {
        LogReadOptions l = input.layout;
        // --observation-end is the as-of date under its transaction name; --as-of wins when both are given
        var o = subscriptions.readOptions(l.customerColumn, l.format, l.dateFormat, l.zone, l.encoding);
        if (o.asOf() == null && summary.observationEnd != null) {
            o = o.withAsOf(java.time.LocalDate.ofEpochDay(Math.floorDiv(summary.observationEnd.lastSecond(), 86_400L)));
        }
        org.churnkit.contractual.Subscriptions s = subscriptions.readSubscriptions(input.input(), o);
        SubscriptionReport.print(err, "summarize", input.input(), s);
        output.write(s.toTable());
        err.println("summarize: wrote " + output.output());
        if (survivorsOutput != null) {
            org.churnkit.contractual.SurvivorTable t;
            try {
                t = s.survivorTable();
            } catch (IllegalArgumentException e) {
                throw new org.churnkit.ChurnkitException(input.input() + ": " + e.getMessage(), e);
            }
            org.churnkit.io.TableIO.write(t.toTable(), survivorsOutput);
            err.printf(java.util.Locale.ROOT, "summarize: wrote the survivors of %,d cohort(s) to %s%n",
                    t.cohorts().size(), survivorsOutput);
        }
        err.flush();
        return 0;
    }
}
