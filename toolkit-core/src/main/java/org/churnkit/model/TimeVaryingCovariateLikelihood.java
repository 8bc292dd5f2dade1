package org.churnkit.model;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;
import org.churnkit.numerics.Vectors;

/**
 * The penalised log-likelihood of the Pareto/NBD model with time-varying covariates (Bachmann,
 * Meierer and Naef 2021) on the optimiser's scale {@code u = (log r, log alpha, log s, log beta,
 * c_1..c_m)}, coefficients mapped as in {@link StaticCovariateLikelihood}, with its analytic
 * gradient.
 *
 * <p>Customer i buys at rate {@code lambda a(t)}, {@code a(t) = exp(gamma_P' z(t))}, and drops out
 * at rate {@code mu b(t)}, {@code b(t) = exp(gamma_D' z(t))}; {@code A(t)}, {@code B(t)} their
 * integrals from his first purchase, piecewise linear. With {@code m = r + x}:
 * <pre>
 *   L_i = Gamma(m)/Gamma(r) alpha^r beta^s exp(gamma_P' sum_j z(t_j))
 *         [ (alpha + A(T))^-m (beta + B(T))^-s + s I ],
 *   I   = int_{t_x}^T b(tau) (alpha + A(tau))^-m (beta + B(tau))^-(s+1) dtau
 * </pre>
 * The gradient differentiates under the integral ({@code dA(tau)/dgamma_P = int_0^tau a z}, and
 * the same for B), with the same nodes.
 *
 * <p><b>Quadrature.</b> On a segment where z is constant, {@code P = alpha + A} and
 * {@code Q = beta + B} at its start, the integrand is {@code b (P + a u)^-m (Q + b u)^-(s+1)},
 * analytic except at {@code u = -P/a} and {@code u = -Q/b}. The segment is cut into pieces of
 * length {@code h} with {@code a h / P' <= min(1/2, 1/m)} and {@code b h / Q' <= min(1/2, 1/(s+1))}
 * ({@code P'}, {@code Q'} at the piece's start; the pieces grow geometrically); on a piece the
 * integrand is analytic inside the Bernstein ellipse {@code rho = t + 1 + sqrt((t + 1)^2 - 1)},
 * {@code t = min(1/kappa, 1/(2 eps))} ({@code eps = max(a h/(2P'), b h/(2Q'))}, {@code kappa =
 * max(m a h/(2P'), (s+1) b h/(2Q'))}), where it is at most {@code e^2.8} times its value at the
 * piece's start and at least {@code e^-2} times it on the piece. Gauss-Legendre with N nodes then
 * has relative error below {@code 256 rho^-2N / (rho^2 - 1)} (Trefethen, Approximation Theory and
 * Approximation Practice, Thm 19.3), and N is the smallest in [2, 24] that makes this {@code <= 1e-15}
 * (found in a table of t by comparisons, no logarithms). A piece whose integrand is {@code e^-40}
 * below the running sum times the rest of the segment's length ends the segment (the integrand
 * falls along it). Values are scaled by the integrand's value at t_x, rescaled when a jump of b
 * could lift a node's exponent beyond 300, so nothing overflows.
 *
 * <p>Rows are evaluated in blocks in parallel, block sums added in block order. The coefficient
 * map, penalty and objective are {@link CovariateLikelihood}'s. Thread-safe.
 */
final class TimeVaryingCovariateLikelihood extends CovariateLikelihood {
    /** Gauss-Legendre nodes and weights on [-1, 1] for N = 0..MAX_NODES. */
    static final int MAX_NODES = 24;
    /** Read only (shared with {@link TimeVaryingCovariateModel}'s discounted expectation). */
    static final double[][] NODES = new double[MAX_NODES + 1][];
    static final double[][] WEIGHTS = new double[MAX_NODES + 1][];
    /** The relative error bound each piece must meet. */
    private static final double TARGET = 1e-15;
    /**
     * {@code MIN_T[N]}: the smallest t at which N nodes meet the bound {@code 256 rho^-2N / (rho^2 - 1)
     * <= TARGET} ({@code rho = t + 1 + sqrt((t + 1)^2 - 1)}); decreasing in N, so a piece's node
     * count is found by comparisons instead of logarithms.
     */
    private static final double[] MIN_T = new double[MAX_NODES + 1];
    private static final double CUTOFF = -40;
    /** Node exponents above this are rescaled (exp overflows near 709). */
    private static final double RESCALE = 300;

