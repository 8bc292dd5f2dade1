package org.churnkit.contractual;

import java.util.Objects;

/**
 * Why a cohort's retention rate rises: sorting (heterogeneity) vs duration dependence, after
 * Fader, Hardie, Liu, Davin and Steenburgh (2018), section "Heterogeneity vs duration dependence".
 *
 * <p>With {@code r(t)} the model's retention rate and {@code r0(t)} that of the same population
 * without duration dependence (the sBG with the same {@code gamma, delta}:
 * {@link ContractualModel#withoutDurationDependence()}; both agree at {@code t = 1}, where
 * {@code t^c = 1}), the rise from period 1 is
 * <pre>
 *   r(t) - r(1) = [r0(t) - r(1)]      sorting: each subscriber keeps their churn probability,
 *                                     the ones more likely to cancel leave first
 *               + [r(t) - r0(t)]      duration dependence: each subscriber's churn probability
 *                                     changes with tenure (c &lt; 1 falls, c &gt; 1 rises), with its
 *                                     interaction with sorting
 * </pre>
 * For the sBG the second part is 0.
 *
 * @param retention {@code r(1..n)}, index {@code t - 1}
 * @param sortingOnly {@code r0(1..n)}, the retention rate with sorting alone
 * @param sorting {@code r0(t) - r(1)}
 * @param durationDependence {@code r(t) - r0(t)}
 */
public record RetentionDecomposition(double[] retention, double[] sortingOnly, double[] sorting,
                                     double[] durationDependence) {

    /** Copies the arrays and checks they have one length. */
    public RetentionDecomposition {
        retention = retention.clone();
        sortingOnly = sortingOnly.clone();
        sorting = sorting.clone();
        durationDependence = durationDependence.clone();
        int n = retention.length;
        if (sortingOnly.length != n || sorting.length != n || durationDependence.length != n) {
            throw new IllegalArgumentException("the curves must have one length");
        }
    }

    /**
     * The decomposition of a model's retention over periods {@code 1..n}.
     *
     * @param model the model
     * @param n the last period, {@code >= 1}
     * @return the decomposition
     */
    public static RetentionDecomposition of(ContractualModel model, int n) {
        Objects.requireNonNull(model, "model");
        double[] r = model.retentionCurve(n);
        double[] r0 = model.withoutDurationDependence().retentionCurve(n);
        double[] sort = new double[n];
        double[] dur = new double[n];
        for (int i = 0; i < n; i++) {
            sort[i] = r0[i] - r[0];
            dur[i] = r[i] - r0[i];
        }
        return new RetentionDecomposition(r, r0, sort, dur);
    }

    /**
     * Periods covered.
     *
     * @return n
     */
    public int periods() {
        return retention.length;
    }

    /**
     * {@code r(1..n)} (a copy).
     *
     * @return the retention rates
     */
    @Override
    public double[] retention() {
        return retention.clone();
    }

    /**
     * {@code r0(1..n)} (a copy).
     *
     * @return the sorting-only retention rates
     */
    @Override
    public double[] sortingOnly() {
        return sortingOnly.clone();
    }

    /**
     * The sorting part of the rise (a copy).
     *
     * @return {@code r0(t) - r(1)} per period
     */
    @Override
    public double[] sorting() {
        return sorting.clone();
    }

    /**
     * The duration-dependence part of the rise (a copy).
     *
     * @return {@code r(t) - r0(t)} per period
     */
    @Override
    public double[] durationDependence() {
        return durationDependence.clone();
    }

    /**
     * Equal when every curve is, by content.
     *
     * @param o another object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof RetentionDecomposition d && java.util.Arrays.equals(d.retention, retention)
                && java.util.Arrays.equals(d.sortingOnly, sortingOnly) && java.util.Arrays.equals(d.sorting, sorting)
                && java.util.Arrays.equals(d.durationDependence, durationDependence);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(retention) * 31 + java.util.Arrays.hashCode(sortingOnly);
    }

    @Override
    public String toString() {
        return "RetentionDecomposition[retention=" + java.util.Arrays.toString(retention) + ", sortingOnly="
                + java.util.Arrays.toString(sortingOnly) + "]";
    }
}
