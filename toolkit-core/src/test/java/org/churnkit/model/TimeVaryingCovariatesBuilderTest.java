package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Weighted rows of the builder (data counted elsewhere, e.g. on a cluster): a row of weight k is
 * k identical customers to the likelihood and the fitter.
 */
class TimeVaryingCovariatesBuilderTest {
    private static final List<String> NAMES = List.of("season", "price");
    private static final double[] Z = {0, 1.2, 1, 0.8, 1, 1.1, 0, 0.9, 0, 1.0};

    @Test
    void aWeightedRowCountsAsThatManyCustomers() {
        TimeVaryingCovariates.Builder weighted = TimeVaryingCovariates.builder(NAMES, 1, TimeUnit.WEEKS, 0)
                .referenceLevels(Map.of("channel", "store"));
        TimeVaryingCovariates.Builder repeated = TimeVaryingCovariates.builder(NAMES, 1, TimeUnit.WEEKS, 0);
        // an unweighted row before and after a weighted one keeps weight 1
        weighted.add("a", 0.3, 3.5, 2.0, new int[] {0, 1, 1, 0}, Z);
        repeated.add("a", 0.3, 3.5, 2.0, new int[] {0, 1, 1, 0}, Z);
        weighted.addWeighted(null, 3, 0.5, 4.0, 0, new int[] {0, 0, 0, 0, 0}, Z);
        for (int k = 0; k < 3; k++) {
            repeated.add(null, 0.5, 4.0, 0, new int[] {0, 0, 0, 0, 0}, Z);
        }
        weighted.add("b", 0.1, 2.5, 1.5, new int[] {0, 2, 0}, Z);
        repeated.add("b", 0.1, 2.5, 1.5, new int[] {0, 2, 0}, Z);
        TimeVaryingCovariates w = weighted.build();
        TimeVaryingCovariates r = repeated.build();
        assertEquals(3, w.size());
        assertEquals(5, w.totalWeight(), 0);
        assertEquals(List.of(1.0, 3.0, 1.0), List.of(w.weight(0), w.weight(1), w.weight(2)));
        assertEquals(Map.of("channel", "store"), w.referenceLevels());
        TimeVaryingCovariateModel m = TimeVaryingCovariateModel.of(ParetoNbd.of(0.8, 5, 0.7, 15), NAMES,
                new double[] {0.4, -0.3}, NAMES, new double[] {-0.2, 0.5}, Map.of(), TimeUnit.WEEKS, 1);
        assertEquals(m.logLikelihood(r), m.logLikelihood(w), 1e-12 * Math.abs(m.logLikelihood(r)));
        assertTrue(m.logLikelihood(w) < 0);
    }

    @Test
    void aWeightMustBePositive() {
        TimeVaryingCovariates.Builder b = TimeVaryingCovariates.builder(NAMES, 1, TimeUnit.WEEKS, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.addWeighted("c", 0, 0.5, 4.0, 0, new int[5], Z));
        assertTrue(e.getMessage().contains("customer 'c'") && e.getMessage().contains("weight"), e.getMessage());
    }
}
