package org.churnkit.model;

import org.apache.commons.numbers.gamma.LogGamma;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.AdaptiveQuadrature;

/**
 * The numerical core of the Pareto/NBD model, shared by {@link ParetoNbd} and
 * {@link ParetoNbdLikelihood}.
 *
 * <p>The likelihood of Schmittlein, Morrison and Colombo (1987), in the form of Fader and Hardie's
 * 2005 note "A note on deriving the Pareto/NBD model and related expressions", is
 *
 * <pre>
 *   L = Gamma(r+x) alpha^r beta^s / Gamma(r) * [ 1 / ((alpha+T)^(r+x) (beta+T)^s) + s/(r+s+x) A0 ]
 *     = Gamma(r+x) alpha^r beta^s / (Gamma(r) (alpha+T)^(r+x) (beta+T)^s) * (1 + R)
 *   R = s (alpha+T)^(r+x) (beta+T)^s integral_{t_x}^{T} (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau
 * </pre>
 *
 * (the integral is the death-time mixture; {@code s/(r+s+x) A0} equals it). Everything follows
 * from {@code log R}: {@code P(alive) = 1 / (1 + R)} and {@code log L = log(lead * alive) + log1p(R)}.
 * R is computed in log space, never as a difference of huge numbers:
 * <ul>
 *   <li>when the Gauss series converges in a few thousand terms, as the difference of the two
 *       2F1 terms of the note, {@code 2F1(a, b; a+1; z)} with {@code a = r+s+x} and
 *       {@code b = s+1, z = (alpha-beta)/(alpha+t)} for {@code alpha >= beta}, else
 *       {@code b = r+x, z = (beta-alpha)/(beta+t)}, so that {@code 0 <= z < 1}. Both terms are
 *       scaled by the alive term first, so their difference loses at most a few ulps of
 *       {@code 1 + R} (the second term is at most 1);</li>
 *   <li>otherwise (z close to 1, or a heavy buyer with many terms before the peak) by adaptive
 *       Gauss-Kronrod quadrature of the positive integrand after {@code w = log((beta+tau)/(beta+t_x))}.</li>
 * </ul>
 * Analytic derivatives of {@code log R} with respect to {@code (r, alpha, s, beta)} come from the
 * same series (term-wise) or the same quadrature nodes.
 */
final class ParetoNbdMath {
    /** Largest series length accepted before switching to quadrature (the scoring kernel makes the same choice). */
    static final double MAX_SERIES_TERMS = 4000;
    private static final double RESCALE = 0x1p600;
    private static final double LOG_RESCALE = Math.log(RESCALE);
    /** Integrand below exp(-CUT) of its maximum is dropped: far beyond double precision. */
    private static final double CUT = 50.0;

    private ParetoNbdMath() {}

    /**
     * {@code log R} for one history; {@code -infinity} when {@code t_x = T} (R = 0). When
     * {@code grad != null}, writes {@code d log R / d(r, alpha, s, beta)} to {@code grad[0..3]}
     * (zeros when R = 0).
     */
    static double logR(double r, double alpha, double s, double beta, double x, double tx, double T,
                       double[] grad) {
        return logR(r, alpha, s, beta, x, tx, T, grad, null);
    }

    /**
     * Remembers the last {@code 2F1} at {@code t_x}: consecutive rows with the same {@code x} and
     * {@code t_x} (all the {@code x = 0} rows, once sorted by x) share it. One per thread.
     */
    static final class Cache {
        double a = Double.NaN;
        double b;
        double z;
        boolean derivatives;
        final double[] f = new double[4];
        /** The z-free factors of the series terms, by whole frequency below {@value #BY_X} (rows need not be sorted). */
        private final Terms[] byX = new Terms[BY_X];
        /** The same for any other frequency. */
        private final Terms other = new Terms();
        private static final int BY_X = 1024;

