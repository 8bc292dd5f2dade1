package org.churnkit.report;

import static org.churnkit.report.Html.esc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.churnkit.contractual.ContractualModel;
import org.churnkit.contractual.SurvivalBand;
import org.churnkit.contractual.SurvivorCurve;
import org.churnkit.i18n.Messages;
import org.churnkit.io.AtomicOutput;

/**
 * An HTML report on subscribers (contractual models), in the language of its {@link Messages}:
 * headline cards, for each cohort the retention curve (actual survivors, the fitted model and its
 * projection past the data with an interval from parameter draws) and the retention-rate curve,
 * and the active subscribers by tenure band (count, mean P(renewal), mean DERL, residual value).
 * Self-contained like {@link CustomerReport}: inline SVG, no script, the same style sheet.
 */
public final class SubscriberReport {
    /** Tenure bands of the subscriber table: first and last period of each (the last open). */
    private static final int[][] BANDS = {{1, 1}, {2, 3}, {4, 6}, {7, 12}, {13, 24}, {25, Integer.MAX_VALUE}};

    /**
     * One cohort's curves.
     *
     * @param label the cohort's name
     * @param model the fitted model
     * @param actual the actual survivors, or {@code null}
     * @param band the interval of the fitted survivors (periods {@code 0..last}), or {@code null}
     * @param level the band's level, e.g. 0.9 (ignored without a band)
     * @param last the last period drawn, {@code >= 1}
     * @param observed the actual share still subscribed by period, {@code S(0) = 1, S(1), ...}, from
     *     individual subscribers with censoring allowed for (Kaplan-Meier,
     *     {@code SubscriberHistories.observedSurvival}), drawn instead of {@code actual}; or
     *     {@code null}
     */
    public record Cohort(String label, ContractualModel model, SurvivorCurve actual, SurvivalBand band, double level,
                         int last, double[] observed) {
        /**
         * Checks the fields.
         *
         * @throws IllegalArgumentException for a last period below 1 or a band shorter than it
         */
        public Cohort {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(model, "model");
            if (last < 1) {
                throw new IllegalArgumentException("the last period must be >= 1, got " + last);
            }
            if (band != null && band.lower().length <= last) {
                throw new IllegalArgumentException("the band covers periods 0.." + (band.lower().length - 1)
                        + ", the chart " + last);
            }
            if (observed != null) {
                observed = observed.clone();
                for (int t = 0; t < observed.length; t++) {
                    if (!(observed[t] >= 0 && observed[t] <= 1)) {
                        throw new IllegalArgumentException("the observed share of period " + t + " must be in [0, 1], "
                                + "got " + observed[t]);
                    }
                }
            }
        }

        /**
         * A cohort whose actual curve is a survivor table's (or none).
         *
         * @param label the cohort's name
         * @param model the fitted model
         * @param actual the actual survivors, or {@code null}
         * @param band the interval of the fitted survivors, or {@code null}
         * @param level the band's level
         * @param last the last period drawn, {@code >= 1}
         */
        public Cohort(String label, ContractualModel model, SurvivorCurve actual, SurvivalBand band, double level,
                      int last) {
            this(label, model, actual, band, level, last, null);
        }

        /**
         * The actual share still subscribed by period, from {@link #observed()} or else from
         * {@link #actual()}; {@code null} when there is neither.
         *
         * @return {@code S(0) = 1, S(1), ...} up to the last period observed
         */
        public double[] actualShare() {
            if (observed != null) {
                return observed.clone();
            }
            if (actual == null) {
                return null;
            }
            double[] s = new double[actual.periods() + 1];
            for (int t = 0; t < s.length; t++) {
                s[t] = (double) actual.survivors(t) / actual.size();
            }
            return s;
        }
    }

    /**
     * The active subscribers scored: per subscriber the periods paid for, P(renewal), DERL and the
     * residual value (or {@code null}).
     *
     * @param periods periods paid for, {@code >= 1}
     * @param pRenewal P(renewal)
     * @param derl DERL
     * @param residualValue residual value, or {@code null} when not scored with a price
     */
    public record Scores(long[] periods, double[] pRenewal, double[] derl, double[] residualValue) {
        /**
         * Checks the lengths.
         *
         * @throws IllegalArgumentException for columns of different lengths
         */
        public Scores {
            int n = periods.length;
            if (pRenewal.length != n || derl.length != n || (residualValue != null && residualValue.length != n)) {
                throw new IllegalArgumentException("the score columns have different lengths");
            }
        }
    }

