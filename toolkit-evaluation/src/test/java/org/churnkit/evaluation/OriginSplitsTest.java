package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

class OriginSplitsTest {

    /** The cohort as a transaction log: each customer's birth, then their repeat transactions. */
    private static OriginSplits log(Cohort c) {
        int n = c.birth.length;
        int rows = n + c.times.length;
        int[] customer = new int[rows];
        double[] time = new double[rows];
        int r = 0;
        for (int k = 0; k < n; k++) {
            customer[r] = k;
            time[r++] = c.birth[k];
            for (int j = c.offset[k]; j < c.offset[k + 1]; j++) {
                customer[r] = k;
                time[r++] = c.times[j];
            }
        }
        return OriginSplits.of(customer, time, null);
    }

    @Test
    void matchesTheTestsOwnSplitter() {
        Cohort c = Cohort.simulate(5L, 2000, 0.3, 0.02, 12, 80);
        OriginSplits s = log(c);
        OriginPlan plan = OriginPlan.builder(0, 80).origins(26, 39, 52).horizon(13).gap(2).build();
        for (OriginPlan.PlannedOrigin o : plan.origins()) {
            HoldoutSplit got = s.at(o, 8);
            HoldoutSplit want = c.split(o.origin(), 2, 13, 8);
            assertEquals(want.calibration(), got.calibration());
            assertArrayEquals(want.holdoutFrequencies(), got.holdoutFrequencies(), 0);
            assertArrayEquals(want.holdoutDurations(), got.holdoutDurations(), 0);
            assertArrayEquals(want.recentRepeatTransactions(), got.recentRepeatTransactions(), 0);
            assertArrayEquals(want.births(), got.births(), 0);
            double[] a = want.repeatTimes();
            double[] b = got.repeatTimes();
            Arrays.sort(a);
            Arrays.sort(b);
            assertArrayEquals(a, b, 0);
            assertEquals(2.0, got.gap(), 0);
        }
        // And it plugs straight into the runner.
        BacktestResult r = BacktestRunner.of().run(plan, o -> s.at(o, 8), List.of());
        assertEquals(List.of("everyone-stays", "last-period-rate"), r.models());
        assertTrue(r.headline().outcome("last-period-rate").orElseThrow().succeeded());
    }

    @Test
    void byHand() {
        // Customer 0: born 1, repeats at 2, 5, 9, 12; customer 1: born 3, repeat at 11; customer 2 born 7.
        int[] customer = {0, 0, 0, 0, 0, 1, 1, 2};
        double[] time = {1, 2, 5, 9, 12, 3, 11, 7};
        OriginSplits s = OriginSplits.of(customer, time, new String[] {"a", "b", "c"});
        OriginPlan.PlannedOrigin o = OriginPlan.builder(0, 20).origins(6).horizon(4).gap(1).build().headline();
        HoldoutSplit h = s.at(o, 2);
        // Born before 6: customers a and b. a: x = 2 (2, 5), t_x = 4, T = 5; b: x = 0, T = 3.
        assertEquals(2, h.size());
        assertArrayEquals(new double[] {2, 0}, h.calibration().frequencies(), 0);
        assertArrayEquals(new double[] {4, 0}, h.calibration().recencies(), 0);
        assertArrayEquals(new double[] {5, 3}, h.calibration().ages(), 0);
        // Test window (7, 11]: a has 9, b has 11.
        assertArrayEquals(new double[] {1, 1}, h.holdoutFrequencies(), 0);
        // Recent (4, 6]: a has 5.
        assertArrayEquals(new double[] {1, 0}, h.recentRepeatTransactions(), 0);
        assertArrayEquals(new double[] {2, 5, 9, 11}, h.repeatTimes(), 0);
        assertEquals("a", h.calibration().id(0));
        // A sliding window [3, 6] keeps only b.
        OriginPlan.PlannedOrigin sl = OriginPlan.builder(0, 20).origins(6).horizon(4).sliding(3).build().headline();
        assertEquals("b", s.at(sl, 2).calibration().id(0));
    }

    @Test
    void refusesAnUnorderedLog() {
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> OriginSplits.of(new int[] {0, 0, 1}, new double[] {2, 1, 0}, null));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(ChurnkitException.class, () -> OriginSplits.of(new int[] {0, 2}, new double[] {0, 0}, null));
        assertThrows(ChurnkitException.class, () -> OriginSplits.of(new int[] {1}, new double[] {0}, null));
        OriginSplits late = OriginSplits.of(new int[] {0}, new double[] {10}, null);
        assertThrows(ChurnkitException.class,
                () -> late.at(OriginPlan.builder(0, 20).origins(5).horizon(4).build().headline(), 2));
    }
}
