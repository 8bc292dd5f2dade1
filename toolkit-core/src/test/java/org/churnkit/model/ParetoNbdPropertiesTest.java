package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the Pareto/NBD predictions over seeded random parameters and histories spanning
 * the whole supported range: r, s in [0.01, 50], alpha, beta in [0.01, 1e5] (log-uniform),
 * T in [0.1, 1e4], x up to 1e5, t_x anywhere in [0, T] including both ends.
 */
class ParetoNbdPropertiesTest {

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    private static double logUniform(UniformRandomProvider rng, double lo, double hi) {
        return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.nextDouble());
    }

    private static ParetoNbd model(UniformRandomProvider rng) {
        return ParetoNbd.of(logUniform(rng, 0.01, 50), logUniform(rng, 0.01, 1e5), logUniform(rng, 0.01, 50),
                logUniform(rng, 0.01, 1e5));
    }

    /** {x, t_x, T}; a quarter each with t_x = 0 (x may be > 0: same-day repeats) and t_x = T. */
    private static double[] history(UniformRandomProvider rng, double maxX) {
        double T = logUniform(rng, 0.1, 1e4);
        double x = Math.floor(logUniform(rng, 1, maxX + 1)) - 1;
        int kind = rng.nextInt(4);
        double tx = x == 0 || kind == 0 ? 0 : kind == 1 ? T : T * rng.nextDouble();
        return new double[] {x, tx, T};
    }

    /** Allowance for rounding in monotonicity checks: a few ulps of the larger value. */
    private static double slack(double v) {
        return 1e-12 * Math.abs(v) + 1e-300;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void pAliveIsAProbabilityAndMonotone(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ParetoNbd m = model(rng);
        for (int i = 0; i < 20; i++) {
            double[] h = history(rng, 1e5);
            double x = h[0];
            double tx = h[1];
            double T = h[2];
            double p = m.pAlive(x, tx, T);
            assertTrue(p >= 0 && p <= 1, m + " P(alive) " + p);
            // Non-increasing in T at fixed x and t_x.
            double pLater = m.pAlive(x, tx, T * 1.5);
            assertTrue(pLater <= p + slack(p), m + " P(alive) rose with T: " + p + " -> " + pLater);
            // Non-decreasing in t_x (for x > 0; t_x = 0 is forced when x = 0).
            if (x > 0 && tx < T) {
                double tx2 = tx + (T - tx) * rng.nextDouble();
                double p2 = m.pAlive(x, tx2, T);
                assertTrue(p2 >= p - slack(p), m + " P(alive) fell with t_x: " + p + " -> " + p2);
            }
            // P(alive at T+t) <= P(alive), falling with t.
            double a1 = m.pAliveAt(x, tx, T, 1);
            double a2 = m.pAliveAt(x, tx, T, 10);
            assertTrue(a1 <= p + slack(p) && a2 <= a1 + slack(a1));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void expectationsAreFiniteNonNegativeAndGrowWithTheHorizon(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ParetoNbd m = model(rng);
        double prevU = 0;
        for (double t : new double[] {0.5, 1, 7, 52, 365, 1e4}) {
            double u = m.expectedTransactions(t);
            assertTrue(Double.isFinite(u) && u >= prevU - slack(prevU), m + " E[X(" + t + ")] = " + u);
            prevU = u;
        }
        for (int i = 0; i < 20; i++) {
            double[] h = history(rng, 1e5);
            double prev = 0;
            for (double t : new double[] {0.5, 1, 7, 52, 365, 1e4}) {
                double e = m.expectedTransactions(h[0], h[1], h[2], t);
                assertTrue(Double.isFinite(e) && e >= 0, m + " E = " + e);
                assertTrue(e >= prev - slack(prev), m + " E fell with the horizon: " + prev + " -> " + e);
                prev = e;
            }
            double dert = m.dert(h[0], h[1], h[2], 0.01);
            assertTrue(Double.isFinite(dert) && dert >= 0, m + " DERT " + dert);
            assertTrue(Double.isFinite(m.logLikelihood(h[0], h[1], h[2])));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void pmfSumsToOne(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ParetoNbd m = ParetoNbd.of(logUniform(rng, 0.05, 10), logUniform(rng, 0.1, 1e3), logUniform(rng, 0.05, 10),
                logUniform(rng, 0.1, 1e3));
        // t at most 2 alpha: the negative binomial tail falls at least like (2/3)^n, so 150 terms
        // leave below 1e-20 (times a polynomial factor in n) out.
        double t = m.alpha() * logUniform(rng, 0.05, 2);
        double sum = 0;
        double mean = 0;
        for (int n = 0; n < 150; n++) {
            double p = m.probabilityOfTransactions(n, t);
            assertTrue(p >= 0 && p <= 1);
            sum += p;
            mean += n * p;
        }
        // Quadrature at relative 1e-13 per term over 150 terms: 1e-10 is generous.
        assertEquals(1.0, sum, 1e-10, m + " t=" + t);
        // The pmf's mean is E[X(t)].
        double e = m.expectedTransactions(t);
        assertEquals(e, mean, 1e-8 * Math.max(1, e), m + " t=" + t);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void gradientEqualsFiniteDifferences(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ParetoNbd m = model(rng);
        double[] p = m.parameterArray();
        int n = 5;
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double[] h = history(rng, 1000);
            x[i] = h[0];
            tx[i] = h[1];
            t[i] = h[2];
        }
        Histories data = Histories.of(x, tx, t);
        ParetoNbdLikelihood lik = ParetoNbdLikelihood.of();
        double[] g = new double[4];
        double ll = lik.logLikelihood(p, data, 0, n, g);
        assertEquals(ll, sum(m, data), 1e-9 * Math.max(1, Math.abs(ll)), "likelihood class = model");
        for (int k = 0; k < 4; k++) {
            // Central differences on the log scale, step 1e-5: truncation ~1e-10, rounding
            // ~1e-16 |LL| / 1e-5 = 1e-11 |LL|; allow 1e-7 |LL| + 1e-6 |theta g|.
            double h = 1e-5;
            double[] up = p.clone();
            double[] down = p.clone();
            up[k] = p[k] * Math.exp(h);
            down[k] = p[k] * Math.exp(-h);
            double fd = (lik.logLikelihood(up, data, 0, n, null) - lik.logLikelihood(down, data, 0, n, null)) / (2 * h);
            double an = g[k] * p[k];
            assertEquals(fd, an, 1e-7 * Math.max(1, Math.abs(ll)) + 1e-6 * Math.abs(an),
                    m + " d/dlog " + ModelKind.PARETO_NBD.parameterNames().get(k) + " on " + data);
        }
    }

    private static double sum(ParetoNbd m, Histories h) {
        double s = 0;
        for (int i = 0; i < h.size(); i++) {
            s += m.logLikelihood(h.frequency(i), h.recency(i), h.age(i));
        }
        return s;
    }
}
