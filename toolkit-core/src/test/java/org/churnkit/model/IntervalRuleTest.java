package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * How an interval is read from the values of a quantity over the draws ({@link
 * ParameterDraws.Method#quantileLevels}): type-7 quantiles for asymptotic draws, the order
 * statistics of ranks (B + 1)(1 -+ c)/2 for bootstrap refits, checked on hand-computable cases and
 * by the coverage the bootstrap rule is there for.
 */
class IntervalRuleTest {
    /** The values 1..n in a seeded random order (the rule must not depend on the order). */
    private static double[] shuffled(int n, long seed) {
        int[] p = PermutationSampler.natural(n);
        PermutationSampler.shuffle(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), p);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = p[i] + 1;
        }
        return v;
    }

    @Test
    void bootstrapEndsAreTheOrderStatisticsOfRanksBPlusOneTimesAlpha() {
        ParameterDraws.Method boot = ParameterDraws.Method.BOOTSTRAP;
        // 19 refits at 90 %: ranks 20 x 0.05 = 1 and 20 x 0.95 = 19, the smallest and the largest
        assertArrayEquals(new double[] {1, 19}, PredictionIntervals.interval(shuffled(19, 1), 0.9, boot), 1e-12);
        // 60 refits: ranks 3.05 and 57.95, interpolated between neighbours
        assertArrayEquals(new double[] {3.05, 57.95}, PredictionIntervals.interval(shuffled(60, 2), 0.9, boot), 1e-9);
        // 99 refits at 80 %: ranks 10 and 90 exactly
        assertArrayEquals(new double[] {10, 90}, PredictionIntervals.interval(shuffled(99, 3), 0.8, boot), 1e-9);
        // 9 refits at 90 %: ranks 0.5 and 9.5 lie beyond the refits, held at the smallest and the largest
        assertArrayEquals(new double[] {1, 9}, PredictionIntervals.interval(shuffled(9, 4), 0.9, boot), 0);
        // one refit: it is both ends
        assertArrayEquals(new double[] {7, 7}, PredictionIntervals.interval(new double[] {7}, 0.9, boot), 0);
        assertArrayEquals(new double[] {0, 0}, boot.quantileLevels(0.9, 1), 0);
    }

    @Test
    void asymptoticEndsStayTheType7Quantiles() {
        ParameterDraws.Method asy = ParameterDraws.Method.ASYMPTOTIC;
        // the same probabilities, to the bit, as the engines computed before the rule was shared
        assertArrayEquals(new double[] {(1 - 0.9) / 2, (1 + 0.9) / 2}, asy.quantileLevels(0.9, 200), 0);
        // rank 1 + 18 x 0.05 = 1.9 and 1 + 18 x 0.95 = 18.1
        assertArrayEquals(new double[] {1.9, 18.1}, PredictionIntervals.interval(shuffled(19, 5), 0.9, asy), 1e-12);
        double[] v = shuffled(19, 5);
        assertArrayEquals(PredictionIntervals.interval(v.clone(), 0.9, asy), PredictionIntervals.interval(v, 0.9), 0);
    }

    @Test
    void theBootstrapRuleIsTheType7QuantileAtTheRankItNames() {
        for (int b : new int[] {2, 7, 60, 200, 1000}) {
            double[] p = ParameterDraws.Method.BOOTSTRAP.quantileLevels(0.9, b);
            assertEquals(Math.max(1, (b + 1) * 0.05), 1 + p[0] * (b - 1), 1e-9, "B = " + b);
            assertEquals(Math.min(b, (b + 1) * 0.95), 1 + p[1] * (b - 1), 1e-9, "B = " + b);
            assertEquals(1, p[0] + p[1], 1e-12, "symmetric, B = " + b);
        }
        assertThrows(IllegalArgumentException.class, () -> ParameterDraws.Method.BOOTSTRAP.quantileLevels(1, 10));
        assertThrows(IllegalArgumentException.class, () -> ParameterDraws.Method.BOOTSTRAP.quantileLevels(0.9, 0));
        assertEquals("bootstrap-percentile", ParameterDraws.Method.BOOTSTRAP.label());
        assertEquals("asymptotic", ParameterDraws.Method.ASYMPTOTIC.label());
    }

    /**
     * The reason for the rule: when the estimate scatters around the truth as the refits scatter
     * around the estimate (here both N(., 1)), 60 refits read at ranks (B + 1) alpha cover the
     * truth 90 % of the time; the type-7 quantiles, about one rank further in per tail, 87 %.
     */
    @Test
    void sixtyRefitsCoverAtTheNominalRateWhereType7RunsNarrow() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(16);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        int reps = 40_000;
        int b = 60;
        int boot = 0;
        int type7 = 0;
        double[] v = new double[b];
        for (int r = 0; r < reps; r++) {
            double estimate = normal.sample();
            for (int k = 0; k < b; k++) {
                v[k] = estimate + normal.sample();
            }
            double[] e = PredictionIntervals.interval(v.clone(), 0.9, ParameterDraws.Method.BOOTSTRAP);
            double[] a = PredictionIntervals.interval(v, 0.9, ParameterDraws.Method.ASYMPTOTIC);
            boot += e[0] <= 0 && 0 <= e[1] ? 1 : 0;
            type7 += a[0] <= 0 && 0 <= a[1] ? 1 : 0;
        }
        // binomial standard error 0.0015 at 40,000 repetitions: the limits are 4 of them
        double rb = boot / (double) reps;
        double r7 = type7 / (double) reps;
        assertEquals(0.900, rb, 0.006, "bootstrap rule");
        assertEquals(61 - 2 * 3.95, 61 * r7, 61 * 0.006, "type 7: (B + 1 - 2 (1 + 59 x 0.05)) / (B + 1)");
        assertTrue(rb - r7 > 0.02, rb + " vs " + r7);
    }
}