    static {
        for (int n = 1; n <= MAX_NODES; n++) {
            NODES[n] = new double[n];
            WEIGHTS[n] = new double[n];
            for (int i = 0; i < n; i++) {
                // Newton on P_n from the Chebyshev-like guess; converges in a few steps.
                double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
                double dp = 0;
                for (int it = 0; it < 100; it++) {
                    double p0 = 1;
                    double p1 = z;
                    for (int k = 2; k <= n; k++) {
                        double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                        p0 = p1;
                        p1 = p2;
                    }
                    double pn = n == 1 ? z : p1;
                    double pm = n == 1 ? 1 : p0;
                    dp = n * (z * pn - pm) / (z * z - 1);
                    double dz = pn / dp;
                    z -= dz;
                    if (Math.abs(dz) < 1e-17) {
                        break;
                    }
                }
                NODES[n][i] = z;
                WEIGHTS[n][i] = 2 / ((1 - z * z) * dp * dp);
            }
        }
        for (int n = 1; n <= MAX_NODES; n++) {
            double lo = 1e-6;
            double hi = 1e12;
            for (int it = 0; it < 200; it++) {
                double mid = Math.sqrt(lo * hi);
                if (bound(mid, n) <= TARGET) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            MIN_T[n] = hi;
        }
    }

    private static double bound(double t, int n) {
        double rb = 1 + t;
        double rho = rb + Math.sqrt(rb * rb - 1);
        return Math.exp(Math.log(256) - 2 * n * Math.log(rho) - Math.log(rho * rho - 1));
    }

    /** The fewest nodes (at least 2) whose error bound at this t meets the target; the most when none does. */
    static int nodes(double t) {
        int n = 2;
        while (n < MAX_NODES && t < MIN_T[n]) {
            n++;
        }
        return n;
    }

    final TimeVaryingCovariates data;
    /** Column of the data of purchase covariate k. */
    final int[] purchaseColumn;
    final int[] dropoutColumn;

    TimeVaryingCovariateLikelihood(TimeVaryingCovariates data, int[] purchaseColumn, int[] dropoutColumn,
                                   int[] purchaseIndex, int[] dropoutIndex, int free, double lambdaP, double lambdaD) {
        super(purchaseColumn.length, dropoutColumn.length, purchaseIndex, dropoutIndex, free, lambdaP, lambdaD);
        this.data = data;
        this.purchaseColumn = purchaseColumn;
        this.dropoutColumn = dropoutColumn;
    }

    @Override
    int dimension() {
        return BASE + free;
    }

    @Override
    double totalWeight() {
        return data.totalWeight();
    }

    /** Per evaluation: the rates' factors of every distinct covariate vector. */
    private double[][] factors(double[] u) {
        double[] gp = purchaseCoefficients(u);
        double[] gd = dropoutCoefficients(u);
        int c = data.names.size();
        int levels = c == 0 ? 1 : data.levels.length / c;
        double[] a = new double[levels];
        double[] b = new double[levels];
        double[] lb = new double[levels];
        for (int j = 0; j < levels; j++) {
            double ep = 0;
            for (int k = 0; k < p; k++) {
                ep += gp[k] * data.levels[j * c + purchaseColumn[k]];
            }
            double ed = 0;
            for (int k = 0; k < q; k++) {
                ed += gd[k] * data.levels[j * c + dropoutColumn[k]];
            }
            a[j] = Math.exp(ep);
            b[j] = Math.exp(ed);
            lb[j] = ed;
        }
        return new double[][] {a, b, gp, gd, lb};
    }

    @Override
    double logLikelihood(double[] u, double[] grad) {
        int n = data.size();
        int k = dimension();
        double[][] f = factors(u);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int block = Math.max(256, (n + 8 * threads - 1) / (8 * threads));
        int blocks = (n + block - 1) / block;
        double[] ll = new double[blocks];
        double[][] grads = grad != null ? new double[blocks][k] : null;
        IntStream range = IntStream.range(0, blocks);
        (blocks == 1 ? range : range.parallel()).forEach(bl -> {
            int from = bl * block;
            int to = Math.min(n, from + block);
            Work w = new Work(u, p, q);
            double[] g = grads != null ? grads[bl] : null;
            double sum = 0;
            for (int i = from; i < to; i++) {
                double wt = data.weight(i);
                if (wt == 0) {
                    continue;
                }
                sum += wt * customer(i, w, f, g != null ? w.local : null);
                if (g != null) {
                    g[0] += wt * w.local[0] * w.r;
                    g[1] += wt * w.local[1] * w.alpha;
                    g[2] += wt * w.local[2] * w.s;
                    g[3] += wt * w.local[3] * w.beta;
                    for (int j = 0; j < p; j++) {
                        g[BASE + purchaseIndex[j]] += wt * w.local[4 + j];
                    }
                    for (int j = 0; j < q; j++) {
                        g[BASE + dropoutIndex[j]] += wt * w.local[4 + p + j];
                    }
                }
            }
            ll[bl] = sum;
        });
        double total = sumBlocks(ll, grads, grad);
        if (!Double.isFinite(total)) {
            throw new ChurnkitException("the log-likelihood with time-varying covariates is not finite at " + Arrays.toString(u));
        }
        return total;
    }

    /** The log-likelihood of row i alone (unweighted), its gradient in natural parameters when asked. */
    double customerLogLikelihood(double[] u, int i, double[] gradNatural) {
        Work w = new Work(u, p, q);
        return customer(i, w, factors(u), gradNatural);
    }

    /**
     * Per customer: {@code {P(alive at T), A(T), B(T)}} at u (for predictions).
     *
     * @throws NotComputableException naming the customer
     */
    double[][] aliveAndIntegrals(double[] u) {
        int n = data.size();
        double[][] f = factors(u);
        double[][] out = new double[3][n];
        int block = 256;
        IntStream.range(0, (n + block - 1) / block).parallel().forEach(bl -> {
            Work w = new Work(u, p, q);
            for (int i = bl * block; i < Math.min(n, bl * block + block); i++) {
                customer(i, w, f, null);
                out[0][i] = Math.exp(w.logAlive);
                out[1][i] = w.aT;
                out[2][i] = w.bT;
            }
        });
        return out;
    }

    /** Rate factors {a, b} of every distinct covariate vector at u. */
    double[][] rateFactors(double[] u) {
        double[][] f = factors(u);
        return new double[][] {f[0], f[1]};
    }

    /** Per-thread scratch. */
    private static final class Work {
        final double r;
        final double alpha;
        final double s;
        final double beta;
        final ParetoNbdLikelihood.GammaRatios ratios;
        final double[] dA;
        final double[] dB;
        final double[] iP;
        final double[] iD;
        final double[] local;
        /** Set by each customer evaluation: log P(alive at T), A(T), B(T). */
        double logAlive;
        double aT;
        double bT;

        Work(double[] u, int p, int q) {
            r = Math.exp(u[0]);
            alpha = Math.exp(u[1]);
            s = Math.exp(u[2]);
            beta = Math.exp(u[3]);
            ratios = new ParetoNbdLikelihood.GammaRatios(r);
            dA = new double[p];
            dB = new double[q];
            iP = new double[p];
            iD = new double[q];
            local = new double[4 + p + q];
        }
    }

    /**
     * Row i's log-likelihood; with {@code d != null}, its gradient with respect to
     * {@code (r, alpha, s, beta, gamma_P, gamma_D)} written to d.
     */
    private double customer(int i, Work w, double[][] f, double[] d) {
        final TimeVaryingCovariates dt = data;
        final double r = w.r;
        final double alpha = w.alpha;
        final double s = w.s;
        final double beta = w.beta;
        final double[] af = f[0];
        final double[] bf = f[1];
        final double[] gp = f[2];
        final double[] logb = f[4];
        final double x = dt.x[i];
        final double m = r + x;
        final double n1 = s + 1;
        final int c = dt.names.size();
        final boolean grad = d != null;
        double[] dA = w.dA;
        double[] dB = w.dB;
        double[] iP = w.iP;
        double[] iD = w.iD;
        if (grad) {
            Arrays.fill(dA, 0);
            Arrays.fill(dB, 0);
            Arrays.fill(iP, 0);
            Arrays.fill(iD, 0);
        }
        double bigA = 0;
        double bigB = 0;
        // the integral and its derivatives, all scaled by exp(-ref)
        double ref = Double.NaN;
        double sI = 0;
        double sR = 0;
        double sAl = 0;
        double sS = 0;
        double sBe = 0;
        int from = dt.integralFrom[i];
        int end = dt.futureFrom[i];
        for (int k = dt.seg[i]; k < end; k++) {
            int lv = dt.level[k];
            double a = af[lv];
            double b = bf[lv];
            double l = dt.length[k];
            if (!(a > 0 && a < Double.POSITIVE_INFINITY && b > 0 && b < Double.POSITIVE_INFINITY)) {
                throw new NotComputableException(dt.describe(i), "the covariates of " + dt.describe(i)
                        + " drive a rate factor to " + (a > 0 && b > 0 ? "infinity" : "0")
                        + " (coefficients too large for these covariate values)");
            }
            if (k >= from) {
                double bigP = alpha + bigA;
                double bigQ = beta + bigB;
                double lgb = logb[lv];
                if (Double.isNaN(ref)) {
                    // the integrand's largest value on the first segment; later segments start lower
                    // (A and B grow) unless b jumps, which the check below catches
                    ref = lgb - m * Math.log(bigP) - n1 * Math.log(bigQ);
                }
                double top = lgb - ref; // log of b over the reference's b: the excess a jump can bring
                double segRef = top > RESCALE ? lgb - m * Math.log(bigP) - n1 * Math.log(bigQ) : ref;
                if (segRef > ref) {
                    double sc = Math.exp(ref - segRef);
                    sI *= sc;
                    sR *= sc;
                    sAl *= sc;
                    sS *= sc;
                    sBe *= sc;
                    if (grad) {
                        Vectors.scale(sc, iP);
                        Vectors.scale(sc, iD);
                    }
                    ref = segRef;
                }
                double mP = Math.max(2, m);
                double mQ = Math.max(2, n1);
                double u0 = 0;
                double s0 = 0;
                double sl1 = 0;
                double sl2 = 0;
                double sa = 0;
                double sau = 0;
                double sb = 0;
                double sbu = 0;
                while (u0 < l) {
                    double p0 = bigP + a * u0;
                    double q0 = bigQ + b * u0;
                    double h = Math.min(l - u0, Math.min(p0 / (a * mP), q0 / (b * mQ)));
                    if (h < l - u0) {
                        // several pieces: stop once the rest cannot matter
                        double lf = lgb - m * Math.log(p0) - n1 * Math.log(q0) - ref;
                        if (lf + Math.log(l - u0) < Math.log(sI + s0) + CUTOFF) {
                            break;
                        }
                    } else if (!(h > 0)) {
                        break;
                    }
                    double eps = a * h / (2 * p0);
                    double del = b * h / (2 * q0);
                    double kappa = Math.max(m * eps, n1 * del);
                    double t = Math.min(1 / kappa, 1 / (2 * Math.max(eps, del)));
                    int nodes = nodes(t);
                    double[] zn = NODES[nodes];
                    double[] wn = WEIGHTS[nodes];
                    double half = 0.5 * h;
                    for (int j = 0; j < nodes; j++) {
                        double uu = u0 + half * (1 + zn[j]);
                        double pp = bigP + a * uu;
                        double qq = bigQ + b * uu;
                        double l1 = Math.log(pp);
                        double l2 = Math.log(qq);
                        double v = half * wn[j] * Math.exp(lgb - m * l1 - n1 * l2 - ref);
                        s0 += v;
                        if (grad) {
                            sl1 += v * l1;
                            sl2 += v * l2;
                            double vp = v / pp;
                            double vq = v / qq;
                            sa += vp;
                            sau += vp * uu;
                            sb += vq;
                            sbu += vq * uu;
                        }
                    }
                    u0 += h;
                }
                sI += s0;
                if (grad) {
                    sR -= sl1;
                    sAl -= m * sa;
                    sS -= sl2;
                    sBe -= n1 * sb;
                    for (int j = 0; j < p; j++) {
                        iP[j] -= m * (dA[j] * sa + a * dt.levels[lv * c + purchaseColumn[j]] * sau);
                    }
                    for (int j = 0; j < q; j++) {
                        double z = dt.levels[lv * c + dropoutColumn[j]];
                        iD[j] += z * s0 - n1 * (dB[j] * sb + b * z * sbu);
                    }
                }
            }
            bigA += a * l;
            bigB += b * l;
            if (grad) {
                for (int j = 0; j < p; j++) {
                    dA[j] += a * dt.levels[lv * c + purchaseColumn[j]] * l;
                }
                for (int j = 0; j < q; j++) {
                    dB[j] += b * dt.levels[lv * c + dropoutColumn[j]] * l;
                }
            }
        }
        double pT = alpha + bigA;
        double qT = beta + bigB;
        double lpT = Math.log(pT);
        double lqT = Math.log(qT);
        double logT1 = -m * lpT - s * lqT;
        double logI = sI > 0 ? Math.log(s) + ref + Math.log(sI) : Double.NEGATIVE_INFINITY;
        double big = Math.max(logT1, logI);
        double e1 = Math.exp(logT1 - big);
        double f2 = sI > 0 ? Math.exp(ref - big) : 0;
        double dd = e1 + s * sI * f2;
        double eta = 0;
        for (int j = 0; j < p; j++) {
            eta += gp[j] * dt.purchaseSums[i * c + purchaseColumn[j]];
        }
        w.logAlive = Math.min(0, logT1 - big - Math.log(dd));
        w.aT = bigA;
        w.bT = bigB;
        double ll = w.ratios.logRatio(x) + r * Math.log(alpha) + s * Math.log(beta) + eta + big + Math.log(dd);
        if (!Double.isFinite(ll)) {
            throw new NotComputableException(dt.describe(i), "cannot compute the Pareto/NBD log-likelihood with "
                    + "time-varying covariates for " + dt.describe(i) + " at r=" + r + ", alpha=" + alpha + ", s=" + s
                    + ", beta=" + beta);
        }
        if (grad) {
            double inv = 1 / dd;
            d[0] = w.ratios.digammaDifference(x) + Math.log(alpha) + (e1 * -lpT + s * f2 * sR) * inv;
            d[1] = r / alpha + (e1 * -m / pT + s * f2 * sAl) * inv;
            d[2] = Math.log(beta) + (e1 * -lqT + f2 * (sI + s * sS)) * inv;
            d[3] = s / beta + (e1 * -s / qT + s * f2 * sBe) * inv;
            for (int j = 0; j < p; j++) {
                d[4 + j] = dt.purchaseSums[i * c + purchaseColumn[j]] + (e1 * -m / pT * dA[j] + s * f2 * iP[j]) * inv;
            }
            for (int j = 0; j < q; j++) {
                d[4 + p + j] = (e1 * -s / qT * dB[j] + s * f2 * iD[j]) * inv;
            }
            for (double v : d) {
                if (!Double.isFinite(v)) {
                    throw new NotComputableException(dt.describe(i), "cannot compute the gradient of the Pareto/NBD "
                            + "log-likelihood with time-varying covariates for " + dt.describe(i) + " at r=" + r
                            + ", alpha=" + alpha + ", s=" + s + ", beta=" + beta);
                }
            }
        }
        return ll;
    }
}
