package org.churnkit.cost;

import org.churnkit.ChurnkitException;

/**
 * Area under the expected profit curve, relative to a perfect ordering (AUEPC; spec §6.2; Rahman,
 * Janssens, Bogaert 2025, J. Business Research; empulse {@code auepc_score}).
 *
 * <p>Per-customer profits u_i are those of {@link Empb}. With curves starting at k = 1:
 * <pre>
 *   perfect_k = cumulative u over churners by CLV descending, then non-churners by CLV ascending
 *   model_k   = cumulative u in score order
 *   stop      = first k (0-based) with perfect_k &lt; 0, else N
 *   AUEPC     = Σ_{k=0}^{stop−2} (r_k + r_{k+1})/2 · (1/N),   r_k = model_k/perfect_k
 *   normalised: AUEPC / ((stop − 1)/N)
 * </pre>
 * Ties in score are grouped: within a group the model curve is interpolated linearly (the
 * expectation over all orders of the tied customers), so the result never depends on sort order.
 * Throws {@link ChurnkitException} when {@code stop ≤ 1} (the area is undefined) or a perfect
 * cumulative profit is 0 inside the range (the ratio is undefined).
 */
public final class Auepc {
    private Auepc() {}

    /**
     * AUEPC of the scores.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @param clv customer lifetime value per customer, finite
     * @param alpha first shape of the Beta distribution of the acceptance rate, {@code > 0}
     * @param beta second shape of the Beta distribution of the acceptance rate, {@code > 0}
     * @param incentiveFraction δ, the share of CLV given as incentive, in [0, 1]
     * @param contactCost f, the cost of contacting a customer, {@code >= 0}
     * @param normalize whether to divide by the width {@code (stop - 1)/N} of the range
     * @param empulseCompat true for empulse's per-customer profits (see {@link Empb})
     * @return the area (normalised when asked)
     */
    public static double compute(int[] y, double[] s, double[] clv, double alpha, double beta,
            double incentiveFraction, double contactCost, boolean normalize, boolean empulseCompat) {
        double[] u = Empb.unitProfits(y, s, clv, alpha, beta, incentiveFraction, contactCost, empulseCompat);
        int n = y.length;
        // Perfect order: churners first by CLV descending, then non-churners by CLV ascending.
        double[] key = new double[n];
        for (int i = 0; i < n; i++) {
            key[i] = y[i] == 1 ? clv[i] : -clv[i];
        }
        int[] perfOrder = ScoreOrder.descending(key);
        int[] byClass = new int[n];
        int p = 0;
        for (int i : perfOrder) {
            if (y[i] == 1) {
                byClass[p++] = i;
            }
        }
        for (int i : perfOrder) {
            if (y[i] == 0) {
                byClass[p++] = i;
            }
        }
        double[] perfect = new double[n];
        double cum = 0;
        int stop = n;
        for (int k = 0; k < n; k++) {
            cum += u[byClass[k]];
            perfect[k] = cum;
            if (cum < 0 && stop == n) {
                stop = k;
            }
        }
        if (stop <= 1) {
            throw new ChurnkitException("AUEPC is undefined: the perfect expected profit curve is negative from its "
                    + (stop == 0 ? "first" : "second") + " customer on");
        }
        int[] order = ScoreOrder.descending(s);
        double[] model = new double[n];
        cum = 0;
        int groupStart = 0;
        for (int i = 0; i < n; i++) {
            if (i == n - 1 || s[order[i + 1]] != s[order[i]]) {
                double groupSum = 0;
                for (int t = groupStart; t <= i; t++) {
                    groupSum += u[order[t]];
                }
                double mean = groupSum / (i - groupStart + 1);
                for (int t = groupStart; t <= i; t++) {
                    cum += mean;
                    model[t] = cum;
                }
                groupStart = i + 1;
            }
        }
        double area = 0;
        double prev = ratio(model, perfect, 0);
        for (int k = 1; k < stop; k++) {
            double r = ratio(model, perfect, k);
            area += (prev + r) / 2;
            prev = r;
        }
        area /= n;
        return normalize ? area / ((stop - 1) / (double) n) : area;
    }

    private static double ratio(double[] model, double[] perfect, int k) {
        if (perfect[k] == 0) {
            throw new ChurnkitException("AUEPC is undefined: the perfect cumulative profit after " + (k + 1)
                    + " customers is 0");
        }
        return model[k] / perfect[k];
    }
}
