package org.churnkit.report;


import static org.churnkit.report.Html.esc;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import org.churnkit.ChurnkitException;
import org.churnkit.i18n.Messages;
import org.churnkit.io.AtomicOutput;
import org.churnkit.model.CovariateEffects;
import org.churnkit.model.CustomerValue;
import org.churnkit.model.PredictionIntervals;
import org.churnkit.model.ScoreIntervals;
import org.churnkit.model.Tracking;
import org.churnkit.model.ScoreColumn;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentNaming;
import org.churnkit.segment.SegmentProfile;
import org.churnkit.segment.Segmentation;

/**
 * The marketer's report: one self-contained HTML file (no script, no font, no image or style sheet
 * from anywhere; charts are inline SVG; a Content-Security-Policy meta tag forbids every fetch) that
 * prints on A4. Sections: headline numbers, segments (table and a size/value chart), the P(alive)
 * distribution, a frequency x recency heatmap of mean P(alive), the tracking plot when holdout data
 * is given (with the shaded interval of the predicted curve when {@link Builder#trackingBand} is given;
 * the segment table adds the mean of the customers' interval ends when the scores carry
 * {@code *_lower}/{@code *_upper} columns), the covariate effects in words when a covariate model's effects are given, the
 * customers with the most value at risk, and a plain-language glossary.
 *
 * <p>Everything shown is aggregated (at most {@value #MAX_TOP} customer rows), so the file stays at
 * a few tens of kilobytes whatever the number of customers; building it is one pass over the
 * columns plus a bounded heap for the top customers. Sections whose columns are missing say so
 * instead of being drawn. All user text (ids, segment names, title) is HTML-escaped.
 */
public final class CustomerReport {
    /** Most customers listed in the at-risk table. */
    public static final int MAX_TOP = 100;
    /** Content-Security-Policy of the page: nothing may be fetched. */
    public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private static final int HIST_BINS = 20;
    /** Most recency columns of the heatmap. */
    private static final int RECENCY_BINS = 8;
    private static final int[] FREQ_LOWER = {0, 1, 2, 3, 4, 6, 10, 20};
    private static final String[] FREQ_LABEL = {"0", "1", "2", "3", "4\u20135", "6\u20139", "10\u201319", "20+"};

    private final ScoreColumns scores;
    private final String title;
    private final String subtitle;
    private final int[] segment;
    private final List<SegmentProfile> profiles;
    private final Tracking tracking;
    private final int top;
    private final Messages m;
    private final String timeUnit;
    /** Horizon of expected_transactions in time units; NaN when the caller did not say. */
    private final double horizon;
    private final LocalDate date;
    /** The covariate model's effects; null when none were given. */
    private final CovariateEffects effects;
    /** The band of the predicted tracking curve; null when none was given. */
    private final PredictionIntervals.CurveBand band;
    private final double bandLevel;
    /** The level of the scores' *_lower/*_upper columns; NaN when the caller did not say. */
    private final double intervalLevel;
    /** Per segment (rank - 1) the totals with their intervals over parameter draws; null when not asked for. */
    private final PredictionIntervals.GroupTotals totals;

    private CustomerReport(Builder b) {
        this.effects = b.effects;
        this.band = b.band;
        this.bandLevel = b.bandLevel;
        this.intervalLevel = b.intervalLevel;
        this.m = b.messages;
        this.timeUnit = b.timeUnit;
        this.horizon = b.horizon;
        this.date = b.date;
        this.scores = b.scores;
        this.title = b.title;
        this.subtitle = b.subtitle;
        this.tracking = b.tracking;
        this.top = b.top;
        if (b.segmentation != null) {
            if (b.segmentation.size() != scores.size()) {
                throw new ChurnkitException("the segmentation has " + b.segmentation.size()
                        + " customers but the scores have " + scores.size());
            }
            this.segment = b.segmentation.segment();
            this.profiles = b.segmentation.profiles();
        } else if (b.labels != null) {
            var pair = profilesFromLabels(b.labels, scores);
            this.segment = pair.segment;
            this.profiles = pair.profiles;
        } else {
            this.segment = null;
            this.profiles = null;
        }
        if (b.totalsEngine != null && segment != null) {
            if (b.totalsHistories.size() != scores.size()) {
                throw new ChurnkitException("the histories for the segment totals have " + b.totalsHistories.size()
                        + " customers but the scores have " + scores.size());
            }
            // each draw's segment totals, then their quantiles: the interval of the total itself
            this.totals = b.totalsEngine.intervalsOfTotals(segment, profiles.size(), b.totalsHistories, b.totalsLevel);
        } else {
            this.totals = null;
        }
    }

    /**
     * A report over {@code scores} (customer ids and any score columns).
     *
     * @param scores customer ids and score columns
     * @return a builder
     */
    public static Builder builder(ScoreColumns scores) {
        return new Builder(Objects.requireNonNull(scores, "scores"));
    }

