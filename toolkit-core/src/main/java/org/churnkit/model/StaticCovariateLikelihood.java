package org.churnkit.model;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;

/**
 * The penalised log-likelihood of a Pareto/NBD or BG/NBD model with time-invariant covariates
 * (Fader and Hardie 2007, note 019), on the optimiser's scale, with its analytic gradient by the
 * chain rule.
 *
 * <p>Free vector {@code u = (log r, log alpha, log s|a, log beta|b, c_1, ..., c_m)}; purchase
 * coefficient k is {@code c[purchaseIndex[k]]}, dropout coefficient k is {@code c[dropoutIndex[k]]}
 * (an equality constraint maps both to one c). Per customer, with {@code eta_P = gamma_P' z_P},
 * {@code eta_D = gamma_D' z_D}:
 * <pre>
 *   Pareto/NBD: alpha_i = alpha exp(-eta_P), beta_i = beta exp(-eta_D)
 *   BG/NBD:     alpha_i = alpha exp(-eta_P), a_i = a exp(eta_D), b_i = b exp(eta_D)
 *   log L_i = the plain model's log-likelihood at (r, alpha_i, s, beta_i) or (r, alpha_i, a_i, b_i)
 *   d log L_i / d gamma_P,k = -alpha_i z_P,ik d log L_i / d alpha_i
 *   d log L_i / d gamma_D,k = -beta_i z_D,ik d log L_i / d beta_i           (Pareto/NBD)
 *                           = (a_i dl/da_i + b_i dl/db_i) z_D,ik            (BG/NBD)
 *   objective = sum_i w_i log L_i - lambda_P sum_k gamma_P,k^2 - lambda_D sum_k gamma_D,k^2
 * </pre>
 * The per-customer terms are the plain models' own code ({@link ParetoNbdLikelihood#customer},
 * and {@link BgNbdLikelihood} on one row). Rows are evaluated in blocks in parallel and the block
 * sums added in block order (deterministic for a given processor count). Thread-safe.
 */
final class StaticCovariateLikelihood {
    static final int BASE = 4;
    final ModelKind kind;
    final Histories data;
    /** Transformed purchase covariates, row-major n x p. */
    final double[] zp;
    final int p;
    /** Transformed dropout covariates, row-major n x q. */
    final double[] zd;
    final int q;
    final int[] purchaseIndex;
    final int[] dropoutIndex;
    final int free;
    final double lambdaP;
    final double lambdaD;

    StaticCovariateLikelihood(ModelKind kind, Histories data, double[] zp, int p, double[] zd, int q,
                              int[] purchaseIndex, int[] dropoutIndex, int free, double lambdaP, double lambdaD) {
        if (kind != ModelKind.PARETO_NBD && kind != ModelKind.BG_NBD) {
            throw new IllegalArgumentException("time-invariant covariates are implemented for Pareto/NBD and BG/NBD, not "
                    + kind.id());
        }
        this.kind = kind;
        this.data = data;
        this.zp = zp;
        this.p = p;
        this.zd = zd;
        this.q = q;
        this.purchaseIndex = purchaseIndex;
        this.dropoutIndex = dropoutIndex;
        this.free = free;
        this.lambdaP = lambdaP;
        this.lambdaD = lambdaD;
    }

    /** Number of free variables: 4 plus the distinct coefficients. */
    int dimension() {
        return BASE + free;
    }

    /** The same model on the rows {@code rows} of the data (for screening starts on a subsample). */
    StaticCovariateLikelihood subset(int[] rows) {
        int m = rows.length;
        double[] x = new double[m];
        double[] tx = new double[m];
        double[] t = new double[m];
        double[] w = new double[m];
        double[] sp = new double[m * p];
        double[] sd = new double[m * q];
        for (int k = 0; k < m; k++) {
            int i = rows[k];
            x[k] = data.frequency[i];
            tx[k] = data.recency[i];
            t[k] = data.age[i];
            w[k] = data.weight(i);
            System.arraycopy(zp, i * p, sp, k * p, p);
            System.arraycopy(zd, i * q, sd, k * q, q);
        }
        return new StaticCovariateLikelihood(kind, Histories.wrap(x, tx, t, null, w, null), sp, p, sd, q,
                purchaseIndex, dropoutIndex, free, lambdaP, lambdaD);
    }

