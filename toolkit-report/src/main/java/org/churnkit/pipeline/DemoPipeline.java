package org.churnkit.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.cost.CampaignList;
import org.churnkit.cost.Targeting;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.Exclusions;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.Summarizer;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.churnkit.evaluation.EveryoneStays;
import org.churnkit.evaluation.HoldoutResult;
import org.churnkit.evaluation.HoldoutSplit;
import org.churnkit.evaluation.HoldoutValidation;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.model.BgNbd;
import org.churnkit.model.FitData;
import org.churnkit.model.FitResult;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.Histories;
import org.churnkit.model.LikelihoodFunction;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ModelRegistry;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.Scores;
import org.churnkit.model.SimulatedLogs;
import org.churnkit.model.Tracking;
import org.churnkit.report.CustomerReport;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.Segmentation;
import org.churnkit.segment.Segmenter;

/**
 * The whole churnkit pipeline on a simulated customer base, as {@code churnkit demo} runs it:
 *
 * <ol>
 *   <li>simulate a log: Pareto/NBD purchasing with the CDNOW estimates of Fader, Hardie and Lee
 *       (2005), r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67 per week, and Gamma-Gamma spend
 *       with their CDNOW estimates p = 6.25, q = 3.74, gamma = 15.44; 78 weeks from 2024-01-01,
 *       first purchases over the first 12 weeks, daily dates ({@link SimulatedLogs});</li>
 *   <li>read it back, summarise it and split it at week 39;</li>
 *   <li>fit Pareto/NBD, BG/NBD and Gamma-Gamma on the whole period (model files) and Pareto/NBD
 *       and BG/NBD on the calibration period (holdout check);</li>
 *   <li>score: P(alive), expected transactions over the next 52 weeks, DERT at 15 % a year, CLV at a
 *       30 % margin, alive value and value at risk ({@link Scoring}, {@link org.churnkit.model.CustomerValue});</li>
 *   <li>segment with k-means ({@link Segmenter}), plan a retention campaign on churn risk and value at
 *       stake (the alive value; {@link CampaignList})
 *       ({@link Targeting}), compare predicted and actual holdout transactions per model and with the
 *       everyone-stays baseline ({@link HoldoutValidation}), and write the HTML report
 *       ({@link CustomerReport}).</li>
 * </ol>
 *
 * <p>Deterministic for a given seed. Never prints: progress goes to the callback given to
 * {@link #run}.
 */
public final class DemoPipeline {
    /** Observation start. */
    public static final LocalDate START = LocalDate.of(2024, 1, 1);
    /** Weeks observed. */
    public static final int WEEKS = 78;
    /** Weeks of the calibration period (the rest is the holdout). */
    public static final int CALIBRATION_WEEKS = 39;
    /** Weeks over which customers make their first purchase. */
    public static final int JOIN_WEEKS = 12;
    /** Horizon of expected transactions in the scores, weeks. */
    public static final double HORIZON = 52;
    /** Annual discount rate of DERT and CLV. */
    public static final double DISCOUNT_RATE = 0.15;
    /** Margin on spend in CLV. */
    public static final double MARGIN = 0.3;
    /** Customers with P(alive) at least this count as likely alive. */
    public static final double ALIVE = 0.5;
    /** Every file the demo writes into its directory: the only files it ever replaces there. */
    public static final List<String> FILES = List.of("transactions.csv", "summary.csv", "calibration_holdout.csv",
            "pareto_nbd.json", "bg_nbd.json", "gamma_gamma.json", "scores.csv", "segments.csv", "campaign.csv",
            "holdout.csv", "report.html");

    private final Path dir;
    private final Path input;
    private final int customers;
    private final long seed;
    private final Targeting.Offer offer;
    private final TransactionReadOptions read;
    private final SummaryOptions rules;

