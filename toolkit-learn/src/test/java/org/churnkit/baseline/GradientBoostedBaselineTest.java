package org.churnkit.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.cost.ValueWeighted;
import org.churnkit.cost.testing.ChurnSimulation;
import org.junit.jupiter.api.Test;

/** The accuracy-driven baseline that the value-weighted models are compared with. */
class GradientBoostedBaselineTest {
    private static ChurnSimulation data(long seed, int n) {
        return ChurnSimulation.generate(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), n);
    }

    @Test
    void gradientBoostedBaselineIsDeterministicAndBeatsChance() {
        ChurnSimulation s = data(5, 1500);
        GradientBoostedBaseline a = GradientBoostedBaseline.fit(s.x, s.y, 30, 3, 0.1);
        GradientBoostedBaseline b = GradientBoostedBaseline.fit(s.x, s.y, 30, 3, 0.1);
        double[] pa = a.churnProbability(s.x);
        assertArrayEquals(pa, b.churnProbability(s.x), 0.0);
        assertTrue(ValueWeighted.auc(s.y, pa) > 0.7, "in-sample AUC " + ValueWeighted.auc(s.y, pa));
    }
}
