package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.numerics.Cholesky;
import org.junit.jupiter.api.Test;

class HessiansTest {
    @Test
    void atTheMaximumTheObservedInformationIsSymmetricPositiveDefiniteAndMatchesTheFittedCovariance() {
        Histories data = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7)).simulateHistories(3000, 20, 52, 31L);
        FitResult fit = ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(), data);
        Histories rows = CompressedHistories.compress(data, false);
        double[][] h = Hessians.negativeHessianLog(ParetoNbdLikelihood.of(), rows, fit.parameters());
        assertNotNull(h);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(h[i][j], h[j][i], 0.0, "symmetrised");
            }
        }
        assertTrue(Cholesky.isPositiveDefinite(h), "a maximum: minus the Hessian is positive definite");
        double[][] cov = Cholesky.invertPositiveDefinite(h);
        double[] se = fit.summary().standardErrors();
        double[] theta = fit.parameters();
        for (int i = 0; i < 4; i++) {
            // Delta method back to the natural scale, as the fitter reports.
            assertEquals(se[i], theta[i] * Math.sqrt(cov[i][i]), 1e-12 * se[i]);
        }
    }

    @Test
    void aQuadraticLogLikelihoodHasItsExactHessian() {
        // LL(theta) = -sum_i w (log theta_i - c_i)^2 / 2 over one row of weight w: on the log scale the
        // negative Hessian is w I exactly (the central difference is exact for a quadratic).
        double w = 7;
        double[] c = {0.3, -1.2};
        LikelihoodFunction quadratic = new LikelihoodFunction() {
            @Override
            public ModelKind kind() {
                return ModelKind.PARETO_NBD;
            }

            @Override
            public double logLikelihood(double[] p, Histories d, int from, int to, double[] g) {
                double ll = 0;
                for (int i = 0; i < p.length; i++) {
                    double u = Math.log(p[i]) - c[i];
                    ll -= w * u * u / 2;
                    if (g != null) {
                        g[i] += -w * u / p[i];
                    }
                }
                return ll;
            }

            @Override
            public boolean hasGradient() {
                return true;
            }

            @Override
            public double[][] startingPoints(Histories d) {
                return new double[][] {{1, 1}};
            }

            @Override
            public FittedModel create(double[] params, FitSummary fit) {
                throw new UnsupportedOperationException("not needed here");
            }
        };
        Histories one = Histories.of(new double[] {1}, new double[] {1}, new double[] {2});
        double[][] h = Hessians.negativeHessianLog(quadratic, one, new double[] {2, 0.5});
        assertEquals(w, h[0][0], 1e-7);
        assertEquals(w, h[1][1], 1e-7);
        assertEquals(0, h[0][1], 1e-7);
    }
}
