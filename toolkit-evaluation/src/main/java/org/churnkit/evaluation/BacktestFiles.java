package org.churnkit.evaluation;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.churnkit.io.AtomicOutput;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.model.Tracking;

/**
 * Writes a backtest's tables and page into one directory ({@link AtomicOutput#writeDirectory}): all
 * of them are written before any replaces its namesake, so a failed run leaves the previous files;
 * a new directory appears whole. Only the files listed in {@link #FILES} are ever replaced: an
 * existing directory holding other files is refused unless an earlier run marked it as churnkit's.
 *
 * <ul>
 *   <li>{@value #COMPARISON}: one row per origin and model ({@link ComparisonTable#writeCsv});</li>
 *   <li>{@value #SUMMARY}: one row per model across origins;</li>
 *   <li>{@value #TRACKING}: incremental and cumulative repeat transactions per period, actual and
 *       predicted, per origin and model (models whose split had a calendar): columns
 *       {@code origin_index, origin_date, origin, model, period, period_end_date, actual_incremental,
 *       predicted_incremental, actual_cumulative, predicted_cumulative}, where {@code period} is the
 *       period's end in time units; {@code churnkit report --holdout} reads this file;</li>
 *   <li>{@value #DRIFT}: every parameter change between consecutive origins with its z, and the
 *       verdict's reasons and notes;</li>
 *   <li>{@value #PAGE}: the HTML page with the charts ({@link BacktestPage}).</li>
 * </ul>
 * The {@code *_date} columns hold ISO dates ({@link OriginPlan#label}) when the plan has a calendar,
 * and are empty otherwise; the numeric columns beside them hold the same times in time units.
 */
public final class BacktestFiles {
    /** File name of the comparison table. */
    public static final String COMPARISON = "comparison.csv";
    /** File name of the per-model summary. */
    public static final String SUMMARY = "comparison_summary.csv";
    /** File name of the tracking data. */
    public static final String TRACKING = "tracking.csv";
    /** File name of the drift report. */
    public static final String DRIFT = "drift.csv";
    /** File name of the HTML page. */
    public static final String PAGE = "backtest.html";
    /** Every file a backtest writes: the only files it ever replaces in its directory. */
    public static final List<String> FILES = List.of(COMPARISON, SUMMARY, TRACKING, DRIFT, PAGE);

    private BacktestFiles() {}

