package org.churnkit.evaluation;

import java.util.Arrays;

/**
 * Distinct values of a column with their multiplicities. Evaluation sums a model quantity over
 * customers that often share a value (birth day, age T), so evaluating once per distinct value
 * turns millions of model calls into hundreds.
 *
 * <p>Continuous times (simulations, exact timestamps) leave every value distinct. Above
 * {@value #EXACT_LIMIT} distinct values, values are therefore grouped in bins of
 * {@code 1/}{@value #BINS_PER_UNIT} time unit, each bin standing at the count-weighted mean of its
 * values. For a quantity {@code f} smooth in the value (E[X(t)], P(X(T) = n)), the first-order
 * error of a bin cancels at its mean, leaving at most {@code |f''| w^2 / 8} per customer with
 * {@code w = 1/32} (about 1e-4 |f''|): far below the sampling noise of any holdout total. Values on a day grid in
 * weeks, or any grid coarser than a bin, stay exact below the limit.
 */
final class Distinct {
    final double[] values;
    final double[] counts;

    private Distinct(double[] values, double[] counts) {
        this.values = values;
        this.counts = counts;
    }

    /** Distinct values kept exactly up to this many. */
    static final int EXACT_LIMIT = 16_384;
    /** Bins per time unit beyond {@link #EXACT_LIMIT}. */
    static final int BINS_PER_UNIT = 32;

    static Distinct of(double[] column) {
        double[] s = column.clone();
        Arrays.parallelSort(s);
        int m = 0;
        double[] v = new double[s.length];
        double[] c = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            if (m > 0 && v[m - 1] == s[i]) {
                c[m - 1] += 1;
            } else {
                v[m] = s[i];
                c[m] = 1;
                m++;
            }
        }
        if (m <= EXACT_LIMIT) {
            return new Distinct(Arrays.copyOf(v, m), Arrays.copyOf(c, m));
        }
        return binned(v, c, m);
    }

    /** Groups sorted distinct values {@code v[0..m)} with counts {@code c} into bins at their weighted means. */
    private static Distinct binned(double[] v, double[] c, int m) {
        double[] bv = new double[m];
        double[] bc = new double[m];
        int k = -1;
        double bin = Double.NaN;
        for (int i = 0; i < m; i++) {
            double b = Math.floor(v[i] * BINS_PER_UNIT);
            if (k < 0 || b != bin) {
                k++;
                bin = b;
            }
            bv[k] += c[i] * v[i];
            bc[k] += c[i];
        }
        k++;
        for (int j = 0; j < k; j++) {
            bv[j] /= bc[j];
        }
        return new Distinct(Arrays.copyOf(bv, k), Arrays.copyOf(bc, k));
    }

    int size() {
        return values.length;
    }
}
