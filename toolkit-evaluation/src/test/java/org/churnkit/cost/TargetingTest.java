package org.churnkit.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TargetingTest {
    private static final Targeting.Offer OFFER = Targeting.Offer.of(0.3, 10, 1);

    @Test
    void ranksByExpectedProfitNotByChurnProbability() {
        double[] p = {0.9, 0.3, 0.05};
        double[] v = {20, 1000, 5000};
        Targeting.Campaign c = Targeting.plan(p, v, OFFER);
        // E = p(0.3(V−10) − 1) − (1−p)·11: 0.9·2 − 1.1 = 0.7; 0.3·296 − 7.7 = 81.1; 0.05·1496 − 10.45 = 64.35.
        assertArrayEquals(new double[] {0.7, 81.1, 64.35}, c.expectedProfits(), 1e-9);
        assertArrayEquals(new int[] {1, 2, 0}, c.ranking());
        assertEquals(3, c.targetedCount());
        assertEquals(146.15, c.expectedProfit(), 1e-9);
        assertEquals(1.0, c.targetedFraction());
    }

    @Test
    void unprofitableCustomersAreLeftOutAndBreakEvenIsReported() {
        double[] p = {0.5, 0.1, 0.1};
        double[] v = {200, 200, 200};
        Targeting.Campaign c = Targeting.plan(p, v, OFFER);
        // 0.5·56 − 0.5·11 = 22.5 ; 0.1·56 − 0.9·11 = −4.3 each.
        assertEquals(1, c.targetedCount());
        assertEquals(22.5, c.expectedProfit(), 1e-12);
        assertEquals(3, c.breakEvenCount(), "22.5 − 8.6 ≥ 0: the whole list still breaks even");
        assertEquals(11.0 / 67.0, c.breakEvenProbabilities()[0], 1e-15);
    }

    @Test
    void budgetsCapTheList() {
        double[] p = {0.5, 0.6, 0.7, 0.8};
        double[] v = {200, 200, 200, 200};
        Targeting.Campaign byCount = Targeting.plan(p, v, OFFER, Targeting.Budget.customers(2));
        assertEquals(2, byCount.targetedCount());
        assertArrayEquals(new int[] {3, 2, 1, 0}, byCount.ranking());
        // Expected spend of customer 3: 1 + 10(0.8·0.3 + 0.2) = 5.4; of customer 2: 1 + 10(0.21 + 0.3) = 6.1.
        Targeting.Campaign byMoney = Targeting.plan(p, v, OFFER, Targeting.Budget.money(11.5));
        assertEquals(2, byMoney.targetedCount());
        assertEquals(11.5, byMoney.expectedSpend(), 1e-12);
        assertEquals(1, Targeting.plan(p, v, OFFER, Targeting.Budget.money(11.4)).targetedCount());
    }

    @Test
    void neverWorthItGivesInfiniteBreakEven() {
        assertEquals(Double.POSITIVE_INFINITY, Targeting.breakEvenProbability(5, 0.3, 10, 1, 1));
    }

    @Test
    void badInputThrows() {
        assertThrows(IllegalArgumentException.class, () -> Targeting.plan(new double[] {1.2}, new double[] {1}, OFFER));
        assertThrows(IllegalArgumentException.class, () -> Targeting.plan(new double[] {}, new double[] {}, OFFER));
        assertThrows(IllegalArgumentException.class, () -> Targeting.plan(new double[] {0.2}, new double[] {Double.NaN}, OFFER));
        assertThrows(IllegalArgumentException.class, () -> Targeting.Offer.of(1.5, 10, 1));
    }

    static IntStream seeds() {
        return IntStream.rangeClosed(1, 20);
    }

    /** Against brute force over all 2^n lists: with a count budget the plan is the best list. */
    @ParameterizedTest
    @MethodSource("seeds")
    void planIsTheBestListUnderACountBudget(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int n = 1 + rng.nextInt(10);
        double[] p = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextDouble();
            v[i] = 300 * rng.nextDouble();
        }
        int k = rng.nextInt(n + 1);
        double best = 0;
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) > k) {
                continue;
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                if ((mask >> i & 1) == 1) {
                    sum += Targeting.expectedProfit(p[i], v[i], OFFER);
                }
            }
            best = Math.max(best, sum);
        }
        Targeting.Campaign c = Targeting.plan(p, v, OFFER, Targeting.Budget.customers(k));
        assertEquals(best, c.expectedProfit(), 1e-9);
        assertTrue(c.targetedCount() <= k);
    }
}
