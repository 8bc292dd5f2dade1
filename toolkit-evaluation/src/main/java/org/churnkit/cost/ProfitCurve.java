package org.churnkit.cost;

/**
 * Campaign profit as a function of the targeted fraction (spec §10.1; Neslin et al. 2006,
 * <i>Defection detection</i>, JMR; Verbeke et al. 2012, EJOR 218(1)).
 *
 * <p>Targeting the customers above each tie-grouped score cutoff earns, per customer of the base,
 * <pre>
 *   Π_k = (1/N) Σ_{j≤k} [ y_j(γ(CLV_j − d) − f) − (1−y_j)(d + f) ]  −  A/N
 * </pre>
 * (A: fixed campaign cost, charged only when someone is targeted). Point 0 targets nobody
 * (Π_0 = 0). The optimal fraction is the first argmax. With a constant CLV and A = 0 the maximum is
 * {@link Mpc}'s MP. Domain: γ ∈ [0,1], d, f, A ≥ 0, finite CLVs; one class only is allowed.
 */
public final class ProfitCurve {
    private final double[] fraction;
    private final double[] profit;
    private final int best;

    private ProfitCurve(double[] fraction, double[] profit) {
        this.fraction = fraction;
        this.profit = profit;
        int b = 0;
        for (int k = 1; k < profit.length; k++) {
            if (profit[k] > profit[b]) {
                b = k;
            }
        }
        this.best = b;
    }

    /**
     * Curve with one value at stake for every customer.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @param clv value at stake of every customer, finite
     * @param gamma γ, probability that a targeted churner accepts, in [0, 1]
     * @param d incentive cost, paid when the offer is accepted, {@code >= 0}
     * @param f contact cost per targeted customer, {@code >= 0}
     * @param fixedCost A, fixed campaign cost, {@code >= 0}
     * @return the curve
     */
    public static ProfitCurve churn(int[] y, double[] s, double clv, double gamma, double d, double f, double fixedCost) {
        Checks.labelsAndScores(y, s);
        checkParams(gamma, d, f, fixedCost);
        if (!Double.isFinite(clv)) {
            throw new IllegalArgumentException("CLV must be finite, got " + clv);
        }
        int n = y.length;
        double gain = gamma * (clv - d) - f;
        double loss = d + f;
        // One value for all: only the class counts per distinct score matter (no permutation needed).
        RocCurve roc = RocCurve.build(y, s);
        double[] fr = new double[roc.size()];
        double[] pr = new double[roc.size()];
        for (int k = 1; k < fr.length; k++) {
            long tp = roc.truePositives(k);
            long fp = roc.falsePositives(k);
            fr[k] = (tp + fp) / (double) n;
            pr[k] = (gain * tp - loss * fp - fixedCost) / n;
        }
        return new ProfitCurve(fr, pr);
    }

    /**
     * Curve with each customer's own value at stake.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @param clv value at stake per customer, finite
     * @param gamma γ, probability that a targeted churner accepts, in [0, 1]
     * @param d incentive cost, paid when the offer is accepted, {@code >= 0}
     * @param f contact cost per targeted customer, {@code >= 0}
     * @param fixedCost A, fixed campaign cost, {@code >= 0}
     * @return the curve
     */
    public static ProfitCurve churn(int[] y, double[] s, double[] clv, double gamma, double d, double f, double fixedCost) {
        Checks.labelsAndScores(y, s);
        Checks.sameLength(y.length, clv, "CLV");
        checkParams(gamma, d, f, fixedCost);
        return build(y, s, y.length, j -> y[j] == 1 ? gamma * (clv[j] - d) - f : -(d + f), fixedCost);
    }

    private static void checkParams(double gamma, double d, double f, double fixedCost) {
        Checks.fraction(gamma, "acceptance rate gamma");
        Checks.nonNegative(d, "incentive cost d");
        Checks.nonNegative(f, "contact cost f");
        Checks.nonNegative(fixedCost, "fixed campaign cost");
    }

    private static ProfitCurve build(int[] y, double[] s, int n, java.util.function.IntToDoubleFunction unit, double fixedCost) {
        long[] key = new long[n];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            key[i] = ScoreOrder.descendingKey(s[i]);
            u[i] = unit.applyAsDouble(i);
        }
        ScoreOrder.sortWithPayloads(key, u);
        int groups = 1;
        for (int i = 1; i < n; i++) {
            if (key[i] != key[i - 1]) {
                groups++;
            }
        }
        double[] fr = new double[groups + 1];
        double[] pr = new double[groups + 1];
        int m = 1;
        double cum = 0;
        for (int i = 0; i < n; i++) {
            cum += u[i];
            if (i == n - 1 || key[i + 1] != key[i]) {
                fr[m] = (i + 1) / (double) n;
                pr[m] = (cum - fixedCost) / n;
                m++;
            }
        }
        return new ProfitCurve(fr, pr);
    }

    /**
     * Number of points including "nobody".
     *
     * @return the number of points
     */
    public int size() {
        return profit.length;
    }

    /**
     * Targeted fractions (copy).
     *
     * @return the fraction at each point, from 0
     */
    public double[] fractions() {
        return fraction.clone();
    }

    /**
     * Profit per customer of the base at each point (copy).
     *
     * @return Π_k at each point
     */
    public double[] profits() {
        return profit.clone();
    }

    /**
     * Maximum profit per customer of the base (0 when no campaign pays).
     *
     * @return max Π_k, {@code >= 0}
     */
    public double maxProfit() {
        return Checks.plusZero(profit[best]);
    }

    /**
     * The targeted fraction at the maximum (first argmax).
     *
     * @return the fraction, in [0, 1]
     */
    public double optimalFraction() {
        return fraction[best];
    }
}
