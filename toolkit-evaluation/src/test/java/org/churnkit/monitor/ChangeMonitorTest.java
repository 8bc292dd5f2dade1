package org.churnkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
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

    /**
     * Arrivals per week of the worlds below: 8,300 customers at the fit after 52 weeks, 25,000 two years
     * later. A doubled dropout moves the weekly repeat transactions by about 2 model standard
     * deviations here; at 40 a week (a quarter of the base) by about 1, and the CUSUM missed it in 9
     * of 20 seeds: the evidence grows with the square root of the customer base.
     */
    static final double ARRIVALS = 160;
    /** Weeks from the fit to the change. */
    static final int CHANGE_AFTER = 26;

    /** Periods from the change to the first alarm of any series (0 or less: before the change; -1 when none). */
    private static List<String> delays(ChangingWorld w, int periods, long fromSeed, int seeds, String series) {
        return LongStream.range(fromSeed, fromSeed + seeds).parallel().mapToObj(seed -> {
            MonitorReport r = monitor(w.simulate(seed), FIT_WEEK, periods);
            int first = r.firstPeriod(ChangeMonitor.Status.RETRAIN);
            int own = r.series(series).alarmPeriod();
            return (first > 0 ? first - CHANGE_AFTER : -1) + "/" + (own > 0 ? own - CHANGE_AFTER : -1);
        }).toList();
    }

    @Test
    void purchaseRateHalvingIsSignalledWithinFourPeriods() {
        ChangingWorld w = new ChangingWorld(ARRIVALS, FIT_WEEK + 39, FIT_WEEK + CHANGE_AFTER, 0.5,
                Double.POSITIVE_INFINITY, 1);
        List<String> d = delays(w, 39, 1, 10, ChangeMonitor.MODEL_SCALED);
        System.out.println("rate halving: periods from the change to the first alarm / the model-scaled alarm " + d);
        for (String s : d) {
            int any = Integer.parseInt(s.split("/")[0]);
            int own = Integer.parseInt(s.split("/")[1]);
            assertTrue(any >= 1 && any <= 4, d::toString);
            assertTrue(own >= 1 && own <= 4, d::toString);
        }
    }

    /**
     * Dropout doubling 26 weeks after the fit: the model-scaled repeat-transaction CUSUM must signal
     * within 26 periods of the change in at least 9 of 10 seeds, and no series before the change.
     * Measured on these seeds: 10 to 24 periods after the change (tuned on seeds 500 to 519: 8 to 22;
     * seeds 3000 to 3029: 8 to 21).
     */
    @Test
    void dropoutDoublingIsSignalledWithin26Periods() {
        ChangingWorld w = new ChangingWorld(ARRIVALS, FIT_WEEK + 2 * CHANGE_AFTER, Double.POSITIVE_INFINITY, 1,
                FIT_WEEK + CHANGE_AFTER, 2.0);
        List<String> d = delays(w, 2 * CHANGE_AFTER, 1, 10, ChangeMonitor.MODEL_SCALED);
        System.out.println("dropout doubling: periods from the change to the first alarm / the model-scaled alarm " + d);
        long detected = d.stream().mapToInt(s -> Integer.parseInt(s.split("/")[1])).filter(x -> x >= 1).count();
        assertTrue(d.stream().mapToInt(s -> Integer.parseInt(s.split("/")[0])).allMatch(x -> x == -1 || x >= 1),
                () -> "an alarm before the change: " + d);
        assertTrue(detected >= 9, () -> detected + " of 10 detected: " + d);
    }

    @Test
    void noAlarmOverTwoYearsWithoutChange() {
        int seeds = Integer.getInteger("seeds", 40);
        int periods = 104;
        ChangingWorld w = ChangingWorld.stable(ARRIVALS, FIT_WEEK + periods);
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
        // At most 2.5 % of the seeds (1 of 40; measured: 1, seed 1010's spend): under a true rate of 5 %
        // that passes with probability 0.40, under the 1.4 % the CUSUMs' in-control ARLs give with 0.89.
        // -Dseeds=N for a larger run (seeds 2000 to 2099, run separately: 1 alarm in 100).
        assertTrue(alarms <= seeds / 40, () -> alarms + " of " + seeds + " seeds alarmed");
    }
}
