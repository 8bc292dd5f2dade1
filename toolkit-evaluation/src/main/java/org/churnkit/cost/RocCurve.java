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
     * @return the curve, one point per distinct score plus (0, 0)
     */
    public static RocCurve tieGrouped(int[] y, double[] s) {
        Checks.labelsAndScores(y, s);
        Checks.bothClasses(y);
        return build(y, s);
    }

    /** Builds the curve from checked input; one class only is allowed here (rates are not computed). */
    static RocCurve build(int[] y, double[] s) {
        int n1 = 0;
        for (int v : y) {
            n1 += v;
        }
        long[] pos = ScoreOrder.descendingKeys(s, y, 1, n1);
        long[] neg = ScoreOrder.descendingKeys(s, y, 0, y.length - n1);
        int groups = merge(pos, neg, null, null);
        long[] tp = new long[groups + 1];
        long[] fp = new long[groups + 1];
        merge(pos, neg, tp, fp);
        return new RocCurve(tp, fp);
    }

    /**
     * Walks both classes' scores from the highest down, one step per distinct score, and (when
     * the arrays are given) records the cumulative counts after each step. Returns the number of
     * distinct scores.
     */
    private static int merge(long[] pos, long[] neg, long[] tp, long[] fp) {
        int i = 0;
        int j = 0;
        int g = 0;
        while (i < pos.length || j < neg.length) {
            long key;
            if (i == pos.length) {
                key = neg[j];
            } else if (j == neg.length) {
                key = pos[i];
            } else {
                key = Long.compareUnsigned(pos[i], neg[j]) <= 0 ? pos[i] : neg[j];
            }
            while (i < pos.length && pos[i] == key) {
                i++;
            }
            while (j < neg.length && neg[j] == key) {
                j++;
            }
            g++;
            if (tp != null) {
                tp[g] = i;
                fp[g] = j;
            }
        }
        return g;
    }

    /**
     * Number of points, including (0, 0).
     *
     * @return the number of points
     */
    public int size() {
        return cumTp.length;
    }

    /**
     * Churners.
     *
     * @return the number of churners
     */
    public long positives() {
        return n1;
    }

    /**
     * Non-churners.
     *
     * @return the number of non-churners
     */
    public long negatives() {
        return n0;
    }

    /**
     * Cumulative churners targeted at point k.
     *
     * @param k point index, {@code 0 <= k < size()}
     * @return the count
     */
    public long truePositives(int k) {
        return cumTp[k];
    }

    /**
     * Cumulative non-churners targeted at point k.
     *
     * @param k point index, {@code 0 <= k < size()}
     * @return the count
     */
    public long falsePositives(int k) {
        return cumFp[k];
    }

    /**
     * False-positive rate at each point.
     *
     * @return false positives / non-churners, per point
     */
    public double[] fpr() {
        double[] r = new double[cumFp.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = (double) cumFp[k] / n0;
        }
        return r;
    }

    /**
     * True-positive rate at each point.
     *
     * @return true positives / churners, per point
     */
    public double[] tpr() {
        double[] r = new double[cumTp.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = (double) cumTp[k] / n1;
        }
        return r;
    }

    /**
     * Targeted fraction of the base at each point.
     *
     * @return targeted customers / all customers, per point
     */
    public double[] fraction() {
        double[] r = new double[cumTp.length];
        double n = n1 + n0;
        for (int k = 0; k < r.length; k++) {
            r[k] = (cumTp[k] + cumFp[k]) / n;
        }
        return r;
    }
}