    private DemoPipeline(Path dir, Path input, int customers, long seed, Targeting.Offer offer,
                         TransactionReadOptions read, SummaryOptions rules) {
        this.dir = dir;
        this.input = input;
        this.customers = customers;
        this.seed = seed;
        this.offer = offer;
        this.read = read;
        this.rules = rules;
    }

    /**
     * A pipeline over an existing transaction log ({@code customer_id, date, amount}, e.g. the
     * bundled {@code datasets/retail-weekly.csv}) in weeks: observation from the first transaction's
     * day to the last's, the first half for calibration and the second as the holdout.
     *
     * @param dir output directory (created when missing)
     * @param log the transaction log to read
     * @param seed seed of the segmentation
     * @return the pipeline
     */
    public static DemoPipeline ofLog(Path dir, Path log, long seed) {
        return ofLog(dir, log, TransactionReadOptions.defaults(), SummaryOptions.defaults(), seed);
    }

    /**
     * As {@link #ofLog(Path, Path, long)}, reading the log with these options (columns, date
     * format, which amounts to accept) and summarising it with these rules for zero and negative
     * amounts and duplicate rows ({@link SummaryOptions#zeroAmounts()} and the like; the unit,
     * merge period, observation end and cohort of {@code rules} are the demo's own: weeks, days,
     * the last transaction's day, everyone).
     *
     * @param dir output directory (created when missing)
     * @param log the transaction log to read
     * @param read how to read it
     * @param rules the amount and duplicate rules
     * @param seed seed of the segmentation
     * @return the pipeline
     */
    public static DemoPipeline ofLog(Path dir, Path log, TransactionReadOptions read, SummaryOptions rules, long seed) {
        return new DemoPipeline(Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(log, "log"), 0, seed,
                Targeting.Offer.of(0.3, 10, 1), Objects.requireNonNull(read, "read"), Objects.requireNonNull(rules, "rules"));
    }

    /**
     * A pipeline writing into {@code dir}; the campaign offer: 30 % of would-be churners accept, an
     * incentive of 10 when accepted and a contact cost of 1.
     *
     * @param dir output directory (created when missing)
     * @param customers number of simulated customers
     * @param seed seed of the simulation and the segmentation
     * @return the pipeline
     * @throws IllegalArgumentException if {@code customers < 100}
     */
    public static DemoPipeline of(Path dir, int customers, long seed) {
        if (customers < 100) {
            throw new IllegalArgumentException("the demo needs at least 100 customers, got " + customers);
        }
        return new DemoPipeline(Objects.requireNonNull(dir, "dir"), null, customers, seed, Targeting.Offer.of(0.3, 10, 1),
                TransactionReadOptions.defaults(), SummaryOptions.defaults());
    }

    /**
     * One model's (or baseline's) holdout check.
     *
     * @param model model name
     * @param predicted predicted repeat transactions in the holdout, all customers
     * @param actual actual repeat transactions in the holdout
     * @param mae mean absolute error per customer
     */
    public record Holdout(String model, double predicted, double actual, double mae) {}

    /**
     * What the run produced.
     *
     * @param outputs file by description, in pipeline order
     * @param customers customers in the summary
     * @param transactions transactions in the log
     * @param likelyAlive customers with P(alive) >= {@link #ALIVE}
     * @param totalClv sum of CLV, in the money unit of the log
     * @param totalValueAtRisk sum of the value at risk (alive value - CLV), in the money unit of the log
     * @param campaignTargeted customers the campaign contacts
     * @param campaignProfit expected campaign profit
     * @param segments number of segments
     * @param holdout per model and baseline, predicted vs actual holdout repeat transactions
     * @param calibrationWeeks weeks of the calibration period
     * @param weeks weeks of the whole observation (the holdout is the rest; the last may be partial)
     * @param exclusions what the summary and the fits left out or treated by a rule, with counts
     */
    public record Result(Map<String, Path> outputs, int customers, int transactions, int likelyAlive, double totalClv,
                         double totalValueAtRisk, int campaignTargeted, double campaignProfit, int segments, List<Holdout> holdout,
                         int calibrationWeeks, int weeks, Exclusions exclusions) {}

