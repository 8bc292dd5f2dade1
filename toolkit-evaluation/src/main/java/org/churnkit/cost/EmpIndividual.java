package org.churnkit.cost;

/**
 * Expected Maximum Profit with individual customer values (EMP_ind; spec §5, an exact algorithm
 * for the setting of Óskarsdóttir, Baesens, Vanthienen 2018, <i>Profit-Based Model Selection for
 * Customer Retention Using Individual Customer Lifetime Values</i>, Big Data 6(1)).
 *
 * <p>Customers are ordered by score descending; ties are grouped. For every tie-grouped cutoff k
 * (k = 0: nobody) with {@code d_j = d + incentiveFraction·CLV_j}:
 * <pre>
 *   A_k = Σ_{j≤k} y_j(CLV_j − d_j)                        (value saved per unit of γ)
 *   B_k = Σ_{j≤k} [y_j·f + (1−y_j)(ψ·d_j + f)]             (cost, independent of γ)
 *   P_k(γ) = γ·A_k − B_k
 * </pre>
 * The upper envelope of these lines over γ ∈ [0,1] is integrated against the Beta(α, β) density:
 * <pre>
 *   EMP_ind = (1/N) Σ_j A_j·α/(α+β)·ΔI_j(α+1,β) − B_j·ΔI_j(α,β)
 *   EMPfrac = Σ_j frac_j·ΔI_j(α,β)
 *   MP      = max_k (γ̄A_k − B_k)/N  at γ̄ = α/(α+β), first argmax
 * </pre>
 * With a constant CLV it equals {@link Empc}. ψ is the probability that a non-churner accepts the
 * offer (Verbraken's model: ψ = 1). Domain: α, β > 0; finite CLVs; d, incentiveFraction, f ≥ 0;
 * ψ ∈ [0,1]. One class only is allowed (the metric does not divide by class counts).
 */
public final class EmpIndividual {
    private EmpIndividual() {}

    /**
     * EMP per customer, its expected targeted fraction, MP at γ̄ and its fraction.
     *
     * @param emp EMP_ind, expected profit per customer of the base
     * @param empFraction expected fraction targeted
     * @param mp MP at γ̄, profit per customer
     * @param mpFraction fraction targeted at MP
     */
    public record Result(double emp, double empFraction, double mp, double mpFraction) {}

    /**
     * ψ = 1 (non-churners always take the offer).
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @param clv customer lifetime value per customer, finite
     * @param alpha first shape of the Beta distribution of the acceptance rate γ, {@code > 0}
     * @param beta second shape of the Beta distribution of γ, {@code > 0}
     * @param d fixed incentive cost per contacted customer who accepts, {@code >= 0}
     * @param incentiveFraction incentive as a share of CLV, added to {@code d}, {@code >= 0}
     * @param f contact cost, {@code >= 0}
     * @return EMP_ind and MP
     */
    public static Result compute(int[] y, double[] s, double[] clv, double alpha, double beta,
            double d, double incentiveFraction, double f) {
        return compute(y, s, clv, alpha, beta, d, incentiveFraction, f, 1.0);
    }

