package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.model.ParameterDraws;
import org.churnkit.model.ScoreIntervals;
import org.junit.jupiter.api.Test;

/**
 * Intervals of the contractual scores: reproducible to the bit, the point equal to the plain
 * score, coverage on data simulated from known sBG parameters (parameters, P(renewal) and expected
 * periods at the true parameters; the predictive range of the further periods paid against the
 * realised ones), and Fader and Hardie's (2007) published cohorts.
 */
class SubscriberIntervalsTest {
    private static final DiscountRate RATE = DiscountRate.perPeriod(0.01);
    private static final String[] IDS = {"a", "b", "c", "d", "e"};
    private static final int[] TENURE = {1, 2, 4, 4, 7};

    private static ContractualFit regular() {
        return ContractualFitter.of().fit(ContractualKind.SBG, FaderHardie2007Test.REGULAR.first(7));
    }

    @Test
    void asymptoticIntervalsAreReproducibleToTheBitAndSurroundTheExactPointScores() {
        ContractualFit fit = regular();
        SubscriberIntervals.Result a = SubscriberIntervals.asymptotic(fit, 300, 7)
                .score(IDS, TENURE, null, null, RATE, 12, 0.9);
        SubscriberIntervals.Result b = SubscriberIntervals.asymptotic(fit, 300, 7)
                .score(IDS, TENURE, null, null, RATE, 12, 0.9);
        SubscriberIntervals.Result c = SubscriberIntervals.asymptotic(fit, 300, 8)
                .score(IDS, TENURE, null, null, RATE, 12, 0.9);
        assertArrayEquals(a.lower().pRenewal(), b.lower().pRenewal(), 0.0);
        assertArrayEquals(a.upper().derl(), b.upper().derl(), 0.0);
        assertArrayEquals(a.upper().expectedPeriods(), b.upper().expectedPeriods(), 0.0);
        assertEquals(a.survivors()[11], b.survivors()[11]);
        assertNotEquals(a.lower().pRenewal()[0], c.lower().pRenewal()[0]);
        assertEquals(ParameterDraws.Method.ASYMPTOTIC, a.method());
        assertEquals(300, a.draws());
        SubscriberScoring.Result plain = SubscriberScoring.of(fit.model(), RATE, 12).score(IDS, TENURE);
        assertArrayEquals(plain.pRenewal(), a.point().pRenewal(), 0.0);
        assertArrayEquals(plain.expectedPeriods(), a.point().expectedPeriods(), 0.0);
        assertArrayEquals(plain.derl(), a.point().derl(), 0.0);
        for (int i = 0; i < IDS.length; i++) {
            assertTrue(a.lower().pRenewal()[i] < a.point().pRenewal()[i]
                    && a.point().pRenewal()[i] < a.upper().pRenewal()[i], "subscriber " + i);
            assertTrue(a.lower().derl()[i] < a.point().derl()[i] && a.point().derl()[i] < a.upper().derl()[i]);
            assertTrue(a.renewalsLower()[i] <= a.renewalsUpper()[i] && a.renewalsUpper()[i] <= 12);
        }
        // subscribers of one tenure share their values
        assertEquals(a.lower().derl()[2], a.lower().derl()[3]);
        double total = Arrays.stream(a.point().expectedPeriods()).sum();
        double sum = 0;
        for (ScoreIntervals.Band s : a.survivors()) {
            assertTrue(s.lower() <= s.estimate() && s.estimate() <= s.upper(), s.toString());
            sum += s.estimate();
        }
        assertEquals(total, sum, 1e-9 * total);
        assertEquals("p_renewal_lower", ScoreIntervals.lowerColumn("p_renewal"));
        double[][] rv = a.residualValue(IDS, 0.3, new double[] {10, 10, 10, 10, 10});
        assertEquals(3 * a.lower().derl()[4], rv[0][4], 1e-12);
    }