    /**
     * Runs the pipeline.
     *
     * @param progress receives one line per step
     * @return what was written and the headline numbers
     * @throws ChurnkitException if a step fails (for example a fit that does not converge)
     */
    public Result run(Consumer<String> progress) {
        org.churnkit.io.AtomicOutput.claimDirectory(dir, FILES);
        Map<String, Path> out = new LinkedHashMap<>();
        TimeUnit unit = TimeUnit.WEEKS;
        LocalDate start;
        int weeks;
        ColumnTable logTable;
        Path logFile;
        String description;
        LocalDate end;
        if (input == null) {
            // 1. simulate
            start = START;
            weeks = WEEKS;
            LocalDate simEnd = SimulatedLogs.observationEnd(start, unit, weeks);
            progress.accept(String.format(java.util.Locale.ROOT, "simulating %,d customers (seed %d), %s to %s",
                    customers, seed, start, simEnd));
            ParetoNbd truth = ParetoNbd.of(0.55, 10.58, 0.61, 11.67);
            GammaGamma spendTruth = GammaGamma.of(6.25, 3.74, 15.44);
            SimulatedLogs.Result sim = SimulatedLogs.simulate(truth, spendTruth,
                    SimulatedLogs.Plan.of(customers, weeks, JOIN_WEEKS), seed);
            logTable = SimulatedLogs.toTable(sim, start, unit, true);
            logFile = put(out, "transaction log", "transactions.csv");
            end = SimulatedLogs.observationEnd(start, unit, weeks);
            TableIO.write(logTable, logFile);
            description = String.format(java.util.Locale.ROOT, "simulated customer base (seed %d)", seed);
        } else {
            // 1. read the given log; the observation spans its first to its last day
            progress.accept("reading " + input);
            TransactionLog given = TransactionReader.read(input, read);
            logTable = given.toTable("customer_id", "date", given.hasAmounts() ? "amount" : null);
            long[] sec = logTable.timestamps("date");
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long v : sec) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            start = LocalDate.ofEpochDay(Math.floorDiv(min, 86_400L));
            // The observation ends on the last transaction's day, as summarize's default does, so that
            // every transaction is inside it; the weeks (for the halves and the chart) are rounded up,
            // the last one possibly partial. (Rounding the span down to whole weeks once put the end
            // before the last days of the log.)
            end = LocalDate.ofEpochDay(Math.floorDiv(max, 86_400L));
            long days = end.toEpochDay() - start.toEpochDay() + 1;
            weeks = (int) Math.max(2, (days + 6) / 7);
            logFile = input;
            out.put("transaction log (input)", input);
            description = input.getFileName().toString();
        }
        int calWeeks = weeks / 2;
        LocalDate calEnd = SimulatedLogs.observationEnd(start, unit, calWeeks);

        // 2. summarise and split, reading the log back as a user's would be
        progress.accept("summarising and splitting at " + calEnd);
        TransactionLog log = input == null ? TransactionReader.read(logFile) : TransactionReader.read(logFile, read);
        SummaryOptions options = SummaryOptions.defaults().withObservationEnd(PeriodEnd.of(end))
                .withAmountRules(rules.zeroAmounts(), rules.negativeAmounts(), rules.duplicates());
        CustomerSummaries summary = Summarizer.summarize(log, options);
        for (String line : summary.exclusions().lines()) {
            progress.accept("summary: " + line);
        }
        TableIO.write(summary.toTable(false), put(out, "customer summary", "summary.csv"));
        CustomerSummaries split = Summarizer.split(log, PeriodEnd.of(calEnd), options);
        TableIO.write(split.toTable(false), put(out, "calibration and holdout", "calibration_holdout.csv"));

