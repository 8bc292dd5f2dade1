package org.churnkit.cost;

import java.util.Arrays;

/**
 * Gradient and Hessian of the average expected cost (AEC) with respect to a raw model score z,
 * for gradient boosting (spec §9.2; empulse {@code _objective_boost}; Höppner et al. 2022).
 * <pre>
 *   s_i = σ(z_i),  C1_i = y_i C_TP,i + (1−y_i) C_FP,i,  C0_i = y_i C_FN,i + (1−y_i) C_TN,i
 *   grad_i = s_i(1−s_i)(C1_i − C0_i)
 *   hess_i = |(1 − 2s_i)·grad_i|     (absolute value keeps the Hessian ≥ 0; the true one can be negative)
 * </pre>
 */
public final class Objectives {
    private Objectives() {}

    /**
     * Per-customer gradient and (non-negative) Hessian.
     *
     * @param grad {@code grad_i}, the derivative of customer i's expected cost with respect to {@code z_i}
     * @param hess {@code hess_i}, the absolute second-derivative surrogate, {@code >= 0}
     */
    public record GradHess(double[] grad, double[] hess) {
        @Override
        public boolean equals(Object o) {
            return o instanceof GradHess g && Arrays.equals(grad, g.grad) && Arrays.equals(hess, g.hess);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(grad) + Arrays.hashCode(hess);
        }

        @Override
        public String toString() {
            return "GradHess[grad=" + Arrays.toString(grad) + ", hess=" + Arrays.toString(hess) + "]";
        }
    }

    /**
     * Gradient and Hessian of the average expected cost.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param z raw scores (log-odds), finite
     * @param c the four costs per customer, one row per label
     * @return the per-customer gradient and Hessian
     * @throws IllegalArgumentException when the lengths differ or an input is invalid
     */
    public static GradHess aec(int[] y, double[] z, CostMatrix c) {
        Checks.labelsAndScores(y, z);
        if (c.size() != y.length) {
            throw new IllegalArgumentException("length mismatch: " + y.length + " labels, " + c.size() + " cost rows");
        }
        double[] g = new double[y.length];
        double[] h = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double s = sigmoid(z[i]);
            double diff = y[i] == 1 ? c.tp(i) - c.fn(i) : c.fp(i) - c.tn(i);
            g[i] = s * (1 - s) * diff;
            h[i] = Math.abs((1 - 2 * s) * g[i]);
        }
        return new GradHess(g, h);
    }

    /** Logistic function, evaluated without overflow for large |z|. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
