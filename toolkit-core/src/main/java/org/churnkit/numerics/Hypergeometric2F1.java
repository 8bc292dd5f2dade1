package org.churnkit.numerics;

import org.churnkit.ChurnkitException;

/**
 * Gauss's hypergeometric function {@code 2F1(a, b; c; z)} for the arguments the BTYD models need,
 * evaluated in log space so that values far beyond the double range stay usable.
 *
 * <p>Domain: {@code a, b, c > 0} and {@code 0 <= z < 1}. There every term of the power series
 * {@code sum_k (a)_k (b)_k / ((c)_k k!) z^k} is positive, so the sum has no cancellation and its
 * relative error is a few ulps times the number of terms.
 *
 * <p>Reference: Abramowitz and Stegun (1964), 15.1.1; DLMF 15.2.1.
 */
public final class Hypergeometric2F1 {
    /** Series terms before giving up; beyond this the caller needs a transformation. */
    private static final int MAX_TERMS = 50_000_000;
    /** Rescale the running sum when it passes this, tracking the scale as a log. */
    private static final double RESCALE = 0x1p600;

    private Hypergeometric2F1() {}

    /**
     * {@code log 2F1(a, b; c; z)}.
     *
     * @throws IllegalArgumentException outside the domain, or for NaN arguments
     * @throws ChurnkitException if the series does not converge within its term limit
     * @param a first numerator parameter, {@code > 0}
     * @param b second numerator parameter, {@code > 0}
     * @param c denominator parameter, {@code > 0}
     * @param z the argument, {@code 0 <= z < 1}
     * @return the natural log of {@code 2F1(a, b; c; z)}
     */
    public static double log(double a, double b, double c, double z) {
        if (!(a > 0) || !(b > 0) || !(c > 0) || !(z >= 0) || !(z < 1)
                || Double.isInfinite(a) || Double.isInfinite(b) || Double.isInfinite(c)) {
            throw new IllegalArgumentException(
                    "2F1 needs a, b, c > 0 and 0 <= z < 1, got a=" + a + ", b=" + b + ", c=" + c + ", z=" + z);
        }
        if (z == 0) {
            return 0.0;
        }
        double term = 1.0;
        double sum = 1.0;
        double logScale = 0.0;
        for (int k = 0; k < MAX_TERMS; k++) {
            double ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
            term *= ratio;
            sum += term;
            if (sum > RESCALE) {
                sum /= RESCALE;
                term /= RESCALE;
                logScale += Math.log(RESCALE);
            }
            // The term ratio tends to z: from above (then the current ratio bounds every later
            // one) or from below (then z does). With rho = max(ratio, z) < 1 the tail is at most
            // term * rho / (1 - rho): stop when that no longer counts.
            double rho = Math.max(ratio, z);
            if (rho < 1.0 && term <= sum * 1e-17 * (1.0 - rho)) {
                return logScale + Math.log(sum);
            }
        }
        throw new ChurnkitException("2F1(" + a + ", " + b + "; " + c + "; " + z
                + ") did not converge in " + MAX_TERMS + " terms");
    }
}
