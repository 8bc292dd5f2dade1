package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Customers with equal histories and covariates fitted as one weighted row: the same optimum, fewer rows. */
class StaticCovariateMergeTest {

    /**
     * {@code n} customers in whole weeks (T 20..25, recency rounded up to a week) with a three-level
     * channel (two indicators) and a 0/1 gender, simulated with effects on both processes; most
     * rows repeat.
     */
    static Object[] weeklyIndicatorData(ModelKind kind, int n, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[][] z = new double[3][n];
        double[] ages = new double[n];
        double[] alphas = new double[n];
        double[] drop1 = new double[n];
        double[] drop2 = new double[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + i;
            int channel = rng.nextInt(3);
            z[0][i] = channel == 1 ? 1 : 0;
            z[1][i] = channel == 2 ? 1 : 0;
            z[2][i] = rng.nextInt(2);
            ages[i] = 20 + rng.nextInt(6);
            double etaP = 0.6 * z[0][i] - 0.4 * z[1][i] + 0.3 * z[2][i];
            double etaD = 0.5 * z[0][i] - 0.3 * z[2][i];
            alphas[i] = 10 * Math.exp(-etaP);
            if (kind == ModelKind.PARETO_NBD) {
                drop1[i] = 0.8;
                drop2[i] = 12 * Math.exp(-etaD);
            } else {
                drop1[i] = 0.9 * Math.exp(etaD);
                drop2[i] = 3 * Math.exp(etaD);
            }
        }
        Histories raw = kind == ModelKind.PARETO_NBD
                ? ParetoNbdSimulator.simulateHistories(0.8, alphas, drop1[0], drop2, ages, rng)
                : BgNbdSimulator.simulateHistories(0.8, alphas, drop1, drop2, ages, rng);
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = raw.frequency(i);
            t[i] = raw.age(i);
            tx[i] = x[i] == 0 ? 0 : Math.min(t[i], Math.ceil(raw.recency(i)));
        }
        Histories h = Histories.of(x, tx, t).withIds(ids);
        Covariates c = Covariates.of(List.of("channel=b", "channel=c", "female"), z).withIds(ids);
        return new Object[] {h, c};
    }

    @ParameterizedTest
    @CsvSource({"PARETO_NBD, 12000, 3", "BG_NBD, 12000, 4", "PARETO_NBD, 45000, 5"})
    void mergedRowsReachTheSameOptimum(ModelKind kind, int n, long seed) {
        Object[] d = weeklyIndicatorData(kind, n, seed);
        Histories h = (Histories) d[0];
        Covariates c = (Covariates) d[1];
        StaticCovariateFitter.Options o = StaticCovariateFitter.Options.of(List.of("channel=b", "channel=c", "female"),
                List.of("channel=b", "female"));
        StaticCovariateFitter fitter = StaticCovariateFitter.of();
        StaticCovariateFit merged = fitter.fit(kind, h, c, o, true);
        StaticCovariateFit plain = fitter.fit(kind, h, c, o, false);
        assertTrue(merged.converged() && plain.converged(), merged.message() + " / " + plain.message());
        int rows = merged.model().plainModel().fit().orElseThrow().distinctRows();
        assertTrue(rows < n / 2, "merged rows " + rows + " of " + n);
        assertEquals(n, plain.model().plainModel().fit().orElseThrow().distinctRows());
        assertEquals(n, merged.customers(), 0);
        assertEquals(plain.logLikelihood(), merged.logLikelihood(), 1e-9 * Math.abs(plain.logLikelihood()));
        // The merged optimum is the optimum of the customers as given.
        assertEquals(merged.logLikelihood(), merged.model().logLikelihood(h, c), 1e-9 * Math.abs(plain.logLikelihood()));
        for (int k = 0; k < plain.estimates().size(); k++) {
            StaticCovariateFit.Estimate a = plain.estimates().get(k);
            StaticCovariateFit.Estimate b = merged.estimates().get(k);
            assertEquals(a.name(), b.name());
            assertEquals(a.estimate(), b.estimate(), 1e-4 * Math.max(1, Math.abs(a.estimate())), a.name());
            assertEquals(a.standardError(), b.standardError(), 1e-2 * a.standardError(), a.name());
        }
    }

    @ParameterizedTest
    @CsvSource({"PARETO_NBD, 500, 9"})
    void mergingSumsWeightsAndKeepsTheFirstCustomer(ModelKind kind, int n, long seed) {
        Object[] d = weeklyIndicatorData(kind, n, seed);
        Histories h = (Histories) d[0];
        Covariates c = (Covariates) d[1];
        double[] zp = new double[n * 3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                zp[i * 3 + k] = c.value(i, k);
            }
        }
        StaticCovariateFitter.Merged m = StaticCovariateFitter.merge(h, zp, 3, new double[0], 0);
        assertNotNull(m);
        assertEquals(n, m.data().totalWeight(), 0);
        // The first customer keeps its own row; every merged row matches its first customer exactly.
        assertEquals("c0", m.data().id(0));
        for (int s = 0; s < m.data().size(); s++) {
            int i = Integer.parseInt(m.data().id(s).substring(1));
            assertEquals(h.frequency(i), m.data().frequency(s));
            assertEquals(h.recency(i), m.data().recency(s));
            assertEquals(h.age(i), m.data().age(s));
            for (int k = 0; k < 3; k++) {
                assertEquals(zp[i * 3 + k], m.zp()[s * 3 + k]);
            }
        }
        // Distinct rows are left alone.
        Histories one = Histories.of(new double[] {1, 2}, new double[] {1, 2}, new double[] {3, 3});
        assertNull(StaticCovariateFitter.merge(one, new double[] {0, 0}, 1, new double[0], 0));
    }
}
