package org.churnkit.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model comparison across the origins of a backtest: one row per model and origin, and a summary
 * per model (mean and sample standard deviation of the per-customer MAE over the origins where
 * the model succeeded, and its headline values at the most recent origin). A model "beats the
 * baselines" at an origin when its MAE is below the MAE of every baseline that succeeded there.
 * Immutable; {@link #writeCsv} and {@link #writeSummaryCsv} write RFC 4180 CSV.
 */
public final class ComparisonTable {

    /**
     * One model at one origin. Numbers are NaN when the model failed ({@code status} then says why).
     *
     * @param relativeError {@code (predicted - actual) / actual} of the holdout total
     * @param beatsBaselines MAE below every successful baseline's at this origin (false for baselines)
     * @param originIndex 0-based index of the origin
     * @param origin the origin's time, in model time units
     * @param testStart start of the test window
     * @param testEnd end of the test window
     * @param model the model's name
     * @param baseline whether the model is a naive baseline
     * @param customers customers evaluated at this origin
     * @param status {@code ok}, or why the model failed
     * @param actualTotal actual holdout transactions, summed over customers
     * @param predictedTotal predicted holdout transactions, summed over customers
     * @param totalError {@code predictedTotal - actualTotal}
     * @param mae mean absolute error per customer
     * @param rmse root mean squared error per customer
     * @param trainSeconds time spent training, in seconds
     * @param fitStatus the fit's diagnosis ({@code converged}, {@code boundary}, {@code not-identified},
     *     {@code not-converged}), or {@code -} for a baseline or a model that failed
     * @param fitNote the first finding of a fit that is not a plain success, in words; empty otherwise
     */
    public record Row(int originIndex, double origin, double testStart, double testEnd, String model,
                      boolean baseline, int customers, String status, double actualTotal, double predictedTotal,
                      double totalError, double relativeError, double mae, double rmse, boolean beatsBaselines,
                      double trainSeconds, String fitStatus, String fitNote) {}

    /**
     * A model over all origins.
     *
     * @param succeeded origins where the model succeeded
     * @param meanMae mean of the per-origin MAE (NaN if it never succeeded)
     * @param sdMae sample standard deviation of the per-origin MAE (NaN below two successes)
     * @param headlineMae MAE at the most recent origin (NaN if it failed there)
     * @param headlineRelativeError relative total error at the most recent origin
     * @param model the model's name
     * @param baseline whether the model is a naive baseline
     * @param origins number of origins
     */
    public record Summary(String model, boolean baseline, int succeeded, int origins, double meanMae, double sdMae,
                          double headlineMae, double headlineRelativeError) {}

    private final List<Row> rows;
    private final List<Summary> summaries;
    private final OriginPlan plan;

    private ComparisonTable(List<Row> rows, List<Summary> summaries, OriginPlan plan) {
        this.rows = List.copyOf(rows);
        this.summaries = List.copyOf(summaries);
        this.plan = plan;
    }

    static ComparisonTable of(BacktestResult result) {
        List<Row> rows = new ArrayList<>();
        for (BacktestResult.OriginResult o : result.origins()) {
            double bestBaseline = Double.POSITIVE_INFINITY;
            for (ModelOutcome m : o.outcomes()) {
                if (m.isBaseline() && m.succeeded()) {
                    bestBaseline = Math.min(bestBaseline, m.result().orElseThrow().mae());
                }
            }
            for (ModelOutcome m : o.outcomes()) {
                var p = o.origin();
                if (m.succeeded()) {
                    HoldoutResult r = m.result().orElseThrow();
                    rows.add(new Row(p.index(), p.origin(), p.testStart(), p.testEnd(), m.model(), m.isBaseline(),
                            o.customers(), "ok", r.actualTotal(), r.predictedTotal(), r.totalError(),
                            r.relativeTotalError(), r.mae(), r.rmse(), !m.isBaseline() && r.mae() < bestBaseline,
                            m.trainSeconds(), m.fit().map(f -> f.status().label()).orElse("-"),
                            m.fit().flatMap(f -> f.findings().stream().findFirst()).map(f -> f.message()).orElse("")));
                } else {
                    double nan = Double.NaN;
                    rows.add(new Row(p.index(), p.origin(), p.testStart(), p.testEnd(), m.model(), m.isBaseline(),
                            o.customers(), m.failure().orElse("failed"), nan, nan, nan, nan, nan, nan, false,
                            m.trainSeconds(), "-", ""));
                }
            }
        }
        Map<String, List<Row>> byModel = new LinkedHashMap<>();
        for (Row r : rows) {
            byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
        }
        int headline = result.headline().origin().index();
        List<Summary> summaries = new ArrayList<>();
        for (var e : byModel.entrySet()) {
            List<Row> rs = e.getValue();
            double sum = 0;
            int n = 0;
            for (Row r : rs) {
                if (r.status().equals("ok")) {
                    sum += r.mae();
                    n++;
                }
            }
            double mean = n > 0 ? sum / n : Double.NaN;
            double ss = 0;
            for (Row r : rs) {
                if (r.status().equals("ok")) {
                    ss += (r.mae() - mean) * (r.mae() - mean);
                }
            }
            Row last = rs.stream().filter(r -> r.originIndex() == headline).findFirst().orElseThrow();
            summaries.add(new Summary(e.getKey(), rs.get(0).baseline(), n, rs.size(), mean,
                    n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN, last.mae(), last.relativeError()));
        }
        return new ComparisonTable(rows, summaries, result.plan());
    }

    /**
     * All rows.
     *
     * @return the rows
     */
    public List<Row> rows() {
        return rows;
    }

    /**
     * One summary per model.
     *
     * @return the summaries
     */
    public List<Summary> summaries() {
        return summaries;
    }

    /**
     * Rows of the most recent origin: the headline.
     *
     * @return the rows of the last origin
     */
    public List<Row> headline() {
        int last = rows.get(rows.size() - 1).originIndex();
        return rows.stream().filter(r -> r.originIndex() == last).toList();
    }

    /**
     * Writes the rows as CSV with a header; NaN is written as an empty field. The columns
     * {@code origin_date, test_start_date, test_end_date} hold the ISO dates of the origin and the test
     * window ({@link OriginPlan#label}) when the plan has a calendar, and are empty otherwise;
     * {@code origin, test_start, test_end} hold the same times in time units.
     *
     * @param out where to write; not closed
     */
    public void writeCsv(Writer out) {
        try {
            out.write("origin_index,origin_date,test_start_date,test_end_date,origin,test_start,test_end,model,baseline,customers,status,actual_total,"
                    + "predicted_total,total_error,relative_error,mae,rmse,beats_baselines,train_seconds,fit_status,fit_note\r\n");
            for (Row r : rows) {
                out.write(r.originIndex() + "," + date(r.origin()) + "," + date(r.testStart()) + "," + date(r.testEnd())
                        + "," + num(r.origin()) + "," + num(r.testStart()) + "," + num(r.testEnd())
                        + "," + text(r.model()) + "," + r.baseline() + "," + r.customers() + "," + text(r.status())
                        + "," + num(r.actualTotal()) + "," + num(r.predictedTotal()) + "," + num(r.totalError())
                        + "," + num(r.relativeError()) + "," + num(r.mae()) + "," + num(r.rmse()) + ","
                        + r.beatsBaselines() + "," + num(r.trainSeconds()) + "," + text(r.fitStatus()) + ","
                        + text(r.fitNote()) + "\r\n");
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison table: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the per-model summaries as CSV with a header; NaN is written as an empty field.
     *
     * @param out where to write; not closed
     */
    public void writeSummaryCsv(Writer out) {
        try {
            out.write("model,baseline,succeeded,origins,mean_mae,sd_mae,headline_mae,headline_relative_error\r\n");
            for (Summary s : summaries) {
                out.write(text(s.model()) + "," + s.baseline() + "," + s.succeeded() + "," + s.origins() + ","
                        + num(s.meanMae()) + "," + num(s.sdMae()) + "," + num(s.headlineMae()) + ","
                        + num(s.headlineRelativeError()) + "\r\n");
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison summary: " + e.getMessage(), e);
        }
    }

    /** The ISO date of a time when the plan has a calendar, else empty. */
    private String date(double t) {
        return plan != null && plan.calendar().isPresent() ? plan.label(t) : "";
    }

    static String num(double v) {
        return Double.isFinite(v) ? org.churnkit.io.ColumnTable.formatDouble(v) : "";
    }

    /** Quotes a field when it holds a comma, a quote or a line break (RFC 4180). */
    static String text(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
