package org.churnkit.report;


import static org.churnkit.report.Html.amount;
import static org.churnkit.report.Html.count;
import static org.churnkit.report.Html.esc;
import static org.churnkit.report.Html.pct;
import static org.churnkit.report.Html.prob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import org.churnkit.ChurnkitException;
import org.churnkit.io.AtomicOutput;
import org.churnkit.model.CustomerValue;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentNaming;
import org.churnkit.segment.SegmentProfile;
import org.churnkit.segment.Segmentation;

/**
 * The marketer's report: one self-contained HTML file (no script, no font, no image or style sheet
 * from anywhere; charts are inline SVG; a Content-Security-Policy meta tag forbids every fetch) that
 * prints on A4. Sections: headline numbers, segments (table and a size/value chart), the P(alive)
 * distribution, a frequency x recency heatmap of mean P(alive), the tracking plot when holdout data
 * is given, the customers with the most value at risk, and a plain-language glossary.
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

    private CustomerReport(Builder b) {
        this.scores = b.scores;
        this.title = b.title;
        this.subtitle = b.subtitle;
        this.tracking = b.tracking;
        this.top = b.top;
        if (b.segmentation != null) {
            if (b.segmentation.segment().length != scores.size()) {
                throw new ChurnkitException("the segmentation has " + b.segmentation.segment().length
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

    private record Labelled(int[] segment, List<SegmentProfile> profiles) {}

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
     * The report as HTML text.
     *
     * @return a self-contained HTML document
     */
    public String render() {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<header><h1>").append(esc(title)).append("</h1>\n");
        if (subtitle != null) {
            h.append("<p class=\"sub\">").append(esc(subtitle)).append("</p>\n");
        }
        h.append("</header>\n");
        headline(h);
        segments(h);
        pAliveHistogram(h);
        heatmap(h);
        tracking(h);
        atRisk(h);
        glossary(h);
        h.append("<footer>Made with churnkit. Self-contained: this file loads nothing from the network.</footer>\n");
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
            h.append("<p class=\"intro\">").append(intro).append("</p>\n");
        }
    }

    private static void missing(StringBuilder h, String what) {
        h.append("<p class=\"missing\">Not available: ").append(esc(what)).append("</p>\n</section>\n");
    }

    private void card(StringBuilder h, String label, String value, String note) {
        h.append("<div class=\"card\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
                .append(esc(value)).append("</div><div class=\"note\">").append(esc(note)).append("</div></div>\n");
    }

    private void headline(StringBuilder h) {
        int n = scores.size();
        double[] pa = scores.get(ScoreColumns.P_ALIVE);
        double[] exp = scores.get(ScoreColumns.EXPECTED_TRANSACTIONS);
        double[] clv = scores.get(ScoreColumns.CLV);
        check(pa, ScoreColumns.P_ALIVE);
        check(exp, ScoreColumns.EXPECTED_TRANSACTIONS);
        check(clv, ScoreColumns.CLV);
        section(h, "headline", "Headline numbers", null);
        h.append("<div class=\"cards\">\n");
        card(h, "Customers", count(n), "Everyone in the scored customer base.");
        if (pa != null) {
            long alive = 0;
            double sum = 0;
            for (double p : pa) {
                alive += p >= 0.5 ? 1 : 0;
                sum += p;
            }
            card(h, "Probably still active", count(alive) + " (" + pct(n == 0 ? 0 : alive / (double) n) + ")",
                    "Customers more likely than not to still be buying from us (P(alive) of 0.5 or more).");
            card(h, "Average P(alive)", prob(n == 0 ? Double.NaN : sum / n),
                    "The average chance, over all customers, that a customer has not silently left.");
        }
        if (exp != null) {
            double s = 0;
            for (double v : exp) {
                s += v;
            }
            card(h, "Expected purchases", count(s), "Purchases the model expects from these customers over the prediction period.");
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
            card(h, "Expected future value", amount(s), "Sum of customer lifetime values (CLV): the margin the customer "
                    + "base is expected to bring from now on, discounted, allowing for customers who have left.");
            if (valueAtRisk != null) {
                // risk + CLV is the value of the base if every customer were still active
                card(h, "Value at risk", amount(risk) + " (" + pct(s + risk == 0 ? 0 : risk / (s + risk)) + ")",
                        "What the base would be worth if every customer were still active, minus its CLV: the value "
                                + "expected to be lost to customers who have left. The share is of that whole value.");
            }
        }
        h.append("</div>\n</section>\n");
    }

    private void segments(StringBuilder h) {
        section(h, "segments", "Customer segments",
                "Customers grouped by k-means on their purchase behaviour and scores, ordered from the most to the least "
                        + "valuable group. The action column is a starting point for campaign planning.");
        if (profiles == null) {
            missing(h, "no segments were given (run churnkit segment and pass --segments).");
            return;
        }
        h.append("<table class=\"segments\">\n<thead><tr><th>Segment</th><th class=\"num\">Customers</th>"
                + "<th class=\"num\">Share of customers</th><th class=\"num\">Share of value</th><th class=\"num\">Mean P(alive)</th>"
                + "<th class=\"num\">Mean expected purchases</th><th class=\"num\">Value at risk</th><th>Recommended action</th></tr></thead>\n<tbody>\n");
        for (SegmentProfile p : profiles) {
            String color = Svg.PALETTE[(p.rank() - 1) % Svg.PALETTE.length];
            h.append("<tr><td><span class=\"swatch\" style=\"background:").append(color).append("\"></span>")
                    .append(esc(p.name())).append("</td><td class=\"num\">").append(count(p.customers()))
                    .append("</td><td class=\"num\">").append(pct(p.shareOfCustomers()))
                    .append("</td><td class=\"num\">").append(pct(p.shareOfValue()))
                    .append("</td><td class=\"num\">").append(prob(p.meanPAlive()))
                    .append("</td><td class=\"num\">").append(Double.isNaN(p.meanExpectedTransactions()) ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", p.meanExpectedTransactions()))
                    .append("</td><td class=\"num\">").append(amount(p.valueAtRisk()))
                    .append("</td><td class=\"action\">").append(esc(p.action())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        List<String> names = new ArrayList<>();
        double[] size = new double[profiles.size()];
        double[] value = new double[profiles.size()];
        for (int i = 0; i < profiles.size(); i++) {
            names.add(profiles.get(i).name());
            size[i] = profiles.get(i).shareOfCustomers();
            value[i] = profiles.get(i).shareOfValue();
        }
        h.append("<figure>\n").append(Svg.groupedBars("Share of customers and share of value by segment", names,
                new String[] {"share of customers", "share of value"}, new double[][] {size, value},
                new String[] {"#9FB7C9", "#0072B2"}))
                .append("<figcaption>Size and value of each segment. A segment whose value bar is longer than its "
                        + "customer bar is worth more than its headcount suggests.</figcaption>\n</figure>\n</section>\n");
    }

    private void pAliveHistogram(StringBuilder h) {
        section(h, "palive", "How likely are customers to still be active?",
                "Each bar counts the customers whose P(alive) falls in a range. Customers near 1 are almost certainly "
                        + "still buying; customers near 0 have almost certainly left, even though nobody told us.");
        double[] pa = scores.get(ScoreColumns.P_ALIVE);
        if (pa == null) {
            missing(h, "the scores have no p_alive column.");
            return;
        }
        long[] bins = new long[HIST_BINS];
        for (double p : pa) {
            int b = (int) Math.floor(Math.max(0, Math.min(1, p)) * HIST_BINS);
            bins[Math.min(HIST_BINS - 1, b)]++;
        }
        h.append("<figure>\n").append(Svg.histogram("Distribution of P(alive)", bins, 0, 1, "P(alive)", "#0072B2"))
                .append("<figcaption>Distribution of P(alive) over ").append(count(pa.length))
                .append(" customers.</figcaption>\n</figure>\n</section>\n");
    }

    private void heatmap(StringBuilder h) {
        section(h, "heatmap", "P(alive) by purchase frequency and recency",
                "Rows group customers by how many repeat purchases they made, columns by when their last purchase "
                        + "happened (further right = more recent). Each cell shows the average P(alive) of its customers: "
                        + "blue cells are healthy, orange cells are slipping away. Frequent buyers who have not bought "
                        + "recently are the classic warning sign.");
        double[] f = scores.get(ScoreColumns.FREQUENCY);
        double[] r = scores.get(ScoreColumns.RECENCY);
        double[] pa = scores.get(ScoreColumns.P_ALIVE);
        if (f == null || r == null || pa == null) {
            missing(h, "the heatmap needs the frequency, recency and p_alive columns.");
            return;
        }
        check(f, ScoreColumns.FREQUENCY);
        check(r, ScoreColumns.RECENCY);
        double rMax = 0;
        for (double v : r) {
            rMax = Math.max(rMax, v);
        }
        if (rMax <= 0) {
            rMax = 1;
        }
        int rows = FREQ_LOWER.length;
        double[][] sum = new double[rows][RECENCY_BINS];
        long[][] cnt = new long[rows][RECENCY_BINS];
        for (int i = 0; i < f.length; i++) {
            int row = rows - 1;
            while (row > 0 && f[i] < FREQ_LOWER[row]) {
                row--;
            }
            int col = Math.min(RECENCY_BINS - 1, Math.max(0, (int) (r[i] / rMax * RECENCY_BINS)));
            sum[row][col] += pa[i];
            cnt[row][col]++;
        }
        int lastRow = rows - 1;
        while (lastRow > 0 && Arrays.stream(cnt[lastRow]).sum() == 0) {
            lastRow--;
        }
        String[] rowLabels = Arrays.copyOf(FREQ_LABEL, lastRow + 1);
        double[][] mean = new double[lastRow + 1][RECENCY_BINS];
        for (int a = 0; a <= lastRow; a++) {
            for (int b = 0; b < RECENCY_BINS; b++) {
                mean[a][b] = cnt[a][b] == 0 ? Double.NaN : sum[a][b] / cnt[a][b];
            }
        }
        String[] colLabels = new String[RECENCY_BINS];
        for (int b = 0; b < RECENCY_BINS; b++) {
            colLabels[b] = String.format(Locale.ROOT, "%.0f\u2013%.0f", rMax * b / RECENCY_BINS, rMax * (b + 1) / RECENCY_BINS);
        }
        h.append("<figure>\n").append(Svg.heatmap("Mean P(alive) by frequency and recency", rowLabels, colLabels, mean,
                Arrays.copyOf(cnt, lastRow + 1), "repeat purchases", "time of last purchase (recency)"))
                .append("<figcaption>Mean P(alive) per cell; empty cells have no customers.</figcaption>\n</figure>\n</section>\n");
    }

    private void tracking(StringBuilder h) {
        if (tracking == null) {
            return;
        }
        section(h, "tracking", "Does the model track reality?",
                "Running total of repeat purchases: what customers actually did (solid line) against what the model "
                        + "predicted (dashed line). Lines that stay close, especially after the dotted marker where the "
                        + "model had not seen the data, mean the forecasts can be trusted.");
        double[] act = Tracking.cumulative(tracking.actual());
        double[] pred = Tracking.cumulative(tracking.predicted());
        h.append("<figure>\n").append(Svg.lines("Cumulative repeat purchases, actual and predicted", tracking.period(),
                new String[] {"actual", "predicted"}, new double[][] {act, pred}, new String[] {"#222222", "#D55E00"},
                new String[] {null, "6 4"}, "period", "cumulative repeat purchases", tracking.calibrationEnd(), "holdout starts"));
        double a = act[act.length - 1];
        double p = pred[pred.length - 1];
        h.append("<figcaption>At the last period: ").append(count(a)).append(" actual and ").append(count(p))
                .append(" predicted repeat purchases (").append(a == 0 ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", 100 * (p - a) / a))
                .append(").</figcaption>\n</figure>\n</section>\n");
    }

    private void atRisk(StringBuilder h) {
        section(h, "at-risk", "High-value customers at risk",
                "The customers with the most value at risk (their value if still active minus their CLV). These are "
                        + "the first people a retention campaign should contact.");
        double[] clv = scores.get(ScoreColumns.CLV);
        double[] pa = scores.get(ScoreColumns.P_ALIVE);
        if (clv == null || pa == null) {
            missing(h, "the table needs the clv and p_alive columns.");
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
                int m = heap.peek();
                if (risk[i] > risk[m]) {
                    heap.poll();
                    heap.add(i);
                }
            }
        }
        List<Integer> list = new ArrayList<>(heap);
        list.sort(heap.comparator().reversed());
        double[] f = scores.get(ScoreColumns.FREQUENCY);
        double[] r = scores.get(ScoreColumns.RECENCY);
        h.append("<table class=\"top\">\n<thead><tr><th>#</th><th>Customer</th>").append(segment != null ? "<th>Segment</th>" : "")
                .append(f != null ? "<th class=\"num\">Repeat purchases</th>" : "")
                .append(r != null ? "<th class=\"num\">Recency</th>" : "")
                .append("<th class=\"num\">CLV</th><th class=\"num\">P(alive)</th><th class=\"num\">Value at risk</th></tr></thead>\n<tbody>\n");
        int rank = 0;
        for (int i : list) {
            h.append("<tr><td>").append(++rank).append("</td><td>").append(esc(scores.id(i))).append("</td>");
            if (segment != null) {
                h.append("<td>").append(esc(profiles.get(segment[i]).name())).append("</td>");
            }
            if (f != null) {
                h.append("<td class=\"num\">").append(count(f[i])).append("</td>");
            }
            if (r != null) {
                h.append("<td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", r[i])).append("</td>");
            }
            h.append("<td class=\"num\">").append(amount(clv[i])).append("</td><td class=\"num\">").append(prob(pa[i]))
                    .append("</td><td class=\"num\">").append(amount(risk[i])).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private void glossary(StringBuilder h) {
        section(h, "glossary", "What the numbers mean", null);
        h.append("<dl>\n");
        term(h, "P(alive)", "The probability that a customer is still a customer. Customers rarely announce that they "
                + "have left; they just stop buying. The model compares how often a customer used to buy with how long it "
                + "has been since the last purchase: a regular buyer who has been silent for a long time gets a low P(alive).");
        term(h, "Repeat purchases (frequency)", "Number of purchases after the first one, in the period we observed.");
        term(h, "Recency", "When the last purchase happened, counted from the customer's first purchase. Larger means more recent.");
        term(h, "Expected purchases", "How many purchases the model expects from a customer over the prediction period, "
                + "taking into account that they may have left.");
        term(h, "CLV (customer lifetime value)", CustomerValue.CLV_DEFINITION);
        term(h, "Value if still active", CustomerValue.ALIVE_VALUE_DEFINITION);
        term(h, "Value at risk", CustomerValue.VALUE_AT_RISK_DEFINITION
                + " Summed over a group, it is the value a retention campaign could protect.");
        term(h, "Value at stake", CustomerValue.VALUE_AT_STAKE_DEFINITION);
        term(h, "Share of customers / share of value", "The fraction of all customers in a segment, and the fraction of "
                + "all customer value they hold.");
        term(h, "Segment", "A group of similar customers found by k-means clustering on purchase frequency, recency, "
                + "order value and the model scores. Names come from a fixed rule: value compared with the average "
                + "customer (top, high, mid, low) and mean P(alive) (active 0.6 or more, at risk 0.3 to 0.6, lapsed below 0.3).");
        if (tracking != null) {
            term(h, "Tracking plot", "Actual against predicted repeat purchases over time. The gap at the end is the "
                    + "model's forecast error over the holdout period.");
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


    private static final String CSS = """
            :root { --ink: #1d2733; --muted: #5b6b7b; --line: #d9e0e6; --accent: #0072B2; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #f4f6f8; color: var(--ink);
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
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
              td.action { min-width: 0; font-size: 11px; }
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
        private String title = "Customer base report";
        private String subtitle;
        private Segmentation segmentation;
        private String[] labels;
        private Tracking tracking;
        private int top = 25;

        private Builder(ScoreColumns scores) {
            this.scores = scores;
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
         * Builds the report.
         *
         * @return the report
         */
        public CustomerReport build() {
            return new CustomerReport(this);
        }
    }
}
