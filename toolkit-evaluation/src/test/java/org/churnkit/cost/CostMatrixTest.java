package org.churnkit.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CostMatrixTest {
    static IntStream seeds() {
        return IntStream.rangeClosed(1, 10);
    }

    /**
     * Spec §8.2: without contact costs the Bahnsen framing is the Verbraken framing plus CLV_i for
     * every churner: same decisions, expected cost shifted by Σ y_i CLV_i.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void bahnsenIsVerbrakenShiftedByTheChurnersValue(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int n = 50;
        int[] y = new int[n];
        double[] p = new double[n];
        double[] clv = new double[n];
        double[] d = new double[n];
        double[] gamma = new double[n];
        double shift = 0;
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
            p[i] = rng.nextDouble();
            clv[i] = 500 * rng.nextDouble();
            d[i] = 20 * rng.nextDouble();
            gamma[i] = 0.3;
            shift += y[i] * clv[i];
        }
        CostMatrix bahnsen = CostMatrix.churnBahnsen(gamma, clv, d, new double[n]);
        CostMatrix verbraken = CostMatrix.churnVerbrakenAbsolute(0.3, clv, d, 0);
        assertArrayEquals(BayesMinimumRisk.decide(p, verbraken), BayesMinimumRisk.decide(p, bahnsen));
        // Sums of ~50 terms of size ≤ 500: rounding ≤ 1e-10.
        assertEquals(CostMetrics.expectedCost(y, p, verbraken, false) + shift, CostMetrics.expectedCost(y, p, bahnsen, false), 1e-9);
    }

    @Test
    void verbrakenFractionAndAbsoluteFactoriesAgree() {
        double[] clv = {100, 200, 50};
        CostMatrix a = CostMatrix.churnVerbraken(0.3, clv, 0.05, 1);
        CostMatrix b = CostMatrix.churnVerbrakenAbsolute(0.3, clv, new double[] {5, 10, 2.5}, 1);
        for (int i = 0; i < 3; i++) {
            assertEquals(a.tp(i), b.tp(i), 1e-12);
            assertEquals(a.fp(i), b.fp(i), 1e-12);
        }
        assertEquals(1 - 0.3 * 0.95 * 200, a.tp(1), 1e-12);
        assertEquals(0.05 * 200 + 1, a.fp(1), 1e-12);
    }

    @Test
    void savingsBaselines() {
        // Spec §7.6: expected savings 0.475 with the zero_one, 'prior' and [.5]*4 baselines alike.
        int[] y = {0, 1, 1, 0};
        double[] p = {0.4, 0.8, 0.75, 0.1};
        CostMatrix c = CostMatrix.of(new double[4], new double[] {4, 1, 2, 2}, new double[4], new double[] {1, 3, 3, 1});
        assertEquals(0.475, CostMetrics.expectedSavings(y, p, c), 1e-12);
        assertEquals(0.475, CostMetrics.expectedSavingsPrior(y, p, c), 1e-12);
        assertEquals(0.475, CostMetrics.expectedSavings(y, p, new double[] {0.5, 0.5, 0.5, 0.5}, c), 1e-12);
        assertEquals(0.5, CostMetrics.savings(y, new int[] {0, 1, 0, 0}, new int[] {0, 0, 0, 0}, c), 1e-12);
    }

    @Test
    void nonFiniteCostsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> CostMatrix.of(new double[] {Double.NaN}, new double[] {1}, new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> CostMatrix.of(new double[] {1, 2}, new double[] {1}, new double[] {0}, new double[] {0}));
    }
}
