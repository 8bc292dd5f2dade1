package org.churnkit.numerics;

import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.churnkit.ChurnkitException;

/**
 * Two beta-mixture expectations that the BG/NBD and MBG/NBD predictions reduce to, summed as series
 * of positive terms (no cancellation, any {@code a > 0}) instead of through {@code 1 - (1-z)^k 2F1}.
 *
 * <p>Let {@code p ~ Beta(a, beta)}, {@code u >= 0}, {@code k > 0}, {@code z = u / (1 + u)} and
 * {@code N ~ NegBin(k, z)}, i.e. {@code P(N = n) = (k)_n / n! z^n (1 - z)^k}. Expanding
 * {@code (1 + p u)^-k = (1 - z)^k (1 - z (1 - p))^-k} in powers of {@code z (1 - p)} and using
 * {@code E[(1 - p)^j] = (beta)_j / (a + beta)_j =: m_j} gives
 *
 * <pre>
 *   survival(k, a, beta, u) = E[(1 + p u)^-k]                =  E[ m_N ]
 *   count(k, a, beta, u)    = E[(1 - (1 + p u)^-k) / p]       =  E[ S_N ],   S_n = m_0 + ... + m_{n-1}
 * </pre>
 *
 * (the second because {@code (1 - (1 - p)^n) / p = sum_{j<n} (1 - p)^j}). With {@code lambda ~
 * Gamma(k, rate c)} and {@code u = t / c}, these are {@code E[exp(-lambda p t)]} (no dropout in a
 * window of length t when dropouts arrive at rate {@code lambda p}) and {@code E[(1 -
 * exp(-lambda p t)) / p]} (expected transactions in that window): the closed forms of Fader, Hardie
 * and Lee (2005), eq. (10), equal {@code count} with {@code beta = b + x}, but their {@code 1 - 2F1}
 * form loses about {@code log10((a + b + x - 1) / |a - 1|)} digits and needs {@code a + b + x > 1}.
 *
 * <p>The series is summed outwards from the mode of N, scaled so that nothing over- or underflows;
 * its cost is about {@code k u} steps for the partial sums plus {@code 60 sd(N)} terms, so it is
 * meant for {@code k u} up to about 1e8 (beyond that a {@link ChurnkitException} is thrown rather
 * than a slow or inaccurate answer). Relative accuracy is a few ulps times the square root of the
 * number of terms. NaN arguments are rejected.
 */
public final class NegativeBinomialBetaSums {
    /** Terms beyond which the sum is abandoned (see class doc). */
    private static final double MAX_STEPS = 4e8;
    private static final double EPS = 1e-17;
    /** Modes up to this use a product of term ratios for P(N = mode) (no under/overflow: ratios are bounded by k + 32). */
    private static final int SMALL_MODE = 32;

    /** {@code 1/(n+1)}. */
    private static final double[] INV = new double[4096];

    static {
        for (int n = 0; n < INV.length; n++) {
            INV[n] = 1.0 / (n + 1);
        }
    }

    private NegativeBinomialBetaSums() {}

    /**
     * {@code log E[(1 + p u)^-k]}, p ~ Beta(a, beta); 0 for {@code u = 0}.
     *
     * @param k the negative binomial shape, {@code > 0}
     * @param a first shape of the Beta distribution of p, {@code > 0}
     * @param beta second shape of the Beta distribution of p, {@code > 0}
     * @param u {@code >= 0}
     * @return the log of the expectation, {@code <= 0}
     */
    public static double logSurvival(double k, double a, double beta, double u) {
        return sum(k, a, beta, u, false);
    }

    /**
     * {@code log E[(1 - (1 + p u)^-k) / p]}, p ~ Beta(a, beta); {@code -infinity} for {@code u = 0}.
     * Finite for every positive a, including {@code a <= 1} where {@code E[1/p]} is infinite: the
     * integrand is bounded by {@code k u}.
     *
     * @param k the negative binomial shape, {@code > 0}
     * @param a first shape of the Beta distribution of p, {@code > 0}
     * @param beta second shape of the Beta distribution of p, {@code > 0}
     * @param u {@code >= 0}
     * @return the log of the expectation
     */
    public static double logCount(double k, double a, double beta, double u) {
        return sum(k, a, beta, u, true);
    }

    /**
     * {@code log (k)_n = log Gamma(k+n) - log Gamma(k)}. For {@code k > 1e4 n} the difference of
     * the two log-gammas would cancel ({@code k} of 1e10, as in a boundary fit with Poisson
     * purchasing, leaves only 4 digits), so it is summed as {@code n log k + sum log1p(j/k)}.
     */
    static double logRising(double k, int n) {
        if (k > 1e4 * n) {
            double sum = n * Math.log(k);
            for (int j = 1; j < n; j++) {
                sum += Math.log1p(j / k);
            }
            return sum;
        }
        return LogGamma.value(k + n) - LogGamma.value(k);
    }

