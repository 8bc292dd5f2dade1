package org.churnkit.labels;

import java.util.Arrays;
import org.churnkit.ChurnkitException;

/**
 * Ridge-penalised, case-weighted logistic regression fitted by Newton's method, with the
 * leave-one-out predictions a label audit needs ({@link OutOfSample}).
 *
 * <pre>
 *   p_i = σ(η_i),   η_i = z_i·β,   z_i = (1, (x_i − mean)/sd)          (features standardised)
 *   maximise  F(β) = Σ w_i [y_i η_i − log(1 + e^{η_i})] − (λ/2) Σ_{j≥1} β_j²   (intercept not penalised)
 *   Newton:   β ← β + H⁻¹ ∇F,   ∇F = Σ w_i (y_i − p_i) z_i − λ P β,   H = Σ w_i p_i(1−p_i) z_i z_iᵀ + λ P
 * </pre>
 * with step halving until F increases. The log-likelihood is evaluated in log space
 * ({@code log(1+e^η)} without overflow), so no row can make F infinite. The ridge λ &gt; 0 keeps the
 * fit finite under complete separation and for constant columns (which get coefficient 0). Unlike
 * {@code org.churnkit.cost.CsLogit}, which minimises expected cost and ranks, this model maximises
 * the likelihood: its probabilities are estimates of P(label = 1 | x), as confident learning needs.
 * Immutable.
 */
public final class AuditLogit {

    /**
     * Fitting options.
     *
     * @param ridge λ, the ridge penalty on the standardised coefficients, {@code > 0}
     * @param maxIterations Newton iteration limit, {@code >= 1}
     * @param tolerance convergence tolerance on the largest coefficient change (relative to
     *     max(1, largest coefficient)), {@code > 0}
     */
    public record Options(double ridge, int maxIterations, double tolerance) {
        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException when an option is out of its domain
         */
        public Options {
            if (!(ridge > 0) || !Double.isFinite(ridge)) {
                throw new IllegalArgumentException("ridge must be a positive finite number, got " + ridge);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
            }
            if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
                throw new IllegalArgumentException("tolerance must be a positive finite number, got " + tolerance);
            }
        }

        /**
         * The defaults: λ = 1 (a weak prior, negligible beside thousands of rows), 100 iterations,
         * tolerance 1e-10.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(1.0, 100, 1e-10);
        }
    }

    private final Design design;
    private final double[] beta;
    private final int iterations;

    private AuditLogit(Design design, double[] beta, int iterations) {
        this.design = design;
        this.beta = beta;
        this.iterations = iterations;
    }

    /**
     * Fits the model.
     *
     * @param x features, one row per case, all rows of equal length and finite
     * @param y labels, 0 or 1
     * @param weights case weights, finite and {@code >= 0} with a positive sum, or {@code null} for 1
     * @param o options
     * @return the fitted model
     * @throws IllegalArgumentException on input outside that domain, naming the row
     * @throws ChurnkitException when Newton's method does not converge within the iteration limit
     */
    public static AuditLogit fit(double[][] x, int[] y, double[] weights, Options o) {
        double[] w = AuditChecks.weights(weights, AuditChecks.rows(x, y));
        Design d = Design.of(x);
        Fit f = newton(d, y, w, -1, new double[d.cols], o);
        return new AuditLogit(d, f.beta, f.iterations);
    }

    /** The result of Newton's method: coefficients and iterations. */
    record Fit(double[] beta, int iterations) {}

