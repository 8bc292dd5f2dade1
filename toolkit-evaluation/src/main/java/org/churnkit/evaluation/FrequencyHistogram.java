package org.churnkit.evaluation;

import org.churnkit.model.TransactionPredictor;

/**
 * The calibration frequency histogram: actual versus expected number of customers with
 * {@code x = 0, 1, ..., k-1} repeat transactions and with {@code k} or more ({@code k+}).
 * Expected counts are {@code E_n = sum_i P(X(T_i) = n)} with the model's unconditional
 * probability for a new customer observed for {@code T_i}, and {@code E_{k+} = N - sum_{n<k} E_n}
 * (Fader, Hardie and Lee 2005, figure 2). Immutable.
 */
public final class FrequencyHistogram {
    private final double[] actual;
    private final double[] expected;

    private FrequencyHistogram(double[] actual, double[] expected) {
        this.actual = actual;
        this.expected = expected;
    }

    /**
     * Actual and expected number of customers by calibration frequency.
     *
     * @param model the model
     * @param frequency calibration frequency x of each customer
     * @param age calibration age T of each customer
     * @param k last bucket, {@code >= 1}; bucket {@code k} holds {@code x >= k}
     * @throws org.churnkit.ChurnkitException if a probability is not finite or outside [0, 1]
     * @return the histogram
     */
    public static FrequencyHistogram of(TransactionPredictor model, double[] frequency, double[] age, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the last frequency bucket must be >= 1, got " + k);
        }
        if (frequency.length != age.length) {
            throw new IllegalArgumentException("frequency and age differ in length");
        }
        return of(model, frequency, Distinct.of(age), k);
    }

    /** As above with the ages already grouped. */
    static FrequencyHistogram of(TransactionPredictor model, double[] frequency, Distinct ages, int k) {
        double[] actual = new double[k + 1];
        for (double x : frequency) {
            actual[(int) Math.min(x, k)] += 1;
        }
        int m = ages.size();
        // Per distinct T, the k probabilities; computed in parallel over distinct ages.
        double[][] partial = new double[m][];
        java.util.stream.IntStream.range(0, m).parallel().forEach(j -> {
            double[] p = new double[k];
            double T = ages.values[j];
            for (int n = 0; n < k; n++) {
                double v = model.probabilityOfTransactions(n, T);
                // A probability may miss [0, 1] by rounding; anything further off is a model error.
                if (!(v >= -1e-12 && v <= 1 + 1e-12)) {
                    throw new org.churnkit.ChurnkitException("cannot compute P(X(" + T + ") = " + n
                            + "): the model returned " + v);
                }
                p[n] = Math.min(1.0, Math.max(0.0, v));
            }
            partial[j] = p;
        });
        double[] expected = new double[k + 1];
        double below = 0;
        for (int n = 0; n < k; n++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += ages.counts[j] * partial[j][n];
            }
            expected[n] = s;
            below += s;
        }
        // Rounding can leave -1e-12 here when the first k buckets take all the mass.
        expected[k] = Math.max(0.0, frequency.length - below);
        return new FrequencyHistogram(actual, expected);
    }

    /**
     * Index of the last bucket ({@code k}, meaning {@code x >= k}).
     *
     * @return k
     */
    public int lastBucket() {
        return actual.length - 1;
    }

    /**
     * Actual number of customers per bucket (a copy).
     *
     * @return one count per bucket
     */
    public double[] actual() {
        return actual.clone();
    }

    /**
     * Expected number of customers per bucket (a copy).
     *
     * @return one expected count per bucket
     */
    public double[] expected() {
        return expected.clone();
    }

    /**
     * Bucket labels: {@code "0", "1", ..., "k+"}.
     *
     * @return one label per bucket
     */
    public String[] labels() {
        String[] l = new String[actual.length];
        for (int n = 0; n < l.length; n++) {
            l[n] = n == l.length - 1 ? n + "+" : Integer.toString(n);
        }
        return l;
    }

    @Override
    public String toString() {
        return "FrequencyHistogram[actual=" + java.util.Arrays.toString(actual) + ", expected="
                + java.util.Arrays.toString(expected) + "]";
    }
}
