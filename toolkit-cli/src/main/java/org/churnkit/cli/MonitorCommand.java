package org.churnkit.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.data.SummaryState;
import org.churnkit.data.SummaryStateFile;
import org.churnkit.data.TransactionLog;
import org.churnkit.io.AtomicOutput;
import org.churnkit.io.JsonText;
import org.churnkit.io.OutputSafety;
import org.churnkit.io.TableIO;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.SpendModel;
import org.churnkit.model.TransactionModel;
import org.churnkit.monitor.ChangeMonitor;
import org.churnkit.monitor.MonitorReport;
import org.churnkit.monitor.PeriodForecasts;
import org.churnkit.segment.SegmentStability;
import org.churnkit.segment.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit monitor}: has the world changed since the model was fitted? */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        header = "Watch each period after a fit for change: ok, drifting or retrain.", sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Compares each period after the model's calibration end (--since) with the model's one-step-ahead "
                + "forecast: repeat transactions, new customers and spend, each residual standardised by the "
                + "model's predictive variance and watched by a self-starting two-sided CUSUM; and the PSI of "
                + "the per-customer forecasts against 4 periods earlier. The repeat-transaction residuals also go "
                + "through a second CUSUM (repeat_model_scaled), self-started in the mean but scaled by the "
                + "model's variance: it catches slow, sustained falls such as a higher dropout.",
            "With --state, --input holds only the transactions after the state's end (a summary state saved by "
                + "update at or before --since): the history is not read again; the summary rules are the state's.",
            "Prints the status with its evidence (which statistic crossed which threshold at which period) "
                + "and writes it to --status as JSON. Exit codes: 0 ok; 10 drifting (a warning threshold "
                + "crossed: look); 20 retrain (an alarm threshold crossed: refit, e.g. fit --warm-start); 1 bad "
                + "input, 2 bad usage, 70 internal error (as every command).",
            "False alarms: with the defaults each series' CUSUM has an in-control average run length of "
                + "about 70,000 periods (a false alarm within two years of weeks: about 0.15 %% per series), the "
                + "model-scaled one (--cusum-model-scaled-h 8) 9,500 (about 1 %%); the status file states them.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit monitor --model pnbd.json --input transactions.csv \\",
            "      --since 2025-06-30 --status status.json",
            "  churnkit monitor -m pnbd.json --spend-model gg.json -i log.parquet \\",
            "      --since 2025-06-30 --period-days 1 --time-unit day \\",
            "      --status status.json --periods-output periods.csv",
            "  churnkit monitor -m pnbd.json -i log.csv --since 2025-06-30 \\",
            "      --status status.json --feature-stability features.csv \\",
            "      --segment-stability segments.csv",
            "  churnkit monitor -m pnbd.json --state shop-2025-06-30.ckstate \\",
            "      -i since-2025-06-30.csv --since 2025-06-30 --status status.json",
            "  churnkit monitor -m pnbd.json -i log.csv --since 2025-06-30 \\",
            "      --status status.json || [ $? -eq 20 ] && churnkit fit \\",
            "      --warm-start pnbd.json ...",
        })
public final class MonitorCommand implements Callable<Integer> {
    /** Exit code of status ok. */
    static final int EXIT_OK = 0;
    /** Exit code of status drifting. */
    static final int EXIT_DRIFTING = 10;
    /** Exit code of status retrain. */
    static final int EXIT_RETRAIN = 20;

