package org.churnkit.cost;

import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * Slow, obviously-correct reference for the profit metrics, written from the definitions and not
 * from the fast algorithms: for every distinct score t (and "nobody"), target everybody with
 * s ≥ t, count what that campaign earns as a line in γ, and integrate the pointwise maximum over γ
 * against the Beta(α, β) density with the composite midpoint rule.
 */
final class BruteForceProfit {
    private BruteForceProfit() {}

    /** Midpoint nodes on [0, 1]: the error is O(h²) and telescopes for α, β ≥ 2 (density 0 at the ends). */
    static final int NODES = 200_000;

    record Result(double emp, double empFraction, double mp, double mpFraction) {}

    /** Lines γ·A − B (totals) for "nobody" and every distinct score threshold, in threshold order. */
    static double[][] lines(int[] y, double[] s, double[] clv, double d, double incentiveFraction, double f) {
        int n = y.length;
        double[] thresholds = java.util.Arrays.stream(s).distinct().sorted().toArray();
        double[][] out = new double[thresholds.length + 1][3]; // A, B, fraction
        for (int t = 0; t < thresholds.length; t++) {
            double thr = thresholds[thresholds.length - 1 - t]; // descending: fewer customers first
            double a = 0;
            double b = 0;
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (s[i] >= thr) {
                    double di = d + incentiveFraction * clv[i];
                    count++;
                    if (y[i] == 1) {
                        a += clv[i] - di;
                        b += f;
                    } else {
                        b += di + f;
                    }
                }
            }
            out[t + 1] = new double[] {a, b, count / (double) n};
        }
        return out;
    }

    static Result compute(int[] y, double[] s, double[] clv, double alpha, double beta, double d,
            double incentiveFraction, double f) {
        int n = y.length;
        double[][] lines = lines(y, s, clv, d, incentiveFraction, f);
        BetaDistribution dist = BetaDistribution.of(alpha, beta);
        double h = 1.0 / NODES;
        double emp = 0;
        for (int q = 0; q < NODES; q++) {
            double g = (q + 0.5) * h;
            double[] best = lines[argmax(lines, g)];
            emp += (g * best[0] - best[1]) * dist.density(g) * h;
        }
        // The targeted fraction is a step function of γ, so the midpoint rule would only be O(h)
        // accurate: instead, locate every switch of the best campaign by bisection and weight each
        // piece by the exact Beta probability of its γ interval.
        double frac = 0;
        double left = 0;
        int cur = argmax(lines, 0);
        for (int q = 1; q <= NODES; q++) {
            double right = q * h;
            int next = argmax(lines, right);
            while (next != cur) {
                double lo = left;
                double hi = right;
                for (int it = 0; it < 100 && hi - lo > 1e-17; it++) {
                    double mid = 0.5 * (lo + hi);
                    if (argmax(lines, mid) == cur) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                frac += lines[cur][2] * (dist.cumulativeProbability(hi) - dist.cumulativeProbability(left));
                left = hi;
                cur = argmax(lines, hi);
            }
        }
        frac += lines[cur][2] * (1 - dist.cumulativeProbability(left));
        double mean = alpha / (alpha + beta);
        double mp = Double.NEGATIVE_INFINITY;
        double mpFrac = 0;
        for (double[] l : lines) {
            double v = mean * l[0] - l[1];
            if (v > mp) {
                mp = v;
                mpFrac = l[2];
            }
        }
        return new Result(emp / n, frac, mp / n, mpFrac);
    }

    /** Index of the first best line at γ. */
    static int argmax(double[][] lines, double g) {
        int best = 0;
        for (int k = 1; k < lines.length; k++) {
            if (g * lines[k][0] - lines[k][1] > g * lines[best][0] - lines[best][1]) {
                best = k;
            }
        }
        return best;
    }

    /** Best fixed-γ profit per customer over all thresholds (MPC), first maximum. */
    static double[] mpc(int[] y, double[] s, double gamma, double clv, double d, double f) {
        double[] c = new double[y.length];
        java.util.Arrays.fill(c, clv);
        double[][] lines = lines(y, s, c, d, 0, f);
        double best = Double.NEGATIVE_INFINITY;
        double frac = 0;
        for (double[] l : lines) {
            double v = (gamma * l[0] - l[1]) / y.length;
            if (v > best) {
                best = v;
                frac = l[2];
            }
        }
        return new double[] {best, frac};
    }
}
