package org.churnkit.cost;

/**
 * Maximum Profit for churn at a fixed acceptance rate γ (MP / MPC; spec §3; Verbeke et al. 2012,
 * EJOR 218(1); Neslin et al. 2006 campaign profit with no fixed cost).
 *
 * <pre>
 *   P(t; γ) = b·π0F0(t) − c·π1F1(t),   b = γ(CLV−d) − f,   c = d + f
 *   MP      = max_t P(t; γ),           fraction = π0F0(t*) + π1F1(t*)
 * </pre>
 * evaluated at every tie-grouped ROC point including (0,0) (profit 0, fraction 0); the first argmax
 * (smallest fraction) wins ties. Per customer of the base. Domain: γ ∈ [0,1], CLV > d ≥ 0, f ≥ 0,
 * both classes present.
 */
public final class Mpc {
    private Mpc() {}

    /**
     * Maximum profit per customer and the targeted fraction that attains it.
     *
     * @param mp maximum profit per customer of the base, in currency
     * @param fraction fraction of the base targeted at the maximum, in [0, 1]
     */
    public record Result(double mp, double fraction) {}

    /**
     * Maximum profit over the tie-grouped ROC points of the scores.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @param gamma probability that a targeted churner accepts the offer, in [0, 1]
     * @param clv customer lifetime value, {@code > d}
     * @param d cost of the incentive to a customer who accepts, {@code >= 0}
     * @param f cost of contacting a customer, {@code >= 0}
     * @return the maximum profit per customer and the fraction targeted
     */
    public static Result compute(int[] y, double[] s, double gamma, double clv, double d, double f) {
        Checks.fraction(gamma, "acceptance rate gamma");
        Empc.checkCosts(clv, d, f);
        return fromRoc(RocCurve.tieGrouped(y, s), gamma, clv, d, f);
    }

    static Result fromRoc(RocCurve roc, double gamma, double clv, double d, double f) {
        double n = roc.positives() + roc.negatives();
        double b = gamma * (clv - d) - f;
        double c = d + f;
        double best = 0;
        int bestK = 0;
        for (int k = 1; k < roc.size(); k++) {
            double p = (b * roc.truePositives(k) - c * roc.falsePositives(k)) / n;
            if (p > best) {
                best = p;
                bestK = k;
            }
        }
        double frac = (roc.truePositives(bestK) + roc.falsePositives(bestK)) / n;
        return new Result(Checks.plusZero(best), frac);
    }
}