    /**
     * EMP_ind with a given non-churner acceptance probability.
     *
     * @param y labels, 1 for a churner and 0 otherwise
     * @param s scores, higher meaning more likely to churn; finite
     * @param clv customer lifetime value per customer, finite
     * @param alpha first shape of the Beta distribution of the acceptance rate γ, {@code > 0}
     * @param beta second shape of the Beta distribution of γ, {@code > 0}
     * @param d fixed incentive cost per contacted customer who accepts, {@code >= 0}
     * @param incentiveFraction incentive as a share of CLV, added to {@code d}, {@code >= 0}
     * @param f contact cost, {@code >= 0}
     * @param psi ψ, probability that a contacted non-churner accepts, in [0, 1]
     * @return EMP_ind and MP
     */
    public static Result compute(int[] y, double[] s, double[] clv, double alpha, double beta,
            double d, double incentiveFraction, double f, double psi) {
        Checks.labelsAndScores(y, s);
        Checks.sameLength(y.length, clv, "CLV");
        Checks.positive(alpha, "alpha");
        Checks.positive(beta, "beta");
        Checks.nonNegative(d, "incentive cost d");
        Checks.nonNegative(incentiveFraction, "incentive fraction");
        Checks.nonNegative(f, "contact cost f");
        Checks.fraction(psi, "non-churner acceptance psi");
        int n = y.length;
        // Each customer's contribution to A (value saved per unit γ) and B (cost), sorted with the scores.
        long[] key = new long[n];
        double[] ua = new double[n];
        double[] ub = new double[n];
        for (int j = 0; j < n; j++) {
            key[j] = ScoreOrder.descendingKey(s[j]);
            double dj = d + incentiveFraction * clv[j];
            if (y[j] == 1) {
                ua[j] = clv[j] - dj;
                ub[j] = f;
            } else {
                ub[j] = psi * dj + f;
            }
        }
        ScoreOrder.sortWithPayloads(key, ua, ub);
        // Lines at the tie-grouped cutoffs.
        double[] a = new double[n + 1];
        double[] b = new double[n + 1];
        double[] frac = new double[n + 1];
        int m = 1;
        double ca = 0;
        double cb = 0;
        for (int i = 0; i < n; i++) {
            ca += ua[i];
            cb += ub[i];
            if (i == n - 1 || key[i + 1] != key[i]) {
                a[m] = ca;
                b[m] = cb;
                frac[m] = (i + 1) / (double) n;
                m++;
            }
        }
        double meanGamma = alpha / (alpha + beta);
        double bestMp = 0;
        int bestK = 0;
        for (int k = 1; k < m; k++) {
            double p = meanGamma * a[k] - b[k];
            if (p > bestMp) {
                bestMp = p;
                bestK = k;
            }
        }
        Envelope env = Envelope.upper(java.util.Arrays.copyOf(a, m), java.util.Arrays.copyOf(b, m));
        double emp = 0;
        double empFrac = 0;
        for (int j = 0; j < env.lines.length; j++) {
            double lo = Math.max(0, env.from[j]);
            double hi = Math.min(1, env.to[j]);
            if (!(hi > lo)) {
                continue;
            }
            int k = env.lines[j];
            double dI = Empc.ibeta(hi, alpha, beta) - Empc.ibeta(lo, alpha, beta);
            double dIPlus = Empc.ibeta(hi, alpha + 1, beta) - Empc.ibeta(lo, alpha + 1, beta);
            emp += a[k] * meanGamma * dIPlus - b[k] * dI;
            empFrac += frac[k] * dI;
        }
        return new Result(Checks.plusZero(emp / n), Checks.plusZero(empFrac),
                Checks.plusZero(bestMp / n), frac[bestK]);
    }

    /** Upper envelope of lines γ·A_k − B_k over the real line (convex-hull trick). */
    static final class Envelope {
        final int[] lines;
        final double[] from;
        final double[] to;

        private Envelope(int[] lines, double[] from, double[] to) {
            this.lines = lines;
            this.from = from;
            this.to = to;
        }

        static Envelope upper(double[] a, double[] b) {
            int m = a.length;
            int[] idx = new int[m];
            for (int i = 0; i < m; i++) {
                idx[i] = i;
            }
            // Slope ascending, then intercept cost B ascending, then k ascending (both sorts stable).
            ScoreOrder.sort(b, idx, false);
            ScoreOrder.sort(a, idx, false);
            int[] h = new int[m];
            double[] start = new double[m];
            int top = 0;
            for (int t = 0; t < m; t++) {
                int k = idx[t];
                if (top > 0 && a[h[top - 1]] == a[k]) {
                    continue; // equal slope: the first one has the smallest cost and dominates
                }
                double x = Double.NEGATIVE_INFINITY;
                while (top > 0) {
                    int last = h[top - 1];
                    x = (b[k] - b[last]) / (a[k] - a[last]);
                    if (top >= 2 && x <= start[top - 1]) {
                        top--; // the last line is never strictly above both neighbours
                    } else {
                        break;
                    }
                }
                start[top] = top == 0 ? Double.NEGATIVE_INFINITY : x;
                h[top++] = k;
            }
            int[] lines = java.util.Arrays.copyOf(h, top);
            double[] from = java.util.Arrays.copyOf(start, top);
            double[] to = new double[top];
            for (int j = 0; j < top; j++) {
                to[j] = j + 1 < top ? start[j + 1] : Double.POSITIVE_INFINITY;
            }
            return new Envelope(lines, from, to);
        }
    }
}
