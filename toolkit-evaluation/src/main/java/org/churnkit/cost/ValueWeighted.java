package org.churnkit.cost;

/**
 * Value-weighted ranking and probability metrics (spec §10.3, §9.4).
 *
 * <p><b>Weighted AUC</b>: the probability that a value-drawn churner is ranked above a cost-drawn
 * non-churner, ties counting ½:
 * <pre>
 *   AUC_w = Σ_{i:y=1} Σ_{j:y=0} u_i v_j [1(s_i > s_j) + ½·1(s_i = s_j)] / (Σ u_i · Σ v_j)
 * </pre>
 * computed in O(n log n) with cumulative weights per tie group. With unit weights it is the usual
 * AUC; with one weight vector it equals sklearn {@code roc_auc_score(sample_weight=w)}.
 *
 * <p><b>Weighted log-loss</b>: {@code −Σ w_i[y_i ln p_i + (1−y_i) ln(1−p_i)] / Σ w_i}, p clipped to
 * [ε, 1−ε]. With {@code w_i = a_i} for churners and {@code b_i} for non-churners
 * ({@code a = C_FN − C_TP}, {@code b = C_FP − C_TN}) its 0.5 cut-off is the Bayes-minimum-risk
 * cut-off (Elkan 2001; Zadrozny, Langford, Abe 2003).
 */
public final class ValueWeighted {
    private ValueWeighted() {}

    /**
     * Unweighted AUC with ties counted ½; needs both classes.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @return the AUC, in [0, 1]
     */
    public static double auc(int[] y, double[] s) {
        return auc(y, s, null, null);
    }

    /**
     * AUC with each churner-non-churner pair weighted by {@code u_i v_j}; ties count ½.
     *
     * @param u weights of churners (entries of non-churners are ignored); null means 1
     * @param v weights of non-churners (entries of churners are ignored); null means 1
     * @throws IllegalArgumentException on bad input, or when a class has zero total weight
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @return the weighted AUC, in [0, 1]
     */
    public static double auc(int[] y, double[] s, double[] u, double[] v) {
        Checks.labelsAndScores(y, s);
        int n = y.length;
        if (u != null) {
            Checks.sameLength(n, u, "churner weight");
        }
        if (v != null) {
            Checks.sameLength(n, v, "non-churner weight");
        }
        int[] order = ScoreOrder.ascending(s);
        double below = 0; // non-churner weight with strictly lower scores
        double num = 0;
        double totU = 0;
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (i == n - 1 || s[order[i + 1]] != s[order[i]]) {
                double gu = 0;
                double gv = 0;
                for (int t = start; t <= i; t++) {
                    int j = order[t];
                    if (y[j] == 1) {
                        double w = u == null ? 1 : u[j];
                        checkWeight(w, j);
                        gu += w;
                    } else {
                        double w = v == null ? 1 : v[j];
                        checkWeight(w, j);
                        gv += w;
                    }
                }
                num += gu * (below + 0.5 * gv);
                below += gv;
                totU += gu;
                start = i + 1;
            }
        }
        if (!(totU > 0) || !(below > 0)) {
            throw new IllegalArgumentException("AUC needs churners and non-churners with positive total weight");
        }
        return num / totU / below;
    }

    private static void checkWeight(double w, int i) {
        if (!(w >= 0)) {
            throw new IllegalArgumentException("weight of customer " + i + " is " + w + "; expected >= 0");
        }
    }

    /**
     * Weighted log-loss; {@code w == null} gives the usual mean log-loss.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param p predicted churn probabilities, in [0, 1]
     * @param w weight per customer, or {@code null}
     * @return the weighted mean log-loss
     */
    public static double weightedLogLoss(int[] y, double[] p, double[] w) {
        Checks.labelsAndScores(y, p);
        Checks.probabilities(p);
        if (w != null) {
            Checks.sameLength(y.length, w, "weight");
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < y.length; i++) {
            double wi = w == null ? 1 : w[i];
            checkWeight(wi, i);
            double q = Math.min(Math.max(p[i], CostMetrics.EPS), 1 - CostMetrics.EPS);
            num -= wi * (y[i] == 1 ? Math.log(q) : Math.log1p(-q));
            den += wi;
        }
        if (!(den > 0)) {
            throw new IllegalArgumentException("the weights sum to 0");
        }
        return num / den;
    }
}
