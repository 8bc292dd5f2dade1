package org.churnkit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.churnkit.ChurnkitException;
import org.churnkit.i18n.Messages;
import org.churnkit.model.PredictionIntervals;
import org.churnkit.model.Tracking;
import org.churnkit.segment.ScoreColumns;
import org.junit.jupiter.api.Test;

/** The report's intervals: the band of the tracking plot and the interval columns of the segment table. */
class ReportIntervalsTest {
    private static final Pattern BAND = Pattern.compile("<polygon class=\"band\"[^>]* points=\"([^\"]+)\"");

    /** Four customers in two segments, with P(alive), CLV and its interval ends. */
    private static ScoreColumns scores(boolean intervals) {
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("p_alive", new double[] {0.9, 0.8, 0.3, 0.2});
        cols.put("expected_transactions", new double[] {2, 3, 0.5, 0.25});
        cols.put("clv", new double[] {100, 200, 10, 20});
        if (intervals) {
            cols.put("clv_lower", new double[] {80, 160, 6, 14});
            cols.put("clv_upper", new double[] {130, 250, 16, 26});
        }
        return ScoreColumns.of(new String[] {"a", "b", "c", "d"}, cols);
    }

    static PredictionIntervals.CurveBand band(Tracking t) {
        double[] p = t.predictedCumulative();
        double[] lo = new double[p.length];
        double[] hi = new double[p.length];
        for (int j = 0; j < p.length; j++) {
            lo[j] = 0.9 * p[j];
            hi[j] = 1.1 * p[j];
        }
        return new PredictionIntervals.CurveBand(t.time(), p, lo, hi);
    }

    private static String render(Messages m, boolean withBand) {
        Tracking t = CustomerReportTest.tracking();
        CustomerReport.Builder b = CustomerReport.builder(scores(false)).messages(m).tracking(t);
        if (withBand) {
            b.trackingBand(band(t), 0.9);
        }
        return b.build().render();
    }

    @Test
    void bandIsDrawnWithItsLegendInEnglishAndKorean() {
        String en = render(Messages.english(), true);
        Matcher mt = BAND.matcher(en);
        assertTrue(mt.find(), "the band polygon");
        // along the 20 lower ends and back along the 20 upper ends
        assertEquals(40, mt.group(1).trim().split(" ").length);
        assertFalse(mt.find(), "one band");
        assertTrue(en.contains(">90 % interval (parameter uncertainty)</text>"), "legend");
        assertTrue(en.contains("class=\"band-key\""), "legend key");
        assertTrue(en.contains("The shaded band is the 90 % interval"), "caption");

        String ko = render(Messages.of(java.util.Locale.KOREAN), true);
        assertTrue(BAND.matcher(ko).find());
        assertTrue(ko.contains(">90 % 구간 (모수 불확실성)</text>"), "Korean legend");
    }

    @Test
    void noBandWithoutOne() {
        for (Messages m : new Messages[] {Messages.english(), Messages.of(java.util.Locale.KOREAN)}) {
            String html = render(m, false);
            assertTrue(html.contains("<section id=\"tracking\">"));
            assertFalse(html.contains("<polygon"), "no band polygon");
            assertFalse(html.contains("band-key"));
            assertFalse(html.contains("parameter uncertainty") || html.contains("모수 불확실성"));
        }
    }

    @Test
    void bandMustMatchTheTrackingPeriods() {
        Tracking t = CustomerReportTest.tracking();
        PredictionIntervals.CurveBand b = band(t);
        assertThrows(ChurnkitException.class, () -> CustomerReport.builder(scores(false)).trackingBand(b, 0.9).build());
        double[] shifted = t.time();
        shifted[3] += 0.5;
        PredictionIntervals.CurveBand other = new PredictionIntervals.CurveBand(shifted, b.estimate(), b.lower(), b.upper());
        assertThrows(ChurnkitException.class,
                () -> CustomerReport.builder(scores(false)).tracking(t).trackingBand(other, 0.9).build());
        PredictionIntervals.CurveBand crossed = new PredictionIntervals.CurveBand(t.time(), b.estimate(), b.upper(), b.lower());
        assertThrows(IllegalArgumentException.class, () -> CustomerReport.builder(scores(false)).trackingBand(crossed, 0.9));
        assertThrows(IllegalArgumentException.class, () -> CustomerReport.builder(scores(false)).trackingBand(b, 1.0));
    }

