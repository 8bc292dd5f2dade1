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

    /** Split a log at a day: the rows up to its end, and those after. */
    static TransactionLog[] splitAt(TransactionLog log, LocalDate day) {
        long end = org.churnkit.data.PeriodEnd.of(day).lastSecond();
        java.util.List<Integer> a = new java.util.ArrayList<>();
        java.util.List<Integer> b = new java.util.ArrayList<>();
        for (int r = 0; r < log.size(); r++) {
            (log.time(r) <= end ? a : b).add(r);
        }
        TransactionLog[] out = new TransactionLog[2];
        int i = 0;
        for (java.util.List<Integer> rows : java.util.List.of(a, b)) {
            out[i++] = TransactionLog.of(rows.stream().map(r -> log.customerId(log.customerCode(r))).toArray(String[]::new),
                    rows.stream().mapToLong(log::time).toArray(), rows.stream().mapToDouble(log::amount).toArray());
        }
        return out;
    }

    /**
     * The daily job's input: a summary state saved at (or before) the calibration end and the
     * transactions since give the same periods as the whole log, weekly merging included.
     */
    @Test
    void aSummaryStateAndTheNewTransactionsGiveTheWholeLogsForecasts() {
        TransactionLog log = ChangingWorld.stable(25, 70).simulate(8);
        ParetoNbd m = ParetoNbd.of(ChangingWorld.R, ChangingWorld.ALPHA, ChangingWorld.S, ChangingWorld.BETA);
        for (MergePeriod merge : new MergePeriod[] {MergePeriod.DAY, MergePeriod.WEEK}) {
            SummaryOptions o = SummaryOptions.defaults().withUnit(TimeUnit.WEEKS).withMerge(merge);
            // daily merging: a mid-week cut; weekly merging: periods on week boundaries (see the javadoc)
            LocalDate since = ChangingWorld.endOfWeek(52).plusDays(merge == MergePeriod.DAY ? 3 : 0);
            for (LocalDate stateEnd : new LocalDate[] {since, since.minusDays(merge == MergePeriod.DAY ? 10 : 14)}) {
                TransactionLog[] parts = splitAt(log, stateEnd);
                org.churnkit.data.SummaryState state = org.churnkit.data.SummaryState.of(parts[0], o,
                        org.churnkit.data.PeriodEnd.of(stateEnd));
                long rowsBefore = state.rowsRead();
                PeriodForecasts whole = PeriodForecasts.compute(m, Optional.empty(), log, o, since, 7, 12, 4);
                PeriodForecasts fromState = PeriodForecasts.compute(m, Optional.empty(), state, parts[1], since, 7, 12, 4);
                assertEquals(rowsBefore, state.rowsRead(), "the caller's state is not changed");
                for (int n = 0; n < 12; n++) {
                    PeriodForecasts.Period w = whole.periods().get(n);
                    PeriodForecasts.Period f = fromState.periods().get(n);
                    String at = merge + " state end " + stateEnd + " period " + (n + 1);
                    assertEquals(w.customers(), f.customers(), at);
                    assertEquals(w.transactions(), f.transactions(), at);
                    assertEquals(w.expectedTransactions(), f.expectedTransactions(), 1e-9 * w.expectedTransactions(), at);
                    assertEquals(w.transactionVariance(), f.transactionVariance(), 1e-9 * w.transactionVariance(), at);
                    assertEquals(w.newCustomers(), f.newCustomers(), at);
                    assertEquals(w.expectedNewCustomers(), f.expectedNewCustomers(), 1e-12, at);
                    assertEquals(w.spend(), f.spend(), 1e-6 * Math.max(1, w.spend()), at);
                    assertEquals(w.expectedSpend(), f.expectedSpend(), 1e-6 * w.expectedSpend(), at);
                }
            }
        }
        TransactionLog[] parts = splitAt(log, ChangingWorld.endOfWeek(52));
        org.churnkit.data.SummaryState late = org.churnkit.data.SummaryState.of(parts[0],
                SummaryOptions.defaults().withUnit(TimeUnit.WEEKS), org.churnkit.data.PeriodEnd.of(ChangingWorld.endOfWeek(52)));
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.churnkit.ChurnkitException.class,
                () -> PeriodForecasts.compute(m, Optional.empty(), late, parts[1], ChangingWorld.endOfWeek(50), 7, 4, 4));
        assertTrue(e.getMessage().contains("after the calibration end"), e.getMessage());
        var e2 = org.junit.jupiter.api.Assertions.assertThrows(org.churnkit.ChurnkitException.class,
                () -> PeriodForecasts.compute(m, Optional.empty(), late, log, ChangingWorld.endOfWeek(52), 7, 4, 4));
        assertTrue(e2.getMessage().contains("at or before the summary state's end"), e2.getMessage());
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
