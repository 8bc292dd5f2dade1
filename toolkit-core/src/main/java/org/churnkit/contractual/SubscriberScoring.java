package org.churnkit.contractual;

import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;

/**
 * Scores of active subscribers under a contractual model, by tenure {@code n} (the period they are
 * in, {@link Subscriptions#periods(int)}): what {@code churnkit score} writes per subscriber.
 * <ul>
 *   <li>{@code p_renewal = r(n) = S(n) / S(n - 1)}: the probability of renewing at the end of the
 *       current period;</li>
 *   <li>{@code expected_periods}: the expected number of further periods paid for,
 *       {@code sum_{t >= n} S(t) / S(n - 1)} (the undiscounted DERL), over at most
 *       {@code horizon} periods when one is given; without a horizon only where the sum is finite
 *       ({@link #hasExpectedPeriods()});</li>
 *   <li>{@code derl = DERL(n)} at the discount rate (Fader and Hardie 2010, eq. 6; see the package
 *       description), and {@code residual_value = margin x price x DERL(n)}.</li>
 * </ul>
 * All values are finite or the call fails naming the subscriber. Immutable and thread-safe.
 */
public final class SubscriberScoring {
    private final ContractualModel model;
    private final DiscountRate rate;
    private final int horizon;
    private final boolean expectedFinite;

    private SubscriberScoring(ContractualModel model, DiscountRate rate, int horizon, boolean expectedFinite) {
        this.model = model;
        this.rate = rate;
        this.horizon = horizon;
        this.expectedFinite = expectedFinite;
    }

    /**
     * Scoring with a model and a discount rate.
     *
     * @param model the fitted model
     * @param rate the discount rate per period
     * @param horizon the periods ahead {@code expected_periods} counts, {@code >= 1}, or 0 for all
     *     of them (then available only where finite)
     * @return the scoring
     * @throws IllegalArgumentException for a negative horizon
     */
    public static SubscriberScoring of(ContractualModel model, DiscountRate rate, int horizon) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rate, "rate");
        if (horizon < 0) {
            throw new IllegalArgumentException("the horizon must be >= 1 periods (or 0 for no horizon), got " + horizon);
        }
        boolean finite = horizon > 0;
        if (!finite) {
            try {
                finite = Double.isFinite(model.derl(1, DiscountRate.perPeriod(0)));
            } catch (NotComputableException e) {
                finite = false;
            }
        }
        return new SubscriberScoring(model, rate, horizon, finite);
    }

    /**
     * Whether {@code expected_periods} can be computed: with a horizon always; without one only
     * when the expected lifetime is finite (for the sBG, {@code gamma > 1}).
     *
     * @return true when {@link Result#expectedPeriods()} is filled
     */
    public boolean hasExpectedPeriods() {
        return expectedFinite;
    }

    /**
     * The scores of a set of subscribers.
     *
     * @param pRenewal per subscriber {@code r(n)}
     * @param expectedPeriods per subscriber the expected further periods, or {@code null} when
     *     {@link #hasExpectedPeriods()} is false
     * @param derl per subscriber {@code DERL(n)}
     */
    public record Result(double[] pRenewal, double[] expectedPeriods, double[] derl) {
    }

    /**
     * Scores subscribers by tenure, each tenure computed once.
     *
     * @param ids the subscribers' ids, for messages
     * @param tenure each subscriber's current period, {@code >= 1}
     * @return the scores
     * @throws ChurnkitException naming the first subscriber whose score is not a finite number or
     *     whose tenure is below 1
     */
    public Result score(String[] ids, int[] tenure) {
        int max = 1;
        for (int i = 0; i < tenure.length; i++) {
            if (tenure[i] < 1) {
                throw new ChurnkitException("subscriber '" + ids[i] + "': tenure " + tenure[i] + ", expected >= 1");
            }
            max = Math.max(max, tenure[i]);
        }
        double[] derlBy = model.derlByTenure(max, rate);
        double[] expectedBy = expectedFinite ? expectedByTenure(max) : null;
        double[] rBy = new double[max];
        for (int n = 1; n <= max; n++) {
            rBy[n - 1] = model.retention(n);
        }
        int m = tenure.length;
        double[] p = new double[m];
        double[] e = expectedBy == null ? null : new double[m];
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            int n = tenure[i] - 1;
            p[i] = rBy[n];
            d[i] = derlBy[n];
            if (e != null) {
                e[i] = expectedBy[n];
            }
            if (!Double.isFinite(p[i]) || !Double.isFinite(d[i]) || (e != null && !Double.isFinite(e[i]))) {
                throw new ChurnkitException("subscriber '" + ids[i] + "' (tenure " + tenure[i] + ") cannot be scored: "
                        + "P(renewal) " + p[i] + ", DERL " + d[i] + (e != null ? ", expected periods " + e[i] : ""));
            }
        }
        return new Result(p, e, d);
    }

    /**
     * Expected further periods by tenure: without a horizon the undiscounted DERL; with one,
     * {@code sum_{k=0}^{H-1} S(n+k) / S(n-1)}, a product of retention rates summed from the
     * current period on (no ratio of small survival values is formed).
     */
    private double[] expectedByTenure(int max) {
        if (horizon == 0) {
            return model.derlByTenure(max, DiscountRate.perPeriod(0));
        }
        double[] out = new double[max];
        for (int n = 1; n <= max; n++) {
            double sum = 0;
            double alive = 1; // S(n - 1 + k) / S(n - 1)
            for (int k = 0; k < horizon; k++) {
                alive *= model.retention(n + k);
                sum += alive;
            }
            out[n - 1] = sum;
        }
        return out;
    }

    /**
     * Residual value {@code margin x price x DERL} per subscriber.
     *
     * @param ids the subscribers' ids, for messages
     * @param derl per subscriber {@code DERL(n)}
     * @param margin the margin, a share of the price
     * @param price per subscriber the price per period
     * @return the residual values
     * @throws ChurnkitException naming the first subscriber whose price is not finite
     */
    public static double[] residualValue(String[] ids, double[] derl, double margin, double[] price) {
        double[] out = new double[derl.length];
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(price[i])) {
                throw new ChurnkitException("subscriber '" + ids[i] + "': price " + price[i] + " is not a finite number");
            }
            out[i] = margin * price[i] * derl[i];
        }
        return out;
    }
}
