package org.churnkit.contractual;

import java.util.Arrays;
import java.util.Objects;
import org.churnkit.ChurnkitException;

/**
 * What one active subscriber will actually do: the distribution of {@code R}, the number of
 * further periods they pay for over the next {@code H} periods (their renewals among the next
 * {@code H} renewal decisions, {@code 0 <= R <= H}), from the model's own probabilities given that
 * they have paid {@code n} periods (their tenure, see the package description). This is the
 * <em>outcome spread</em>: with the parameters known exactly, a subscriber expected to pay 7.3 of
 * the next 12 periods still pays 0, 5 or 12 of them. It is not the uncertainty of the expected
 * value ({@link SubscriberIntervals}, from parameter draws), which shrinks as the data grow while
 * this does not. Columns: {@value #LOWER_COLUMN} and {@value #UPPER_COLUMN}.
 *
 * <p>Formula: the subscriber pays period {@code n + k} only if they renewed at the ends of
 * periods {@code n, ..., n + k - 1}, so
 * {@code P(R >= k | tenure n) = S(n - 1 + k) / S(n - 1) = r(n) r(n + 1) ... r(n + k - 1)} for
 * {@code k = 1..H} ({@code P(R >= 0) = 1}), a product of retention rates (no ratio of small
 * survival values is formed), and {@code P(R = k) = P(R >= k) (1 - r(n + k))} for {@code k < H},
 * {@code P(R = H) = P(R >= H)}. Its mean {@code sum_{k=1..H} P(R >= k)} is the score's
 * {@code expected_periods} ({@link SubscriberScoring}).
 *
 * <p>The quantile at probability {@code p} is the smallest {@code k} with
 * {@code P(R <= k) = 1 - P(R >= k + 1) >= p}; the interval at level {@code c} runs from the
 * quantile at {@code (1 - c)/2} to the one at {@code (1 + c)/2} and, {@code R} being discrete,
 * holds at least {@code c} of the probability (the convention of
 * {@link org.churnkit.model.PredictiveDistribution}). The model is taken at its point estimate:
 * parameter uncertainty is not mixed in. Immutable and thread-safe.
 */
public final class RenewalDistribution {
    /** Column of the lower end of the predictive interval of the further periods paid. */
    public static final String LOWER_COLUMN = "renewals_predictive_lower";
    /** Column of the upper end of the predictive interval of the further periods paid. */
    public static final String UPPER_COLUMN = "renewals_predictive_upper";

    private final ContractualModel model;
    private final int horizon;

    private RenewalDistribution(ContractualModel model, int horizon) {
        this.model = model;
        this.horizon = horizon;
    }

    /**
     * The distribution of the further periods paid over {@code horizon} periods.
     *
     * @param model the subscriber's model (for a covariate or cohort fit, the model of their covariates)
     * @param horizon the periods ahead, {@code >= 1}
     * @return the distribution
     * @throws IllegalArgumentException for a horizon below 1
     */
    public static RenewalDistribution of(ContractualModel model, int horizon) {
        Objects.requireNonNull(model, "model");
        if (horizon < 1) {
            throw new IllegalArgumentException("the horizon must be >= 1 periods, got " + horizon);
        }
        return new RenewalDistribution(model, horizon);
    }

    /**
     * The horizon {@code H}.
     *
     * @return the periods ahead
     */
    public int horizon() {
        return horizon;
    }

    /**
     * {@code P(R >= k | tenure n)} for {@code k = 0..H}.
     *
     * @param tenure the subscriber's current period, {@code >= 1}
     * @return {@code H + 1} values, non-increasing from 1
     * @throws IllegalArgumentException for a tenure below 1
     */
    public double[] survival(int tenure) {
        if (tenure < 1) {
            throw new IllegalArgumentException("the tenure must be >= 1, got " + tenure);
        }
        double[] a = new double[horizon + 1];
        a[0] = 1;
        for (int k = 1; k <= horizon; k++) {
            a[k] = a[k - 1] * model.retention(tenure + k - 1);
        }
        return a;
    }

    /**
     * {@code P(R = k | tenure n)} for {@code k = 0..H}.
     *
     * @param tenure the subscriber's current period, {@code >= 1}
     * @return {@code H + 1} probabilities summing to 1 (to rounding)
     */
    public double[] probabilities(int tenure) {
        double[] a = survival(tenure);
        double[] p = new double[horizon + 1];
        for (int k = 0; k < horizon; k++) {
            p[k] = a[k] * (1 - model.retention(tenure + k));
        }
        p[horizon] = a[horizon];
        return p;
    }

    /**
     * The predictive interval of {@code R} at {@code level} (see the class description).
     *
     * @param tenure the subscriber's current period, {@code >= 1}
     * @param level the level, in (0, 1)
     * @return {lower, upper}, whole numbers of periods in {@code 0..H}
     * @throws IllegalArgumentException for a level outside (0, 1) or a tenure below 1
     */
    public int[] interval(int tenure, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
        double[] a = survival(tenure);
        return new int[] {quantile(a, (1 - level) / 2), quantile(a, (1 + level) / 2)};
    }

    /** The smallest k with {@code 1 - P(R >= k + 1) >= p}; {@code P(R <= H) = 1}. */
    private int quantile(double[] a, double p) {
        for (int k = 0; k < horizon; k++) {
            if (1 - a[k + 1] >= p) {
                return k;
            }
        }
        return horizon;
    }

    /**
     * The predictive intervals of many subscribers, each tenure computed once.
     *
     * @param ids the subscribers' ids, for messages
     * @param tenure each subscriber's current period, {@code >= 1}
     * @param level the level, in (0, 1)
     * @return {lower[], upper[]}, one value per subscriber
     * @throws ChurnkitException naming the first subscriber whose tenure is below 1 or whose
     *     probabilities are not finite
     */
    public int[][] intervals(String[] ids, int[] tenure, double level) {
        if (ids.length != tenure.length) {
            throw new IllegalArgumentException("ids and tenure must have one length");
        }
        int[] sorted = tenure.clone();
        Arrays.sort(sorted);
        int[][] out = new int[2][tenure.length];
        int[] distinct = new int[sorted.length];
        int nd = 0;
        for (int v : sorted) {
            if (nd == 0 || distinct[nd - 1] != v) {
                distinct[nd++] = v;
            }
        }
        int[][] byTenure = new int[nd][];
        for (int i = 0; i < tenure.length; i++) {
            int j = Arrays.binarySearch(distinct, 0, nd, tenure[i]);
            if (byTenure[j] == null) {
                if (tenure[i] < 1) {
                    throw new ChurnkitException("subscriber '" + ids[i] + "': tenure " + tenure[i] + ", expected >= 1");
                }
                double[] a = survival(tenure[i]);
                if (!Double.isFinite(a[horizon])) {
                    throw new ChurnkitException("subscriber '" + ids[i] + "' (tenure " + tenure[i] + "): the probability "
                            + "of renewing for " + horizon + " more periods is " + a[horizon]);
                }
                byTenure[j] = interval(tenure[i], level);
            }
            out[0][i] = byTenure[j][0];
            out[1][i] = byTenure[j][1];
        }
        return out;
    }

    @Override
    public String toString() {
        return "RenewalDistribution[" + model + ", " + horizon + " periods]";
    }
}
