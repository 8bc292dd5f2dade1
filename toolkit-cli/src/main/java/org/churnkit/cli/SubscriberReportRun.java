package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.SubscriberHistories;
import org.churnkit.contractual.SubscriptionReadOptions;
import org.churnkit.contractual.Subscriptions;
import org.churnkit.contractual.SurvivalBand;
import org.churnkit.contractual.SurvivorCurve;
import org.churnkit.contractual.SurvivorTable;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.report.SubscriberReport;

/**
 * {@code report} with a subscription model: the scores {@code score} wrote for subscribers, each
 * cohort's model file and, with {@code --survivors}, the actual survivor curves, drawn by the
 * library's {@link SubscriberReport}.
 */
final class SubscriberReportRun {
    private SubscriberReportRun() {}

    /**
     * The renewal period to read a subscription table with: {@code --period} when given, else
     * the model file's (the first per-cohort file's when {@code --model} names none).
     */
    private static org.churnkit.data.TimeUnit modelPeriod(ReportCommand cmd) {
        if (cmd.spec.commandLine().getParseResult().hasMatchedOption("--period")) {
            return cmd.subscriptions.period();
        }
        Path f = Files.isRegularFile(cmd.modelFile) ? cmd.modelFile : SubscriptionScore.cohortFiles(cmd.modelFile)
                .stream().findFirst().orElse(null);
        return f == null ? cmd.subscriptions.period() : ContractualModels.read(f, cmd.subscriptions.period()).period();
    }

    static int run(ReportCommand cmd, Path survivors) {
        PrintWriter err = cmd.spec.commandLine().getErr();
        double level = cmd.intervals != null ? cmd.intervals : 0.9;
        if (!(level > 0 && level < 1)) {
            throw new ChurnkitException("--intervals: expected a level in (0, 1), e.g. 0.9, got " + level);
        }
        ColumnTable s = TableIO.read(cmd.scores, null, Map.of("periods", ColumnType.LONG, "p_renewal",
                ColumnType.DOUBLE, "derl", ColumnType.DOUBLE), true);
        double[] value = s.has("residual_value") ? s.finiteDoubles("residual_value") : null;
        SubscriberReport.Scores scores = new SubscriberReport.Scores(s.longs("periods"), s.finiteDoubles("p_renewal"),
                s.finiteDoubles("derl"), value);
        SubscriptionTableOptions so = cmd.subscriptions;
        SurvivorTable actual = null;
        // a subscription table: each cohort's Kaplan-Meier curve, which uses every subscriber's tenure
        Map<String, double[]> observed = null;
        if (survivors != null) {
            SubscriptionReadOptions ro = so.readOptions("customer_id", null, "auto", java.time.ZoneOffset.UTC, null)
                    .withPeriod(modelPeriod(cmd));
            ColumnTable table = Subscriptions.readTable(survivors, ro);
            if (so.isSurvivorTable(table.columnNames())) {
                actual = SurvivorTable.from(table, so.periodColumn, so.survivorsColumn,
                        table.columnNames().contains(so.cohortColumn) ? so.cohortColumn : null);
            } else {
                Subscriptions subs;
                try {
                    subs = Subscriptions.from(table, ro);
                } catch (IllegalArgumentException e) {
                    throw new ChurnkitException(survivors + ": " + e.getMessage(), e);
                }
                SubscriptionReport.print(err, "report", survivors, subs);
                observed = new java.util.LinkedHashMap<>();
                for (String label : subs.cohortLabels()) {
                    SubscriberHistories h = subs.histories(label);
                    double[] km = h.observedSurvival(h.maxPeriods());
                    observed.put(label, km);
                    err.printf(java.util.Locale.ROOT, "report: cohort '%s': the actual curve is the Kaplan-Meier "
                            + "estimate from %,d subscribers, to period %d%n", label, (long) h.subscribers(),
                            km.length - 1);
                }
            }
        }
        Set<String> labels = new LinkedHashSet<>();
        if (observed != null) {
            labels.addAll(observed.keySet());
        } else if (actual != null) {
            actual.cohorts().forEach(c -> labels.add(c.cohort()));
        } else if (s.has("cohort")) {
            labels.addAll(new java.util.TreeSet<>(List.of(s.stringsOf("cohort"))));
        } else {
            labels.add(SurvivorTable.ALL);
        }
        boolean single = Files.isRegularFile(cmd.modelFile);
        List<SubscriberReport.Cohort> cohorts = new ArrayList<>();
        String period = null;
        for (String label : labels) {
            Path f = single ? cmd.modelFile : SubscriptionFit.cohortFile(cmd.modelFile, label);
            if (!Files.isRegularFile(f)) {
                throw new ChurnkitException("no model for cohort '" + label + "': expected " + f);
            }
            ContractualModels.Read r = ContractualModels.read(f, cmd.timeUnit);
            period = r.period().label();
            SurvivorCurve a = actual == null ? null : actual.cohort(label);
            double[] km = observed == null ? null : observed.get(label);
            int seen = a != null ? a.periods() : km != null ? km.length - 1 : -1;
            int last = cmd.horizon != null ? (int) Math.round(cmd.horizon)
                    : Math.max(12, seen >= 0 ? seen + Math.max(6, seen / 2) : 12);
            if (last < 1) {
                throw new ChurnkitException("--horizon: expected the last period to draw, 1 or more");
            }
            SurvivalBand band = null;
            boolean effects = r.contents().fit() != null && !r.contents().fit().covariateNames().isEmpty();
            org.churnkit.contractual.ContractualModel model = SubscriptionScore.cohortModel(r, label, err);
            if (effects && r.contents().fit().covariateNames().contains("cohort=" + label)) {
                // the band of a cohort fit is drawn for its baseline cohort only
                err.println("report: cohort '" + label + "' of a fit with cohort effects is drawn without an interval");
            } else if (r.contents().fit() != null) {
                try {
                    band = SurvivalBand.of(r.contents().fit(), last, level, cmd.draws, cmd.seed);
                } catch (ChurnkitException e) {
                    err.println("report: " + f + ": " + e.getMessage());
                }
            } else {
                err.println("report: " + f + " holds no fit (parameters only): the curves are drawn without intervals");
            }
            cohorts.add(new SubscriberReport.Cohort(label, model, a, band, level, last, km));
        }
        SubscriberReport.of(cmd.currency.applyTo(cmd.lang.messages()), cmd.title, period, cohorts, scores)
                .write(cmd.output);
        err.println("report: wrote " + cmd.output + " (" + cohorts.size() + " cohort(s), " + scores.periods().length
                + " active subscribers)");
        err.flush();
        return 0;
    }
}
