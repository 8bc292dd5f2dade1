package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Bootstrap intervals of the correlated (Sarmanov) Pareto/NBD model and of the Pareto/NBD model
 * with time-varying covariates ({@link CovariatePredictionIntervals#bootstrapDraws},
 * {@link TimeVaryingPredictionIntervals#bootstrapDraws}), and the time-varying intervals scored in
 * blocks.
 */
class CorrelatedAndTimeVaryingBootstrapTest {
    private static final double R = 1.5;
    private static final double ALPHA = 1.5;
    private static final double S = 1.0;
    private static final double BETA = 2.0;

    /** Sample standard deviation. */
    static double sd(double[] v) {
        double mean = Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
    }

    /**
     * omega at 30 % of its lower bound: a negative correlation whose estimate on a few thousand
     * customers lies inside its range (at 60 % the estimate of 4,000 customers already sits on the
     * bound, where the asymptotic error does not apply and the refits pile up on the bound too).
     */
    static double trueOmega() {
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(R, ALPHA), SarmanovMixing.logL(S, BETA), c);
        return 0.3 * SarmanovMixing.lower(c);
    }

    /** n customers of the correlated model, ages uniform on [2, 6]. */
    static Histories correlated(int n, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] ages = new double[n];
        for (int i = 0; i < n; i++) {
            ages[i] = 2 + 4 * rng.nextDouble();
        }
        return SarmanovSimulator.simulate(R, ALPHA, S, BETA, trueOmega(), ages, rng);
    }

    /**
     * On 4,000 simulated customers: the same seed gives the same refits to the bit; omega is
     * refitted (its draws vary, stay within the bounds that keep every customer's mixing density
     * non-negative) and the bootstrap spreads of omega and log r agree with the asymptotic
     * standard errors within 35 % (60 refits: the spread itself is known to about 10 %); the 90 %
     * intervals of the expected transactions bracket those at the true parameters for most
     * customers and are stated as bootstrap intervals. A model file without omega's covariance row
     * (written before it was recorded) can still be bootstrapped: refits need no covariance.
     */
    @Test
    void theCorrelatedModelIsBootstrappedWithOmegaFree() {
        Histories h = correlated(4000, 20261205L);
        CorrelatedFit fit = StaticCovariateFitter.of().fitCorrelated(h);
        assertEquals(FitStatus.CONVERGED, fit.fit().status(), "an interior estimate: " + fit.fit().findings());
        StaticCovariateModel m = fit.fit().model();
        Covariates none = Covariates.none(h.size());
        CovariatePredictionIntervals.Refits a = CovariatePredictionIntervals.bootstrapDraws(m, h, none, 60, 13L);
        // Refit b depends on the b-th seed drawn from the seed alone: the first 12 refits of the same
        // seed are the first 60's first 12, to the bit.
        CovariatePredictionIntervals.Refits b = CovariatePredictionIntervals.bootstrapDraws(m, h, none, 12, 13L);
        assertEquals(b.draws(), a.draws().subList(0, b.draws().size()), "the same seed gives the same refits");
        assertTrue(b.draws().size() >= 10, b.failures().toString());
        assertEquals(60, a.requested());
        assertEquals(60, a.draws().size() + a.failures().size());
        assertTrue(a.failures().size() <= 3, "failed refits: " + a.failures());
        double[] om = a.draws().stream().mapToDouble(StaticCovariateModel::omega).toArray();
        double[] logR = a.draws().stream().mapToDouble(d -> Math.log(d.plainModel().parameterArray()[0])).toArray();
        for (StaticCovariateModel d : a.draws()) {
            double[] t = d.plainModel().parameterArray();
            double[] c = new double[4];
            SarmanovMixing.corners(SarmanovMixing.logL(t[0], t[1]), SarmanovMixing.logL(t[2], t[3]), c);
            assertTrue(d.omega() >= SarmanovMixing.lower(c) && d.omega() <= SarmanovMixing.upper(c), d.toString());
        }
        double[][] cov = m.covariance().orElseThrow();
        double seOmega = Math.sqrt(cov[4][4]);
        double seLogR = Math.sqrt(cov[0][0]);
        System.out.printf("correlated bootstrap: sd(omega) %.4f vs se %.4f; sd(log r) %.4f vs se %.4f; %d failed%n",
                sd(om), seOmega, sd(logR), seLogR, a.failures().size());
        assertTrue(Math.abs(sd(om) / seOmega - 1) < 0.35, "omega: bootstrap sd " + sd(om) + ", asymptotic " + seOmega);
        assertTrue(Math.abs(sd(logR) / seLogR - 1) < 0.35, "log r: bootstrap sd " + sd(logR) + ", asymptotic " + seLogR);

        ScoringSettings s = ScoringSettings.of(4);
        ScoreIntervals si = CovariatePredictionIntervals.of(m, a.draws(), ParameterDraws.Method.BOOTSTRAP, s)
                .score(h, none, 0.9);
        assertEquals(ParameterDraws.Method.BOOTSTRAP, si.method());
        StaticCovariateModel truth = StaticCovariateModel.of(ParetoNbd.of(R, ALPHA, S, BETA), List.of(), new double[0],
                List.of(), new double[0], Map.of()).withCorrelation(trueOmega());
        double[] want = truth.score(h, none, s).expectedTransactions();
        double[] lo = si.lower(ScoreColumn.EXPECTED_TRANSACTIONS);
        double[] hi = si.upper(ScoreColumn.EXPECTED_TRANSACTIONS);
        int covered = 0;
        for (int i = 0; i < h.size(); i++) {
            assertTrue(hi[i] > lo[i], "row " + i);
            covered += lo[i] <= want[i] && want[i] <= hi[i] ? 1 : 0;
        }
        assertTrue(covered > 0.75 * h.size(), "the true expectation covered: " + covered + " of " + h.size());

        StaticCovariateModel old = StaticCovariateModel.parse(StaticCovariateModel.of(m.plainModel(), List.of(),
                new double[0], List.of(), new double[0], Map.of()).withCorrelation(m.omega()).toJson(), "old.json");
        assertTrue(old.covariance().isEmpty());
        CovariatePredictionIntervals.Refits c = CovariatePredictionIntervals.bootstrapDraws(old, h, none, 8, 13L);
        assertTrue(c.draws().size() >= 6, c.failures().toString());
        ScoreIntervals oldSi = CovariatePredictionIntervals.of(old, c.draws(), ParameterDraws.Method.BOOTSTRAP, s)
                .score(h, none, 0.9);
        assertEquals(8 - c.failures().size(), oldSi.draws());
    }

    /**
     * A refit started on omega's lower bound stays there: the free variable v is at its limit,
     * where d omega / d v vanishes, so L-BFGS meets its gradient tolerance on the bound although
     * the data's optimum lies inside. On 1,500 simulated customers whose estimate of omega is
     * inside its range, a run started at the estimate's base parameters with omega on its lower
     * bound converges on the bound; the second start of a correlated refit (omega 0) reaches the
     * full fit's optimum, whose log-likelihood is higher, and is kept. Through the bootstrap: a
     * model whose omega was put on its lower bound has its refits converge and leave the bound
     * (with the warm start alone 6 of the 8 refits did not converge: line searches failing on the
     * bound).
     */
    @Test
    void aCorrelatedRefitStartedOnOmegasBoundFindsTheInteriorOptimum() {
        Histories h = correlated(1500, 7002L);
        CorrelatedFit fit = StaticCovariateFitter.of().fitCorrelated(h);
        StaticCovariateModel m = fit.model();
        double[] th = m.plainModel().parameterArray();
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(th[0], th[1]), SarmanovMixing.logL(th[2], th[3]), c);
        double lo = SarmanovMixing.lower(c);
        double hi = SarmanovMixing.upper(c);
        assertTrue((m.omega() - lo) / (hi - lo) > 0.2, "an interior estimate: " + m.omega() + " in [" + lo + ", " + hi + "]");

        StaticCovariateLikelihood lik = new StaticCovariateLikelihood(ModelKind.PARETO_NBD, h, new double[0], 0,
                new double[0], 0, new int[0], new int[0], 0, 0, 0, true);
        double[] u0 = {Math.log(th[0]), Math.log(th[1]), Math.log(th[2]), Math.log(th[3]), -30};
        ModelFitter.Settings settings = ModelFitter.Settings.defaults();
        org.churnkit.numerics.Lbfgs warm = CovariateFitting.refit(lik, u0, null, settings);
        double[] uw = warm.point();
        StaticCovariateLikelihood.OmegaBounds bw = lik.omegaBounds(uw, false);
        assertTrue(warm.converged(), warm.message());
        assertEquals(bw.lo(), lik.omega(uw), 1e-9 * Math.abs(bw.lo()), "the warm start converges on the bound");
        double llWarm = lik.logLikelihood(uw, new double[5]);

        org.churnkit.numerics.Lbfgs best = StaticCovariateFitter.bestOfOmegaStarts(lik, warm, u0, settings);
        double[] ub = best.point();
        double llBest = lik.logLikelihood(ub, new double[5]);
        assertTrue(best.converged(), best.message());
        assertTrue(llBest > llWarm + 0.1, "the interior optimum " + llBest + " beats the bound's " + llWarm);
        assertEquals(fit.fit().logLikelihood(), llBest, 1e-6, "the full fit's optimum");
        assertEquals(m.omega(), lik.omega(ub), 1e-3);
        assertEquals(th[0], Math.exp(ub[0]), 1e-3 * th[0]);

        StaticCovariateModel onBound = m.withCorrelation(lo);
        CovariatePredictionIntervals.Refits b = CovariatePredictionIntervals.bootstrapDraws(onBound, h,
                Covariates.none(h.size()), 8, 3L);
        int onEdge = 0;
        for (StaticCovariateModel d : b.draws()) {
            double[] t = d.plainModel().parameterArray();
            double[] e = new double[4];
            SarmanovMixing.corners(SarmanovMixing.logL(t[0], t[1]), SarmanovMixing.logL(t[2], t[3]), e);
            double l = SarmanovMixing.lower(e);
            onEdge += (d.omega() - l) / (SarmanovMixing.upper(e) - l) < 1e-3 ? 1 : 0;
        }
        assertTrue(b.draws().size() >= 7, b.failures().toString());
        assertTrue(onEdge <= 2, onEdge + " of " + b.draws().size() + " refits on omega's lower bound");
    }

    private static final List<String> NAMES = TimeVaryingCovariateRecoveryTest.NAMES;
    private static final double[] GP = {0.6, 0.4, -0.3};
    private static final double[] GD = {0.8, -0.6, 0.4};

    private static TimeVaryingCovariateModel tvTruth() {
        return TimeVaryingCovariateModel.of(ParetoNbd.of(0.8, 6, 0.7, 10), NAMES, GP, NAMES, GD, Map.of(),
                TimeUnit.WEEKS, 1);
    }

    /**
     * On 3,000 simulated customers with a season, a campaign and a fixed indicator on both
     * processes: the same seed gives the same refits to the bit; the bootstrap spreads of a
     * dropout coefficient and of log r agree with the asymptotic standard errors within 35 % (40
     * refits: the spread itself is known to about 11 %), that of the calendar season's purchase
     * coefficient is narrower (see below); the 90 % intervals are stated as bootstrap intervals, have width and
     * bracket the expectations at the true parameters for most customers.
     */
    @Test
    void theTimeVaryingModelIsBootstrapped() {
        TimeVaryingCovariates d = TimeVaryingCovariateRecoveryTest.simulate(tvTruth(), 3000, 2, 13);
        TimeVaryingCovariateModel m = TimeVaryingCovariateFitter.of().fit(d, StaticCovariateFitter.Options.of(NAMES,
                NAMES)).model();
        TimeVaryingPredictionIntervals.Refits a = TimeVaryingPredictionIntervals.bootstrapDraws(m, d, 40, 7L);
        TimeVaryingPredictionIntervals.Refits b = TimeVaryingPredictionIntervals.bootstrapDraws(m, d, 8, 7L);
        assertEquals(b.draws(), a.draws().subList(0, b.draws().size()), "the same seed gives the same refits");
        assertTrue(b.draws().size() >= 7, b.failures().toString());
        assertEquals(40, a.draws().size() + a.failures().size());
        assertTrue(a.failures().size() <= 2, "failed refits: " + a.failures());
        double[][] cov = m.covariance().orElseThrow();
        double[] season = a.draws().stream().mapToDouble(x -> x.purchaseCoefficients()[0]).toArray();
        double[] gender = a.draws().stream().mapToDouble(x -> x.dropoutCoefficients()[2]).toArray();
        double[] logR = a.draws().stream().mapToDouble(x -> Math.log(x.plainModel().r())).toArray();
        System.out.printf("time-varying bootstrap: sd %.4f %.4f %.4f vs se %.4f %.4f %.4f; %d failed%n", sd(season),
                sd(gender), sd(logR), Math.sqrt(cov[4][4]), Math.sqrt(cov[9][9]), Math.sqrt(cov[0][0]),
                a.failures().size());
        assertTrue(Math.abs(sd(gender) / Math.sqrt(cov[9][9]) - 1) < 0.35, "dropout:gender " + sd(gender));
        // The calendar season's asymptotic standard error is wider than its sampling spread: over 30
        // data sets of this design the estimates' sd was 0.016, the mean asymptotic error 0.022. The
        // bootstrap follows the sampling spread: narrower than the asymptotic error, of its order.
        double ratio = sd(season) / Math.sqrt(cov[4][4]);
        assertTrue(ratio > 0.4 && ratio < 1.1, "purchase:season: bootstrap sd " + sd(season) + ", asymptotic "
                + Math.sqrt(cov[4][4]));
        assertTrue(Math.abs(sd(logR) / Math.sqrt(cov[0][0]) - 1) < 0.35, "log r " + sd(logR));

        ScoringSettings s = ScoringSettings.of(13);
        ScoreIntervals si = TimeVaryingPredictionIntervals.of(m, a.draws(), ParameterDraws.Method.BOOTSTRAP, s)
                .score(d, null, 0.9);
        assertEquals(ParameterDraws.Method.BOOTSTRAP, si.method());
        double[] want = tvTruth().expectedTransactions(d, 13);
        double[] lo = si.lower(ScoreColumn.EXPECTED_TRANSACTIONS);
        double[] hi = si.upper(ScoreColumn.EXPECTED_TRANSACTIONS);
        int covered = 0;
        for (int i = 0; i < d.size(); i++) {
            assertTrue(hi[i] > lo[i], "row " + i);
            covered += lo[i] <= want[i] && want[i] <= hi[i] ? 1 : 0;
        }
        assertTrue(covered > 0.75 * d.size(), "the true expectation covered: " + covered + " of " + d.size());
    }

    /**
     * Time-varying intervals in blocks of any size and on any executor are the same to the bit, and
     * equal the quantiles of every draw's scores of all customers at once (what the engine held in
     * memory before it scored in blocks), spend draws included.
     */
    @Test
    void timeVaryingIntervalsInBlocksEqualThoseOfAllCustomersAtOnce() {
        TimeVaryingCovariateModel truth = tvTruth();
        TimeVaryingCovariates d = TimeVaryingCovariateRecoveryTest.simulate(truth, 700, 3, 13);
        double[][] cov = new double[10][10];
        for (int i = 0; i < 10; i++) {
            cov[i][i] = i < 4 ? 0.01 : 0.004;
            if (i > 0) {
                cov[i][i - 1] = cov[i - 1][i] = 0.001;
            }
        }
        TimeVaryingCovariateModel m = truth.withCovariance(List.of("r", "alpha", "s", "beta", "purchase:season",
                "purchase:campaign", "purchase:gender", "dropout:season", "dropout:campaign", "dropout:gender"), cov);
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        ScoringSettings s = ScoringSettings.of(13).withDiscountRate(0.002).withDiscountHorizon(13).withSpendModel(gg)
                .withMargin(0.3);
        double[] monetary = new double[d.size()];
        for (int i = 0; i < monetary.length; i++) {
            monetary[i] = 20 + (i % 7) * 3;
        }
        int nd = 30;
        List<TimeVaryingCovariateModel> draws = TimeVaryingPredictionIntervals.asymptoticDraws(m, nd, 5L);
        ParameterDraws sd = ParameterDraws.asymptotic(gg.parameterArray(), new double[][] {{0.04, 0.01, 0},
            {0.01, 0.05, 0.01}, {0, 0.01, 0.03}}, nd, RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        TimeVaryingPredictionIntervals engine = TimeVaryingPredictionIntervals.of(m, draws, s).withSpendDraws(sd);
        ScoreIntervals one = engine.score(d, monetary, 0.9, d.size());
        ScoreIntervals small = TimeVaryingPredictionIntervals.of(m, draws, s.withExecutor(Runnable::run))
                .withSpendDraws(sd).score(d, monetary, 0.9, 97);
        ScoreIntervals auto = engine.score(d, monetary, 0.9);
        assertEquals(ParameterDraws.Method.ASYMPTOTIC, one.method());
        assertEquals(List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS, ScoreColumn.EXPECTED_SPEND,
                ScoreColumn.DERT, ScoreColumn.CLV, ScoreColumn.ALIVE_VALUE, ScoreColumn.VALUE_AT_RISK), one.columns());
        for (ScoreColumn c : one.columns()) {
            assertArrayEquals(one.lower(c), small.lower(c), 0.0, c.column());
            assertArrayEquals(one.upper(c), small.upper(c), 0.0, c.column());
            assertArrayEquals(one.lower(c), auto.lower(c), 0.0, c.column());
            assertArrayEquals(one.upper(c), auto.upper(c), 0.0, c.column());
        }
        assertEquals(one.totalExpectedTransactions(), small.totalExpectedTransactions());
        // all customers at once: every draw's scores, then the quantiles per customer
        Scores[] all = new Scores[nd];
        double[] totals = new double[nd];
        for (int k = 0; k < nd; k++) {
            all[k] = draws.get(k).score(d, s.withSpendModel((SpendModel) ModelRegistry.create(ModelKind.GAMMA_GAMMA,
                    sd.draw(k), null)), monetary);
            for (double v : all[k].expectedTransactions()) {
                totals[k] += v;
            }
        }
        double[] values = new double[nd];
        double[] pair = new double[2];
        double[] scratch = new double[PredictionIntervals.SCRATCH];
        for (ScoreColumn c : one.columns()) {
            for (int i = 0; i < d.size(); i++) {
                for (int k = 0; k < nd; k++) {
                    values[k] = all[k].get(c)[i];
                }
                PredictionIntervals.quantiles(values, 0, nd, (1 - 0.9) / 2, (1 + 0.9) / 2, pair, scratch);
                assertEquals(pair[0], one.lower(c)[i], 0.0, c.column() + " row " + i);
                assertEquals(pair[1], one.upper(c)[i], 0.0, c.column() + " row " + i);
            }
        }
        assertEquals(PredictionIntervals.quantile(totals, 0, nd, (1 - 0.9) / 2), one.totalExpectedTransactions().lower(), 0.0);
        assertEquals(PredictionIntervals.quantile(totals, 0, nd, (1 + 0.9) / 2), one.totalExpectedTransactions().upper(), 0.0);
    }
}
