package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The identities between the value measures of {@link CustomerValue}, as properties over seeded
 * random customers and parameters of Pareto/NBD, BG/NBD, MBG/NBD and BG/BB:
 * DERT = P(alive) x DERT|alive, CLV = P(alive) x alive value, value at risk = alive value - CLV >= 0,
 * value at stake = alive value.
 */
class CustomerValueTest {
    private static final String[] MODELS = {"pareto-nbd", "bg-nbd", "mbg-nbd"};

    static Stream<Arguments> cases() {
        return LongStream.range(0, 18).mapToObj(seed -> Arguments.of(seed, MODELS[(int) (seed % MODELS.length)]));
    }

    private static double logUniform(UniformRandomProvider rng, double lo, double hi) {
        return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.nextDouble());
    }

    private static TransactionModel randomModel(UniformRandomProvider rng, String kind) {
        double r = logUniform(rng, 0.1, 5);
        double alpha = logUniform(rng, 1, 100);
        return switch (kind) {
            case "pareto-nbd" -> ParetoNbd.of(r, alpha, logUniform(rng, 0.2, 3), logUniform(rng, 1, 100));
            case "bg-nbd" -> BgNbd.of(r, alpha, logUniform(rng, 0.2, 5), logUniform(rng, 0.2, 5));
            default -> MbgNbd.of(r, alpha, logUniform(rng, 0.2, 5), logUniform(rng, 0.2, 5));
        };
    }

    private static Histories randomCustomers(UniformRandomProvider rng, int n) {
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = new double[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            t[i] = logUniform(rng, 1, 200);
            x[i] = rng.nextDouble() < 0.3 ? 0 : Math.floor(logUniform(rng, 1, 60));
            tx[i] = x[i] == 0 ? 0 : t[i] * rng.nextDouble();
            m[i] = x[i] == 0 ? 0 : logUniform(rng, 1, 200);
            ids[i] = "c" + i;
        }
        return Histories.of(x, tx, t, m, null, ids);
    }

    private static void assertRelative(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.max(Math.abs(expected), Double.MIN_NORMAL), what);
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("cases")
    void dertFactorisesAndScoresSatisfyTheValueIdentities(long seed, String kind) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        TransactionModel model = randomModel(rng, kind);
        GammaGamma spend = GammaGamma.of(logUniform(rng, 1, 10), logUniform(rng, 2, 10), logUniform(rng, 1, 50));
        double delta = logUniform(rng, 0.001, 0.05);
        double margin = logUniform(rng, 0.05, 1);
        Histories h = randomCustomers(rng, 25);
        Scores s = Scoring.of(model, ScoringSettings.of(39).withSpendModel(spend)
                .withDiscountRate(delta).withMargin(margin)).score(h);
        for (int i = 0; i < h.size(); i++) {
            double x = h.frequency(i);
            double tx = h.recency(i);
            double t = h.age(i);
            String at = model + " customer " + h.describe(i);
            double pa = model.pAlive(x, tx, t);
            double dertAlive = model.discountedExpectedTransactionsIfAlive(x, tx, t, delta, Double.POSITIVE_INFINITY);
            // DERT = P(alive) x DERT|alive, infinite and finite horizons
            assertRelative(pa * dertAlive, model.discountedExpectedTransactions(x, tx, t, delta, Double.POSITIVE_INFINITY),
                    1e-9, "DERT factorises: " + at);
            assertRelative(pa * model.discountedExpectedTransactionsIfAlive(x, tx, t, delta, 26),
                    model.discountedExpectedTransactions(x, tx, t, delta, 26), 1e-9, "26-period DERT factorises: " + at);
            // the batch scores
            assertRelative(dertAlive, s.dertIfAlive()[i], 1e-12, "batch DERT|alive: " + at);
            assertRelative(s.pAlive()[i] * s.aliveValue()[i], s.clv()[i], 1e-9, "CLV = P(alive) x alive value: " + at);
            assertRelative(margin * s.expectedSpend()[i] * s.dertIfAlive()[i], s.aliveValue()[i], 1e-15,
                    "alive value = margin x spend x DERT|alive: " + at);
            assertTrue(s.valueAtRisk()[i] >= 0, "value at risk >= 0: " + at);
            assertTrue(s.aliveValue()[i] >= s.clv()[i] * (1 - 1e-12), "alive value >= CLV: " + at);
            assertEquals(s.aliveValue()[i] - s.clv()[i], s.valueAtRisk()[i], 1e-9 * s.aliveValue()[i],
                    "value at risk = alive value - CLV: " + at);
            CustomerValue v = CustomerValue.of(s.pAlive()[i], s.aliveValue()[i]);
            assertEquals(s.aliveValue()[i], v.valueAtStake(), 0, "value at stake = alive value: " + at);
            assertEquals(s.valueAtRisk()[i], v.valueAtRisk(), 0, "one definition of value at risk: " + at);
            if (pa >= CustomerValue.MIN_P_ALIVE_FOR_DIVISION) {
                assertRelative(s.aliveValue()[i], CustomerValue.fromClv(s.clv()[i], s.pAlive()[i]).aliveValue(), 1e-9,
                        "alive value = CLV / P(alive): " + at);
            }
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 12);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bgBbFactorisesToo(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1000);
        BgBb m = BgBb.of(logUniform(rng, 0.2, 5), logUniform(rng, 0.2, 5), logUniform(rng, 0.2, 5), logUniform(rng, 0.2, 5));
        double rate = logUniform(rng, 0.01, 0.3);
        for (int k = 0; k < 20; k++) {
            double n = 1 + rng.nextInt(12);
            double x = rng.nextInt((int) n + 1);
            double tx = x == 0 ? 0 : x + rng.nextInt((int) (n - x) + 1);
            double pa = m.pAlive(x, tx, n);
            assertRelative(pa * m.discountedExpectedTransactionsIfAlive(x, tx, n, rate, Double.POSITIVE_INFINITY),
                    m.discountedExpectedTransactions(x, tx, n, rate, Double.POSITIVE_INFINITY), 1e-12,
                    "BG/BB DERT factorises at (" + x + ", " + tx + ", " + n + ")");
        }
    }

    @Test
    void paretoNbdClosedFormGivenAliveAgreesWithTheNumericalDiscountedExpectation() {
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        double delta = Math.log(1.15) / 52;
        double x = 2;
        double tx = 30.43;
        double t = 38.86;
        double pa = m.pAlive(x, tx, t);
        double numeric = DiscountedExpectation.of(u -> m.expectedTransactions(x, tx, t, u) / pa, delta,
                Double.POSITIVE_INFINITY);
        assertEquals(numeric, m.discountedExpectedTransactionsIfAlive(x, tx, t, delta, Double.POSITIVE_INFINITY),
                1e-8 * numeric);
        // btyd-reference: DERT 6.50051 for this customer, so DERT|alive = 6.50051 / P(alive)
        assertEquals(6.50051 / pa, m.discountedExpectedTransactionsIfAlive(x, tx, t, delta, Double.POSITIVE_INFINITY),
                1e-5 / pa);
    }

    @Test
    void aTinyPAliveStillHasAnAliveValueButCannotBeRecoveredFromClv() {
        // 200 purchases in the first 10 weeks, then 190 weeks of silence: P(alive) underflows.
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        Histories h = Histories.of(new double[] {200}, new double[] {10}, new double[] {200}, new double[] {50}, null,
                new String[] {"silent"});
        Scores s = Scoring.of(m, ScoringSettings.of(39).withSpendModel(GammaGamma.of(6.25, 3.74, 15.44))
                .withDiscountRate(Math.log(1.15) / 52).withMargin(0.3)).score(h);
        assertTrue(s.pAlive()[0] < 1e-100, "P(alive) " + s.pAlive()[0]);
        assertTrue(s.aliveValue()[0] > 100, "a customer buying 20 times a week is valuable if alive: " + s.aliveValue()[0]);
        assertEquals(s.aliveValue()[0], s.valueAtRisk()[0], 1e-12 * s.aliveValue()[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> CustomerValue.fromClv(s.clv()[0], s.pAlive()[0]));
        assertTrue(e.getMessage().contains("alive_value"), e.getMessage());
    }

    @Test
    void definitionsAndDomain() {
        CustomerValue v = CustomerValue.of(0.25, 0.3, 40, 10);
        assertEquals(120, v.aliveValue(), 1e-12);
        assertEquals(30, v.clv(), 1e-12);
        assertEquals(90, v.valueAtRisk(), 1e-12);
        assertEquals(120, v.valueAtStake(), 0);
        assertEquals(v, CustomerValue.fromClv(30, 0.25));
        assertEquals(0.3 * 40 * 2.5, CustomerValue.clv(0.3, 40, 2.5), 0);
        // the old, double-counted "CLV x (1 - P(alive))" is not the value at risk
        assertTrue(Math.abs(v.clv() * (1 - v.pAlive()) - v.valueAtRisk()) > 60);
        assertThrows(IllegalArgumentException.class, () -> CustomerValue.of(1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> CustomerValue.of(Double.NaN, 10));
        assertThrows(IllegalArgumentException.class, () -> CustomerValue.of(0.5, -1));
        assertThrows(IllegalArgumentException.class, () -> CustomerValue.of(0.5, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> CustomerValue.of(0.5, 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> CustomerValue.fromClv(10, 0));
        assertThrows(IllegalArgumentException.class, () -> CustomerValue.fromClv(Double.NaN, 0.5));
        assertTrue(CustomerValue.CLV_DEFINITION.contains("margin"));
        assertTrue(!CustomerValue.CLV_DEFINITION.contains("expected to spend"));
    }
}