    /** Creates the command; picocli fills its options and runs it. */
    public MonitorCommand() {
    }

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = "Transaction model file (fit --model pareto-nbd, bg-nbd or mbg-nbd).")
    Path modelFile;

    @Option(names = "--spend-model", paramLabel = "MODEL",
            description = "Gamma-Gamma model file for the spend forecast (default: each customer's mean amount).")
    Path spendFile;

    @Mixin
    TransactionInputOptions input;

    @Option(names = "--state", paramLabel = "STATE",
            description = "Summary state (.ckstate, from update) ending at or before --since: the history up to "
                + "its end; --input then holds the transactions after it.")
    Path stateFile;

    @Option(names = "--since", required = true, paramLabel = "DATE", converter = Converters.Day.class,
            description = "The model's calibration end: the last day of the data it was fitted to.")
    LocalDate since;

    @Option(names = "--period-days", paramLabel = "N", defaultValue = "7",
            description = "Length of a monitored period in days (default: ${DEFAULT-VALUE}).")
    int periodDays;

    @Option(names = "--periods", paramLabel = "N",
            description = "Periods to monitor (default: every whole period the log covers after --since).")
    Integer periods;

    @Mixin
    SummaryOptionsMixin summary;

    @Option(names = "--status", required = true, paramLabel = "FILE",
            description = "Status file to write (JSON: status, exit_code, evidence, test settings).")
    Path statusFile;

    @Option(names = "--periods-output", paramLabel = "FILE",
            description = "Also write the period-by-period series (.csv, .parquet or .arrow).")
    Path periodsOutput;

    @Option(names = "--feature-stability", paramLabel = "FILE",
            description = "Also write which summary features stay stable across origins (--since, then every "
                + "--stability-step periods): PSI and rank correlation between consecutive origins.")
    Path stabilityOutput;

    @Option(names = "--segment-stability", paramLabel = "FILE",
            description = "Also write whether segments stay stable across the same origins: the customers are "
                + "scored and segmented afresh at each (segment's k-means, --segments k, seed 1); per pair of "
                + "origins the fraction keeping their segment and the adjusted Rand index.")
    Path segmentStabilityOutput;

    @Option(names = "--segments", paramLabel = "K", defaultValue = "4",
            description = "Segments of --segment-stability (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--stability-step", paramLabel = "N", defaultValue = "13",
            description = "Periods between the origins of --feature-stability (default: ${DEFAULT-VALUE}).")
    int stabilityStep;

    @Option(names = "--cusum-k", paramLabel = "K", defaultValue = "0.5",
            description = "CUSUM reference value in standard deviations (default: ${DEFAULT-VALUE}).")
    double k;

    @Option(names = "--cusum-h", paramLabel = "H", defaultValue = "10",
            description = "CUSUM alarm interval: crossing it means retrain (default: ${DEFAULT-VALUE}).")
    double h;

    @Option(names = "--cusum-warning", paramLabel = "H", defaultValue = "4",
            description = "CUSUM warning interval: crossing it means drifting (default: ${DEFAULT-VALUE}).")
    double warningH;

    @Option(names = "--cusum-model-scaled-h", paramLabel = "H", defaultValue = "8",
            description = "Alarm interval of the model-scaled repeat-transaction CUSUM (default: ${DEFAULT-VALUE}).")
    double modelScaledH;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "4",
            description = "Periods that set the self-starting baseline; no alarm inside them (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputSafety safety = OutputSafety.of().input("--input", input.input()).input("--model", modelFile)
                .output("--status", statusFile);
        if (spendFile != null) {
            safety = safety.input("--spend-model", spendFile);
        }
        if (stateFile != null) {
            safety = safety.input("--state", stateFile);
        }
        if (periodsOutput != null) {
            safety = safety.output("--periods-output", periodsOutput);
        }
        if (stabilityOutput != null) {
            safety = safety.output("--feature-stability", stabilityOutput);
        }
        if (segmentStabilityOutput != null) {
            safety = safety.output("--segment-stability", segmentStabilityOutput);
        }
        if (stabilityStep < 1) {
            throw new ChurnkitException("--stability-step must be at least 1, got " + stabilityStep);
        }
        safety.check();
        if (periodDays < 1) {
            throw new ChurnkitException("--period-days must be at least 1, got " + periodDays);
        }
        ChangeMonitor monitor;
        try {
            monitor = ChangeMonitor.of(k, h, warningH, warmup, ChangeMonitor.Standardisation.SELF_STARTING,
                    modelScaledH);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        TransactionModel model = ModelFiles.read(modelFile, TransactionModel.class);
        Optional<SpendModel> spend = spendFile == null ? Optional.empty()
                : Optional.of(ModelFiles.read(spendFile, SpendModel.class));
        SummaryState state = stateFile == null ? null : SummaryStateFile.read(stateFile);
        if (state != null && (stabilityOutput != null || segmentStabilityOutput != null)) {
            throw new ChurnkitException("--feature-stability and --segment-stability need the whole log (summaries "
                    + "at earlier origins): leave out --state for them");
        }
        if (segmentStabilityOutput != null && segments < 2) {
            throw new ChurnkitException("--segments must be at least 2, got " + segments);
        }
        TransactionLog log = input.read();
        int n = periods != null ? periods : coveredPeriods(log);
        if (n < 1) {
            throw new ChurnkitException("no whole period of " + periodDays + " days after --since " + since
                    + " in " + input.input() + ": nothing to monitor yet");
        }
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        PeriodForecasts f;
        try {
            f = state != null
                    ? PeriodForecasts.compute(model, spend, state, log, since, periodDays, n, ChangeMonitor.DEFAULT_PSI_LAG)
                    : PeriodForecasts.compute(model, spend, log, summary.options(), since, periodDays, n,
                    ChangeMonitor.DEFAULT_PSI_LAG);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        MonitorReport r = monitor.assess(f);
        int code = switch (r.status()) {
            case OK -> EXIT_OK;
            case DRIFTING -> EXIT_DRIFTING;
            case RETRAIN -> EXIT_RETRAIN;
        };
        AtomicOutput.writeString(statusFile, JsonText.write(statusJson(r, code)));
        if (periodsOutput != null) {
            TableIO.write(r.toTable(), periodsOutput, null);
        }
        out.println(r.summary());
        out.flush();
        if (stabilityOutput != null || segmentStabilityOutput != null) {
            List<LocalDate> origins = new ArrayList<>();
            for (int p = 0; p <= n; p += stabilityStep) {
                origins.add(since.plusDays((long) p * periodDays));
            }
            LocalDate lastEnd = since.plusDays((long) n * periodDays);
            if (!origins.contains(lastEnd)) {
                origins.add(lastEnd);
            }
            if (stabilityOutput != null) {
                org.churnkit.monitor.FeatureStability fs = org.churnkit.monitor.FeatureStability.of(log,
                        summary.options(), origins);
                TableIO.write(fs.toTable(), stabilityOutput, null);
                err.println("monitor: features stable across " + origins.size() + " origins: "
                        + (fs.stableFeatures().isEmpty() ? "none" : String.join(", ", fs.stableFeatures())));
            }
            if (segmentStabilityOutput != null) {
                double horizon = 365 * 86_400.0 / summary.options().unit().seconds(); // scores over a year
                SegmentStability ss = SegmentStability.of(model, log, summary.options(), origins, horizon,
                        Segmenter.builder().k(segments).build(), 1);
                TableIO.write(ss.toTable(), segmentStabilityOutput, null);
                double worst = ss.rows().stream().mapToDouble(SegmentStability.Row::adjustedRand).min().orElse(1);
                err.println(String.format(java.util.Locale.ROOT, "monitor: segments across %d origins: %s "
                        + "(lowest adjusted Rand index %.2f, stable from %.2f)", origins.size(),
                        ss.stable() ? "stable" : "not stable", worst, SegmentStability.MIN_ADJUSTED_RAND));
            }
        }
        err.println("monitor: " + n + " periods of " + periodDays + " days after " + since
                + (state != null ? " (history from " + stateFile + ", up to " + state.end() + ")" : "") + "; "
                + r.testDescription());
        err.println("monitor: wrote " + statusFile + (periodsOutput != null ? " and " + periodsOutput : "")
                + "; exit code " + code + " (" + r.status().id() + ")");
        err.flush();
        return code;
    }

    /** Whole periods between --since and the day of the log's last transaction. */
    private int coveredPeriods(TransactionLog log) {
        long last = Long.MIN_VALUE;
        for (int row = 0; row < log.size(); row++) {
            last = Math.max(last, log.time(row));
        }
        LocalDate lastDay = LocalDate.ofEpochDay(Math.floorDiv(last, 86_400L));
        long days = lastDay.toEpochDay() - since.toEpochDay();
        return (int) Math.max(0, days / periodDays);
    }

    private Map<String, Object> statusJson(MonitorReport r, int code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status().id());
        m.put("exit_code", code);
        m.put("since", since.toString());
        m.put("period_days", periodDays);
        m.put("periods", r.periods());
        m.put("last_period_end", r.forecasts().periods().get(r.periods() - 1).end().toString());
        m.put("summary", r.summary());
        List<Object> ev = new ArrayList<>();
        for (MonitorReport.Evidence e : r.evidence()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("level", e.level().id());
            x.put("statistic", e.statistic());
            x.put("period", e.period());
            x.put("period_end", e.periodEnd().toString());
            x.put("value", e.value());
            x.put("threshold", e.threshold());
            x.put("message", e.message());
            ev.add(x);
        }
        m.put("evidence", ev);
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("description", r.testDescription());
        test.put("cusum_k", r.alarm().k());
        test.put("cusum_h", r.alarm().h());
        test.put("cusum_warning_h", r.warning().h());
        test.put("warmup_periods", r.warmup());
        test.put("in_control_arl_alarm", r.alarm().averageRunLength());
        test.put("in_control_arl_warning", r.warning().averageRunLength());
        test.put("cusum_model_scaled_h", r.modelScaledAlarm().h());
        test.put("in_control_arl_model_scaled", r.modelScaledAlarm().averageRunLength());
        test.put("false_alarm_probability_model_scaled_over_periods",
                r.modelScaledAlarm().falseAlarmProbability(r.periods()));
        test.put("false_alarm_probability_over_periods", r.alarm().falseAlarmProbability(r.periods()));
        m.put("test", test);
        Map<String, Object> codes = new LinkedHashMap<>();
        codes.put("ok", EXIT_OK);
        codes.put("drifting", EXIT_DRIFTING);
        codes.put("retrain", EXIT_RETRAIN);
        m.put("exit_codes", codes);
        return m;
    }
}
