package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.BgNbd;
import org.churnkit.model.Tracking;
import org.junit.jupiter.api.Test;

class DistinctTest {

    @Test
    void dayGridsStayExact() {
        double[] births = new double[50_000];
        for (int i = 0; i < births.length; i++) {
            births[i] = (i % 84) / 7.0;
        }
        Distinct d = Distinct.of(births);
        assertEquals(84, d.size());
        assertEquals(1 / 7.0, d.values[1], 0);
    }

    @Test
    void continuousValuesAreBinnedWithoutChangingSums() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        int n = 100_000;
        double[] births = new double[n];
        for (int i = 0; i < n; i++) {
            births[i] = 52 * rng.nextDouble();
        }
        Distinct d = Distinct.of(births);
        assertTrue(d.size() <= 52 * Distinct.BINS_PER_UNIT, "binned: " + d.size());
        double count = 0;
        double sum = 0;
        double exactSum = 0;
        for (int j = 0; j < d.size(); j++) {
            count += d.counts[j];
            sum += d.counts[j] * d.values[j];
        }
        for (double b : births) {
            exactSum += b;
        }
        assertEquals(n, count, 0);
        // Weighted means keep the total (first moment) up to rounding.
        assertEquals(exactSum, sum, 1e-9 * exactSum);
        // A model sum over the binned births agrees with the per-customer sum: the bin error is
        // second order (|f''| w^2 / 8 per customer, w = 1/32), so 1e-6 relative is ample.
        BgNbd m = BgNbd.of(0.243, 4.414, 0.793, 2.426);
        Tracking binned = HoldoutValidation.tracking(m, births, new double[0], 0, 78, 39);
        double exact = 0;
        for (double b : births) {
            exact += m.expectedTransactions(78 - b);
        }
        assertEquals(exact, binned.predictedCumulative()[77], 1e-6 * exact);
    }
}
