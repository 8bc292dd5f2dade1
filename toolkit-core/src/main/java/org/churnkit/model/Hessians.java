package org.churnkit.model;

import org.churnkit.ChurnkitException;

/**
 * The observed information on the log scale: minus the Hessian of the total log-likelihood with
 * respect to the log-parameters, by central differences of the analytic gradient,
 * {@code H[i][j] = -(g_i(u + h e_j) - g_i(u - h e_j)) / 2h} with {@code h = }{@value #STEP}, then
 * symmetrised ({@code (H + H') / 2}): two gradients per parameter, entries accurate to about
 * {@code h^2 = 1e-8} relative.
 *
 * <p>For large fits, {@link #negativeHessianLogForward} takes forward differences from the gradient
 * the optimiser already holds at the estimate, {@code H[i][j] = -(g_i(u + h e_j) - g_i(u)) / h} with
 * {@code h = }{@value #FORWARD_STEP}: one gradient per parameter (four full passes over a million
 * customers instead of eight), entries accurate to about {@code h = 1e-6} relative (the truncation
 * error; the rounding error of the gradient sum is about {@code 1e-16 / h} of it). Standard errors
 * then agree with the central differences' to about 1e-6 relative, and to 1e-4 near the boundary,
 * where the Hessian is nearly singular and inverting it magnifies every error
 * ({@code SubsamplePolishTest}): four significant digits, far below the standard errors' own
 * statistical uncertainty.
 */
final class Hessians {
    /** Difference step on the log scale. */
    static final double STEP = 1e-4;
    /** Forward-difference step on the log scale ({@link #negativeHessianLogForward}). */
    static final double FORWARD_STEP = 1e-6;

    private Hessians() {}

    /**
     * Minus the Hessian of the total log-likelihood on the log scale at {@code theta} (natural
     * scale), symmetrised.
     *
     * @return the matrix, or null where a gradient cannot be evaluated or an entry is not finite
     */
    static double[][] negativeHessianLog(LikelihoodFunction<?> model, Histories data, double[] theta) {
        int k = theta.length;
        double[][] h = new double[k][k];
        for (int j = 0; j < k; j++) {
            double[] up = logGradient(model, data, theta, j, STEP);
            double[] down = logGradient(model, data, theta, j, -STEP);
            if (up == null || down == null) {
                return null;
            }
            for (int i = 0; i < k; i++) {
                h[i][j] = -(up[i] - down[i]) / (2 * STEP);
            }
        }
        return symmetricFinite(h);
    }

    /**
     * Minus the Hessian of the total log-likelihood on the log scale at {@code theta} by forward
     * differences from {@code logGradient}, the gradient there, symmetrised.
     *
     * @param logGradient the gradient of the total log-likelihood with respect to the
     *     log-parameters at {@code theta}
     * @return the matrix, or null where a gradient cannot be evaluated or an entry is not finite
     */
    static double[][] negativeHessianLogForward(LikelihoodFunction<?> model, Histories data, double[] theta,
            double[] logGradient) {
        int k = theta.length;
        double[][] h = new double[k][k];
        for (int j = 0; j < k; j++) {
            double[] up = logGradient(model, data, theta, j, FORWARD_STEP);
            if (up == null) {
                return null;
            }
            for (int i = 0; i < k; i++) {
                h[i][j] = -(up[i] - logGradient[i]) / FORWARD_STEP;
            }
        }
        return symmetricFinite(h);
    }

    /**
     * Symmetrises a finite-difference Hessian in place ({@code (H + H') / 2}).
     *
     * @return {@code h}, or null when an entry is not finite
     */
    static double[][] symmetricFinite(double[][] h) {
        int k = h.length;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = m;
                h[j][i] = m;
            }
        }
        for (double[] row : h) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return null;
                }
            }
        }
        return h;
    }

    /** Gradient of the total LL w.r.t. log-parameters at log(theta) + step e_j; null where it cannot be evaluated. */
    private static double[] logGradient(LikelihoodFunction<?> model, Histories data, double[] theta, int j, double step) {
        double[] p = theta.clone();
        p[j] = theta[j] * Math.exp(step);
        double[] g = new double[p.length];
        try {
            LogScaleObjective.evaluate(model, data, p, g);
        } catch (ChurnkitException e) {
            return null;
        }
        for (int i = 0; i < p.length; i++) {
            g[i] *= p[i];
        }
        return g;
    }
}
