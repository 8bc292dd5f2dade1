package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

class DriftTest {
    private static final double[] REFERENCE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void psiByHand() {
        // Reference deciles of 1..10 have edges 1..9: ten bins of share 0.1 each. The current values
        // put 0.5 in (-inf, 1], 0.1 in each of the next four bins, none in (5, 9], 0.1 above 9.
        // PSI = (0.5 - 0.1) ln 5 + 4 (1e-4 - 0.1) ln(1e-4 / 0.1)   (empty bins floored at 1e-4)
        double[] current = {1, 1, 1, 1, 1, 2, 3, 4, 5, 20};
        PopulationStability p = PopulationStability.of(REFERENCE, current);
        double byHand = 0.4 * Math.log(5) + 4 * (1e-4 - 0.1) * Math.log(1e-3);
        assertEquals(byHand, p.value(), 1e-14);
        assertEquals(PopulationStability.Level.SIGNIFICANT, p.level());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, p.edges(), 0);
        assertArrayEquals(new double[] {0.5, 0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0, 0.1}, p.currentShares(), 1e-15);
    }

    @Test
    void psiModerateAndStable() {
        double[] current = new double[100];
        int k = 0;
        for (int i = 0; i < 20; i++) {
            current[k++] = 1;
        }
        for (int i = 0; i < 5; i++) {
            current[k++] = 2;
            current[k++] = 3;
        }
        for (int v = 4; v <= 10; v++) {
            for (int i = 0; i < 10; i++) {
                current[k++] = v;
            }
        }
        // Shares 0.2, 0.05, 0.05, then 0.1: PSI = 0.1 ln 2 + 2 * (-0.05) ln 0.5 = 0.2 ln 2.
        PopulationStability p = PopulationStability.of(REFERENCE, current);
        assertEquals(0.2 * Math.log(2), p.value(), 1e-14);
        assertEquals(PopulationStability.Level.MODERATE, p.level());
        assertEquals(0.0, PopulationStability.of(REFERENCE, REFERENCE.clone()).value(), 0);
        assertEquals(PopulationStability.Level.STABLE, PopulationStability.of(REFERENCE, REFERENCE).level());
    }

    @Test
    void psiTiesMergeBinsAndBadValuesAreNamed() {
        // A constant reference has a single edge: bins (-inf, 3] and (3, inf).
        PopulationStability p = PopulationStability.of(new double[] {3, 3, 3, 3}, new double[] {3, 3, 4, 5});
        assertArrayEquals(new double[] {3}, p.edges(), 0);
        // Shares: reference (1, 0 -> 1e-4), current (0.5, 0.5).
        assertEquals((0.5 - 1) * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4), p.value(), 1e-14);
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> PopulationStability.of(REFERENCE, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(ChurnkitException.class, () -> PopulationStability.of(REFERENCE, new double[0]));
    }

    @Test
    void psiAgreesWithASlowImplementation() {
        var rng = org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        double[] ref = new double[997];
        double[] cur = new double[1500];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = Math.floor(rng.nextDouble() * 50);
        }
        for (int i = 0; i < cur.length; i++) {
            cur[i] = Math.floor(rng.nextDouble() * 60) - 5;
        }
        // Slow: edges by the stated rule, bins by a linear scan.
        double[] s = ref.clone();
        java.util.Arrays.sort(s);
        java.util.List<Double> edges = new java.util.ArrayList<>();
        for (int k = 1; k < 10; k++) {
            double e = s[(int) Math.ceil(k * s.length / 10.0) - 1];
            if (edges.isEmpty() || e > edges.get(edges.size() - 1)) {
                edges.add(e);
            }
        }
        double[] r = new double[edges.size() + 1];
        double[] c = new double[edges.size() + 1];
        for (double v : ref) {
            int b = 0;
            while (b < edges.size() && edges.get(b) < v) {
                b++;
            }
            r[b] += 1.0 / ref.length;
        }
        for (double v : cur) {
            int b = 0;
            while (b < edges.size() && edges.get(b) < v) {
                b++;
            }
            c[b] += 1.0 / cur.length;
        }
        double psi = 0;
        for (int b = 0; b < r.length; b++) {
            double rb = Math.max(r[b], 1e-4);
            double cb = Math.max(c[b], 1e-4);
            psi += (cb - rb) * Math.log(cb / rb);
        }
        // Shares summed by repeated addition here, by count and division there: rounding only.
        assertEquals(psi, PopulationStability.of(ref, cur).value(), 1e-12);
    }

    @Test
    void parameterDriftByHand() {
        double[][] params = {{1.0, 5.0}, {1.5, 5.1}};
        double[][] se = {{0.1, 1.0}, {0.2, 1.0}};
        ParameterDrift d = ParameterDrift.of("m", List.of("r", "alpha"), new double[] {26, 39}, params, se, 2);
        // r: |1.5 - 1.0| / sqrt(0.01 + 0.04) = 2.2360...; alpha: 0.1 / sqrt(2).
        assertEquals(0.5 / Math.sqrt(0.05), d.changes().get(0).z(), 1e-14);
        assertTrue(d.changes().get(0).flagged());
        assertEquals(0.1 / Math.sqrt(2), d.changes().get(1).z(), 1e-14);
        assertFalse(d.changes().get(1).flagged());
        assertEquals(1, d.flagged().size());
        assertEquals(0, ParameterDrift.of("m", List.of("r", "alpha"), new double[] {26, 39}, params, se, 3)
                .flagged().size());
        ParameterDrift untested = ParameterDrift.of("m", List.of("r", "alpha"), new double[] {26, 39}, params,
                new double[][] {null, {0.2, 1.0}}, 2);
        assertTrue(untested.hasUntested());
        assertTrue(untested.flagged().isEmpty(), "a change without standard errors is never flagged silently");
    }

    @Test
    void performanceDecayByHand() {
        PerformanceDecay d = PerformanceDecay.of("m", new double[] {1, 2, 3, 4}, new double[] {1.0, 1.1, Double.NaN, 1.5},
                0.25);
        // The failed origin is left out; growth 1.5 / 1.0 - 1; slope over steps 0, 1, 2 of (1.0, 1.1, 1.5):
        // mean 1.2, sxy = (-1)(-0.2) + 0 + (1)(0.3) = 0.5, sxx = 2.
        assertEquals(0.5, d.growth(), 1e-15);
        assertEquals(0.25, d.slope(), 1e-15);
        assertTrue(d.decayed());
        assertArrayEquals(new double[] {1, 2, 4}, d.origins(), 0);
        assertFalse(PerformanceDecay.of("m", new double[] {1, 2}, new double[] {1.0, 1.2}, 0.25).decayed());
    }

    @Test
    void featurePsiBetweenTwoSplits() {
        org.churnkit.model.Histories a = org.churnkit.model.Histories.of(new double[] {0, 1, 2, 3},
                new double[] {0, 1, 2, 3}, new double[] {4, 4, 4, 4});
        org.churnkit.model.Histories b = org.churnkit.model.Histories.of(new double[] {0, 1, 2, 3},
                new double[] {0, 1, 2, 3}, new double[] {8, 8, 8, 8});
        HoldoutSplit ra = HoldoutSplit.of(a, new double[4], 1.0);
        HoldoutSplit rb = HoldoutSplit.of(b, new double[4], 1.0);
        DriftMonitor.Report r = DriftMonitor.of().features("cal_", ra, rb).assess();
        // Same x and t_x: PSI 0. Inactivity T - t_x goes from {4, 3, 2, 1} to {8, 7, 6, 5}. Decile
        // edges of four values are s_ceil(4k/10) = 1, 1, 2, 2, 2, 3, 3, 4, 4, merged to 1, 2, 3, 4: five
        // bins with reference shares 1/4, 1/4, 1/4, 1/4, 0; every current value is above 4.
        assertEquals(0.0, r.stability().get("cal_frequency").value(), 0);
        assertEquals(0.0, r.stability().get("cal_recency").value(), 0);
        double byHand = 4 * (1e-4 - 0.25) * Math.log(1e-4 / 0.25) + (1 - 1e-4) * Math.log(1 / 1e-4);
        assertEquals(byHand, r.stability().get("cal_inactivity").value(), 1e-14);
        assertEquals(List.of("cal_frequency", "cal_recency", "cal_inactivity"), List.copyOf(r.stability().keySet()));
        assertTrue(r.retrainRecommended());
    }

    @Test
    void monitorTurnsThresholdsIntoReasons() {
        double[] current = {1, 1, 1, 1, 1, 2, 3, 4, 5, 20};
        DriftMonitor.Report r = DriftMonitor.of().stability("p_alive", REFERENCE, current).assess();
        assertTrue(r.retrainRecommended());
        assertEquals(1, r.reasons().size());
        assertTrue(r.reasons().get(0).startsWith("p_alive: population stability index"), r.reasons().get(0));
        assertTrue(r.summary().startsWith("retrain recommended: p_alive"), r.summary());
        DriftMonitor.Report ok = DriftMonitor.of().stability("frequency", REFERENCE, REFERENCE).assess();
        assertFalse(ok.retrainRecommended());
        assertEquals("no retraining needed", ok.summary());
    }
}
