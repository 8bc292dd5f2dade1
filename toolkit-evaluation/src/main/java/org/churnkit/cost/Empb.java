package org.churnkit.cost;

/**
 * EMPB, the B2B churn profit of empulse (spec §6.1; Janssens, Bogaert, Bagué, Van den Poel 2022,
 * <i>B2Boost: instance-dependent profit-driven modelling of B2B churn</i>, Annals of Operations
 * Research). Despite the name it is not an expectation over γ: it plugs in γ̄ = α/(α+β).
 *
 * <pre>
 *   profit_k = Σ_{j≤k} [ y_j·(γ̄(1−δ)CLV_j − f) − (1−y_j)(f + δ·CLV_j) ]      (default: f always paid)
 *   profit_k = Σ_{j≤k} [ y_j·γ̄((1−δ)CLV_j − f) − (1−y_j)(f + δ·CLV_j) ]      (empulseCompat)
 *   EMPB = max_k profit_k  (a TOTAL over customers, not per customer),   fraction = k_best / N
 * </pre>
 * in score order, maximised over tie-grouped cutoffs including k = 0 (first argmax). Grouping ties
 * differs from empulse, whose result with ties depends on NumPy's argsort order. Domain: α, β > 0,
 * δ ∈ [0,1], f ≥ 0, finite CLVs.
 */
public final class Empb {
    private Empb() {}

    /**
     * Total profit at the best cutoff and the targeted fraction.
     *
     * @param profit EMPB, the total profit over all customers at the best cutoff, in currency
     * @param fraction fraction targeted at the best cutoff, {@code k_best / N}
     */
    public record Result(double profit, double fraction) {}

    /**
     * EMPB of the scores.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @param clv customer lifetime value per customer, finite
     * @param alpha first shape of the Beta distribution of the acceptance rate, {@code > 0}
     * @param beta second shape of the Beta distribution of the acceptance rate, {@code > 0}
     * @param incentiveFraction δ, the share of CLV given as incentive, in [0, 1]
     * @param contactCost f, the cost of contacting a customer, {@code >= 0}
     * @param empulseCompat true for empulse's formula, where an accepting churner's contact cost is scaled by γ̄
     * @return the maximal total profit and the fraction targeted
     */
    public static Result compute(int[] y, double[] s, double[] clv, double alpha, double beta,
            double incentiveFraction, double contactCost, boolean empulseCompat) {
        double[] unit = unitProfits(y, s, clv, alpha, beta, incentiveFraction, contactCost, empulseCompat);
        int n = y.length;
        int[] order = ScoreOrder.descending(s);
        double cum = 0;
        double best = 0;
        int bestCount = 0;
        for (int i = 0; i < n; i++) {
            cum += unit[order[i]];
            if ((i == n - 1 || s[order[i + 1]] != s[order[i]]) && cum > best) {
                best = cum;
                bestCount = i + 1;
            }
        }
        return new Result(Checks.plusZero(best), bestCount / (double) n);
    }

    /** Each customer's profit contribution when targeted (see the class formula). */
    static double[] unitProfits(int[] y, double[] s, double[] clv, double alpha, double beta,
            double incentiveFraction, double contactCost, boolean empulseCompat) {
        Checks.labelsAndScores(y, s);
        Checks.sameLength(y.length, clv, "CLV");
        Checks.positive(alpha, "alpha");
        Checks.positive(beta, "beta");
        Checks.fraction(incentiveFraction, "incentive fraction");
        Checks.nonNegative(contactCost, "contact cost");
        double g = alpha / (alpha + beta);
        double[] u = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double v = clv[i];
            if (y[i] == 1) {
                u[i] = empulseCompat ? g * ((1 - incentiveFraction) * v - contactCost)
                        : g * (1 - incentiveFraction) * v - contactCost;
            } else {
                u[i] = -(contactCost + incentiveFraction * v);
            }
        }
        return u;
    }
}
