package org.churnkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParetoNbd;
import org.junit.jupiter.api.Test;

/**
 * The must-hold checks of change detection on simulated worlds with known changes: a Pareto/NBD
 * model is fitted to the first year (week 52), then the next periods (weeks) are monitored.
 */
class ChangeMonitorTest {
    static final SummaryOptions WEEKS = SummaryOptions.defaults().withUnit(TimeUnit.WEEKS);
    static final int FIT_WEEK = 52;

    static ParetoNbd fit(TransactionLog log, int week) {
        var s = Summarizer.summarize(log, WEEKS.withObservationEnd(PeriodEnd.of(ChangingWorld.endOfWeek(week)))
                .withDropAfterEnd(true));
        return ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), Histories.of(s)).model();
    }

    static MonitorReport monitor(TransactionLog log, int fitWeek, int periods) {
        ParetoNbd model = fit(log, fitWeek);
        LocalDate start = ChangingWorld.endOfWeek(fitWeek);
        PeriodForecasts f = PeriodForecasts.compute(model, Optional.empty(), log, WEEKS, start, 7, periods,
                ChangeMonitor.DEFAULT_PSI_LAG);
        return ChangeMonitor.of().assess(f);
    }

    @Test
    void purchaseRateHalvingIsSignalledWithinEightPeriods() {
        // rate halves at week 78, 26 weeks into the monitoring
        ChangingWorld w = new ChangingWorld(40, 130, 78, 0.5, Double.POSITIVE_INFINITY, 1);
        List<Integer> delays = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            MonitorReport r = monitor(w.simulate(seed), FIT_WEEK, 130 - FIT_WEEK);
            int first = r.firstPeriod(ChangeMonitor.Status.RETRAIN);
            assertTrue(first > 0, () -> "no alarm: " + r.summary());
            int delay = first - (78 - FIT_WEEK);
            assertTrue(delay >= 1, () -> "alarm before the change: " + r.summary());
            delays.add(delay);
        }
        System.out.println("rate halving: periods from the change to the alarm " + delays);
        assertTrue(delays.stream().allMatch(d -> d <= 8), delays::toString);
    }

    /**
     * Dropout doubling at week 78 shows in the tracked residuals: the repeat transactions fall below
     * the one-step forecasts: the mean standardised residual over the 52 weeks after the change is
     * negative in every seed and, averaged over the seeds, 0.4 below the 26 weeks before it. One-step forecasts
     * condition on each customer's history, so they learn of the extra deaths from the silence that
     * follows; the shift is about one standard deviation and builds up slowly, and the
     * self-starting CUSUM, whose baseline follows slow shifts, signals it within 78 periods in only
     * 1 of these 10 seeds (measured; a lower k = 0.25 with h = 14 caught 6 of 10 at 2 false alarms
     * in 100 stable seeds). The purchase-rate change, abrupt, is what the test is tuned for.
     * Also measured on these worlds: a baseline frozen after 13 to 26 warm-up periods instead of the
     * running one, or the model's own standardisation, caught at most 8 of 10 within 51 periods and
     * only with false alarms in 2 to 57 of 100 stable seeds; the fixed cohort followed from the fit
     * date ({@link CohortTracking}) with its estimation variance did not separate the change from
     * estimation error either (see there).
     */
    @Test
    void dropoutDoublingShowsInTheResiduals() {
        ChangingWorld w = new ChangingWorld(40, 156, Double.POSITIVE_INFINITY, 1, 78, 2.0);
        double[] drops = new double[10];
        double[] afters = new double[10];
        for (int seed = 1; seed <= 10; seed++) {
            MonitorReport r = monitor(w.simulate(seed), FIT_WEEK, 156 - FIT_WEEK);
            double[] e = r.series("repeat_transactions").residual();
            double before = 0;
            for (int i = 0; i < 26; i++) {
                before += e[i] / 26;
            }
            double after = 0;
            for (int i = 26; i < 78; i++) {
                after += e[i] / 52;
            }
            afters[seed - 1] = after;
            drops[seed - 1] = after - before;
        }
        System.out.println("dropout doubling: mean residual after the change " + java.util.Arrays.toString(afters)
                + ", drop from before " + java.util.Arrays.toString(drops));
        assertTrue(java.util.Arrays.stream(afters).allMatch(a -> a < 0), java.util.Arrays.toString(afters));
        assertTrue(java.util.Arrays.stream(drops).average().orElseThrow() < -0.4, java.util.Arrays.toString(drops));
    }

    @Test
    void noAlarmOverTwoYearsWithoutChange() {
        int seeds = Integer.getInteger("seeds", 100);
        int periods = 104;
        ChangingWorld w = ChangingWorld.stable(6, FIT_WEEK + periods);
        long start = System.nanoTime();
        int[] outcome = IntStream.range(0, seeds).parallel().map(i -> {
            MonitorReport r = monitor(w.simulate(1000 + i), FIT_WEEK, periods);
            if (r.status() == ChangeMonitor.Status.RETRAIN) {
                System.out.println("seed " + (1000 + i) + ": " + r.summary());
            }
            return r.status().ordinal();
        }).toArray();
        long alarms = IntStream.of(outcome).filter(o -> o == ChangeMonitor.Status.RETRAIN.ordinal()).count();
        long warnings = IntStream.of(outcome).filter(o -> o == ChangeMonitor.Status.DRIFTING.ordinal()).count();
        System.out.printf("no change: %d of %d seeds alarmed, %d warned, %.1f s%n", alarms, seeds, warnings,
                (System.nanoTime() - start) / 1e9);
        // At most 1 alarm in 100 seeds: the false-alarm probability over two years is below 4.7 % with
        // 95 % confidence (Clopper-Pearson), so no alarm in at least 95 % of seeds.
        assertTrue(alarms <= 1, () -> alarms + " of " + seeds + " seeds alarmed");
    }
}