    /**
     * Newton's method with step halving from {@code start}, leaving out row {@code skip} (−1: none).
     */
    static Fit newton(Design d, int[] y, double[] w, int skip, double[] start, Options o) {
        int k = d.cols;
        double[] b = start.clone();
        double[] grad = new double[k];
        double[] hess = new double[k * k];
        double[] trial = new double[k];
        double f = objective(d, y, w, skip, b, o.ridge());
        for (int it = 1; it <= o.maxIterations(); it++) {
            gradientHessian(d, y, w, skip, b, o.ridge(), grad, hess);
            double[] step = solve(cholesky(hess, k), k, grad);
            double t = 1;
            double fNew;
            while (true) {
                for (int j = 0; j < k; j++) {
                    trial[j] = b[j] + t * step[j];
                }
                fNew = objective(d, y, w, skip, trial, o.ridge());
                if (fNew >= f - 1e-12 * Math.abs(f)) {
                    break;
                }
                t *= 0.5;
                if (t < 1e-10) {
                    // no ascent along the Newton direction: at the optimum to rounding
                    return new Fit(b, it);
                }
            }
            double change = 0;
            double norm = 0;
            for (int j = 0; j < k; j++) {
                change = Math.max(change, Math.abs(trial[j] - b[j]));
                norm = Math.max(norm, Math.abs(trial[j]));
            }
            System.arraycopy(trial, 0, b, 0, k);
            f = fNew;
            if (change <= o.tolerance() * Math.max(1, norm)) {
                return new Fit(b, it);
            }
        }
        throw new ChurnkitException("logistic regression did not converge in " + o.maxIterations()
                + " Newton iterations; raise the ridge penalty");
    }

    /** F(β): the penalised, weighted log-likelihood. */
    static double objective(Design d, int[] y, double[] w, int skip, double[] b, double ridge) {
        double s = 0;
        for (int i = 0; i < d.rows; i++) {
            if (i == skip || w[i] == 0) {
                continue;
            }
            double eta = d.eta(i, b);
            // y η − log(1 + e^η) = −softplus(−η) for y = 1, −softplus(η) for y = 0
            s -= w[i] * softplus(y[i] == 1 ? -eta : eta);
        }
        double pen = 0;
        for (int j = 1; j < b.length; j++) {
            pen += b[j] * b[j];
        }
        return s - 0.5 * ridge * pen;
    }

