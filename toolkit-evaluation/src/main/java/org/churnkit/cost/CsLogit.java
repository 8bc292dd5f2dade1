package org.churnkit.cost;

import org.churnkit.ChurnkitException;

/**
 * Cost-sensitive logistic regression minimising the average expected cost with per-customer costs
 * and an elastic-net penalty (spec §9.1; empulse {@code CSLogitClassifier}; Höppner et al. 2022,
 * <i>Instance-dependent cost-sensitive learning for detecting transfer fraud</i>, EJOR 297(1)).
 *
 * <pre>
 *   s_i  = σ(w0 + z_i·b),   C1_i = y_i C_TP,i + (1−y_i) C_FP,i,   C0_i = y_i C_FN,i + (1−y_i) C_TN,i
 *   L(w) = (1/N) Σ [s_i C1_i + (1−s_i) C0_i] + (1/C)·[(1−ρ)·½‖b‖² + ρ‖b‖₁]     (intercept not penalised)
 *   ∂/∂b_j of the smooth part = (1/N) Σ s_i(1−s_i)(C1_i − C0_i) z_ij + (1/C)(1−ρ) b_j
 * </pre>
 * Features are standardised internally (z = (x − mean)/sd, constant columns get coefficient 0), so
 * the penalty treats features alike, as glmnet does; coefficients are reported on the original
 * scale. The minimiser is deterministic proximal gradient descent: a Barzilai–Borwein step,
 * soft-thresholding for the L1 part (exact, unlike a sign() subgradient), and backtracking until
 * the objective decreases sufficiently. It starts at w = 0. The AEC is not convex in w: the result
 * is a local minimum. The scores rank customers for targeting; they are not calibrated probabilities.
 */
public final class CsLogit {
    /**
     * Fitting options; defaults C = 1, ρ = 1 (pure L1), at most 2000 iterations, tolerance 1e-8.
     *
     * @param c C, inverse strength of the penalty, {@code > 0}
     * @param l1Ratio ρ, share of L1 in the penalty, in [0, 1]
     * @param maxIterations iteration limit, {@code >= 1}
     * @param tolerance convergence tolerance, {@code > 0}
     */
    public record Options(double c, double l1Ratio, int maxIterations, double tolerance) {
        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException when an option is out of its domain
         */
        public Options {
            Checks.positive(c, "inverse regularisation strength C");
            Checks.fraction(l1Ratio, "l1 ratio");
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
            }
            Checks.positive(tolerance, "tolerance");
        }

