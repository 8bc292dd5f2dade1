package org.churnkit.cost.testing;

import org.churnkit.cost.ProfitCurve;
import org.churnkit.cost.Targeting;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * A simple seeded customer base with heterogeneous value and churn propensity (test data only; a
 * later integration will use the BTYD simulators). Value at stake V ~ LogNormal(4, 1) (median 55,
 * long right tail); engagement e ~ N(0, 1); churn logit = −0.6 − 1.2e − 0.9(ln V − 4): low-value,
 * disengaged customers churn most, as in most customer bases. Features seen by the models: a noisy
 * engagement e + N(0, 0.5²), ln V, and one pure-noise column.
 */
public final class ChurnSimulation {
    public final double[][] x;
    public final int[] y;
    public final double[] value;

    private ChurnSimulation(double[][] x, int[] y, double[] value) {
        this.x = x;
        this.y = y;
        this.value = value;
    }

    public static ChurnSimulation generate(UniformRandomProvider rng, int n) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] x = new double[n][];
        int[] y = new int[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double logV = 4 + normal.sample();
            double e = normal.sample();
            double logit = -0.6 - 1.2 * e - 0.9 * (logV - 4);
            y[i] = rng.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            v[i] = Math.exp(logV);
            x[i] = new double[] {e + 0.5 * normal.sample(), logV, normal.sample()};
        }
        return new ChurnSimulation(x, y, v);
    }

    /** Realised profit of contacting the given customers (expected over acceptance only). */
    public static double realisedProfit(int[] y, double[] value, boolean[] contacted, Targeting.Offer o) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            if (contacted[i]) {
                sum += y[i] == 1 ? o.acceptance() * (value[i] - o.incentive()) - o.contactCost()
                        : -(o.nonChurnerAcceptance() * o.incentive() + o.contactCost());
            }
        }
        return sum;
    }

    /**
     * The best list size for a ranking, chosen on training data: the fraction of the base whose
     * top-scored customers earn the most there. Both strategies get the same, fair treatment.
     */
    public static double bestFraction(int[] y, double[] value, double[] score, Targeting.Offer o) {
        ProfitCurve curve = ProfitCurve.churn(y, score, value, o.acceptance(), o.incentive(), o.contactCost(), 0);
        return curve.optimalFraction();
    }

    /** Contacts the top {@code fraction} of customers by score. */
    public static boolean[] top(double[] score, double fraction) {
        // highest score first, ties in customer order (a stable sort), as the library's rankings
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        boolean[] c = new boolean[score.length];
        int k = (int) Math.round(fraction * score.length);
        for (int r = 0; r < k; r++) {
            c[order[r]] = true;
        }
        return c;
    }
}
