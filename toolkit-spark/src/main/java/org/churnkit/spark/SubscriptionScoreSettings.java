package org.churnkit.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to score subscribers with, as text and numbers that travel to the executors: the
 * contractual model files' JSON (as {@link org.churnkit.contractual.ContractualModelFiles} writes
 * them) and the numbers of {@code churnkit score} for a subscription model. Immutable.
 *
 * @param modelJson one model for every cohort (a plain model, a fit with cohort effects, or a fit
 *     with subscriber covariates), or {@code null} when {@code cohortModels} are given
 * @param cohortModels one model per cohort label (as {@code fit} writes them, one file per
 *     cohort), empty when {@code modelJson} is given
 * @param horizon the periods ahead {@code expected_periods} counts, 1 to 100,000
 * @param discountPerPeriod the discount rate per period
 *     ({@link org.churnkit.contractual.DiscountRate#perPeriod}), finite and {@code >= 0}
 * @param margin the margin of {@code residual_value = margin x price x derl}, finite
 * @param price one price per period for every subscriber, or {@code null}
 * @param priceColumn the column of the subscription table holding each subscriber's price per
 *     period, or {@code null}; at most one of {@code price} and {@code priceColumn}
 */
public record SubscriptionScoreSettings(String modelJson, Map<String, String> cohortModels, int horizon,
                                        double discountPerPeriod, double margin, Double price, String priceColumn)
        implements Serializable {

    /**
     * Checks the fields as {@code churnkit score} checks its options.
     *
     * @throws IllegalArgumentException for a value out of its domain, no model or two, or both a
     *     price and a price column
     */
    public SubscriptionScoreSettings {
        cohortModels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(cohortModels, "cohortModels")));
        if ((modelJson == null) == cohortModels.isEmpty()) {
            throw new IllegalArgumentException("give one model for every cohort or one model per cohort, not "
                    + (modelJson == null ? "neither" : "both"));
        }
        if (horizon < 1 || horizon > 100_000) {
            throw new IllegalArgumentException("the horizon counts whole periods, expected 1 to 100000, got " + horizon);
        }
        if (!(discountPerPeriod >= 0) || Double.isInfinite(discountPerPeriod)) {
            throw new IllegalArgumentException("the discount rate per period must be finite and >= 0, got "
                    + discountPerPeriod);
        }
        if (!Double.isFinite(margin)) {
            throw new IllegalArgumentException("the margin must be finite, got " + margin);
        }
        if (price != null && priceColumn != null) {
            throw new IllegalArgumentException("give a price or a price column, not both");
        }
        if (price != null && (!Double.isFinite(price) || price < 0)) {
            throw new IllegalArgumentException("the price must be a finite number >= 0, got " + price);
        }
    }

    /**
     * One model for every subscriber, no discounting, margin 1, no price.
     *
     * @param modelJson the model file's JSON
     * @param horizon the periods ahead {@code expected_periods} counts, 1 to 100,000
     * @return the settings
     */
    public static SubscriptionScoreSettings of(String modelJson, int horizon) {
        return new SubscriptionScoreSettings(Objects.requireNonNull(modelJson, "modelJson"), Map.of(), horizon, 0, 1,
                null, null);
    }

    /**
     * One model per cohort, no discounting, margin 1, no price.
     *
     * @param cohortModels each cohort's model file JSON by cohort label, at least one
     * @param horizon the periods ahead {@code expected_periods} counts, 1 to 100,000
     * @return the settings
     */
    public static SubscriptionScoreSettings ofCohorts(Map<String, String> cohortModels, int horizon) {
        return new SubscriptionScoreSettings(null, cohortModels, horizon, 0, 1, null, null);
    }

    /**
     * With a discount rate.
     *
     * @param perPeriod the rate per period, finite and {@code >= 0}
     * @return a copy
     */
    public SubscriptionScoreSettings withDiscountPerPeriod(double perPeriod) {
        return new SubscriptionScoreSettings(modelJson, cohortModels, horizon, perPeriod, margin, price, priceColumn);
    }

    /**
     * With a margin.
     *
     * @param m the share of the price that is profit
     * @return a copy
     */
    public SubscriptionScoreSettings withMargin(double m) {
        return new SubscriptionScoreSettings(modelJson, cohortModels, horizon, discountPerPeriod, m, price, priceColumn);
    }

    /**
     * With one price for every subscriber (adds {@code price} and {@code residual_value}).
     *
     * @param p the price per period
     * @return a copy
     */
    public SubscriptionScoreSettings withPrice(double p) {
        return new SubscriptionScoreSettings(modelJson, cohortModels, horizon, discountPerPeriod, margin, p, null);
    }

    /**
     * With each subscriber's price from a column of the subscription table (adds {@code price}
     * and {@code residual_value}).
     *
     * @param column the column's name
     * @return a copy
     */
    public SubscriptionScoreSettings withPriceColumn(String column) {
        return new SubscriptionScoreSettings(modelJson, cohortModels, horizon, discountPerPeriod, margin, null,
                Objects.requireNonNull(column, "column"));
    }

    /**
     * Whether a residual value is computed.
     *
     * @return true with a price or a price column
     */
    public boolean priced() {
        return price != null || priceColumn != null;
    }
}