        // 3. fit
        Histories all = Histories.of(summary);
        Histories cal = Histories.of(split);
        ModelFitter fitter = ModelFitter.of(ModelFitter.Settings.defaults().withTimeUnit(unit));
        progress.accept(String.format(java.util.Locale.ROOT, "fitting pareto-nbd, bg-nbd and gamma-gamma to %,d customers", all.size()));
        FitData forTransactions = FitData.of(ModelKind.PARETO_NBD, all);
        FitData forSpend = FitData.of(ModelKind.GAMMA_GAMMA, all);
        // what the fits leave out beyond what the summary already reported
        Exclusions fitExclusions = Exclusions.of(forTransactions.exclusions().plus(forSpend.exclusions()).items().stream()
                .filter(item -> summary.exclusions().count(item.key()) == 0).toList());
        for (String line : fitExclusions.lines()) {
            progress.accept("fits: " + line);
        }
        ParetoNbd pnbd = fit(fitter, ModelRegistry.likelihood(ParetoNbd.class), forTransactions.histories(), out, "pareto_nbd.json", progress);
        fit(fitter, ModelRegistry.likelihood(BgNbd.class), forTransactions.histories(), out, "bg_nbd.json", progress);
        GammaGamma gg = fit(fitter, ModelRegistry.likelihood(GammaGamma.class), forSpend.histories(), out, "gamma_gamma.json", progress);

        // 4. score
        progress.accept("scoring: P(alive), expected transactions over the next 52 weeks, CLV, value at risk");
        Scoring scoring = Scoring.of(pnbd, ScoringSettings.of(HORIZON).withSpendModel(gg)
                .withDiscountRate(unit.continuousRateFromAnnual(DISCOUNT_RATE)).withMargin(MARGIN));
        Scores sc = scoring.score(all);
        String[] ids = summary.ids();
        double[] x = all.frequencies();
        double[] tx = all.recencies();
        double[] age = all.ages();
        double[] m = new double[ids.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = summary.monetaryValue(i);
        }
        // the score file of 'churnkit score': id, the engine's columns, then the history
        ColumnTable.Builder scoreFile = ColumnTable.builder().addString(ScoreColumn.CUSTOMER_ID.column(), ids);
        for (ScoreColumn c : sc.columns()) {
            scoreFile.addDouble(c.column(), sc.get(c));
        }
        TableIO.write(scoreFile.addDouble(ScoreColumn.FREQUENCY.column(), x).addDouble(ScoreColumn.RECENCY.column(), tx)
                .addDouble(ScoreColumn.AGE.column(), age).addDouble(ScoreColumn.MONETARY_VALUE.column(), m)
                .build(), put(out, "scores", "scores.csv"));