        /**
         * The default options.
         *
         * @return C = 1, ρ = 1, 2000 iterations, tolerance 1e-8
         */
        public static Options defaults() {
            return new Options(1.0, 1.0, 2000, 1e-8);
        }
    }

    private final double intercept;
    private final double[] coefficients;
    private final double objective;
    private final int iterations;
    private final boolean converged;

    private CsLogit(double intercept, double[] coefficients, double objective, int iterations, boolean converged) {
        this.intercept = intercept;
        this.coefficients = coefficients;
        this.objective = objective;
        this.iterations = iterations;
        this.converged = converged;
    }

    /**
     * Fits the model.
     *
     * @param x features, one row per customer, all rows of equal length and finite
     * @param y labels in {0,1} (1 = churner)
     * @param costs per-customer cost matrix, e.g. {@link CostMatrix#churnVerbrakenAbsolute}
     * @param o fitting options
     * @return the fitted model
     */
    public static CsLogit fit(double[][] x, int[] y, CostMatrix costs, Options o) {
        return fit(x, y, null, costs, o);
    }

    /**
     * Fits the model with sample weights: each row's term of the AEC is multiplied by its weight,
     * L(w) = Σ ω_i [s_i C1_i + (1−s_i) C0_i] / Σ ω_i + penalty, and the standardisation uses weighted
     * means and standard deviations, so a whole weight k is the same fit as k copies of the row.
     * This is how probabilistic labels train the model: the label model's confidence as the weight,
     * or each row twice with weights P(y = 1) and 1 − P(y = 1) ({@code org.churnkit.labels.SoftLabels}).
     *
     * @param x features, one row per customer, all rows of equal length and finite
     * @param y labels in {0,1} (1 = churner)
     * @param weights one finite weight {@code >= 0} per row, not all 0; {@code null} for all 1
     * @param costs per-customer cost matrix, e.g. {@link CostMatrix#churnVerbrakenAbsolute}
     * @param o fitting options
     * @return the fitted model
     */
    public static CsLogit fit(double[][] x, int[] y, double[] weights, CostMatrix costs, Options o) {
        int n = checkFeatures(x);
        if (y.length != n || costs.size() != n || (weights != null && weights.length != n)) {
            throw new IllegalArgumentException("length mismatch: " + n + " rows, " + y.length + " labels, "
                    + costs.size() + " cost rows" + (weights != null ? ", " + weights.length + " weights" : ""));
        }
        Checks.labels(y);
        double[] wt = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double v = weights == null ? 1 : weights[i];
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("weight of row " + i + " is " + v + "; expected a finite number >= 0");
            }
            total += v;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("every weight is 0: nothing to fit");
        }
        // weights scaled to mean 1, so the unweighted formulas (1/N Σ ...) hold unchanged
        for (int i = 0; i < n; i++) {
            wt[i] = (weights == null ? 1 : weights[i]) * n / total;
        }
        int p = x[0].length;
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int i = 0; i < n; i++) {
            double[] row = x[i];
            for (int j = 0; j < p; j++) {
                mean[j] += wt[i] * row[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            double[] row = x[i];
            for (int j = 0; j < p; j++) {
                double dlt = row[j] - mean[j];
                sd[j] += wt[i] * dlt * dlt;
            }
        }
        for (int j = 0; j < p; j++) {
            sd[j] = Math.sqrt(sd[j] / n);
        }
        double[][] z = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                z[i][j] = sd[j] > 0 ? (x[i][j] - mean[j]) / sd[j] : 0;
            }
        }
        double[] c1 = new double[n];
        double[] c0 = new double[n];
        for (int i = 0; i < n; i++) {
            // a weight scales the row's whole cost term, so it folds into the costs
            c1[i] = wt[i] * (y[i] == 1 ? costs.tp(i) : costs.fp(i));
            c0[i] = wt[i] * (y[i] == 1 ? costs.fn(i) : costs.tn(i));
        }
        Problem pr = new Problem(z, c1, c0, 1 / o.c(), o.l1Ratio());

        double[] w = new double[p + 1]; // w[0] intercept
        double[] grad = new double[p + 1];
        double f = pr.smooth(w, grad);
        double step = 1.0 / Math.max(1e-12, lipschitzGuess(c1, c0));
        boolean converged = false;
        int it = 0;
        double[] prevW = null;
        double[] prevGrad = null;
        double[] next = new double[p + 1];
        double[] nextGrad = new double[p + 1];
        for (it = 1; it <= o.maxIterations(); it++) {
            if (prevW != null) {
                // Barzilai–Borwein step from the last move (guarded to stay positive and finite).
                double ss = 0;
                double sy = 0;
                for (int j = 0; j <= p; j++) {
                    double dw = w[j] - prevW[j];
                    ss += dw * dw;
                    sy += dw * (grad[j] - prevGrad[j]);
                }
                if (sy > 0 && ss > 0) {
                    step = Math.min(ss / sy, 1e12);
                }
            }
            double fOld = f + pr.penalty(w);
            double fNew;
            while (true) {
                for (int j = 0; j <= p; j++) {
                    double v = w[j] - step * grad[j];
                    if (j > 0) {
                        double thr = step * pr.lambda * pr.rho;
                        v = Math.signum(v) * Math.max(Math.abs(v) - thr, 0);
                    }
                    next[j] = v;
                }
                double fs = pr.smooth(next, nextGrad);
                fNew = fs + pr.penalty(next);
                double move = 0;
                for (int j = 0; j <= p; j++) {
                    move += (next[j] - w[j]) * (next[j] - w[j]);
                }
                if (fNew <= fOld - 1e-4 / (2 * step) * move || move == 0) {
                    f = fs;
                    break;
                }
                step *= 0.5;
                if (step < 1e-300) {
                    throw new ChurnkitException("CsLogit: the line search failed (the costs may not be finite)");
                }
            }
            prevW = w.clone();
            prevGrad = grad.clone();
            double change = 0;
            double norm = 0;
            for (int j = 0; j <= p; j++) {
                change = Math.max(change, Math.abs(next[j] - w[j]));
                norm = Math.max(norm, Math.abs(next[j]));
            }
            System.arraycopy(next, 0, w, 0, p + 1);
            System.arraycopy(nextGrad, 0, grad, 0, p + 1);
            if (change <= o.tolerance() * Math.max(1, norm) || Math.abs(fOld - fNew) <= 1e-15 * Math.max(1, Math.abs(fOld))) {
                converged = true;
                break;
            }
        }
        if (!Double.isFinite(f)) {
            throw new ChurnkitException("CsLogit: the objective is not finite (check the costs)");
        }
        double[] b = new double[p];
        double b0 = w[0];
        for (int j = 0; j < p; j++) {
            b[j] = sd[j] > 0 ? w[j + 1] / sd[j] : 0;
            b0 -= b[j] * mean[j];
        }
        return new CsLogit(b0, b, f + pr.penalty(w), Math.min(it, o.maxIterations()), converged);
    }

    /** Curvature bound of the AEC: σ'' ≤ 0.1 times the mean |C1 − C0| (features standardised). */
    private static double lipschitzGuess(double[] c1, double[] c0) {
        double s = 0;
        for (int i = 0; i < c1.length; i++) {
            s += Math.abs(c1[i] - c0[i]);
        }
        return 0.1 * s / c1.length + 1e-12;
    }

    static int checkFeatures(double[][] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("empty input: no customers");
        }
        int p = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features; expected " + p);
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("feature " + j + " of customer " + i + " is " + x[i][j]);
                }
            }
        }
        return x.length;
    }

    private static final class Problem {
        final double[][] z;
        final double[] c1;
        final double[] c0;
        final double lambda;
        final double rho;

        Problem(double[][] z, double[] c1, double[] c0, double lambda, double rho) {
            this.z = z;
            this.c1 = c1;
            this.c0 = c0;
            this.lambda = lambda;
            this.rho = rho;
        }

        /** Smooth part (AEC + ridge part) and its gradient. */
        double smooth(double[] w, double[] grad) {
            int n = z.length;
            int p = w.length - 1;
            java.util.Arrays.fill(grad, 0);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double eta = w[0];
                double[] row = z[i];
                for (int j = 0; j < p; j++) {
                    eta += w[j + 1] * row[j];
                }
                double s = Objectives.sigmoid(eta);
                loss += c0[i] + s * (c1[i] - c0[i]);
                double g = s * (1 - s) * (c1[i] - c0[i]);
                grad[0] += g;
                for (int j = 0; j < p; j++) {
                    grad[j + 1] += g * row[j];
                }
            }
            double ridge = 0;
            for (int j = 0; j <= p; j++) {
                grad[j] /= n;
            }
            for (int j = 1; j <= p; j++) {
                ridge += w[j] * w[j];
                grad[j] += lambda * (1 - rho) * w[j];
            }
            return loss / n + lambda * (1 - rho) * 0.5 * ridge;
        }

        double penalty(double[] w) {
            double l1 = 0;
            for (int j = 1; j < w.length; j++) {
                l1 += Math.abs(w[j]);
            }
            return lambda * rho * l1;
        }
    }

    /**
     * Intercept w0 on the original feature scale.
     *
     * @return w0
     */
    public double intercept() {
        return intercept;
    }

    /**
     * Coefficients on the original feature scale (copy).
     *
     * @return one coefficient per feature
     */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * Objective L(w) at the solution (on the standardised scale).
     *
     * @return L(w)
     */
    public double objective() {
        return objective;
    }

    /**
     * Iterations used.
     *
     * @return the number of iterations
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Whether the tolerance was reached within the iteration limit.
     *
     * @return true when converged
     */
    public boolean converged() {
        return converged;
    }

    /**
     * Score σ(w0 + x·b) for one customer.
     *
     * @param row the customer's features, one per coefficient
     * @return the score, in (0, 1)
     */
    public double score(double[] row) {
        if (row.length != coefficients.length) {
            throw new IllegalArgumentException("row has " + row.length + " features; the model has " + coefficients.length);
        }
        double eta = intercept;
        for (int j = 0; j < row.length; j++) {
            eta += coefficients[j] * row[j];
        }
        return Objectives.sigmoid(eta);
    }

    /**
     * Scores for many customers.
     *
     * @param x features, one row per customer
     * @return one score per row
     */
    public double[] score(double[][] x) {
        checkFeatures(x);
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = score(x[i]);
        }
        return s;
    }
}
