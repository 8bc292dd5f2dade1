package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

class ScoringTest {
    private static final Histories H = Histories.of(new double[] {0, 2, 6, 10}, new double[] {0, 30.43, 10, 38},
            new double[] {38.86, 38.86, 38.86, 38.86}, new double[] {0, 20, 30, 40}, null,
            new String[] {"a", "b", "c", "d"});
    private static final double DELTA = Math.log(1.15) / 52;

    @Test
    void paretoNbdBatchMatchesTheScalarMethodsAndClvIsMarginTimesSpendTimesDert() {
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        Scoring.Scores s = Scoring.of(m, 39, gg, DELTA, 0.3).score(H);
        for (int i = 0; i < H.size(); i++) {
            double x = H.frequency(i);
            // the batch path shares R between the three scores; same formulas, so agreement to rounding (1e-13)
            assertEquals(m.pAlive(x, H.recency(i), H.age(i)), s.pAlive()[i], 1e-13);
            assertEquals(m.expectedTransactions(x, H.recency(i), H.age(i), 39), s.expectedTransactions()[i],
                    1e-13 * Math.max(1, s.expectedTransactions()[i]));
            assertEquals(m.dert(x, H.recency(i), H.age(i), DELTA), s.dert()[i], 1e-12 * s.dert()[i]);
            assertEquals(gg.expectedSpend(x, H.monetary(i)), s.expectedSpend()[i], 0);
            assertEquals(0.3 * s.expectedSpend()[i] * s.dert()[i], s.clv()[i], 0);
        }
        // btyd-reference.md: customer (2, 30.43, 38.86), DERT 6.50051 at delta = ln(1.15)/52 (6 digits)
        assertEquals(6.50051, s.dert()[1], 1e-5);
    }

    @Test
    void otherModelsUseTheirDiscountedExpectation() {
        BgNbd m = BgNbd.of(0.2426, 4.4136, 0.7929, 2.4259);
        Scoring.Scores s = Scoring.of(m, 39, GammaGamma.of(6.25, 3.74, 15.44), DELTA, 1).score(H);
        for (int i = 0; i < H.size(); i++) {
            assertEquals(m.pAlive(H.frequency(i), H.recency(i), H.age(i)), s.pAlive()[i], 0);
            // computed as P(alive) x DERT|alive: equal to rounding
            double want = m.discountedExpectedTransactions(H.frequency(i), H.recency(i), H.age(i), DELTA,
                    Double.POSITIVE_INFINITY);
            assertEquals(want, s.dert()[i], 1e-13 * want);
        }
        Scoring.Scores plain = Scoring.of(m, 39).score(H);
        assertNull(plain.clv());
        assertEquals(s.expectedTransactions()[1], plain.expectedTransactions()[1], 0);
    }

    @Test
    void spendWithoutAMonetaryColumnAndBadSettingsAreErrors() {
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        Histories noSpend = Histories.of(new double[] {1}, new double[] {1}, new double[] {2});
        var e = assertThrows(ChurnkitException.class,
                () -> Scoring.of(m, 10, GammaGamma.of(6.25, 3.74, 15.44), DELTA, 0.3).score(noSpend));
        assertTrue(e.getMessage().contains("monetary_value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scoring.of(m, 0));
        assertThrows(IllegalArgumentException.class, () -> Scoring.of(m, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Scoring.of(m, 10, GammaGamma.of(6.25, 3.74, 15.44), 0, 0.3));
        assertThrows(IllegalArgumentException.class, () -> Scoring.of(m, 10, GammaGamma.of(6.25, 3.74, 15.44), DELTA, -1));
    }
}
