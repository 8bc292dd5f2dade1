package org.churnkit.monitor;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.churnkit.io.ColumnTable;

/**
 * The verdict of a {@link ChangeMonitor}: the status, the evidence (which statistic crossed which
 * threshold at which period) and every series, period by period.
 *
 * @param status the verdict
 * @param evidence the crossings, one per statistic that crossed (empty when the status is OK)
 * @param series the monitored series
 * @param forecasts the periods monitored
 * @param alarm the alarm test
 * @param warning the warning test
 * @param warmup periods of the self-starting baseline
 * @param standardisation how residuals were standardised
 * @param periods number of periods monitored
 * @param modelScaledAlarm the alarm test of the model-scaled repeat-transaction series
 */
public record MonitorReport(ChangeMonitor.Status status, List<Evidence> evidence, List<Series> series,
                            PeriodForecasts forecasts, Cusum alarm, Cusum warning, int warmup,
                            ChangeMonitor.Standardisation standardisation, int periods, Cusum modelScaledAlarm) {
    /**
     * Copies the lists.
     */
    public MonitorReport {
        evidence = List.copyOf(evidence);
        series = List.copyOf(series);
    }

    /**
     * One threshold crossing.
     *
     * @param level what the crossing means: {@link ChangeMonitor.Status#DRIFTING} or {@link ChangeMonitor.Status#RETRAIN}
     * @param statistic what crossed, e.g. "repeat_transactions CUSUM" or "score PSI"
     * @param period the period, from 1
     * @param periodEnd the last day of that period
     * @param value the statistic's value
     * @param threshold the threshold crossed
     * @param message one sentence saying all of it
     */
    public record Evidence(ChangeMonitor.Status level, String statistic, int period, LocalDate periodEnd, double value,
                           double threshold, String message) {}

    /**
     * One monitored series.
     *
     * @param name "repeat_transactions", "repeat_model_scaled", "new_customers" or "spend"
     * @param actual actual value per period
     * @param forecast forecast per period
     * @param residual residual standardised by the model's variance, {@code (actual - forecast)/sd}
     * @param z the value the CUSUM saw (after self-starting standardisation, if chosen)
     * @param up upper CUSUM statistic per period
     * @param down lower CUSUM statistic per period
     * @param alarmPeriod first period (from 1) at which the alarm test signalled, 0 if none
     * @param warningPeriod first period (from 1) at which the warning test signalled, 0 if none
     */
    public record Series(String name, double[] actual, double[] forecast, double[] residual, double[] z, double[] up,
                         double[] down, int alarmPeriod, int warningPeriod) {
        /**
         * Copies the arrays.
         */
        public Series {
            actual = actual.clone();
            forecast = forecast.clone();
            residual = residual.clone();
            z = z.clone();
            up = up.clone();
            down = down.clone();
        }

        /**
         * The larger CUSUM side at a period.
         *
         * @param period from 1
         * @return {@code max(S+, S-)}
         */
        public double statisticAt(int period) {
            return Math.max(up[period - 1], down[period - 1]);
        }

        /**
         * Which side is the larger at a period.
         *
         * @param period from 1
         * @return "up" or "down"
         */
        public String directionAt(int period) {
            return up[period - 1] >= down[period - 1] ? "up" : "down";
        }

        /**
         * The actual value per period (a copy).
         *
         * @return one value per period
         */
        @Override
        public double[] actual() {
            return actual.clone();
        }

        /**
         * The forecast per period (a copy).
         *
         * @return one value per period
         */
        @Override
        public double[] forecast() {
            return forecast.clone();
        }

        /**
         * The standardised residual per period (a copy).
         *
         * @return one value per period
         */
        @Override
        public double[] residual() {
            return residual.clone();
        }

        /**
         * The value the CUSUM saw per period (a copy).
         *
         * @return one value per period
         */
        @Override
        public double[] z() {
            return z.clone();
        }

        /**
         * The upper CUSUM statistic per period (a copy).
         *
         * @return one value per period
         */
        @Override
        public double[] up() {
            return up.clone();
        }

        /**
         * The lower CUSUM statistic per period (a copy).
         *
         * @return one value per period
         */
        @Override
        public double[] down() {
            return down.clone();
        }
    }

    /**
     * The first crossing at the given level or worse, if any.
     *
     * @param level {@link ChangeMonitor.Status#DRIFTING} or {@link ChangeMonitor.Status#RETRAIN}
     * @return the earliest period of such a crossing, 0 if none
     */
    public int firstPeriod(ChangeMonitor.Status level) {
        return evidence.stream().filter(e -> e.level().compareTo(level) >= 0).mapToInt(Evidence::period).min()
                .orElse(0);
    }

    /**
     * The series with this name.
     *
     * @param name the series name
     * @return the series
     * @throws IllegalArgumentException when there is none
     */
    public Series series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no series " + name));
    }

    /**
     * One line: the status and the evidence.
     *
     * @return e.g. "retrain: repeat_transactions: CUSUM down 8.31 &gt; 8.00 at period 12 ..."
     */
    public String summary() {
        return status.id() + (evidence.isEmpty() ? ": no statistic crossed a threshold over " + periods + " periods"
                : ": " + evidence.stream().map(Evidence::message).collect(Collectors.joining("; ")));
    }

    /**
     * The test settings and their false-alarm rates, one sentence.
     *
     * @return the description
     */
    public String testDescription() {
        return String.format(Locale.ROOT, "two-sided CUSUM k=%.2f on %s residuals; alarm h=%.2f (in-control average "
                        + "run length %.0f periods, false alarm within %d periods %.2f %%), warning h=%.2f (ARL %.0f)",
                alarm.k(), standardisation == ChangeMonitor.Standardisation.SELF_STARTING
                        ? "self-starting (" + warmup + "-period warm-up)" : "model-standardised",
                alarm.h(), alarm.averageRunLength(), periods, 100 * alarm.falseAlarmProbability(periods), warning.h(),
                warning.averageRunLength())
                + String.format(Locale.ROOT, "; %s: repeat transactions self-started in the mean and scaled by the "
                        + "model's variance, alarm h=%.2f (ARL %.0f, false alarm within %d periods %.2f %%)",
                ChangeMonitor.MODEL_SCALED, modelScaledAlarm.h(), modelScaledAlarm.averageRunLength(), periods,
                100 * modelScaledAlarm.falseAlarmProbability(periods));
    }

    /**
     * Period-by-period table: period, period_end, then for each series its actual, forecast,
     * standardised residual, z and the two CUSUM sides (the model-scaled series without its actual and
     * forecast, those of repeat_transactions), and the score PSI (empty where not computed).
     *
     * @return the table
     */
    public ColumnTable toTable() {
        List<PeriodForecasts.Period> ps = forecasts.periods();
        int n = ps.size();
        ColumnTable.Builder b = ColumnTable.builder();
        b.addLong("period", ps.stream().mapToLong(PeriodForecasts.Period::index).toArray());
        b.addString("period_end", ps.stream().map(p -> p.end().toString()).toArray(String[]::new));
        b.addLong("customers", ps.stream().mapToLong(PeriodForecasts.Period::customers).toArray());
        for (Series s : series) {
            if (!s.name().equals(ChangeMonitor.MODEL_SCALED)) { // same actual and forecast as repeat_transactions
                b.addDouble(s.name(), s.actual);
                b.addDouble(s.name() + "_forecast", s.forecast);
            }
            b.addDouble(s.name() + "_residual", s.residual);
            b.addDouble(s.name() + "_z", s.z);
            b.addDouble(s.name() + "_cusum_up", s.up);
            b.addDouble(s.name() + "_cusum_down", s.down);
        }
        b.addDouble("score_psi", ps.stream().mapToDouble(PeriodForecasts.Period::scorePsi).toArray());
        return b.build();
    }
}
