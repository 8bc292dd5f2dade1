package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

/**
 * Each simulator against its model's formulas: simulated means must lie within 4 standard errors
 * (estimated from the simulated sample) of the formula's mean. With a fixed seed the test is
 * deterministic; 4 SE would be exceeded by chance with probability 6e-5 for a fresh seed.
 */
class SimulatorsTest {
    private static final int N = 20_000;

    /** Calibration summary up to {@code cut} and transactions in {@code (cut, end]} per customer. */
    record Split(double[] x, double[] tx, double[] holdout, double[] zbar, double[] firstHoldoutAmount) {}

    static Split split(SimulatedLog log, double cut) {
        int n = log.customers();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] hold = new double[n];
        double[] zsum = new double[n];
        double[] first = new double[n];
        Arrays.fill(first, Double.NaN);
        int[] c = log.customer();
        double[] t = log.time();
        double[] amt = log.amount();
        for (int i = 0; i < c.length; i++) {
            boolean firstOfCustomer = i == 0 || c[i - 1] != c[i];
            if (firstOfCustomer) {
                continue;
            }
            if (t[i] <= cut) {
                x[c[i]]++;
                tx[c[i]] = t[i];
                if (amt != null) {
                    zsum[c[i]] += amt[i];
                }
            } else {
                hold[c[i]]++;
                if (amt != null && Double.isNaN(first[c[i]])) {
                    first[c[i]] = amt[i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            zsum[i] = x[i] > 0 ? zsum[i] / x[i] : 0;
        }
        return new Split(x, tx, hold, zsum, first);
    }

    static void withinFourSe(double[] simulated, double expectedMean, String what) {
        double mean = Arrays.stream(simulated).average().orElseThrow();
        double var = Arrays.stream(simulated).map(v -> (v - mean) * (v - mean)).sum() / (simulated.length - 1);
        double se = Math.sqrt(var / simulated.length);
        assertTrue(Math.abs(mean - expectedMean) <= 4 * se,
                () -> what + ": simulated mean " + mean + ", formula " + expectedMean + ", SE " + se);
    }

    private static void checkNbd(TransactionModel m, SimulatedLog log, double T, double t) {
        Split s = split(log, T);
        double[] ages = new double[N];
        Arrays.fill(ages, T);
        // E[X(T)] and P(X(T) = 0) against the calibration period.
        withinFourSe(s.x, m.expectedTransactions(T), m + " E[X(T)]");
        withinFourSe(Arrays.stream(s.x).map(v -> v == 0 ? 1 : 0).toArray(), m.probabilityOfTransactions(0, T),
                m + " P(X(T)=0)");
        withinFourSe(Arrays.stream(s.x).map(v -> v == 2 ? 1 : 0).toArray(), m.probabilityOfTransactions(2, T),
                m + " P(X(T)=2)");
        // Conditional expectation: the mean holdout count equals the mean of the predictions.
        double[] cet = m.expectedTransactions(Histories.of(s.x, s.tx, ages), t);
        withinFourSe(s.holdout, Arrays.stream(cet).average().orElseThrow(), m + " conditional expectation");
    }

    @Test
    void bgNbd() {
        BgNbd m = BgNbd.of(0.2426, 4.4136, 0.7929, 2.4259);
        double[] ages = new double[N];
        Arrays.fill(ages, 78);
        SimulatedLog log = BgNbdSimulator.of(m).simulate(ages, 42);
        assertEquals(42, log.seed());
        assertEquals(N, log.customers());
        checkNbd(m, log, 39, 39);
    }

    @Test
    void mbgNbd() {
        MbgNbd m = MbgNbd.of(0.525, 6.183, 0.891, 1.614);
        double[] ages = new double[N];
        Arrays.fill(ages, 78);
        checkNbd(m, MbgNbdSimulator.of(m).simulate(ages, 43), 39, 39);
    }

    @Test
    void sameSeedSameLog() {
        BgNbd m = BgNbd.of(0.5, 2.0, 1.0, 2.0);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        double[] ages = BgNbdSimulator.uniformAges(1000, 10, 50, rng);
        SimulatedLog a = BgNbdSimulator.of(m).simulate(ages, 99);
        SimulatedLog b = BgNbdSimulator.of(m).simulate(ages, 99);
        assertTrue(Arrays.equals(a.time(), b.time()) && Arrays.equals(a.customer(), b.customer()));
        for (double t : ages) {
            assertTrue(t >= 10 && t <= 50);
        }
        Histories h = a.toHistories();
        for (int i = 0; i < h.size(); i++) {
            assertTrue(h.recency(i) <= h.age(i));
        }
        assertThrows(IllegalArgumentException.class, () -> BgNbdSimulator.of(m).simulate(new double[] {-1}, 1));
        assertThrows(ChurnkitException.class,
                () -> BgNbdSimulator.of(BgNbd.of(50, 1e-6, 1, 1)).simulate(new double[] {1000}, 1));
    }

    @Test
    void bgBb() {
        BgBb m = BgBb.of(1.204, 0.750, 0.657, 2.783);
        double[] n = new double[N];
        Arrays.fill(n, 11);
        SimulatedLog log = BgBbSimulator.of(m).simulate(n, 44);
        Split s = split(log, 6);
        withinFourSe(s.x, m.expectedTransactions(6), "BG/BB E[X(6)]");
        for (int k = 0; k <= 6; k += 3) {
            int kk = k;
            withinFourSe(Arrays.stream(s.x).map(v -> v == kk ? 1 : 0).toArray(), m.probabilityOfTransactions(k, 6),
                    "BG/BB P(X(6)=" + k + ")");
        }
        double[] six = new double[N];
        Arrays.fill(six, 6);
        double[] cet = m.expectedTransactions(Histories.of(s.x, s.tx, six), 5);
        withinFourSe(s.holdout, Arrays.stream(cet).average().orElseThrow(), "BG/BB conditional expectation");
        assertThrows(IllegalArgumentException.class, () -> BgBbSimulator.of(m).simulate(new double[] {2.5}, 1));
    }

    @Test
    void gammaGamma() {
        GammaGamma gg = GammaGamma.of(6.2493, 3.7443, 15.4443);
        BgNbd m = BgNbd.of(0.2426, 4.4136, 0.7929, 2.4259);
        double[] ages = new double[4 * N];
        Arrays.fill(ages, 78);
        SimulatedLog log = GammaGammaSimulator.of(gg).addAmounts(
                BgNbdSimulator.of(m).simulate(ages, 45), RandomSource.XO_RO_SHI_RO_128_PP.create(46L));
        assertEquals(log.transactions(), log.amount().length);
        // Population mean: the first purchase's value, one per customer.
        int[] c = log.customer();
        double[] firstAmounts = new double[log.customers()];
        for (int i = 0; i < c.length; i++) {
            if (i == 0 || c[i - 1] != c[i]) {
                firstAmounts[c[i]] = log.amount()[i];
            }
        }
        withinFourSe(firstAmounts, gg.meanSpend(), "Gamma-Gamma mean spend");
        // Conditional: the next (holdout) value of repeat buyers against the expected spend given zbar.
        Split s = split(log, 39);
        double[] next = java.util.stream.IntStream.range(0, s.x.length)
                .filter(i -> s.x[i] > 0 && !Double.isNaN(s.firstHoldoutAmount[i]))
                .mapToDouble(i -> s.firstHoldoutAmount[i]).toArray();
        double expected = java.util.stream.IntStream.range(0, s.x.length)
                .filter(i -> s.x[i] > 0 && !Double.isNaN(s.firstHoldoutAmount[i]))
                .mapToDouble(i -> gg.expectedSpend(s.x[i], s.zbar[i])).average().orElseThrow();
        assertTrue(next.length > 1000);
        withinFourSe(next, expected, "Gamma-Gamma conditional expected spend");
    }
}
