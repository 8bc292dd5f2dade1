package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batch scoring with covariates (one model per distinct linear predictor) against the per-customer path, bit for bit. */
class StaticCovariateBatchScoringTest {

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"PARETO_NBD", "BG_NBD"})
    void batchScoresEqualEachCustomersOwnModel(ModelKind kind) {
        int n = 6000;
        Object[] d = StaticCovariateMergeTest.weeklyIndicatorData(kind, n, 21);
        Histories h = (Histories) d[0];
        Covariates ind = (Covariates) d[1];
        // A continuous column too, so that some predictors repeat (indicators only) and some never do.
        double[][] cols = new double[4][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                cols[k][i] = ind.rawValue(i, k);
            }
            cols[3][i] = 10 + (i * 7919 % 1000) / 100.0;
        }
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = h.id(i);
        }
        Covariates c = Covariates.of(List.of("channel=b", "channel=c", "female", "age"), cols).withIds(ids);
        TransactionModel plain = kind == ModelKind.PARETO_NBD ? ParetoNbd.of(0.8, 10, 0.8, 12) : BgNbd.of(0.8, 10, 0.9, 3);
        for (List<String> purchase : List.of(List.of("channel=b", "channel=c", "female"), List.of("female", "age"))) {
            double[] gp = purchase.size() == 3 ? new double[] {0.6, -0.4, 0.3} : new double[] {0.3, 0.05};
            StaticCovariateModel m = StaticCovariateModel.of(plain, purchase, gp, List.of("channel=b", "female"),
                    new double[] {0.5, -0.3}, Map.of("age", new double[] {12, 3}));
            double[] pa = m.pAlive(h, c);
            double[] ex = m.expectedTransactions(h, c, 26);
            double[] de = m.discountedExpectedTransactions(h, c, 0.01, 104);
            double ll = 0;
            for (int i = 0; i < n; i++) {
                double[] zp = new double[purchase.size()];
                for (int k = 0; k < zp.length; k++) {
                    double[] cs = m.transform(purchase.get(k));
                    zp[k] = (c.rawValue(i, c.names().indexOf(purchase.get(k))) - cs[0]) / cs[1];
                }
                double[] zd = {c.rawValue(i, 0), c.rawValue(i, 2)};
                TransactionModel own = m.customerModel(zp, zd);
                assertEquals(own.pAlive(h.frequency(i), h.recency(i), h.age(i)), pa[i], 0.0, "P(alive) of " + i);
                assertEquals(own.expectedTransactions(h.frequency(i), h.recency(i), h.age(i), 26), ex[i], 0.0, "E of " + i);
                assertEquals(own.discountedExpectedTransactions(h.frequency(i), h.recency(i), h.age(i), 0.01, 104), de[i],
                        0.0, "DET of " + i);
                ll += own.logLikelihood(h.frequency(i), h.recency(i), h.age(i));
            }
            assertEquals(ll, m.logLikelihood(h, c), 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"BG_NBD"})
    void aCustomerDrivenOutOfRangeIsNamed(ModelKind kind) {
        Histories h = Histories.of(new double[] {1, 2, 0}, new double[] {3, 4, 0}, new double[] {10, 10, 10})
                .withIds(new String[] {"a", "b", "c"});
        Covariates c = Covariates.of(List.of("z"), new double[][] {{0, 0, 1e6}}).withIds(new String[] {"a", "b", "c"});
        StaticCovariateModel m = StaticCovariateModel.of(BgNbd.of(0.8, 10, 0.9, 3), List.of("z"), new double[] {1},
                List.of(), new double[0], Map.of());
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> m.pAlive(h, c));
        assertTrue(e.getMessage().contains("customer 'c'"), e.getMessage());
    }
}
