package org.churnkit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.contractual.ContractualFit;
import org.churnkit.contractual.ContractualFitter;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.SurvivalBand;
import org.churnkit.contractual.SurvivorCurve;
import org.churnkit.i18n.Messages;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The subscriber report on Fader and Hardie's (2007) regular cohort, checked as text and in Chromium. */
class SubscriberReportTest {
    private static final SurvivorCurve REGULAR = SurvivorCurve.of("regular", 1000, 631, 468, 382, 326, 289, 262, 241,
            223, 207, 194, 183, 173);

    static SubscriberReport report(Messages m) {
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, REGULAR.first(7));
        SurvivalBand band = SurvivalBand.of(fit, 18, 0.9, 200, 3);
        SubscriberReport.Cohort c = new SubscriberReport.Cohort("regular", fit.model(), REGULAR, band, 0.9, 18);
        SubscriberReport.Scores s = new SubscriberReport.Scores(new long[] {1, 2, 8, 30},
                new double[] {0.63, 0.76, 0.92, 0.97}, new double[] {1.5, 2.6, 6.1, 12.0},
                new double[] {45, 78, 183, 360});
        return SubscriberReport.of(m, null, "year", List.of(c), s);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "ko"})
    void rendersTheCurvesAndTheTenureTableInABrowser(String lang, @TempDir Path dir) throws Exception {
        Messages m = Messages.of(Messages.parseLocale(lang));
        if (lang.equals("ko")) {
            assertTrue(ReportBrowserTest.koreanFontInstalled(), "no font with Hangul is installed; install "
                    + "fonts-noto-cjk (Debian)");
        }
        Path page = dir.resolve("subscribers.html");
        report(m).write(page);
        String html = Files.readString(page);
        assertFalse(html.contains("NaN") || html.contains("Infinity"), "no non-number on the page");
        Path netLog = dir.resolve("net.json");
        String dom = ReportBrowserTest.run(page, dir, "--log-net-log=" + netLog, "--net-log-capture-mode=Default",
                "--dump-dom");
        assertTrue(dom.contains("<html lang=\"" + lang + "\">"), "page language");
        for (String key : List.of("subscribers.title", "subscribers.tenure.title")) {
            assertTrue(dom.contains(Html.esc(m.get(key))), "rendered " + key + " in " + lang);
        }
        assertTrue(dom.contains("<h2>" + Html.esc(m.get("subscribers.retention.title", "regular")) + "</h2>"), dom);
        assertTrue(dom.contains("<h2>" + Html.esc(m.get("subscribers.rate.title", "regular")) + "</h2>"), dom);
        assertEquals(2, CustomerReportTest.count(dom, "<svg "), "retention and retention-rate charts");
        String chart = dom.substring(dom.indexOf("<section id=\"retention-regular\">"),
                dom.indexOf("</section>", dom.indexOf("<section id=\"retention-regular\">")));
        assertEquals(1, CustomerReportTest.count(chart, "<polygon class=\"band\""), "the projection's band");
        assertEquals(2, CustomerReportTest.count(chart, "<polyline "), "actual and fitted survivors");
        String table = dom.substring(dom.indexOf("<section id=\"tenure\">"));
        assertEquals(4, CustomerReportTest.count(table, "<tr><td>"), "bands 1, 2-3, 7-12 and 25+");
        assertEquals(List.of(), ReportBrowserTest.pageRequests(netLog), "requests made by the page");
        Path shot = dir.resolve("subscribers.png");
        ReportBrowserTest.run(page, dir, "--screenshot=" + shot, "--window-size=1100,2200", "--hide-scrollbars");
        assertTrue(Files.size(shot) > 30_000, "a screenshot with content");
        Files.createDirectories(ReportBrowserTest.SHOTS);
        Files.copy(shot, ReportBrowserTest.SHOTS.resolve("subscribers-" + lang + ".png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en"})
    void theActualCurveStopsWhereTheDataStop(String lang) {
        String html = report(Messages.of(Messages.parseLocale(lang))).render();
        String chart = html.substring(html.indexOf("<section id=\"retention-regular\">"));
        chart = chart.substring(0, chart.indexOf("</section>"));
        // the actual line has the 13 observed periods 0..12, the fitted one all 19 of 0..18
        int first = chart.indexOf("<polyline ");
        String actual = chart.substring(chart.indexOf("points=\"", first) + 8, chart.indexOf('"', chart.indexOf("points=\"", first) + 8));
        assertEquals(13, actual.split(" ").length, actual);
        assertThrows(IllegalArgumentException.class, () -> new SubscriberReport.Cohort("x",
                ContractualFitter.of().fit(ContractualKind.SBG, REGULAR).model(), REGULAR,
                SurvivalBand.of(ContractualFitter.of().fit(ContractualKind.SBG, REGULAR), 5, 0.9, 50, 1), 0.9, 10));
    }

    /**
     * Subscribers who started at staggered times: the survivor table would stop at the first
     * period (some joined a period ago), the Kaplan-Meier curve runs to the longest tenure.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en"})
    void theKaplanMeierCurveRunsToTheLongestTenure(String lang) {
        var model = org.churnkit.contractual.ContractualModel.of(ContractualKind.SBG, new double[] {0.7, 1.2}, null);
        org.churnkit.contractual.SubscriberHistories h = org.churnkit.contractual.ContractualSimulator.of(model)
                .subscribers(20_000, 1, 24, org.apache.commons.rng.simple.RandomSource.SPLIT_MIX_64.create(5L));
        double[] km = h.observedSurvival(h.maxPeriods());
        assertTrue(km.length - 1 >= 20, "observed to period " + (km.length - 1));
        // the estimate follows the truth it was drawn from (a curve of counts from the first period
        // only would have nothing to compare beyond period 1)
        for (int t = 1; t < km.length; t += 5) {
            assertEquals(model.survival(t), km[t], 0.02, "period " + t);
        }
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, h);
        SubscriberReport.Cohort c = new SubscriberReport.Cohort("all", fit.model(), null, null, 0.9, 36, km);
        String html = SubscriberReport.of(Messages.of(Messages.parseLocale(lang)), null, "month", List.of(c), null)
                .render();
        assertFalse(html.contains("NaN") || html.contains("Infinity"), "no non-number on the page");
        assertEquals(km.length, points(html, "retention-all"), "the actual survivors, periods 0.." + (km.length - 1));
        assertEquals(km.length - 1, points(html, "rate-all"), "the actual retention rate, periods 1.." + (km.length - 1));
        assertThrows(IllegalArgumentException.class, () -> new SubscriberReport.Cohort("x", fit.model(), null, null,
                0.9, 10, new double[] {1, 1.2}));
    }

    /** The number of points of the first line (the actual one) of a chart section. */
    private static int points(String html, String section) {
        String chart = html.substring(html.indexOf("<section id=\"" + section + "\">"));
        chart = chart.substring(0, chart.indexOf("</section>"));
        int first = chart.indexOf("<polyline ");
        int from = chart.indexOf("points=\"", first) + 8;
        return chart.substring(from, chart.indexOf('"', from)).split(" ").length;
    }
}
