package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The predictive distribution of counts under correlated purchase and dropout rates (the Sarmanov
 * Pareto/NBD, {@link StaticCovariateModel#predictiveIntervals} with omega not 0): a proper
 * distribution whose mean is the model's own conditional expectation, equal to two-dimensional
 * integration over the mixing distribution, the independent model's at omega = 0, and holding the
 * realised holdout counts of customers simulated from the model at its levels.
 */
class CorrelatedPredictiveDistributionTest {
    private static final double R = CorrelatedParetoNbdTest.R;
    private static final double ALPHA = CorrelatedParetoNbdTest.ALPHA;
    private static final double S = CorrelatedParetoNbdTest.S;
    private static final double BETA = CorrelatedParetoNbdTest.BETA;

    private static double[] bounds(double r, double alpha, double s, double beta) {
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(r, alpha), SarmanovMixing.logL(s, beta), c);
        return new double[] {SarmanovMixing.lower(c), SarmanovMixing.upper(c)};
    }

    private static StaticCovariateModel withCovariates() {
        return StaticCovariateModel.of(ParetoNbd.of(R, ALPHA, S, BETA), List.of("u"), new double[] {0.3},
                List.of("v"), new double[] {-0.2}, null);
    }

    /** Histories in the model's time unit, with a spread of covariate values. */
    private static final double[][] HISTORIES = {{0, 0, 4}, {2, 3, 6}, {6, 5.5, 6}, {1, 0.5, 5}, {12, 2, 6},
        {0, 0, 0.5}, {4, 4, 4}, {30, 5.9, 6}};
    private static final double[] U = {0, 1, -1, 0.5, 0, -1, 1, 0};
    private static final double[] V = {0, -1, 1, 0, 0.5, 1, 0, -0.5};

    @Test
    void probabilitiesSumToOneAreNonNegativeAndHaveTheModelsMean() {
        int n = HISTORIES.length;
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = HISTORIES[i][0];
            tx[i] = HISTORIES[i][1];
            age[i] = HISTORIES[i][2];
        }
        Histories h = Histories.of(x, tx, age);
        Covariates z = Covariates.of(List.of("u", "v"), new double[][] {U, V});
        double[] b = bounds(R, ALPHA, S, BETA);
        double t = 3;
        StaticCovariateModel independent = withCovariates();
        double[][] p0 = independent.predictiveProbabilities(h, z, t, 400);
        for (double omega : new double[] {0.6 * b[0], 0.6 * b[1]}) {
            StaticCovariateModel m = independent.withCorrelation(omega);
            double[][] p = m.predictiveProbabilities(h, z, t, 400);
            double[] et = m.expectedTransactions(h, z, t);
            double moved = 0;
            for (int i = 0; i < n; i++) {
                double mass = 0;
                double mean = 0;
                for (int k = 0; k < p[i].length; k++) {
                    assertTrue(p[i][k] >= 0 && p[i][k] <= 1, "omega " + omega + ", customer " + i + ": P(X = " + k
                            + ") = " + p[i][k]);
                    mass += p[i][k];
                    mean += k * p[i][k];
                    moved = Math.max(moved, Math.abs(p[i][k] - p0[i][k]));
                }
                assertEquals(1, mass, 1e-10, "omega " + omega + ", customer " + i);
                assertEquals(et[i], mean, 1e-9 * Math.max(1, et[i]), "omega " + omega + ", customer " + i);
            }
            assertTrue(moved > 1e-3, "the correlation changes the distribution (else this tests nothing): " + moved);
            // the intervals are the quantiles of these probabilities, on any executor
            for (double level : new double[] {0.5, 0.8, 0.9}) {
                double[][] iv = m.predictiveIntervals(h, z, t, level, null);
                double[][] serial = m.predictiveIntervals(h, z, t, level, Runnable::run);
                assertArrayEquals(iv[0], serial[0], 0.0);
                assertArrayEquals(iv[1], serial[1], 0.0);
                for (int i = 0; i < n; i++) {
                    assertEquals(CountQuantile.of(p[i], (1 - level) / 2), iv[0][i], 0.0,
                            "customer " + i + " at " + level);
                    assertEquals(CountQuantile.of(p[i], (1 + level) / 2), iv[1][i], 0.0,
                            "customer " + i + " at " + level);
                }
            }
        }
    }

    /**
     * P(X = 0) and P(X = 1) against two-dimensional integration over the Sarmanov density of
     * {@code L(lambda, mu | history) P(X = k | lambda, mu, history)}, with, given alive at T and the
     * rates, {@code P(X = 0) = mu/c (1 - e^-ct) + e^-ct} and {@code P(X = 1) = lambda mu (1 - e^-ct
     * (1 + ct))/c^2 + lambda t e^-ct} ({@code c = lambda + mu}): an independent check of the weights
     * of the four shifted models.
     */
    @Test
    void probabilitiesMatchIntegrationOverTheMixingDistribution() {
        double[] b = bounds(R, ALPHA, S, BETA);
        double omega = 0.8 * b[0];
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(R, ALPHA, S, BETA), List.of(), new double[0],
                List.of(), new double[0], null).withCorrelation(omega);
        double[][] customers = {{2, 3, 6}, {0, 0, 4}};
        Histories h = Histories.of(new double[] {2, 0}, new double[] {3, 0}, new double[] {6, 4});
        double t = 3;
        double[][] p = m.predictiveProbabilities(h, Covariates.none(2), t, 1);
        for (int i = 0; i < customers.length; i++) {
            double x = customers[i][0];
            double tx = customers[i][1];
            double bigT = customers[i][2];
            CorrelatedParetoNbdTest.Integrand alive = (l, mu) -> Math.pow(l, x) * Math.exp(-(l + mu) * bigT);
            CorrelatedParetoNbdTest.Integrand dead = (l, mu) -> Math.pow(l, x) * mu / (l + mu)
                    * (Math.exp(-(l + mu) * tx) - Math.exp(-(l + mu) * bigT));
            double[] v = CorrelatedParetoNbdTest.integrateAll(omega, (l, mu) -> alive.at(l, mu) + dead.at(l, mu),
                (l, mu) -> {
                    double c = l + mu;
                    return dead.at(l, mu) + alive.at(l, mu) * (mu / c * -Math.expm1(-c * t) + Math.exp(-c * t));
                },
                (l, mu) -> {
                    double c = l + mu;
                    double e = Math.exp(-c * t);
                    return alive.at(l, mu) * (l * mu * (1 - e * (1 + c * t)) / (c * c) + l * t * e);
                });
            double zero = v[1] / v[0];
            double one = v[2] / v[0];
            assertEquals(zero, p[i][0], 2e-6, "P(X = 0) of customer " + i);
            assertEquals(one, p[i][1], 2e-6, "P(X = 1) of customer " + i);
            double[] plain = PredictiveDistribution.of(ParetoNbd.of(R, ALPHA, S, BETA), t).probabilities(x, tx, bigT, 1);
            assertTrue(Math.abs(plain[0] - p[i][0]) > 1e-3, "the correlation matters here: " + plain[0] + " vs "
                    + p[i][0]);
        }
    }

    @Test
    void omegaZeroIsTheIndependentModel() {
        Histories h = Histories.of(new double[] {0, 2, 6, 12}, new double[] {0, 3, 5.5, 2}, new double[] {4, 6, 6, 6});
        Covariates z = Covariates.of(List.of("u", "v"), new double[][] {{0, 1, -1, 0.5}, {0, -1, 1, 0}});
        StaticCovariateModel m = withCovariates();
        double[][] a = m.predictiveIntervals(h, z, 3, 0.9, null);
        double[][] b = m.withCorrelation(0).predictiveIntervals(h, z, 3, 0.9, null);
        assertArrayEquals(a[0], b[0], 0.0);
        assertArrayEquals(a[1], b[1], 0.0);
        // through the mixture's code: a vanishing omega gives the independent distribution
        double[][] p0 = m.predictiveProbabilities(h, z, 3, 60);
        double[][] pe = m.withCorrelation(1e-12).predictiveProbabilities(h, z, 3, 60);
        for (int i = 0; i < p0.length; i++) {
            assertArrayEquals(p0[i], pe[i], 1e-11, "customer " + i);
        }
        assertArrayEquals(a[1], m.withCorrelation(1e-12).predictiveIntervals(h, z, 3, 0.9, null)[1], 0.0);
    }

    /**
     * Customers simulated from a correlated model (rejection sampling from the Sarmanov density),
     * with their holdout counts: the 50, 80 and 90 % predictive intervals at the true parameters
     * hold the realised counts at the rate the model itself expects (the mean over customers of
     * {@code P(lower <= X <= upper)}, at least the level since the counts are discrete) within 2.5
     * points, about 3.5 binomial standard deviations at 5,000 customers.
     */
    @Test
    void intervalsHoldSimulatedHoldoutCountsAtTheirLevel() {
        double r = 1.5;
        double alpha = 1.5;
        double s = 1.0;
        double beta = 2.0;
        for (double share : new double[] {0.8, -0.8}) {
            double[] b = bounds(r, alpha, s, beta);
            double omega = share > 0 ? share * b[1] : -share * b[0];
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(share > 0 ? 16L : 17L);
            int n = 5000;
            double holdout = 4;
            double[] ages = new double[n];
            for (int i = 0; i < n; i++) {
                ages[i] = 2 + 4 * rng.nextDouble();
            }
            double[] future = new double[n];
            Histories h = SarmanovSimulator.simulate(r, alpha, s, beta, omega, ages, holdout, future, rng);
            StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(r, alpha, s, beta), List.of(), new double[0],
                    List.of(), new double[0], null).withCorrelation(omega);
            Covariates none = Covariates.none(n);
            double[][] p = m.predictiveProbabilities(h, none, holdout, 200);
            StringBuilder report = new StringBuilder("omega " + omega + ":");
            for (double level : new double[] {0.5, 0.8, 0.9}) {
                HoldoutCoverage.check(m.predictiveIntervals(h, none, holdout, level, null), future, p, level, report);
            }
            System.out.println("holdout coverage of predictive intervals, correlated Pareto/NBD: " + report);
        }
    }
}
