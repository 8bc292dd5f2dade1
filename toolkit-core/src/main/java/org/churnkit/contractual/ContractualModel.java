package org.churnkit.contractual;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.churnkit.model.FitSummary;

/**
 * A contractual retention model with known parameters: survival, retention, churn and the
 * discounted expected (residual) lifetimes of its subscribers. Immutable and thread-safe. See the
 * package description for the conventions ({@code T}, tenure, discounting).
 *
 * <p>Every method returns a finite value or throws: {@link IllegalArgumentException} for an
 * argument outside its domain (a period below its minimum), {@link org.churnkit.NotComputableException}
 * for a value that cannot be computed (an undiscounted lifetime that is infinite).
 */
public sealed interface ContractualModel permits ShiftedBetaGeometric, BetaDiscreteWeibull {

    /**
     * The model from its kind and parameters in {@link ContractualKind#parameterNames()} order.
     *
     * @param kind the family
     * @param parameters {@code gamma, delta} (and {@code c}), all positive and finite
     * @param fit the fit summary, or {@code null} for parameters written by hand
     * @return the model
     * @throws IllegalArgumentException for the wrong number of parameters or a value not positive and finite
     */
    static ContractualModel of(ContractualKind kind, double[] parameters, FitSummary fit) {
        int k = kind.parameterNames().size();
        if (parameters.length != k) {
            throw new IllegalArgumentException(kind.displayName() + " has " + k + " parameters "
                    + kind.parameterNames() + ", got " + parameters.length);
        }
        return switch (kind) {
            case SBG -> ShiftedBetaGeometric.of(parameters[0], parameters[1]).withFit(fit);
            case BDW -> BetaDiscreteWeibull.of(parameters[0], parameters[1], parameters[2]).withFit(fit);
        };
    }

    /**
     * Which model this is.
     *
     * @return the kind, which fixes the parameter names
     */
    ContractualKind kind();

    /**
     * Parameters in {@link ContractualKind#parameterNames()} order (a copy).
     *
     * @return the parameters
     */
    double[] parameterArray();

