package org.churnkit.cost;

import org.churnkit.cost.testing.ChurnSimulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class CsLogitTest {
    private static ChurnSimulation data(long seed, int n) {
        return ChurnSimulation.generate(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), n);
    }

    private static CostMatrix costs(ChurnSimulation s) {
        double[] d = new double[s.y.length];
        java.util.Arrays.fill(d, 10);
        return CostMatrix.churnVerbrakenAbsolute(0.3, s.value, d, 1);
    }

    @Test
    void fitLowersTheAverageExpectedCostAndIsDeterministic() {
        ChurnSimulation s = data(7, 2000);
        CostMatrix c = costs(s);
        CsLogit a = CsLogit.fit(s.x, s.y, c, new CsLogit.Options(1.0, 0.5, 2000, 1e-9));
        CsLogit b = CsLogit.fit(s.x, s.y, c, new CsLogit.Options(1.0, 0.5, 2000, 1e-9));
        assertArrayEquals(a.coefficients(), b.coefficients(), 0.0, "same input, same model");
        assertTrue(a.converged(), "converged in " + a.iterations() + " iterations");
        double aecStart = CostMetrics.expectedCost(s.y, constant(s.y.length, 0.5), c, true);
        double aecFit = CostMetrics.expectedCost(s.y, a.score(s.x), c, true);
        assertTrue(aecFit < aecStart - 1, "AEC " + aecFit + " vs " + aecStart + " at w = 0");
        // High value raises the benefit of a contact: its coefficient must be positive.
        assertTrue(a.coefficients()[1] > 0, "ln V coefficient " + a.coefficients()[1]);
    }

    @Test
    void solutionIsAStationaryPointOfTheObjective() {
        // Pure ridge (ρ = 0): the objective is smooth, so a central finite difference of it along
        // each coordinate must vanish at the optimum (|slope| ≤ 1e-4 relative to the cost scale).
        ChurnSimulation s = data(11, 1000);
        CostMatrix c = costs(s);
        CsLogit m = CsLogit.fit(s.x, s.y, c, new CsLogit.Options(0.5, 0.0, 5000, 1e-12));
        double lambda = 1 / 0.5;
        double[] sd = new double[3];
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (double[] r : s.x) {
                mean += r[j];
            }
            mean /= s.x.length;
            for (double[] r : s.x) {
                sd[j] += (r[j] - mean) * (r[j] - mean);
            }
            sd[j] = Math.sqrt(sd[j] / s.x.length);
        }
        for (int j = 0; j < 3; j++) {
            double h = 1e-5 / sd[j];
            double up = objective(s, c, m, j, h, lambda, sd);
            double down = objective(s, c, m, j, -h, lambda, sd);
            double slope = (up - down) / (2 * h * sd[j]); // per unit of the standardised coefficient
            assertEquals(0, slope, 1e-4 * 50, "d objective / d b_" + j);
        }
    }

    private static double objective(ChurnSimulation s, CostMatrix c, CsLogit m, int j, double h, double lambda, double[] sd) {
        double[] b = m.coefficients();
        b[j] += h;
        double[] p = new double[s.y.length];
        double ridge = 0;
        for (int k = 0; k < b.length; k++) {
            double std = b[k] * sd[k];
            ridge += std * std;
        }
        for (int i = 0; i < p.length; i++) {
            double eta = m.intercept();
            for (int k = 0; k < b.length; k++) {
                eta += b[k] * s.x[i][k];
            }
            p[i] = 1 / (1 + Math.exp(-eta));
        }
        return CostMetrics.expectedCost(s.y, p, c, true) + lambda * 0.5 * ridge;
    }

    @Test
    void strongL1PenaltyZeroesCoefficients() {
        ChurnSimulation s = data(3, 1000);
        CsLogit m = CsLogit.fit(s.x, s.y, costs(s), new CsLogit.Options(1e-4, 1.0, 2000, 1e-9));
        assertArrayEquals(new double[] {0, 0, 0}, m.coefficients(), 0.0, "λ = 10^4 L1 wipes out every feature");
    }

    @Test
    void badInputThrows() {
        assertThrows(IllegalArgumentException.class,
                () -> CsLogit.fit(new double[][] {{1}, {Double.NaN}}, new int[] {0, 1}, CostMatrix.of(2, 0, 1, 0, 1), CsLogit.Options.defaults()));
        assertThrows(IllegalArgumentException.class,
                () -> CsLogit.fit(new double[][] {{1}, {2, 3}}, new int[] {0, 1}, CostMatrix.of(2, 0, 1, 0, 1), CsLogit.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new CsLogit.Options(0, 1, 10, 1e-6));
    }

    @Test
    void aecGradientMatchesFiniteDifferences() {
        int[] y = {1, 0, 1, 0};
        double[] z = {0.3, -1.2, 2.0, 0.7};
        CostMatrix c = CostMatrix.of(new double[] {-50, 1, -20, 1}, new double[] {11, 11, 11, 11},
                new double[] {0, 0, 0, 0}, new double[] {0, 0, 0, 0});
        Objectives.GradHess gh = Objectives.aec(y, z, c);
        for (int i = 0; i < 4; i++) {
            double h = 1e-6;
            double[] zp = z.clone();
            double[] zm = z.clone();
            zp[i] += h;
            zm[i] -= h;
            double fd = (CostMetrics.expectedCost(y, sig(zp), c, false) - CostMetrics.expectedCost(y, sig(zm), c, false)) / (2 * h);
            // Central difference error O(h²·f''') ≈ 1e-12·50: 1e-7 is ample and still catches a wrong sign or factor.
            assertEquals(fd, gh.grad()[i], 1e-7, "gradient " + i);
            assertTrue(gh.hess()[i] >= 0);
        }
    }

    private static double[] sig(double[] z) {
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = 1 / (1 + Math.exp(-z[i]));
        }
        return p;
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
