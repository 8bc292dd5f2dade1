package org.churnkit.report;

import static org.churnkit.report.Html.c;
import static org.churnkit.report.Html.esc;

import java.util.List;
import java.util.Locale;
import org.churnkit.i18n.Messages;

/**
 * Small inline-SVG chart builders. Every chart is aggregated data (bars, bins, cells, one polyline
 * per series), so its size does not grow with the number of customers. Charts scale with the page
 * through {@code viewBox}; text uses the page's font.
 */
final class Svg {
    /** Okabe-Ito palette: distinguishable with the common colour-vision deficiencies. */
    static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#555555"};

    /** Longest bar label before it is cut with an ellipsis. */
    static final int LABEL_MAX = 48;

    private Svg() {}

    static String open(int w, int h, String label) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h + "\" role=\"img\" aria-label=\""
                + esc(label) + "\" class=\"chart\">\n<title>" + esc(label) + "</title>\n";
    }

    static String text(double x, double y, String s, String anchor, String cls) {
        String rot = cls != null && cls.endsWith(" rot") ? " transform=\"rotate(-90 " + c(x) + " " + c(y) + ")\"" : "";
        return "<text x=\"" + c(x) + "\" y=\"" + c(y) + "\" text-anchor=\"" + anchor + "\""
                + (cls == null ? "" : " class=\"" + cls + "\"") + rot + ">" + esc(s) + "</text>\n";
    }

    static String rect(double x, double y, double w, double h, String fill, String tooltip) {
        return "<rect x=\"" + c(x) + "\" y=\"" + c(y) + "\" width=\"" + c(Math.max(0, w)) + "\" height=\"" + c(Math.max(0, h))
                + "\" fill=\"" + fill + "\">" + (tooltip == null ? "" : "<title>" + esc(tooltip) + "</title>") + "</rect>\n";
    }

    static String line(double x1, double y1, double x2, double y2, String stroke, String extra) {
        return "<line x1=\"" + c(x1) + "\" y1=\"" + c(y1) + "\" x2=\"" + c(x2) + "\" y2=\"" + c(y2) + "\" stroke=\""
                + stroke + "\"" + (extra == null ? "" : " " + extra) + "/>\n";
    }

    /**
     * Grouped horizontal bars: one group per label, one bar per series (values are shares in [0, 1]).
     */
    static String groupedBars(Messages m, String title, List<String> labels, String[] seriesNames, double[][] series, String[] colors) {
        int groups = labels.size();
        int s = series.length;
        double barH = 14;
        double groupH = s * barH + 12;
        // The label column is as wide as the longest name (segment names run to about 45 characters);
        // 7 px per Latin character at the label's 13 px size, Hangul counting twice.
        int longest = 0;
        for (String l : labels) {
            longest = Math.max(longest, displayWidth(truncate(l, LABEL_MAX)));
        }
        double left = Math.max(120, Math.min(340, 7.0 * longest + 16));
        double plotW = 430;
        double width = left + plotW + 70;
        double top = 34;
        int h = (int) Math.ceil(top + groups * groupH + 24);
        double max = 0;
        for (double[] ser : series) {
            for (double v : ser) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        // Ticks every 10 % (or 20 % above one half) so the axis reads in round numbers.
        double tick = max <= 0.5 ? 0.1 : 0.2;
        int ticks = Math.max(1, (int) Math.ceil(max / tick - 1e-9));
        max = ticks * tick;
        StringBuilder b = new StringBuilder(open((int) width, h, title));
        // Legend
        double lx = left;
        for (int j = 0; j < s; j++) {
            b.append(rect(lx, 10, 12, 12, colors[j], null));
            b.append(text(lx + 16, 20, seriesNames[j], "start", "legend"));
            lx += 24 + 8 * displayWidth(seriesNames[j]);
        }
        for (int t = 0; t <= ticks; t++) {
            double x = left + plotW * t / ticks;
            b.append(line(x, top - 4, x, top + groups * groupH, "#dddddd", null));
            b.append(text(x, top + groups * groupH + 16, m.get("format.percent", m.decimal(100 * tick * t, 0)), "middle", "axis"));
        }
        for (int g = 0; g < groups; g++) {
            double y0 = top + g * groupH;
            b.append(text(left - 8, y0 + groupH / 2 + 2, truncate(labels.get(g), LABEL_MAX), "end", "label"));
            for (int j = 0; j < s; j++) {
                double v = series[j][g];
                double w = Double.isNaN(v) ? 0 : plotW * v / max;
                double y = y0 + 6 + j * barH;
                String tip = m.get("chart.bars.tooltip", labels.get(g), seriesNames[j], m.percent(v));
                b.append(rect(left, y, w, barH - 2, colors[j], tip));
                b.append(text(left + w + 4, y + barH - 4, m.percent(v), "start", "value"));
            }
        }
        return b.append("</svg>\n").toString();
    }

    /** Vertical histogram of counts over equal-width bins of [lo, hi]. */
    static String histogram(Messages m, String title, long[] counts, double lo, double hi, String xLabel, String color) {
        int w = 640;
        int h = 260;
        double left = 84;
        double right = 16;
        double top = 16;
        double bottom = 48;
        double pw = w - left - right;
        double ph = h - top - bottom;
        long max = 1;
        for (long v : counts) {
            max = Math.max(max, v);
        }
        double step = niceStep(max / 4.0);
        double yMax = Math.ceil(max / step) * step;
        StringBuilder b = new StringBuilder(open(w, h, title));
        for (double t = 0; t <= yMax + 1e-9; t += step) {
            double y = top + ph - ph * t / yMax;
            b.append(line(left, y, left + pw, y, "#e5e5e5", null));
            b.append(text(left - 6, y + 4, m.count(t), "end", "axis"));
        }
        int k = counts.length;
        double bw = pw / k;
        for (int i = 0; i < k; i++) {
            double bh = ph * counts[i] / yMax;
            double a = lo + (hi - lo) * i / k;
            double z = lo + (hi - lo) * (i + 1) / k;
            b.append(rect(left + i * bw + 1, top + ph - bh, bw - 2, bh, color,
                    m.get("chart.histogram.tooltip", m.probability(a), m.probability(z), m.count(counts[i]))));
        }
        for (int i = 0; i <= 10; i++) {
            double x = left + pw * i / 10;
            b.append(text(x, top + ph + 16, m.decimal(lo + (hi - lo) * i / 10, 1), "middle", "axis"));
        }
        b.append(line(left, top + ph, left + pw, top + ph, "#333333", null));
        b.append(text(left + pw / 2, h - 8, xLabel, "middle", "axis-title"));
        b.append(text(14, top + ph / 2, m.get("chart.customers"), "middle", "axis-title rot"));
        return b.append("</svg>\n").toString();
    }

    /**
     * Heatmap of mean values in [0, 1]: rows (top to bottom) x columns, NaN cells blank. Colours run
     * from orange (0) through light grey (0.5) to blue (1).
     */
    static String heatmap(Messages m, String title, String[] rowLabels, String[] colLabels, double[][] mean, long[][] count,
            String rowTitle, String colTitle) {
        int rows = rowLabels.length;
        int cols = colLabels.length;
        double left = 96;
        double top = 16;
        double cw = 58;
        double ch = 30;
        int w = (int) (left + cols * cw + 90);
        int h = (int) (top + rows * ch + 56);
        StringBuilder b = new StringBuilder(open(w, h, title));
        for (int r = 0; r < rows; r++) {
            double y = top + r * ch;
            b.append(text(left - 8, y + ch / 2 + 4, rowLabels[r], "end", "axis"));
            for (int q = 0; q < cols; q++) {
                double x = left + q * cw;
                double v = mean[r][q];
                if (Double.isNaN(v)) {
                    b.append(rect(x + 1, y + 1, cw - 2, ch - 2, "#ffffff", m.get("chart.heatmap.empty")));
                    continue;
                }
                b.append(rect(x + 1, y + 1, cw - 2, ch - 2, diverging(v), m.get("chart.heatmap.tooltip",
                        rowLabels[r], colLabels[q], m.probability(v), m.count(count[r][q]))));
                b.append(text(x + cw / 2, y + ch / 2 + 4, m.probability(v), "middle",
                        Math.abs(v - 0.5) > 0.3 ? "cell light" : "cell"));
            }
        }
        for (int q = 0; q < cols; q++) {
            b.append(text(left + q * cw + cw / 2, top + rows * ch + 16, colLabels[q], "middle", "axis"));
        }
        b.append(text(left + cols * cw / 2, top + rows * ch + 40, colTitle, "middle", "axis-title"));
        b.append(text(14, top + rows * ch / 2, rowTitle, "middle", "axis-title rot"));
        // Colour key
        double kx = left + cols * cw + 24;
        for (int i = 0; i < 10; i++) {
            double v = 1 - (i + 0.5) / 10;
            b.append(rect(kx, top + i * (rows * ch / 10), 16, rows * ch / 10 + 0.5, diverging(v), null));
        }
        b.append(text(kx + 20, top + 10, m.decimal(1, 1), "start", "axis"));
        b.append(text(kx + 20, top + rows * ch / 2 + 4, m.decimal(0.5, 1), "start", "axis"));
        b.append(text(kx + 20, top + rows * ch, m.decimal(0, 1), "start", "axis"));
        return b.append("</svg>\n").toString();
    }

    /** Orange (#D55E00) at 0, light grey (#F2F2F2) at 0.5, blue (#0072B2) at 1. */
    static String diverging(double v) {
        double t = Math.max(0, Math.min(1, v));
        int[] lo = {0xD5, 0x5E, 0x00};
        int[] mid = {0xF2, 0xF2, 0xF2};
        int[] hi = {0x00, 0x72, 0xB2};
        int[] a = t < 0.5 ? lo : mid;
        int[] z = t < 0.5 ? mid : hi;
        double f = t < 0.5 ? t / 0.5 : (t - 0.5) / 0.5;
        return String.format(Locale.ROOT, "#%02X%02X%02X", (int) Math.round(a[0] + (z[0] - a[0]) * f),
                (int) Math.round(a[1] + (z[1] - a[1]) * f), (int) Math.round(a[2] + (z[2] - a[2]) * f));
    }

    /** Line chart of several series over common x values, with an optional vertical marker at {@code markX}. */
    static String lines(Messages m, String title, double[] x, String[] names, double[][] ys, String[] colors, String[] dash,
            String xLabel, String yLabel, double markX, String markLabel) {
        return lines(m, title, x, names, ys, colors, dash, xLabel, yLabel, markX, markLabel, null, null, null, null);
    }

    /**
     * As {@link #lines}, with a shaded band between {@code lower} and {@code upper} (one value per x)
     * drawn under the lines, in {@code bandColor} at 25 % opacity, and named {@code bandName} in the
     * legend; no band when {@code lower} is null.
     */
    static String lines(Messages m, String title, double[] x, String[] names, double[][] ys, String[] colors, String[] dash,
            String xLabel, String yLabel, double markX, String markLabel, double[] lower, double[] upper,
            String bandName, String bandColor) {
        int w = 640;
        int h = 300;
        double left = 84;
        double right = 16;
        double top = 34;
        double bottom = 48;
        double pw = w - left - right;
        double ph = h - top - bottom;
        double xMin = x[0];
        double xMax = x[x.length - 1];
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        double yMaxRaw = 0;
        for (double[] y : ys) {
            for (double v : y) {
                if (!Double.isNaN(v)) { // NaN: no data at that x (a series shorter than the others)
                    yMaxRaw = Math.max(yMaxRaw, v);
                }
            }
        }
        if (upper != null) {
            for (double v : upper) {
                yMaxRaw = Math.max(yMaxRaw, v);
            }
        }
        double step = niceStep(Math.max(yMaxRaw, 1e-9) / 4);
        double yMax = Math.max(step, Math.ceil(yMaxRaw / step) * step);
        StringBuilder b = new StringBuilder(open(w, h, title));
        for (double t = 0; t <= yMax + 1e-9; t += step) {
            double y = top + ph - ph * t / yMax;
            b.append(line(left, y, left + pw, y, "#e5e5e5", null));
            b.append(text(left - 6, y + 4, m.count(t), "end", "axis"));
        }
        double xStep = niceStep((xMax - xMin) / 8);
        for (double t = Math.ceil(xMin / xStep) * xStep; t <= xMax + 1e-9; t += xStep) {
            double px = left + pw * (t - xMin) / (xMax - xMin);
            b.append(text(px, top + ph + 16, m.count(t), "middle", "axis"));
        }
        if (!Double.isNaN(markX) && markX >= xMin && markX <= xMax) {
            double px = left + pw * (markX - xMin) / (xMax - xMin);
            b.append(line(px, top, px, top + ph, "#888888", "stroke-dasharray=\"2 3\""));
            b.append(text(px + 4, top + 12, markLabel, "start", "axis"));
        }
        if (lower != null) {
            // One closed polygon: along the lower ends left to right, back along the upper ends.
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < x.length; i++) {
                double px = left + pw * (x[i] - xMin) / (xMax - xMin);
                pts.append(i == 0 ? "" : " ").append(c(px)).append(',').append(c(top + ph - ph * lower[i] / yMax));
            }
            for (int i = x.length - 1; i >= 0; i--) {
                double px = left + pw * (x[i] - xMin) / (xMax - xMin);
                pts.append(' ').append(c(px)).append(',').append(c(top + ph - ph * upper[i] / yMax));
            }
            b.append("<polygon class=\"band\" fill=\"").append(bandColor).append("\" fill-opacity=\"0.25\" stroke=\"none\"")
                    .append(" points=\"").append(pts).append("\"><title>").append(esc(bandName)).append("</title></polygon>\n");
        }
        for (int s = 0; s < ys.length; s++) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < x.length; i++) {
                if (Double.isNaN(ys[s][i])) {
                    continue;
                }
                double px = left + pw * (x[i] - xMin) / (xMax - xMin);
                double py = top + ph - ph * ys[s][i] / yMax;
                pts.append(pts.isEmpty() ? "" : " ").append(c(px)).append(',').append(c(py));
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(colors[s]).append("\" stroke-width=\"2.5\"")
                    .append(dash[s] == null ? "" : " stroke-dasharray=\"" + dash[s] + "\"")
                    .append(" points=\"").append(pts).append("\"><title>").append(esc(names[s])).append("</title></polyline>\n");
        }
        double lx = left + 8;
        for (int s = 0; s < names.length; s++) {
            b.append(line(lx, 16, lx + 24, 16, colors[s], "stroke-width=\"2.5\"" + (dash[s] == null ? "" : " stroke-dasharray=\"" + dash[s] + "\"")));
            b.append(text(lx + 30, 20, names[s], "start", "legend"));
            lx += 48 + 7.5 * displayWidth(names[s]);
        }
        if (lower != null) {
            b.append("<rect class=\"band-key\" x=\"").append(c(lx)).append("\" y=\"10\" width=\"24\" height=\"12\" fill=\"")
                    .append(bandColor).append("\" fill-opacity=\"0.25\"/>\n");
            b.append(text(lx + 30, 20, bandName, "start", "legend"));
        }
        b.append(line(left, top + ph, left + pw, top + ph, "#333333", null));
        b.append(text(left + pw / 2, h - 8, xLabel, "middle", "axis-title"));
        b.append(text(14, top + ph / 2, yLabel, "middle", "axis-title rot"));
        return b.append("</svg>\n").toString();
    }

    /** A step of 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    /** Width of {@code s} in Latin-letter units: Hangul and other wide (CJK) characters count twice. */
    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += wide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    /** East Asian wide code points: Hangul, CJK ideographs and symbols, full-width forms. */
    static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
