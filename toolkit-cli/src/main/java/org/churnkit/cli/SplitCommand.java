package org.churnkit.cli;

import java.util.concurrent.Callable;
import org.churnkit.io.OutputSafety;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.TransactionLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit split}: calibration summary plus holdout outcome, for validating a model. */
@Command(name = "split", mixinStandardHelpOptions = true,
        header = "Calibration summary plus holdout outcome per customer, split at a date.", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Splits a transaction log at a calibration end date, as lifetimes' calibration_and_holdout_data and "
                + "CLVTools' estimation split do: the calibration summary (frequency, recency, T, monetary_value) up to "
                + "that date, plus per customer the transactions after it up to the observation end "
                + "(frequency_holdout, monetary_value_holdout, duration_holdout).",
            "Customers whose first purchase is after the calibration end are excluded and counted on stderr.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit split --input transactions.csv --calibration-end 2024-06-30 \\",
            "      --output split.csv",
            "  churnkit split -i cdnow_sample_elog.csv --customer-column sampleid \\",
            "      --amount-column sales --date-format yyyyMMdd \\",
            "      --calibration-end 1997-09-30 -o cdnow_split.csv",
            "  churnkit split -i log.parquet --calibration-end 2024-03-31 \\",
            "      --observation-end 2024-12-31 --drop-after-end --time-unit day \\",
            "      -o split.parquet",
        })
public final class SplitCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public SplitCommand() {
    }

    @Mixin
    TransactionInputOptions input;

    @Option(names = "--calibration-end", required = true, paramLabel = "DATE", converter = Converters.End.class,
            description = "Last day (or date-time) of the calibration period; the holdout starts after it.")
    PeriodEnd calibrationEnd;

    @Mixin
    SummaryOptionsMixin summary;

    @Mixin
    OutputOptions output;

    @Option(names = "--extended", description = "Also write mean_value (all calibration transactions), first_purchase and last_purchase.")
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
        CustomerSummaries s;
        try {
            s = Summarizer.split(log, calibrationEnd, summary.options());
        } catch (IllegalArgumentException e) {
            throw new org.churnkit.ChurnkitException(e.getMessage(), e);
        }
        long t2 = System.nanoTime();
        output.write(s.toTable(extended));
        SummaryReport.print(err, "split", log, s, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        err.println("split: wrote " + output.output());
        err.flush();
        return 0;
    }
}
