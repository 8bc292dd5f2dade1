package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

/**
 * Covariate-model intervals beyond the asymptotic draws of the transaction model: blocks, spend
 * draws, predictive counts and the bootstrap ({@link CovariatePredictionIntervals},
 * {@link StaticCovariateModel#predictiveIntervals}).
 */
class CovariateIntervalMethodsTest {
    private static final double[] BASE = {0.8, 8, 0.6, 10};
    private static final double[] GP = {0.6, -0.4};
    private static final double[] GD = {0.5, -0.7};
    private static final List<String> P = List.of("p1", "p2");
    private static final List<String> D = List.of("d1", "d2");

    private static StaticCovariateRecoveryTest.Simulated simulate(int n, long seed) {
        return StaticCovariateRecoveryTest.simulate(ModelKind.PARETO_NBD, n, BASE, GP, GD,
                RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    private static Histories withSpend(Histories h) {
        double[] m = new double[h.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = h.frequency(i) == 0 ? 0 : 20 + (i % 7) * 3;
        }
        return Histories.of(h.frequencies(), h.recencies(), h.ages(), m, null, null);
    }

    private static StaticCovariateModel fit(StaticCovariateRecoveryTest.Simulated sim) {
        return StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, sim.histories(), sim.covariates(),
                StaticCovariateFitter.Options.of(P, D)).model();
    }

    /** Blocks of any size and any executor give the same intervals to the bit. */
    @Test
    void blocksAndExecutorsGiveTheSameIntervalsToTheBit() {
        StaticCovariateRecoveryTest.Simulated sim = simulate(1500, 4L);
        Histories h = withSpend(sim.histories());
        StaticCovariateModel m = fit(sim);
        ScoringSettings s = ScoringSettings.of(39).withSpendModel(GammaGamma.of(6.25, 3.74, 15.44))
                .withDiscountRate(0.0027).withMargin(0.3);
        List<StaticCovariateModel> draws = CovariatePredictionIntervals.asymptoticDraws(m, 60, 5L);
        ScoreIntervals one = CovariatePredictionIntervals.of(m, draws, ParameterDraws.Method.ASYMPTOTIC, s)
                .score(h, sim.covariates(), 0.9, h.size());
        ScoreIntervals small = CovariatePredictionIntervals.of(m, draws, ParameterDraws.Method.ASYMPTOTIC,
                s.withExecutor(Runnable::run)).score(h, sim.covariates(), 0.9, 97);
        ScoreIntervals auto = CovariatePredictionIntervals.of(m, draws, ParameterDraws.Method.ASYMPTOTIC, s)
                .score(h, sim.covariates(), 0.9);
        assertEquals(7, one.columns().size());
        for (ScoreColumn c : one.columns()) {
            assertArrayEquals(one.lower(c), small.lower(c), 0.0, c.column());
            assertArrayEquals(one.upper(c), small.upper(c), 0.0, c.column());
            assertArrayEquals(one.lower(c), auto.lower(c), 0.0, c.column());
            assertArrayEquals(one.upper(c), auto.upper(c), 0.0, c.column());
        }
        assertEquals(one.totalExpectedTransactions(), small.totalExpectedTransactions());
    }

    /**
     * Without spend draws expected_spend has a zero-width interval; with them it has the plain
     * engine's interval from the same spend draws (the spend model has no covariates), and the
     * CLV interval widens.
     */
    @Test
    void spendDrawsGiveExpectedSpendThePlainEnginesInterval() {
        StaticCovariateRecoveryTest.Simulated sim = simulate(1200, 6L);
        Histories h = withSpend(sim.histories());
        StaticCovariateModel m = fit(sim);
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        ScoringSettings s = ScoringSettings.of(39).withSpendModel(gg).withDiscountRate(0.0027).withMargin(0.3);
        int nd = 80;
        double[][] ggCov = {{0.04, 0.01, 0}, {0.01, 0.05, 0.01}, {0, 0.01, 0.03}};
        ParameterDraws sd = ParameterDraws.asymptotic(gg.parameterArray(), ggCov, nd,
                RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        List<StaticCovariateModel> draws = CovariatePredictionIntervals.asymptoticDraws(m, nd, 7L);
        ScoreIntervals without = CovariatePredictionIntervals.of(m, draws, ParameterDraws.Method.ASYMPTOTIC, s)
                .score(h, sim.covariates(), 0.9);
        ScoreIntervals with = CovariatePredictionIntervals.of(m, draws, ParameterDraws.Method.ASYMPTOTIC, s)
                .withSpendDraws(sd).score(h, sim.covariates(), 0.9);
        ScoreIntervals plain = PredictionIntervals.of(m.plainModel(), ParameterDraws.of(ParameterDraws.Method.ASYMPTOTIC,
                m.plainModel().parameterArray(), draws.stream().map(d -> d.plainModel().parameterArray())
                        .toArray(double[][]::new)), s).withSpendDraws(sd).score(h, 0.9);
        double[] es0 = without.lower(ScoreColumn.EXPECTED_SPEND);
        double[] es1 = without.upper(ScoreColumn.EXPECTED_SPEND);
        double[] lo = with.lower(ScoreColumn.EXPECTED_SPEND);
        double[] hi = with.upper(ScoreColumn.EXPECTED_SPEND);
        int wider = 0;
        for (int i = 0; i < h.size(); i++) {
            assertEquals(es0[i], es1[i], 0.0, "zero width without spend draws, row " + i);
            assertEquals(plain.lower(ScoreColumn.EXPECTED_SPEND)[i], lo[i], 1e-12 * lo[i], "row " + i);
            assertEquals(plain.upper(ScoreColumn.EXPECTED_SPEND)[i], hi[i], 1e-12 * hi[i], "row " + i);
            assertTrue(lo[i] < hi[i], "a positive width with spend draws, row " + i);
            double w0 = without.upper(ScoreColumn.CLV)[i] - without.lower(ScoreColumn.CLV)[i];
            double w1 = with.upper(ScoreColumn.CLV)[i] - with.lower(ScoreColumn.CLV)[i];
            wider += w1 > w0 ? 1 : 0;
        }
        assertTrue(wider > 0.9 * h.size(), "the CLV interval widens for most customers: " + wider);
        assertThrows(IllegalArgumentException.class, () -> CovariatePredictionIntervals.of(m, draws,
                ParameterDraws.Method.ASYMPTOTIC, s).withSpendDraws(ParameterDraws.asymptotic(gg.parameterArray(),
                ggCov, nd - 1, RandomSource.XO_RO_SHI_RO_128_PP.create(8L))), "counts differ");
        assertThrows(IllegalArgumentException.class, () -> CovariatePredictionIntervals.of(m, draws,
                ParameterDraws.Method.ASYMPTOTIC, ScoringSettings.of(39)).withSpendDraws(sd), "no spend model");
    }

    /**
     * The predictive interval of each customer's count is that of the customer's own model; with
     * every coefficient zero it is the plain model's, and it holds its level on customers simulated
     * from the model (the realised holdout counts).
     */
    @Test
    void predictiveIntervalsAreThoseOfEachCustomersOwnModel() {
        StaticCovariateRecoveryTest.Simulated sim = simulate(800, 9L);
        Histories h = sim.histories();
        StaticCovariateModel truth = StaticCovariateModel.of(ParetoNbd.of(BASE[0], BASE[1], BASE[2], BASE[3]), P, GP,
                D, GD, Map.of());
        double[][] got = truth.predictiveIntervals(h, sim.covariates(), 39, 0.8, null);
        double[][] serial = truth.predictiveIntervals(h, sim.covariates(), 39, 0.8, Runnable::run);
        assertArrayEquals(got[0], serial[0], 0.0);
        assertArrayEquals(got[1], serial[1], 0.0);
        Covariates z = sim.covariates();
        for (int i = 0; i < h.size(); i += 37) {
            TransactionModel own = truth.customerModel(new double[] {z.rawValue(i, 0), z.rawValue(i, 1)},
                    new double[] {z.rawValue(i, 2), z.rawValue(i, 3)});
            int[] want = PredictiveDistribution.of(own, 39).interval(h.frequency(i), h.recency(i), h.age(i), 0.8);
            assertEquals(want[0], got[0][i], 0.0, "row " + i);
            assertEquals(want[1], got[1][i], 0.0, "row " + i);
        }
        StaticCovariateModel zero = StaticCovariateModel.of(ParetoNbd.of(BASE[0], BASE[1], BASE[2], BASE[3]), P,
                new double[2], D, new double[2], Map.of());
        double[][] plain = PredictiveDistribution.of(zero.plainModel(), 39).intervals(h, 0.8);
        double[][] zeros = zero.predictiveIntervals(h, sim.covariates(), 39, 0.8, null);
        assertArrayEquals(plain[0], zeros[0], 0.0);
        assertArrayEquals(plain[1], zeros[1], 0.0);
        assertTrue(!java.util.Arrays.equals(plain[1], got[1]), "the covariates move the intervals");
        // correlated rates: the intervals of the mixture (CorrelatedPredictiveDistributionTest checks
        // them); a slight correlation moves few of them
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(BASE[0], BASE[1]), SarmanovMixing.logL(BASE[2], BASE[3]), c);
        double[][] correlated = truth.withCorrelation(0.5 * SarmanovMixing.lower(c)).predictiveIntervals(h,
                sim.covariates(), 39, 0.8, null);
        int same = 0;
        for (int i = 0; i < h.size(); i++) {
            assertTrue(correlated[0][i] <= correlated[1][i], "row " + i);
            same += correlated[1][i] == got[1][i] ? 1 : 0;
        }
        assertTrue(same > h.size() / 2, same + " of " + h.size());
    }

    /**
     * The bootstrap: the same seed gives the same refits to the bit; the refits scatter around the
     * estimate with spreads close to the asymptotic standard errors; a shared coefficient stays
     * shared.
     */
    @Test
    void theBootstrapIsReproducibleAndAgreesWithTheAsymptoticErrors() {
        StaticCovariateRecoveryTest.Simulated sim = simulate(2000, 11L);
        StaticCovariateModel m = fit(sim);
        CovariatePredictionIntervals.Refits a = CovariatePredictionIntervals.bootstrapDraws(m, sim.histories(),
                sim.covariates(), 80, 13L);
        CovariatePredictionIntervals.Refits b = CovariatePredictionIntervals.bootstrapDraws(m, sim.histories(),
                sim.covariates(), 80, 13L);
        assertEquals(80, a.requested());
        assertTrue(a.failures().size() <= 2, "failed refits: " + a.failures());
        assertEquals(a.draws(), b.draws(), "the same seed gives the same refits");
        double[][] cov = m.covariance().orElseThrow();
        // purchase:p1 (row 4) and dropout:d1 (row 6): the bootstrap sd within 25 % of the asymptotic one
        for (int row : new int[] {4, 6}) {
            double[] v = a.draws().stream().mapToDouble(x -> row == 4 ? x.purchaseCoefficients()[0]
                    : x.dropoutCoefficients()[0]).toArray();
            double mean = java.util.Arrays.stream(v).average().orElseThrow();
            double sd = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
            double se = Math.sqrt(cov[row][row]);
            assertTrue(Math.abs(sd / se - 1) < 0.25, "row " + row + ": bootstrap sd " + sd + ", asymptotic " + se);
        }
        ScoreIntervals si = CovariatePredictionIntervals.of(m, a.draws(), ParameterDraws.Method.BOOTSTRAP,
                ScoringSettings.of(39)).score(sim.histories(), sim.covariates(), 0.9);
        assertEquals(ParameterDraws.Method.BOOTSTRAP, si.method());

        StaticCovariateModel shared = StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, sim.histories(),
                sim.covariates(), StaticCovariateFitter.Options.of(List.of("p1"), List.of("p1"))
                        .withEqual(List.of("p1"))).model();
        for (StaticCovariateModel d : CovariatePredictionIntervals.bootstrapDraws(shared, sim.histories(),
                sim.covariates(), 10, 1L).draws()) {
            assertEquals(d.purchaseCoefficients()[0], d.dropoutCoefficients()[0], 0.0);
        }
        assertThrows(ChurnkitException.class, () -> CovariatePredictionIntervals.bootstrapDraws(m,
                sim.histories().withIds(IntStream.range(0, sim.histories().size()).mapToObj(i -> "c" + i)
                        .toArray(String[]::new)), sim.covariates().withIds(IntStream.range(0,
                        sim.histories().size()).mapToObj(i -> "x" + i).toArray(String[]::new)), 5, 1L),
                "customers without covariates");
    }

