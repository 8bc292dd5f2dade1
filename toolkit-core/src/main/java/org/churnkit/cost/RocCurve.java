package org.churnkit.cost;

/**
 * Tie-grouped empirical ROC curve (spec §2.2; ROCR {@code prediction()} semantics).
 *
 * <p>Customers are sorted by score descending with a stable sort; one cutoff is emitted per
 * distinct score, after the whole group of equal scores, so customers with equal scores are always
 * targeted together. Point 0 is (0, 0) (nobody targeted); the last point is (1, 1).
 * For point k: {@code FPR = cumFP/N0}, {@code TPR = cumTP/N1}, and the targeted fraction
 * {@code eta = (cumTP + cumFP)/N}. Label 1 means churner; higher scores mean more likely churners.
 *
 * <p>Immutable; the arrays returned by the accessors are copies.
 */
public final class RocCurve {
    private final long[] cumTp;
    private final long[] cumFp;
    private final long n1;
    private final long n0;

    private RocCurve(long[] cumTp, long[] cumFp) {
        this.cumTp = cumTp;
        this.cumFp = cumFp;
        this.n1 = cumTp[cumTp.length - 1];
        this.n0 = cumFp[cumFp.length - 1];
    }

    /**
     * Builds the curve.
     *
     * @param y labels in {0, 1}, 1 = churner
     * @param s finite scores, higher = more likely to churn
     * @throws IllegalArgumentException on empty input, length mismatch, non-finite scores, labels not
     *     in {0, 1}, or only one class present (the rates would divide by zero)
     */
    public static RocCurve tieGrouped(int[] y, double[] s) {
        Checks.labelsAndScores(y, s);
        Checks.bothClasses(y);
        int[] order = ScoreOrder.descending(s);
        return fromOrder(y, s, order);
    }

    static RocCurve fromOrder(int[] y, double[] s, int[] order) {
        int n = order.length;
        long[] tp = new long[n + 1];
        long[] fp = new long[n + 1];
        int m = 1;
        long ctp = 0;
        long cfp = 0;
        for (int i = 0; i < n; i++) {
            int j = order[i];
            if (y[j] == 1) {
                ctp++;
            } else {
                cfp++;
            }
            if (i == n - 1 || s[order[i + 1]] != s[j]) {
                tp[m] = ctp;
                fp[m] = cfp;
                m++;
            }
        }
        return new RocCurve(java.util.Arrays.copyOf(tp, m), java.util.Arrays.copyOf(fp, m));
    }

    /** Number of points, including (0, 0). */
    public int size() {
        return cumTp.length;
    }

    /** Churners. */
    public long positives() {
        return n1;
    }

    /** Non-churners. */
    public long negatives() {
        return n0;
    }

    /** Cumulative churners targeted at point k. */
    public long truePositives(int k) {
        return cumTp[k];
    }

    /** Cumulative non-churners targeted at point k. */
    public long falsePositives(int k) {
        return cumFp[k];
    }

    public double[] fpr() {
        double[] r = new double[cumFp.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = (double) cumFp[k] / n0;
        }
        return r;
    }

    public double[] tpr() {
        double[] r = new double[cumTp.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = (double) cumTp[k] / n1;
        }
        return r;
    }

    /** Targeted fraction of the base at each point. */
    public double[] fraction() {
        double[] r = new double[cumTp.length];
        double n = n1 + n0;
        for (int k = 0; k < r.length; k++) {
            r[k] = (cumTp[k] + cumFp[k]) / n;
        }
        return r;
    }
}
