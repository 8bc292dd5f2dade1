package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gamma-Gamma properties at random parameters (p, gamma in [0.01, 1e4], q in (1, 50]) from seeded generators. */
class GammaGammaPropertiesTest {

    static double[] randomParams(UniformRandomProvider rng) {
        return new double[] {NbdFamilyPropertiesTest.logUniform(rng, 0.01, 1e4),
            1 + NbdFamilyPropertiesTest.logUniform(rng, 0.01, 49), NbdFamilyPropertiesTest.logUniform(rng, 0.01, 1e4)};
    }

    static Histories randomSpend(UniformRandomProvider rng, int rows) {
        double[] x = new double[rows];
        double[] m = new double[rows];
        double[] t = new double[rows];
        double[] w = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = rng.nextDouble() < 0.2 ? 0 : Math.floor(NbdFamilyPropertiesTest.logUniform(rng, 1, 1e5));
            m[i] = x[i] == 0 ? 0 : NbdFamilyPropertiesTest.logUniform(rng, 0.01, 1e5);
            t[i] = 1;
            w[i] = 1 + rng.nextInt(10);
        }
        return Histories.of(x, new double[rows], t, m, w, null);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void expectedSpendIsBetweenMeanAndPopulationMean(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] p = randomParams(rng);
        GammaGamma gg = GammaGamma.of(p[0], p[1], p[2]);
        Histories h = randomSpend(rng, 50);
        double[] e = gg.expectedSpend(h);
        for (int i = 0; i < h.size(); i++) {
            double m = h.monetary(i);
            double lo = h.frequency(i) == 0 ? gg.meanSpend() : Math.min(m, gg.meanSpend());
            double hi = h.frequency(i) == 0 ? gg.meanSpend() : Math.max(m, gg.meanSpend());
            assertTrue(e[i] >= lo * (1 - 1e-12) && e[i] <= hi * (1 + 1e-12), gg + " " + h.describe(i));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void gradientMatchesFiniteDifferences(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 300);
        GradientCheck.check(GammaGammaLikelihood.of(), randomParams(rng), randomSpend(rng, 50));
    }

    @Test
    void qAtMostOneIsAClearError() {
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> GammaGamma.of(6, 1.0, 15));
        assertTrue(e.getMessage().contains("no finite mean"), e.getMessage());
        assertThrows(ChurnkitException.class, () -> GammaGamma.of(6, 0.5, 15));
        assertThrows(ChurnkitException.class, () -> GammaGammaLikelihood.of().create(new double[] {6, 0.9, 15}, null));
        assertThrows(ChurnkitException.class, () -> GammaGamma.of(6, 3, 15).expectedSpend(2, -1));
        // repeat transactions without a positive amount (m = 0): the population mean
        assertEquals(GammaGamma.of(6, 3, 15).meanSpend(), GammaGamma.of(6, 3, 15).expectedSpend(2, 0));
        assertEquals(GammaGamma.of(6, 3, 15).meanSpend(), GammaGamma.of(6, 3, 15).expectedSpend(0, Double.NaN));
    }
}
