package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.numerics.DifferentiableObjective;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The covariate likelihood against the plain models: with every coefficient zero, or a constant
 * column, it is exactly the plain model (likelihood, gradient and predictions); its analytic
 * gradient against central differences, with and without an equality constraint and a penalty.
 */
class StaticCovariateLikelihoodTest {

    static Stream<Arguments> seeds() {
        return LongStream.of(1, 2, 3, 4, 5, 6).boxed().flatMap(seed -> Stream.of(
                Arguments.of(ModelKind.PARETO_NBD, seed), Arguments.of(ModelKind.BG_NBD, seed)));
    }

    /** Plain-model data of 1500 customers from random (seeded) parameters. */
    static Histories data(ModelKind kind, long seed, double[] params) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        params[0] = 0.3 + rng.nextDouble();
        params[1] = 2 + 10 * rng.nextDouble();
        params[2] = 0.3 + rng.nextDouble();
        params[3] = kind == ModelKind.PARETO_NBD ? 2 + 10 * rng.nextDouble() : 1 + 3 * rng.nextDouble();
        int n = 1500;
        double[] ages = new double[n];
        for (int i = 0; i < n; i++) {
            ages[i] = 10 + 30 * rng.nextDouble();
        }
        double[] a = new double[n];
        double[] b = new double[n];
        java.util.Arrays.fill(a, params[1]);
        java.util.Arrays.fill(b, params[3]);
        if (kind == ModelKind.PARETO_NBD) {
            return ParetoNbdSimulator.simulateHistories(params[0], a, params[2], b, ages, rng);
        }
        double[] c = new double[n];
        java.util.Arrays.fill(c, params[2]);
        return BgNbdSimulator.simulateHistories(params[0], a, c, b, ages, rng);
    }

    static Covariates randomCovariates(int n, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1000);
        double[][] cols = new double[3][n];
        for (int i = 0; i < n; i++) {
            cols[0][i] = rng.nextInt(2);
            cols[1][i] = rng.nextDouble() * 2 - 1;
            cols[2][i] = rng.nextInt(3);
        }
        return Covariates.of(List.of("u", "v", "w"), cols);
    }

    static StaticCovariateLikelihood likelihood(ModelKind kind, Histories h, Covariates c, List<String> purchase,
                                                List<String> dropout, List<String> equal, double lambda) {
        int n = h.size();
        int p = purchase.size();
        int q = dropout.size();
        Covariates cp = c.select(purchase);
        Covariates cd = c.select(dropout);
        double[] zp = cp.rowMajor();
        double[] zd = cd.rowMajor();
        int[] pi = new int[p];
        int[] di = new int[q];
        int free = 0;
        for (int k = 0; k < p; k++) {
            pi[k] = free++;
        }
        for (int k = 0; k < q; k++) {
            di[k] = equal.contains(dropout.get(k)) ? pi[purchase.indexOf(dropout.get(k))] : free++;
        }
        return new StaticCovariateLikelihood(kind, h, zp, p, zd, q, pi, di, free, lambda, lambda);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void zeroCoefficientsAreExactlyThePlainModel(ModelKind kind, long seed) {
        double[] theta = new double[4];
        Histories h = data(kind, seed, theta);
        Covariates c = randomCovariates(h.size(), seed);
        StaticCovariateLikelihood lik = likelihood(kind, h, c, List.of("u", "v"), List.of("v", "w"), List.of(), 0);
        double[] u = new double[lik.dimension()];
        for (int j = 0; j < 4; j++) {
            u[j] = Math.log(theta[j]);
        }
        // exp(log theta) may differ from theta by an ulp: the plain model gets the same numbers.
        double[] nat = new double[4];
        for (int j = 0; j < 4; j++) {
            nat[j] = Math.exp(u[j]);
        }
        double[] g = new double[lik.dimension()];
        double ll = lik.logLikelihood(u, g);
        double[] pg = new double[4];
        double plain = LogScaleObjective.evaluate(ModelRegistry.likelihood(kind), h, nat, pg);
        if (kind == ModelKind.PARETO_NBD) {
            assertEquals(plain, ll, 0.0, "log-likelihood");
        } else {
            // The covariate path sums BG/NBD's Beta ratios term by term (the plain path subtracts
            // two log-Beta values): equal to rounding.
            assertEquals(plain, ll, 1e-12 * Math.abs(plain), "log-likelihood");
        }
        for (int j = 0; j < 4; j++) {
            assertEquals(pg[j] * nat[j], g[j], 1e-10 * Math.abs(pg[j] * nat[j]) + 1e-10, "gradient " + j);
        }
        TransactionModel plainModel = (TransactionModel) ModelRegistry.likelihood(kind).create(nat, null);
        StaticCovariateModel m = StaticCovariateModel.of(plainModel, List.of("u", "v"), new double[2],
                List.of("v", "w"), new double[2], null);
        assertArrayEquals(plainModel.pAlive(h), m.pAlive(h, c), 0.0);
        assertArrayEquals(plainModel.expectedTransactions(h, 10), m.expectedTransactions(h, c, 10), 0.0);
        assertArrayEquals(plainModel.discountedExpectedTransactions(h, 0.01, Double.POSITIVE_INFINITY),
                m.discountedExpectedTransactions(h, c, 0.01, Double.POSITIVE_INFINITY), 0.0);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void aConstantColumnOnlyRescalesThePlainModel(ModelKind kind, long seed) {
        double[] theta = new double[4];
        Histories h = data(kind, seed, theta);
        int n = h.size();
        double[][] one = new double[1][n];
        java.util.Arrays.fill(one[0], 1.0);
        Covariates c = Covariates.of(List.of("one"), one);
        double gp = 0.3;
        double gd = -0.2;
        TransactionModel plain = (TransactionModel) ModelRegistry.likelihood(kind).create(theta, null);
        StaticCovariateModel m = StaticCovariateModel.of(plain, List.of("one"), new double[] {gp}, List.of("one"),
                new double[] {gd}, null);
        double[] t = theta.clone();
        t[1] = theta[1] * Math.exp(-gp);
        if (kind == ModelKind.PARETO_NBD) {
            t[3] = theta[3] * Math.exp(-gd);
        } else {
            t[2] = theta[2] * Math.exp(gd);
            t[3] = theta[3] * Math.exp(gd);
        }
        TransactionModel shifted = (TransactionModel) ModelRegistry.likelihood(kind).create(t, null);
        assertArrayEquals(shifted.pAlive(h), m.pAlive(h, c), 0.0);
        assertArrayEquals(shifted.expectedTransactions(h, 5), m.expectedTransactions(h, c, 5), 0.0);
        double expected = 0;
        for (double v : shifted.logLikelihood(h)) {
            expected += v;
        }
        assertEquals(expected, m.logLikelihood(h, c), 1e-9 * Math.abs(expected));
    }

    static Stream<Arguments> gradientCases() {
        return Stream.of(ModelKind.PARETO_NBD, ModelKind.BG_NBD).flatMap(k -> Stream.of(
                Arguments.of(k, List.of(), 0.0), Arguments.of(k, List.of("v"), 0.0), Arguments.of(k, List.of("v"), 5.0)));
    }

    @ParameterizedTest(name = "{0} equal {1} lambda {2}")
    @MethodSource("gradientCases")
    void analyticGradientMatchesCentralDifferences(ModelKind kind, List<String> equal, double lambda) {
        double[] theta = new double[4];
        Histories h = data(kind, 7, theta);
        Covariates c = randomCovariates(h.size(), 7);
        StaticCovariateLikelihood lik = likelihood(kind, h, c, List.of("u", "v"), List.of("v", "w"), equal, lambda);
        double[] u = new double[lik.dimension()];
        for (int j = 0; j < 4; j++) {
            u[j] = Math.log(theta[j]) + 0.1;
        }
        for (int j = 4; j < u.length; j++) {
            u[j] = 0.2 * (j % 2 == 0 ? 1 : -1) + 0.05 * j;
        }
        DifferentiableObjective f = lik.objective();
        double[] g = new double[u.length];
        double f0 = f.value(u, g);
        assertTrue(Double.isFinite(f0));
        for (int j = 0; j < u.length; j++) {
            double hstep = 1e-5;
            double[] a = u.clone();
            double[] scratch = new double[u.length];
            a[j] += hstep;
            double up = f.value(a, scratch);
            a[j] = u[j] - hstep;
            double down = f.value(a, scratch);
            double fd = (up - down) / (2 * hstep);
            assertEquals(fd, g[j], 1e-6 * Math.max(1, Math.abs(fd)), "component " + j);
        }
    }
}