    @Test
    void segmentTableShowsTheMeanOfTheCustomersIntervalEnds() {
        String[] labels = {"Top", "Top", "Rest", "Rest"};
        String html = CustomerReport.builder(scores(true)).segmentLabels(labels).intervalLevel(0.9).build().render();
        assertTrue(html.contains("CLV: mean of the customers&#39; 90 % interval ends"), "heading says what it is");
        // Top: lower (80 + 160)/2 = 120, upper (130 + 250)/2 = 190; Rest: 10 and 21
        assertTrue(html.contains("<td class=\"num range\">120.00\u2013190.00</td>"), html);
        assertTrue(html.contains("<td class=\"num range\">10.00\u201321.00</td>"));
        assertTrue(html.contains("not the interval of the segment&#39;s mean or total"), "honest note");

        String noLevel = CustomerReport.builder(scores(true)).segmentLabels(labels).build().render();
        assertTrue(noLevel.contains("CLV: mean of the customers&#39; interval ends"));

        String ko = CustomerReport.builder(scores(true)).segmentLabels(labels).intervalLevel(0.9)
                .messages(Messages.of(java.util.Locale.KOREAN)).build().render();
        assertTrue(ko.contains("CLV: 고객별 90 % 구간 양 끝의 평균"));

        String without = CustomerReport.builder(scores(false)).segmentLabels(labels).intervalLevel(0.9).build().render();
        assertFalse(without.contains("num range"));
        assertFalse(without.contains("interval ends"));
    }

    @Test
    void segmentTableShowsTheIntervalOfEachSegmentsTotal() {
        String[] labels = {"Top", "Top", "Rest", "Rest"};
        org.churnkit.model.Histories h = org.churnkit.model.Histories.of(new double[] {5, 8, 0, 1},
                new double[] {30, 36, 0, 4}, new double[] {39, 39, 35, 30});
        org.churnkit.model.ParetoNbd model = org.churnkit.model.ParetoNbd.of(0.55, 10.58, 0.61, 11.67);
        double[][] cov = new double[4][4];
        for (int j = 0; j < 4; j++) {
            cov[j][j] = 0.02;
        }
        PredictionIntervals pi = PredictionIntervals.of(model, org.churnkit.model.ParameterDraws.asymptotic(
                model.parameterArray(), cov, 100, org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(3L)),
                org.churnkit.model.ScoringSettings.of(39));
        PredictionIntervals.GroupTotals want = pi.intervalsOfTotals(new int[] {0, 0, 1, 1}, 2, h, 0.9);
        Messages en = Messages.english();
        String html = CustomerReport.builder(scores(true)).segmentLabels(labels).segmentTotals(pi, h, 0.9).build().render();
        assertTrue(html.contains("Expected purchases of the segment: total (90 % interval)"), "heading");
        for (org.churnkit.model.ScoreIntervals.Band b : want.expectedTransactions()) {
            String cell = "<td class=\"num total\">" + en.decimal(b.estimate(), 1) + " (" + en.decimal(b.lower(), 1)
                    + "\u2013" + en.decimal(b.upper(), 1) + ")</td>";
            assertTrue(html.contains(cell), cell + " in " + html);
            assertTrue(b.lower() < b.estimate() && b.estimate() < b.upper(), b.toString());
        }
        assertTrue(html.contains("over 100 draws of the parameters"), "the note says what the interval is");
        // the totals replace the mean of the customers' ends, which would say something else
        assertFalse(html.contains("num range"));
        String ko = CustomerReport.builder(scores(true)).segmentLabels(labels).segmentTotals(pi, h, 0.9)
                .messages(Messages.of(java.util.Locale.KOREAN)).build().render();
        assertTrue(ko.contains("세그먼트 예상 구매 건수 합계 (90 % 구간)"), "Korean heading");
        assertTrue(ko.contains("매개변수를 100번 뽑아"), "Korean note");
        assertThrows(ChurnkitException.class, () -> CustomerReport.builder(scores(true)).segmentLabels(labels)
                .segmentTotals(pi, org.churnkit.model.Histories.of(new double[] {1}, new double[] {1}, new double[] {2}), 0.9)
                .build());
        assertThrows(IllegalArgumentException.class, () -> CustomerReport.builder(scores(true)).segmentTotals(pi, h, 1.5));
    }
}
