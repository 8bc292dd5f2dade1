package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Parameter recovery: simulate from known parameters, fit, compare within 3 standard errors. */
class ParetoNbdRecoveryTest {
    private static final double[] TRUTH = {0.55, 10.6, 0.61, 11.7};

    static void assertRecovered(FitResult r) {
        assertTrue(r.summary().converged(), r.summary().message());
        double[] p = r.parameters();
        double[] se = r.summary().standardErrors();
        for (int i = 0; i < 4; i++) {
            // 3 standard errors: fails by chance with probability ~0.3 % per parameter; seeds fixed.
            assertTrue(Math.abs(p[i] - TRUTH[i]) <= 3 * se[i],
                    "parameter " + i + ": " + p[i] + " vs " + TRUTH[i] + " (se " + se[i] + ")");
        }
    }

    @Test
    void recoversParametersFrom100kCustomers() {
        Histories h = ParetoNbdSimulator.of(ParetoNbd.of(TRUTH[0], TRUTH[1], TRUTH[2], TRUTH[3]))
                .simulateHistories(100_000, 20, 78, 20261124L);
        FitResult r = ModelFitter.create().fit(ParetoNbdLikelihood.get(), h);
        assertRecovered(r);
        assertEquals(100_000, r.summary().customers());
    }

    /**
     * One million customers of which 10 heavy buyers make over 1,000 transactions each (where
     * lifetimes returns s and beta far off). Tagged "large"; it runs with the suite.
     */
    @Test
    @Tag("large")
    void recoversParametersWithHeavyBuyersAmongAMillion() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(99L);
        double[] ages = ParetoNbdSimulator.uniformAges(1_000_000, 20, 78, rng);
        Histories h = ParetoNbdSimulator.of(ParetoNbd.of(TRUTH[0], TRUTH[1], TRUTH[2], TRUTH[3]))
                .simulateHistories(ages, rng);
        double[] x = h.frequencies();
        double[] tx = h.recencies();
        double[] t = h.ages();
        for (int i = 0; i < 10; i++) {
            // An alive heavy buyer: rate 80 a week over the whole of T (>= 20 weeks): x > 1,000 a.s.
            double[] hist = ParetoNbdSimulator.history(80.0, t[i * 1000], rng);
            x[i * 1000] = hist[0];
            tx[i * 1000] = hist[1];
            assertTrue(hist[0] > 1000);
        }
        FitResult r = ModelFitter.create().fit(ParetoNbdLikelihood.get(), Histories.of(x, tx, t));
        assertRecovered(r);
    }
}
