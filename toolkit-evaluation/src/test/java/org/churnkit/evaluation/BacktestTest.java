package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.churnkit.model.FitSummary;
import org.churnkit.model.Histories;
import org.churnkit.model.Tracking;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on a seeded simulated cohort (Poisson purchasing at 0.25 a week, exponential
 * lifetimes at 0.03 a week, births over 12 weeks, observed to week 80), with the true process as
 * the "fitted" model and the two baselines beside it.
 */
class BacktestTest {
    private static final double LAMBDA = 0.25;
    private static final double MU = 0.03;
    private static Cohort cohort;
    private static OriginPlan plan;

    @BeforeAll
    static void simulate() {
        cohort = Cohort.simulate(42L, 4000, LAMBDA, MU, 12, 80);
        plan = OriginPlan.builder(0, 80).origins(26, 39, 52, 65).horizon(13).build();
    }

    private static FitSummary summary(double seLambda) {
        return new FitSummary(-1.0, new double[] {seLambda, 0.002}, null, 4000, 4000, true, 10, "converged", TimeUnit.WEEKS,
                new FitSummary.Provenance("sha", Instant.EPOCH, "test", "none"));
    }

    /** The true process; at the last origin it "estimates" lambda 20 % high with a small standard error. */
    private static final Trainer TRUE = new Trainer() {
        @Override
        public String name() {
            return "true-process";
        }

        @Override
        public org.churnkit.model.TransactionModel train(HoldoutSplit split) {
            boolean last = split.calibrationEnd() == 65;
            return new TrueProcess(last ? 1.2 * LAMBDA : LAMBDA, MU, summary(0.01));
        }
    };

    private static final Trainer FAILING = Trainer.of("never-converges", h -> {
        throw new ChurnkitException("no convergence after 500 iterations, gradient norm 3.2");
    });

    private static BacktestResult run() {
        return BacktestRunner.of(5, true).run(plan, o -> cohort.split(o.origin(), 0, o.horizon(), 8),
                List.of(TRUE, FAILING));
    }

    @Test
    void everyModelAndBaselineAtEveryOriginWithTheLatestAsHeadline() {
        BacktestResult r = run();
        assertEquals(List.of("true-process", "never-converges", "everyone-stays", "last-period-rate"), r.models());
        assertEquals(4, r.origins().size());
        assertEquals(65.0, r.headline().origin().origin(), 0);
        for (BacktestResult.OriginResult o : r.origins()) {
            HoldoutSplit s = cohort.split(o.origin().origin(), 0, 13, 8);
            // The runner's numbers are the validation's numbers on the same split.
            for (String name : List.of("true-process", "everyone-stays")) {
                HoldoutResult got = o.outcome(name).orElseThrow().result().orElseThrow();
                var model = name.equals("everyone-stays") ? EveryoneStays.of(s.calibration())
                        : TRUE.train(s);
                HoldoutResult want = HoldoutValidation.of(name, model, s, 5, false);
                assertEquals(want.mae(), got.mae(), 0);
                assertEquals(want.predictedTotal(), got.predictedTotal(), 0);
                assertEquals(want.actualTotal(), got.actualTotal(), 0);
            }
            ModelOutcome failed = o.outcome("never-converges").orElseThrow();
            assertFalse(failed.succeeded());
            assertTrue(failed.failure().orElseThrow().contains("no convergence after 500 iterations"));
            assertEquals(s.size(), o.customers());
        }
    }

    @Test
    void theTrueProcessEarnsItsPlaceAgainstTheBaselines() {
        BacktestResult r = run();
        for (BacktestResult.OriginResult o : r.origins().subList(0, 3)) {
            HoldoutResult truth = o.outcome("true-process").orElseThrow().result().orElseThrow();
            HoldoutResult stays = o.outcome("everyone-stays").orElseThrow().result().orElseThrow();
            HoldoutResult last = o.outcome("last-period-rate").orElseThrow().result().orElseThrow();
            // The conditional expectation minimises the mean squared error; with thousands of
            // customers no other predictor comes close on RMSE.
            assertTrue(truth.rmse() < stays.rmse() && truth.rmse() < last.rmse(), o.toString());
            // Everyone-stays ignores churn, so it overpredicts the total.
            assertTrue(stays.predictedTotal() > stays.actualTotal());
            // The truth's total error is within 4 standard deviations of the per-customer errors'
            // sum (errors of the conditional expectation have mean zero given the histories).
            double[] p = HoldoutValidation.predict(TRUE.train(cohort.split(o.origin().origin(), 0, 13, 8)),
                    cohort.split(o.origin().origin(), 0, 13, 8));
            double[] a = cohort.split(o.origin().origin(), 0, 13, 8).holdoutFrequencies();
            double ss = 0;
            for (int i = 0; i < p.length; i++) {
                ss += (p[i] - a[i]) * (p[i] - a[i]);
            }
            assertTrue(Math.abs(truth.totalError()) < 4 * Math.sqrt(ss), truth.toString());
        }
    }

