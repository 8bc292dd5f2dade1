package org.churnkit.model;

import org.churnkit.testing.SimulatedBase;
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
    private static final GammaGamma GG = GammaGamma.of(6.25, 3.74, 15.44);

    private static ScoringSettings valued(double horizon, GammaGamma gg, double margin) {
        return ScoringSettings.of(horizon).withSpendModel(gg).withDiscountRate(DELTA).withMargin(margin);
    }

    @Test
    void paretoNbdBatchMatchesTheScalarMethodsAndClvIsMarginTimesSpendTimesDert() {
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        Scores s = Scoring.of(m, valued(39, gg, 0.3)).score(H);
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
        Scores s = Scoring.of(m, valued(39, GG, 1)).score(H);
        for (int i = 0; i < H.size(); i++) {
            assertEquals(m.pAlive(H.frequency(i), H.recency(i), H.age(i)), s.pAlive()[i], 0);
            // computed as P(alive) x DERT|alive: equal to rounding
            double want = m.discountedExpectedTransactions(H.frequency(i), H.recency(i), H.age(i), DELTA,
                    Double.POSITIVE_INFINITY);
            assertEquals(want, s.dert()[i], 1e-13 * want);
        }
        Scores plain = Scoring.of(m, 39).score(H);
        assertNull(plain.clv());
        assertEquals(s.expectedTransactions()[1], plain.expectedTransactions()[1], 0);
    }

    @Test
    void spendWithoutAMonetaryColumnAndBadSettingsAreErrors() {
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        Histories noSpend = Histories.of(new double[] {1}, new double[] {1}, new double[] {2});
        var e = assertThrows(ChurnkitException.class,
                () -> Scoring.of(m, valued(10, GG, 0.3)).score(noSpend));
        assertTrue(e.getMessage().contains("monetary_value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scoring.of(m, 0));
        assertThrows(IllegalArgumentException.class, () -> Scoring.of(m, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> ScoringSettings.of(10).withDiscountRate(0));
        assertThrows(IllegalArgumentException.class, () -> ScoringSettings.of(10).withMargin(-1));
        assertThrows(IllegalArgumentException.class, () -> ScoringSettings.of(10).withDiscountHorizon(0));
        assertThrows(IllegalArgumentException.class, () -> ScoringSettings.of(10).withAnnualDiscountRate(0.1, 0));
        assertThrows(IllegalStateException.class, () -> ScoringSettings.of(10).discountRate());
    }

    /** The CDNOW estimates of the model a case names. */
    private static TransactionModel modelNamed(String which) {
        return switch (which) {
            case "bg-nbd" -> BgNbd.of(0.2426, 4.4136, 0.7929, 2.4259);
            case "mbg-nbd" -> MbgNbd.of(0.2426, 4.4136, 0.7929, 2.4259);
            default -> ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        };
    }

    /** Every column at 39 weeks, with a finite discount horizon when the case names one. */
    private static ScoringSettings settingsNamed(String which) {
        ScoringSettings settings = valued(39, GG, 0.3);
        return which.contains("finite") ? settings.withDiscountHorizon(104) : settings;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pareto-nbd", "pareto-nbd, finite discount horizon",
        "bg-nbd", "mbg-nbd"})
    void aSingleCustomerScoresExactlyAsTheBatchRow(String which) {
        TransactionModel m = modelNamed(which);
        ScoringSettings settings = settingsNamed(which);
        Histories h = SimulatedBase.of(500, 20261204L);
        Scoring engine = Scoring.of(m, settings);
        Scores batch = engine.score(h);
        assertEquals(engine.columns(), batch.columns());
        assertEquals(java.util.List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS, ScoreColumn.EXPECTED_SPEND,
                ScoreColumn.DERT, ScoreColumn.CLV, ScoreColumn.ALIVE_VALUE, ScoreColumn.VALUE_AT_RISK), batch.columns());
        for (int i = 0; i < h.size(); i++) {
            CustomerScore one = engine.score(h.frequency(i), h.recency(i), h.age(i), h.monetary(i));
            assertEquals(batch.columns(), one.columns());
            for (ScoreColumn c : batch.columns()) {
                // the same code on the same inputs: equal to the last bit, not to a tolerance
                assertEquals(Double.doubleToLongBits(batch.get(c)[i]), Double.doubleToLongBits(one.get(c)),
                        c.column() + " of " + h.describe(i));
            }
            assertEquals(batch.dertIfAlive()[i], one.dertIfAlive(), 0.0);
        }
        // the executor changes where chunks run, never the values
        assertEquals(batch, Scoring.of(m, settings.withExecutor(Runnable::run)).score(h));
    }

    /**
     * Whole-week ages, as real data have: the per-chunk tables of T-only terms (Pareto/NBD) and of
     * customers without repeats (the other models) are hit, and still every batch row equals the
     * single customer's score to the last bit.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pareto-nbd", "pareto-nbd, finite discount horizon",
        "bg-nbd", "mbg-nbd"})
    void tablesOfSharedAgesNeverChangeAScore(String which) {
        TransactionModel m = modelNamed(which);
        ScoringSettings settings = settingsNamed(which);
        Histories s = SimulatedBase.of(400, 20261205L);
        double[] weeks = s.ages();
        for (int i = 0; i < weeks.length; i++) {
            weeks[i] = Math.ceil(weeks[i] / 10) * 10; // few distinct ages, each >= t_x
        }
        Histories h = Histories.of(s.frequencies(), s.recencies(), weeks, s.monetary.clone(), null, null);
        Scoring engine = Scoring.of(m, settings);
        Scores batch = engine.score(h);
        int shared = 0;
        for (int i = 0; i < h.size(); i++) {
            CustomerScore one = engine.score(h.frequency(i), h.recency(i), h.age(i), h.monetary(i));
            for (ScoreColumn c : batch.columns()) {
                assertEquals(Double.doubleToLongBits(batch.get(c)[i]), Double.doubleToLongBits(one.get(c)),
                        c.column() + " of " + h.describe(i));
            }
            assertEquals(Double.doubleToLongBits(batch.dertIfAlive()[i]), Double.doubleToLongBits(one.dertIfAlive()));
            shared += h.frequency(i) == 0 && i > 0 && h.age(i) == h.age(0) ? 1 : 0;
        }
        assertTrue(shared > 0, "no two customers without repeats share an age");
    }

    @Test
    void theColumnsFollowTheSettings() {
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        Scores spendOnly = Scoring.of(m, ScoringSettings.of(39).withSpendModel(GG)).score(H);
        assertEquals(java.util.List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS,
                ScoreColumn.EXPECTED_SPEND), spendOnly.columns());
        Scores dertOnly = Scoring.of(m, ScoringSettings.of(39).withDiscountRate(DELTA)).score(H);
        assertEquals(java.util.List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS, ScoreColumn.DERT),
                dertOnly.columns());
        CustomerScore one = Scoring.of(m, ScoringSettings.of(39).withDiscountRate(DELTA)).score(2, 30.43, 38.86);
        assertEquals(dertOnly.dert()[1], one.dert(), 0.0);
        assertThrows(IllegalStateException.class, one::clv);
        assertThrows(IllegalStateException.class, () -> one.get(ScoreColumn.FREQUENCY));
        assertTrue(one.toString().contains("dert="), one.toString());
        // a spend model needs the customer's spend; an invalid history is named
        assertThrows(ChurnkitException.class, () -> Scoring.of(m, valued(39, GG, 0.3)).score(2, 30.43, 38.86));
        var e = assertThrows(ChurnkitException.class, () -> Scoring.of(m, 39).score(2, 40, 38.86));
        assertTrue(e.getMessage().contains("t_x=40.0"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid history"), e.getMessage());
    }

    @Test
    void scoresCompareTheirValues() {
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        Scores a = Scoring.of(m, valued(39, GG, 0.3)).score(H);
        Scores b = Scoring.of(m, valued(39, GG, 0.3)).score(H);
        assertTrue(a != b && a.pAlive() != b.pAlive());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString());
        assertTrue(a.toString().contains("p_alive=[") && !a.toString().contains("[D@"), a.toString());
        Scores c = Scoring.of(m, valued(39, GG, 0.31)).score(H);
        assertTrue(!a.equals(c));
        assertThrows(IllegalArgumentException.class, () -> new Scores(new double[2], new double[3], null, null, null,
                null, null, null));
        assertEquals(Scoring.of(m, 39).score(2, 30.43, 38.86), Scoring.of(m, 39).score(2, 30.43, 38.86));
    }

    @Test
    void anExecutorRunsTheChunksWithoutChangingAValue() throws InterruptedException {
        Histories h = SimulatedBase.of(20_000, 7L); // three chunks of rows
        ScoringSettings settings = valued(52, GG, 0.3);
        Scores common = Scoring.of(SimulatedBase.MODEL, settings).score(h);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            assertEquals(common, Scoring.of(SimulatedBase.MODEL, settings.withExecutor(pool)).score(h));
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertEquals(common, Scoring.of(SimulatedBase.MODEL, settings.withExecutor(Runnable::run)).score(h));
    }
}