        Terms terms(double x) {
            int i = (int) x;
            if (i != x || i < 0 || i >= BY_X) {
                return other;
            }
            Terms t = byX[i];
            if (t == null) {
                t = new Terms();
                byX[i] = t;
            }
            return t;
        }
    }

    /**
     * The factors of the terms of {@code 2F1(a, b; a+1; z)} that do not depend on z, for one
     * {@code (a, b)}: {@code (b+k)/(k+1)}, {@code 1/(a+k+1)} and {@code 1/(b+k)}. Rows with the same
     * frequency share {@code (a, b)} (a likelihood evaluation sees them consecutively, sorted by x),
     * so a series over thousands of terms (z near 1, when alpha and beta are far apart) costs
     * multiplications only. The entries are computed by the very expressions the plain loop uses, so
     * the sums are bit-identical to it. Grown on demand; one per thread.
     */
    static final class Terms {
        /** Largest table: a series longer than this (rare, and bounded by the switch to quadrature) runs on without it. */
        static final int MAX_TERMS = 1 << 16;
        double a = Double.NaN;
        double b = Double.NaN;
        int filled;
        double[] ratio = new double[0];
        double[] invA = new double[0];
        double[] invB = new double[0];

        /** Makes these the factors of {@code (a, b)} (keeping them when they already are). */
        void use(double a, double b) {
            if (a != this.a || b != this.b) {
                this.a = a;
                this.b = b;
                filled = 0;
            }
        }

        /** Ensures entries {@code 0..k} exist; false (nothing done) past {@value #MAX_TERMS} entries. */
        boolean ensure(int k) {
            if (k < filled) {
                return true;
            }
            if (k >= MAX_TERMS) {
                return false;
            }
            int n = Math.min(MAX_TERMS, Math.max(k + 1, Math.max(64, 2 * filled)));
            if (n > ratio.length) {
                ratio = java.util.Arrays.copyOf(ratio, n);
                invA = java.util.Arrays.copyOf(invA, n);
                invB = java.util.Arrays.copyOf(invB, n);
            }
            for (int j = filled; j < n; j++) {
                ratio[j] = (b + j) / (j + 1.0);
                invA[j] = 1 / (a + (j + 1));
                invB[j] = 1 / (b + j);
            }
            filled = n;
            return true;
        }
    }

    /** As {@link #logR(double, double, double, double, double, double, double, double[])}, reusing {@code cache} when given. */
    static double logR(double r, double alpha, double s, double beta, double x, double tx, double T,
                       double[] grad, Cache cache) {
        if (tx >= T) {
            if (grad != null) {
                grad[0] = grad[1] = grad[2] = grad[3] = 0;
            }
            return Double.NEGATIVE_INFINITY;
        }
        double p = r + x;
        double a = p + s;
        boolean alphaBranch = alpha >= beta;
        double b;
        double z1;
        if (alphaBranch) {
            b = s + 1;
            z1 = (alpha - beta) / (alpha + tx);
        } else {
            b = p;
            z1 = (beta - alpha) / (beta + tx);
        }
        // z1 >= z2, so z1 decides the cost of both series.
        if (seriesTerms(b, z1) <= MAX_SERIES_TERMS) {
            return seriesLogR(r, alpha, s, beta, x, tx, T, grad, alphaBranch, cache);
        }
        return quadratureLogR(r, alpha, s, beta, x, tx, T, grad);
    }