    private final Messages m;
    private final String title;
    private final String period;
    private final List<Cohort> cohorts;
    private final Scores scores;

    private SubscriberReport(Messages m, String title, String period, List<Cohort> cohorts, Scores scores) {
        this.m = m;
        this.title = title;
        this.period = period;
        this.cohorts = List.copyOf(cohorts);
        this.scores = scores;
    }

    /**
     * A report.
     *
     * @param m the language
     * @param title the title, or {@code null} for the translated default
     * @param period the renewal period's unit name ({@code month}, {@code year})
     * @param cohorts the cohorts to draw, at least one
     * @param scores the active subscribers' scores, or {@code null} for curves only
     * @return the report
     */
    public static SubscriberReport of(Messages m, String title, String period, List<Cohort> cohorts, Scores scores) {
        if (cohorts.isEmpty()) {
            throw new IllegalArgumentException("a subscriber report needs at least one cohort");
        }
        return new SubscriberReport(Objects.requireNonNull(m, "m"), title == null ? m.get("subscribers.title") : title,
                Objects.requireNonNull(period, "period"), cohorts, scores);
    }

    /**
     * The report as HTML text.
     *
     * @return a self-contained HTML document
     */
    public String render() {
        StringBuilder h = new StringBuilder(32 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(m.locale().getLanguage()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CustomerReport.CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CustomerReport.CSS)
                .append("</style>\n</head>\n<body>\n<main>\n<header><h1>").append(esc(title)).append("</h1></header>\n");
        if (scores != null) {
            cards(h);
        }
        for (Cohort c : cohorts) {
            retention(h, c);
            rate(h, c);
        }
        if (scores != null) {
            tenure(h);
        }
        h.append("<footer>").append(esc(m.get("report.footer"))).append("</footer>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /**
     * Renders and writes the report atomically.
     *
     * @param file the target path
     */
    public void write(Path file) {
        AtomicOutput.writeString(file, render());
    }

    private void cards(StringBuilder h) {
        int n = scores.periods().length;
        double meanP = 0;
        for (double p : scores.pRenewal()) {
            meanP += p / n;
        }
        h.append("<section id=\"subscribers-headline\"><div class=\"cards\">\n");
        card(h, m.get("subscribers.cards.active"), m.count(n), "");
        card(h, m.get("subscribers.cards.renewal"), m.probability(meanP), m.get("subscribers.cards.renewal.note"));
        if (scores.residualValue() != null) {
            double total = 0;
            for (double v : scores.residualValue()) {
                total += v;
            }
            card(h, m.get("subscribers.cards.value"), m.money(total), m.get("subscribers.cards.value.note"));
        }
        h.append("</div></section>\n");
    }

    private static void card(StringBuilder h, String label, String value, String note) {
        h.append("<div class=\"card\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
                .append(esc(value)).append("</div><div class=\"note\">").append(esc(note)).append("</div></div>\n");
    }

    private String name(Cohort c) {
        return c.model().kind().displayName();
    }

    private void retention(StringBuilder h, Cohort c) {
        int last = c.last();
        double[] x = new double[last + 1];
        double[] fitted = new double[last + 1];
        double[] actual = new double[last + 1];
        double[] share = c.actualShare();
        for (int t = 0; t <= last; t++) {
            x[t] = t;
            fitted[t] = 100 * c.model().survival(t);
            actual[t] = share != null && t < share.length ? 100 * share[t] : Double.NaN;
        }
        double[] lo = null;
        double[] hi = null;
        if (c.band() != null) {
            lo = new double[last + 1];
            hi = new double[last + 1];
            for (int t = 0; t <= last; t++) {
                lo[t] = 100 * c.band().lower()[t];
                hi[t] = 100 * c.band().upper()[t];
            }
        }
        String levelText = m.count(Math.round(100 * c.level()));
        String unit = m.unit(period);
        Lines lines = lines(c, share != null ? actual : null, fitted, "#0072B2");
        double mark = share != null ? share.length - 1 : Double.NaN;
        h.append("<section id=\"retention-").append(esc(c.label())).append("\"><h2>")
                .append(esc(m.get("subscribers.retention.title", c.label()))).append("</h2>\n<p class=\"intro\">")
                .append(esc(m.get("subscribers.retention.intro", name(c), levelText,
                        c.band() == null ? "0" : m.count(c.band().draws()))))
                .append("</p>\n<figure>").append(Svg.lines(m, m.get("subscribers.retention.title", c.label()), x,
                        lines.names(), lines.ys(), lines.colors(), lines.dash(), m.get("subscribers.retention.x", unit),
                        m.get("subscribers.retention.y"), mark, m.get("subscribers.retention.projection"), lo, hi,
                        m.get("subscribers.retention.band", levelText), "#0072B2"))
                .append("</figure>\n</section>\n");
    }

    private void rate(StringBuilder h, Cohort c) {
        int last = c.last();
        double[] x = new double[last];
        double[] fitted = new double[last];
        double[] actual = new double[last];
        double[] share = c.actualShare();
        for (int t = 1; t <= last; t++) {
            x[t - 1] = t;
            fitted[t - 1] = 100 * c.model().retention(t);
            actual[t - 1] = share != null && t < share.length && share[t - 1] > 0
                    ? 100 * share[t] / share[t - 1] : Double.NaN;
        }
        Lines lines = lines(c, share != null ? actual : null, fitted, "#D55E00");
        h.append("<section id=\"rate-").append(esc(c.label())).append("\"><h2>")
                .append(esc(m.get("subscribers.rate.title", c.label()))).append("</h2>\n<p class=\"intro\">")
                .append(esc(m.get("subscribers.rate.intro"))).append("</p>\n<figure>")
                .append(Svg.lines(m, m.get("subscribers.rate.title", c.label()), x, lines.names(),
                        lines.ys(), lines.colors(), lines.dash(),
                        m.get("subscribers.retention.x", m.unit(period)), m.get("subscribers.rate.y"),
                        share != null ? share.length - 1 : Double.NaN,
                        m.get("subscribers.retention.projection")))
                .append("</figure>\n</section>\n");
    }

    /** A chart's lines, as {@link Svg#lines} takes them: names, values, colours, dash patterns. */
    private record Lines(String[] names, double[][] ys, String[] colors, String[] dash) {}

    /**
     * The actual curve (solid, dark; left out when {@code actual} is null) and the fitted one
     * (dashed, in {@code fittedColor}), the two lines of the retention and rate charts.
     */
    private Lines lines(Cohort c, double[] actual, double[] fitted, String fittedColor) {
        List<String> names = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        List<String> dash = new ArrayList<>();
        if (actual != null) {
            names.add(m.get("subscribers.retention.actual"));
            ys.add(actual);
            colors.add("#1d2733");
            dash.add(null);
        }
        names.add(m.get("subscribers.retention.fitted", name(c)));
        ys.add(fitted);
        colors.add(fittedColor);
        dash.add("6 4");
        return new Lines(names.toArray(String[]::new), ys.toArray(double[][]::new), colors.toArray(String[]::new),
                dash.toArray(String[]::new));
    }

    private void tenure(StringBuilder h) {
        h.append("<section id=\"tenure\"><h2>").append(esc(m.get("subscribers.tenure.title"))).append("</h2>\n")
                .append("<p class=\"intro\">").append(esc(m.get("subscribers.tenure.intro"))).append("</p>\n")
                .append("<table class=\"segments\"><thead><tr><th>").append(esc(m.get("subscribers.tenure.band")))
                .append("</th><th class=\"num\">").append(esc(m.get("subscribers.tenure.count")))
                .append("</th><th class=\"num\">").append(esc(m.get("subscribers.tenure.renewal")))
                .append("</th><th class=\"num\">").append(esc(m.get("subscribers.tenure.derl"))).append("</th>");
        boolean value = scores.residualValue() != null;
        if (value) {
            h.append("<th class=\"num\">").append(esc(m.get("subscribers.tenure.value"))).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (int[] b : BANDS) {
            long n = 0;
            double p = 0;
            double d = 0;
            double v = 0;
            for (int i = 0; i < scores.periods().length; i++) {
                long t = scores.periods()[i];
                if (t >= b[0] && t <= b[1]) {
                    n++;
                    p += scores.pRenewal()[i];
                    d += scores.derl()[i];
                    v += value ? scores.residualValue()[i] : 0;
                }
            }
            if (n == 0) {
                continue;
            }
            String label = b[1] == Integer.MAX_VALUE ? b[0] + "+" : b[0] == b[1] ? Integer.toString(b[0])
                    : b[0] + "-" + b[1];
            h.append("<tr><td>").append(esc(label)).append("</td><td class=\"num\">").append(esc(m.count(n)))
                    .append("</td><td class=\"num\">").append(esc(m.probability(p / n)))
                    .append("</td><td class=\"num\">").append(esc(m.decimal(d / n, 2))).append("</td>");
            if (value) {
                h.append("<td class=\"num\">").append(esc(m.money(v))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }
}
