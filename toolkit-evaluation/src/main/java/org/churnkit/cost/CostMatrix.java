package org.churnkit.cost;

import java.util.Arrays;

/**
 * Example-dependent cost matrix (spec §7; Bahnsen et al. 2014/2015; Höppner et al. 2022, EJOR 297(1)).
 * Costs are positive, benefits negative:
 * <pre>
 *                 y = 1     y = 0
 *   predict 1     C_TP,i    C_FP,i
 *   predict 0     C_FN,i    C_TN,i
 * </pre>
 * Immutable; every entry is finite (checked at construction).
 */
public final class CostMatrix {
    private final double[] tp;
    private final double[] fp;
    private final double[] tn;
    private final double[] fn;

    private CostMatrix(double[] tp, double[] fp, double[] tn, double[] fn) {
        int n = tp.length;
        Checks.sameLength(n, fp, "C_FP");
        Checks.sameLength(n, tn, "C_TN");
        Checks.sameLength(n, fn, "C_FN");
        Checks.finite(tp, "C_TP");
        this.tp = tp;
        this.fp = fp;
        this.tn = tn;
        this.fn = fn;
    }

    /**
     * The same scalar costs for each of n customers.
     *
     * @param n number of customers, {@code >= 0}
     * @param tp cost of a true positive (churner targeted)
     * @param fp cost of a false positive (non-churner targeted)
     * @param tn cost of a true negative
     * @param fn cost of a false negative (churner missed)
     * @return the cost matrix
     */
    public static CostMatrix of(int n, double tp, double fp, double tn, double fn) {
        return new CostMatrix(fill(n, tp), fill(n, fp), fill(n, tn), fill(n, fn));
    }

    /**
     * Per-customer costs (arrays are copied); all four arrays have the same length.
     *
     * @param tp cost of a true positive per customer
     * @param fp cost of a false positive per customer
     * @param tn cost of a true negative per customer
     * @param fn cost of a false negative per customer
     * @return the cost matrix
     */
    public static CostMatrix of(double[] tp, double[] fp, double[] tn, double[] fn) {
        return new CostMatrix(tp.clone(), fp.clone(), tn.clone(), fn.clone());
    }

    /**
     * Verbraken / B2Boost churn framing (spec §8.1): profit relative to doing nothing.
     * <pre>
     *   C_TP,i = f − γ(1−δ)CLV_i,   C_FP,i = δ·CLV_i + f,   C_FN,i = C_TN,i = 0
     * </pre>
     * @param gamma acceptance rate of a contacted churner, in [0,1]
     * @param clv value at stake per customer
     * @param delta incentive as a fraction of CLV, in [0,1]
     * @param f contact cost (≥ 0)
     * @return the cost matrix
     */
    public static CostMatrix churnVerbraken(double gamma, double[] clv, double delta, double f) {
        Checks.fraction(gamma, "acceptance rate gamma");
        Checks.fraction(delta, "incentive fraction delta");
        Checks.nonNegative(f, "contact cost f");
        Checks.finite(clv, "CLV");
        int n = clv.length;
        double[] tp = new double[n];
        double[] fp = new double[n];
        for (int i = 0; i < n; i++) {
            tp[i] = f - gamma * (1 - delta) * clv[i];
            fp[i] = delta * clv[i] + f;
        }
        return new CostMatrix(tp, fp, new double[n], new double[n]);
    }

    /**
     * Verbraken framing with an absolute incentive d_i instead of a fraction:
     * {@code C_TP,i = f + γ(d_i − CLV_i)}, {@code C_FP,i = d_i + f}, {@code C_FN = C_TN = 0}.
     *
     * @param gamma acceptance rate of a contacted churner, in [0,1]
     * @param clv value at stake per customer
     * @param d incentive per customer, in currency (≥ 0)
     * @param f contact cost (≥ 0)
     * @return the cost matrix
     */
    public static CostMatrix churnVerbrakenAbsolute(double gamma, double[] clv, double[] d, double f) {
        Checks.fraction(gamma, "acceptance rate gamma");
        Checks.nonNegative(f, "contact cost f");
        Checks.finite(clv, "CLV");
        Checks.sameLength(clv.length, d, "incentive d");
        int n = clv.length;
        double[] tp = new double[n];
        double[] fp = new double[n];
        for (int i = 0; i < n; i++) {
            tp[i] = f + gamma * (d[i] - clv[i]);
            fp[i] = d[i] + f;
        }
        return new CostMatrix(tp, fp, new double[n], new double[n]);
    }

    /**
     * Bahnsen, Aouada, Ottersten (2015) churn framing (spec §8.2): loss relative to retaining
     * everyone.
     * <pre>
     *   C_TP,i = γ_i·d_i + (1−γ_i)(CLV_i + c_i),   C_FP,i = d_i + c_i,   C_FN,i = CLV_i,   C_TN,i = 0
     * </pre>
     * Savings computed in this framing are not comparable with the Verbraken framing (the baseline
     * differs); report the framing with every savings figure.
     *
     * @param gamma acceptance rate per customer, in [0,1]
     * @param clv value at stake per customer
     * @param d incentive per customer (≥ 0)
     * @param c contact cost per customer (≥ 0)
     * @return the cost matrix
     */
    public static CostMatrix churnBahnsen(double[] gamma, double[] clv, double[] d, double[] c) {
        Checks.finite(clv, "CLV");
        int n = clv.length;
        Checks.sameLength(n, gamma, "acceptance rate gamma");
        Checks.sameLength(n, d, "incentive d");
        Checks.sameLength(n, c, "contact cost c");
        double[] tp = new double[n];
        double[] fp = new double[n];
        for (int i = 0; i < n; i++) {
            Checks.fraction(gamma[i], "acceptance rate of customer " + i);
            tp[i] = gamma[i] * d[i] + (1 - gamma[i]) * (clv[i] + c[i]);
            fp[i] = d[i] + c[i];
        }
        return new CostMatrix(tp, fp, new double[n], clv.clone());
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /**
     * Number of customers.
     *
     * @return the number of rows
     */
    public int size() {
        return tp.length;
    }

    /**
     * Cost of a true positive for customer i.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return C_TP,i
     */
    public double tp(int i) {
        return tp[i];
    }

    /**
     * Cost of a false positive for customer i.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return C_FP,i
     */
    public double fp(int i) {
        return fp[i];
    }

    /**
     * Cost of a true negative for customer i.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return C_TN,i
     */
    public double tn(int i) {
        return tn[i];
    }

    /**
     * Cost of a false negative for customer i.
     *
     * @param i customer index, {@code 0 <= i < size()}
     * @return C_FN,i
     */
    public double fn(int i) {
        return fn[i];
    }
}
