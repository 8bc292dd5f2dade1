package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of BG/NBD and MBG/NBD that theory guarantees, at random parameters (r in [0.01, 50],
 * alpha in [0.01, 1e5], a and b in [0.05, 20]) and histories (x up to 1,000, T in [0.1, 1e4]) from
 * seeded generators. Comparisons allow 1e-12 relative slack for rounding only.
 */
class NbdFamilyPropertiesTest {
    private static final double SLACK = 1e-12;

    static Stream<Arguments> cases() {
        return LongStream.range(0, 24).mapToObj(seed -> Arguments.of(seed, seed % 2 == 1));
    }

    static double logUniform(UniformRandomProvider rng, double lo, double hi) {
        return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.nextDouble());
    }

    static double[] randomParams(UniformRandomProvider rng) {
        return new double[] {logUniform(rng, 0.01, 50), logUniform(rng, 0.01, 1e5), logUniform(rng, 0.05, 20),
            logUniform(rng, 0.05, 20)};
    }

    static TransactionModel model(double[] p, boolean modified) {
        return modified ? MbgNbd.of(p[0], p[1], p[2], p[3]) : BgNbd.of(p[0], p[1], p[2], p[3]);
    }

    static Histories randomHistories(UniformRandomProvider rng, int n, double maxX) {
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = logUniform(rng, 0.1, 1e4);
            x[i] = rng.nextDouble() < 0.3 ? 0 : Math.floor(logUniform(rng, 1, maxX));
            double kind = rng.nextDouble();
            tx[i] = x[i] == 0 ? 0 : kind < 0.1 ? t[i] : kind < 0.2 ? 0 : t[i] * rng.nextDouble();
            w[i] = 1 + rng.nextInt(5);
        }
        return Histories.of(x, tx, t, null, w, null);
    }

    @ParameterizedTest(name = "seed {0}, modified {1}")
    @MethodSource("cases")
    void pAliveAndExpectationsBehave(long seed, boolean modified) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        TransactionModel m = model(randomParams(rng), modified);
        Histories h = randomHistories(rng, 40, 1000);
        for (int i = 0; i < h.size(); i++) {
            double x = h.frequency(i);
            double tx = h.recency(i);
            double T = h.age(i);
            String who = m + " " + h.describe(i);
            double p = m.pAlive(x, tx, T);
            assertTrue(p >= 0 && p <= 1, who);
            if (!modified && x == 0) {
                assertEquals(1.0, p, who + ": BG/NBD customers without repeat purchases are alive by construction");
            }
            // Non-increasing in T at fixed (x, t_x); non-decreasing in t_x.
            double later = m.pAlive(x, tx, T * (1 + rng.nextDouble()));
            assertTrue(later <= p * (1 + SLACK), who + " P(alive) rose with T: " + p + " -> " + later);
            if (x > 0) {
                double txHigher = tx + (T - tx) * rng.nextDouble();
                assertTrue(m.pAlive(x, txHigher, T) >= p * (1 - SLACK), who + " P(alive) fell with t_x");
            }
            // Expected transactions: non-negative, non-decreasing in the horizon; P(alive at T+t)
            // non-increasing in t and at most P(alive).
            double t1 = T * rng.nextDouble();
            double t2 = t1 + T * rng.nextDouble();
            double e1 = m.expectedTransactions(x, tx, T, t1);
            double e2 = m.expectedTransactions(x, tx, T, t2);
            assertTrue(e1 >= 0 && e2 >= e1 * (1 - SLACK), who + " expected transactions " + e1 + " -> " + e2);
            double a1 = m.pAliveAt(x, tx, T, t1);
            double a2 = m.pAliveAt(x, tx, T, t2);
            assertTrue(a1 <= p * (1 + SLACK) && a2 <= a1 * (1 + SLACK) && a2 >= 0, who + " P(alive at T+t)");
        }
    }

    @ParameterizedTest(name = "seed {0}, modified {1}")
    @MethodSource("cases")
    void pmfSumsToOneWithTheModelsMean(long seed, boolean modified) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1000);
        // Moderate parameters so that the tail beyond 20,000 transactions is negligible:
        // z = t/(alpha+t) <= 0.99 and the NB tail decays like z^n.
        double[] p = {logUniform(rng, 0.05, 5), logUniform(rng, 0.5, 50), logUniform(rng, 0.3, 10), logUniform(rng, 0.3, 10)};
        TransactionModel m = model(p, modified);
        double t = p[1] * logUniform(rng, 0.05, 50);
        double sum = 0;
        double mean = 0;
        for (int n = 0; n < 20_000; n++) {
            double q = m.probabilityOfTransactions(n, t);
            assertTrue(q >= 0 && q <= 1);
            sum += q;
            mean += n * q;
            if (1 - sum < 1e-14) {
                break; // the rest can change neither assertion; a pmf that never reaches 1 runs on and fails
            }
        }
        // Summation error of up to 20,000 positive terms: far below 1e-10.
        assertEquals(1.0, sum, 1e-10, m + " t=" + t);
        assertEquals(m.expectedTransactions(t), mean, 1e-8 * Math.max(1, mean), m + " t=" + t + ": sum n P(n) vs E[X(t)]");
    }

    @ParameterizedTest(name = "seed {0}, modified {1}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(long seed, boolean modified) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 2000);
        double[] p = randomParams(rng);
        // Histories beyond the tabulated x (512) exercise the per-row path too.
        Histories h = randomHistories(rng, 60, 5000);
        LikelihoodFunction<?> f = modified ? MbgNbdLikelihood.of() : BgNbdLikelihood.of();
        GradientCheck.check(f, p, h);
    }
}
