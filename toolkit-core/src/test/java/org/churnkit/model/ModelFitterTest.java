package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

class ModelFitterTest {
    private final Histories data = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7))
            .simulateHistories(3000, 39, 39, 11L); // equal T: many identical (0, 0, 39) rows

    @Test
    void compressionKeepsTheLikelihood() {
        Histories c = CompressedHistories.compress(data);
        assertTrue(c.size() < data.size(), "rows " + c.size());
        assertEquals(data.size(), c.totalWeight(), 0.0);
        double[] p = {0.6, 9, 0.7, 12};
        double[] g1 = new double[4];
        double[] g2 = new double[4];
        double raw = ParetoNbdLikelihood.of().logLikelihood(p, data, 0, data.size(), g1);
        double compressed = ParetoNbdLikelihood.of().logLikelihood(p, c, 0, c.size(), g2);
        // Same sum in a different order: rounding only.
        assertEquals(raw, compressed, 1e-9 * Math.abs(raw));
        for (int k = 0; k < 4; k++) {
            assertEquals(g1[k], g2[k], 1e-9 * Math.max(1, Math.abs(g1[k])));
        }
    }

    @Test
    void nonConvergenceIsFlaggedAndFitOrThrowFails() {
        ModelFitter fitter = ModelFitter.of(ModelFitter.Settings.defaults().withMaxIterations(2));
        FitResult<?> r = fitter.fit(ParetoNbdLikelihood.of(), data);
        assertFalse(r.summary().converged());
        assertTrue(r.summary().message().contains("iteration limit"), r.summary().message());
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> fitter.fitOrThrow(ParetoNbdLikelihood.of(), data));
        assertTrue(e.getMessage().contains("did not converge"), e.getMessage());
    }

    @Test
    void fitRecordsProvenanceAndIsReproducible() {
        ModelFitter fitter = ModelFitter.of(ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS));
        FitResult<?> a = fitter.fitOrThrow(ParetoNbdLikelihood.of(), data);
        FitResult<?> b = fitter.fitOrThrow(ParetoNbdLikelihood.of(), data);
        // Parallel blocks are summed in a fixed order: identical results.
        assertEquals(a.summary().logLikelihood(), b.summary().logLikelihood(), 0.0);
        assertEquals(HistoriesDigest.sha256(data, false), a.summary().provenance().inputSha256());
        assertEquals(TimeUnit.WEEKS, a.summary().timeUnit());
        assertEquals(3000, a.summary().customers());
        assertTrue(a.summary().provenance().settings().contains("L-BFGS"));
        assertEquals(4 * Math.log(3000) - 2 * a.summary().logLikelihood(), a.bic(), 1e-9);
    }

    @Test
    void emptyDataIsAClearError() {
        Histories empty = Histories.of(new double[0], new double[0], new double[0]);
        assertThrows(ChurnkitException.class, () -> ModelFitter.of().fit(ParetoNbdLikelihood.of(), empty));
    }
}
