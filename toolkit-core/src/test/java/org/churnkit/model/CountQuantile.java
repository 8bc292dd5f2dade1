package org.churnkit.model;

/**
 * The reference quantile of a count distribution that the predictive-interval tests of the
 * correlated and time-varying models check the library's intervals against: written out here,
 * once, and independently of the library's own search, so that a test compares two computations.
 */
final class CountQuantile {
    private CountQuantile() {}

    /** The smallest k with P(X <= k) >= q, from the probabilities {@code p[k] = P(X = k)}. */
    static int of(double[] p, double q) {
        double cdf = 0;
        for (int k = 0; k < p.length; k++) {
            cdf += p[k];
            if (cdf >= q) {
                return k;
            }
        }
        throw new AssertionError("the quantile at " + q + " lies beyond " + (p.length - 1));
    }
}