    /**
     * 90 % intervals, 200 data sets of 1,500 customers simulated from known parameters (a binary
     * purchase and a binary dropout covariate): the intervals of P(alive) and of the conditional
     * expectation of fixed histories with both covariate values, from 100 asymptotic draws of the
     * fitted model, cover those at the true parameters 85-95 % of the time.
     */
    @Test
    void asymptoticIntervalsCoverTheTrueExpectationsNinetyPercentOfTheTime() {
        check("asymptotic", coverage(200, 1500, 100, 0)[0]);
    }

    /**
     * As {@link #asymptoticIntervalsCoverTheTrueExpectationsNinetyPercentOfTheTime} with 60
     * bootstrap refits per data set in place of the draws (12,000 refits: tagged large).
     */
    @Test
    @org.junit.jupiter.api.Tag("large")
    void bootstrapIntervalsCoverTheTrueExpectationsNinetyPercentOfTheTime() {
        check("bootstrap", coverage(200, 1500, 0, 60)[1]);
    }

    private static void check(String method, double[] rates) {
        for (int j = 0; j < rates.length; j++) {
            assertTrue(rates[j] >= 0.85 && rates[j] <= 0.95, method + " coverage of quantity " + j + " is " + rates[j]
                    + "; all: " + java.util.Arrays.toString(rates));
        }
    }

