package org.churnkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.churnkit.model.ParetoNbd;
import org.junit.jupiter.api.Test;

class CohortTrackingTest {
    static final ParetoNbd CDNOW = ParetoNbd.of(0.55, 10.58, 0.61, 11.67);

    @Test
    void meanIsTheModelsConditionalExpectation() {
        double[] mv = new double[2];
        for (double[] h : new double[][] {{0, 0, 30}, {2, 20, 40}, {12, 50, 52}, {1, 2, 52}}) {
            for (double t : new double[] {1, 13, 104}) {
                CohortTracking.moments(CDNOW, h[0], h[1], h[2], t, mv);
                double e = CDNOW.expectedTransactions(h[0], h[1], h[2], t);
                assertEquals(e, mv[0], 1e-9 * e, () -> java.util.Arrays.toString(h) + " t=" + t);
            }
        }
    }

    /**
     * The variance against a simulation of the posterior: alive with P(alive), lambda ~ Gamma(r + x,
     * alpha + T), mu ~ Gamma(s, beta + T), Lambda = lambda min(tau, t), Var X = E Lambda + Var Lambda.
     */
    @Test
    void varianceMatchesASimulationOfThePosterior() {
        double[] mv = new double[2];
        double x = 4;
        double tx = 30;
        double T = 45;
        SplittableRandom rnd = new SplittableRandom(7);
        for (double t : new double[] {4, 52, 104}) {
            CohortTracking.moments(CDNOW, x, tx, T, t, mv);
            double p = CDNOW.pAlive(x, tx, T);
            int n = 400_000;
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                double l = 0;
                if (rnd.nextDouble() < p) {
                    double lambda = ChangingWorld.gamma(rnd, CDNOW.r() + x) / (CDNOW.alpha() + T);
                    double mu = ChangingWorld.gamma(rnd, CDNOW.s()) / (CDNOW.beta() + T);
                    double tau = -Math.log(1 - rnd.nextDouble()) / mu;
                    l = lambda * Math.min(tau, t);
                }
                s1 += l;
                s2 += l * l;
            }
            double mean = s1 / n;
            double var = mean + s2 / n - mean * mean;
            assertEquals(mean, mv[0], 0.01 * mv[0], "mean at t=" + t);
            assertEquals(var, mv[1], 0.02 * mv[1], "variance at t=" + t);
            assertTrue(mv[1] > mv[0], "overdispersed");
        }
    }

    @Test
    void cohortCountsTheFitDateCustomersOnly() {
        ChangingWorld w = ChangingWorld.stable(20, 78);
        var log = w.simulate(3);
        ParetoNbd m = ChangeMonitorTest.fit(log, ChangeMonitorTest.FIT_WEEK);
        CohortTracking c = CohortTracking.compute(m, log, ChangeMonitorTest.WEEKS,
                ChangingWorld.endOfWeek(ChangeMonitorTest.FIT_WEEK), 7, 26);
        var s = org.churnkit.data.Summarizer.split(log,
                org.churnkit.data.PeriodEnd.of(ChangingWorld.endOfWeek(ChangeMonitorTest.FIT_WEEK)),
                ChangeMonitorTest.WEEKS.withObservationEnd(org.churnkit.data.PeriodEnd.of(ChangingWorld.endOfWeek(78))));
        double holdout = 0;
        for (int i = 0; i < s.size(); i++) {
            holdout += s.frequencyHoldout(i);
        }
        assertEquals(s.size(), c.customers());
        assertEquals(holdout, c.actual()[25]);
        double[] v = c.variance();
        double[] est = c.estimationVariance();
        for (int n = 1; n < 26; n++) {
            assertTrue(c.expected()[n] > c.expected()[n - 1] && v[n] > v[n - 1], "increasing at " + n);
        }
        assertTrue(est[25] > 0, "the fit's covariance enters");
        for (double z : c.z()) {
            assertTrue(Math.abs(z) < 4, () -> "stable world: " + java.util.Arrays.toString(c.z()));
        }
    }
}