    @Test
    void comparisonTableAndCsv() throws Exception {
        ComparisonTable t = run().comparison();
        assertEquals(16, t.rows().size());
        assertEquals(4, t.headline().size());
        ComparisonTable.Row failed = t.rows().stream().filter(x -> x.model().equals("never-converges")).findFirst()
                .orElseThrow();
        assertTrue(Double.isNaN(failed.mae()));
        StringWriter w = new StringWriter();
        t.writeCsv(w);
        String[] lines = w.toString().split("\r\n");
        assertEquals(17, lines.length);
        assertTrue(lines[0].startsWith("origin_index,origin_date,test_start_date,test_end_date,origin,test_start,"
                + "test_end,model,baseline,customers,status"), lines[0]);
        // Without a calendar the date columns are empty.
        assertTrue(lines[1].startsWith("0,,,,26,26,39,"), lines[1]);
        // The failure message holds a comma, so it is quoted; its numbers are empty fields.
        String failedLine = lines[2];
        assertTrue(failedLine.contains("\"fit failed: no convergence after 500 iterations, gradient norm 3.2\""),
                failedLine);
        assertTrue(failedLine.contains(",,,,,,false,"), failedLine);
        StringWriter s = new StringWriter();
        t.writeSummaryCsv(s);
        String[] summary = s.toString().split("\r\n");
        assertEquals(5, summary.length);
        ComparisonTable.Summary truth = t.summaries().get(0);
        assertEquals("true-process", truth.model());
        assertEquals(4, truth.succeeded());
        double mean = t.rows().stream().filter(x -> x.model().equals("true-process"))
                .mapToDouble(ComparisonTable.Row::mae).average().orElseThrow();
        assertEquals(mean, truth.meanMae(), 1e-15);
        assertEquals(0, t.summaries().get(1).succeeded());
    }

    @Test
    void driftFlagsTheJumpInLambdaAndTheFailedModel() {
        DriftMonitor.Report d = DriftMonitor.of().backtest(run()).assess();
        assertTrue(d.retrainRecommended());
        // lambda 0.25 -> 0.30 with standard errors 0.01 and 0.01: z = 0.05 / sqrt(2e-4) = 3.54.
        String jump = d.reasons().stream().filter(x -> x.contains("parameter lambda")).findFirst().orElseThrow();
        assertTrue(jump.contains("between origins 52 and 65, 3.54 standard errors (threshold 2.00)"), jump);
        assertTrue(d.reasons().stream().anyMatch(x -> x.startsWith("never-converges: failed at the most recent origin")),
                d.reasons().toString());
        assertEquals(1, d.parameterDrift().size(), "baselines are not tested for parameter drift");
        assertEquals(2, d.performanceDecay().size());
    }

    /** The same backtest on a calendar: week 0 is Monday 1997-01-06. */
    private static BacktestResult datedRun() {
        OriginPlan dated = OriginPlan.builder(0, 80).origins(26, 39, 52, 65).horizon(13)
                .calendar(org.churnkit.data.TimeAxis.of(java.time.LocalDateTime.of(1997, 1, 6, 0, 0),
                        org.churnkit.data.TimeUnit.WEEKS))
                .build();
        return BacktestRunner.of(5, true).run(dated, o -> cohort.split(o.origin(), 0, o.horizon(), 8),
                List.of(TRUE, FAILING));
    }