        // 5. segment
        progress.accept("segmenting customers (k-means)");
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put(ScoreColumn.FREQUENCY.column(), x);
        cols.put(ScoreColumn.RECENCY.column(), tx);
        cols.put(ScoreColumn.AGE.column(), age);
        cols.put(ScoreColumn.MONETARY_VALUE.column(), m);
        for (ScoreColumn c : List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS, ScoreColumn.CLV,
                ScoreColumn.ALIVE_VALUE, ScoreColumn.VALUE_AT_RISK)) {
            cols.put(c.column(), sc.get(c));
        }
        ScoreColumns scores = ScoreColumns.of(ids, cols);
        Segmentation seg = Segmenter.of().fit(scores, RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1));
        String[] segNames = new String[ids.length];
        for (int i = 0; i < segNames.length; i++) {
            segNames[i] = seg.nameOf(i);
        }
        TableIO.writeForPeople(ColumnTable.builder().addString("customer_id", ids).addString("segment", segNames).build(),
                put(out, "segments", "segments.csv"), null);

        // 6. target
        progress.accept("planning a retention campaign (value-weighted targeting)");
        double[] pChurn = new double[ids.length];
        int alive = 0;
        double totalClv = 0;
        double totalRisk = 0;
        for (int i = 0; i < pChurn.length; i++) {
            pChurn[i] = 1 - sc.pAlive()[i];
            if (sc.pAlive()[i] >= ALIVE) {
                alive++;
            }
            totalClv += sc.clv()[i];
            totalRisk += sc.valueAtRisk()[i];
        }
        // V_i of a retention offer is the value at stake: the alive value (CustomerValue).
        Targeting.Campaign campaign = Targeting.plan(pChurn, sc.aliveValue(), offer);
        TableIO.writeForPeople(CampaignList.of("customer_id", ids, pChurn, sc.aliveValue(), ScoreColumn.ALIVE_VALUE.column(), campaign),
                put(out, "campaign", "campaign.csv"), null);

        // 7. holdout evaluation: fit on the calibration period, predict the holdout
        progress.accept("holdout check: fitting on weeks 1-" + calWeeks + ", predicting weeks "
                + (calWeeks + 1) + "-" + weeks);
        Histories calFit = FitData.of(ModelKind.PARETO_NBD, cal).histories();
        ParetoNbd pnbdCal = diagnosed(fitter.fitOrThrow(ModelRegistry.likelihood(ParetoNbd.class), calFit),
                "calibration pareto-nbd", progress).model();
        BgNbd bgCal = diagnosed(fitter.fitOrThrow(ModelRegistry.likelihood(BgNbd.class), calFit),
                "calibration bg-nbd", progress).model();
        double[] hx = new double[cal.size()];
        for (int i = 0; i < hx.length; i++) {
            hx[i] = split.frequencyHoldout(i);
        }
        HoldoutSplit hs = HoldoutSplit.of(cal, hx, split.durationHoldout());
        List<Holdout> holdout = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Double> pred = new ArrayList<>();
        List<Double> act = new ArrayList<>();
        List<Double> mae = new ArrayList<>();
        for (var e : List.<Map.Entry<String, org.churnkit.model.TransactionModel>>of(Map.entry("pareto-nbd", pnbdCal),
                Map.entry("bg-nbd", bgCal), Map.entry(EveryoneStays.NAME, EveryoneStays.of(cal)))) {
            HoldoutResult r = HoldoutValidation.of(e.getKey(), e.getValue(), hs);
            holdout.add(new Holdout(e.getKey(), r.predictedTotal(), r.actualTotal(), r.mae()));
            names.add(e.getKey());
            pred.add(r.predictedTotal());
            act.add(r.actualTotal());
            mae.add(r.mae());
        }
        TableIO.write(ColumnTable.builder().addString("model", names.toArray(String[]::new))
                .addDouble("predicted_holdout_transactions", pred.stream().mapToDouble(Double::doubleValue).toArray())
                .addDouble("actual_holdout_transactions", act.stream().mapToDouble(Double::doubleValue).toArray())
                .addDouble("mae_per_customer", mae.stream().mapToDouble(Double::doubleValue).toArray()).build(),
                put(out, "holdout check", "holdout.csv"));

        // 8. report, with weekly tracking of the calibration-period Pareto/NBD
        progress.accept("writing the HTML report");
        Tracking rt = tracking(pnbdCal, logTable, options, unit, start, weeks, calWeeks);
        CustomerReport.builder(scores).title("churnkit demo: " + description)
                .subtitle(String.format(java.util.Locale.ROOT, "%,d customers, %s to %s", ids.length, start, end))
                .timeUnit(unit.label()).horizon(HORIZON).segmentation(seg).tracking(rt).build().write(put(out, "HTML report", "report.html"));

        return new Result(out, ids.length, log.size(), alive, totalClv, totalRisk, campaign.targetedCount(),
                campaign.expectedProfit(), seg.k(), holdout, calWeeks, weeks,
                summary.exclusions().plus(fitExclusions));
    }

    private Path put(Map<String, Path> out, String what, String file) {
        if (!FILES.contains(file)) {
            throw new IllegalStateException(file + " is not listed in FILES: the output directory check would miss it");
        }
        Path p = dir.resolve(file);
        out.put(what, p);
        return p;
    }

    private <M extends org.churnkit.model.FittedModel> M fit(ModelFitter fitter, LikelihoodFunction<M> likelihood,
                                                             Histories h, Map<String, Path> out, String file,
                                                             Consumer<String> progress) {
        ModelKind kind = likelihood.kind();
        FitResult<M> r = diagnosed(fitter.fitOrThrow(likelihood, h), kind.id(), progress);
        ModelFiles.write(r.model(), put(out, kind.id() + " model", file));
        return r.model();
    }

    /**
     * Passes a fit on, saying so when it is not a plain success: a fit on the boundary or one the data
     * do not identify is still used (the demo shows the whole pipeline), and its model file records the
     * status, but the user is told which parameters ran away and what the limiting model is.
     */
    private static <M extends org.churnkit.model.FittedModel> FitResult<M> diagnosed(FitResult<M> r, String what,
                                                                                     Consumer<String> progress) {
        org.churnkit.model.FitSummary s = r.summary();
        if (s.status() != org.churnkit.model.FitStatus.CONVERGED) {
            String outside = ModelRegistry.outsideDomain(r.model().kind(), r.model().parameterArray());
            if (outside != null) {
                throw new ChurnkitException("the " + what + " fit is " + s.status().label() + " and its limiting values "
                        + "cannot be scored: " + outside + System.lineSeparator() + s.diagnosis());
            }
            progress.accept("warning: the " + what + " fit is " + s.status().label()
                    + "; it is used as fitted, at its limiting values:");
            for (org.churnkit.model.FitFinding f : s.findings()) {
                progress.accept("  - " + f.message());
            }
        }
        return r;
    }

    /**
     * Weekly repeat transactions on the calendar (weeks since the start), actual from the log
     * (same-day transactions merged, as the summary merges them) and predicted by the model.
     */
    private static Tracking tracking(ParetoNbd model, ColumnTable log, SummaryOptions rules,
                                                             TimeUnit unit, LocalDate startDay, int weeks, int calWeeks) {
        String[] id = log.strings("customer_id");
        long[] sec = log.timestamps("date");
        if (log.columnNames().contains("amount")) {
            // rows the summary's amount rules drop are not transactions here either
            double[] a = log.doubles("amount");
            boolean dropZero = rules.zeroAmounts() == SummaryOptions.ZeroAmounts.DROP;
            boolean dropNeg = rules.negativeAmounts() == SummaryOptions.NegativeAmounts.DROP;
            String[] keptId = new String[a.length]; // the table's arrays are not ours to change
            long[] keptSec = new long[a.length];
            int k = 0;
            for (int i = 0; i < a.length; i++) {
                if (!((dropZero && a[i] == 0) || (dropNeg && a[i] < 0))) {
                    keptId[k] = id[i];
                    keptSec[k++] = sec[i];
                }
            }
            id = java.util.Arrays.copyOf(keptId, k);
            sec = java.util.Arrays.copyOf(keptSec, k);
        }
        final String[] idF = id;
        final long[] secF = sec;
        long start = startDay.toEpochDay() * 86_400L;
        double unitSec = unit.seconds();
        // Visit the transactions by customer, then time: a user's log can come in any order.
        Integer[] order = new Integer[sec.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.<Integer, String>comparing(i -> idF[i])
                .thenComparingLong(i -> secF[i]));
        List<Double> births = new ArrayList<>();
        double[] repeats = new double[sec.length];
        int nr = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            double w = (sec[i] - start) / unitSec;
            int prev = k > 0 ? order[k - 1] : -1;
            boolean first = prev < 0 || !id[prev].equals(id[i]);
            if (first) {
                births.add(w);
            } else if (sec[i] / 86_400L != sec[prev] / 86_400L) {
                // same-day transactions are merged, as the summary merges them
                repeats[nr++] = w;
            }
        }
        return HoldoutValidation.tracking(model, births.stream().mapToDouble(Double::doubleValue).toArray(),
                java.util.Arrays.copyOf(repeats, nr), 0, weeks, calWeeks);
    }
}
