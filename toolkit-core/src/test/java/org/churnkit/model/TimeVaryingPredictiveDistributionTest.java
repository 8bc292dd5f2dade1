package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The predictive distribution of counts of the Pareto/NBD with time-varying covariates ({@link
 * TimeVaryingCovariateModel#predictiveIntervals}): a proper distribution whose mean is the model's
 * conditional expected transactions over the same window's covariates, the plain model's with
 * covariates constant in time, and holding the realised holdout counts of customers simulated from
 * the model at its levels.
 */
class TimeVaryingPredictiveDistributionTest {
    private static final List<String> NAMES = TimeVaryingCovariateRecoveryTest.NAMES;

    private static TimeVaryingCovariateModel truth() {
        return TimeVaryingCovariateModel.of(ParetoNbd.of(0.8, 6, 0.7, 10), NAMES, new double[] {0.6, 0.4, -0.3}, NAMES,
                new double[] {0.8, -0.6, 0.4}, Map.of(), TimeUnit.WEEKS, 1);
    }

    @Test
    void probabilitiesSumToOneAndHaveTheModelsMean() {
        TimeVaryingCovariateModel m = truth();
        TimeVaryingCovariates d = TimeVaryingCovariateRecoveryTest.simulate(m, 400, 3L, 26);
        for (double h : new double[] {26, 10.5, 0.3}) {
            double[][] p = m.predictiveProbabilities(d, h, 300);
            double[] et = m.expectedTransactions(d, h);
            for (int i = 0; i < d.size(); i++) {
                double mass = 0;
                double mean = 0;
                for (int k = 0; k < p[i].length; k++) {
                    assertTrue(p[i][k] >= 0 && p[i][k] <= 1, d.describe(i) + ": P(X = " + k + ") = " + p[i][k]);
                    mass += p[i][k];
                    mean += k * p[i][k];
                }
                assertEquals(1, mass, 1e-10, d.describe(i) + " over " + h);
                assertEquals(et[i], mean, 1e-9 * Math.max(1, et[i]), d.describe(i) + " over " + h);
            }
        }
        double[][] p = m.predictiveProbabilities(d, 26, 300);
        for (double level : new double[] {0.5, 0.9}) {
            double[][] iv = m.predictiveIntervals(d, 26, level, null);
            double[][] serial = m.predictiveIntervals(d, 26, level, Runnable::run);
            assertArrayEquals(iv[0], serial[0], 0.0);
            assertArrayEquals(iv[1], serial[1], 0.0);
            for (int i = 0; i < d.size(); i++) {
                assertEquals(CountQuantile.of(p[i], (1 - level) / 2), iv[0][i], 0.0, d.describe(i));
                assertEquals(CountQuantile.of(p[i], (1 + level) / 2), iv[1][i], 0.0, d.describe(i));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> m.predictiveIntervals(d, 27, 0.9, null), "beyond the window");
        assertThrows(IllegalArgumentException.class, () -> m.predictiveIntervals(d, 0, 0.9, null), "no window");
        assertThrows(IllegalArgumentException.class, () -> m.predictiveIntervals(d, 26, 1, null), "level");
    }

    /**
     * Covariates constant in time (a customer attribute): each customer is the plain Pareto/NBD with
     * {@code alpha exp(-gamma_P z)} and {@code beta exp(-gamma_D z)}, whose distribution {@link
     * PredictiveDistribution} gives; zero coefficients give the plain model itself.
     */
    @Test
    void constantCovariatesGiveThePlainModelsDistribution() {
        double r = 0.8;
        double alpha = 6;
        double s = 0.7;
        double beta = 10;
        double gp = 0.5;
        double gd = -0.4;
        double h = 13;
        for (double[] g : new double[][] {{gp, gd}, {0, 0}}) {
            TimeVaryingCovariateModel m = TimeVaryingCovariateModel.of(ParetoNbd.of(r, alpha, s, beta), List.of("z"),
                    new double[] {g[0]}, List.of("z"), new double[] {g[1]}, Map.of(), TimeUnit.WEEKS, 1);
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
            int n = 300;
            double[] offsets = new double[n];
            double[] ages = new double[n];
            double[][] z = new double[n][];
            for (int i = 0; i < n; i++) {
                offsets[i] = rng.nextInt(7) / 7.0;
                ages[i] = 20 + rng.nextInt(33);
                double v = rng.nextInt(3) - 1;
                z[i] = new double[(int) (ages[i] + h) + 3];
                java.util.Arrays.fill(z[i], v);
            }
            TimeVaryingCovariates d = ParetoNbdSimulator.simulateTimeVarying(m, List.of("z"), offsets, ages, z, h, rng);
            double[][] p = m.predictiveProbabilities(d, h, 120);
            double[][] iv = m.predictiveIntervals(d, h, 0.8, null);
            for (int i = 0; i < n; i++) {
                double v = z[i][0];
                ParetoNbd own = ParetoNbd.of(r, alpha * Math.exp(-g[0] * v), s, beta * Math.exp(-g[1] * v));
                PredictiveDistribution pd = PredictiveDistribution.of(own, h);
                double[] want = pd.probabilities(d.x[i], d.tx[i], d.age[i], 120);
                assertArrayEquals(want, p[i], 1e-10, d.describe(i));
                int[] q = pd.interval(d.x[i], d.tx[i], d.age[i], 0.8);
                assertEquals(q[0], iv[0][i], 0.0, d.describe(i));
                assertEquals(q[1], iv[1][i], 0.0, d.describe(i));
            }
        }
    }

    /**
     * Customers simulated from the model with a season, a campaign switching on and off and a
     * customer attribute, with their counts in a 13-week holdout under the window's covariates: the
     * 50, 80 and 90 % predictive intervals at the true parameters hold the realised counts at the
     * rate the model itself expects (the mean over customers of {@code P(lower <= X <= upper)}, at
     * least the level since the counts are discrete) within 2.5 points, about 3.5 binomial standard
     * deviations at 4,000 customers.
     */
    @Test
    void intervalsHoldSimulatedHoldoutCountsAtTheirLevel() {
        TimeVaryingCovariateModel m = truth();
        int n = 4000;
        double h = 13;
        double[] future = new double[n];
        TimeVaryingCovariates d = TimeVaryingCovariateRecoveryTest.simulate(m, n, 21L, h, future);
        double[][] p = m.predictiveProbabilities(d, h, 200);
        StringBuilder report = new StringBuilder();
        double total = 0;
        for (double f : future) {
            total += f;
        }
        assertTrue(total > 0.2 * n, "customers buy in the holdout: " + total);
        for (double level : new double[] {0.5, 0.8, 0.9}) {
            HoldoutCoverage.check(m.predictiveIntervals(d, h, level, null), future, p, level, report);
        }
        System.out.println("holdout coverage of predictive intervals, time-varying Pareto/NBD: " + report);
    }
}
