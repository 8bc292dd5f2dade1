package org.churnkit.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.model.ParetoNbd;
import org.junit.jupiter.api.Test;

class PeriodForecastsTest {

    @Test
    void fastCutsEqualTheSummarisersSplit() {
        TransactionLog log = new ChangingWorld(15, 60, 30, 0.5, Double.POSITIVE_INFINITY, 1).simulate(5);
        for (MergePeriod merge : new MergePeriod[] {MergePeriod.DAY, MergePeriod.WEEK, MergePeriod.NONE}) {
            SummaryOptions o = SummaryOptions.defaults().withUnit(TimeUnit.DAYS).withMerge(merge).withDropAfterEnd(true);
            PeriodHistories ph = PeriodHistories.of(log, o);
            for (int w : new int[] {10, 31, 52}) {
                LocalDate from = ChangingWorld.endOfWeek(w);
                LocalDate to = from.plusDays(7);
                PeriodForecasts.Cut slow = PeriodForecasts.Cut.of(log, o, from, to);
                PeriodForecasts.Cut fast = PeriodForecasts.Cut.of(ph, log, from, to);
                assertArrayEquals(slow.ids(), fast.ids(), merge + " " + w);
                assertArrayEquals(slow.x(), fast.x());
                assertArrayEquals(slow.tx(), fast.tx(), 1e-12);
                assertArrayEquals(slow.age(), fast.age(), 1e-12);
                assertArrayEquals(slow.monetary(), fast.monetary(), 1e-9);
                assertArrayEquals(slow.holdout(), fast.holdout());
                assertArrayEquals(slow.holdoutSpend(), fast.holdoutSpend(), 1e-9);
            }
        }
    }

    @Test
    void forecastsMatchTheModelOnItsOwnWorld() {
        // With the true parameters the one-step forecasts are unbiased: over 40 weeks the summed
        // residual stays within 3 of its predictive standard deviations.
        TransactionLog log = ChangingWorld.stable(40, 92).simulate(11);
        ParetoNbd truth = ParetoNbd.of(ChangingWorld.R, ChangingWorld.ALPHA, ChangingWorld.S, ChangingWorld.BETA);
        PeriodForecasts f = PeriodForecasts.compute(truth, Optional.empty(), log,
                SummaryOptions.defaults().withUnit(TimeUnit.WEEKS), ChangingWorld.endOfWeek(52), 7, 40, 4);
        assertEquals(40, f.periods().size());
        double a = 0;
        double e = 0;
        double v = 0;
        for (PeriodForecasts.Period p : f.periods()) {
            a += p.transactions();
            e += p.expectedTransactions();
            v += p.transactionVariance();
            assertTrue(p.newCustomers() >= 0);
        }
        assertTrue(Math.abs(a - e) < 3 * Math.sqrt(v), a + " vs " + e + " sd " + Math.sqrt(v));
    }
}
