package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.Test;

/**
 * The shared fitter on every family's published data set reaches the published optimum: the
 * log-likelihood to the published digits and the parameters within 0.5 % (the tolerance;
 * published estimates carry 3-4 significant digits, and the likelihood is flat near the optimum).
 */
class PublishedFitsTest {
    private static final double PARAM_REL_TOL = 0.005;

    private static FitResult<?> fit(LikelihoodFunction<?> f, Histories h) {
        FitResult<?> r = ModelFitter.of().fitOrThrow(f, h);
        assertTrue(r.summary().converged(), r.summary().message());
        // A well-posed published fit is a plain success: no boundary, identified, no findings.
        assertEquals(FitStatus.CONVERGED, r.summary().status(), r.summary().diagnosis());
        assertTrue(r.summary().findings().isEmpty(), r.summary().diagnosis());
        return r;
    }

    private static void assertParams(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], PARAM_REL_TOL * expected[i], "parameter " + i);
        }
    }

    @Test
    void bgNbdOnCdnow() throws IOException {
        // Fader, Hardie & Lee (2005): r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.429 (unrounded weeks).
        FitResult<?> r = fit(BgNbdLikelihood.of(), PublishedTotalsTest.cdnowExactWeeks());
        assertEquals(-9582.429, r.summary().logLikelihood(), 0.01);
        assertParams(new double[] {0.2426, 4.4136, 0.7929, 2.4259}, r.parameters());
        // Standard errors near CLVTools' (r 0.01256, alpha 0.378, a 0.186, b 0.705): within 10 %,
        // the spread between numerical Hessians of different step sizes.
        double[] se = r.summary().standardErrors();
        double[] clv = {0.01256, 0.378, 0.186, 0.705};
        for (int i = 0; i < 4; i++) {
            assertEquals(clv[i], se[i], 0.10 * clv[i], "standard error " + i);
        }
    }

    @Test
    void mbgNbdOnCdnow() throws IOException {
        // lifetimes (no published table): r 0.525, alpha 6.183, a 0.891, b 1.614, LL -9582.13.
        FitResult<?> r = fit(MbgNbdLikelihood.of(), PublishedTotalsTest.cdnowExactWeeks());
        assertEquals(-9582.13, r.summary().logLikelihood(), 0.01);
        assertParams(new double[] {0.525, 6.183, 0.891, 1.614}, r.parameters());
    }

    @Test
    void gammaGammaOnCdnow() throws IOException {
        // Fader, Hardie & Lee (2005) "RFM and CLV": p 6.25, q 3.74, gamma 15.44 (reproduced 6.2493,
        // 3.7443, 15.4443), LL -4055.918 on unrounded mean spend.
        double[][] s = PublishedTotalsTest.cdnowSpendFromLog();
        double[] ones = new double[s[0].length];
        java.util.Arrays.fill(ones, 1.0);
        Histories h = Histories.of(s[0], new double[s[0].length], ones, s[1], null, null);
        FitResult<?> r = fit(GammaGammaLikelihood.of(), h);
        assertEquals(-4055.918, r.summary().logLikelihood(), 0.01);
        assertParams(new double[] {6.2493, 3.7443, 15.4443}, r.parameters());
    }

    @Test
    void bgBbOnDonations() throws IOException {
        // Fader, Hardie & Berger (2010): alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33,225.6.
        double[][] c = PublishedTotalsTest.readColumns(SharedFolder.require("datasets/donations/donations_rf.csv"),
                "frequency", "recency", "periods", "weights");
        Histories h = Histories.of(c[0], c[1], c[2], null, c[3], null);
        FitResult<?> r = fit(BgBbLikelihood.of(), h);
        assertEquals(-33225.6, r.summary().logLikelihood(), 0.05);
        assertParams(new double[] {1.204, 0.750, 0.657, 2.783}, r.parameters());
        assertEquals(11104, r.summary().customers(), 0.0);
    }
}
