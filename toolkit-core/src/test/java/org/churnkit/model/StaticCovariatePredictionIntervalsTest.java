package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Prediction intervals of static-covariate models ({@link CovariatePredictionIntervals}). */
class StaticCovariatePredictionIntervalsTest {

    static Stream<Arguments> kinds() {
        return Stream.of(Arguments.of(ModelKind.PARETO_NBD), Arguments.of(ModelKind.BG_NBD));
    }

    private static Histories sample(ModelKind kind, int n, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        Histories h = kind == ModelKind.PARETO_NBD
                ? ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7))
                        .simulateHistories(ParetoNbdSimulator.uniformAges(n, 27, 39, rng), rng)
                : StaticCovariateRecoveryTest.simulate(kind, n, new double[] {0.7, 6, 0.8, 3}, new double[2],
                        new double[2], rng).histories();
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = h.frequency(i) == 0 ? 0 : 20 + (i % 7) * 3;
        }
        return Histories.of(h.frequencies(), h.recencies(), h.ages(), m, null, null);
    }

    /**
     * Coefficients fixed at zero with zero covariance rows and columns: the draws of the base
     * parameters are the plain model's from the same seed, to the bit, and every score column's
     * interval is the plain model's (a relative 1e-12: the covariate scorer and the plain interval
     * engine evaluate the same formulas in different orders of rows).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void zeroCoefficientsWithoutVarianceGiveThePlainIntervals(ModelKind kind) {
        // BG/NBD's DERT is a numerical sum, scored per customer and draw here: fewer of both keep it quick.
        boolean pareto = kind == ModelKind.PARETO_NBD;
        Histories h = sample(kind, pareto ? 2000 : 300, 5L);
        int nd = pareto ? 150 : 40;
        FitResult<?> f = kind == ModelKind.PARETO_NBD ? ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(), h)
                : ModelFitter.of().fitOrThrow(BgNbdLikelihood.of(), h);
        TransactionModel plain = (TransactionModel) f.model();
        double[][] base = f.logCovariance();
        double[][] joint = new double[6][6];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(base[i], 0, joint[i], 0, 4);
        }
        List<String> names = new java.util.ArrayList<>(kind.parameterNames());
        names.add("purchase:z");
        names.add("dropout:w");
        StaticCovariateModel model = StaticCovariateModel.of(plain, List.of("z"), new double[] {0}, List.of("w"),
                new double[] {0}, Map.of()).withCovariance(names, joint);
        double[][] z = new double[2][h.size()];
        for (int i = 0; i < h.size(); i++) {
            z[0][i] = (i % 5) - 2.0;
            z[1][i] = (i % 3) * 0.7;
        }
        Covariates cov = Covariates.of(List.of("z", "w"), z);
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        ScoringSettings s = ScoringSettings.of(39).withSpendModel(gg).withDiscountRate(0.0027).withMargin(0.3);

        ParameterDraws plainDraws = ParameterDraws.asymptotic(f, nd, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        List<StaticCovariateModel> draws = CovariatePredictionIntervals.asymptoticDraws(model, nd, 9L);
        for (int k = 0; k < draws.size(); k++) {
            assertArrayEquals(plainDraws.draw(k), draws.get(k).plainModel().parameterArray(), 0.0, "draw " + k);
            assertArrayEquals(new double[] {0}, draws.get(k).purchaseCoefficients(), 0.0);
            assertArrayEquals(new double[] {0}, draws.get(k).dropoutCoefficients(), 0.0);
        }
        ScoreIntervals want = PredictionIntervals.of(plain, plainDraws, s).score(h, 0.9);
        ScoreIntervals got = CovariatePredictionIntervals.of(model, draws, ParameterDraws.Method.ASYMPTOTIC, s)
                .score(h, cov, 0.9);
        assertEquals(want.columns(), got.columns());
        assertEquals(7, got.columns().size());
        for (ScoreColumn c : got.columns()) {
            close(want.lower(c), got.lower(c), c.column() + " lower");
            close(want.upper(c), got.upper(c), c.column() + " upper");
            close(want.point().get(c), got.point().get(c), c.column());
        }
        assertEquals(want.totalExpectedTransactions().lower(), got.totalExpectedTransactions().lower(),
                1e-12 * want.totalExpectedTransactions().lower());
        assertEquals(want.totalExpectedTransactions().upper(), got.totalExpectedTransactions().upper(),
                1e-12 * want.totalExpectedTransactions().upper());
        assertEquals(ParameterDraws.Method.ASYMPTOTIC, got.method());
        assertEquals(nd, got.draws());
    }

    private static void close(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12 * Math.abs(want[i]) + 1e-300, what + " row " + i);
        }
    }

    /**
     * A fit on customers simulated with a known covariate effect: the 90 % intervals of the expected
     * transactions, from draws of all parameters, cover each customer's expectation at the true
     * parameters for most customers (one data set, so the customers' coverage is correlated: a
     * sanity check, not a rate), the same seed reproduces them to the bit, and they follow the
     * effect (customers with p1 = 1 buy more).
     */
    @Test
    void intervalsOfAFitCoverTheTrueExpectationsAndAreReproducible() {
        double[] base = {0.8, 8, 0.6, 10};
        double[] gp = {0.6, -0.4};
        double[] gd = {0.5, -0.7};
        StaticCovariateRecoveryTest.Simulated sim = StaticCovariateRecoveryTest.simulate(ModelKind.PARETO_NBD, 4000,
                base, gp, gd, RandomSource.XO_RO_SHI_RO_128_PP.create(21L));
        Histories h = sim.histories();
        StaticCovariateFit fit = StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, h, sim.covariates(),
                StaticCovariateFitter.Options.of(List.of("p1", "p2"), List.of("d1", "d2")));
        StaticCovariateModel m = fit.model();
        assertEquals(List.of("r", "alpha", "s", "beta", "purchase:p1", "purchase:p2", "dropout:d1", "dropout:d2"),
                m.covarianceNames());
        double[][] c = m.covariance().orElseThrow();
        assertEquals(Math.pow(fit.estimate("purchase:p1").standardError(), 2), c[4][4], 1e-12 * c[4][4]);
        assertEquals(m, StaticCovariateModel.parse(m.toJson(), "round trip"), "the covariance round-trips");

        StaticCovariateModel truth = StaticCovariateModel.of(ParetoNbd.of(base[0], base[1], base[2], base[3]),
                List.of("p1", "p2"), gp, List.of("d1", "d2"), gd, Map.of());
        ScoringSettings s = ScoringSettings.of(39);
        double[] want = truth.score(h, sim.covariates(), s).expectedTransactions();
        ScoreIntervals a = CovariatePredictionIntervals.of(m, CovariatePredictionIntervals.asymptoticDraws(m, 200, 3L),
                ParameterDraws.Method.ASYMPTOTIC, s).score(h, sim.covariates(), 0.9);
        ScoreIntervals b = CovariatePredictionIntervals.of(m, CovariatePredictionIntervals.asymptoticDraws(m, 200, 3L),
                ParameterDraws.Method.ASYMPTOTIC, s.withExecutor(Runnable::run)).score(h, sim.covariates(), 0.9);
        double[] lo = a.lower(ScoreColumn.EXPECTED_TRANSACTIONS);
        double[] hi = a.upper(ScoreColumn.EXPECTED_TRANSACTIONS);
        assertArrayEquals(lo, b.lower(ScoreColumn.EXPECTED_TRANSACTIONS), 0.0);
        assertArrayEquals(hi, b.upper(ScoreColumn.EXPECTED_TRANSACTIONS), 0.0);
        int covered = 0;
        for (int i = 0; i < h.size(); i++) {
            assertTrue(lo[i] < hi[i], "a positive width for row " + i);
            if (lo[i] <= want[i] && want[i] <= hi[i]) {
                covered++;
            }
        }
        double rate = covered / (double) h.size();
        assertTrue(rate >= 0.8, "coverage of the true expectations " + rate);
        // Same history, p1 = 1 against p1 = 0 with the other covariates equal: the interval moves up by ~e^0.6.
        Histories one = Histories.of(new double[] {2, 2}, new double[] {20, 20}, new double[] {39, 39});
        Covariates zs = Covariates.of(List.of("p1", "p2", "d1", "d2"), new double[][] {{1, 0}, {0, 0}, {0, 0}, {0, 0}});
        ScoreIntervals pair = CovariatePredictionIntervals.of(m, CovariatePredictionIntervals.asymptoticDraws(m, 200, 3L),
                ParameterDraws.Method.ASYMPTOTIC, s).score(one, zs, 0.9);
        double[] pl = pair.lower(ScoreColumn.EXPECTED_TRANSACTIONS);
        double[] pu = pair.upper(ScoreColumn.EXPECTED_TRANSACTIONS);
        assertTrue(pl[0] > pl[1] && pu[0] > pu[1], "p1 = 1 buys more: " + pl[0] + ".." + pu[0] + " against "
                + pl[1] + ".." + pu[1]);
    }

    /** A model file without the covariance (written before it was recorded) loads and is refused for intervals. */
    @Test
    void aModelWithoutCovarianceLoadsAndIsRefusedWithAdviceToRefit() {
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7), List.of("z"),
                new double[] {0.2}, List.of(), new double[0], Map.of());
        StaticCovariateModel read = StaticCovariateModel.parse(m.toJson(), "old.json");
        assertTrue(read.covariance().isEmpty());
        assertTrue(read.covarianceNames().isEmpty());
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> CovariatePredictionIntervals.asymptoticDraws(read, 10, 1L));
        assertTrue(e.getMessage().contains("refit"), e.getMessage());
    }

    @Test
    void aCovarianceThatDoesNotFitTheModelIsRejected() {
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7), List.of("z"),
                new double[] {0.2}, List.of(), new double[0], Map.of());
        double[][] five = new double[5][5];
        assertThrows(IllegalArgumentException.class, () -> m.withCovariance(List.of("r", "alpha", "s", "beta",
                "dropout:z"), five), "no row for the purchase coefficient");
        assertThrows(IllegalArgumentException.class, () -> m.withCovariance(List.of("r", "alpha", "s", "beta",
                "purchase:z"), new double[4][4]), "size");
        double[][] neg = new double[5][5];
        neg[0][0] = -1;
        assertThrows(IllegalArgumentException.class, () -> m.withCovariance(List.of("r", "alpha", "s", "beta",
                "purchase:z"), neg), "negative variance");
        String bad = m.withCovariance(List.of("r", "alpha", "s", "beta", "purchase:z"), five).toJson()
                .replace("\"parameters\"", "\"params\"");
        assertThrows(org.churnkit.io.BadInputException.class, () -> StaticCovariateModel.parse(bad, "bad.json"));
    }
}
