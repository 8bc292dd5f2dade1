package org.churnkit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.model.CustomerValue;
import org.churnkit.model.Tracking;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.Segmentation;
import org.churnkit.segment.Segmenter;
import org.churnkit.segment.testing.SyntheticScores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerReportTest {
    private static ScoreColumns scores;
    private static Segmentation seg;

    @BeforeAll
    static void fit() {
        scores = SyntheticScores.generate(20_000, RandomSource.XO_RO_SHI_RO_128_PP.create(12L));
        seg = Segmenter.of().fit(scores, RandomSource.XO_RO_SHI_RO_128_PP.create(13L));
    }

    static Tracking tracking() {
        double[] per = new double[20];
        double[] act = new double[20];
        double[] pred = new double[20];
        for (int i = 0; i < 20; i++) {
            per[i] = i + 1;
            act[i] = 100 + i;
            pred[i] = 102 + i;
        }
        return Tracking.of(per, act, pred, 10);
    }

    /**
     * Effects of a Pareto/NBD covariate model: a detectable purchase indicator (channel = online,
     * multiplier e^0.8 = 2.23, interval 1.83-2.71), a dropout indicator whose interval contains 1,
     * and a standardised continuous purchase covariate without a recorded standard error.
     */
    static org.churnkit.model.CovariateEffects effects() {
        org.churnkit.model.StaticCovariateModel model = org.churnkit.model.StaticCovariateModel.of(
                org.churnkit.model.ParetoNbd.of(0.6, 10, 0.8, 12), java.util.List.of("channel=online", "age"),
                new double[] {0.8, -0.3}, java.util.List.of("channel=online"), new double[] {0.1},
                Map.of("age", new double[] {40, 12.5}))
                .withStandardErrors(new double[] {0.1, Double.NaN}, new double[] {0.5});
        org.churnkit.model.Covariates cov = org.churnkit.model.Covariates.of(java.util.List.of("channel=online", "age"),
                new double[][] {{0, 1}, {30, 50}});
        return org.churnkit.model.CovariateEffects.of(model, cov);
    }

    @Test
    void covariateEffectsAreOneRowPerCoefficientWithTheSentence() {
        org.churnkit.model.CovariateEffects fx = effects();
        for (org.churnkit.i18n.Messages m : java.util.List.of(org.churnkit.i18n.Messages.english(),
                org.churnkit.i18n.Messages.of(java.util.Locale.KOREAN))) {
            CustomerReport r = CustomerReport.builder(scores).messages(m).covariateEffects(fx).build();
            assertTrue(r.drawableSections().contains("covariates"), r.drawableSections().toString());
            String html = r.render();
            String sec = html.substring(html.indexOf("<section id=\"covariates\">"),
                    html.indexOf("</section>", html.indexOf("<section id=\"covariates\">")));
            assertTrue(sec.contains("<h2>" + Html.esc(m.get("effects.title")) + "</h2>"), sec);
            assertEquals(3, count(sec, "<tr class="), "one row per coefficient");
            for (org.churnkit.model.CovariateEffects.Effect e : fx.effects()) {
                assertTrue(sec.contains(Html.esc(org.churnkit.model.CovariateEffects.sentence(e, m))), e.toString());
            }
            assertTrue(sec.contains("<td class=\"num\">" + m.decimal(Math.exp(0.8), 2) + "</td><td class=\"num\">"
                    + m.decimal(Math.exp(0.8 - 1.959963984540054 * 0.1), 2) + "\u2013"
                    + m.decimal(Math.exp(0.8 + 1.959963984540054 * 0.1), 2) + "</td>"), sec);
            // The continuous covariate has no recorded standard error: no interval, and the note says why.
            assertTrue(sec.contains(Html.esc(m.get("effects.noIntervals"))), sec);
            // The section sits before the at-risk table.
            assertTrue(html.indexOf("<section id=\"covariates\">") < html.indexOf("<section id=\"at-risk\">"));
        }
        // Without effects there is no section at all.
        String plain = CustomerReport.builder(scores).build().render();
        assertFalse(plain.contains("<section id=\"covariates\">"));
    }

    @Test
    void hasEverySectionAndNothingExternal() {
        String html = CustomerReport.builder(scores).segmentation(seg).tracking(tracking()).build().render();
        for (String id : new String[] {"headline", "segments", "palive", "heatmap", "tracking", "at-risk", "glossary"}) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CustomerReport.CSP + "\">"));
        assertTrue(html.contains("@media print"));
        for (String name : seg.model().names()) {
            assertTrue(html.contains(Html.esc(name)), name);
        }
        assertEquals(4, count(html, "<svg "), "segment bars, histogram, heatmap, tracking");
        // Nothing that could fetch: no scripts, links, external images, imports or url() in CSS.
        String lower = html.toLowerCase();
        for (String bad : new String[] {"<script", "<link", "<img", "<iframe", "@import", "url(", "src="}) {
            assertFalse(lower.contains(bad), bad);
        }
        // The only absolute URL is the SVG namespace (an identifier, never fetched).
        Matcher m = Pattern.compile("https?://[^\"' <]+").matcher(html);
        while (m.find()) {
            assertEquals("http://www.w3.org/2000/svg", m.group());
        }
    }

    @Test
    void escapesUserText() {
        String[] ids = scores.ids().clone();
        ids[0] = "<script>alert('x')</script>";
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (String n : scores.names()) {
            cols.put(n, scores.get(n));
        }
        // Customer 0 gets the highest value at risk so it is listed in the at-risk table.
        double[] clv = scores.get("clv").clone();
        double[] pa = scores.get("p_alive").clone();
        clv[0] = 1e9;
        pa[0] = 0.01;
        cols.put("clv", clv);
        cols.put("p_alive", pa);
        ScoreColumns evil = ScoreColumns.of(ids, cols);
        String[] labels = new String[ids.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2 == 0 ? "\"Big\" & <b>bold</b>" : "Other";
        }
        String html = CustomerReport.builder(evil).title("Q3 <report>").segmentLabels(labels).build().render();
        assertFalse(html.contains("<script>"));
        assertFalse(html.contains("<b>bold"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(html.contains("&quot;Big&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"));
        assertTrue(html.contains("<title>Q3 &lt;report&gt;</title>"));
    }

    @Test
    void sizeDoesNotGrowWithCustomers() {
        ScoreColumns big = SyntheticScores.generate(200_000, RandomSource.XO_RO_SHI_RO_128_PP.create(14L));
        String[] labels = new String[big.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = big.get("frequency")[i] == 0 ? "One-timers" : "Repeaters";
        }
        int small = CustomerReport.builder(scores).segmentation(seg).tracking(tracking()).build().render()
                .getBytes(StandardCharsets.UTF_8).length;
        int large = CustomerReport.builder(big).segmentLabels(labels).tracking(tracking()).build().render()
                .getBytes(StandardCharsets.UTF_8).length;
        // All sections aggregate; only digits in counts grow. 10x the customers may not add 20 %.
        assertTrue(large < 1.2 * small, small + " vs " + large + " bytes");
        assertTrue(large < 2_000_000, "under 2 MB: " + large);
    }

    @Test
    void labelsGiveTheSameProfilesAsTheSegmentation() {
        String[] labels = new String[scores.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = seg.nameOf(i);
        }
        String a = CustomerReport.builder(scores).segmentation(seg).build().render();
        String b = CustomerReport.builder(scores).segmentLabels(labels).build().render();
        assertEquals(a, b);
    }

    @Test
    void missingColumnsAreExplainedNotDrawn() {
        ScoreColumns only = ScoreColumns.of(scores.ids(), Map.of("frequency", scores.get("frequency")));
        String html = CustomerReport.builder(only).build().render();
        assertTrue(html.contains("Not available: the scores have no p_alive column."));
        assertTrue(html.contains("Not available: no segments were given"));
        assertFalse(html.contains("<section id=\"tracking\">"));
        assertEquals(0, count(html, "<svg "));
    }

    @Test
    void nonFiniteScoreNamesTheCustomer() {
        double[] pa = scores.get("p_alive").clone();
        pa[42] = Double.NaN;
        ScoreColumns bad = ScoreColumns.of(scores.ids(), Map.of("p_alive", pa));
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> CustomerReport.builder(bad).build().render());
        assertTrue(e.getMessage().contains(scores.id(42)), e.getMessage());
        assertThrows(ChurnkitException.class, () -> Tracking.of(new double[] {1, 1}, new double[2], new double[2], Double.NaN));
    }

    @Test
    void atRiskTableListsTheLargestValueAtRiskFirst() {
        // Value at risk = alive value - CLV = CLV (1 - P(alive)) / P(alive): a 900, b 11.1, c 200, d 0, e 90.
        ScoreColumns s = ScoreColumns.of(new String[] {"a", "b", "c", "d", "e"}, Map.of(
                "clv", new double[] {100, 100, 50, 1000, 90},
                "p_alive", new double[] {0.1, 0.9, 0.2, 1.0, 0.5}));
        String html = CustomerReport.builder(s).topCustomers(3).build().render();
        String table = html.substring(html.indexOf("<table class=\"top\">"));
        table = table.substring(0, table.indexOf("</table>"));
        int a = table.indexOf("<td>a</td>");
        int c = table.indexOf("<td>c</td>");
        int e = table.indexOf("<td>e</td>");
        assertTrue(a > 0 && a < c && c < e, table);
        assertFalse(table.contains("<td>b</td>") || table.contains("<td>d</td>"), table);
    }

    @Test
    void headlineValueAtRiskIsTheLibrarysAliveValueMinusClv() {
        // alive values 1000, 111.11, 250: CLV 100 + 100 + 50 = 250, value at risk 900 + 11.11 + 200 = 1,111.11
        ScoreColumns s = ScoreColumns.of(new String[] {"a", "b", "c"}, Map.of(
                "clv", new double[] {100, 100, 50},
                "p_alive", new double[] {0.1, 0.9, 0.2}));
        double risk = 0;
        double clv = 0;
        for (int i = 0; i < s.size(); i++) {
            CustomerValue v = CustomerValue.fromClv(s.get("clv")[i], s.get("p_alive")[i]);
            risk += v.valueAtRisk();
            clv += v.clv();
        }
        assertEquals(1111.111111, risk, 1e-5);
        String html = CustomerReport.builder(s).build().render();
        String headline = html.substring(html.indexOf("id=\"headline\""), html.indexOf("id=\"segments\""));
        org.churnkit.i18n.Messages en = org.churnkit.i18n.Messages.english();
        assertTrue(headline.contains(en.money(risk) + " (" + en.percent(risk / (risk + clv)) + ")"), headline);
        assertTrue(headline.contains(en.money(clv)), headline);
        // with an alive_value column the report takes it rather than dividing
        ScoreColumns withColumn = ScoreColumns.of(new String[] {"a"}, Map.of("clv", new double[] {0.0},
                "p_alive", new double[] {0.0}, "alive_value", new double[] {500}));
        String one = CustomerReport.builder(withColumn).build().render();
        assertTrue(one.contains(en.money(500) + " (" + en.percent(1.0) + ")"), one);
        // one meaning per number: the report's glossary states the library's definitions word for word
        assertEquals(CustomerValue.CLV_DEFINITION, en.get("glossary.clv"));
        assertEquals(CustomerValue.ALIVE_VALUE_DEFINITION, en.get("glossary.aliveValue"));
        assertTrue(en.get("glossary.risk").startsWith(CustomerValue.VALUE_AT_RISK_DEFINITION), en.get("glossary.risk"));
        assertEquals(CustomerValue.VALUE_AT_STAKE_DEFINITION, en.get("glossary.stake"));
        assertTrue(html.contains(Html.esc(CustomerValue.CLV_DEFINITION)), "glossary uses the library definition");
    }

    @Test
    void theHeadlineSaysWhichPeriodExpectedPurchasesCover() {
        String unsaid = CustomerReport.builder(scores).timeUnit("week").build().render();
        assertTrue(unsaid.contains("over the prediction horizon (in weeks, as scored)"), "without a horizon it says so");
        String said = CustomerReport.builder(scores).timeUnit("week").horizon(39).build().render();
        assertTrue(said.contains("over the next 39 weeks"), "the horizon and its unit are named");
        String ko = CustomerReport.builder(scores).messages(org.churnkit.i18n.Messages.of(java.util.Locale.KOREAN))
                .timeUnit("week").horizon(39).build().render();
        assertTrue(ko.contains("앞으로 39주 동안"), "and in Korean");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CustomerReport.builder(scores).horizon(Double.NaN));
    }

    @Test
    void writesAtomically(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r.html");
        CustomerReport.builder(scores).segmentation(seg).build().write(out);
        assertTrue(Files.readString(out).endsWith("</html>\n"));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void atRiskRowsShowEachCustomersOwnStatusNotTheGroupsActivity() {
        String html = CustomerReport.builder(scores).segmentation(seg).topCustomers(50).build().render();
        String table = html.substring(html.indexOf("<table class=\"top\">"));
        table = table.substring(0, table.indexOf("</table>"));
        Matcher row = Pattern.compile("<tr><td>\\d+</td><td>[^<]*</td><td>([^<]*)</td>.*?<td class=\"num\">([0-9.]+)</td><td>([^<]*)</td>")
                .matcher(table);
        int rows = 0;
        while (row.find()) {
            rows++;
            double p = Double.parseDouble(row.group(2));
            String own = p >= 0.6 ? "active" : p >= 0.3 ? "at risk" : "lapsed";
            assertEquals(own, row.group(3), "own status of a customer with P(alive) " + p);
            for (String word : new String[] {"active", "at risk", "lapsed"}) {
                assertFalse(row.group(1).contains(word), "segment column states no activity: " + row.group(1));
            }
        }
        assertEquals(50, rows, table);
    }

    @Test
    void heatmapBinsAreEvenAndMoneyHasOnePrecision() {
        String html = CustomerReport.builder(scores).segmentation(seg).timeUnit("week").build().render();
        String heat = html.substring(html.indexOf("<section id=\"heatmap\">"), html.indexOf("<section id=\"at-risk\">"));
        Matcher bin = Pattern.compile(">(\\d+)\u2013(\\d+)<").matcher(heat);
        java.util.List<int[]> bins = new java.util.ArrayList<>();
        while (bin.find()) {
            // Row labels (repeat purchases 4\u20135, 6\u20139, ...) come first; the recency columns start at 0.
            if (!bins.isEmpty() || bin.group(1).equals("0")) {
                bins.add(new int[] {Integer.parseInt(bin.group(1)), Integer.parseInt(bin.group(2))});
            }
        }
        assertTrue(bins.size() >= 4, heat);
        int width = bins.get(0)[1] - bins.get(0)[0];
        assertTrue(width == 1 || width == 2 || width == 5 || width % 10 == 0, "a round width: " + width);
        for (int i = 0; i < bins.size(); i++) {
            assertEquals(i * width, bins.get(i)[0], "even bins");
            assertEquals((i + 1) * width, bins.get(i)[1], "even bins");
        }
        assertTrue(heat.contains("in weeks"), "recency in the scores' time unit");
        // Every money amount in the tables has two decimals (no 241 next to 95.36).
        String top = html.substring(html.indexOf("<table class=\"top\">"), html.indexOf("</table>", html.indexOf("<table class=\"top\">")));
        Matcher money = Pattern.compile("<td class=\"num\">([0-9,]+(\\.[0-9]+)?)</td><td class=\"num\">[0-9.]+</td><td>").matcher(top);
        int n = 0;
        while (money.find()) {
            n++;
            assertTrue(money.group(1).matches("[0-9,]+\\.[0-9]{2}"), "CLV with two decimals: " + money.group(1));
        }
        assertTrue(n > 0, top);
    }

    @Test
    void segmentTableLeavesOutColumnsWhoseScoresAreAbsent() {
        java.util.Map<String, double[]> cols = new LinkedHashMap<>();
        for (String c : new String[] {"frequency", "recency", "T", "p_alive", "expected_transactions"}) {
            cols.put(c, scores.get(c));
        }
        ScoreColumns noValue = ScoreColumns.of(scores.ids(), cols);
        String[] labels = new String[noValue.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = seg.nameOf(i);
        }
        String html = CustomerReport.builder(noValue).segmentLabels(labels).build().render();
        String table = html.substring(html.indexOf("<table class=\"segments\">"), html.indexOf("</table>"));
        assertFalse(table.contains("Share of value") || table.contains("Value at risk"), table);
        assertFalse(table.contains("n/a") || table.contains("NaN"), table);
        assertTrue(table.contains("Mean P(alive)"), table);
    }

    @Test
    void headlineNumbersAreTheScoresOwnTotals() {
        String html = CustomerReport.builder(scores).build().render();
        double[] pa = scores.get("p_alive");
        double[] exp = scores.get("expected_transactions");
        double[] clv = scores.get("clv");
        long alive = java.util.Arrays.stream(pa).filter(p -> p >= 0.5).count();
        org.churnkit.i18n.Messages m = org.churnkit.i18n.Messages.english();
        assertTrue(html.contains(">" + m.count(scores.size()) + "<"), "customers");
        assertTrue(html.contains(">" + m.count(alive) + " (" + m.percent(alive / (double) scores.size()) + ")<"), "probably active");
        assertTrue(html.contains(">" + m.probability(java.util.Arrays.stream(pa).average().orElseThrow()) + "<"), "mean P(alive)");
        assertTrue(html.contains(">" + m.count(java.util.Arrays.stream(exp).sum()) + "<"), "expected purchases");
        assertTrue(html.contains(">" + m.money(java.util.Arrays.stream(clv).sum()) + "<"), "sum of CLV");
    }

    static int count(String s, String sub) {
        int c = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            c++;
        }
        return c;
    }
}