    private record Labelled(int[] segment, List<SegmentProfile> profiles) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Labelled l && Arrays.equals(segment, l.segment) && profiles.equals(l.profiles);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(segment) + profiles.hashCode();
        }

        @Override
        public String toString() {
            return "Labelled[" + segment.length + " customers, " + profiles + "]";
        }
    }

    /** Profiles from one segment name per customer, ordered like {@link SegmentNaming} orders segments. */
    private static Labelled profilesFromLabels(String[] labels, ScoreColumns s) {
        if (labels.length != s.size()) {
            throw new ChurnkitException(labels.length + " segment labels for " + s.size() + " customers");
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        int[] seg = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null || labels[i].isBlank()) {
                throw new ChurnkitException("customer " + s.id(i) + " has no segment");
            }
            seg[i] = index.computeIfAbsent(labels[i], k -> index.size());
        }
        String[] names = index.keySet().toArray(String[]::new);
        List<SegmentProfile> first = SegmentProfile.compute(seg, names, null, s);
        Integer[] order = new Integer[names.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator
                .comparingDouble((Integer i) -> {
                    double v = first.get(i).valueIndex();
                    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : -v;
                })
                .thenComparingLong(i -> -first.get(i).customers())
                .thenComparing(i -> names[i]));
        int[] rank = new int[names.length];
        String[] ordered = new String[names.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
            ordered[r] = names[order[r]];
        }
        for (int i = 0; i < seg.length; i++) {
            seg[i] = rank[seg[i]];
        }
        return new Labelled(seg, SegmentProfile.compute(seg, ordered, null, s));
    }

    /**
     * The sections that can be drawn from the data given ({@code headline}, {@code segments},
     * {@code palive}, {@code heatmap}, {@code tracking}, {@code covariates}, {@code at-risk}); the customer count alone
     * does not make the headline drawable.
     *
     * @return the ids of the sections with content, in page order
     */
    public List<String> drawableSections() {
        List<String> out = new ArrayList<>();
        boolean pa = scores.has(ScoreColumn.P_ALIVE.column());
        if (pa || scores.has(ScoreColumn.EXPECTED_TRANSACTIONS.column()) || scores.has(ScoreColumn.CLV.column())) {
            out.add("headline");
        }
        if (profiles != null) {
            out.add("segments");
        }
        if (pa) {
            out.add("palive");
        }
        if (pa && scores.has(ScoreColumn.FREQUENCY.column()) && scores.has(ScoreColumn.RECENCY.column())) {
            out.add("heatmap");
        }
        if (tracking != null) {
            out.add("tracking");
        }
        if (effects != null && !effects.effects().isEmpty()) {
            out.add("covariates");
        }
        if (pa && scores.has(ScoreColumn.CLV.column())) {
            out.add("at-risk");
        }
        return out;
    }

    /**
     * Why each section that cannot be drawn is missing, in the report's language, in page order
     * (what the page shows as "Not available: ..."); empty when every section has its data.
     *
     * @return one sentence per missing section
     */
    public List<String> unavailable() {
        List<String> out = new ArrayList<>();
        boolean pa = scores.has(ScoreColumn.P_ALIVE.column());
        if (profiles == null) {
            out.add(m.get("segments.title") + ": " + m.get("segments.missing"));
        }
        if (!pa) {
            out.add(m.get("palive.title") + ": " + m.get("palive.missing"));
        }
        if (!(pa && scores.has(ScoreColumn.FREQUENCY.column()) && scores.has(ScoreColumn.RECENCY.column()))) {
            out.add(m.get("heatmap.title") + ": " + m.get("heatmap.missing"));
        }
        if (!(pa && scores.has(ScoreColumn.CLV.column()))) {
            out.add(m.get("atrisk.title") + ": " + m.get("atrisk.missing"));
        }
        return out;
    }

    /**
     * The report as HTML text.
     *
     * @return a self-contained HTML document
     */
    public String render() {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(m.locale().getLanguage()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<header><h1>").append(esc(title)).append("</h1>\n");
        if (subtitle != null) {
            h.append("<p class=\"sub\">").append(esc(subtitle)).append("</p>\n");
        }
        if (date != null) {
            h.append("<p class=\"sub\">").append(esc(m.get("report.date", m.date(date)))).append("</p>\n");
        }
        h.append("</header>\n");
        headline(h);
        segments(h);
        pAliveHistogram(h);
        heatmap(h);
        tracking(h);
        covariateEffects(h);
        atRisk(h);
        glossary(h);
        h.append("<footer>").append(esc(m.get("report.footer"))).append("</footer>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /**
     * Renders and writes the report to {@code file} atomically (temporary file in the same directory, then a move).
     *
     * @param file the target path
     */
    public void write(Path file) {
        AtomicOutput.writeString(file, render());
    }


    // ---- sections ----

    private void section(StringBuilder h, String id, String heading, String intro) {
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(heading)).append("</h2>\n");
        if (intro != null) {
            h.append("<p class=\"intro\">").append(esc(intro)).append("</p>\n");
        }
    }

    private void missing(StringBuilder h, String what) {
        h.append("<p class=\"missing\">").append(esc(m.get("report.notAvailable", what))).append("</p>\n</section>\n");
    }

    private void card(StringBuilder h, String label, String value, String note) {
        h.append("<div class=\"card\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
                .append(esc(value)).append("</div><div class=\"note\">").append(esc(note)).append("</div></div>\n");
    }

    /** The display name of a segment in the report's language: a rule-made name is translated, a user's label kept. */
    private String segmentName(String name) {
        return SegmentNaming.parse(name).map(n -> n.render(m)).orElse(name);
    }

    /**
     * A segment's name without its activity, for rows about one customer: the activity word describes
     * the group's median, and the at-risk table lists exactly the members whose own P(alive) is far
     * below it, so the row shows the customer's own status instead.
     */
    private String groupName(String name) {
        return SegmentNaming.parse(name).map(n -> new SegmentNaming.Name(n.tier(), n.purchases(),
                SegmentNaming.Activity.UNKNOWN, n.qualifier()).render(m)).orElse(name);
    }

    /** One customer's status from their own P(alive), with the thresholds segment names use. */
    private static String activityKey(double p) {
        return p >= SegmentNaming.ACTIVE ? "active" : p >= SegmentNaming.AT_RISK ? "at-risk" : "lapsed";
    }

    private String th(String key) {
        return "<th>" + esc(m.get(key)) + "</th>";
    }

    private String thNum(String key, Object... args) {
        return "<th class=\"num\">" + esc(m.get(key, args)) + "</th>";
    }

    private void headline(StringBuilder h) {
        int n = scores.size();
        double[] pa = scores.get(ScoreColumn.P_ALIVE.column());
        double[] exp = scores.get(ScoreColumn.EXPECTED_TRANSACTIONS.column());
        double[] clv = scores.get(ScoreColumn.CLV.column());
        check(pa, ScoreColumn.P_ALIVE.column());
        check(exp, ScoreColumn.EXPECTED_TRANSACTIONS.column());
        check(clv, ScoreColumn.CLV.column());
        section(h, "headline", m.get("headline.title"), null);
        h.append("<div class=\"cards\">\n");
        card(h, m.get("headline.customers"), m.count(n), m.get("headline.customers.note"));
        if (pa != null) {
            long alive = 0;
            double sum = 0;
            for (double p : pa) {
                alive += p >= 0.5 ? 1 : 0;
                sum += p;
            }
            card(h, m.get("headline.active"), m.get("headline.active.value", m.count(alive), m.percent(n == 0 ? 0 : alive / (double) n)),
                    m.get("headline.active.note"));
            card(h, m.get("headline.meanPAlive"), m.probability(n == 0 ? Double.NaN : sum / n), m.get("headline.meanPAlive.note"));
        }
        if (exp != null) {
            double s = 0;
            for (double v : exp) {
                s += v;
            }
            card(h, m.get("headline.expected"), m.count(s), Double.isNaN(horizon)
                    ? m.get("headline.expected.note", unitName())
                    : m.get("headline.expected.note.horizon", m.decimal(horizon, horizon == Math.rint(horizon) ? 0 : 1),
                            unitName()));
        }
        if (clv != null) {
            double[] valueAtRisk = scores.valuesAtRisk();
            double s = 0;
            double risk = 0;
            for (int i = 0; i < n; i++) {
                s += clv[i];
                if (valueAtRisk != null) {
                    risk += valueAtRisk[i];
                }
            }
            card(h, m.get("headline.clv"), m.money(s), m.get("headline.clv.note"));
            if (valueAtRisk != null) {
                // risk + CLV is the value of the base if every customer were still active
                card(h, m.get("headline.risk"), m.get("headline.risk.value", m.money(risk),
                        m.percent(s + risk == 0 ? 0 : risk / (s + risk))), m.get("headline.risk.note"));
            }
        }
        if (pa == null && exp == null && clv == null) {
            h.append("</div>\n");
            missing(h, m.get("headline.missing"));
            return;
        }
        h.append("</div>\n</section>\n");
    }

    /** A level as a percentage number, 90 for 0.9, with one decimal only when needed (97.5). */
    private String levelText(double level) {
        double pct = 100 * level;
        return m.decimal(pct, Math.abs(pct - Math.rint(pct)) < 1e-9 ? 0 : 1);
    }

    private String unitName() {
        return m.unit(timeUnit);
    }

    private void segments(StringBuilder h) {
        section(h, "segments", m.get("segments.title"), m.get("segments.intro"));
        if (profiles == null) {
            missing(h, m.get("segments.missing"));
            return;
        }
        // A column whose scores are absent is left out rather than filled with "n/a".
        boolean value = !Double.isNaN(profiles.get(0).shareOfValue());
        boolean pa = !Double.isNaN(profiles.get(0).meanPAlive());
        boolean exp = !Double.isNaN(profiles.get(0).meanExpectedTransactions());
        boolean risk = !Double.isNaN(profiles.get(0).valueAtRisk());
        // Per segment, the mean of the customers' own interval ends, when the scores carry them.
        // The interval of each segment's total over the draws when given; otherwise the mean of the
        // customers' own interval ends, when the scores carry them.
        double[][] expRange = totals != null ? null : meanEnds(ScoreColumn.EXPECTED_TRANSACTIONS);
        double[][] clvRange = totals != null ? null : meanEnds(ScoreColumn.CLV);
        boolean clvTotals = totals != null && totals.hasClv();
        String totalsLevel = totals == null ? null : levelText(totals.level());
        String noLevel = Double.isNaN(intervalLevel) ? ".noLevel" : "";
        String lvl = Double.isNaN(intervalLevel) ? null : levelText(intervalLevel);
        h.append("<table class=\"segments\">\n<thead><tr>").append(th("segments.col.segment"))
                .append(thNum("segments.col.customers")).append(thNum("segments.col.shareCustomers"))
                .append(value ? thNum("segments.col.shareValue") : "").append(pa ? thNum("segments.col.meanPAlive") : "")
                .append(exp ? thNum("segments.col.meanExpected") : "")
                .append(expRange != null ? thNum("segments.col.expectedRange" + noLevel, lvl) : "")
                .append(clvRange != null ? thNum("segments.col.clvRange" + noLevel, lvl) : "")
                .append(totals != null ? thNum("segments.col.expectedTotal", totalsLevel) : "")
                .append(clvTotals ? thNum("segments.col.clvTotal", totalsLevel) : "")
                .append(risk ? thNum("segments.col.valueAtRisk") : "")
                .append(th("segments.col.action")).append("</tr></thead>\n<tbody>\n");
        List<SegmentNaming.Stats> stats = SegmentNaming.stats(segment, profiles.size(), scores);
        for (SegmentProfile p : profiles) {
            String color = Svg.PALETTE[(p.rank() - 1) % Svg.PALETTE.length];
            SegmentNaming.Name parsed = SegmentNaming.parse(p.name()).orElse(null);
            String action = parsed != null ? parsed.action(m) : SegmentNaming.describe(stats.get(p.rank() - 1)).action(m);
            h.append("<tr><td><span class=\"swatch\" style=\"background:").append(color).append("\"></span>")
                    .append(esc(segmentName(p.name()))).append("</td><td class=\"num\">").append(m.count(p.customers()))
                    .append("</td><td class=\"num\">").append(m.percent(p.shareOfCustomers())).append("</td>");
            if (value) {
                h.append("<td class=\"num\">").append(m.percent(p.shareOfValue())).append("</td>");
            }
            if (pa) {
                h.append("<td class=\"num\">").append(m.probability(p.meanPAlive())).append("</td>");
            }
            if (exp) {
                h.append("<td class=\"num\">").append(m.decimal(p.meanExpectedTransactions(), 2)).append("</td>");
            }
            if (expRange != null) {
                h.append("<td class=\"num range\">").append(m.decimal(expRange[0][p.rank() - 1], 2)).append("\u2013")
                        .append(m.decimal(expRange[1][p.rank() - 1], 2)).append("</td>");
            }
            if (clvRange != null) {
                h.append("<td class=\"num range\">").append(m.money(clvRange[0][p.rank() - 1])).append("\u2013")
                        .append(m.money(clvRange[1][p.rank() - 1])).append("</td>");
            }
            if (totals != null) {
                ScoreIntervals.Band t = totals.expectedTransactions().get(p.rank() - 1);
                h.append("<td class=\"num total\">").append(m.decimal(t.estimate(), 1)).append(" (")
                        .append(m.decimal(t.lower(), 1)).append("\u2013").append(m.decimal(t.upper(), 1))
                        .append(")</td>");
            }
            if (clvTotals) {
                ScoreIntervals.Band t = totals.clv().get(p.rank() - 1);
                h.append("<td class=\"num total\">").append(m.money(t.estimate())).append(" (")
                        .append(m.money(t.lower())).append("\u2013").append(m.money(t.upper())).append(")</td>");
            }
            if (risk) {
                h.append("<td class=\"num\">").append(m.money(p.valueAtRisk())).append("</td>");
            }
            h.append("<td class=\"action\">").append(esc(action)).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        if (expRange != null || clvRange != null) {
            h.append("<p class=\"note range-note\">").append(esc(m.get("segments.range.note"))).append("</p>\n");
        }
        if (totals != null) {
            h.append("<p class=\"note total-note\">").append(esc(m.get("segments.total.note", m.count(totals.draws()),
                    totalsLevel))).append("</p>\n");
        }
        List<String> names = new ArrayList<>();
        double[] size = new double[profiles.size()];
        double[] val = new double[profiles.size()];
        for (int i = 0; i < profiles.size(); i++) {
            names.add(segmentName(profiles.get(i).name()));
            size[i] = profiles.get(i).shareOfCustomers();
            val[i] = profiles.get(i).shareOfValue();
        }
        String[] series = value ? new String[] {m.get("segments.chart.shareCustomers"), m.get("segments.chart.shareValue")}
                : new String[] {m.get("segments.chart.shareCustomers")};
        double[][] data = value ? new double[][] {size, val} : new double[][] {size};
        h.append("<figure>\n").append(Svg.groupedBars(m, m.get(value ? "segments.chart.title" : "segments.chart.titleNoValue"),
                names, series, data, new String[] {"#9FB7C9", "#0072B2"}))
                .append("<figcaption>").append(esc(m.get(value ? "segments.chart.caption" : "segments.chart.captionNoValue")))
                .append("</figcaption>\n</figure>\n</section>\n");
    }

    /**
     * Per segment (indexed by rank - 1), the mean of the customers' lower ends and the mean of their
     * upper ends of column {@code c} ({@link ScoreIntervals#lowerColumn}, {@link ScoreIntervals#upperColumn});
     * null when the scores do not carry both.
     */
    private double[][] meanEnds(ScoreColumn c) {
        double[] lo = scores.get(ScoreIntervals.lowerColumn(c));
        double[] hi = scores.get(ScoreIntervals.upperColumn(c));
        if (lo == null || hi == null) {
            return null;
        }
        check(lo, ScoreIntervals.lowerColumn(c));
        check(hi, ScoreIntervals.upperColumn(c));
        int k = profiles.size();
        double[][] out = new double[2][k];
        long[] n = new long[k];
        for (int i = 0; i < segment.length; i++) {
            out[0][segment[i]] += lo[i];
            out[1][segment[i]] += hi[i];
            n[segment[i]]++;
        }
        for (int g = 0; g < k; g++) {
            out[0][g] = n[g] == 0 ? Double.NaN : out[0][g] / n[g];
            out[1][g] = n[g] == 0 ? Double.NaN : out[1][g] / n[g];
        }
        return out;
    }

    private void pAliveHistogram(StringBuilder h) {
        section(h, "palive", m.get("palive.title"), m.get("palive.intro"));
        double[] pa = scores.get(ScoreColumn.P_ALIVE.column());
        if (pa == null) {
            missing(h, m.get("palive.missing"));
            return;
        }
        long[] bins = new long[HIST_BINS];
        for (double p : pa) {
            int b = (int) Math.floor(Math.max(0, Math.min(1, p)) * HIST_BINS);
            bins[Math.min(HIST_BINS - 1, b)]++;
        }
        h.append("<figure>\n").append(Svg.histogram(m, m.get("palive.chart.title"), bins, 0, 1, m.get("term.palive"), "#0072B2"))
                .append("<figcaption>").append(esc(m.get("palive.caption", m.count(pa.length))))
                .append("</figcaption>\n</figure>\n</section>\n");
    }

    /**
     * Even recency bins: a width of 1, 2 or 5 times a power of ten such that at most
     * {@value #RECENCY_BINS} bins cover [0, max recency]; returns the width.
     */
    static double recencyBinWidth(double rMax) {
        double w = Svg.niceStep(rMax / RECENCY_BINS);
        return w > 0 ? w : 1;
    }

    private void heatmap(StringBuilder h) {
        section(h, "heatmap", m.get("heatmap.title"), m.get("heatmap.intro"));
        double[] f = scores.get(ScoreColumn.FREQUENCY.column());
        double[] r = scores.get(ScoreColumn.RECENCY.column());
        double[] pa = scores.get(ScoreColumn.P_ALIVE.column());
        if (f == null || r == null || pa == null) {
            missing(h, m.get("heatmap.missing"));
            return;
        }
        check(f, ScoreColumn.FREQUENCY.column());
        check(r, ScoreColumn.RECENCY.column());
        double rMax = 0;
        for (double v : r) {
            rMax = Math.max(rMax, v);
        }
        if (rMax <= 0) {
            rMax = 1;
        }
        double width = recencyBinWidth(rMax);
        // Bins [0, w), [w, 2w), ...; the largest recency falls in the last one.
        int cols = Math.max(1, (int) Math.floor(rMax / width) + 1);
        if ((cols - 1) * width >= rMax && cols > 1) {
            cols--;
        }
        int rows = FREQ_LOWER.length;
        double[][] sum = new double[rows][cols];
        long[][] cnt = new long[rows][cols];
        for (int i = 0; i < f.length; i++) {
            int row = rows - 1;
            while (row > 0 && f[i] < FREQ_LOWER[row]) {
                row--;
            }
            int col = Math.min(cols - 1, Math.max(0, (int) Math.floor(r[i] / width)));
            sum[row][col] += pa[i];
            cnt[row][col]++;
        }
        int lastRow = rows - 1;
        while (lastRow > 0 && Arrays.stream(cnt[lastRow]).sum() == 0) {
            lastRow--;
        }
        String[] rowLabels = Arrays.copyOf(FREQ_LABEL, lastRow + 1);
        double[][] mean = new double[lastRow + 1][cols];
        for (int a = 0; a <= lastRow; a++) {
            for (int b = 0; b < cols; b++) {
                mean[a][b] = cnt[a][b] == 0 ? Double.NaN : sum[a][b] / cnt[a][b];
            }
        }
        int digits = width >= 1 ? 0 : (int) Math.ceil(-Math.log10(width));
        String[] colLabels = new String[cols];
        for (int b = 0; b < cols; b++) {
            colLabels[b] = m.decimal(b * width, digits) + "\u2013" + m.decimal((b + 1) * width, digits);
        }
        h.append("<figure>\n").append(Svg.heatmap(m, m.get("heatmap.chart.title"), rowLabels, colLabels, mean,
                Arrays.copyOf(cnt, lastRow + 1), m.get("heatmap.rows"), m.get("heatmap.cols", unitName())))
                .append("<figcaption>").append(esc(m.get("heatmap.caption", m.decimal(width, digits), unitName())))
                .append("</figcaption>\n</figure>\n</section>\n");
    }

    private void tracking(StringBuilder h) {
        if (tracking == null) {
            return;
        }
        section(h, "tracking", m.get("tracking.title"), m.get("tracking.intro"));
        double[] act = tracking.actualCumulative();
        double[] pred = tracking.predictedCumulative();
        String level = band == null ? null : levelText(bandLevel);
        h.append("<figure>\n").append(Svg.lines(m, m.get("tracking.chart.title"), tracking.time(),
                new String[] {m.get("tracking.actual"), m.get("tracking.predicted")}, new double[][] {act, pred},
                new String[] {"#222222", "#D55E00"}, new String[] {null, "6 4"}, m.get("tracking.x", unitName()),
                m.get("tracking.y"), tracking.calibrationEnd(), m.get("tracking.holdoutStarts"),
                band == null ? null : band.lower(), band == null ? null : band.upper(),
                band == null ? null : m.get("tracking.band", level), "#D55E00"));
        double a = act[act.length - 1];
        double p = pred[pred.length - 1];
        String diff = a == 0 ? m.absent() : (p >= a ? "+" : "\u2212") + m.percent(Math.abs(p - a) / a);
        h.append("<figcaption>").append(esc(m.get("tracking.caption", m.count(a), m.count(p), diff)));
        if (band != null) {
            h.append(' ').append(esc(m.get("tracking.band.caption", level)));
        }
        h.append("</figcaption>\n</figure>\n</section>\n");
    }

    /**
     * One row per coefficient: the covariate, the process, the multiplier, its 95 % interval and
     * the sentence of {@link CovariateEffects#sentence}, numbers formatted as the sentence does.
     */
    private void covariateEffects(StringBuilder h) {
        if (effects == null || effects.effects().isEmpty()) {
            return;
        }
        section(h, "covariates", m.get("effects.title"), m.get("effects.intro"));
        h.append("<table class=\"effects\">\n<thead><tr>").append(th("effects.col.covariate"))
                .append(th("effects.col.process")).append(thNum("effects.col.multiplier"))
                .append(thNum("effects.col.interval")).append(th("effects.col.words")).append("</tr></thead>\n<tbody>\n");
        boolean unknown = false;
        for (CovariateEffects.Effect e : effects.effects()) {
            String process = switch (e.kind()) {
                case PURCHASE_RATE -> "effects.process.purchase";
                case DROPOUT_RATE -> "effects.process.dropout";
                case DROPOUT_CONCENTRATION -> "effects.process.concentration";
            };
            String interval;
            if (e.hasInterval()) {
                interval = CovariateEffects.number(e.lower(), m) + "\u2013" + CovariateEffects.number(e.upper(), m);
            } else {
                interval = m.absent();
                unknown = true;
            }
            String name = e.indicator() ? e.column() + " = " + e.level() : e.covariate();
            h.append("<tr class=\"").append(e.detectable() ? "detected" : "none").append("\"><td>").append(esc(name))
                    .append("</td><td>").append(esc(m.get(process))).append("</td><td class=\"num\">")
                    .append(esc(CovariateEffects.number(e.multiplier(), m))).append("</td><td class=\"num\">")
                    .append(esc(interval)).append("</td><td class=\"words\">")
                    .append(esc(CovariateEffects.sentence(e, m))).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        if (unknown) {
            h.append("<p class=\"missing\">").append(esc(m.get("effects.noIntervals"))).append("</p>\n");
        }
        h.append("</section>\n");
    }

    private void atRisk(StringBuilder h) {
        section(h, "at-risk", m.get("atrisk.title"), m.get("atrisk.intro", m.probability(SegmentNaming.ACTIVE),
                m.probability(SegmentNaming.AT_RISK)));
        double[] clv = scores.get(ScoreColumn.CLV.column());
        double[] pa = scores.get(ScoreColumn.P_ALIVE.column());
        if (clv == null || pa == null) {
            missing(h, m.get("atrisk.missing"));
            return;
        }
        double[] risk = scores.valuesAtRisk();
        int n = scores.size();
        int t = Math.min(top, n);
        // Bounded min-heap on risk: O(n log t), no full sort of a million customers.
        PriorityQueue<Integer> heap = new PriorityQueue<>(t + 1, (x, y) -> {
            int c = Double.compare(risk[x], risk[y]);
            return c != 0 ? c : Integer.compare(y, x);
        });
        for (int i = 0; i < n && t > 0; i++) {
            if (heap.size() < t) {
                heap.add(i);
            } else {
                int mm = heap.peek();
                if (risk[i] > risk[mm]) {
                    heap.poll();
                    heap.add(i);
                }
            }
        }
        List<Integer> list = new ArrayList<>(heap);
        list.sort(heap.comparator().reversed());
        double[] f = scores.get(ScoreColumn.FREQUENCY.column());
        double[] r = scores.get(ScoreColumn.RECENCY.column());
        h.append("<table class=\"top\">\n<thead><tr><th>#</th>").append(th("atrisk.col.customer"))
                .append(segment != null ? th("atrisk.col.segment") : "")
                .append(f != null ? thNum("atrisk.col.frequency") : "")
                .append(r != null ? thNum("atrisk.col.recency", unitName()) : "")
                .append(thNum("atrisk.col.clv")).append(thNum("atrisk.col.palive")).append(th("atrisk.col.status"))
                .append(thNum("atrisk.col.valueAtRisk"))
                .append("</tr></thead>\n<tbody>\n");
        int rank = 0;
        for (int i : list) {
            h.append("<tr><td>").append(++rank).append("</td><td>").append(esc(scores.id(i))).append("</td>");
            if (segment != null) {
                h.append("<td>").append(esc(groupName(profiles.get(segment[i]).name()))).append("</td>");
            }
            if (f != null) {
                h.append("<td class=\"num\">").append(m.count(f[i])).append("</td>");
            }
            if (r != null) {
                h.append("<td class=\"num\">").append(m.decimal(r[i], 1)).append("</td>");
            }
            h.append("<td class=\"num\">").append(m.money(clv[i])).append("</td><td class=\"num\">").append(m.probability(pa[i]))
                    .append("</td><td>").append(esc(m.get("segment.activity." + activityKey(pa[i]))))
                    .append("</td><td class=\"num\">").append(m.money(risk[i])).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private void glossary(StringBuilder h) {
        section(h, "glossary", m.get("glossary.title"), null);
        h.append("<dl>\n");
        term(h, m.get("term.palive"), m.get("glossary.palive"));
        term(h, m.get("glossary.frequency.term"), m.get("glossary.frequency"));
        term(h, m.get("glossary.recency.term"), m.get("glossary.recency", unitName()));
        term(h, m.get("glossary.expected.term"), m.get("glossary.expected", unitName()));
        term(h, m.get("glossary.clv.term"), m.get("glossary.clv"));
        term(h, m.get("glossary.aliveValue.term"), m.get("glossary.aliveValue"));
        term(h, m.get("glossary.risk.term"), m.get("glossary.risk"));
        term(h, m.get("glossary.stake.term"), m.get("glossary.stake"));
        term(h, m.get("glossary.shares.term"), m.get("glossary.shares"));
        term(h, m.get("glossary.segment.term"), m.get("glossary.segment", m.probability(SegmentNaming.ACTIVE),
                m.probability(SegmentNaming.AT_RISK), m.percent(SegmentNaming.ACTIVE_SHARE)));
        if (tracking != null) {
            term(h, m.get("glossary.tracking.term"), m.get("glossary.tracking"));
        }
        h.append("</dl>\n</section>\n");
    }

    private static void term(StringBuilder h, String t, String d) {
        h.append("<dt>").append(esc(t)).append("</dt><dd>").append(esc(d)).append("</dd>\n");
    }

    private void check(double[] col, String name) {
        if (col == null) {
            return;
        }
        for (int i = 0; i < col.length; i++) {
            if (!Double.isFinite(col[i])) {
                throw new ChurnkitException("customer " + scores.id(i) + ": " + name + " is " + col[i]
                        + "; the report needs finite values");
            }
        }
    }


    /** The style sheet, shared with {@link SubscriberReport}. */
    static final String CSS = """
            :root { --ink: #1d2733; --muted: #5b6b7b; --line: #d9e0e6; --accent: #0072B2; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #f4f6f8; color: var(--ink);
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
                         "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif; }
            /* Korean wraps between words, not inside them. */
            html:lang(ko) body { word-break: keep-all; }
            main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; }
            header h1 { margin: 0 0 4px; font-size: 28px; }
            .sub { margin: 0 0 8px; color: var(--muted); }
            section { margin-top: 28px; }
            h2 { font-size: 20px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
            .intro { color: var(--muted); margin: 0 0 12px; max-width: 80ch; }
            .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; }
            .card { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 6px; padding: 10px 14px; }
            .card .label { font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
            .card .value { font-size: 24px; font-weight: 650; margin: 2px 0; }
            .card .note { font-size: 13px; color: var(--muted); }
            table { width: 100%; border-collapse: collapse; font-size: 13.5px; margin: 8px 0 16px; }
            th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            th { background: #eef2f5; font-weight: 600; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.num { white-space: nowrap; }
            table.segments th { font-size: 12.5px; }
            table.segments td:first-child { min-width: 11em; font-weight: 600; }
            td.action { font-size: 12.5px; color: #33414f; min-width: 16em; }
            table.effects td.words { font-size: 12.5px; color: #33414f; min-width: 20em; }
            table.effects tr.detected td:first-child { font-weight: 600; }
            .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
            figure { margin: 8px 0 0; }
            figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
            svg.chart { width: 100%; max-width: 760px; height: auto; display: block; }
            svg text { font-size: 12px; fill: #33414f; }
            svg text.legend, svg text.label { font-size: 13px; fill: var(--ink); }
            svg text.value { font-size: 11px; }
            svg text.axis-title { font-size: 12px; fill: var(--muted); }
            svg text.cell { font-size: 11px; fill: #1d2733; }
            svg text.cell.light { fill: #ffffff; }
            .missing { color: var(--muted); font-style: italic; }
            .range-note { font-size: 12.5px; color: var(--muted); margin: -8px 0 12px; max-width: 85ch; }
            dl { margin: 0; }
            dt { font-weight: 650; margin-top: 10px; }
            dd { margin: 2px 0 0 0; color: #33414f; max-width: 85ch; }
            footer { margin-top: 32px; font-size: 12px; color: var(--muted); }
            @media (max-width: 720px) { .cards { grid-template-columns: 1fr 1fr; } }
            @media (max-width: 900px), print {
              table { font-size: 11.5px; }
              th, td { padding: 4px 5px; }
              table.segments th { font-size: 11px; }
              table.segments td:first-child { min-width: 7.5em; }
              td.action, table.effects td.words { min-width: 0; font-size: 11px; }
            }
            @page { size: A4; margin: 14mm; }
            @media print {
              body { background: #fff; font-size: 11pt; }
              main { max-width: none; padding: 0; }
              * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
              section, figure, table.segments, .card { break-inside: avoid; }
              h2 { break-after: avoid; }
              tr { break-inside: avoid; }
              #at-risk, #glossary { break-before: page; }
              svg.chart { max-width: 100%; }
            }
            """;

    /** Configures a {@link CustomerReport}. */
    public static final class Builder {
        private final ScoreColumns scores;
        private String title;
        private String subtitle;
        private Segmentation segmentation;
        private String[] labels;
        private Tracking tracking;
        private int top = 25;
        private Messages messages = Messages.english();
        private String timeUnit;
        private double horizon = Double.NaN;
        private LocalDate date;
        private CovariateEffects effects;
        private PredictionIntervals.CurveBand band;
        private double bandLevel = Double.NaN;
        private double intervalLevel = Double.NaN;
        private PredictionIntervals totalsEngine;
        private org.churnkit.model.Histories totalsHistories;
        private double totalsLevel = Double.NaN;

        private Builder(ScoreColumns scores) {
            this.scores = scores;
        }

        /**
         * Language and formats of the page (default English, money as plain numbers); see
         * {@link Messages#of} and {@link Messages#withCurrency}.
         *
         * @param messages the messages of a supported language
         * @return this builder
         */
        public Builder messages(Messages messages) {
            this.messages = Objects.requireNonNull(messages, "messages");
            return this;
        }

        /**
         * The time unit of recency, T, horizons and tracking periods ("week", "day", ...), shown
         * wherever a time is; "periods" when not given.
         *
         * @param unit a time unit name, or null for the generic "periods"
         * @return this builder
         */
        public Builder timeUnit(String unit) {
            this.timeUnit = unit;
            return this;
        }

        /**
         * The horizon the scores' expected_transactions cover, in time units (39 for "the next 39
         * weeks"), so the headline says which period it counts; unsaid by default.
         *
         * @param timeUnits the horizon, finite and positive
         * @return this builder
         * @throws IllegalArgumentException if the horizon is not finite and positive
         */
        public Builder horizon(double timeUnits) {
            if (!(timeUnits > 0 && Double.isFinite(timeUnits))) {
                throw new IllegalArgumentException("horizon must be finite and positive, got " + timeUnits);
            }
            this.horizon = timeUnits;
            return this;
        }

        /**
         * The date shown under the title in the locale's format; none by default.
         *
         * @param d the report date, or null
         * @return this builder
         */
        public Builder date(LocalDate d) {
            this.date = d;
            return this;
        }

        /**
         * Page title (escaped).
         *
         * @param t the title
         * @return this builder
         */
        public Builder title(String t) {
            this.title = Objects.requireNonNull(t, "title");
            return this;
        }

        /**
         * A line under the title, e.g. the data source and date (escaped); none by default.
         *
         * @param s the subtitle
         * @return this builder
         */
        public Builder subtitle(String s) {
            this.subtitle = s;
            return this;
        }

        /**
         * Segments from a segmentation of the same customers, in the same order.
         *
         * @param s the segmentation
         * @return this builder
         */
        public Builder segmentation(Segmentation s) {
            this.segmentation = s;
            this.labels = null;
            return this;
        }

        /**
         * Segments as one segment name per customer, in the order of the scores.
         *
         * @param l segment name per customer
         * @return this builder
         */
        public Builder segmentLabels(String[] l) {
            this.labels = l;
            this.segmentation = null;
            return this;
        }

        /**
         * Holdout tracking data; the tracking plot is drawn only when this is given.
         *
         * @param t the tracking data
         * @return this builder
         */
        public Builder tracking(Tracking t) {
            this.tracking = t;
            return this;
        }

        /**
         * Number of customers in the at-risk table (default 25, at most {@value CustomerReport#MAX_TOP}).
         *
         * @param t number of customers, {@code >= 0}
         * @return this builder
         */
        public Builder topCustomers(int t) {
            if (t < 0 || t > MAX_TOP) {
                throw new ChurnkitException("top customers must be between 0 and " + MAX_TOP + ", got " + t);
            }
            this.top = t;
            return this;
        }

        /**
         * The effects of the covariate model the customers were scored with ({@link
         * CovariateEffects#of(org.churnkit.model.StaticCovariateModel, org.churnkit.model.Covariates)}):
         * adds the section "Covariate effects", one row per coefficient with its multiplier, 95 %
         * interval and sentence in the report's language. None by default; a model without
         * covariates adds nothing.
         *
         * @param e the effects, or null for none
         * @return this builder
         */
        public Builder covariateEffects(CovariateEffects e) {
            this.effects = e;
            return this;
        }

        /**
         * The interval of the predicted tracking curve ({@link PredictionIntervals#tracking}), drawn
         * as a shaded band under the lines with the legend "90 % interval (parameter uncertainty)" (in
         * the report's language). Its periods must be those of {@link #tracking}; none by default.
         *
         * @param b the band, one value per tracking period, or null for none
         * @param level its level, in (0, 1), e.g. 0.9
         * @return this builder
         * @throws IllegalArgumentException if the level is outside (0, 1), the band's ends are not
         *     finite or its lower end exceeds its upper end
         */
        public Builder trackingBand(PredictionIntervals.CurveBand b, double level) {
            if (b != null) {
                if (!(level > 0 && level < 1)) {
                    throw new IllegalArgumentException("the band's level must lie in (0, 1), got " + level);
                }
                double[] lo = b.lower();
                double[] hi = b.upper();
                if (lo.length != hi.length || lo.length != b.time().length) {
                    throw new IllegalArgumentException("the band has " + b.time().length + " periods, "
                            + lo.length + " lower and " + hi.length + " upper ends");
                }
                for (int j = 0; j < lo.length; j++) {
                    if (!(Double.isFinite(lo[j]) && Double.isFinite(hi[j]) && lo[j] <= hi[j])) {
                        throw new IllegalArgumentException("the band at period " + b.time()[j] + " runs from "
                                + lo[j] + " to " + hi[j] + "; expected finite ends, lower <= upper");
                    }
                }
            }
            this.band = b;
            this.bandLevel = level;
            return this;
        }

        /**
         * The level of the scores' interval columns ({@code clv_lower}, {@code clv_upper}, ...
         * written by {@code score --intervals}), named in the segment table's headings; unsaid by default.
         *
         * @param level the level, in (0, 1)
         * @return this builder
         * @throws IllegalArgumentException if the level is outside (0, 1)
         */
        public Builder intervalLevel(double level) {
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
            }
            this.intervalLevel = level;
            return this;
        }

        /**
         * Adds to the segment table each segment's total expected transactions (and total CLV when
         * the engine's settings compute it) with its interval at {@code level}: the segment's sum
         * at each parameter draw of the engine, then the quantiles of those sums
         * ({@link PredictionIntervals#intervalsOfTotals}). This is the interval of the total, unlike
         * the mean of the customers' interval ends, which it replaces in the table.
         *
         * @param engine the prediction intervals of the model that scored the customers
         * @param histories the customers' histories, in the order of the scores
         * @param level the level, in (0, 1)
         * @return this builder
         * @throws IllegalArgumentException if the level is outside (0, 1)
         */
        public Builder segmentTotals(PredictionIntervals engine, org.churnkit.model.Histories histories, double level) {
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
            }
            this.totalsEngine = Objects.requireNonNull(engine, "engine");
            this.totalsHistories = Objects.requireNonNull(histories, "histories");
            this.totalsLevel = level;
            return this;
        }

        /**
         * Builds the report.
         *
         * @return the report
         */
        public CustomerReport build() {
            if (title == null) {
                title = messages.get("report.title");
            }
            if (band != null) {
                // A band on other periods than the plot's would be drawn against the wrong times.
                double[] t = tracking == null ? null : tracking.time();
                if (t == null || t.length != band.time().length) {
                    throw new ChurnkitException("a tracking band needs tracking data with the same periods ("
                            + band.time().length + ")" + (t == null ? "; none was given" : "; it has " + t.length));
                }
                for (int j = 0; j < t.length; j++) {
                    if (Math.abs(t[j] - band.time()[j]) > 1e-9 * Math.max(1, Math.abs(t[j]))) {
                        throw new ChurnkitException("the tracking band's period " + (j + 1) + " ends at "
                                + band.time()[j] + " but the tracking data's at " + t[j]);
                    }
                }
            }
            return new CustomerReport(this);
        }
    }
}
