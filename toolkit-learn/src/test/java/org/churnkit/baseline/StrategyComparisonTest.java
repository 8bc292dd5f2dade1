package org.churnkit.baseline;

import org.churnkit.cost.*;
import org.churnkit.cost.testing.ChurnSimulation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Spec §0.4 / issue 4: on a simulated base where low-value customers churn most, the churn model
 * ranks churners better (higher AUC) while the value-weighted model earns far more.
 */
class StrategyComparisonTest {
    @Test
    void churnModelWinsOnAucValueModelFarAheadOnProfit() {
        StrategyComparison r = StrategyComparison.run(20261124L, 10_000);
        // The table is in every failure message (and StrategyComparison.main prints it); a passing
        // test stays quiet.
        assertTrue(r.aucChurnModel() > r.aucValueModel() + 0.02, "churn model ahead on AUC:\n" + r.report());
        assertTrue(r.profitValueModel() > 0, "value model earns money:\n" + r.report());
        // "Far ahead": at least 1.5 times the churn model's profit (or the churn model loses money).
        assertTrue(r.profitValueModel() > 1.5 * Math.max(r.profitChurnModel(), 0), "value model far ahead:\n" + r.report());
        assertTrue(r.empIndValueModel() > r.empIndChurnModel(), "EMP_ind agrees:\n" + r.report());
    }
}
