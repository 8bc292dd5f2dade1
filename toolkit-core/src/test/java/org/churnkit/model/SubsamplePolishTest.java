package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.churnkit.numerics.Cholesky;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.Test;

/**
 * The subsampled path of large fits (screen and refine on a subsample, then L-BFGS on all rows
 * seeded with the subsample's inverse Hessian) reaches the optimum of the plain full-data path:
 * log-likelihood within 1e-6, the same diagnosis, and it is deterministic. The screening threshold
 * is lowered so that data sets of test size take the subsampled path, with subsamples small enough
 * that their optimum is far from the full data's.
 */
class SubsamplePolishTest {

    /** Every start screened and refined on all rows: the reference optimum. */
    private static final ModelFitter FULL = ModelFitter.of(ModelFitter.Settings.defaults().withScreenRows(Integer.MAX_VALUE));

    private static FitResult<?> assertSameOptimum(LikelihoodFunction<?> model, Histories h, int screenRows) {
        return assertSameOptimum(model, h, screenRows, false);
    }

    private static FitResult<?> assertSameOptimum(LikelihoodFunction<?> model, Histories h, int screenRows,
            boolean nearBoundary) {
        FitResult<?> full = FULL.fit(model, h);
        ModelFitter sub = ModelFitter.of(ModelFitter.Settings.defaults().withScreenRows(screenRows));
        FitResult<?> a = sub.fit(model, h);
        assertTrue(a.summary().message().contains("screened on " + screenRows + " rows"), a.summary().message());
        assertTrue(full.summary().converged(), full.summary().message());
        assertTrue(a.summary().converged(), a.summary().message());
        assertEquals(full.summary().logLikelihood(), a.summary().logLikelihood(), 1e-6,
                () -> "subsampled " + Arrays.toString(a.parameters()) + " vs full " + Arrays.toString(full.parameters()));
        assertEquals(full.summary().status(), a.summary().status(), a.summary().diagnosis());
        for (int i = 0; i < full.parameters().length; i++) {
            assertEquals(full.parameters()[i], a.parameters()[i], 1e-3 * full.parameters()[i], "parameter " + i);
        }
        // above the screening size the Hessian is taken by forward differences from the final
        // gradient: at the same estimate, standard errors within 1e-4 relative of the central
        // differences' (Hessians) near the boundary, where the Hessian is nearly singular, and
        // within 1e-5 elsewhere
        Histories rows = CompressedHistories.compress(h);
        double[] theta = a.parameters();
        double[] g = new double[theta.length];
        LogScaleObjective.evaluate(model, rows, theta, g);
        for (int i = 0; i < theta.length; i++) {
            g[i] *= theta[i];
        }
        double[][] central = Cholesky.invertPositiveDefinite(Hessians.negativeHessianLog(model, rows, theta));
        double[][] forward = Cholesky.invertPositiveDefinite(Hessians.negativeHessianLogForward(model, rows, theta, g));
        assertEquals(central == null, forward == null, "the Hessian is negative definite by both");
        for (int i = 0; central != null && i < theta.length; i++) {
            double tolerance = a.summary().status() == FitStatus.CONVERGED && !nearBoundary ? 1e-5 : 1e-4;
            assertEquals(Math.sqrt(central[i][i]), Math.sqrt(forward[i][i]), tolerance * Math.sqrt(central[i][i]),
                    "standard error of log parameter " + i);
        }
        // deterministic: the same input gives the same bits
        FitResult<?> b = sub.fit(model, h);
        assertTrue(Arrays.equals(a.parameters(), b.parameters()), "a second run differs");
        assertEquals(a.summary().logLikelihood(), b.summary().logLikelihood(), 0.0);
        assertTrue(Arrays.equals(a.summary().standardErrors(), b.summary().standardErrors()));
        return a;
    }

    private static void assertSeeded(FitResult<?> r) {
        assertTrue(r.summary().message().contains("seeded with the subsample's inverse Hessian"), r.summary().message());
    }

    @Test
    void paretoNbdAtTheCdnowEstimates() {
        Histories h = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.58, 0.61, 11.67)).simulateHistories(10_000, 20, 78, 1L);
        assertSeeded(assertSameOptimum(ParetoNbdLikelihood.of(), h, 300));
    }

    /** Two populations far apart (light and heavy buyers, short and long lifetimes), interleaved. */
    @Test
    void paretoNbdOnHeterogeneousData() {
        Histories light = ParetoNbdSimulator.of(ParetoNbd.of(0.3, 20, 1.5, 5)).simulateHistories(3_000, 10, 60, 2L);
        Histories heavy = ParetoNbdSimulator.of(ParetoNbd.of(3.0, 2, 0.2, 40)).simulateHistories(3_000, 10, 60, 3L);
        int n = light.size() + heavy.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            Histories from = i % 2 == 0 ? light : heavy;
            int j = i / 2;
            x[i] = from.frequency(j);
            tx[i] = from.recency(j);
            t[i] = from.age(j);
        }
        Histories h = Histories.of(x, tx, t);
        // a subsample of 150 rows: its optimum is far from the full data's
        FitResult<?> onSubsampleOnly = FULL.fit(ParetoNbdLikelihood.of(), Multistart.subsample(
                CompressedHistories.compress(h), 150));
        FitResult<?> full = FULL.fit(ParetoNbdLikelihood.of(), h);
        double far = 0;
        for (int i = 0; i < 4; i++) {
            far = Math.max(far, Math.abs(Math.log(onSubsampleOnly.parameters()[i] / full.parameters()[i])));
        }
        assertTrue(far > 0.05, "the subsample optimum is far from the full one: " + far);
        assertSameOptimum(ParetoNbdLikelihood.of(), h, 150);
    }

    /** s and beta large at a fixed ratio: the optimum is near the boundary (s, beta to infinity). */
    @Test
    void paretoNbdNearTheBoundary() {
        Histories h = ParetoNbdSimulator.of(ParetoNbd.of(0.8, 8, 30, 600)).simulateHistories(6_000, 20, 60, 4L);
        assertSameOptimum(ParetoNbdLikelihood.of(), h, 300, true);
    }

    @Test
    void bgNbdOnSimulatedData() {
        double[] ages = BetaGeometricSimulator.uniformAges(15_000, 20, 60,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
        Histories h = BgNbdSimulator.of(BgNbd.of(0.24, 4.41, 0.79, 2.43)).simulate(ages, 5L).toHistories();
        assertSeeded(assertSameOptimum(BgNbdLikelihood.of(), h, 300));
    }

    @Test
    void paretoNbdOnCdnow() throws IOException {
        // skips with a message when ../shared (the CDNOW summary) is absent
        Histories h = ParetoNbdCdnowFitTest.cdnow();
        assertSeeded(assertSameOptimum(ParetoNbdLikelihood.of(), h, 400));
    }
}
