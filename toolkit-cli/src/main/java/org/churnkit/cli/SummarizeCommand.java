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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        output.validate();
        OutputSafety.of().input("--input", input.input()).output("--output", output.output()).check();
        var err = spec.commandLine().getErr();
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
}