    /**
     * Writes the backtest files into {@code dir}, atomically as a whole.
     *
     * @param dir the output directory (new, empty, or written by churnkit before)
     * @param title title of the page
     * @param result the backtest
     * @param drift the drift verdict
     * @throws java.io.UncheckedIOException if writing fails; {@code dir} is then left as it was
     * @throws org.churnkit.ChurnkitException if {@code dir} holds files churnkit did not write
     */
    public static void write(Path dir, String title, BacktestResult result, DriftMonitor.Report drift) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(drift, "drift");
        AtomicOutput.writeDirectory(dir, FILES, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve(COMPARISON), StandardCharsets.UTF_8)) {
                result.comparison().writeCsv(w);
            }
            try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve(SUMMARY), StandardCharsets.UTF_8)) {
                result.comparison().writeSummaryCsv(w);
            }
            TableIO.write(tracking(result), tmp.resolve(TRACKING));
            TableIO.write(drift(drift, result.plan()), tmp.resolve(DRIFT));
            try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve(PAGE), StandardCharsets.UTF_8)) {
                BacktestPage.write(title, result, drift, w);
            }
        });
    }

    /** Tracking of every model at every origin, long format. */
    static ColumnTable tracking(BacktestResult result) {
        List<Long> originIndex = new ArrayList<>();
        OriginPlan plan = result.plan();
        List<Double> origin = new ArrayList<>();
        List<String> originDate = new ArrayList<>();
        List<String> model = new ArrayList<>();
        List<Double> periodEnd = new ArrayList<>();
        List<String> periodEndDate = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (BacktestResult.OriginResult o : result.origins()) {
            for (ModelOutcome m : o.outcomes()) {
                Tracking t = m.result().flatMap(HoldoutResult::tracking).orElse(null);
                if (t == null) {
                    continue;
                }
                double[] time = t.time();
                double[] ai = t.actualIncremental();
                double[] pi = t.predictedIncremental();
                double[] ac = t.actualCumulative();
                double[] pc = t.predictedCumulative();
                for (int j = 0; j < time.length; j++) {
                    originIndex.add((long) o.origin().index());
                    origin.add(o.origin().origin());
                    originDate.add(date(plan, o.origin().origin()));
                    model.add(m.model());
                    periodEnd.add(time[j]);
                    periodEndDate.add(date(plan, time[j]));
                    values.add(new double[] {ai[j], pi[j], ac[j], pc[j]});
                }
            }
        }
        int n = model.size();
        double[][] cols = new double[4][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                cols[k][i] = values.get(i)[k];
            }
        }
        return ColumnTable.builder()
                .addLong("origin_index", originIndex.stream().mapToLong(Long::longValue).toArray())
                .addString("origin_date", originDate.toArray(String[]::new))
                .addDouble("origin", origin.stream().mapToDouble(Double::doubleValue).toArray())
                .addString("model", model.toArray(String[]::new))
                .addDouble("period", periodEnd.stream().mapToDouble(Double::doubleValue).toArray())
                .addString("period_end_date", periodEndDate.toArray(String[]::new))
                .addDouble("actual_incremental", cols[0]).addDouble("predicted_incremental", cols[1])
                .addDouble("actual_cumulative", cols[2]).addDouble("predicted_cumulative", cols[3])
                .build();
    }

    /**
     * Parameter changes (kind {@code parameter}) then the verdict's reasons ({@code reason}) and notes
     * ({@code note}); numeric cells are empty on message rows.
     */
    static ColumnTable drift(DriftMonitor.Report drift, OriginPlan plan) {
        List<String> kind = new ArrayList<>();
        List<String> model = new ArrayList<>();
        List<String> parameter = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        List<String> flagged = new ArrayList<>();
        List<String> message = new ArrayList<>();
        List<String> fromDate = new ArrayList<>();
        List<String> toDate = new ArrayList<>();
        double nan = Double.NaN;
        for (ParameterDrift p : drift.parameterDrift()) {
            for (ParameterDrift.Change c : p.changes()) {
                kind.add("parameter");
                model.add(p.model());
                parameter.add(c.parameter());
                v.add(new double[] {c.fromOrigin(), c.toOrigin(), c.before(), c.after(), c.z()});
                flagged.add(Boolean.toString(c.flagged()));
                message.add("");
                fromDate.add(date(plan, c.fromOrigin()));
                toDate.add(date(plan, c.toOrigin()));
            }
        }
        for (String[] m : messages(drift)) {
            kind.add(m[0]);
            model.add("");
            parameter.add("");
            v.add(new double[] {nan, nan, nan, nan, nan});
            flagged.add(Boolean.toString(m[0].equals("reason")));
            message.add(m[1]);
            fromDate.add("");
            toDate.add("");
        }
        int n = kind.size();
        double[][] cols = new double[5][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 5; k++) {
                cols[k][i] = v.get(i)[k];
            }
        }
        return ColumnTable.builder().addString("kind", kind.toArray(String[]::new))
                .addString("model", model.toArray(String[]::new)).addString("parameter", parameter.toArray(String[]::new))
                .addString("from_origin_date", fromDate.toArray(String[]::new))
                .addString("to_origin_date", toDate.toArray(String[]::new))
                .addDouble("from_origin", cols[0]).addDouble("to_origin", cols[1]).addDouble("before", cols[2])
                .addDouble("after", cols[3]).addDouble("z", cols[4]).addString("flagged", flagged.toArray(String[]::new))
                .addString("message", message.toArray(String[]::new)).build();
    }

    /** The ISO date of a time when the plan has a calendar, else empty (the numeric column says it). */
    private static String date(OriginPlan plan, double t) {
        return plan.calendar().isPresent() ? plan.label(t) : "";
    }

    /** The verdict's reasons then notes, each as {kind, text}. */
    private static List<String[]> messages(DriftMonitor.Report drift) {
        List<String[]> out = new ArrayList<>();
        drift.reasons().forEach(r -> out.add(new String[] {"reason", r}));
        drift.notes().forEach(r -> out.add(new String[] {"note", r}));
        return out;
    }
}
