package org.churnkit.model;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.Vectors;

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
 * sums added in block order (deterministic for a given processor count). The coefficient map,
 * penalty and objective are {@link CovariateLikelihood}'s. Thread-safe.
 */
final class StaticCovariateLikelihood extends CovariateLikelihood {
    final ModelKind kind;
    final Histories data;
    /** Transformed purchase covariates, row-major n x p. */
    final double[] zp;
    /** Transformed dropout covariates, row-major n x q. */
    final double[] zd;
    /**
     * Whether the purchase and dropout rates are correlated through the Sarmanov mixing
     * distribution ({@link SarmanovMixing}; Pareto/NBD only): then the last free variable is
     * v of {@link SarmanovMixing#omega}, between the bounds that keep every customer's density
     * non-negative.
     */
    final boolean correlated;

    StaticCovariateLikelihood(ModelKind kind, Histories data, double[] zp, int p, double[] zd, int q,
                              int[] purchaseIndex, int[] dropoutIndex, int free, double lambdaP, double lambdaD) {
        this(kind, data, zp, p, zd, q, purchaseIndex, dropoutIndex, free, lambdaP, lambdaD, false);
    }

    StaticCovariateLikelihood(ModelKind kind, Histories data, double[] zp, int p, double[] zd, int q,
                              int[] purchaseIndex, int[] dropoutIndex, int free, double lambdaP, double lambdaD,
                              boolean correlated) {
        super(p, q, purchaseIndex, dropoutIndex, free, lambdaP, lambdaD);
        if (correlated && kind != ModelKind.PARETO_NBD) {
            throw new IllegalArgumentException("the purchase-dropout correlation is implemented for Pareto/NBD, not "
                    + kind.id());
        }
        this.correlated = correlated;
        if (kind != ModelKind.PARETO_NBD && kind != ModelKind.BG_NBD) {
            throw new IllegalArgumentException("time-invariant covariates are implemented for Pareto/NBD and BG/NBD, not "
                    + kind.id());
        }
        this.kind = kind;
        this.data = data;
        this.zp = zp;
        this.zd = zd;
    }

    /** Number of free variables: 4 plus the distinct coefficients, plus v of omega when correlated. */
    @Override
    int dimension() {
        return BASE + free + (correlated ? 1 : 0);
    }

