package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Covariate scoring with continuous covariates (every customer has parameters of its own), where
 * a customer's engine shares the s-only parts of the plain Pareto/NBD kernel and the rows run in
 * chunks on the executor: every value is the one of a fresh {@code Scoring.of(customerModel,
 * settings)} bit for bit, and the scalar model's to 1e-12 relative, on every core or one.
 */
class StaticCovariateFastScoringTest {
    private static final double DELTA = Math.log1p(0.15) / 52;

    static Stream<Arguments> cases() {
        TransactionModel pnbd = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        TransactionModel bg = BgNbd.of(0.2426, 4.4136, 0.7929, 2.4259);
        ScoringSettings dert = ScoringSettings.of(52).withDiscountRate(DELTA);
        ScoringSettings value = dert.withSpendModel(GammaGamma.of(6.25, 3.74, 15.44)).withMargin(0.3);
        ScoringSettings finite = ScoringSettings.of(39).withDiscountRate(DELTA).withDiscountHorizon(104);
        // s = 1.3 (E_s series with n = 1) and s = 0.3 (n = 0): both shared branches of the kernel.
        TransactionModel pnbdS = ParetoNbd.of(0.8, 10, 1.3, 12);
        TransactionModel pnbdSmall = ParetoNbd.of(0.8, 12, 0.3, 10);
        return Stream.of(Arguments.of(pnbd, dert), Arguments.of(pnbd, value), Arguments.of(pnbd, finite),
                Arguments.of(pnbdS, dert), Arguments.of(pnbdSmall, value), Arguments.of(bg, ScoringSettings.of(52)),
                Arguments.of(bg, dert));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void continuousCovariatesScoreAsEachCustomersOwnEngine(TransactionModel plain, ScoringSettings base) {
        int n = 10_000; // a chunk and a part
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(99L);
        Histories h0 = ParetoNbdSimulator.of(ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562))
                .simulateHistories(ParetoNbdSimulator.uniformAges(n, 1, 78, rng), rng);
        double[] m = new double[n];
        double[][] z = new double[2][n];
        for (int i = 0; i < n; i++) {
            m[i] = 20 + i % 37;
            z[0][i] = 2 * rng.nextDouble() - 1;
            z[1][i] = 2 * rng.nextDouble() - 1;
        }
        Histories h = Histories.of(h0.frequencies(), h0.recencies(), h0.ages(), m, null, null);
        Covariates c = Covariates.of(List.of("income", "tenure"), z);
        StaticCovariateModel model = StaticCovariateModel.of(plain, List.of("income"), new double[] {0.3},
                List.of("tenure"), new double[] {-0.6}, Map.of("tenure", new double[] {0.1, 0.5}));
        for (Executor ex : new Executor[] {null, Runnable::run}) {
            ScoringSettings s = base.withExecutor(ex);
            Scores got = model.score(h, c, s);
            for (int i = 0; i < n; i++) {
                TransactionModel own = model.customerModel(new double[] {z[0][i]}, new double[] {(z[1][i] - 0.1) / 0.5});
                CustomerScore want = Scoring.of(own, s).score(h.frequency(i), h.recency(i), h.age(i), h.monetary(i));
                for (ScoreColumn col : got.columns()) {
                    assertEquals(want.get(col), got.get(col)[i], 0.0, col.column() + " of customer " + i);
                }
                double x = h.frequency(i);
                double pa = own.pAlive(x, h.recency(i), h.age(i));
                assertEquals(pa, got.pAlive()[i], 1e-12 * pa, "P(alive) of " + i);
                double e = own.expectedTransactions(x, h.recency(i), h.age(i), s.horizon());
                assertEquals(e, got.expectedTransactions()[i], 1e-12 * e, "expectation of " + i);
                if (got.dert() != null) {
                    double d = own.discountedExpectedTransactions(x, h.recency(i), h.age(i), DELTA, s.discountHorizon());
                    assertEquals(d, got.dert()[i], 1e-12 * d, "DERT of " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aCustomerThatCannotBeScoredIsNamedInAnyChunk(TransactionModel plain, ScoringSettings base) {
        int n = 20_000;
        double[] x = new double[n];
        double[] t = new double[n];
        double[] z = new double[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            t[i] = 10;
            ids[i] = "c" + i;
        }
        z[17_001] = 800; // exp(800) overflows: alpha_i is 0
        Histories h = Histories.of(x, new double[n], t, new double[n], null, ids);
        Covariates c = Covariates.of(List.of("z"), new double[][] {z}).withIds(ids);
        StaticCovariateModel model = StaticCovariateModel.of(plain, List.of("z"), new double[] {1}, List.of(),
                new double[0], Map.of());
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> model.score(h, c, base));
        assertTrue(e.getMessage().contains("c17001"), e.getMessage());
    }
}
