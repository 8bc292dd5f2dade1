package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeAxis;
import org.churnkit.data.TransactionLog;
import org.churnkit.evaluation.BacktestFiles;
import org.churnkit.evaluation.BacktestResult;
import org.churnkit.evaluation.BacktestRunner;
import org.churnkit.evaluation.ComparisonTable;
import org.churnkit.evaluation.DriftMonitor;
import org.churnkit.evaluation.HoldoutSplit;
import org.churnkit.evaluation.OriginPlan;
import org.churnkit.evaluation.OriginSplits;
import org.churnkit.evaluation.Trainer;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit backtest}: rolling-origin backtest of transaction models beside naive baselines. */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Rolling-origin backtest: fit models at each origin, test on the following window, watch for drift.",
        description = {
            "At every origin the models are fitted (maximum likelihood) on the customers acquired before the origin, "
                + "using only their transactions up to the origin, and evaluated on the following --horizon time units "
                + "beside the naive baselines (everyone stays; last period's rate). The most recent origin is the headline.",
            "An origin DATE is the start of that day on the log's calendar: with day merging (the default) that day's "
                + "transactions belong to the calibration period, as in BTYD.",
            "Writes into DIR (a new or empty directory, or one churnkit wrote before; only these files are replaced, "
                + "nothing else is deleted): comparison.csv, comparison_summary.csv, tracking.csv, "
                + "drift.csv and backtest.html with the charts. Prints the headline comparison and, when a drift "
                + "threshold is crossed, 'retrain recommended' with the reasons.",
            "Configurations that would let training data or labels reach into a test window (a negative gap, a test "
                + "window past the end of the data, origins out of order) are refused with the reason.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit backtest -i cdnow_sample_elog.csv --customer-column sampleid \\",
            "      --amount-column sales --date-format yyyyMMdd \\",
            "      --origins 1997-06-30,1997-09-30 --horizon 13 --time-unit week \\",
            "      --models pareto-nbd,bg-nbd --output backtest/",
            "  churnkit backtest -i log.parquet \\",
            "      --origins 2024-01-01,2024-04-01,2024-07-01 --horizon 13 \\",
            "      --window sliding --window-length 52 --gap 1 --models pareto-nbd \\",
            "      --output bt/",
        })