    /** ∇F and H (the negative Hessian, positive definite) at b. */
    static void gradientHessian(Design d, int[] y, double[] w, int skip, double[] b, double ridge, double[] grad,
            double[] hess) {
        int k = d.cols;
        Arrays.fill(grad, 0);
        Arrays.fill(hess, 0);
        double[] z = d.z;
        for (int i = 0; i < d.rows; i++) {
            if (i == skip || w[i] == 0) {
                continue;
            }
            double p = sigmoid(d.eta(i, b));
            double g = w[i] * (y[i] - p);
            double v = w[i] * p * (1 - p);
            int off = i * k;
            for (int a = 0; a < k; a++) {
                double za = z[off + a];
                grad[a] += g * za;
                double vza = v * za;
                for (int c = 0; c <= a; c++) {
                    hess[a * k + c] += vza * z[off + c];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int c = 0; c < a; c++) {
                hess[c * k + a] = hess[a * k + c];
            }
        }
        for (int j = 1; j < k; j++) {
            grad[j] -= ridge * b[j];
            hess[j * k + j] += ridge;
        }
    }

    /** Lower Cholesky factor of the k×k matrix a (row-major). */
    static double[] cholesky(double[] a, int k) {
        double[] l = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * k + j];
                for (int m = 0; m < j; m++) {
                    s -= l[i * k + m] * l[j * k + m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new ChurnkitException("logistic regression: the information matrix is singular (a "
                                + "class has no weight, or the weights are too small); raise the ridge penalty");
                    }
                    l[i * k + i] = Math.sqrt(s);
                } else {
                    l[i * k + j] = s / l[j * k + j];
                }
            }
        }
        return l;
    }

    /** Solves L u = b (forward substitution) into u. */
    static void forward(double[] l, int k, double[] b, int off, double[] u) {
        for (int i = 0; i < k; i++) {
            double s = b[off + i];
            for (int m = 0; m < i; m++) {
                s -= l[i * k + m] * u[m];
            }
            u[i] = s / l[i * k + i];
        }
    }

    /** Solves (L Lᵀ) x = b. */
    static double[] solve(double[] l, int k, double[] b) {
        double[] u = new double[k];
        forward(l, k, b, 0, u);
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = u[i];
            for (int m = i + 1; m < k; m++) {
                s -= l[m * k + i] * x[m];
            }
            x[i] = s / l[i * k + i];
        }
        return x;
    }

    /** log(1 + e^t) without overflow. */
    static double softplus(double t) {
        return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    }

    /** σ(t) without overflow. */
    static double sigmoid(double t) {
        if (t >= 0) {
            return 1 / (1 + Math.exp(-t));
        }
        double e = Math.exp(t);
        return e / (1 + e);
    }

    Design design() {
        return design;
    }

    double[] standardisedBeta() {
        return beta;
    }

    /**
     * Intercept on the original feature scale.
     *
     * @return β0 − Σ β_j mean_j / sd_j
     */
    public double intercept() {
        double b0 = beta[0];
        for (int j = 1; j < design.cols; j++) {
            b0 -= design.scale[j - 1] * beta[j] * design.mean[j - 1];
        }
        return b0;
    }

    /**
     * Coefficients on the original feature scale (a copy); a constant column's is 0.
     *
     * @return one coefficient per feature
     */
    public double[] coefficients() {
        double[] c = new double[design.cols - 1];
        for (int j = 0; j < c.length; j++) {
            c[j] = design.scale[j] * beta[j + 1];
        }
        return c;
    }

    /**
     * Newton iterations used.
     *
     * @return the iteration count
     */
    public int iterations() {
        return iterations;
    }

    /**
     * P(label = 1 | x) per row.
     *
     * @param x features, one row per case, as many columns as the training rows had, finite
     * @return one probability per row, in [0, 1]
     */
    public double[] probabilityOfOne(double[][] x) {
        AuditChecks.features(x, design.cols - 1);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double eta = beta[0];
            for (int j = 1; j < design.cols; j++) {
                eta += beta[j] * design.scale[j - 1] * (x[i][j - 1] - design.mean[j - 1]);
            }
            out[i] = sigmoid(eta);
        }
        return out;
    }

    /**
     * The standardised design (1, (x − mean)/sd), flat and row-major; a constant column is all 0.
     */
    static final class Design {
        final int rows;
        final int cols;
        final double[] z;
        final double[] mean;
        /** 1/sd per feature, 0 for a constant column. */
        final double[] scale;

        private Design(int rows, int cols, double[] z, double[] mean, double[] scale) {
            this.rows = rows;
            this.cols = cols;
            this.z = z;
            this.mean = mean;
            this.scale = scale;
        }

        static Design of(double[][] x) {
            int n = x.length;
            int p = x[0].length;
            double[] mean = new double[p];
            double[] scale = new double[p];
            for (double[] row : x) {
                for (int j = 0; j < p; j++) {
                    mean[j] += row[j];
                }
            }
            for (int j = 0; j < p; j++) {
                mean[j] /= n;
            }
            for (double[] row : x) {
                for (int j = 0; j < p; j++) {
                    double dl = row[j] - mean[j];
                    scale[j] += dl * dl;
                }
            }
            for (int j = 0; j < p; j++) {
                double sd = Math.sqrt(scale[j] / n);
                // a column constant to rounding carries no information: coefficient 0
                scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? 1 / sd : 0;
            }
            int k = p + 1;
            double[] z = new double[n * k];
            for (int i = 0; i < n; i++) {
                z[i * k] = 1;
                for (int j = 0; j < p; j++) {
                    z[i * k + j + 1] = (x[i][j] - mean[j]) * scale[j];
                }
            }
            return new Design(n, k, z, mean, scale);
        }

        double eta(int i, double[] b) {
            int off = i * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += z[off + j] * b[j];
            }
            return s;
        }
    }
}
