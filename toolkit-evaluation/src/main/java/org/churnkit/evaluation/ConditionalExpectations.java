package org.churnkit.evaluation;

import java.util.Arrays;

/**
 * Conditional expectations by calibration frequency: for customers with {@code x = 0, 1, ...,
 * k-1} and {@code x >= k}, the mean actual and the mean predicted holdout transactions (Fader,
 * Hardie and Lee 2005, figure 4). A mean is NaN exactly when its bucket has no customers; check
 * {@link #customers()}. Immutable.
 */
public final class ConditionalExpectations {
    private final double[] customers;
    private final double[] meanActual;
    private final double[] meanPredicted;

    private ConditionalExpectations(double[] customers, double[] meanActual, double[] meanPredicted) {
        this.customers = customers;
        this.meanActual = meanActual;
        this.meanPredicted = meanPredicted;
    }

    /**
     * Mean actual and predicted holdout transactions by calibration frequency.
     *
     * @param frequency calibration frequency of each customer
     * @param actual holdout transactions of each customer
     * @param predicted predicted holdout transactions of each customer
     * @param k last bucket ({@code x >= k}), {@code >= 1}
     * @return the table
     */
    public static ConditionalExpectations of(double[] frequency, double[] actual, double[] predicted, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the last frequency bucket must be >= 1, got " + k);
        }
        if (actual.length != frequency.length || predicted.length != frequency.length) {
            throw new IllegalArgumentException("columns differ in length");
        }
        double[] c = new double[k + 1];
        double[] a = new double[k + 1];
        double[] p = new double[k + 1];
        for (int i = 0; i < frequency.length; i++) {
            int b = (int) Math.min(frequency[i], k);
            c[b] += 1;
            a[b] += actual[i];
            p[b] += predicted[i];
        }
        for (int b = 0; b <= k; b++) {
            a[b] = c[b] > 0 ? a[b] / c[b] : Double.NaN;
            p[b] = c[b] > 0 ? p[b] / c[b] : Double.NaN;
        }
        return new ConditionalExpectations(c, a, p);
    }

    /**
     * Index of the last bucket ({@code k}, meaning {@code x >= k}).
     *
     * @return k
     */
    public int lastBucket() {
        return customers.length - 1;
    }

    /**
     * Customers per bucket (a copy).
     *
     * @return one count per bucket
     */
    public double[] customers() {
        return customers.clone();
    }

    /**
     * Mean actual holdout transactions per bucket; NaN for an empty bucket (a copy).
     *
     * @return one mean per bucket
     */
    public double[] meanActual() {
        return meanActual.clone();
    }

    /**
     * Mean predicted holdout transactions per bucket; NaN for an empty bucket (a copy).
     *
     * @return one mean per bucket
     */
    public double[] meanPredicted() {
        return meanPredicted.clone();
    }

    @Override
    public String toString() {
        return "ConditionalExpectations[customers=" + Arrays.toString(customers) + ", actual="
                + Arrays.toString(meanActual) + ", predicted=" + Arrays.toString(meanPredicted) + "]";
    }
}