    /** Rough number of terms the series for 2F1(a, b; a+1; z) needs. */
    static double seriesTerms(double b, double z) {
        if (z == 0) {
            return 1;
        }
        if (z >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        double oneMinusZ = 1 - z;
        double peak = Math.max(b - 1, 0) * z / oneMinusZ;
        if (z <= 0.5) {
            return peak + 60; // 40 / -log(z) <= 58 terms beyond the peak
        }
        return peak + 40.0 / -Math.log(z);
    }

    private static double seriesLogR(double r, double alpha, double s, double beta, double x, double tx,
                                     double T, double[] grad, boolean alphaBranch, Cache cache) {
        double p = r + x;
        double a = p + s;
        double[] f1 = new double[4];
        double[] f2 = new double[4];
        Terms terms = cache == null ? null : cache.terms(x);
        double delta;
        double logE1;
        if (alphaBranch) {
            double b = s + 1;
            double at = alpha + tx;
            double aT = alpha + T;
            double z1 = (alpha - beta) / at;
            double z2 = (alpha - beta) / aT;
            cachedSeries(a, b, z1, f1, grad != null, cache, terms);
            series(a, b, z2, f2, grad != null, terms);
            double l1 = Math.log1p((T - tx) / at);
            double u1 = p * l1 + s * Math.log((beta + T) / at);
            delta = a * l1 + f1[0] - f2[0];
            logE1 = f1[0] + u1;
            if (!(delta > 0)) {
                return zero(grad);
            }
            if (grad != null) {
                // d log E1
                double e1r = f1[1] + l1;
                double e1s = f1[1] + f1[2] + Math.log((beta + T) / at);
                double e1a = f1[3] * (beta + tx) / (at * at) + p * (1 / aT - 1 / at) - s / at;
                double e1b = -f1[3] / at + s / (beta + T);
                // d log E2
                double e2r = f2[1];
                double e2s = f2[1] + f2[2] + Math.log((beta + T) / aT);
                double e2a = f2[3] * (beta + T) / (aT * aT) - s / aT;
                double e2b = -f2[3] / aT + s / (beta + T);
                combine(grad, delta, e1r, e1s, e1a, e1b, e2r, e2s, e2a, e2b, a, s);
            }
        } else {
            double b = p;
            double bt = beta + tx;
            double bT = beta + T;
            double z1 = (beta - alpha) / bt;
            double z2 = (beta - alpha) / bT;
            cachedSeries(a, b, z1, f1, grad != null, cache, terms);
            series(a, b, z2, f2, grad != null, terms);
            double l1 = Math.log1p((T - tx) / bt);
            double u1 = p * Math.log((alpha + T) / bt) + s * l1;
            delta = a * l1 + f1[0] - f2[0];
            logE1 = f1[0] + u1;
            if (!(delta > 0)) {
                return zero(grad);
            }
            if (grad != null) {
                double e1r = f1[1] + f1[2] + Math.log((alpha + T) / bt);
                double e1s = f1[1] + l1;
                double e1a = -f1[3] / bt + p / (alpha + T);
                double e1b = f1[3] * (alpha + tx) / (bt * bt) - p / bt + s / bT - s / bt;
                double e2r = f2[1] + f2[2] + Math.log((alpha + T) / bT);
                double e2s = f2[1];
                double e2a = -f2[3] / bT + p / (alpha + T);
                double e2b = f2[3] * (alpha + T) / (bT * bT) - p / bT;
                combine(grad, delta, e1r, e1s, e1a, e1b, e2r, e2s, e2a, e2b, a, s);
            }
        }
        // log D = log(E1 - E2) = log E1 + log(1 - exp(-delta))
        return Math.log(s / a) + logE1 + Math.log(-Math.expm1(-delta));
    }

    private static double zero(double[] grad) {
        if (grad != null) {
            grad[0] = grad[1] = grad[2] = grad[3] = 0;
        }
        return Double.NEGATIVE_INFINITY;
    }

    /**
     * d log(E1 - E2) = d log E1 + (d log E1 - d log E2) / expm1(delta), plus the derivative of
     * log(s / a).
     */
    private static void combine(double[] grad, double delta, double e1r, double e1s, double e1a, double e1b,
                                double e2r, double e2s, double e2a, double e2b, double a, double s) {
        double k = 1 / Math.expm1(delta);
        grad[0] = e1r + (e1r - e2r) * k - 1 / a;
        grad[1] = e1a + (e1a - e2a) * k;
        grad[2] = e1s + (e1s - e2s) * k + 1 / s - 1 / a;
        grad[3] = e1b + (e1b - e2b) * k;
    }

    /**
     * {@code F = 2F1(a, b; a+1; z) = a sum_k (b)_k z^k / (k! (a+k))} for {@code 0 <= z < 1}, all
     * terms positive. Writes {@code out = {log F, d log F/da, d log F/db, d log F/dz}}.
     */
    static void series(double a, double b, double z, double[] out) {
        series(a, b, z, out, true);
    }

    private static void cachedSeries(double a, double b, double z, double[] out, boolean derivatives, Cache cache,
                                     Terms terms) {
        if (cache == null) {
            series(a, b, z, out, derivatives);
            return;
        }
        if (cache.a == a && cache.b == b && cache.z == z && (cache.derivatives || !derivatives)) {
            System.arraycopy(cache.f, 0, out, 0, 4);
            return;
        }
        series(a, b, z, out, derivatives, terms);
        cache.a = a;
        cache.b = b;
        cache.z = z;
        cache.derivatives = derivatives;
        System.arraycopy(out, 0, cache.f, 0, 4);
    }

    /** As {@link #series(double, double, double, double[])}; derivatives only when {@code derivatives}. */
    static void series(double a, double b, double z, double[] out, boolean derivatives) {
        series(a, b, z, out, derivatives, null);
    }

    /**
     * As {@link #series(double, double, double, double[], boolean)}, taking the z-free factors of
     * the terms from {@code terms} (switched to {@code (a, b)} here) when it is not null: the
     * same operations on the same values, so the same result to the last bit.
     */
    static void series(double a, double b, double z, double[] out, boolean derivatives, Terms terms) {
        if (terms != null) {
            terms.use(a, b);
        }
        if (z == 0) {
            out[0] = 0;
            out[1] = 0;
            out[2] = 0;
            out[3] = a * b / (a + 1);
            return;
        }
        double t = 1; // (b)_k z^k / k!
        double sum = 1; // sum of c_k = t_k a / (a + k)
        double sumA = 0; // sum c_k k / (a (a+k))
        double sumB = 0; // sum c_k H_k(b)
        double sumZ = 0; // sum c_k k
        double h = 0;
        double logScale = 0;
        for (int k = 0; ; k++) {
            double ratio;
            double inv;
            int k1 = k + 1;
            if (terms != null && k >= terms.filled && !terms.ensure(k)) {
                terms = null; // past the table's size limit: the plain expressions, same values
            }
            if (terms != null) {
                ratio = terms.ratio[k] * z;
                inv = terms.invA[k];
            } else {
                ratio = (b + k) / (k + 1.0) * z;
                inv = 1 / (a + k1);
            }
            t *= ratio;
            double c = t * a * inv;
            sum += c;
            if (derivatives) {
                h += terms != null ? terms.invB[k] : 1 / (b + k);
                sumA += c * k1 * inv;
                sumB += c * h;
                sumZ += c * k1;
            }
            if (sum > RESCALE) {
                sum /= RESCALE;
                sumA /= RESCALE;
                sumB /= RESCALE;
                sumZ /= RESCALE;
                t /= RESCALE;
                logScale += LOG_RESCALE;
            }
            // Bound on every later term ratio: the current one when b >= 1 (decreasing), else z.
            double rho = Math.max(ratio, z);
            if (rho < 1) {
                double oneMinus = 1 - rho;
                if (c * (k1 + 2) <= 1e-17 * sum * oneMinus * oneMinus) {
                    break;
                }
            }
            if (k > 10_000_000) {
                throw new ChurnkitException("2F1(" + a + ", " + b + "; " + (a + 1) + "; " + z
                        + ") did not converge");
            }
        }
        out[0] = logScale + Math.log(sum);
        out[1] = sumA / (a * sum);
        out[2] = sumB / sum;
        out[3] = sumZ / (z * sum);
    }

    // ---------------------------------------------------------------- quadrature path

    /** Interval budget of the quadrature path. */
    private static final int MAX_INTERVALS = 400;

    /**
     * R by quadrature. With {@code w = log((beta+tau)/(beta+t_x))} in {@code [0, W]},
     * {@code R = s exp(psi0) J}, {@code J = integral_0^W exp(psi(w) - psi0) dw},
     * {@code psi(w) - psi0 = -(r+x) log1p((tau-t_x)/(alpha+t_x)) - s w}, a positive decreasing
     * integrand equal to 1 at w = 0.
     */
    private static double quadratureLogR(double r, double alpha, double s, double beta, double x, double tx,
                                         double T, double[] grad) {
        Integrand f = new Integrand(r, alpha, s, beta, x, tx, T, grad != null);
        double W = f.bigW;
        double hi = W;
        if (f.logValue(W) < -CUT) {
            double lo = 0;
            for (int i = 0; i < 200 && hi - lo > 1e-3 * hi; i++) {
                double mid = 0.5 * (lo + hi);
                if (f.logValue(mid) < -CUT) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
        }
        // Relative error 1e-14 on J; an estimate within 1e-9 is still accepted when the budget runs out.
        double[] total = AdaptiveQuadrature.integrate(f, f.dims, 0, hi, 1e-14, 0, 1e-9, MAX_INTERVALS);
        double j = total[0];
        double psi0 = (r + x) * Math.log1p((T - tx) / (alpha + tx)) + s * W;
        if (grad != null) {
            grad[0] = total[1] / j;
            grad[1] = total[2] / j;
            grad[2] = 1 / s + total[3] / j;
            grad[3] = total[4] / j;
        }
        return Math.log(s) + psi0 + Math.log(j);
    }

    /** The integrand of J and, optionally, of its four parameter derivatives. */
    private static final class Integrand implements AdaptiveQuadrature.VectorIntegrand {
        final double p;
        final double alpha;
        final double s;
        final double beta;
        final double tx;
        final double T;
        final double bt;
        final double at;
        final double bigW;
        final int dims;

        Integrand(double r, double alpha, double s, double beta, double x, double tx, double T, boolean grad) {
            this.p = r + x;
            this.alpha = alpha;
            this.s = s;
            this.beta = beta;
            this.tx = tx;
            this.T = T;
            this.bt = beta + tx;
            this.at = alpha + tx;
            this.bigW = Math.log1p((T - tx) / bt);
            this.dims = grad ? 5 : 1;
        }

        /** psi(w) - psi(0). */
        double logValue(double w) {
            return -p * Math.log1p(bt * Math.expm1(w) / at) - s * w;
        }

        @Override
        public void evaluate(double w, double[] out) {
            double em1 = Math.expm1(w);
            double tauMinusTx = bt * em1;
            double e = Math.exp(-p * Math.log1p(tauMinusTx / at) - s * w);
            out[0] = e;
            if (dims > 1) {
                double tau = tx + tauMinusTx;
                double aTau = alpha + tau;
                out[1] = e * Math.log1p((T - tx - tauMinusTx) / aTau);
                out[2] = e * p * (1 / (alpha + T) - 1 / aTau);
                out[3] = e * (bigW - w);
                out[4] = e * (s / (beta + T) - (s + 1) / (bt + tauMinusTx));
            }
        }
    }

    // ---------------------------------------------------------------- DERT

    /**
     * {@code Q(s, z) = integral_0^inf exp(-u) (1 + u/z)^-s du = z e^z E_s(z) = z^s U(s, s, z)}, in
     * (0, 1], for {@code s > 0, z > 0}. Continued fraction for {@code z > 1} or {@code s >= 20}
     * (it converges in under 50 steps there, and in 2 to 5 for the huge s of a boundary fit or a
     * heavy buyer); otherwise the series of {@code E_s}, with the pole of {@code Gamma(1-s)} at
     * integer s cancelled analytically (so s = 1 exactly is as accurate as any other s).
     */
    static double dertIntegral(double s, double z) {
        if (z > 1 || s >= 20) {
            // Modified Lentz for e^z E_s(z) = 1/(z+s- 1*s/(z+s+2- 2(s+1)/(z+s+4- ...)))
            double tiny = 1e-300;
            double bb = z + s;
            double c = 1 / tiny;
            double d = 1 / bb;
            double h = d;
            for (int i = 1; i < 100_000; i++) {
                double an = -i * (s - 1 + i);
                bb += 2;
                d = 1 / (an * d + bb);
                c = bb + an / c;
                double del = c * d;
                h *= del;
                // Within two ulps of 1: a bound of 1e-16 (below one ulp above 1) is never met when
                // rounding leaves del one ulp below 1, as it does for very large z.
                if (Math.abs(del - 1) <= 2 * Math.ulp(1.0)) {
                    return z * h;
                }
            }
            throw new ChurnkitException("continued fraction for E_s(z) did not converge, s=" + s + ", z=" + z);
        }
        return z * Math.exp(z) * expintSmall(s, z);
    }

    /**
     * {@code log Gamma(1 + e)} for {@code |e| <= 0.5}: Taylor series near 0 (so tiny e keeps its
     * relative accuracy), else Commons Numbers' LogGamma (error ~1e-16 absolute, 1e-13 relative at
     * |e| = 1e-3).
     */
    static double logGamma1p(double e) {
        if (Math.abs(e) < 1e-3) {
            double z2 = Math.PI * Math.PI / 6;
            double z3 = 1.2020569031595942854;
            double z4 = Math.pow(Math.PI, 4) / 90;
            double z5 = 1.0369277551433699263;
            double z6 = Math.pow(Math.PI, 6) / 945;
            return e * (-0.57721566490153286061 + e * (z2 / 2 + e * (-z3 / 3 + e * (z4 / 4
                    + e * (-z5 / 5 + e * z6 / 6)))));
        }
        return LogGamma.value(1 + e);
    }

    /** E_s(z) for 0 < z <= 1 by its power series (DLMF 8.19.8 / 8.19.10). */
    private static double expintSmall(double s, double z) {
        int n = s < 0.5 ? 0 : (int) Math.rint(s);
        double sum = 0;
        // - sum_{k != n-1} (-z)^k / (k! (1 - s + k))
        double term = 1; // (-z)^k / k!
        for (int k = 0; k < 200; k++) {
            if (k != n - 1) {
                double add = term / (1 - s + k);
                sum -= add;
                if (k > n && Math.abs(add) < 1e-18 * Math.abs(sum)) {
                    break;
                }
            }
            term *= -z / (k + 1);
        }
        double lead;
        if (n == 0) {
            lead = Math.exp((s - 1) * Math.log(z) + LogGamma.value(1 - s))
                    * 1.0; // Gamma(1-s) > 0 for s < 1
        } else {
            // (-1)^(n-1) z^(n-1)/(n-1)! * g(eps), eps = n - s, g = expm1(y)/eps,
            // y = -eps log z + lgamma1p(eps) - sum_{j<n} log1p(-eps/j)
            double eps = n - s;
            double g;
            double logz = Math.log(z);
            if (eps == 0) {
                double psi = -0.57721566490153286061;
                for (int j = 1; j < n; j++) {
                    psi += 1.0 / j;
                }
                g = -logz + psi;
            } else {
                double y = -eps * logz + logGamma1p(eps);
                for (int j = 1; j < n; j++) {
                    y -= Math.log1p(-eps / j);
                }
                g = Math.expm1(y) / eps;
            }
            double pre = 1;
            for (int j = 1; j < n; j++) {
                pre *= z / j;
            }
            lead = ((n - 1) % 2 == 0 ? 1 : -1) * pre * g;
        }
        return lead + sum;
    }
}