    /**
     * Parameters by name, in the papers' order.
     *
     * @return an ordered map from name to value
     */
    default Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] p = parameterArray();
        List<String> names = kind().parameterNames();
        for (int i = 0; i < p.length; i++) {
            m.put(names.get(i), p[i]);
        }
        return m;
    }

    /**
     * How the model was fitted; empty for parameters written by hand.
     *
     * @return the fit summary
     */
    Optional<FitSummary> fit();

    /**
     * The same parameters with this fit summary.
     *
     * @param fit the summary, or {@code null}
     * @return a copy
     */
    ContractualModel withFit(FitSummary fit);

    /**
     * {@code log S(t)}, the log of the share still subscribed after the renewal decision at the end
     * of period {@code t}.
     *
     * @param t the period, {@code >= 0} ({@code log S(0) = 0})
     * @return {@code log S(t)}, {@code <= 0}
     * @throws IllegalArgumentException for a negative period
     */
    double logSurvival(int t);

    /**
     * {@code S(t) = P(T > t)}, the expected share of a cohort still subscribed at the end of period
     * {@code t}; {@code S(0) = 1}. May underflow to 0 for very long horizons.
     *
     * @param t the period, {@code >= 0}
     * @return {@code S(t)} in [0, 1]
     */
    default double survival(int t) {
        return Math.exp(logSurvival(t));
    }

    /**
     * {@code S(0), ..., S(n)}: the expected survivor curve (times the cohort size, the expected
     * survivors at the end of each period).
     *
     * @param n the last period, {@code >= 0}
     * @return {@code n + 1} values, {@code S(0) = 1}
     */
    default double[] survivalCurve(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("the last period must be >= 0, got " + n);
        }
        double[] s = new double[n + 1];
        for (int t = 0; t <= n; t++) {
            s[t] = survival(t);
        }
        return s;
    }

    /**
     * The retention rate {@code r(t) = S(t) / S(t - 1)}: the expected share of those subscribed in
     * period {@code t} who renew at its end (computed without forming the ratio of small numbers).
     *
     * @param t the period, {@code >= 1}
     * @return {@code r(t)} in [0, 1]
     * @throws IllegalArgumentException for {@code t < 1}
     */
    double retention(int t);

    /**
     * {@code r(1), ..., r(n)}.
     *
     * @param n the last period, {@code >= 1}
     * @return {@code n} values, index {@code t - 1} holding {@code r(t)}
     */
    default double[] retentionCurve(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the last period must be >= 1, got " + n);
        }
        double[] r = new double[n];
        for (int t = 1; t <= n; t++) {
            r[t - 1] = retention(t);
        }
        return r;
    }

    /**
     * {@code P(T = t) = S(t - 1) - S(t)}: the probability that a new subscriber cancels at the end
     * of period {@code t}.
     *
     * @param t the period, {@code >= 1}
     * @return the probability, in [0, 1]
     */
    default double churnProbability(int t) {
        return Math.exp(logChurnProbability(t));
    }

    /**
     * {@code log P(T = t)}, computed as {@code log S(t-1) + log(1 - r(t))} so that it stays accurate
     * where {@code P(T = t)} underflows.
     *
     * @param t the period, {@code >= 1}
     * @return the log-probability
     */
    double logChurnProbability(int t);

    /**
     * {@code P(renewal | tenure n) = r(n)}: the probability that a subscriber now in period
     * {@code n} (who has paid {@code n} times) renews at its end. By Bayes' rule this is the
     * retention rate of the cohort at that period: it rises with tenure as the subscribers more
     * likely to cancel leave (and, for the BdW, as the individual churn probability changes).
     *
     * @param tenure the subscriber's current period, {@code >= 1}
     * @return the probability
     */
    default double renewalProbability(int tenure) {
        return retention(tenure);
    }

    /**
     * Discounted expected lifetime of a subscriber just acquired, in periods paid:
     * {@code DEL = sum_{t>=0} S(t) / (1+d)^t} (the first payment counts in full; Fader and Hardie
     * 2010, eq. 5). Times the margin per period, the value of a new subscriber.
     *
     * @param rate the discount rate per period; 0 allowed only where the expected lifetime is
     *     finite (sBG with {@code gamma > 1})
     * @return DEL, {@code >= 1}
     * @throws org.churnkit.NotComputableException when the rate is 0 and the expected lifetime is
     *     infinite or has no closed form
     */
    default double del(DiscountRate rate) {
        return 1.0 + derl(1, rate);
    }

    /**
     * Discounted expected residual lifetime of a subscriber now in period {@code n} (who has paid
     * {@code n} times and made {@code n - 1} renewals): the expected discounted number of further
     * payments, {@code sum_{t>=n} S(t) / S(n-1) / (1+d)^(t-n+1)} (Fader and Hardie 2010, eq. 6).
     * The current period's payment is not counted, so {@code DERL(1) = DEL - 1}.
     *
     * @param tenure the subscriber's current period, {@code >= 1}
     * @param rate the discount rate per period (0: expected remaining periods, where finite)
     * @return DERL, {@code >= 0}
     * @throws IllegalArgumentException for a tenure below 1
     * @throws org.churnkit.NotComputableException when the rate is 0 and the expectation is
     *     infinite or has no closed form
     */
    double derl(int tenure, DiscountRate rate);

    /**
     * {@code DERL(1), ..., DERL(maxTenure)} in one pass (the recursion
     * {@code DERL(n) = r(n) (1 + DERL(n + 1)) / (1 + d)} from the last one): what scoring many
     * subscribers needs, one value per tenure.
     *
     * @param maxTenure the longest tenure, {@code >= 1}
     * @param rate the discount rate per period
     * @return {@code maxTenure} values, index {@code n - 1} holding {@code DERL(n)}
     */
    default double[] derlByTenure(int maxTenure, DiscountRate rate) {
        if (maxTenure < 1) {
            throw new IllegalArgumentException("the longest tenure must be >= 1, got " + maxTenure);
        }
        double[] out = new double[maxTenure];
        out[maxTenure - 1] = derl(maxTenure, rate);
        double z = rate.factor();
        for (int n = maxTenure - 1; n >= 1; n--) {
            out[n - 1] = retention(n) * z * (1.0 + out[n]);
        }
        return out;
    }

    /**
     * Residual value of a subscriber now in period {@code n}: {@code margin x price x DERL(n)}
     * (Fader and Hardie 2010).
     *
     * @param tenure the subscriber's current period, {@code >= 1}
     * @param rate the discount rate per period
     * @param margin the margin as a share of the price (0.3 for 30 %), finite
     * @param price the price per period, finite
     * @return the residual value, in the price's currency
     */
    default double residualValue(int tenure, DiscountRate rate, double margin, double price) {
        if (!Double.isFinite(margin) || !Double.isFinite(price)) {
            throw new IllegalArgumentException("margin and price must be finite, got " + margin + " and " + price);
        }
        return margin * price * derl(tenure, rate);
    }

    /**
     * The same population without duration dependence: the sBG with this model's
     * {@code gamma, delta} (every subscriber keeps the churn probability of their first period).
     * The sBG returns itself.
     *
     * @return the sBG counterpart
     */
    ShiftedBetaGeometric withoutDurationDependence();

    /**
     * The rise of the retention rate over periods {@code 1..n} split into sorting (heterogeneity:
     * the subscribers more likely to cancel leave first) and duration dependence (each subscriber's
     * own churn probability changing with tenure), after Fader et al. (2018).
     *
     * @param n the last period, {@code >= 1}
     * @return the decomposition
     */
    default RetentionDecomposition decomposeRetention(int n) {
        return RetentionDecomposition.of(this, n);
    }
}
