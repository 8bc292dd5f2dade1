package org.churnkit.cost;

import org.apache.commons.numbers.gamma.RegularizedBeta;

/**
 * Expected Maximum Profit for customer churn (EMPC) and the Maximum Profit at the mean acceptance
 * rate, computed exactly from the ROC convex hull (spec §4; Verbraken, Verbeke, Baesens 2013,
 * <i>A Novel Profit Maximizing Metric for Measuring Classification Performance of Customer Churn
 * Prediction Models</i>, IEEE TKDE 25(5):961–973).
 *
 * <p>With {@code δ = d/CLV}, {@code φ = f/CLV}, churn prior {@code π0 = N1/N}, {@code π1 = N0/N}
 * and the hull vertices {@code (F1_k, F0_k)}, the acceptance rate at which the optimum moves from
 * vertex k to k+1 is
 * <pre>
 *   g_{k+1} = [π1(δ+φ)(F1_{k+1}−F1_k) + π0φ(F0_{k+1}−F0_k)] / [π0(1−δ)(F0_{k+1}−F0_k)]
 * </pre>
 * Keeping the bounds below 1 and appending 1 gives {@code 0 = g_0 < … < g_K = 1}; with
 * {@code ΔI_i = I_{g_{i+1}}(α,β) − I_{g_i}(α,β)} and ΔI⁺ the same with {@code α+1}:
 * <pre>
 *   EMPC    = Σ_i CLV(1−δ)π0F0_i·α/(α+β)·ΔI⁺_i − CLV(φπ0F0_i + (δ+φ)π1F1_i)·ΔI_i
 *   EMPfrac = Σ_i ΔI_i·(π0F0_i + π1F1_i)          (expected fraction targeted)
 *   MP      = CLV[(γ̄(1−δ)−φ)π0F0_{i*} − (δ+φ)π1F1_{i*}],  i* = max{i : g_i &lt; γ̄},  γ̄ = α/(α+β)
 * </pre>
 * EMPC is in currency per customer of the base. Domain: α, β > 0, CLV > d ≥ 0, f ≥ 0; both
 * classes present; finite scores. Ties are grouped. NaN never leaves: invalid input throws.
 */
public final class Empc {
    private Empc() {}

    /**
     * EMPC with its expected targeted fraction, and MP at γ̄ = α/(α+β) with its fraction.
     *
     * @param emp EMPC, expected profit per customer of the base
     * @param empFraction expected fraction targeted
     * @param mp MP at γ̄, maximum profit per customer
     * @param mpFraction fraction targeted at MP
     */
    public record Result(double emp, double empFraction, double mp, double mpFraction) {}

    /**
     * EMPC with the defaults of R EMP / empulse: α = 6, β = 14, CLV = 200, d = 10, f = 1.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @return EMPC and MP
     */
    public static Result compute(int[] y, double[] s) {
        return compute(y, s, 6, 14, 200, 10, 1);
    }

    /**
     * EMPC with the given acceptance distribution and costs.
     *
     * @param alpha Beta shape α of the acceptance rate γ (> 0)
     * @param beta Beta shape β (> 0)
     * @param clv value of a retained churner (> d)
     * @param d incentive cost (≥ 0), paid when the offer is accepted
     * @param f contact cost (≥ 0), paid for every contacted customer
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @return EMPC and MP
     */
    public static Result compute(int[] y, double[] s, double alpha, double beta, double clv, double d, double f) {
        Checks.positive(alpha, "alpha");
        Checks.positive(beta, "beta");
        checkCosts(clv, d, f);
        RocCurve roc = RocCurve.tieGrouped(y, s);
        return fromHull(RocConvexHull.of(roc), roc.positives(), roc.negatives(), alpha, beta, clv, d, f);
    }

    static void checkCosts(double clv, double d, double f) {
        Checks.nonNegative(d, "incentive cost d");
        Checks.nonNegative(f, "contact cost f");
        if (!(clv > d) || !Double.isFinite(clv)) {
            throw new IllegalArgumentException("CLV must be finite and greater than the incentive cost d (" + d + "), got " + clv);
        }
    }

    static Result fromHull(RocConvexHull hull, long n1, long n0, double alpha, double beta, double clv, double d, double f) {
        double n = n1 + n0;
        double pi0 = n1 / n;
        double pi1 = n0 / n;
        double delta = d / clv;
        double phi = f / clv;
        int m = hull.size();
        double[] g = new double[m + 1];
        int kept = 1; // g_0 = 0
        for (int k = 0; k + 1 < m; k++) {
            double dF0 = hull.f0(k + 1) - hull.f0(k);
            double dF1 = hull.f1(k + 1) - hull.f1(k);
            double gk = (pi1 * (delta + phi) * dF1 + pi0 * phi * dF0) / (pi0 * (1 - delta) * dF0);
            // NaN (0/0) and +Inf fail "< 1" and are dropped, as in R and NumPy; the bounds increase
            // along a concave hull, so this keeps a prefix.
            if (gk < 1) {
                g[kept++] = gk;
            }
        }
        g[kept++] = 1;
        double meanGamma = alpha / (alpha + beta);
        double emp = 0;
        double frac = 0;
        double lower = 0;
        double lowerPlus = 0;
        int iStar = 0;
        for (int i = 0; i + 1 < kept; i++) {
            double upper = ibeta(g[i + 1], alpha, beta);
            double upperPlus = ibeta(g[i + 1], alpha + 1, beta);
            double dI = upper - lower;
            double dIPlus = upperPlus - lowerPlus;
            double f0 = hull.f0(i);
            double f1 = hull.f1(i);
            emp += clv * (1 - delta) * pi0 * f0 * meanGamma * dIPlus
                    - clv * (phi * pi0 * f0 + (delta + phi) * pi1 * f1) * dI;
            frac += dI * (pi0 * f0 + pi1 * f1);
            if (g[i] < meanGamma) {
                iStar = i;
            }
            lower = upper;
            lowerPlus = upperPlus;
        }
        double f0 = hull.f0(iStar);
        double f1 = hull.f1(iStar);
        double mp = clv * ((meanGamma * (1 - delta) - phi) * pi0 * f0 - (delta + phi) * pi1 * f1);
        double mpFrac = pi0 * f0 + pi1 * f1;
        return new Result(Checks.plusZero(emp), Checks.plusZero(frac), Checks.plusZero(mp), Checks.plusZero(mpFrac));
    }

    /** Regularized incomplete Beta I_x(a, b), exact at the end points. */
    static double ibeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        return RegularizedBeta.value(x, a, b);
    }
}