    /** Total weight of the rows. */
    double totalWeight() {
        return data.totalWeight();
    }

    /** The purchase coefficients expanded from {@code u}. */
    double[] purchaseCoefficients(double[] u) {
        double[] g = new double[p];
        for (int k = 0; k < p; k++) {
            g[k] = u[BASE + purchaseIndex[k]];
        }
        return g;
    }

    /** The dropout coefficients expanded from {@code u}. */
    double[] dropoutCoefficients(double[] u) {
        double[] g = new double[q];
        for (int k = 0; k < q; k++) {
            g[k] = u[BASE + dropoutIndex[k]];
        }
        return g;
    }

    /** The penalty {@code lambda_P |gamma_P|^2 + lambda_D |gamma_D|^2}. */
    double penalty(double[] u) {
        double pen = 0;
        for (double g : purchaseCoefficients(u)) {
            pen += lambdaP * g * g;
        }
        for (double g : dropoutCoefficients(u)) {
            pen += lambdaD * g * g;
        }
        return pen;
    }

    /**
     * The unpenalised total log-likelihood at {@code u}; when {@code grad != null}, its gradient
     * with respect to {@code u} is written there (penalty not included).
     *
     * @throws ChurnkitException naming the customer when a term cannot be computed
     */
    double logLikelihood(double[] u, double[] grad) {
        int n = data.size();
        int k = dimension();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int block = Math.max(2048, (n + 4 * threads - 1) / (4 * threads));
        int blocks = (n + block - 1) / block;
        double[] ll = new double[blocks];
        double[][] grads = grad != null ? new double[blocks][k] : null;
        double[] gp = purchaseCoefficients(u);
        double[] gd = dropoutCoefficients(u);
        if (blocks == 1) {
            ll[0] = block(u, gp, gd, 0, n, grads != null ? grads[0] : null);
        } else {
            IntStream.range(0, blocks).parallel().forEach(b -> {
                int from = b * block;
                ll[b] = block(u, gp, gd, from, Math.min(n, from + block), grads != null ? grads[b] : null);
            });
        }
        double total = 0;
        if (grad != null) {
            Arrays.fill(grad, 0);
        }
        for (int b = 0; b < blocks; b++) {
            total += ll[b];
            if (grad != null) {
                for (int j = 0; j < k; j++) {
                    grad[j] += grads[b][j];
                }
            }
        }
        return total;
    }

