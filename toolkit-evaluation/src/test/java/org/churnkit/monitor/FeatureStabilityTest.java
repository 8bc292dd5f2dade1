package org.churnkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

class FeatureStabilityTest {
    static final SummaryOptions WEEKS = SummaryOptions.defaults().withUnit(TimeUnit.WEEKS);

    @Test
    void frequencyKeepsItsOrderInAStableWorldAndInactivityMovesWhenPurchasesCollapse() {
        var stable = FeatureStability.of(ChangingWorld.stable(40, 80).simulate(2), WEEKS,
                List.of(ChangingWorld.endOfWeek(56), ChangingWorld.endOfWeek(64), ChangingWorld.endOfWeek(72)));
        assertEquals(2 * 6, stable.rows().size(), "6 features (with amounts), 2 pairs of origins");
        for (FeatureStability.Row r : stable.rows()) {
            if (r.feature().equals("frequency")) {
                assertTrue(r.rankCorrelation() > 0.9, r.toString());
            }
        }
        assertTrue(stable.stableFeatures().contains("frequency"), stable.rows().toString());
        var collapse = FeatureStability.of(new ChangingWorld(40, 80, 60, 0.1, Double.POSITIVE_INFINITY, 1).simulate(2),
                WEEKS, List.of(ChangingWorld.endOfWeek(56), ChangingWorld.endOfWeek(64), ChangingWorld.endOfWeek(72)));
        assertFalse(collapse.stable("inactivity"), collapse.rows().toString());
        assertTrue(collapse.toTable().columnNames().containsAll(List.of("feature", "psi", "rank_correlation", "stable")));
    }

    @Test
    void spearmanAveragesTies() {
        assertEquals(1.0, FeatureStability.spearman(new double[] {1, 2, 2, 3}, new double[] {10, 20, 20, 30}), 1e-12);
        assertEquals(-1.0, FeatureStability.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        assertTrue(Double.isNaN(FeatureStability.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    }
}
