package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every model fits a million simulated customers: the size at which the start screening works on a
 * subsample (above 20,000 distinct rows), which once dropped the spend column so that no
 * Gamma-Gamma fit of more than 20,000 distinct customers could succeed. Histories are recorded as a
 * daily log summarised in weeks would record them, so identical ones compress and each fit takes seconds;
 * Gamma-Gamma keeps a million distinct means. Each fit must converge near the truth.
 */
@Tag("large")
class MillionCustomerFitTest {
    private static final int N = 1_000_000;

    /** (x, t_x, T) as a daily log summarised in weeks: T whole weeks, t_x whole days, so that identical customers compress. */
    private static Histories weekly(Histories h, boolean spend) {
        int n = h.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = spend ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            x[i] = h.frequency(i);
            t[i] = Math.floor(h.age(i));
            tx[i] = x[i] == 0 ? 0 : Math.min(Math.rint(h.recency(i) * 7) / 7, t[i]); // to the nearest day
            if (spend) {
                m[i] = h.monetary(i);
            }
        }
        return Histories.of(x, tx, t, m, null, null);
    }

    private static double[] ages(UniformRandomProvider rng) {
        double[] a = new double[N];
        for (int i = 0; i < N; i++) {
            a[i] = 27 + Math.floor(rng.nextDouble() * 13); // acquired over 13 weeks, observed 27 to 39 weeks
        }
        return a;
    }

    private static void assertNear(double[] truth, FitResult<?> r, double tolerance) {
        assertTrue(r.summary().converged(), r.summary().message());
        assertEquals(N, r.summary().customers(), 0.0);
        for (int i = 0; i < truth.length; i++) {
            double rel = Math.abs(r.parameters()[i] / truth[i] - 1);
            assertTrue(rel < tolerance, r.model().kind().id() + " parameter " + i + ": " + r.parameters()[i]
                    + " vs truth " + truth[i]);
        }
    }

    @Test
    void paretoNbdAndGammaGammaFitAMillionCustomers() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
        double[] truth = {0.55, 10.58, 0.61, 11.67};
        double[] spendTruth = {6.25, 3.74, 15.44};
        SimulatedLog log = ParetoNbdSimulator.of(ParetoNbd.of(truth[0], truth[1], truth[2], truth[3])).simulate(ages(rng), rng, 11L);
        log = GammaGammaSimulator.of(GammaGamma.of(spendTruth[0], spendTruth[1], spendTruth[2])).addAmounts(log, rng);
        Histories all = weekly(log.toHistories(), true);
        assertNear(truth, ModelFitter.of().fit(ParetoNbdLikelihood.of(), all), 0.15);

        FitData spend = FitData.of(ModelKind.GAMMA_GAMMA, all);
        assertTrue(spend.histories().size() > 20_000, "more repeat buyers than the screening subsample");
        FitResult<?> gg = ModelFitter.of().fit(GammaGammaLikelihood.of(), spend.histories());
        assertTrue(gg.summary().converged(), gg.summary().message());
        assertEquals(spend.histories().size(), gg.summary().customers(), 0.0);
        assertEquals(N, spend.histories().size() + spend.exclusions().count(org.churnkit.data.Exclusions.NO_REPEAT));
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(gg.parameters()[i] / spendTruth[i] - 1) < 0.1, "gamma-gamma parameter " + i + ": "
                    + gg.parameters()[i]);
        }
    }

    @Test
    void bgNbdAndMbgNbdFitAMillionCustomers() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(12L);
        double[] truth = {0.24, 4.41, 0.79, 2.43};
        Histories bg = weekly(BgNbdSimulator.of(BgNbd.of(truth[0], truth[1], truth[2], truth[3]))
                .simulate(ages(rng), rng, 12L).toHistories(), false);
        assertNear(truth, ModelFitter.of().fit(BgNbdLikelihood.of(), bg), 0.2);
        Histories mbg = weekly(MbgNbdSimulator.of(MbgNbd.of(truth[0], truth[1], truth[2], truth[3]))
                .simulate(ages(rng), rng, 13L).toHistories(), false);
        assertNear(truth, ModelFitter.of().fit(MbgNbdLikelihood.of(), mbg), 0.2);
    }

    @Test
    void bgBbFitsAMillionCustomers() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(14L);
        double[] truth = {1.20, 0.75, 0.66, 2.78}; // Fader, Hardie and Berger (2010), donations
        double[] n = new double[N];
        java.util.Arrays.fill(n, 6);
        Histories h = BgBbSimulator.of(BgBb.of(truth[0], truth[1], truth[2], truth[3])).simulate(n, rng, 14L).toHistories();
        assertNear(truth, ModelFitter.of().fit(BgBbLikelihood.of(), h), 0.15);
    }
}
