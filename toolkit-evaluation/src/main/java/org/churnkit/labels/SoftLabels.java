package org.churnkit.labels;

import org.churnkit.cost.CostMatrix;

/**
 * Training data from probabilistic labels (the label model's P(y = 1) per row) for classifiers that
 * take sample weights, such as {@link org.churnkit.cost.CsLogit#fit(double[][], int[], double[],
 * CostMatrix, org.churnkit.cost.CsLogit.Options)}. Two ways, as in Snorkel's end models:
 * <ul>
 *   <li>{@link #twoRows}: each row twice, labelled 1 with weight p and labelled 0 with weight 1 − p:
 *       minimising the weighted loss is minimising the expected loss under the probabilistic label
 *       (the noise-aware loss of Ratner et al. 2016, <i>Data programming</i>, NeurIPS);</li>
 *   <li>{@link #confidenceWeighted}: each row once, labelled with its more probable class and
 *       weighted by that class's probability max(p, 1 − p), in [½, 1].</li>
 * </ul>
 *
 * @param x the feature rows (shared with the input: not copied)
 * @param y the labels, 0 or 1
 * @param weights one weight per row, in [0, 1]
 * @param sourceRow for each row, the input row it comes from
 */
public record SoftLabels(double[][] x, int[] y, double[] weights, int[] sourceRow) {

    /**
     * Each row twice, with the two labels weighted by their probabilities.
     *
     * @param x feature rows
     * @param p1 P(y = 1) per row, in [0, 1]
     * @return 2n rows: row i at 2i (label 1, weight p) and 2i + 1 (label 0, weight 1 − p)
     * @throws IllegalArgumentException on a length mismatch or a probability outside [0, 1]
     */
    public static SoftLabels twoRows(double[][] x, double[] p1) {
        check(x, p1);
        int n = x.length;
        double[][] xx = new double[2 * n][];
        int[] y = new int[2 * n];
        double[] w = new double[2 * n];
        int[] src = new int[2 * n];
        for (int i = 0; i < n; i++) {
            xx[2 * i] = x[i];
            xx[2 * i + 1] = x[i];
            y[2 * i] = 1;
            w[2 * i] = p1[i];
            w[2 * i + 1] = 1 - p1[i];
            src[2 * i] = i;
            src[2 * i + 1] = i;
        }
        return new SoftLabels(xx, y, w, src);
    }

    /**
     * Each row once, with its more probable class (1 when p ≥ ½) weighted by its probability.
     *
     * @param x feature rows
     * @param p1 P(y = 1) per row, in [0, 1]
     * @return n rows
     * @throws IllegalArgumentException on a length mismatch or a probability outside [0, 1]
     */
    public static SoftLabels confidenceWeighted(double[][] x, double[] p1) {
        check(x, p1);
        int n = x.length;
        int[] y = new int[n];
        double[] w = new double[n];
        int[] src = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = p1[i] >= 0.5 ? 1 : 0;
            w[i] = Math.max(p1[i], 1 - p1[i]);
            src[i] = i;
        }
        return new SoftLabels(x, y, w, src);
    }

    /**
     * The cost matrix of the input rows, repeated to match these rows.
     *
     * @param costs one cost row per input row
     * @return one cost row per row of this training set
     */
    public CostMatrix costs(CostMatrix costs) {
        int n = sourceRow.length;
        double[] tp = new double[n];
        double[] fp = new double[n];
        double[] tn = new double[n];
        double[] fn = new double[n];
        for (int i = 0; i < n; i++) {
            int s = sourceRow[i];
            tp[i] = costs.tp(s);
            fp[i] = costs.fp(s);
            tn[i] = costs.tn(s);
            fn[i] = costs.fn(s);
        }
        return CostMatrix.of(tp, fp, tn, fn);
    }

    private static void check(double[][] x, double[] p1) {
        if (x.length != p1.length) {
            throw new IllegalArgumentException(x.length + " feature rows for " + p1.length + " probabilities");
        }
        for (int i = 0; i < p1.length; i++) {
            if (!(p1[i] >= 0 && p1[i] <= 1)) {
                throw new IllegalArgumentException("P(y = 1) of row " + i + " is " + p1[i] + "; expected [0, 1]");
            }
        }
    }
}