    /** Index of v (the free variable of omega) in u; only when correlated. */
    int omegaIndex() {
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
                purchaseIndex, dropoutIndex, free, lambdaP, lambdaD, correlated);
    }

    @Override
    double totalWeight() {
        return data.totalWeight();
    }

    @Override
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
        OmegaBounds bounds = correlated ? omegaBounds(u, grad != null) : null;
        double[] dOmega = correlated ? new double[3] : null;
        double omega = correlated ? SarmanovMixing.omega(u[omegaIndex()], bounds.lo(), bounds.hi(), dOmega) : 0;
        if (blocks == 1) {
            ll[0] = correlated ? correlatedBlock(u, gp, gd, omega, 0, n, grads != null ? grads[0] : null)
                    : block(u, gp, gd, 0, n, grads != null ? grads[0] : null);
        } else {
            IntStream.range(0, blocks).parallel().forEach(b -> {
                int from = b * block;
                int to = Math.min(n, from + block);
                double[] gb = grads != null ? grads[b] : null;
                ll[b] = correlated ? correlatedBlock(u, gp, gd, omega, from, to, gb) : block(u, gp, gd, from, to, gb);
            });
        }
        double total = sumBlocks(ll, grads, grad);
        if (grad != null && correlated) {
            // The blocks left d LL / d omega in v's slot; omega depends on v and, through its
            // bounds, on the parameters of the binding customer.
            int o = omegaIndex();
            double gOmega = grad[o];
            grad[o] = gOmega * dOmega[0];
            for (int j = 0; j < o; j++) {
                grad[j] += gOmega * (dOmega[1] * bounds.dLo()[j] + dOmega[2] * bounds.dHi()[j]);
            }
        }
        return total;
    }

    /**
     * The interval of omega that keeps the mixing density of every row non-negative: the
     * intersection of the rows' intervals ({@link SarmanovMixing#lower}, {@link SarmanovMixing#upper}),
     * with the gradients of its ends with respect to u (those of the binding row's corner product).
     *
     * @param lo lower end, {@code < 0}
     * @param hi upper end, {@code > 0}
     * @param dLo gradient of lo in u (null without derivatives)
     * @param dHi gradient of hi in u (null without derivatives)
     */
    record OmegaBounds(double lo, double hi, double[] dLo, double[] dHi) {}

    /** The bounds of omega at u over all rows (see {@link OmegaBounds}). */
    OmegaBounds omegaBounds(double[] u, boolean derivatives) {
        double r = Math.exp(u[0]);
        double alpha = Math.exp(u[1]);
        double s = Math.exp(u[2]);
        double beta = Math.exp(u[3]);
        double[] gp = purchaseCoefficients(u);
        double[] gd = dropoutCoefficients(u);
        double[] c = new double[4];
        double mLo = 0;
        double mHi = 0;
        int rowLo = -1;
        int rowHi = -1;
        int cornerLo = 0;
        int cornerHi = 2;
        for (int i = 0; i < data.size(); i++) {
            double alphaI = alpha * Math.exp(-eta(gp, zp, p, i));
            double betaI = beta * Math.exp(-eta(gd, zd, q, i));
            check(alphaI, betaI, i);
            SarmanovMixing.corners(SarmanovMixing.logL(r, alphaI), SarmanovMixing.logL(s, betaI), c);
            for (int k = 0; k < 2; k++) {
                if (c[k] > mLo || rowLo < 0) {
                    mLo = c[k];
                    rowLo = i;
                    cornerLo = k;
                }
                if (c[2 + k] > mHi || rowHi < 0) {
                    mHi = c[2 + k];
                    rowHi = i;
                    cornerHi = 2 + k;
                }
            }
        }
        if (!(mLo > 0) || !(mHi > 0)) {
            throw new ChurnkitException("the correlation's mixing distribution is degenerate at r=" + r + ", alpha="
                    + alpha + ", s=" + s + ", beta=" + beta);
        }
        if (!derivatives) {
            return new OmegaBounds(-1 / mLo, 1 / mHi, null, null);
        }
        double[] dLo = cornerGradient(u, gp, gd, rowLo, cornerLo);
        double[] dHi = cornerGradient(u, gp, gd, rowHi, cornerHi);
        Vectors.scale(1 / (mLo * mLo), dLo);
        Vectors.scale(-1 / (mHi * mHi), dHi);
        return new OmegaBounds(-1 / mLo, 1 / mHi, dLo, dHi);
    }

    /** The linear predictor of row i: {@code sum_j g_j z[i*width + j]}. */
    private static double eta(double[] g, double[] z, int width, int i) {
        double e = 0;
        for (int j = 0, o = i * width; j < width; j++) {
            e += g[j] * z[o + j];
        }
        return e;
    }

    /**
     * The gradient in u of corner product {@code corner} (0: L1 L2, 1: (1-L1)(1-L2), 2: L1 (1-L2),
     * 3: (1-L1) L2) of row i.
     */
    private double[] cornerGradient(double[] u, double[] gp, double[] gd, int i, int corner) {
        double r = Math.exp(u[0]);
        double s = Math.exp(u[2]);
        double alphaI = Math.exp(u[1]) * Math.exp(-eta(gp, zp, p, i));
        double betaI = Math.exp(u[3]) * Math.exp(-eta(gd, zd, q, i));
        double lg1 = SarmanovMixing.logL(r, alphaI);
        double lg2 = SarmanovMixing.logL(s, betaI);
        double l1 = Math.exp(lg1);
        double m1 = -Math.expm1(lg1);
        double l2 = Math.exp(lg2);
        double m2 = -Math.expm1(lg2);
        // corner = A B with d A = +-L1 d log L1, d B = +-L2 d log L2.
        double f1;
        double f2;
        switch (corner) {
            case 0 -> {
                f1 = l1 * l2;
                f2 = l1 * l2;
            }
            case 1 -> {
                f1 = -l1 * m2;
                f2 = -m1 * l2;
            }
            case 2 -> {
                f1 = l1 * m2;
                f2 = -l1 * l2;
            }
            default -> {
                f1 = -l1 * l2;
                f2 = m1 * l2;
            }
        }
        // d log L1 / d(log r, log alpha_i) = (log L1, r/(alpha_i+1)); log alpha_i = log alpha - eta_P.
        double a1 = SarmanovMixing.dLogLdLogScale(r, alphaI);
        double b1 = SarmanovMixing.dLogLdLogScale(s, betaI);
        double[] d = new double[dimension()];
        d[0] = f1 * lg1;
        d[1] = f1 * a1;
        d[2] = f2 * lg2;
        d[3] = f2 * b1;
        for (int j = 0, o = i * p; j < p; j++) {
            d[BASE + purchaseIndex[j]] -= f1 * a1 * zp[o + j];
        }
        for (int j = 0, o = i * q; j < q; j++) {
            d[BASE + dropoutIndex[j]] -= f2 * b1 * zd[o + j];
        }
        return d;
    }

    /**
     * Pareto/NBD rows {@code [from, to)} under the Sarmanov mixing distribution with this omega:
     * {@code log L_i = l00 + log1p(omega K D)} from the plain per-customer terms at the four
     * shifted scales ({@link SarmanovMixing}); gradient added into {@code g}, with
     * {@code d LL / d omega} in v's slot (the caller applies the chain rule for v).
     */
    private double correlatedBlock(double[] u, double[] gp, double[] gd, double omega, int from, int to, double[] g) {
        double r = Math.exp(u[0]);
        double alpha = Math.exp(u[1]);
        double c = Math.exp(u[2]);
        double beta = Math.exp(u[3]);
        double[] dp = g != null ? new double[p] : null;
        double[] dd = g != null ? new double[q] : null;
        double[][] local = new double[4][4];
        double[] scratch = new double[4];
        double[] l = new double[4];
        ParetoNbdLikelihood.GammaRatios ratios = new ParetoNbdLikelihood.GammaRatios(r);
        // One cache per shift: consecutive rows share each shift's 2F1 only with themselves.
        ParetoNbdMath.Cache[] caches = {new ParetoNbdMath.Cache(), new ParetoNbdMath.Cache(), new ParetoNbdMath.Cache(),
            new ParetoNbdMath.Cache()};
        double[] xs = data.frequency;
        double[] txs = data.recency;
        double[] ts = data.age;
        double sum = 0;
        double g0 = 0;
        double g1 = 0;
        double g2 = 0;
        double g3 = 0;
        double gOmega = 0;
        for (int i = from; i < to; i++) {
            double w = data.weight(i);
            if (w == 0) {
                continue;
            }
            double alphaI = alpha * Math.exp(-eta(gp, zp, p, i));
            double betaI = beta * Math.exp(-eta(gd, zd, q, i));
            check(alphaI, betaI, i);
            double lg1 = SarmanovMixing.logL(r, alphaI);
            double lg2 = SarmanovMixing.logL(c, betaI);
            double k = Math.exp(lg1 + lg2);
            double ok = omega * k;
            // Shifts (0,0), (1,1), (1,0), (0,1) of (alpha_i, beta_i).
            for (int m = 0; m < 4; m++) {
                if (m > 0 && ok == 0 && g == null) {
                    break; // omega = 0: exactly the plain term
                }
                double sa = m == 1 || m == 2 ? 1 : 0;
                double sb = m == 1 || m == 3 ? 1 : 0;
                l[m] = ParetoNbdLikelihood.customer(r, alphaI + sa, c, betaI + sb, xs[i], txs[i], ts[i], ratios, scratch,
                        caches[m], g != null ? local[m] : null, data, i);
            }
            double li = l[0];
            double dz = 0;
            double z = 1;
            double dD = 0;
            if (ok != 0 || g != null) {
                dD = SarmanovMixing.d(l[1] - l[0], l[2] - l[0], l[3] - l[0]);
                dz = ok * dD;
                z = 1 + dz;
                if (!(z > 0) || Double.isInfinite(z)) {
                    throw new org.churnkit.NotComputableException(data.describe(i), "cannot compute the correlated "
                            + "Pareto/NBD likelihood of " + data.describe(i) + " at r=" + r + ", alpha=" + alphaI + ", s="
                            + c + ", beta=" + betaI + ", omega=" + omega + ": the mixture weight is " + z);
                }
                li += Math.log1p(dz);
            }
            sum += w * li;
            if (g == null) {
                continue;
            }
            double e11 = Math.exp(l[1] - l[0]);
            double e10 = Math.exp(l[2] - l[0]);
            double e01 = Math.exp(l[3] - l[0]);
            // d log K / d(r, alpha_i, s, beta_i)
            double[] dlk = {-Math.log1p(1 / alphaI), r / (alphaI * (alphaI + 1)), -Math.log1p(1 / betaI),
                c / (betaI * (betaI + 1))};
            double[] d = new double[4];
            for (int j = 0; j < 4; j++) {
                double d0 = local[0][j];
                d[j] = d0 + ok * (dlk[j] * dD + e11 * (local[1][j] - d0) - e10 * (local[2][j] - d0)
                        - e01 * (local[3][j] - d0)) / z;
            }
            double dAlpha = d[1] * alphaI;
            double dBeta = d[3] * betaI;
            g0 += w * d[0] * r;
            g1 += w * dAlpha;
            g2 += w * d[2] * c;
            g3 += w * dBeta;
            gOmega += w * k * dD / z;
            for (int j = 0, o = i * p; j < p; j++) {
                dp[j] -= w * dAlpha * zp[o + j];
            }
            for (int j = 0, o = i * q; j < q; j++) {
                dd[j] -= w * dBeta * zd[o + j];
            }
        }
        if (g != null) {
            addBlockGradient(g, g0, g1, g2, g3, dp, dd);
            g[omegaIndex()] += gOmega;
        }
        return sum;
    }

    /** omega at u (0 for a model without correlation). */
    double omega(double[] u) {
        if (!correlated) {
            return 0;
        }
        OmegaBounds b = omegaBounds(u, false);
        return SarmanovMixing.omega(u[omegaIndex()], b.lo(), b.hi(), null);
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
            addBlockGradient(g, g0, g1, g2, g3, dp, dd);
        }
        return sum;
    }

    private void check(double alphaI, double other, int i) {
        if (!(alphaI > 0) || Double.isInfinite(alphaI) || !(other > 0) || Double.isInfinite(other)) {
            throw new ChurnkitException("the covariates of " + data.describe(i) + " drive a scale parameter to "
                    + (alphaI > 0 && other > 0 ? "infinity" : "0") + " (coefficients too large for these covariate values)");
        }
    }
}
