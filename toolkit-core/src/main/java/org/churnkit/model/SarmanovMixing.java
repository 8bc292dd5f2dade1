package org.churnkit.model;

/**
 * The Sarmanov-type bivariate mixing distribution of the Pareto/NBD purchase and dropout rates
 * (Park and Fader 2004; the construction of CLVTools' correlated Pareto/NBD):
 *
 * <pre>
 *   f(lambda, mu) = g(lambda) h(mu) [1 + omega phi1(lambda) phi2(mu)]
 *   g = Gamma(r, alpha), h = Gamma(s, beta)   (shape, rate)
 *   phi1 = exp(-lambda) - L1,  L1 = E_g[exp(-lambda)] = (alpha/(alpha+1))^r
 *   phi2 = exp(-mu) - L2,      L2 = E_h[exp(-mu)]     = (beta/(beta+1))^s
 * </pre>
 *
 * Rates are per time unit of the data (the shift by 1 below is one time unit), so the model
 * depends on that unit: the fit and every prediction use the histories' own unit, unscaled. The
 * marginals stay g and h (E_g phi1 = E_h phi2 = 0), and f is a density for every {@code (lambda,
 * mu)} exactly when {@code 1 + omega phi1 phi2 >= 0} at the four corners of
 * {@code phi1 in [-L1, 1-L1], phi2 in [-L2, 1-L2]}:
 *
 * <pre>
 *   -1 / max(L1 L2, (1-L1)(1-L2)) <= omega <= 1 / max(L1 (1-L2), (1-L1) L2)
 * </pre>
 *
 * Since {@code g(lambda) exp(-lambda) = L1 Gamma(r, alpha+1)(lambda)}, any expectation under f is
 * four plain ones at shifted scales: with {@code K = L1 L2} and {@code E_(a,b)} the expectation
 * under independent Gamma(r, a), Gamma(s, b),
 *
 * <pre>
 *   E_f[q] = E_(alpha,beta)[q] + omega K (E_(alpha+1,beta+1)[q] - E_(alpha+1,beta)[q]
 *            - E_(alpha,beta+1)[q] + E_(alpha,beta)[q])
 * </pre>
 *
 * so a customer's likelihood is {@code L0(alpha,beta) Z} with
 * {@code Z = 1 + omega K D}, {@code D = e11 - e10 - e01 + 1}, {@code e_ab = L0(shifted)/L0}; D is
 * computed as {@code expm1(d10) expm1(d01) + exp(d10 + d01) expm1(d11 - d10 - d01)} (d the
 * log-likelihood differences), which has no cancellation between terms of order one when the
 * shifts barely change the likelihood. The correlation of lambda and mu is
 * {@code omega sqrt(r s) K / ((alpha+1)(beta+1))} (Cov = omega E_g[lambda phi1] E_h[mu phi2]
 * with {@code E_g[lambda phi1] = -L1 r / (alpha (alpha+1))}).
 */
final class SarmanovMixing {
    private SarmanovMixing() {}

    /** {@code log((scale/(scale+1))^shape) = -shape log1p(1/scale)}. */
    static double logL(double shape, double scale) {
        return -shape * Math.log1p(1 / scale);
    }

    /** {@code d log L / d log scale = shape / (scale + 1)}. */
    static double dLogLdLogScale(double shape, double scale) {
        return shape / (scale + 1);
    }

    /**
     * The four corner products {@code L1 L2, (1-L1)(1-L2), L1 (1-L2), (1-L1) L2}, from
     * {@code log L1} and {@code log L2} (the complements by expm1, accurate when L is near 1).
     */
    static void corners(double logL1, double logL2, double[] out) {
        double l1 = Math.exp(logL1);
        double m1 = -Math.expm1(logL1);
        double l2 = Math.exp(logL2);
        double m2 = -Math.expm1(logL2);
        out[0] = l1 * l2;
        out[1] = m1 * m2;
        out[2] = l1 * m2;
        out[3] = m1 * l2;
    }

