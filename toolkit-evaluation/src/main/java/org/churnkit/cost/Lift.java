package org.churnkit.cost;

/**
 * Top-fraction lift (spec §10.2; empulse {@code lift_score}).
 * <pre>
 *   k = roundHalfEven(N·fraction),   lift = mean(y over the top-k by score) / mean(y)
 * </pre>
 * Half-even rounding as in Python's {@code round}: 221·0.5 = 110.5 gives k = 110. Ties at the
 * cut are broken by input order (stable sort), as documented: a tie group may be split.
 */
public final class Lift {
    private Lift() {}

    /**
     * Lift at a fraction: the churn rate among the top {@code k = roundHalfEven(N·fraction)}
     * customers by score over the base churn rate.
     *
     * @param fraction share of the base, in (0, 1]; k must be at least 1
     * @throws IllegalArgumentException on bad input, no churners, or k = 0
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @return churn rate among the top {@code fraction} by score divided by the overall churn rate
     */
    public static double at(int[] y, double[] s, double fraction) {
        Checks.labelsAndScores(y, s);
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        int n = y.length;
        int k = (int) Math.rint(n * fraction);
        if (k == 0) {
            throw new IllegalArgumentException("fraction " + fraction + " of " + n + " customers rounds to nobody");
        }
        long total = 0;
        for (int v : y) {
            total += v;
        }
        if (total == 0) {
            throw new IllegalArgumentException("lift is undefined without churners");
        }
        int[] order = ScoreOrder.descending(s);
        long top = 0;
        for (int i = 0; i < k; i++) {
            top += y[order[i]];
        }
        return ((double) top / k) / ((double) total / n);
    }
}
