package org.churnkit.contractual;

import org.churnkit.NotComputableException;

/**
 * DERL by direct summation of its series, for models without a closed form (the BdW) and as the
 * reference the closed forms are checked against.
 *
 * <p>{@code DERL(n) = sum_{t>=n} u_t} with {@code u_t = S(t) / S(n-1) z^(t-n+1)}, {@code z = 1/(1+d)}.
 * Since {@code S} does not increase, the tail after term {@code t} is at most
 * {@code u_t (z + z^2 + ...) = u_t z / (1 - z)}; the sum stops at the first term where that bound
 * is at most {@value #TAIL} times the partial sum, so the truncation error is below
 * {@value #TAIL} relative (below the rounding of the sum, about {@code N} ulps for {@code N}
 * terms, added in order of decreasing size).
 */
final class DiscountedSums {
    /** Relative bound of the truncation error. */
    static final double TAIL = 1e-17;
    /** Terms before giving up (a rate so small that the series is effectively undiscounted). */
    static final long MAX_TERMS = 100_000_000L;

    private DiscountedSums() {}

    /**
     * {@code DERL(n)} of {@code model} by summation.
     *
     * @param model the model
     * @param n the tenure, {@code >= 1}
     * @param d the discount rate per period, {@code > 0}
     * @return DERL
     * @throws NotComputableException when the series needs more than {@value #MAX_TERMS} terms
     */
    static double derl(ContractualModel model, int n, double d) {
        if (!(d > 0)) {
            throw new IllegalArgumentException("summation needs a positive discount rate, got " + d);
        }
        double logZ = -Math.log1p(d);
        double ratio = 1.0 / d; // z / (1 - z)
        double base = model.logSurvival(n - 1);
        double sum = 0;
        for (long t = n; t - n < MAX_TERMS; t++) {
            if (t > Integer.MAX_VALUE) {
                break;
            }
            double u = Math.exp(model.logSurvival((int) t) - base + (t - n + 1) * logZ);
            sum += u;
            if (u * ratio <= TAIL * sum) {
                return sum;
            }
        }
        throw new NotComputableException(null, "the discounted residual lifetime of a subscriber in period " + n
                + " under " + model + " at the discount rate " + d + " per period did not converge in "
                + MAX_TERMS + " terms: use a larger discount rate");
    }
}