    /** Lower bound of omega for one customer's corners. */
    static double lower(double[] c) {
        return -1 / Math.max(c[0], c[1]);
    }

    /** Upper bound of omega for one customer's corners. */
    static double upper(double[] c) {
        return 1 / Math.max(c[2], c[3]);
    }

    /**
     * omega from the free variable v and the bounds: the increasing Moebius map
     * {@code omega = hi lo (e^v - 1) / (lo e^v - hi)} of the real line onto {@code (lo, hi)}, with
     * {@code omega(0) = 0} exactly (so v = 0 is the independent model to the last bit). Writes
     * {@code d omega / d(v, lo, hi)} to {@code d} when it is not null.
     */
    static double omega(double v, double lo, double hi, double[] d) {
        double num;
        double den;
        double om;
        if (v > 0) {
            double s = Math.exp(-v);
            den = lo - hi * s;
            om = hi * lo * -Math.expm1(-v) / den;
            if (d != null) {
                double den2 = den * den;
                d[0] = hi * lo * (lo - hi) * s / den2;
                d[1] = -hi * hi * -Math.expm1(-v) * s / den2;
                d[2] = lo * lo * -Math.expm1(-v) / den2;
            }
        } else {
            double t = Math.exp(v);
            den = lo * t - hi;
            num = hi * lo * Math.expm1(v);
            om = num / den;
            if (d != null) {
                double den2 = den * den;
                d[0] = hi * lo * (lo - hi) * t / den2;
                d[1] = -hi * hi * Math.expm1(v) / den2;
                d[2] = lo * lo * t * Math.expm1(v) / den2;
            }
        }
        return om;
    }

    /** The free variable of {@code omega} in {@code (lo, hi)}: the inverse of {@link #omega}. */
    static double free(double omega, double lo, double hi) {
        // omega (lo t - hi) = hi lo (t - 1)  =>  t = hi (omega - lo) / (lo (omega - hi))
        return Math.log(hi * (omega - lo) / (lo * (omega - hi)));
    }

    /**
     * The correlation of lambda and mu, {@code omega sqrt(r s) L1 L2 / ((alpha+1)(beta+1))}, in
     * [-1, 1] when omega is within its bounds.
     */
    static double correlation(double r, double alpha, double s, double beta, double omega) {
        double logK = logL(r, alpha) + logL(s, beta);
        return omega * Math.exp(0.5 * (Math.log(r) + Math.log(s)) + logK - Math.log1p(alpha) - Math.log1p(beta));
    }

    /**
     * {@code D = e11 - e10 - e01 + 1} from the log-likelihood differences {@code d_ab = l_ab - l_00}
     * (see the class comment); 0 when the shifts do not change the likelihood.
     */
    static double d(double d11, double d10, double d01) {
        return Math.expm1(d10) * Math.expm1(d01) + Math.exp(d10 + d01) * Math.expm1(d11 - d10 - d01);
    }

    /**
     * The weights of the four shifted models in an expectation under f given a customer's data:
     * {@code E[q | data] = sum_k w_k E_k[q | data]} for k = (alpha, beta), (alpha+1, beta+1),
     * (alpha+1, beta), (alpha, beta+1), with {@code w = (1 + omega K, omega K e11, -omega K e10,
     * -omega K e01) / Z}; they sum to 1 (some may be negative). Returns {@code log Z}; NaN
     * (weights untouched) when Z is not positive and finite.
     */
    static double weights(double omegaK, double l00, double l11, double l10, double l01, double[] w) {
        double d11 = l11 - l00;
        double d10 = l10 - l00;
        double d01 = l01 - l00;
        double z = 1 + omegaK * d(d11, d10, d01);
        if (!(z > 0) || Double.isInfinite(z)) {
            return Double.NaN;
        }
        w[0] = (1 + omegaK) / z;
        w[1] = omegaK * Math.exp(d11) / z;
        w[2] = -omegaK * Math.exp(d10) / z;
        w[3] = -omegaK * Math.exp(d01) / z;
        return Math.log(z);
    }
}
