package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

class ParetoNbdTest {
    private final ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
    private final double delta = TimeUnit.WEEKS.continuousRateFromAnnual(0.15);

    @Test
    void finiteHorizonDiscountingApproachesDertAndReducesToTheExpectation() {
        double dert = m.dert(2, 30.43, 38.86, delta);
        // 1e5 weeks is 270 e-foldings of the discount factor: the remainder is far below 1e-9.
        assertEquals(dert, m.discountedExpectedTransactions(2, 30.43, 38.86, delta, 1e5), 1e-9 * dert);
        double d39 = m.discountedExpectedTransactions(2, 30.43, 38.86, delta, 39);
        double e39 = m.expectedTransactions(2, 30.43, 38.86, 39);
        assertTrue(d39 < e39 && d39 > e39 * Math.exp(-delta * 39), d39 + " vs " + e39);
        // No discounting: exactly the conditional expectation.
        assertEquals(e39, m.discountedExpectedTransactions(2, 30.43, 38.86, 0, 39), 1e-15 * e39);
    }

    @Test
    void sEqualToOneIsContinuous() {
        ParetoNbd at = ParetoNbd.of(0.55, 10.6, 1.0, 11.7);
        ParetoNbd below = ParetoNbd.of(0.55, 10.6, 1.0 - 1e-9, 11.7);
        ParetoNbd above = ParetoNbd.of(0.55, 10.6, 1.0 + 1e-9, 11.7);
        for (double t : new double[] {1, 39, 1e4}) {
            double e = at.expectedTransactions(3, 20, 39, t);
            // The expectation is smooth in s: a 1e-9 change in s moves it by about 1e-9 relative.
            assertEquals(e, below.expectedTransactions(3, 20, 39, t), 1e-8 * e);
            assertEquals(e, above.expectedTransactions(3, 20, 39, t), 1e-8 * e);
            double u = at.expectedTransactions(t);
            assertEquals(u, below.expectedTransactions(t), 1e-8 * u);
            double d = at.dert(3, 20, 39, delta);
            assertEquals(d, below.dert(3, 20, 39, delta), 1e-8 * d);
            assertEquals(d, above.dert(3, 20, 39, delta), 1e-8 * d);
        }
    }

    @Test
    void pAliveAtFollowsTheSurvivalFactor() {
        double p = m.pAlive(2, 30.43, 38.86);
        assertEquals(p * Math.pow((11.6562 + 38.86) / (11.6562 + 38.86 + 26), 0.6061),
                m.pAliveAt(2, 30.43, 38.86, 26), 1e-14);
        assertEquals(p, m.pAliveAt(2, 30.43, 38.86, 0), 0.0);
    }

    @Test
    void batchScoresEqualScalarValues() {
        Histories h = Histories.of(new double[] {0, 2, 6, 10, 100000}, new double[] {0, 30.43, 10, 38, 38.86},
                new double[] {38.86, 38.86, 38.86, 38.86, 38.86});
        Scores s = Scoring.of(m, ScoringSettings.of(39).withDiscountRate(delta)).score(h);
        double[] pa = m.pAlive(h);
        double[] et = m.expectedTransactions(h, 39);
        for (int i = 0; i < h.size(); i++) {
            // The batch kernel computes products where the scalar methods add logs: a few ulps apart.
            double scalar = m.pAlive(h.frequency(i), h.recency(i), h.age(i));
            assertEquals(scalar, pa[i], 0.0);
            assertEquals(scalar, s.pAlive()[i], 1e-13 * scalar);
            scalar = m.expectedTransactions(h.frequency(i), h.recency(i), h.age(i), 39);
            assertEquals(scalar, et[i], 0.0);
            assertEquals(scalar, s.expectedTransactions()[i], 1e-13 * scalar);
            scalar = m.dert(h.frequency(i), h.recency(i), h.age(i), delta);
            assertEquals(scalar, s.dert()[i], 1e-13 * scalar);
        }
    }

    @Test
    void invalidInputIsAClearError() {
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> m.pAlive(2, 40, 38.86));
        assertTrue(e.getMessage().contains("t_x=40.0"), e.getMessage());
        assertThrows(ChurnkitException.class, () -> m.logLikelihood(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ParetoNbd.of(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ParetoNbd.of(1, Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> m.dert(1, 1, 2, 0));
    }

    @Test
    void simulatedLogSummarisesToItsHistories() {
        SimulatedLog log = ParetoNbdSimulator.of(m).simulate(1000, 20, 78, 5L);
        assertEquals(1000, log.customers());
        assertEquals(5L, log.seed());
        Histories h = log.toHistories();
        double total = 0;
        for (int i = 0; i < h.size(); i++) {
            total += h.frequency(i) + 1;
            assertTrue(h.recency(i) <= h.age(i));
        }
        assertEquals(log.transactions(), total, 0.0);
        // Same seed, same log.
        assertArrayEquals(log.time(), ParetoNbdSimulator.of(m).simulate(1000, 20, 78, 5L).time());
    }
}
