package org.churnkit.labels;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Synthetic labelled tables with known true labels and injected flips: four standard normal
 * features, true label 1{2.5 x1 − 2 x2 + 1.5 x3 − 0.8 + ε > 0} with ε ~ N(0, 0.5²) (about 37 %
 * ones), the fourth feature pure noise. Flips are exact counts, so the true noise rate is known.
 */
final class NoisyLabels {
    /** How flips are chosen. */
    enum Pattern {
        /** round(rate·n) rows chosen uniformly at random. */
        UNIFORM,
        /** Rows labelled 1 flipped at 1.6·rate, rows labelled 0 at the rate that makes the total rate·n. */
        CLASS_CONDITIONAL
    }

    final double[][] x;
    final int[] truth;
    final int[] given;
    final boolean[] flipped;

    private NoisyLabels(double[][] x, int[] truth, int[] given, boolean[] flipped) {
        this.x = x;
        this.truth = truth;
        this.given = given;
        this.flipped = flipped;
    }

    static NoisyLabels of(int n, double rate, Pattern pattern, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        java.util.function.DoubleSupplier g = () -> gaussian(rng);
        double[][] x = new double[n][4];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = g.getAsDouble();
            }
            double eta = 2.5 * x[i][0] - 2 * x[i][1] + 1.5 * x[i][2] - 0.8 + 0.5 * g.getAsDouble();
            truth[i] = eta > 0 ? 1 : 0;
        }
        boolean[] flipped = new boolean[n];
        int total = (int) Math.round(rate * n);
        if (pattern == Pattern.UNIFORM) {
            flip(rng, truth, -1, total, flipped);
        } else {
            int ones = 0;
            for (int t : truth) {
                ones += t;
            }
            int k1 = (int) Math.round(Math.min(0.45, 1.6 * rate) * ones);
            flip(rng, truth, 1, k1, flipped);
            flip(rng, truth, 0, total - k1, flipped);
        }
        int[] given = truth.clone();
        for (int i = 0; i < n; i++) {
            if (flipped[i]) {
                given[i] = 1 - given[i];
            }
        }
        return new NoisyLabels(x, truth, given, flipped);
    }

    /** Flips k rows of class c (−1: any), chosen by a partial Fisher–Yates shuffle. */
    private static void flip(UniformRandomProvider rng, int[] truth, int c, int k, boolean[] flipped) {
        int[] idx = java.util.stream.IntStream.range(0, truth.length).filter(i -> c < 0 || truth[i] == c).toArray();
        for (int r = 0; r < k; r++) {
            int j = r + rng.nextInt(idx.length - r);
            int t = idx[r];
            idx[r] = idx[j];
            idx[j] = t;
            flipped[idx[r]] = true;
        }
    }

    /** A standard normal draw (Box–Muller). */
    static double gaussian(UniformRandomProvider rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Share of rows with given label c that were flipped. */
    double trueNoiseRate(int c) {
        int n = 0;
        int f = 0;
        for (int i = 0; i < given.length; i++) {
            if (given[i] == c) {
                n++;
                f += flipped[i] ? 1 : 0;
            }
        }
        return (double) f / n;
    }
}