    @Test
    void withACalendarEveryOriginAndPeriodIsADate() throws Exception {
        BacktestResult r = datedRun();
        // 26, 39, 52, 65 weeks after 1997-01-06.
        assertEquals("Origins 1997-07-07, 1997-10-06, 1998-01-05 and 1998-04-06; test windows of 13 weeks after each"
                + " origin, no gap; calibration on all data before each origin.", r.plan().describe());
        DriftMonitor.Report d = DriftMonitor.of().backtest(r).assess();
        String jump = d.reasons().stream().filter(x -> x.contains("parameter lambda")).findFirst().orElseThrow();
        assertTrue(jump.contains("between origins 1998-01-05 and 1998-04-06, 3.54 standard errors"), jump);
        assertTrue(d.reasons().stream().anyMatch(x -> x.startsWith("never-converges: failed at the most recent origin "
                + "1998-04-06")), d.reasons().toString());

        StringWriter w = new StringWriter();
        r.comparison().writeCsv(w);
        String[] lines = w.toString().split("\r\n");
        assertTrue(lines[1].startsWith("0,1997-07-07,1997-07-07,1997-10-06,26,26,39,"), lines[1]);

        org.churnkit.io.ColumnTable tracking = BacktestFiles.tracking(r);
        String[] originDate = tracking.strings("origin_date");
        String[] periodDate = tracking.strings("period_end_date");
        double[] period = tracking.doubles("period");
        double[] origin = tracking.doubles("origin");
        for (int i = 0; i < period.length; i++) {
            assertEquals(r.plan().calendar().orElseThrow().label(period[i]), periodDate[i]);
            assertEquals(r.plan().label(origin[i]), originDate[i]);
            assertTrue(periodDate[i].matches("\\d{4}-\\d{2}-\\d{2}"), periodDate[i]);
        }
        org.churnkit.io.ColumnTable drift = BacktestFiles.drift(d, r.plan());
        assertTrue(java.util.Arrays.asList(drift.strings("from_origin_date")).contains("1998-01-05"));

        StringWriter page = new StringWriter();
        BacktestPage.write("Backtest", r, d, page);
        String html = page.toString();
        assertTrue(html.contains("Headline: origin 1998-04-06, test window (1998-04-06, 1998-07-06]"),
                html.substring(0, 2000));
        assertTrue(html.contains("<td>1997-07-07</td>"), "origins in the tables are dates");
        assertFalse(html.contains("OriginPlan["), "no raw record on the page");
        assertFalse(html.matches("(?s).*\\d\\.\\d+e[+-]\\d.*"), "no scientific notation on the page");
    }

    @Test
    void htmlPageHoldsTheHeadlineChartsTablesAndVerdict() throws Exception {
        BacktestResult r = run();
        DriftMonitor.Report d = DriftMonitor.of().backtest(r).assess();
        StringWriter w = new StringWriter();
        BacktestPage.write("Backtest <test> & co", r, d, w);
        String html = w.toString();
        // Tracking (cumulative, incremental), histogram, conditional expectations, MAE by origin.
        assertEquals(5, html.split("<svg ", -1).length - 1);
        assertTrue(html.contains("<title>Backtest &lt;test&gt; &amp; co</title>"));
        assertTrue(html.contains("Retrain recommended"));
        assertTrue(html.contains("Headline: origin 65, test window (65, 78]"), html.substring(0, 2000));
        assertTrue(html.contains("fit failed: no convergence after 500 iterations, gradient norm 3.2"));
        assertTrue(!html.contains("<script") && !html.contains("NaN"));
    }

    @Test
    void splitsThatLeaveTheirPlannedWindowsAreRefused() {
        // A data function returning a 26-week holdout for a 13-week plan.
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> BacktestRunner.of().run(plan,
                o -> cohort.split(o.origin(), 0, 2 * o.horizon(), 8), List.of()));
        assertTrue(e.getMessage().contains("past the planned test window"), e.getMessage());
        // A split whose holdout starts later than the plan says.
        e = assertThrows(ChurnkitException.class, () -> BacktestRunner.of().run(plan,
                o -> cohort.split(o.origin(), 1, o.horizon(), 8), List.of()));
        assertTrue(e.getMessage().contains("gap"), e.getMessage());
        // Calibration histories older than a sliding window.
        OriginPlan sliding = OriginPlan.builder(0, 80).origins(39, 52).horizon(13).sliding(30).build();
        e = assertThrows(ChurnkitException.class, () -> BacktestRunner.of().run(sliding,
                o -> cohort.split(o.origin(), 0, o.horizon(), 8), List.of()));
        assertTrue(e.getMessage().contains("longer than the calibration window"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BacktestRunner.of().run(plan,
                o -> cohort.split(o.origin(), 0, o.horizon(), 8), List.of(Trainer.everyoneStays())));
    }

    @Test
    void trainersOfHistoriesSeeOnlyTheCalibration() {
        Histories[] seen = new Histories[1];
        Trainer t = Trainer.of("spy", h -> {
            seen[0] = h;
            return EveryoneStays.of(h);
        });
        HoldoutSplit s = cohort.split(39, 0, 13, 8);
        t.train(s);
        assertTrue(seen[0] == s.calibration());
    }
}