public final class BacktestCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public BacktestCommand() {
    }

    @Mixin
    TransactionInputOptions input;

    @Mixin
    SummaryOptionsMixin summary;

    /** The origins, oldest first, as given to {@code --origins}. */
    List<LocalDate> origins;

    // One option taking the whole comma-separated list (not a repeatable list option), so that the
    // synopsis shows --origins once.
    @Option(names = "--origins", required = true, paramLabel = "DATE[,DATE...]",
            description = "Origins (calibration ends), oldest first, comma-separated ISO dates.")
    void origins(String dates) {
        List<LocalDate> parsed = new ArrayList<>();
        Converters.Day day = new Converters.Day();
        for (String d : dates.split(",", -1)) {
            try {
                parsed.add(day.convert(d.strip()));
            } catch (picocli.CommandLine.TypeConversionException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '--origins': '" + d.strip() + "': " + e.getMessage());
            }
        }
        origins = List.copyOf(parsed);
    }

    @Option(names = "--horizon", required = true, paramLabel = "H",
            description = "Length of each test window in time units.")
    double horizon;

    @Option(names = "--models", split = ",", paramLabel = "MODEL", defaultValue = "pareto-nbd,bg-nbd",
            description = "Models to compare: pareto-nbd, bg-nbd, mbg-nbd, bg-bb (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--window", paramLabel = "KIND", defaultValue = "expanding",
            description = "Calibration window: expanding (all data up to the origin) or sliding (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--window-length", paramLabel = "L",
            description = "Length of a sliding calibration window in time units (required with --window sliding).")
    Double windowLength;

    @Option(names = "--gap", paramLabel = "G", defaultValue = "0",
            description = "Time units left out between each origin and its test window (default: ${DEFAULT-VALUE}).")
    double gap;

    @Option(names = "--recent-window", paramLabel = "W",
            description = "Last calibration period for the last-period-rate baseline, in time units (default: the horizon).")
    Double recentWindow;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Backtest", description = "Title of the HTML page (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputSafety.of().input("--input", input.input())
                .outputDirectory("--output", output, org.churnkit.evaluation.BacktestFiles.FILES).check();
        PrintWriter err = spec.commandLine().getErr();
        SummaryOptions so = summary.options();
        if (so.cohortFrom() != null || so.cohortTo() != null) {
            throw new ChurnkitException("--cohort-start/--cohort-end do not apply to a backtest: the calibration window"
                    + " of each origin defines its cohort (see --window)");
        }
        List<Trainer> trainers = new ArrayList<>();
        ModelFitter fitter = ModelFitter.of();
        for (String m : models) {
            try {
                trainers.add(Trainer.fitted(ModelKind.parse(m), fitter));
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("--models: " + e.getMessage(), e);
            }
        }
        long t0 = System.nanoTime();
        TransactionLog log = input.read();
        err.printf(Locale.ROOT, "backtest: read %,d transactions of %,d customers from %s in %.1f s%n", log.size(),
                log.customerCount(), input.input(), (System.nanoTime() - t0) / 1e9);
        err.flush();

        // The calendar starts on the day of the first transaction; the data end is the end of the
        // observation (the day of the last transaction unless --observation-end says otherwise).
        TimeAxis calendar = TimeAxis.ofLog(log, so.unit());
        double[] c = origins.stream().mapToDouble(calendar::time).toArray();
        // The calendar lets every output show origins and periods as dates, as they were given.
        OriginPlan.Builder pb = OriginPlan.builder(0, calendar.observationEnd(log, so.observationEnd())).origins(c)
                .horizon(horizon).gap(gap).calendar(calendar);
        switch (window.strip().toLowerCase(Locale.ROOT)) {
            case "expanding" -> {
                if (windowLength != null) {
                    throw new ChurnkitException("--window-length applies to --window sliding only");
                }
                pb.expanding();
            }
            case "sliding" -> {
                if (windowLength == null) {
                    throw new ChurnkitException("--window sliding needs --window-length (in time units)");
                }
                pb.sliding(windowLength);
            }
            default -> throw new ChurnkitException("--window: expected expanding or sliding, got '" + window + "'");
        }
        OriginPlan plan = pb.build();

        // the summaries' rules on zero and negative amounts hold here too
        for (String line : org.churnkit.data.Summarizer.amountExclusions(log, so).lines()) {
            err.printf(Locale.ROOT, "backtest: %s%n", line);
        }
        err.flush();
        OriginSplits splits = OriginSplits.of(log, so.merge(), so.unit(), calendar.startSecond(),
                org.churnkit.data.Summarizer.transactionRows(log, so));
        double recent = recentWindow != null ? recentWindow : horizon;
        HoldoutSplit[] ends = new HoldoutSplit[2];
        BacktestResult result = BacktestRunner.of().run(plan, o -> {
            HoldoutSplit s = splits.at(o, recent);
            err.printf(Locale.ROOT, "backtest: origin %d/%d (%s): %,d customers, fitting %s%n", o.index() + 1,
                    plan.origins().size(), origins.get(o.index()), s.size(), models);
            err.flush();
            if (o.index() == 0) {
                ends[0] = s;
            }
            ends[1] = s;
            return s;
        }, trainers);
        DriftMonitor monitor = DriftMonitor.of().backtest(result);
        if (plan.origins().size() >= 2) {
            monitor.features("calibration ", ends[0], ends[1]);
        }
        DriftMonitor.Report drift = monitor.assess();
        BacktestFiles.write(output, title, result, drift);

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "headline: origin %s, test window of %s %s%s%n", origins.get(origins.size() - 1),
                org.churnkit.io.ColumnTable.formatDouble(horizon), so.unit().label(), horizon == 1 ? "" : "s");
        out.printf(Locale.ROOT, "%-16s %-8s %10s %12s %10s %10s %s%n", "model", "status", "actual", "predicted",
                "rel.error", "MAE", "beats baselines");
        for (ComparisonTable.Row r : result.comparison().headline()) {
            out.printf(Locale.ROOT, "%-16s %-8s %,10.0f %,12.1f %9.1f%% %10.4f %s%n", r.model(),
                    r.status().equals("ok") ? "ok" : "failed", r.actualTotal(), r.predictedTotal(),
                    100 * r.relativeError(), r.mae(), r.baseline() ? "-" : r.beatsBaselines() ? "yes" : "no");
            if (!r.status().equals("ok")) {
                out.println("  " + r.status());
            }
        }
        // an ill-posed fit at any origin is said, never shown as a plain success
        for (ComparisonTable.Row r : result.comparison().rows()) {
            if (!r.fitStatus().equals("-") && !r.fitStatus().equals("converged")) {
                out.printf(Locale.ROOT, "warning: %s at origin %s: the fit is %s: %s%n", r.model(),
                        result.plan().label(r.origin()), r.fitStatus(), r.fitNote());
            }
        }
        out.println(drift.summary());
        for (String note : drift.notes()) {
            out.println("note: " + note);
        }
        out.println("written: " + output);
        out.flush();
        err.printf(Locale.ROOT, "backtest: done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        err.flush();
        return 0;
    }
}
