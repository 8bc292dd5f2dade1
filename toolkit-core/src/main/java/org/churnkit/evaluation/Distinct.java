package org.churnkit.evaluation;

import java.util.Arrays;

/**
 * Distinct values of a column with their multiplicities. Evaluation sums a model quantity over
 * customers that often share a value (birth day, age T), so evaluating once per distinct value
 * turns millions of model calls into hundreds.
 */
final class Distinct {
    final double[] values;
    final double[] counts;

    private Distinct(double[] values, double[] counts) {
        this.values = values;
        this.counts = counts;
    }

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
        return new Distinct(Arrays.copyOf(v, m), Arrays.copyOf(c, m));
    }

    int size() {
        return values.length;
    }
}
