package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.churnkit.data.Exclusions;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.model.Histories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The odd-row rules of real logs hold in backtests and baselines too (see the core's RealLogRulesTest). */
class RealLogRulesEvaluationTest {
    @TempDir
    Path dir;

    private TransactionLog log() throws IOException {
        return org.churnkit.testing.OddRowsLog.write(dir);
    }

    @Test
    void backtestSplitsDropTheRowsTheSummariesDrop() throws IOException {
        TransactionLog log = log();
        SummaryOptions o = SummaryOptions.defaults().withUnit(TimeUnit.DAYS);
        OriginSplits all = OriginSplits.of(log, MergePeriod.DAY, TimeUnit.DAYS, log.time(0) / 86_400 * 86_400);
        OriginSplits rule = OriginSplits.of(log, MergePeriod.DAY, TimeUnit.DAYS, log.time(0) / 86_400 * 86_400,
                Summarizer.transactionRows(log, o));
        OriginPlan plan = OriginPlan.builder(0, 6).origins(new double[] {3}).horizon(2).expanding().build();
        // born before day 3: a, b and, without the refund rule, c (its refund on day 2)
        assertEquals(3, all.at(plan.origins().get(0), 1).size());
        assertEquals(2, rule.at(plan.origins().get(0), 1).size());
        assertEquals(1, Summarizer.amountExclusions(log, o).count(Exclusions.NEGATIVE_AMOUNT));
    }

    @Test
    void baselinesGiveANewCustomerThePopulationRate() {
        Histories h = Histories.of(new double[] {2, 4, 0}, new double[] {5, 8, 0}, new double[] {10, 10, 0});
        var stays = EveryoneStays.of(h);
        assertEquals(0.3, stays.populationRate(), 1e-15); // (0.2 + 0.4) / 2: the T = 0 row has no rate
        assertEquals(0.3 * 5, stays.expectedTransactions(0, 0, 0, 5), 1e-15);
        var last = LastPeriodRate.of(h, 4, new double[] {1, 2, 0});
        assertEquals(last.populationRate(), last.rate(2), 0.0);
        assertTrue(Double.isFinite(last.rate(2)));
    }
}
