package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BG/BB properties at random parameters in [0.05, 50] and random discrete histories (n up to 300)
 * from seeded generators; 1e-12 relative slack for rounding only.
 */
class BgBbPropertiesTest {
    private static final double SLACK = 1e-12;

    static BgBb randomModel(UniformRandomProvider rng) {
        return BgBb.of(NbdFamilyPropertiesTest.logUniform(rng, 0.05, 50), NbdFamilyPropertiesTest.logUniform(rng, 0.05, 50),
                NbdFamilyPropertiesTest.logUniform(rng, 0.05, 50), NbdFamilyPropertiesTest.logUniform(rng, 0.05, 50));
    }

    static Histories randomHistories(UniformRandomProvider rng, int rows) {
        double[] x = new double[rows];
        double[] tx = new double[rows];
        double[] n = new double[rows];
        double[] w = new double[rows];
        for (int i = 0; i < rows; i++) {
            n[i] = 1 + rng.nextInt(300);
            tx[i] = rng.nextDouble() < 0.3 ? 0 : 1 + rng.nextInt((int) n[i]);
            x[i] = tx[i] == 0 ? 0 : 1 + rng.nextInt((int) tx[i]);
            w[i] = 1 + rng.nextInt(100);
        }
        return Histories.of(x, tx, n, null, w, null);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void pAliveAndExpectationsBehave(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        BgBb m = randomModel(rng);
        Histories h = randomHistories(rng, 40);
        for (int i = 0; i < h.size(); i++) {
            double x = h.frequency(i);
            double tx = h.recency(i);
            double n = h.age(i);
            String who = m + " " + h.describe(i);
            double p = m.pAlive(x, tx, n);
            assertTrue(p >= 0 && p <= 1, who);
            assertTrue(m.pAlive(x, tx, n + 1 + rng.nextInt(50)) <= p * (1 + SLACK), who + " P(alive) rose with n");
            if (x > 0 && tx < n) {
                assertTrue(m.pAlive(x, tx + 1, n) >= p * (1 - SLACK), who + " P(alive) fell with t_x");
            }
            int h1 = rng.nextInt(20);
            int h2 = h1 + 1 + rng.nextInt(20);
            double e1 = m.expectedTransactions(x, tx, n, h1);
            double e2 = m.expectedTransactions(x, tx, n, h2);
            assertTrue(e1 >= 0 && e2 >= e1 * (1 - SLACK), who);
            double a1 = m.pAliveAt(x, tx, n, h1);
            assertTrue(a1 <= p * (1 + SLACK) && m.pAliveAt(x, tx, n, h2) <= a1 * (1 + SLACK), who);
            // Discounting lowers the expectation; no discounting reproduces it.
            assertEquals(e2, m.discountedExpectedTransactions(x, tx, n, 0.0, h2), 1e-12 * e2 + 1e-300);
            assertTrue(m.discountedExpectedTransactions(x, tx, n, 0.1, h2) <= e2 * (1 + SLACK));
            assertTrue(m.discountedExpectedTransactions(x, tx, n, 0.1, Double.POSITIVE_INFINITY)
                    >= m.discountedExpectedTransactions(x, tx, n, 0.1, h2) * (1 - SLACK));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void pmfSumsToOneWithTheModelsMean(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 100);
        BgBb m = randomModel(rng);
        int n = 1 + rng.nextInt(200);
        double sum = 0;
        double mean = 0;
        for (int x = 0; x <= n; x++) {
            double q = m.probabilityOfTransactions(x, n);
            assertTrue(q >= 0 && q <= 1);
            sum += q;
            mean += x * q;
        }
        assertEquals(0.0, m.probabilityOfTransactions(n + 1, n));
        assertEquals(1.0, sum, 1e-10, m + " n=" + n);
        assertEquals(m.expectedTransactions(n), mean, 1e-9 * Math.max(1, mean), m + " n=" + n);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void gradientMatchesFiniteDifferences(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 200);
        GradientCheck.check(BgBbLikelihood.of(), randomModel(rng).parameterArray(), randomHistories(rng, 50));
    }
}