    @Test
    void publishedCohortsGiveFiniteSensibleIntervalsBothWays() {
        for (SurvivorCurve cohort : new SurvivorCurve[] {FaderHardie2007Test.REGULAR, FaderHardie2007Test.HIGH_END}) {
            ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, cohort.first(7));
            SubscriberIntervals asy = SubscriberIntervals.asymptotic(fit, 400, 1);
            SubscriberIntervals boot = SubscriberIntervals.bootstrap(fit, cohort.first(7).toHistories(), 200, 1);
            assertTrue(boot.failures().size() < 10, boot.failures().toString());
            double[][] pa = asy.parameterIntervals(0.9);
            double[][] pb = boot.parameterIntervals(0.9);
            double[][] wald = fit.confidenceIntervals(0.9);
            for (int i = 0; i < 2; i++) {
                // 1,000 subscribers, 7 years: the two methods agree with the Wald interval to a few per cent
                assertEquals(wald[i][0], pa[i][0], 0.1 * wald[i][0], cohort.cohort() + " " + i);
                assertEquals(wald[i][1], pb[i][1], 0.15 * wald[i][1], cohort.cohort() + " " + i);
            }
            for (SubscriberIntervals e : new SubscriberIntervals[] {asy, boot}) {
                SubscriberIntervals.Result r = e.score(IDS, TENURE, null, null, RATE, 5, 0.9);
                for (int i = 0; i < IDS.length; i++) {
                    double lo = r.lower().pRenewal()[i];
                    double hi = r.upper().pRenewal()[i];
                    assertTrue(Double.isFinite(lo) && Double.isFinite(hi) && lo > 0.5 && hi < 1 && hi - lo < 0.1,
                            cohort.cohort() + " " + e.method() + ": [" + lo + ", " + hi + "]");
                    assertTrue(r.lower().derl()[i] > 0 && Double.isFinite(r.upper().derl()[i]));
                }
                System.out.printf(Locale.ROOT, "%s %s: p_renewal(1) %.3f [%.3f, %.3f], survivors after 5 of these "
                        + "5 subscribers %.2f [%.2f, %.2f]%n", cohort.cohort(), e.method(), r.point().pRenewal()[0],
                        r.lower().pRenewal()[0], r.upper().pRenewal()[0], r.survivors()[4].estimate(),
                        r.survivors()[4].lower(), r.survivors()[4].upper());
            }
        }
    }

    @Test
    void bootstrapIsReproducibleToTheBitAndResamplesWithinCohorts() {
        Map<String, SubscriberHistories> byCohort = new LinkedHashMap<>();
        byCohort.put("regular", FaderHardie2007Test.REGULAR.first(7).toHistories());
        byCohort.put("high end", FaderHardie2007Test.HIGH_END.first(7).toHistories());
        SubscriberHistories all = SubscriberHistories.withCohortIndicators(byCohort);
        ContractualFit fit = ContractualFitter.of().fitWithCovariates(ContractualKind.SBG, all, CovariateTarget.BOTH);
        SubscriberIntervals a = SubscriberIntervals.bootstrap(fit, all, 60, 3);
        SubscriberIntervals b = SubscriberIntervals.bootstrap(fit, all, 60, 3);
        assertEquals(ParameterDraws.Method.BOOTSTRAP, a.method());
        for (int d = 0; d < a.draws().size(); d++) {
            assertArrayEquals(a.draws().get(d).estimates(), b.draws().get(d).estimates(), 0.0);
        }
        String[] cohorts = {"regular", "high end", "high end", "regular", "high end"};
        SubscriberIntervals.Result r = a.score(IDS, TENURE, cohorts, null, RATE, 6, 0.8);
        // each cohort scored with its own model, as the plain scoring of a cohort fit does
        ContractualModel high = ContractualFitter.cohortModel(fit, "high end");
        assertEquals(high.retention(2), r.point().pRenewal()[1], 0.0);
        assertTrue(r.lower().pRenewal()[1] < high.retention(2) && high.retention(2) < r.upper().pRenewal()[1]);
        // within cohorts: a resample keeps each cohort's 1,000 subscribers, so the high-end cohort's
        // churn in year 1 stays far from the regular one's in every refit
        for (ContractualFit f : a.draws()) {
            assertTrue(ContractualFitter.cohortModel(f, "high end").retention(1)
                    > ContractualFitter.cohortModel(f, "regular").retention(1) + 0.15);
        }
    }

    @Test
    void covariateFitsDrawTheCoefficientsToo() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11);
        SubscriberHistories basic = ContractualSimulator.of(ShiftedBetaGeometric.of(0.8, 2.0))
                .subscribers(800, 1, 8, rng);
        SubscriberHistories premium = ContractualSimulator.of(ShiftedBetaGeometric.of(0.8, 5.0))
                .subscribers(800, 1, 8, rng);
        Map<String, SubscriberHistories> m = new LinkedHashMap<>();
        m.put("basic", basic);
        m.put("premium", premium);
        SubscriberHistories all = SubscriberHistories.withCohortIndicators(m);
        // the same data as a covariate fit: plan=premium as a subscriber covariate
        List<String> names = List.of("plan=premium");
        int n = all.rows();
        int[] p = new int[n];
        boolean[] c = new boolean[n];
        double[] w = new double[n];
        double[][] x = new double[n][1];
        for (int i = 0; i < n; i++) {
            p[i] = all.periods(i);
            c[i] = all.cancelled(i);
            w[i] = all.count(i);
            x[i][0] = all.covariate(i, 0);
        }
        SubscriberHistories h = SubscriberHistories.ofCounts(p, c, w, names, x);
        ContractualFit fit = ContractualFitter.of().fitWithCovariates(ContractualKind.SBG, h, CovariateTarget.DELTA);
        org.churnkit.model.Covariates cov = org.churnkit.model.Covariates.of(names, new double[][] {{0, 1}})
                .withIds(new String[] {"x", "y"});
        SubscriberCovariates sc = SubscriberCovariates.of(cov);
        SubscriberIntervals e = SubscriberIntervals.asymptotic(fit, 200, 5);
        SubscriberIntervals.Result r = e.score(new String[] {"x", "y"}, new int[] {3, 3}, null, sc, RATE, 4, 0.9);
        SubscriberScoring.Result plain = sc.score(fit, RATE, 4, new String[] {"x", "y"}, new int[] {3, 3});
        assertArrayEquals(plain.pRenewal(), r.point().pRenewal(), 0.0);
        assertTrue(r.point().pRenewal()[1] > r.point().pRenewal()[0]);
        for (int i = 0; i < 2; i++) {
            assertTrue(r.lower().pRenewal()[i] < r.point().pRenewal()[i]
                    && r.point().pRenewal()[i] < r.upper().pRenewal()[i]);
        }
        double[][] pi = e.parameterIntervals(0.9);
        assertTrue(pi[2][0] < Math.log(5.0 / 2.0) && Math.log(5.0 / 2.0) < pi[2][1], Arrays.toString(pi[2]));
        SubscriberIntervals boot = SubscriberIntervals.bootstrap(fit, h, 40, 5);
        assertFalse(boot.draws().isEmpty());
        SubscriberIntervals.Result rb = boot.score(new String[] {"x", "y"}, new int[] {3, 3}, null, sc, RATE, 4, 0.9);
        assertTrue(rb.lower().pRenewal()[1] < rb.point().pRenewal()[1]);
        assertThrows(IllegalArgumentException.class,
                () -> e.score(new String[] {"x"}, new int[] {3}, null, null, RATE, 4, 0.9));
    }

    @Test
    void aFitWithoutCovarianceSaysToRefit() {
        String old = "{\"format_version\": 1, \"model\": \"sbg\", \"family\": \"contractual\", "
                + "\"parameters\": {\"gamma\": 0.704, \"delta\": 1.182}, \"standard_errors\": {\"gamma\": 0.1, "
                + "\"delta\": 0.2}, \"log_likelihood\": -1680.3, \"subscribers\": 1000, \"converged\": true}";
        ContractualModelFiles.Contents c = ContractualModelFiles.parse(old, "old.json");
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> SubscriberIntervals.asymptotic(c.fit(), 10, 1));
        assertTrue(e.getMessage().contains("refit"), e.getMessage());
    }

    @Test
    void predictiveDistributionHasTheExpectedPeriodsAsItsMean() {
        ShiftedBetaGeometric m = ShiftedBetaGeometric.of(0.704, 1.182);
        RenewalDistribution rd = RenewalDistribution.of(m, 12);
        SubscriberScoring.Result s = SubscriberScoring.of(m, RATE, 12).score(IDS, TENURE);
        for (int i = 0; i < IDS.length; i++) {
            double[] p = rd.probabilities(TENURE[i]);
            double mean = 0;
            double mass = 0;
            for (int k = 0; k < p.length; k++) {
                mean += k * p[k];
                mass += p[k];
            }
            assertEquals(1, mass, 1e-12);
            assertEquals(s.expectedPeriods()[i], mean, 1e-12);
            int[] iv = rd.interval(TENURE[i], 0.8);
            // at least 80 % of the probability inside, and not without need: dropping an end loses it
            double in = 0;
            for (int k = iv[0]; k <= iv[1]; k++) {
                in += p[k];
            }
            assertTrue(in >= 0.8, "mass " + in);
        }
        // a subscriber in period 1 of the regular cohort: 37 % cancel at once, most of the rest stay
        assertArrayEquals(new int[] {0, 12}, rd.interval(1, 0.8));
        assertArrayEquals(new int[][] {{0, 0, 0}, {12, 12, 12}},
                rd.intervals(new String[] {"a", "b", "c"}, new int[] {1, 1, 2}, 0.8));
    }

    /** sBG parameters of the coverage study: a mean churn of 0.3 a period, some heterogeneity. */
    private static final double G = 1.2;
    private static final double D = 2.8;
    private static final int HORIZON = 12;

    /**
     * 90 % intervals of the parameters and of P(renewal) and expected periods (computed at the true
     * parameters) cover the truth in 85-95 % of 200 repetitions, for asymptotic draws and the
     * bootstrap; the predictive ranges cover the realised further periods at the nominal rate.
     */
    @Test
    void coverageOnDataSimulatedFromKnownParameters() {
        ShiftedBetaGeometric truth = ShiftedBetaGeometric.of(G, D);
        int reps = 200;
        int[] tenures = {1, 3, 6};
        int horizon = HORIZON;
        String[] ids = {"t1", "t3", "t6"};
        SubscriberScoring.Result exact = SubscriberScoring.of(truth, RATE, horizon).score(ids, tenures);
        String[] labels = {"gamma", "delta", "p_renewal(1)", "p_renewal(3)", "p_renewal(6)", "expected(1)",
            "expected(3)", "expected(6)"};
        int[][] hits = new int[2][labels.length];
        double[] levels = {0.5, 0.8, 0.9};
        long[] predIn = new long[levels.length];
        double[] predMass = new double[levels.length];
        long predN = 0;
        long t0 = System.nanoTime();
        for (int rep = 0; rep < reps; rep++) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(1000 + rep);
            Simulated sim = simulate(500, 1, 8, rng);
            ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, sim.histories());
            SubscriberIntervals[] engines = {SubscriberIntervals.asymptotic(fit, 200, rep),
                SubscriberIntervals.bootstrap(fit, sim.histories(), 100, rep)};
            for (int m = 0; m < 2; m++) {
                double[][] pi = engines[m].parameterIntervals(0.9);
                SubscriberIntervals.Result r = engines[m].score(ids, tenures, null, null, RATE, horizon, 0.9);
                double[] truths = {G, D, exact.pRenewal()[0], exact.pRenewal()[1], exact.pRenewal()[2],
                    exact.expectedPeriods()[0], exact.expectedPeriods()[1], exact.expectedPeriods()[2]};
                double[] lo = {pi[0][0], pi[1][0], r.lower().pRenewal()[0], r.lower().pRenewal()[1],
                    r.lower().pRenewal()[2], r.lower().expectedPeriods()[0], r.lower().expectedPeriods()[1],
                    r.lower().expectedPeriods()[2]};
                double[] hi = {pi[0][1], pi[1][1], r.upper().pRenewal()[0], r.upper().pRenewal()[1],
                    r.upper().pRenewal()[2], r.upper().expectedPeriods()[0], r.upper().expectedPeriods()[1],
                    r.upper().expectedPeriods()[2]};
                for (int j = 0; j < labels.length; j++) {
                    if (lo[j] <= truths[j] && truths[j] <= hi[j]) {
                        hits[m][j]++;
                    }
                }
            }
            // predictive: the active subscribers' realised further periods over the horizon
            RenewalDistribution rd = RenewalDistribution.of(fit.model(), horizon);
            for (int i = 0; i < sim.activeTenure().length; i++) {
                int realised = sim.furtherPeriods()[i];
                for (int l = 0; l < levels.length; l++) {
                    int[] iv = rd.interval(sim.activeTenure()[i], levels[l]);
                    if (iv[0] <= realised && realised <= iv[1]) {
                        predIn[l]++;
                    }
                    double[] p = rd.probabilities(sim.activeTenure()[i]);
                    for (int k = iv[0]; k <= iv[1]; k++) {
                        predMass[l] += p[k];
                    }
                }
                predN++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder report = new StringBuilder();
        for (int m = 0; m < 2; m++) {
            for (int j = 0; j < labels.length; j++) {
                report.append(String.format(Locale.ROOT, "%s %s %.3f; ", m == 0 ? "asymptotic" : "bootstrap",
                        labels[j], hits[m][j] / (double) reps));
            }
        }
        for (int l = 0; l < levels.length; l++) {
            report.append(String.format(Locale.ROOT, "predictive %.0f %%: %.3f (the intervals' mass %.3f); ",
                    100 * levels[l], predIn[l] / (double) predN, predMass[l] / predN));
        }
        System.out.println("coverage over " + reps + " repetitions (" + String.format(Locale.ROOT, "%.1f s", seconds)
                + "): " + report);
        for (int m = 0; m < 2; m++) {
            for (int j = 0; j < labels.length; j++) {
                double cover = hits[m][j] / (double) reps;
                assertTrue(cover >= 0.85 && cover <= 0.95, labels[j] + ": " + report);
            }
        }
        for (int l = 0; l < levels.length; l++) {
            double cover = predIn[l] / (double) predN;
            // a discrete count in 0..H: an interval holds at least the level of the model's
            // probability, often more (a bounded count piles up at 0 and H); the realised share
            // matches the probability the fitted model puts in the intervals
            assertTrue(cover >= levels[l] - 0.01, report.toString());
            assertEquals(predMass[l] / predN, cover, 0.02, report.toString());
        }
    }

    /** Simulated subscribers with what the active ones went on to do. */
    private record Simulated(SubscriberHistories histories, int[] activeTenure, int[] furtherPeriods) {
    }

    /**
     * {@code n} subscribers, each observed for {@code w} periods ({@code w} uniform on
     * {@code min..max}): lifetime {@code T} from theta ~ Beta(G, D), {@code T} geometric; one with
     * {@code T < w} cancelled at {@code T}, any other active in period {@code w}, going on to pay
     * {@code min(T - w, H)} further periods of the next {@code H}.
     */
    private static Simulated simulate(int n, int min, int max, UniformRandomProvider rng) {
        org.apache.commons.rng.sampling.distribution.ContinuousSampler beta = ChengBetaSampler.of(rng, G, D);
        int[] periods = new int[n];
        boolean[] cancelled = new boolean[n];
        List<Integer> active = new ArrayList<>();
        List<Integer> further = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double theta = beta.sample();
            int t = (int) Math.min(1e9, Math.max(1, Math.ceil(Math.log(rng.nextDouble()) / Math.log1p(-theta))));
            int w = min + rng.nextInt(max - min + 1);
            if (t < w) {
                periods[i] = t;
                cancelled[i] = true;
            } else {
                periods[i] = w;
                active.add(w);
                further.add(Math.min(t - w, HORIZON));
            }
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        return new Simulated(SubscriberHistories.ofCounts(periods, cancelled, ones),
                active.stream().mapToInt(Integer::intValue).toArray(),
                further.stream().mapToInt(Integer::intValue).toArray());
    }
}
