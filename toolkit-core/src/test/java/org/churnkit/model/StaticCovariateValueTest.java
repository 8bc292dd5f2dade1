package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scores with covariates in the plain engine's layout: P(alive), DERT and the money columns. */
class StaticCovariateValueTest {

    private static final double DELTA = Math.log1p(0.15) / 52;

    /** The weekly test customers with a mean repeat spend each (20 to 56). */
    private static Object[] data(ModelKind kind, int n) {
        Object[] d = StaticCovariateMergeTest.weeklyIndicatorData(kind, n, 33);
        Histories h0 = (Histories) d[0];
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = new double[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = h0.frequency(i);
            tx[i] = h0.recency(i);
            t[i] = h0.age(i);
            m[i] = 20 + i % 37;
            ids[i] = h0.id(i);
        }
        return new Object[] {Histories.of(x, tx, t, m, null, ids), d[1]};
    }

    private static TransactionModel plainOf(ModelKind kind) {
        return kind == ModelKind.PARETO_NBD ? ParetoNbd.of(0.8, 10, 0.8, 12) : BgNbd.of(0.8, 10, 0.9, 3);
    }

    private static ScoringSettings settings() {
        return ScoringSettings.of(39).withDiscountRate(DELTA).withSpendModel(GammaGamma.of(6.25, 3.74, 15.44))
                .withMargin(0.3);
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"PARETO_NBD", "BG_NBD"})
    void zeroCoefficientsGiveThePlainEnginesScores(ModelKind kind) {
        Object[] d = data(kind, 3000);
        Histories h = (Histories) d[0];
        Covariates c = (Covariates) d[1];
        TransactionModel plain = plainOf(kind);
        StaticCovariateModel m = StaticCovariateModel.of(plain, List.of("channel=b", "female"), new double[] {0, 0},
                List.of("channel=c"), new double[] {0}, Map.of());
        Scores expected = Scoring.of(plain, settings()).score(h);
        Scores got = m.score(h, c, settings());
        assertEquals(expected.columns(), got.columns());
        assertTrue(got.columns().contains(ScoreColumn.VALUE_AT_RISK), got.columns().toString());
        for (ScoreColumn col : expected.columns()) {
            assertArrayEquals(expected.get(col), got.get(col), 0.0, col.column());
        }
        assertArrayEquals(expected.dertIfAlive(), got.dertIfAlive(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"PARETO_NBD", "BG_NBD"})
    void eachCustomersValueComesFromTheirOwnModel(ModelKind kind) {
        int n = 2000;
        Object[] d = data(kind, n);
        Histories h = (Histories) d[0];
        Covariates c = (Covariates) d[1];
        TransactionModel plain = plainOf(kind);
        List<String> purchase = List.of("channel=b", "female");
        List<String> dropout = List.of("channel=c");
        StaticCovariateModel m = StaticCovariateModel.of(plain, purchase, new double[] {0.7, -0.4}, dropout,
                new double[] {0.5}, Map.of());
        ScoringSettings s = settings();
        Scores got = m.score(h, c, s);
        Scores plainScores = Scoring.of(plain, s).score(h);
        SpendModel gg = s.spendModel().orElseThrow();
        int differs = 0;
        for (int i = 0; i < n; i++) {
            double[] zp = {c.rawValue(i, c.names().indexOf("channel=b")), c.rawValue(i, c.names().indexOf("female"))};
            double[] zd = {c.rawValue(i, c.names().indexOf("channel=c"))};
            TransactionModel own = m.customerModel(zp, zd);
            double x = h.frequency(i);
            double dert = own.discountedExpectedTransactions(x, h.recency(i), h.age(i), DELTA, Double.POSITIVE_INFINITY);
            assertEquals(dert, got.dert()[i], 1e-12 * dert, "DERT of " + i);
            assertEquals(own.pAlive(x, h.recency(i), h.age(i)), got.pAlive()[i], 1e-12, "P(alive) of " + i);
            double es = gg.expectedSpend(x, x == 0 ? 0 : h.monetary(i));
            assertEquals(es, got.expectedSpend()[i], 0.0, "spend of " + i);
            // the spend model has no covariates: the same spend as plain scoring
            assertEquals(plainScores.expectedSpend()[i], got.expectedSpend()[i], 0.0);
            assertEquals(0.3 * es * got.dert()[i], got.clv()[i], 1e-12 * got.clv()[i], "CLV of " + i);
            assertEquals(CustomerValue.clv(0.3, es, got.dert()[i]), got.clv()[i], 0.0);
            assertEquals(CustomerValue.aliveValue(0.3, es, got.dertIfAlive()[i]), got.aliveValue()[i], 0.0);
            assertEquals(CustomerValue.valueAtRisk(got.pAlive()[i], got.aliveValue()[i]), got.valueAtRisk()[i], 0.0);
            assertEquals(got.aliveValue()[i] - got.clv()[i], got.valueAtRisk()[i], 1e-9 * got.aliveValue()[i]);
            if (got.clv()[i] != plainScores.clv()[i]) {
                differs++;
            }
        }
        assertTrue(differs > n / 2, "covariates change most customers' CLV: " + differs);
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"PARETO_NBD"})
    void withoutSpendOrDiscountOnlyTheRequestedColumns(ModelKind kind) {
        Object[] d = data(kind, 500);
        Histories h = (Histories) d[0];
        Covariates c = (Covariates) d[1];
        StaticCovariateModel m = StaticCovariateModel.of(plainOf(kind), List.of("female"), new double[] {0.4},
                List.of(), new double[0], Map.of());
        Scores s = m.score(h, c, ScoringSettings.of(52));
        assertEquals(List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS), s.columns());
        assertNull(s.clv());
        assertArrayEquals(m.expectedTransactions(h, c, 52), s.expectedTransactions(), 1e-12);
        assertNotEquals(0, s.size());
        Histories noMoney = Histories.of(new double[] {1}, new double[] {2}, new double[] {3}, null, null,
                new String[] {h.id(0)});
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> m.score(noMoney, c, settings()));
        assertTrue(e.getMessage().contains("monetary_value"), e.getMessage());
    }
}
