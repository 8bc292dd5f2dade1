package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** Compares a likelihood's analytic gradient with central finite differences. */
final class GradientCheck {
    private GradientCheck() {}

    /**
     * Central differences with relative step 1e-5 have truncation error ~1e-10 relative and rounding
     * error ~ eps |LL| / (1e-5 theta); the tolerance is 1e-6 |g| plus 1e-9 (|LL| + 1) / theta, well above both.
     */
    static void check(LikelihoodFunction<?> f, double[] p, Histories h) {
        double[] g = new double[p.length];
        double ll = f.logLikelihood(p, h, 0, h.size(), g);
        assertTrue(Double.isFinite(ll));
        // Splitting the rows gives the same sum and gradient (the fitter evaluates ranges in parallel).
        double[] g2 = new double[p.length];
        double split = f.logLikelihood(p, h, 0, h.size() / 2, g2) + f.logLikelihood(p, h, h.size() / 2, h.size(), g2);
        assertTrue(Math.abs(split - ll) <= 1e-12 * Math.abs(ll) + 1e-12);
        for (int k = 0; k < p.length; k++) {
            double step = 1e-5 * p[k];
            double[] up = p.clone();
            double[] down = p.clone();
            up[k] += step;
            down[k] -= step;
            double fd = (f.logLikelihood(up, h, 0, h.size(), null) - f.logLikelihood(down, h, 0, h.size(), null))
                    / (up[k] - down[k]);
            double tol = 1e-6 * Math.abs(g[k]) + 1e-9 * (Math.abs(ll) + 1) / p[k];
            int kk = k;
            assertTrue(Math.abs(fd - g[k]) <= tol, () -> f.kind() + " at " + Arrays.toString(p) + ": d/d"
                    + f.kind().parameterNames().get(kk) + " analytic " + g[kk] + ", finite difference " + fd);
            assertTrue(Math.abs(g2[k] - g[k]) <= 1e-12 * Math.abs(g[k]) + 1e-9 * (Math.abs(ll) + 1) / p[k]);
        }
    }
}
