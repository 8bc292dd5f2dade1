package org.churnkit.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

/** The edge cases of spec §2.1, §2.3, §4.3, §6.2, §7.5 and §10.2. */
class EdgeCasesTest {
    private static final int[] Y = {0, 1, 0, 1};
    private static final double[] S = {0.1, 0.9, 0.4, 0.3};

    @Test
    void emptyInputThrowsEverywhere() {
        int[] y = {};
        double[] s = {};
        assertThrows(IllegalArgumentException.class, () -> Empc.compute(y, s));
        assertThrows(IllegalArgumentException.class, () -> Mpc.compute(y, s, 0.3, 200, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> EmpIndividual.compute(y, s, s, 6, 14, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> RocCurve.tieGrouped(y, s));
        assertThrows(IllegalArgumentException.class, () -> ValueWeighted.auc(y, s));
        assertThrows(IllegalArgumentException.class, () -> Lift.at(y, s, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ProfitCurve.churn(y, s, 200, 0.3, 10, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> CostMetrics.expectedCost(y, s, CostMatrix.of(0, 1, 1, 0, 0), false));
    }

    @Test
    void lengthMismatchNanAndBadLabelsThrow() {
        assertThrows(IllegalArgumentException.class, () -> Empc.compute(Y, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Empc.compute(Y, new double[] {1, Double.NaN, 3, 4}));
        assertThrows(IllegalArgumentException.class, () -> Empc.compute(Y, new double[] {1, Double.POSITIVE_INFINITY, 3, 4}));
        assertThrows(IllegalArgumentException.class, () -> Empc.compute(new int[] {0, 2, 0, 1}, S));
        assertThrows(IllegalArgumentException.class,
                () -> EmpIndividual.compute(Y, S, new double[] {1, 2}, 6, 14, 10, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> CostMetrics.expectedCost(Y, new double[] {0.1, 1.2, 0, 0}, CostMatrix.of(4, 0, 1, 0, 1), false));
    }

    @Test
    void parametersOutsideTheirDomainThrow() {
        assertThrows(IllegalArgumentException.class, () -> Empc.compute(Y, S, 0, 14, 200, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Empc.compute(Y, S, 6, -1, 200, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Empc.compute(Y, S, 6, 14, 10, 10, 1), "CLV <= d");
        assertThrows(IllegalArgumentException.class, () -> Mpc.compute(Y, S, 1.1, 200, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Mpc.compute(Y, S, 0.3, 5, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> CostMatrix.churnVerbraken(0.3, S, 1.5, 1));
    }

    @Test
    void oneClassOnlyThrowsForRocMetricsButNotForCosts() {
        int[] y = {1, 1};
        double[] s = {0.25, 0.75};
        assertThrows(IllegalArgumentException.class, () -> Empc.compute(y, s));
        assertThrows(IllegalArgumentException.class, () -> Mpc.compute(y, s, 0.3, 200, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> RocCurve.tieGrouped(y, s));
        assertThrows(IllegalArgumentException.class, () -> ValueWeighted.auc(y, s));
        CostMatrix c = CostMatrix.churnVerbraken(0.3, new double[] {200, 200}, 0.05, 1);
        // Both churners, C_TP = 1 − 0.3·0.95·200 = −56: expected cost = (0.25 + 0.75)·(−56).
        assertEquals(-56.0, CostMetrics.expectedCost(y, s, c, false), 1e-12);
        // The savings baseline min(cost(all 0), cost(all 1)) = min(0, −112) is still non-zero here.
        assertEquals(1 - (-56.0) / (-112.0), CostMetrics.expectedSavings(y, s, c), 1e-12);
    }

    @Test
    void zeroSavingsBaselineThrowsInsteadOfDividingByEpsilon() {
        int[] y = {0, 0};
        CostMatrix c = CostMatrix.of(2, 0, 1, 0, 1); // all 0 costs nothing for non-churners
        assertThrows(IllegalArgumentException.class, () -> CostMetrics.savings(y, new int[] {0, 1}, c));
        assertThrows(IllegalArgumentException.class, () -> CostMetrics.expectedSavings(y, new double[] {0.1, 0.2}, c));
    }

    @Test
    void allScoresEqualGiveTheDiagonal() {
        int[] y = {0, 1, 0, 1, 0, 1};
        double[] s = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        RocCurve roc = RocCurve.tieGrouped(y, s);
        assertEquals(2, roc.size(), "one group: (0,0) and (1,1)");
        RocConvexHull hull = RocConvexHull.of(roc);
        assertArrayEquals(new double[] {0, 1}, hull.f1());
        assertArrayEquals(new double[] {0, 1}, hull.f0());
        Empc.Result r = Empc.compute(y, s);
        // Spec §4.3 (R EMP): pi0 = 0.5, defaults.
        assertEquals(22.50079122445112, r.emp(), 1e-9 * 22.5);
        assertEquals(0.99916010188892046, r.empFraction(), 1e-12);
        assertEquals(22.5, r.mp(), 1e-12);
        assertEquals(1.0, r.mpFraction());
        assertEquals(0.5, ValueWeighted.auc(y, s), 1e-15, "all tied: AUC ½");
    }

    @Test
    void collinearRocPointsAreDroppedFromTheHull() {
        // The pattern on which scipy's Qhull crashes (spec §2.3).
        RocConvexHull hull = RocConvexHull.of(RocCurve.tieGrouped(new int[] {1, 0, 1, 0, 1, 0},
                new double[] {0.9, 0.9, 0.5, 0.5, 0.1, 0.1}));
        assertArrayEquals(new double[] {0, 1}, hull.f1());
    }

    @Test
    void worseThanRandomHullIsTheDiagonal() {
        RocConvexHull hull = RocConvexHull.of(RocCurve.tieGrouped(new int[] {0, 0, 1, 1}, new double[] {4, 3, 2, 1}));
        assertArrayEquals(new double[] {0, 1}, hull.f1());
        assertArrayEquals(new double[] {0, 1}, hull.f0());
    }

    @Test
    void tiesAreTargetedTogether() {
        int[] y = {1, 1, 0, 1, 0, 0};
        double[] s = {0.8, 0.8, 0.8, 0.4, 0.4, 0.1};
        RocCurve roc = RocCurve.tieGrouped(y, s);
        assertArrayEquals(new double[] {0, 0.5, 5.0 / 6, 1}, roc.fraction(), 1e-15);
        // Permuting the tied customers changes nothing.
        int[] y2 = {0, 1, 1, 0, 1, 0};
        double[] s2 = {0.8, 0.8, 0.8, 0.4, 0.4, 0.1};
        assertEquals(Empc.compute(y, s).emp(), Empc.compute(y2, s2).emp(), 0.0);
        assertEquals(Empb.compute(y, s, new double[] {1, 2, 3, 4, 5, 6}, 6, 14, 0.05, 1, false).profit(),
                Empb.compute(new int[] {1, 1, 0, 1, 0, 0}, s, new double[] {2, 1, 3, 4, 5, 6}, 6, 14, 0.05, 1, false).profit(),
                1e-12);
    }

    @Test
    void clvBarelyAboveIncentiveGivesZero() {
        Empc.Result r = Empc.compute(Y, S, 6, 14, 10.5, 10, 1);
        assertEquals(0.0, r.emp());
        assertEquals(0.0, r.empFraction());
        assertEquals(0.0, r.mp());
        assertEquals(0.0, r.mpFraction());
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(r.mp()), "+0.0, never -0.0");
    }

    @Test
    void nothingTargetedIsPlusZero() {
        Mpc.Result r = Mpc.compute(Y, S, 0.0, 200, 10, 1);
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(r.mp()));
        assertEquals(0.0, r.fraction());
    }

    @Test
    void liftRoundsHalfToEvenAndRejectsEmptyLists() {
        int[] y = {1, 0, 1, 0, 0};
        double[] s = {5, 4, 3, 2, 1};
        // 5·0.5 = 2.5 → 2 (half-even): top-2 = {1, 0}: (1/2)/(2/5) = 1.25; 3 would give 1.666….
        assertEquals(1.25, Lift.at(y, s, 0.5), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Lift.at(y, s, 0.05));
        assertThrows(IllegalArgumentException.class, () -> Lift.at(new int[] {0, 0}, new double[] {1, 2}, 1));
    }

    @Test
    void bayesMinimumRiskIsCorrectWhenTheThresholdDenominatorIsNotPositive() {
        // Targeting is cheaper than not targeting whatever the outcome: always predict 1.
        CostMatrix c = CostMatrix.of(new double[] {-5}, new double[] {-1}, new double[] {0}, new double[] {0});
        assertArrayEquals(new int[] {1}, BayesMinimumRisk.decide(new double[] {0.0}, c));
        // Never worth it (t* ≥ 1): predict 0 even for p = 1.
        CostMatrix never = CostMatrix.of(new double[] {2}, new double[] {3}, new double[] {0}, new double[] {1});
        assertArrayEquals(new int[] {0}, BayesMinimumRisk.decide(new double[] {1.0}, never));
    }

    @Test
    void auepcUndefinedWhenThePerfectCurveIsNegativeAtOnce() {
        // One low-value churner: its profit 0.3·(0.95·1 − 15) < 0 from the first customer on.
        assertThrows(ChurnkitException.class, () -> Auepc.compute(new int[] {1, 0}, new double[] {0.9, 0.1},
                new double[] {1, 1}, 6, 14, 0.05, 15, true, true));
    }

    @Test
    void empIndividualAllowsOneClass() {
        EmpIndividual.Result r = EmpIndividual.compute(new int[] {0, 0}, new double[] {1, 2}, new double[] {100, 100},
                6, 14, 10, 0, 1);
        assertEquals(0.0, r.emp(), "targeting only non-churners never pays");
    }

    @Test
    void breakEvenThresholdsOfSpecSection83() {
        // t* = (d + f)/(γ(CLV − d) + d) with γ = 0.3, f = 1; target iff p > t*.
        double t = 11.0 / 67.0;
        CostMatrix c = CostMatrix.churnVerbrakenAbsolute(0.3, new double[] {200, 200}, new double[] {10, 10}, 1);
        assertArrayEquals(new int[] {0, 1}, BayesMinimumRisk.decide(new double[] {t - 1e-12, t + 1e-12}, c));
        assertEquals(t, Targeting.breakEvenProbability(200, 0.3, 10, 1, 1), 1e-15);
    }
}
