package org.churnkit.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.churnkit.model.Tracking;

/**
 * Self-contained inline SVG charts of evaluation results (no scripts, no external fonts or
 * styles), ready to paste into an HTML report: line charts for tracking and backtest errors,
 * grouped bar charts for the frequency histogram and conditional expectations. Colours are chosen
 * to stay distinct in grey scale; NaN values leave a gap. Stateless.
 */
public final class EvaluationCharts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 36;
    private static final int BOTTOM = 64;
    private static final String[] COLOURS = {"#1f4e79", "#c55a11", "#548235", "#7030a0", "#808080", "#bf9000"};
    private static final String[] DASHES = {"", "6 3", "2 3", "8 3 2 3", "4 4", "1 2"};

    private EvaluationCharts() {}

    /**
     * A named series of values.
     *
     * @param name legend entry
     * @param values one value per x position; NaN leaves a gap
     */
    public record Series(String name, double[] values) {
        /** Copies the values. */
        public Series {
            values = values.clone();
        }

        /**
         * The values (a copy).
         *
         * @return one value per x position
         */
        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Series s && name.equals(s.name) && Arrays.equals(values, s.values);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Series[" + name + ", " + Arrays.toString(values) + "]";
        }
    }

    /**
     * Cumulative (or incremental) repeat transactions, predicted versus actual, with the calibration end marked.
     *
     * @param t the tracking series
     * @param model the model's name, for the legend
     * @param cumulative true for cumulative, false for per-period counts
     * @return the chart as an inline SVG document
     */
    public static String tracking(Tracking t, String model, boolean cumulative) {
        List<Series> s = List.of(
                new Series("actual", cumulative ? t.actualCumulative() : t.actualIncremental()),
                new Series(model, cumulative ? t.predictedCumulative() : t.predictedIncremental()));
        return lineChart((cumulative ? "Cumulative" : "Incremental") + " repeat transactions", "period end",
                "repeat transactions", t.time(), s, t.calibrationEnd(), "calibration end");
    }

    /**
     * Actual versus expected number of customers by calibration frequency.
     *
     * @param h the frequency histogram
     * @param model the model's name, for the legend
     * @return the chart as an inline SVG document
     */
    public static String histogram(FrequencyHistogram h, String model) {
        return barChart("Calibration frequency: customers with x repeat transactions", "x", "customers",
                h.labels(), List.of(new Series("actual", h.actual()), new Series(model, h.expected())));
    }

    /**
     * Mean actual versus predicted holdout transactions by calibration frequency.
     *
     * @param c the conditional expectations
     * @param model the model's name, for the legend
     * @return the chart as an inline SVG document
     */
    public static String conditional(ConditionalExpectations c, String model) {
        String[] labels = new String[c.lastBucket() + 1];
        for (int n = 0; n < labels.length; n++) {
            labels[n] = n == labels.length - 1 ? n + "+" : Integer.toString(n);
        }
        return barChart("Conditional expectations: holdout transactions by calibration x", "x",
                "mean holdout transactions", labels,
                List.of(new Series("actual", c.meanActual()), new Series(model, c.meanPredicted())));
    }

    /**
     * Tracking of several models validated on the same split: the actual curve once, then one
     * predicted curve per model (results without tracking are left out).
     *
     * @throws IllegalArgumentException if no result has tracking
     * @param results holdout results on the same split
     * @param cumulative true for cumulative, false for per-period counts
     * @return the chart as an inline SVG document
     */
    public static String tracking(List<HoldoutResult> results, boolean cumulative) {
        return tracking(results, cumulative, null);
    }

    /**
     * As {@link #tracking(List, boolean)}, with the x axis labelled by a calendar (dates instead of
     * period numbers).
     *
     * @throws IllegalArgumentException if no result has tracking
     * @param results holdout results on the same split
     * @param cumulative true for cumulative, false for per-period counts
     * @param xTick label of an x-axis tick (e.g. {@link OriginPlan#label}), or {@code null} for plain numbers
     * @return the chart as an inline SVG document
     */
    public static String tracking(List<HoldoutResult> results, boolean cumulative, DoubleFunction<String> xTick) {
        List<Series> s = new ArrayList<>();
        Tracking first = null;
        for (HoldoutResult r : results) {
            if (r.tracking().isEmpty()) {
                continue;
            }
            Tracking t = r.tracking().get();
            if (first == null) {
                first = t;
                s.add(new Series("actual", cumulative ? t.actualCumulative() : t.actualIncremental()));
            }
            s.add(new Series(r.model(), cumulative ? t.predictedCumulative() : t.predictedIncremental()));
        }
        if (first == null) {
            throw new IllegalArgumentException("no result has tracking (the split had no calendar)");
        }
        return lineChart((cumulative ? "Cumulative" : "Incremental") + " repeat transactions",
                xTick == null ? "period end" : "period end (date)", "repeat transactions", first.time(), s,
                first.calibrationEnd(), "calibration end", 0, xTick);
    }

    /**
     * Frequency histogram of several models validated on the same split: actual, then each model.
     *
     * @param results holdout results on the same split
     * @return the chart as an inline SVG document
     */
    public static String histogram(List<HoldoutResult> results) {
        List<Series> s = new ArrayList<>();
        s.add(new Series("actual", results.get(0).histogram().actual()));
        for (HoldoutResult r : results) {
            s.add(new Series(r.model(), r.histogram().expected()));
        }
        return barChart("Calibration frequency: customers with x repeat transactions", "x", "customers",
                results.get(0).histogram().labels(), s);
    }

    /**
     * Conditional expectations of several models validated on the same split: actual, then each model.
     *
     * @param results holdout results on the same split
     * @return the chart as an inline SVG document
     */
    public static String conditional(List<HoldoutResult> results) {
        ConditionalExpectations c0 = results.get(0).conditionalExpectations();
        String[] labels = new String[c0.lastBucket() + 1];
        for (int n = 0; n < labels.length; n++) {
            labels[n] = n == labels.length - 1 ? n + "+" : Integer.toString(n);
        }
        List<Series> s = new ArrayList<>();
        s.add(new Series("actual", c0.meanActual()));
        for (HoldoutResult r : results) {
            s.add(new Series(r.model(), r.conditionalExpectations().meanPredicted()));
        }
        return barChart("Conditional expectations: holdout transactions by calibration x", "x",
                "mean holdout transactions", labels, s);
    }

    /**
     * MAE of every model and baseline at each origin of a backtest.
     *
     * @param result the backtest
     * @return the chart as an inline SVG document
     */
    public static String backtestErrors(BacktestResult result) {
        List<BacktestResult.OriginResult> origins = result.origins();
        double[] x = origins.stream().mapToDouble(o -> o.origin().origin()).toArray();
        List<Series> s = new ArrayList<>();
        for (String model : result.models()) {
            double[] v = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                v[j] = origins.get(j).outcome(model).flatMap(ModelOutcome::result).map(HoldoutResult::mae)
                        .orElse(Double.NaN);
            }
            // A model that never succeeded has nothing to draw.
            if (java.util.Arrays.stream(v).anyMatch(Double::isFinite)) {
                s.add(new Series(model, v));
            }
        }
        // Style 0 is "actual" in the other charts; models keep the styles they have there.
        DoubleFunction<String> tick = result.plan().calendar().isPresent() ? result.plan()::label : null;
        return lineChart("Holdout MAE per customer by origin", tick == null ? "origin" : "origin (date)", "MAE", x, s,
                Double.NaN, null, 1, tick);
    }

    /**
     * A line chart.
     *
     * @param x x positions, increasing
     * @param series series with one value per x
     * @param marker x of a dashed vertical marker (e.g. the calibration end), NaN for none
     * @param markerLabel text beside the marker, or {@code null}
     * @param title chart title
     * @param xLabel x-axis label
     * @param yLabel y-axis label
     * @return the chart as an inline SVG document
     */
    public static String lineChart(String title, String xLabel, String yLabel, double[] x, List<Series> series,
                                   double marker, String markerLabel) {
        return lineChart(title, xLabel, yLabel, x, series, marker, markerLabel, 0, null);
    }

    /**
     * As above, the first series taking style {@code firstStyle} (so a model keeps its colour across
     * charts), x ticks labelled by {@code xTick} (plain numbers when null).
     */
    private static String lineChart(String title, String xLabel, String yLabel, double[] x, List<Series> series,
                                    double marker, String markerLabel, int firstStyle, DoubleFunction<String> xTick) {
        double xmin = min(x);
        double xmax = max(x);
        if (!(xmax > xmin)) {
            xmax = xmin + 1;
        }
        double ymax = 0;
        double ymin = 0;
        for (Series s : series) {
            ymax = Math.max(ymax, max(s.values));
            ymin = Math.min(ymin, min(s.values));
        }
        double[] yt = ticks(ymin, ymax);
        ymin = yt[0];
        ymax = yt[yt.length - 1];
        double[] xt = ticks(xmin, xmax);
        StringBuilder b = open(title, xLabel, yLabel);
        Scale sx = new Scale(xmin, xmax, LEFT, WIDTH - RIGHT);
        Scale sy = new Scale(ymin, ymax, HEIGHT - BOTTOM, TOP);
        axes(b, sy, yt);
        for (double t : xt) {
            if (t >= xmin && t <= xmax) {
                b.append(text(sx.map(t), HEIGHT - BOTTOM + 16, "middle", xTick == null ? num(t) : xTick.apply(t)));
            }
        }
        if (Double.isFinite(marker) && marker >= xmin && marker <= xmax) {
            double mx = sx.map(marker);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\""
                    + " stroke-dasharray=\"4 4\"/>", mx, TOP, mx, HEIGHT - BOTTOM));
            if (markerLabel != null) {
                b.append(text(mx - 4, TOP + 12, "end", markerLabel));
            }
        }
        for (int k = 0; k < series.size(); k++) {
            double[] v = series.get(k).values;
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int j = 0; j < Math.min(v.length, x.length); j++) {
                if (!Double.isFinite(v[j])) {
                    pen = false;
                    continue;
                }
                d.append(pen ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f %.1f ", sx.map(x[j]), sy.map(v[j])));
                pen = true;
            }
            int style = k + firstStyle;
            String dash = DASHES[style % DASHES.length];
            b.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOURS[style % COLOURS.length])
                    .append('"').append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"")
                    .append(" d=\"").append(d.toString().trim()).append("\"/>");
        }
        legend(b, series, firstStyle);
        return b.append("</svg>").toString();
    }

    /**
     * A grouped bar chart: one group per category, one bar per series.
     *
     * @param title chart title
     * @param xLabel x-axis label
     * @param yLabel y-axis label
     * @param categories one label per group
     * @param series series with one value per category
     * @return the chart as an inline SVG document
     */
    public static String barChart(String title, String xLabel, String yLabel, String[] categories, List<Series> series) {
        double ymax = 0;
        for (Series s : series) {
            ymax = Math.max(ymax, max(s.values));
        }
        double[] yt = ticks(0, ymax);
        StringBuilder b = open(title, xLabel, yLabel);
        Scale sy = new Scale(yt[0], yt[yt.length - 1], HEIGHT - BOTTOM, TOP);
        axes(b, sy, yt);
        double group = (double) (WIDTH - LEFT - RIGHT) / Math.max(1, categories.length);
        double bar = group * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.length; c++) {
            double gx = LEFT + c * group;
            b.append(text(gx + group / 2, HEIGHT - BOTTOM + 16, "middle", categories[c]));
            for (int k = 0; k < series.size(); k++) {
                double v = c < series.get(k).values.length ? series.get(k).values[c] : Double.NaN;
                if (!Double.isFinite(v)) {
                    continue;
                }
                double y = sy.map(v);
                double y0 = sy.map(0);
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " fill=\"%s\"><title>%s: %s</title></rect>", gx + group * 0.1 + k * bar, Math.min(y, y0),
                        bar, Math.abs(y0 - y), COLOURS[k % COLOURS.length], escape(series.get(k).name()), num(v)));
            }
        }
        legend(b, series, 0);
        return b.append("</svg>").toString();
    }

    private record Scale(double lo, double hi, double from, double to) {
        double map(double v) {
            return from + (v - lo) / (hi - lo) * (to - from);
        }
    }

    private static StringBuilder open(String title, String xLabel, String yLabel) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">");
        b.append("<title>").append(escape(title)).append("</title>");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>",
                LEFT, escape(title)));
        b.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - BOTTOM + 34, "middle", xLabel));
        b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>",
                (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0, escape(yLabel)));
        return b;
    }

    private static void axes(StringBuilder b, Scale sy, double[] yt) {
        for (double t : yt) {
            double y = sy.map(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>",
                    LEFT, y, WIDTH - RIGHT, y));
            b.append(text(LEFT - 6, y + 4, "end", num(t)));
        }
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM));
    }

    private static void legend(StringBuilder b, List<Series> series, int firstStyle) {
        double x = LEFT;
        double y = HEIGHT - 12;
        for (int k = 0; k < series.size(); k++) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>",
                    x, y - 6, COLOURS[(k + firstStyle) % COLOURS.length]));
            b.append(text(x + 18, y, "start", series.get(k).name()));
            x += 28 + 7 * series.get(k).name().length();
        }
    }

    private static String text(double x, double y, String anchor, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                escape(s));
    }

    /** Round tick values covering {@code [lo, hi]}, about five of them (1, 2, 5 times a power of ten). */
    static double[] ticks(double lo, double hi) {
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag <= 1 ? mag : raw / mag <= 2 ? 2 * mag : raw / mag <= 5 ? 5 * mag : 10 * mag;
        double start = Math.floor(lo / step) * step;
        double end = Math.ceil(hi / step) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * step;
        }
        return t;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                m = Math.min(m, d);
            }
        }
        return Double.isInfinite(m) ? 0 : m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                m = Math.max(m, d);
            }
        }
        return Double.isInfinite(m) ? 0 : m;
    }

    /**
     * A number for people, never in scientific notation: whole numbers as they are, 1,000 and more to
     * the nearest whole number with thousands separators, smaller ones to 4 significant digits
     * ({@code 11370.5 -> "11,371"}, {@code 0.01234567 -> "0.01235"}).
     */
    static String num(double v) {
        if (v == 0) {
            return "0";
        }
        if (Math.abs(v) >= 1000 || (v == Math.rint(v) && Math.abs(v) < 1e15)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Escapes text for SVG/XML content and attributes. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