    private static double sum(double k, double a, double beta, double u, boolean count) {
        if (!(k > 0) || !(a > 0) || !(beta > 0) || !(u >= 0) || Double.isInfinite(k)
                || Double.isInfinite(a) || Double.isInfinite(beta) || Double.isInfinite(u)) {
            throw new IllegalArgumentException("needs k, a, beta > 0 and finite u >= 0, got k=" + k
                    + ", a=" + a + ", beta=" + beta + ", u=" + u);
        }
        if (u == 0) {
            return count ? Double.NEGATIVE_INFINITY : 0.0;
        }
        double logZ = Math.log(u) - Math.log1p(u);
        double z = u / (1 + u);
        double log1mZ = -Math.log1p(u);
        double mean = k * u;
        double sd = Math.sqrt(k * u * (1 + u));
        double mode = k > 1 ? Math.floor((k - 1) * u) : 0.0;
        if (mode + 40 * sd + 50 > MAX_STEPS) {
            throw new ChurnkitException("beta-mixed negative binomial sum needs about " + (long) (mode + 40 * sd)
                    + " terms (k=" + k + ", a=" + a + ", beta=" + beta + ", u=" + u + "): horizon too long for this history");
        }
        int n0 = (int) mode;
        if (count && n0 == 0) {
            n0 = 1; // S_0 = 0: the n = 0 term contributes nothing
        }
        // log P(N = n0): the reference scale of the sum.
        double logP0;
        if (n0 <= SMALL_MODE) {
            // Typical customers: a short product of ratios instead of three log-gamma calls.
            double prod = 1.0;
            for (int j = 0; j < n0; j++) {
                prod *= (k + j) / (j + 1.0) * z;
            }
            logP0 = k * log1mZ + Math.log(prod);
        } else {
            logP0 = logRising(k, n0) - LogGamma.value(n0 + 1.0) + n0 * logZ + k * log1mZ;
        }
        // m_{n0} and S_{n0}. For the survival sum, m is kept relative to m_{n0} (log m_{n0} separate)
        // because m_n = (beta)_n / (a + beta)_n can underflow for large n and a.
        double logScale;
        double weightAt0;
        double mAt0;
        if (count) {
            double m = 1.0;
            double s = 0.0;
            for (int j = 0; j < n0; j++) {
                s += m;
                m *= (beta + j) / (a + beta + j);
            }
            mAt0 = m;
            weightAt0 = s;
            logScale = logP0;
        } else {
            mAt0 = 1.0; // relative
            weightAt0 = 1.0;
            double logM;
            if (n0 <= SMALL_MODE) {
                double prod = 1.0;
                for (int j = 0; j < n0; j++) {
                    prod *= (beta + j) / (a + beta + j);
                }
                logM = Math.log(prod);
            } else {
                // (beta)_n / (a + beta)_n = B(a, beta + n) / B(a, beta); LogBeta keeps this accurate for large beta.
                logM = LogBeta.value(a, beta + n0) - LogBeta.value(a, beta);
            }
            logScale = logP0 + logM;
        }
        double total = weightAt0;
        // Upwards from n0.
        double q = 1.0;
        double m = mAt0;
        double s = weightAt0;
        for (int n = n0; ; n++) {
            // 1/(n+1) from a table: one division fewer per term in a loop that runs hundreds of terms
            // when z is near 1 (the ratios then differ from a division by at most one ulp).
            q *= (k + n) * (n < INV.length ? INV[n] : 1.0 / (n + 1)) * z;
            if (count) {
                s += m;
                m *= (beta + n) / (a + beta + n);
            } else {
                s *= (beta + n) / (a + beta + n);
            }
            double term = q * s;
            total += term;
            if (n + 1 > mean && term <= EPS * total) {
                break;
            }
            if (n - n0 > MAX_STEPS) {
                throw new ChurnkitException("beta-mixed negative binomial sum did not converge (k=" + k
                        + ", a=" + a + ", beta=" + beta + ", u=" + u + ")");
            }
        }
        // Downwards from n0.
        q = 1.0;
        m = mAt0;
        s = weightAt0;
        int last = count ? 1 : 0;
        for (int n = n0; n > last; n--) {
            q *= n / ((k + n - 1) * z);
            if (count) {
                m *= (a + beta + n - 1) / (beta + n - 1);
                s -= m;
            } else {
                s *= (a + beta + n - 1) / (beta + n - 1);
            }
            double term = q * s;
            total += term;
            if (term <= EPS * total) {
                break;
            }
        }
        return logScale + Math.log(total);
    }
}