    /** Rows {@code [from, to)}; gradient with respect to {@code u} added into {@code g}. */
    private double block(double[] u, double[] gp, double[] gd, int from, int to, double[] g) {
        double r = Math.exp(u[0]);
        double alpha = Math.exp(u[1]);
        double c = Math.exp(u[2]);
        double d = Math.exp(u[3]);
        double[] dp = g != null ? new double[p] : null;
        double[] dd = g != null ? new double[q] : null;
        double[] local = new double[4];
        double[] scratch = new double[4];
        double[] params = new double[4];
        ParetoNbdLikelihood.GammaRatios ratios = kind == ModelKind.PARETO_NBD ? new ParetoNbdLikelihood.GammaRatios(r)
                : null;
        ParetoNbdMath.Cache cache = new ParetoNbdMath.Cache();
        BgNbdLikelihood bg = kind == ModelKind.BG_NBD ? BgNbdLikelihood.of() : null;
        double[] xs = data.frequency;
        double[] txs = data.recency;
        double[] ts = data.age;
        double sum = 0;
        double g0 = 0;
        double g1 = 0;
        double g2 = 0;
        double g3 = 0;
        for (int i = from; i < to; i++) {
            double w = data.weight(i);
            if (w == 0) {
                continue;
            }
            double etaP = 0;
            for (int j = 0, o = i * p; j < p; j++) {
                etaP += gp[j] * zp[o + j];
            }
            double etaD = 0;
            for (int j = 0, o = i * q; j < q; j++) {
                etaD += gd[j] * zd[o + j];
            }
            double alphaI = alpha * Math.exp(-etaP);
            double li;
            double dAlpha;
            double dDrop; // d log L_i / d eta_D
            double dC;
            double dD;
            if (ratios != null) {
                double betaI = d * Math.exp(-etaD);
                check(alphaI, betaI, i);
                li = ParetoNbdLikelihood.customer(r, alphaI, c, betaI, xs[i], txs[i], ts[i], ratios, scratch, cache,
                        g != null ? local : null, data, i);
                if (g == null) {
                    sum += w * li;
                    continue;
                }
                dAlpha = local[1] * alphaI;
                dC = local[2] * c;
                dD = local[3] * betaI;
                dDrop = -dD;
            } else {
                double e = Math.exp(etaD);
                double aI = c * e;
                double bI = d * e;
                check(alphaI, aI * bI, i);
                params[0] = r;
                params[1] = alphaI;
                params[2] = aI;
                params[3] = bI;
                if (g != null) {
                    Arrays.fill(local, 0);
                }
                // The plain likelihood weights the row itself: undo it, the weight is applied below.
                li = bg.logLikelihoodExactRatios(params, data, i, i + 1, g != null ? local : null) / w;
                if (g == null) {
                    sum += w * li;
                    continue;
                }
                for (int j = 0; j < 4; j++) {
                    local[j] /= w;
                }
                dAlpha = local[1] * alphaI;
                dC = local[2] * aI;
                dD = local[3] * bI;
                dDrop = dC + dD;
            }
            sum += w * li;
            g0 += w * local[0] * r;
            g1 += w * dAlpha;
            g2 += w * dC;
            g3 += w * dD;
            for (int j = 0, o = i * p; j < p; j++) {
                dp[j] -= w * dAlpha * zp[o + j];
            }
            for (int j = 0, o = i * q; j < q; j++) {
                dd[j] += w * dDrop * zd[o + j];
            }
        }
        if (g != null) {
            g[0] += g0;
            g[1] += g1;
            g[2] += g2;
            g[3] += g3;
            for (int j = 0; j < p; j++) {
                g[BASE + purchaseIndex[j]] += dp[j];
            }
            for (int j = 0; j < q; j++) {
                g[BASE + dropoutIndex[j]] += dd[j];
            }
        }
        return sum;
    }

    private void check(double alphaI, double other, int i) {
        if (!(alphaI > 0) || Double.isInfinite(alphaI) || !(other > 0) || Double.isInfinite(other)) {
            throw new ChurnkitException("the covariates of " + data.describe(i) + " drive a scale parameter to "
                    + (alphaI > 0 && other > 0 ? "infinity" : "0") + " (coefficients too large for these covariate values)");
        }
    }

    /**
     * The optimiser's objective: {@code -(LL - penalty) / W} and its gradient; {@code +infinity}
     * where it cannot be evaluated.
     */
    DifferentiableObjective objective() {
        double scale = 1.0 / totalWeight();
        return (u, g) -> {
            double ll;
            try {
                ll = logLikelihood(u, g);
            } catch (ChurnkitException | ArithmeticException e) {
                Arrays.fill(g, Double.NaN);
                return Double.POSITIVE_INFINITY;
            }
            double f = -(ll - penalty(u)) * scale;
            if (!Double.isFinite(f)) {
                return Double.POSITIVE_INFINITY;
            }
            double[] gp = purchaseCoefficients(u);
            double[] gd = dropoutCoefficients(u);
            for (int j = 0; j < p; j++) {
                g[BASE + purchaseIndex[j]] -= 2 * lambdaP * gp[j];
            }
            for (int j = 0; j < q; j++) {
                g[BASE + dropoutIndex[j]] -= 2 * lambdaD * gd[j];
            }
            for (int j = 0; j < g.length; j++) {
                g[j] *= -scale;
                if (!Double.isFinite(g[j])) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            return f;
        };
    }
}