    /**
     * A correlated (Sarmanov) Pareto/NBD fit records omega's row in its covariance (its variance
     * is the squared standard error the fit reports), the draws vary omega with that spread and
     * within its bounds, the intervals have width and are reproducible; a file of such a model
     * without omega's row (written before it was recorded) loads and is refused with advice to refit.
     */
    @Test
    void correlatedModelsDrawOmegaFromTheRecordedCovariance() {
        double r = 1.5;
        double alpha = 1.5;
        double s = 1.0;
        double beta = 2.0;
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(r, alpha), SarmanovMixing.logL(s, beta), c);
        double omega = 0.6 * SarmanovMixing.lower(c);
        org.apache.commons.rng.UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20261205L);
        int n = 4000;
        double[] ages = new double[n];
        for (int i = 0; i < n; i++) {
            ages[i] = 2 + 4 * rng.nextDouble();
        }
        Histories h = SarmanovSimulator.simulate(r, alpha, s, beta, omega, ages, rng);
        CorrelatedFit fit = StaticCovariateFitter.of().fitCorrelated(h);
        StaticCovariateModel m = fit.fit().model();
        assertEquals(List.of("r", "alpha", "s", "beta", "omega"), m.covarianceNames());
        double[][] cov = m.covariance().orElseThrow();
        double se = fit.fit().estimate("omega").standardError();
        assertEquals(se * se, cov[4][4], 1e-9 * se * se);
        assertEquals(m, StaticCovariateModel.parse(m.toJson(), "round trip"), "omega's row round-trips");

        List<StaticCovariateModel> draws = CovariatePredictionIntervals.asymptoticDraws(m, 400, 3L);
        double[] om = draws.stream().mapToDouble(StaticCovariateModel::omega).toArray();
        double mean = java.util.Arrays.stream(om).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(om).map(x -> (x - mean) * (x - mean)).sum() / (om.length - 1));
        assertTrue(Math.abs(sd / se - 1) < 0.2, "drawn omega sd " + sd + ", standard error " + se);
        for (StaticCovariateModel d : draws) {
            double[] t = d.plainModel().parameterArray();
            double[] cd = new double[4];
            SarmanovMixing.corners(SarmanovMixing.logL(t[0], t[1]), SarmanovMixing.logL(t[2], t[3]), cd);
            assertTrue(d.omega() >= SarmanovMixing.lower(cd) && d.omega() <= SarmanovMixing.upper(cd), d.toString());
        }
        Covariates none = Covariates.none(h.size());
        ScoringSettings settings = ScoringSettings.of(4);
        List<StaticCovariateModel> few = draws.subList(0, 100);
        ScoreIntervals a = CovariatePredictionIntervals.of(m, few, ParameterDraws.Method.ASYMPTOTIC, settings)
                .score(h, none, 0.9);
        ScoreIntervals b = CovariatePredictionIntervals.of(m, CovariatePredictionIntervals.asymptoticDraws(m, 400, 3L)
                .subList(0, 100), ParameterDraws.Method.ASYMPTOTIC, settings.withExecutor(Runnable::run))
                .score(h, none, 0.9);
        double[] lo = a.lower(ScoreColumn.EXPECTED_TRANSACTIONS);
        double[] hi = a.upper(ScoreColumn.EXPECTED_TRANSACTIONS);
        assertArrayEquals(lo, b.lower(ScoreColumn.EXPECTED_TRANSACTIONS), 0.0);
        assertArrayEquals(hi, b.upper(ScoreColumn.EXPECTED_TRANSACTIONS), 0.0);
        double[] point = a.point().expectedTransactions();
        int inside = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(hi[i] > lo[i], "row " + i);
            inside += lo[i] <= point[i] && point[i] <= hi[i] ? 1 : 0;
        }
        assertTrue(inside > 0.95 * n, "the estimate lies inside its interval: " + inside);

        // what a file of this model written before omega's row was recorded holds
        String oldJson = StaticCovariateModel.of(m.plainModel(), List.of(), new double[0], List.of(), new double[0],
                Map.of()).withCorrelation(m.omega()).toJson();
        StaticCovariateModel old = StaticCovariateModel.parse(oldJson, "old.json");
        assertTrue(old.covariance().isEmpty(), old.toJson());
        assertEquals(m.omega(), old.omega());
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> CovariatePredictionIntervals.asymptoticDraws(old, 10, 1L));
        assertTrue(e.getMessage().contains("refit"), e.getMessage());
    }

    private static final double[][] HISTORIES = {{0, 0, 39}, {1, 2, 39}, {2, 30.4, 38.9}, {5, 35, 39}};

    /**
     * Per method (asymptotic with {@code draws} draws, bootstrap with {@code refits} refits; a
     * method given 0 is not run) and quantity (P(alive) then expected transactions, each history
     * with z = 0 then z = 1) the share of reps covered.
     */
    private static double[][] coverage(int reps, int n, int draws, int refits) {
        double[] base = {0.55, 10.6, 0.61, 11.7};
        double[] gp = {0.5, 0};
        double[] gd = {-0.6, 0};
        StaticCovariateModel truth = StaticCovariateModel.of(ParetoNbd.of(base[0], base[1], base[2], base[3]),
                List.of("p1"), new double[] {gp[0]}, List.of("d1"), new double[] {gd[0]}, Map.of());
        int k = HISTORIES.length;
        double[] x = new double[2 * k];
        double[] tx = new double[2 * k];
        double[] t = new double[2 * k];
        double[][] z = new double[2][2 * k];
        for (int i = 0; i < 2 * k; i++) {
            x[i] = HISTORIES[i % k][0];
            tx[i] = HISTORIES[i % k][1];
            t[i] = HISTORIES[i % k][2];
            z[0][i] = i / k;
            z[1][i] = i / k;
        }
        Histories fixed = Histories.of(x, tx, t);
        Covariates zf = Covariates.of(List.of("p1", "d1"), z);
        ScoringSettings s = ScoringSettings.of(39).withExecutor(Runnable::run);
        Scores want = truth.score(fixed, zf, s);
        double[] u0 = {Math.log(base[0]), Math.log(base[1]), Math.log(base[2]), Math.log(base[3]), gp[0], gd[0]};
        int q = 4 * k;
        int[][][] hits = new int[2][reps][q];
        IntStream.range(0, reps).parallel().forEach(rep -> {
            StaticCovariateRecoveryTest.Simulated sim = StaticCovariateRecoveryTest.simulate(ModelKind.PARETO_NBD, n,
                    base, gp, gd, RandomSource.XO_RO_SHI_RO_128_PP.create(5000L + rep));
            StaticCovariateModel m = StaticCovariateFitter.of().fitFrom(ModelKind.PARETO_NBD, sim.histories(),
                    sim.covariates(), StaticCovariateFitter.Options.of(List.of("p1"), List.of("d1")), u0).model();
            for (int method = 0; method < 2; method++) {
                boolean bootstrap = method == 1;
                if ((bootstrap ? refits : draws) == 0) {
                    continue;
                }
                List<StaticCovariateModel> d = bootstrap
                        ? CovariatePredictionIntervals.bootstrapDraws(m, sim.histories(), sim.covariates(), refits, rep)
                                .draws()
                        : CovariatePredictionIntervals.asymptoticDraws(m, draws, rep);
                ScoreIntervals si = CovariatePredictionIntervals.of(m, d, bootstrap ? ParameterDraws.Method.BOOTSTRAP
                        : ParameterDraws.Method.ASYMPTOTIC, s).score(fixed, zf, 0.9);
                for (int i = 0; i < 2 * k; i++) {
                    double pa = want.pAlive()[i];
                    double et = want.expectedTransactions()[i];
                    hits[method][rep][i] = si.lower(ScoreColumn.P_ALIVE)[i] <= pa
                            && pa <= si.upper(ScoreColumn.P_ALIVE)[i] ? 1 : 0;
                    hits[method][rep][2 * k + i] = si.lower(ScoreColumn.EXPECTED_TRANSACTIONS)[i] <= et
                            && et <= si.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[i] ? 1 : 0;
                }
            }
        });
        double[][] rates = new double[2][q];
        for (int method = 0; method < 2; method++) {
            for (int j = 0; j < q; j++) {
                int sum = 0;
                for (int[] r : hits[method]) {
                    sum += r[j];
                }
                rates[method][j] = sum / (double) reps;
            }
        }
        System.out.println("coverage (p_alive x" + 2 * k + " | expected x" + 2 * k + "): "
                + (draws > 0 ? "asymptotic " + java.util.Arrays.toString(rates[0]) : "")
                + (refits > 0 ? "bootstrap " + java.util.Arrays.toString(rates[1]) : ""));
        return rates;
    }
}
