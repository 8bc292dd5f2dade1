package org.churnkit.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A self-contained HTML page (inline SVG, inline style, no scripts) summarising a backtest: the
 * headline origin's comparison and charts (tracking, frequency histogram, conditional
 * expectations, with every model and baseline that succeeded), the comparison across origins, the
 * per-model summary and, when given, the drift verdict with its reasons.
 */
public final class BacktestPage {
    private BacktestPage() {}

    /**
     * Writes the page.
     *
     * @param title page title
     * @param result the backtest
     * @param drift the drift verdict, or {@code null}
     * @param out where to write (not closed)
     * @throws UncheckedIOException if writing fails
     */
    public static void write(String title, BacktestResult result, DriftMonitor.Report drift, Writer out) {
        StringBuilder b = new StringBuilder(64 * 1024);
        String t = EvaluationCharts.escape(title);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(t)
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
                        + "table{border-collapse:collapse;font-size:12px;margin:1em 0}"
                        + "th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}"
                        + "th{background:#f0f0f0}td.l,th.l{text-align:left}.bad{color:#a00}"
                        + "figure{display:inline-block;margin:0.5em}</style></head><body>\n");
        b.append("<h1>").append(t).append("</h1>\n");
        OriginPlan plan = result.plan();
        b.append("<p>").append(EvaluationCharts.escape(plan.describe())).append("</p>\n");
        if (drift != null) {
            b.append("<h2>Drift</h2>\n<p class=\"").append(drift.retrainRecommended() ? "bad" : "")
                    .append("\"><strong>").append(drift.retrainRecommended() ? "Retrain recommended" : "No retraining needed")
                    .append("</strong></p>\n");
            list(b, drift.reasons());
            if (!drift.notes().isEmpty()) {
                b.append("<p>Notes:</p>\n");
                list(b, drift.notes());
            }
        }
        BacktestResult.OriginResult head = result.headline();
        ComparisonTable table = result.comparison();
        b.append("<h2>Headline: origin ").append(plan.label(head.origin().origin())).append(", test window (")
                .append(plan.label(head.origin().testStart())).append(", ").append(plan.label(head.origin().testEnd()))
                .append("]</h2>\n");
        rows(b, plan, table.headline());
        List<HoldoutResult> ok = head.outcomes().stream().flatMap(o -> o.result().stream()).toList();
        if (!ok.isEmpty()) {
            if (ok.stream().anyMatch(r -> r.tracking().isPresent())) {
                DoubleFunction<String> tick = plan.calendar().isPresent() ? plan::label : null;
                figure(b, EvaluationCharts.tracking(ok, true, tick));
                figure(b, EvaluationCharts.tracking(ok, false, tick));
            }
            figure(b, EvaluationCharts.histogram(ok));
            figure(b, EvaluationCharts.conditional(ok));
        }
        b.append("<h2>All origins</h2>\n");
        figure(b, EvaluationCharts.backtestErrors(result));
        rows(b, plan, table.rows());
        b.append("<h2>Summary by model</h2>\n<table><tr><th class=\"l\">model</th><th>succeeded</th><th>mean MAE</th>"
                + "<th>sd MAE</th><th>headline MAE</th><th>headline relative error</th></tr>\n");
        for (ComparisonTable.Summary s : table.summaries()) {
            b.append("<tr><td class=\"l\">").append(EvaluationCharts.escape(s.model())).append(s.baseline() ? " (baseline)" : "")
                    .append("</td><td>").append(s.succeeded()).append('/').append(s.origins()).append("</td><td>")
                    .append(num(s.meanMae())).append("</td><td>").append(num(s.sdMae())).append("</td><td>")
                    .append(num(s.headlineMae())).append("</td><td>").append(pct(s.headlineRelativeError()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n</body></html>\n");
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backtest page: " + e.getMessage(), e);
        }
    }

    private static void rows(StringBuilder b, OriginPlan plan, List<ComparisonTable.Row> rows) {
        b.append("<table><tr><th>origin</th><th class=\"l\">model</th><th>customers</th><th>actual</th>"
                + "<th>predicted</th><th>error</th><th>MAE</th><th>RMSE</th><th class=\"l\">beats baselines</th></tr>\n");
        for (ComparisonTable.Row r : rows) {
            b.append("<tr><td>").append(plan.label(r.origin())).append("</td><td class=\"l\">")
                    .append(EvaluationCharts.escape(r.model())).append(r.baseline() ? " (baseline)" : "").append("</td><td>")
                    .append(num(r.customers())).append("</td>");
            if (r.status().equals("ok")) {
                b.append("<td>").append(num(r.actualTotal())).append("</td><td>").append(num(r.predictedTotal()))
                        .append("</td><td>").append(pct(r.relativeError())).append("</td><td>").append(num(r.mae()))
                        .append("</td><td>").append(num(r.rmse())).append("</td><td class=\"l\">")
                        .append(r.baseline() ? "" : r.beatsBaselines() ? "yes" : "<span class=\"bad\">no</span>")
                        .append("</td>");
            } else {
                b.append("<td colspan=\"6\" class=\"l bad\">").append(EvaluationCharts.escape(r.status())).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static void list(StringBuilder b, List<String> items) {
        b.append("<ul>\n");
        for (String s : items) {
            b.append("<li>").append(EvaluationCharts.escape(s)).append("</li>\n");
        }
        b.append("</ul>\n");
    }

    private static void figure(StringBuilder b, String svg) {
        b.append("<figure>").append(svg).append("</figure>\n");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? EvaluationCharts.num(v) : "";
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f %%", 100 * v) : "";
    }
}
