package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.model.FitFinding;
import org.churnkit.model.FitSummary;
import org.churnkit.model.FittedModel;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelMismatchException;
import org.churnkit.model.Bootstrap;
import org.churnkit.model.ParameterDraws;
import org.churnkit.model.PredictionIntervals;
import org.churnkit.model.PredictiveDistribution;
import org.churnkit.model.ScoreIntervals;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.Scores;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.SpendModel;
import org.churnkit.model.TransactionModel;
import org.churnkit.model.Covariates;
import org.churnkit.model.StaticCovariateModel;
import org.churnkit.model.CovariatePredictionIntervals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit score}: P(alive), expected transactions and, with a spend model, CLV per customer. */
@Command(name = "score", mixinStandardHelpOptions = true,
        header = "Score customers or subscribers with a model file: P(alive), CLV, renewal, DERL.",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Reads customer summaries (customer_id, frequency, recency, T[, monetary_value]; CSV, Parquet or Arrow) and "
                + "writes customer_id, p_alive, expected_transactions (over --horizon time units) and, with --spend-model, "
                + "expected_spend, dert, clv = margin x expected_spend x dert, alive_value (the CLV if the customer "
                + "is still active, clv / p_alive) and value_at_risk = alive_value - clv (money in the unit of "
                + "monetary_value, see --currency), followed by frequency, recency, T, "
                + "monetary_value (which segment and report read) and any --keep-columns. With --dert and no "
                + "--spend-model it writes dert (discounted expected residual transactions) without spend or clv.",
            "DERT discounts at the annual --discount-rate converted to the model's time unit, "
                + "delta = ln(1 + rate) / (units per year): the unit comes from the model file's time_unit, else --time-unit.",
            "Customers acquired at the end of observation (T = 0) are scored as new customers by the model's formulas "
                + "(P(alive) 1, or b/(a+b) for mbg-nbd; the expected transactions of a new customer); customers without "
                + "repeat transactions or without a positive monetary_value get the spend model's population mean spend. "
                + "Both are counted on stderr. A customer who cannot be scored is an error naming the customer; nothing is "
                + "written then.",
            "With a subscription model (fit --model sbg|bdw) --input is a subscription table (as for fit) and the "
                + "output has one row per active subscriber: customer_id, cohort (with cohorts), periods (paid so "
                + "far), p_renewal (of renewing at the end of the current period), expected_periods (further periods "
                + "paid over the next --horizon periods), derl (discounted expected residual lifetime, Fader and "
                + "Hardie 2010, at --discount-rate a year converted to the model's period) and, with --price or "
                + "--price-column, price and residual_value = margin x price x derl. A model fitted per cohort "
                + "(MODEL-COHORT.json) scores each cohort with its own file; a model fitted with --covariates "
                + "scores each subscriber with their row of --covariates, coded with the fit's levels (a level the "
                + "fit never saw is an error naming the subscriber). --intervals adds c_lower/c_upper for each of "
                + "these columns (draws of every parameter, asymptotic or a bootstrap of --input's subscribers, within "
                + "each cohort) and renewals_predictive_lower/upper (the range of further periods a subscriber will "
                + "actually pay over --horizon).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit score --model pnbd.json --input summary.csv --output scores.csv \\",
            "      --horizon 52",
            "  churnkit score -m pnbd.json -i summary.parquet -o scores.parquet \\",
            "      --horizon 39 --spend-model gg.json --discount-rate 0.15 --margin 0.3 \\",
            "      --keep-columns region,channel",
            "  churnkit score -m published.json -i cdnow_summary_calibration.csv \\",
            "      --id-column ID -o cdnow_scores.arrow --horizon 39 \\",
            "      --spend-model gg.json --time-unit week --periods-per-year 52 \\",
            "      --discount-rate 0.15",
            "  churnkit score -m pnbd.json -i summary.csv -o scores.csv --horizon 52 \\",
            "      --dert --discount-rate 0.1",
            "  churnkit score -m pnbd_cov.json -i summary.csv -o scores.csv -H 52 \\",
            "      --covariates customers.csv --spend-model gg.json --margin 0.3",
            "  churnkit score -m pnbd_cov.json -i summary.csv -o scores.csv -H 52 \\",
            "      --covariates customers.csv --intervals 0.9 --draws 200 --seed 7",
            "  churnkit score -m pnbd_cov.json -i summary.csv -o scores.csv -H 52 \\",
            "      --covariates customers.csv --intervals 0.9 --method bootstrap \\",
            "      --draws 100 --seed 7",
            "  churnkit score -m tv.json --log transactions.csv -o scores.csv -H 52 \\",
            "      --observation-end 2005-10-09 --covariates dynamic_covariates.csv \\",
            "      --covariates-id-column Id --covariates-date-column Cov.Date",
            "  churnkit score -m pnbd.json -i summary.csv -o scores.csv -H 39 \\",
            "      --spend-model gg.json --intervals 0.9 --draws 200 --seed 7",
            "  churnkit score -m sbg.json -i subscriptions.csv --as-of 2024-06-30 \\",
            "      -o subscribers.csv -H 12 --annual-discount-rate 0.1 \\",
            "      --margin 0.3 --price-column price",
            "  churnkit score -m sbg-cov.json -i subscriptions.csv -o subscribers.csv \\",
            "      -H 12 --covariates plans.csv",
            "  churnkit score -m sbg.json -i subscriptions.csv -o subscribers.csv -H 12 \\",
            "      --intervals 0.9 --method bootstrap --draws 200 --seed 7",
        })
public final class ScoreCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public ScoreCommand() {
    }

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL.json",
            description = "Transaction model file (pareto-nbd, bg-nbd, mbg-nbd, bg-bb), as 'churnkit fit' writes it or by hand.")
    Path modelFile;

    @Option(names = {"-i", "--input"}, paramLabel = "CUSTOMERS",
            description = "Customer summaries: CSV, Parquet or Arrow/Feather by extension (required, except with "
                + "--covariates-date-column, which reads --log instead).")
    Path input;

    @Mixin
    OutputOptions output;

    @Option(names = {"-H", "--horizon"}, required = true, paramLabel = "H",
            description = "Horizon of expected_transactions, in the model's time units (opportunities for bg-bb).")
    double horizon;

    @Option(names = "--spend-model", paramLabel = "GG.json",
            description = "Gamma-Gamma model file: adds expected_spend, dert and clv (needs monetary_value).")
    Path spendFile;

    @Option(names = "--dert",
            description = "Write dert without a spend model too (it always comes with --spend-model).")
    boolean dertOnly;

    @Option(names = {"--discount-rate", "--annual-discount-rate"}, paramLabel = "RATE", defaultValue = "0.1",
            description = "Annual discount rate for DERT, 0.15 for 15 %% a year (default: ${DEFAULT-VALUE}).")
    double discountRate;

    @Option(names = "--margin", paramLabel = "M", defaultValue = "1",
            description = "Profit margin applied to spend in CLV, e.g. 0.3 (default: ${DEFAULT-VALUE}).")
    double margin;

    @picocli.CommandLine.Mixin
    CurrencyOption currency;

    @Option(names = {"-u", "--time-unit"}, paramLabel = "UNIT", converter = Converters.Unit.class,
            description = "Time unit of the model when its file does not say (hour, day, week, month).")
    TimeUnit timeUnit;

    @Option(names = "--periods-per-year", paramLabel = "P",
            description = "Time units per year for the discount conversion, e.g. 52 to discount weeks as the papers do "
                + "(default: from the time unit, 365.25 days a year: 52.18 weeks, 12 months).")
    Double periodsPerYear;

    @Option(names = "--keep-columns", paramLabel = "A,B", split = ",",
            description = "Further input columns to copy to the output.")
    List<String> keep = new ArrayList<>();

    @Option(names = "--covariates", paramLabel = "FILE",
            description = "Covariates, one row per customer, for a model fitted with covariates (fit --covariates): "
                + "every customer needs a row with each covariate the model uses. Each customer is scored with "
                + "its own parameters (p_alive, expected_transactions, dert); with --spend-model the money columns "
                + "are those of plain scoring (expected_spend from the spend model, which has no covariates).")
    Path covariatesFile;

    @Option(names = "--covariates-id-column", paramLabel = "NAME", defaultValue = "customer_id",
            description = "Customer id column of --covariates (default: ${DEFAULT-VALUE}).")
    String covariatesId;

    @Option(names = "--covariates-date-column", paramLabel = "NAME",
            description = "Period start date column of --covariates: time-varying covariates (a model from fit "
                + "--covariates-date-column), read with --log and --observation-end; --covariates must cover each "
                + "customer's periods from his first purchase to the end of --horizon (or add --future-covariates). "
                + "Writes customer_id, p_alive, expected_transactions; with --dert or --spend-model also dert over the "
                + "window of --horizon (the covariates are known only there) and the money columns.")
    String covariatesDate;

    @Option(names = "--future-covariates", paramLabel = "FILE",
            description = "With --covariates-date-column: the covariates of the periods after those of --covariates.")
    Path futureCovariates;

    @Option(names = "--observation-end", paramLabel = "DATE", converter = Converters.Day.class,
            description = "With --covariates-date-column: the calibration end the model was fitted to (yyyy-MM-dd).")
    java.time.LocalDate observationEnd;

    @Mixin
    LogInputOptions log;
    @Option(names = "--intervals", paramLabel = "LEVEL",
            description = "Add prediction intervals at this level, e.g. 0.9: for every score column c, c_lower and "
                + "c_upper (how uncertain the expected value is because the parameters were estimated: quantiles "
                + "over parameter draws), and transactions_predictive_lower/upper (the range of the number of "
                + "purchases the customer will actually make over --horizon, from the model's probability of each count). "
                + "Needs a model file written by 'churnkit fit' (it records the covariance). With --spend-model "
                + "the spend model is drawn too when its file records a covariance (else expected_spend's interval "
                + "has zero width). With --covariates: draws of every parameter, the coefficients included "
                + "(asymptotic or bootstrap; a --correlation model: omega drawn or refitted too; time-varying "
                + "covariates: both methods; the predictive columns for all of them).")
    Double intervals;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "asymptotic",
            description = "How parameters are drawn for --intervals: asymptotic (normal of the log-parameters, "
                + "from the model file) or bootstrap (--draws refits on the customers of --input resampled with replacement: give the "
                + "summaries, and covariates, the model was fitted to; with --covariates-date-column the customers of "
                + "--log; a percentile interval, ends at the refits of ranks (N + 1)(1 -+ level)/2) "
                + "(default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "200",
            description = "Parameter draws for --intervals (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the draws: the same seed gives the same intervals (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    HistoryColumns columns;

    @Mixin
    SubscriptionTableOptions subscriptions;

    @Mixin
    SubscriptionScore subscriptionScore;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        output.validate();
        OutputSafety.of().input("--model", modelFile).input("--spend-model", spendFile).input("--input", input)
                .input("--covariates", covariatesFile).input("--future-covariates", futureCovariates)
                .input("--log", log.log).output("--output", output.output()).check();
        currency.money(); // a bad --currency fails before any work
        PrintWriter err = spec.commandLine().getErr();
        if (SubscriptionScore.applies(modelFile)) {
            return subscriptionScore.run(this);
        }
        if (intervals != null) {
            checkIntervalOptions();
        }
        if (covariatesDate != null) {
            return scoreTimeVarying(err);
        }
        if (input == null) {
            throw new ChurnkitException("give --input CUSTOMERS (the customer summaries to score)");
        }
        if (covariatesFile != null || correlatedWithoutCovariates(modelFile)) {
            return scoreWithCovariates(err);
        }
        TransactionModel model;
        try {
            model = ModelFiles.read(modelFile, TransactionModel.class);
        } catch (ModelMismatchException e) { // a spend model given as --model: say where it goes
            throw e.withAdvice("give a gamma-gamma file as --spend-model");
        }
        FittedModel m = model;
        warnNotConverged(err, m, modelFile);
        SpendModel spend = null;
        if (spendFile != null) {
            spend = ModelFiles.read(spendFile, SpendModel.class);
            warnNotConverged(err, spend, spendFile);
        }
        Scoring scoring = Scoring.of(model, settings(m, spend));
        boolean discrete = m.kind() == org.churnkit.model.ModelKind.BG_BB;
        long t0 = System.nanoTime();
        HistoryColumns.Read r = columns.read(input, discrete, spend != null, true, true, keep);
        int n = r.x().length;
        boolean big = n >= 100_000;
        if (big) {
            err.printf(Locale.ROOT, "score: read %,d customers in %.1f s; scoring...%n", n, (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        Histories h;
        try {
            h = Histories.of(r.x(), r.tx(), r.t(), r.m(), null, r.ids());
        } catch (ChurnkitException e) {
            throw new ChurnkitException(input + ": " + e.getMessage(), e);
        }
        countDefaults(err, r, spend);
        Scores sc;
        try {
            sc = scoring.score(h);
        } catch (ChurnkitException e) {
            throw new ChurnkitException(input + ": " + e.getMessage(), e);
        }
        ScoreIntervals si = null;
        double[][] predictive = null;
        if (intervals != null) {
            ParameterDraws pd = "bootstrap".equals(method) ? bootstrapDraws(model, h, err)
                    : PredictionIntervals.asymptoticDraws(model, draws, seed);
            ParameterDraws spendDrawn = spendDraws(spend, h, pd.count(), err);
            if (spendDrawn != null && spendDrawn.count() < pd.count()) {
                // spend refits failed: pair what both have
                double[][] kept = new double[spendDrawn.count()][];
                for (int k = 0; k < kept.length; k++) {
                    kept[k] = pd.draw(k);
                }
                pd = ParameterDraws.of(pd.method(), pd.estimate(), kept);
            }
            try {
                PredictionIntervals engine = PredictionIntervals.of(model, pd, scoring.settings());
                si = (spendDrawn != null ? engine.withSpendDraws(spendDrawn) : engine).score(h, intervals);
                predictive = PredictiveDistribution.of(model, horizon).intervals(h, intervals);
            } catch (ChurnkitException e) {
                throw new ChurnkitException(input + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) { // a draw outside the models' domain, a BG/BB horizon not whole
                throw new ChurnkitException("--intervals: " + e.getMessage(), e);
            }
        }
        if (big) {
            err.printf(Locale.ROOT, "score: scored in %.1f s; writing %s...%n", (System.nanoTime() - t0) / 1e9, output.output());
            err.flush();
        }
        output.write(table(r, sc, si, predictive));
        if (si != null) {
            printIntervals(err, si);
            err.println("score: c_lower/c_upper = uncertainty of the expected value (estimation); "
                    + "transactions_predictive_lower/upper = range of what a customer will actually buy");
        }
        err.printf(Locale.ROOT, "score: wrote %,d customers to %s%s%n", n, output.output(),
                scoring.hasDert() ? String.format(Locale.ROOT, " (DERT at delta %s per %s)",
                        ColumnTable.formatDouble(scoring.settings().discountRate()), modelUnit(m).label()) : "");
        err.printf(Locale.ROOT, "score: expected_transactions = expected purchases over the next %s%n",
                horizonText(m));
        totals(err, sc);
        err.flush();
        return 0;
    }

    /**
     * Scores with a time-varying covariate model: P(alive) at the calibration end and the
     * conditional expected transactions over the horizon with the window's covariates (the
     * library's {@link org.churnkit.model.TimeVaryingCovariateModel}).
     */
    private int scoreTimeVarying(PrintWriter err) {
        if (covariatesFile == null || !log.given() || observationEnd == null || input != null) {
            throw new ChurnkitException("--covariates-date-column scores from the transaction log: give --log LOG, "
                    + "--covariates FILE and --observation-end DATE (not --input)");
        }
        org.churnkit.model.TimeVaryingCovariateModel model = org.churnkit.model.TimeVaryingCovariateModel.read(modelFile);
        SpendModel spend = null;
        if (spendFile != null) {
            spend = ModelFiles.read(spendFile, SpendModel.class);
            warnNotConverged(err, spend, spendFile);
        }
        // DERT (and so CLV) over the window of --horizon: beyond it no covariate values are known.
        ScoringSettings settings = settings(model.plainModel(), spend);
        if (settings.discounts()) {
            settings = settings.withDiscountHorizon(horizon);
        }
        double days = model.unit().days() * model.periodLength();
        List<Path> files = futureCovariates == null ? List.of(covariatesFile) : List.of(covariatesFile, futureCovariates);
        org.churnkit.model.TimeVaryingCovariates paths;
        try {
            paths = org.churnkit.model.TimeVaryingCovariates.read(log.read(columns.encoding), files,
                    new org.churnkit.model.TimeVaryingCovariates.ReadOptions(covariatesId, covariatesDate,
                            observationEnd, (int) Math.round(days), model.unit(), horizon,
                            model.referenceLevels()));
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        paths.notes().forEach(n -> err.println("score: " + covariatesFile + ": " + n));
        int n = paths.size();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = paths.id(i);
        }
        double[] monetary = spend == null ? null : meanSpend(ids, model.unit());
        Scores sc = model.score(paths, settings, monetary);
        ScoreIntervals si = null;
        double[][] predictive = null;
        if (intervals != null) {
            boolean boot = "bootstrap".equals(method);
            List<org.churnkit.model.TimeVaryingCovariateModel> drawn;
            try {
                if (boot) {
                    org.churnkit.model.TimeVaryingPredictionIntervals.Refits b = org.churnkit.model
                            .TimeVaryingPredictionIntervals.bootstrapDraws(model, paths, draws, seed);
                    refitFailures(err, b.failures(), b.requested());
                    drawn = b.draws();
                } else {
                    drawn = org.churnkit.model.TimeVaryingPredictionIntervals.asymptoticDraws(model, draws, seed);
                }
            } catch (ChurnkitException e) {
                throw new ChurnkitException((boot ? "--method bootstrap on " + log.log : modelFile.toString()) + ": "
                        + e.getMessage(), e);
            }
            // the spend model is bootstrapped on the same customers' frequencies and mean spends
            Histories ph = paths.histories();
            Histories spendData = boot && spend != null ? Histories.of(ph.frequencies(), ph.recencies(), ph.ages(),
                    monetary, null, ids) : null;
            ParameterDraws spendDrawn = spendDraws(spend, spendData, drawn.size(), err);
            if (spendDrawn != null && spendDrawn.count() < drawn.size()) {
                drawn = drawn.subList(0, spendDrawn.count()); // spend refits failed: pair what both have
            }
            org.churnkit.model.TimeVaryingPredictionIntervals engine = org.churnkit.model.TimeVaryingPredictionIntervals
                    .of(model, drawn, boot ? ParameterDraws.Method.BOOTSTRAP : ParameterDraws.Method.ASYMPTOTIC,
                            settings);
            try {
                si = (spendDrawn != null ? engine.withSpendDraws(spendDrawn) : engine).score(paths, monetary, intervals);
                predictive = model.predictiveIntervals(paths, horizon, intervals, null);
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("--intervals: " + e.getMessage(), e);
            }
        }
        double[] expected = sc.expectedTransactions();
        ColumnTable.Builder t = ColumnTable.builder().addString("customer_id", ids);
        ScoreIntervals band = si;
        java.util.function.BiConsumer<ScoreColumn, double[]> add = (c, v) -> {
            t.addDouble(c.column(), v);
            if (band != null) {
                t.addDouble(ScoreIntervals.lowerColumn(c), band.lower(c)).addDouble(ScoreIntervals.upperColumn(c),
                        band.upper(c));
            }
        };
        add.accept(ScoreColumn.P_ALIVE, sc.pAlive());
        add.accept(ScoreColumn.EXPECTED_TRANSACTIONS, expected);
        if (sc.expectedSpend() != null) {
            add.accept(ScoreColumn.EXPECTED_SPEND, sc.expectedSpend());
        }
        if (sc.dert() != null) {
            add.accept(ScoreColumn.DERT, sc.dert());
        }
        if (sc.clv() != null) {
            add.accept(ScoreColumn.CLV, sc.clv());
            add.accept(ScoreColumn.ALIVE_VALUE, sc.aliveValue());
            add.accept(ScoreColumn.VALUE_AT_RISK, sc.valueAtRisk());
        }
        if (predictive != null) {
            t.addDouble(PredictiveDistribution.LOWER_COLUMN, predictive[0])
                    .addDouble(PredictiveDistribution.UPPER_COLUMN, predictive[1]);
        }
        output.write(t.build());
        if (si != null) {
            printIntervals(err, si);
            err.println("score: c_lower/c_upper = uncertainty of the expected value (estimation), from draws of "
                    + "every parameter including the covariate coefficients; transactions_predictive_lower/upper = "
                    + "range of what a customer will actually buy with the window's covariates");
        }
        double total = 0;
        for (double v : expected) {
            total += v;
        }
        if (sc.dert() != null) {
            err.printf(Locale.ROOT, "score: dert = discounted expected transactions over the %s %s(s) of --horizon "
                    + "(delta %s per %s): the covariates are known only there%n", ColumnTable.formatDouble(horizon),
                    model.unit().label(), ColumnTable.formatDouble(settings.discountRate()), model.unit().label());
        }
        totals(err, sc);
        err.printf(Locale.ROOT, "score: wrote %,d customers to %s with time-varying covariates; expected_transactions "
                + "over the next %s %s(s) after %s: total %.1f%n", n, output.output(),
                ColumnTable.formatDouble(horizon), model.unit().label(), observationEnd, total);
        err.flush();
        return 0;
    }

    /**
     * Each customer's mean spend per repeat purchase ({@code monetary_value}) from the log, as
     * {@code summarize} computes it (same-day purchases merged, the log's amount rules, up to
     * --observation-end), for the spend model of time-varying scoring.
     */
    private double[] meanSpend(String[] ids, TimeUnit unit) {
        org.churnkit.data.CustomerSummaries s = org.churnkit.data.Summarizer.summarize(log.read(columns.encoding),
                new org.churnkit.data.SummaryOptions(unit, org.churnkit.data.MergePeriod.DAY,
                        org.churnkit.data.PeriodEnd.of(observationEnd), null, null, true));
        if (!s.hasAmounts()) {
            throw new ChurnkitException("--spend-model needs amounts in the log: name its amount column");
        }
        java.util.Map<String, Double> byId = new java.util.HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            byId.put(s.id(i), s.monetaryValue(i));
        }
        double[] m = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Double v = byId.get(ids[i]);
            if (v == null) {
                throw new ChurnkitException("customer '" + ids[i] + "' has no purchase in the log up to "
                        + observationEnd);
            }
            m[i] = Double.isFinite(v) ? v : 0;
        }
        return m;
    }

    /**
     * Whether the model file holds a correlated model without covariates (written by
     * {@code fit --correlation}): scored through the covariate path with no covariates.
     */
    private static boolean correlatedWithoutCovariates(java.nio.file.Path file) {
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // the plain path reports the unreadable file
        }
        Object root;
        try {
            root = org.churnkit.io.JsonText.parse(text, "model file " + file);
        } catch (RuntimeException e) {
            return false; // the plain path reports the malformed file
        }
        return root instanceof java.util.Map<?, ?> m && m.containsKey("correlation")
                && m.get("covariates") instanceof java.util.Map<?, ?> c
                && !(c.get("purchase") instanceof java.util.Map<?, ?> p && !p.isEmpty())
                && !(c.get("dropout") instanceof java.util.Map<?, ?> d && !d.isEmpty());
    }

    /**
     * Scores with a covariate model: each customer's scores are the plain engine's with that
     * customer's own parameters (the library's {@link StaticCovariateModel#score}), in the same
     * columns as plain scoring; expected_spend comes from the spend model, which has no covariates.
     */
    private int scoreWithCovariates(PrintWriter err) {
        StaticCovariateModel model = StaticCovariateModel.read(modelFile);
        if (covariatesFile == null && !model.covariateNames().isEmpty()) {
            throw new ChurnkitException(modelFile + " holds a model with covariates ("
                    + String.join(", ", model.covariateNames()) + "): score with --covariates FILE");
        }
        warnNotConverged(err, model.plainModel(), modelFile);
        SpendModel spend = null;
        if (spendFile != null) {
            spend = ModelFiles.read(spendFile, SpendModel.class);
            warnNotConverged(err, spend, spendFile);
        }
        ScoringSettings settings = settings(model.plainModel(), spend);
        HistoryColumns.Read r = columns.read(input, false, spend != null, true, true, keep);
        Histories h;
        try {
            h = Histories.of(r.x(), r.tx(), r.t(), r.m(), null, r.ids());
        } catch (ChurnkitException e) {
            throw new ChurnkitException(input + ": " + e.getMessage(), e);
        }
        // A correlated model without covariates is scored as one with an empty covariate table.
        Covariates c = covariatesFile != null ? model.readCovariates(covariatesFile, covariatesId)
                : Covariates.none(h.size());
        countDefaults(err, r, spend);
        Scores sc;
        try {
            sc = model.score(h, c, settings);
        } catch (ChurnkitException e) {
            throw new ChurnkitException(input + " with " + covariatesFile + ": " + e.getMessage(), e);
        }
        ScoreIntervals si = null;
        double[][] predictive = null;
        if (intervals != null) {
            // Every parameter drawn, the coefficients (and a correlated model's omega) included.
            boolean boot = "bootstrap".equals(method);
            List<StaticCovariateModel> drawn;
            try {
                if (boot) {
                    CovariatePredictionIntervals.Refits b = CovariatePredictionIntervals.bootstrapDraws(model, h, c,
                            draws, seed);
                    refitFailures(err, b.failures(), b.requested());
                    drawn = b.draws();
                } else {
                    drawn = CovariatePredictionIntervals.asymptoticDraws(model, draws, seed);
                }
            } catch (ChurnkitException e) {
                throw new ChurnkitException((boot ? "--method bootstrap on " + input : modelFile.toString()) + ": "
                        + e.getMessage(), e);
            }
            ParameterDraws spendDrawn = spendDraws(spend, h, drawn.size(), err);
            if (spendDrawn != null && spendDrawn.count() < drawn.size()) {
                drawn = drawn.subList(0, spendDrawn.count()); // spend refits failed: pair what both have
            }
            try {
                CovariatePredictionIntervals engine = CovariatePredictionIntervals.of(model, drawn,
                        boot ? ParameterDraws.Method.BOOTSTRAP : ParameterDraws.Method.ASYMPTOTIC, settings);
                si = (spendDrawn != null ? engine.withSpendDraws(spendDrawn) : engine).score(h, c, intervals);
                predictive = model.predictiveIntervals(h, c, horizon, intervals, null);
            } catch (ChurnkitException e) {
                throw new ChurnkitException(input + " with " + covariatesFile + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("--intervals: " + e.getMessage(), e);
            }
        }
        output.write(table(r, sc, si, predictive));
        if (si != null) {
            printIntervals(err, si);
            err.println("score: c_lower/c_upper = uncertainty of the expected value (estimation), from draws of "
                    + "every parameter including the covariate coefficients; transactions_predictive_lower/upper = "
                    + "range of what a customer will actually buy");
        }
        err.printf(Locale.ROOT, "score: wrote %,d customers to %s%s%s%s%n", h.size(), output.output(),
                model.covariateNames().isEmpty() ? "" : " with their covariates (" + String.join(", ",
                        model.covariateNames()) + ")",
                model.omega() != 0 ? String.format(Locale.ROOT, " under correlated purchase and dropout rates "
                        + "(correlation %s)", ColumnTable.formatDouble(model.correlation())) : "", sc.dert() != null
                        ? String.format(Locale.ROOT, " (DERT at delta %s per %s)",
                        ColumnTable.formatDouble(settings.discountRate()), modelUnit(model.plainModel()).label()) : "");
        err.printf(Locale.ROOT, "score: expected_transactions = expected purchases over the next %s%n",
                horizonText(model.plainModel()));
        totals(err, sc);
        err.flush();
        return 0;
    }

    /** The score file: id, the engine's columns, the history (which segment and report read), kept columns. */
    private ColumnTable table(HistoryColumns.Read r, Scores sc, ScoreIntervals si, double[][] predictive) {
        ColumnTable.Builder b = ColumnTable.builder().addString(ScoreColumn.CUSTOMER_ID.column(), r.ids());
        for (ScoreColumn c : sc.columns()) {
            b.addDouble(c.column(), sc.get(c));
            if (si != null) {
                b.addDouble(ScoreIntervals.lowerColumn(c), si.lower(c)).addDouble(ScoreIntervals.upperColumn(c), si.upper(c));
            }
        }
        if (predictive != null) {
            b.addDouble(PredictiveDistribution.LOWER_COLUMN, predictive[0])
                    .addDouble(PredictiveDistribution.UPPER_COLUMN, predictive[1]);
        }
        b.addDouble(ScoreColumn.FREQUENCY.column(), r.x()).addDouble(ScoreColumn.RECENCY.column(), r.tx())
                .addDouble(ScoreColumn.AGE.column(), r.t());
        if (r.m() != null) {
            b.addDouble(ScoreColumn.MONETARY_VALUE.column(), r.m());
        }
        List<String> schema = Arrays.stream(ScoreColumn.values()).map(ScoreColumn::column).toList();
        for (String k : keep) {
            if (!schema.contains(k)) {
                b.addString(k, r.table().strings(k));
            }
        }
        return b.build();
    }

    private void printIntervals(PrintWriter err, ScoreIntervals si) {
        ScoreIntervals.Band b = si.totalExpectedTransactions();
        err.printf(Locale.ROOT, "score: %s %% intervals from %d %s parameter draws (seed %d); total expected "
                + "transactions %s [%s, %s]%n", ColumnTable.formatDouble(100 * intervals), si.draws(),
                si.method().label(), seed, ColumnTable.formatDouble(b.estimate()),
                ColumnTable.formatDouble(b.lower()), ColumnTable.formatDouble(b.upper()));
    }

    /** Says how many bootstrap refits failed and why (they are left out of the draws). */
    private static void refitFailures(PrintWriter err, List<String> failures, int requested) {
        if (!failures.isEmpty()) {
            err.printf(Locale.ROOT, "score: %d of %d bootstrap refits failed and are left out (%s)%n", failures.size(),
                    requested, String.join("; ", failures));
        }
    }

    void checkIntervalOptions() {
        if (!(intervals > 0 && intervals < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--intervals must lie in (0, 1), e.g. 0.9, got " + intervals);
        }
        if (!"asymptotic".equals(method) && !"bootstrap".equals(method)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--method must be asymptotic or bootstrap, got '" + method + "'");
        }
        if (draws < 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--draws must be at least 2, got " + draws);
        }
    }

    /**
     * Parameter draws for {@code --method bootstrap}: {@link #draws} refits of the model on the
     * customers of {@code --input} resampled with replacement ({@link Bootstrap}), seeded by
     * {@link #seed}. The right data are those the model was fitted to, so the help asks for the same
     * summaries; refits that fail are left out and counted on stderr.
     */
    private ParameterDraws bootstrapDraws(TransactionModel model, Histories h, PrintWriter err) {
        Bootstrap b;
        try {
            b = Bootstrap.of(model, h, draws, org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        } catch (ChurnkitException e) {
            throw new ChurnkitException("--method bootstrap on " + input + ": " + e.getMessage(), e);
        }
        if (b.failed() > 0) {
            err.printf(Locale.ROOT, "score: %d of %d bootstrap refits failed and are left out (%s)%n", b.failed(),
                    b.requested(), String.join("; ", b.failures()));
        }
        return b.draws();
    }

    /**
     * Draws of the spend model for --intervals, paired by index with the transaction model's:
     * asymptotic from the covariance its file records, or bootstrap refits on the customers of
     * --input (those with repeat purchases and a positive spend), from a generator seeded with
     * ({@link #seed}, a constant), so that they do not reuse the transaction model's variates.
     * Null without a spend model, or (said on stderr) when its file records no covariance:
     * expected_spend then has a zero-width interval.
     */
    private ParameterDraws spendDraws(SpendModel spend, Histories h, int count, PrintWriter err) {
        if (spend == null) {
            return null;
        }
        org.apache.commons.rng.UniformRandomProvider rng = org.apache.commons.rng.simple.RandomSource
                .XO_RO_SHI_RO_128_PP.create(new long[] {seed, SPEND_STREAM});
        if ("bootstrap".equals(method) && h != null) {
            Bootstrap b;
            try {
                b = Bootstrap.of(spend, h, count, rng);
            } catch (ChurnkitException e) {
                throw new ChurnkitException("--method bootstrap of " + spendFile + " on "
                        + (input != null ? input : log.log) + ": " + e.getMessage(), e);
            }
            if (b.failed() > 0) {
                err.printf(Locale.ROOT, "score: %d of %d bootstrap refits of the spend model failed and are left out "
                        + "(%s)%n", b.failed(), b.requested(), String.join("; ", b.failures()));
            }
            return b.draws();
        }
        double[][] cov;
        try {
            cov = PredictionIntervals.logCovariance(spend);
        } catch (ChurnkitException e) {
            err.println("score: note: " + spendFile + " records no covariance: expected_spend_lower/upper equal "
                    + "expected_spend (the spend model's uncertainty is not drawn); refit it to include it");
            return null;
        }
        try {
            return ParameterDraws.asymptotic(spend.parameterArray(), cov, count, rng);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("cannot draw the parameters of " + spendFile + ": " + e.getMessage(), e);
        }
    }

    /** Second word of the spend draws' seed: their stream differs from the transaction model's. */
    private static final long SPEND_STREAM = 0x5350454E44L;

    /** Says on stderr the total CLV and value at risk, when the money columns were computed. */
    private void totals(PrintWriter err, Scores sc) {
        if (sc.clv() == null) {
            return;
        }
        Money money = currency.money();
        double clv = 0;
        double risk = 0;
        for (int i = 0; i < sc.size(); i++) {
            clv += sc.clv()[i];
            risk += sc.valueAtRisk()[i];
        }
        err.printf(Locale.ROOT, "score: total CLV %s; value at risk (alive_value - clv) %s%n", money.format(clv),
                money.format(risk));
    }

    /**
     * The engine's settings from the options: DERT (and with a spend model the money columns) at
     * the annual --discount-rate converted to the model's time unit.
     */
    private ScoringSettings settings(FittedModel m, SpendModel spend) {
        if (spend == null && !dertOnly) {
            try {
                return ScoringSettings.of(horizon);
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("--horizon: " + e.getMessage(), e);
            }
        }
        TimeUnit unit = modelUnit(m);
        try {
            double delta = unit.continuousRateFromAnnual(discountRate);
            if (periodsPerYear != null) {
                if (!(periodsPerYear > 0) || periodsPerYear.isInfinite()) {
                    throw new ChurnkitException("--periods-per-year must be positive and finite, got " + periodsPerYear);
                }
                delta = Math.log1p(discountRate) / periodsPerYear;
            }
            ScoringSettings s = ScoringSettings.of(horizon).withDiscountRate(delta);
            return spend != null ? s.withSpendModel(spend).withMargin(margin) : s;
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
    }

    /** Says on stderr how many customers get a model's default: new customers, and the population mean spend. */
    private static void countDefaults(PrintWriter err, HistoryColumns.Read r, SpendModel spend) {
        long zeroAge = 0;
        long populationSpend = 0;
        for (int i = 0; i < r.x().length; i++) {
            if (r.t()[i] == 0) {
                zeroAge++;
            }
            if (spend != null && (r.x()[i] == 0 || !(r.m()[i] > 0))) {
                populationSpend++;
            }
        }
        if (zeroAge > 0) {
            err.printf(Locale.ROOT, "score: %,d customers acquired at the end of observation (T = 0): scored as new customers%n",
                    zeroAge);
        }
        if (populationSpend > 0) {
            err.printf(Locale.ROOT, "score: %,d customers without a positive repeat amount (frequency 0 or monetary_value <= 0): "
                    + "expected_spend is the population mean %s%n", populationSpend,
                    ColumnTable.formatDouble(spend.meanSpend()));
        }
    }

    /** "39 weeks", "12 opportunities" (BG/BB), or "39 time units of the model" when the unit is unknown. */
    private String horizonText(FittedModel m) {
        String h = horizon == Math.rint(horizon) && Math.abs(horizon) < 1e15
                ? String.format(Locale.ROOT, "%d", (long) horizon) : String.format(Locale.ROOT, "%s", horizon);
        if (m.kind() == org.churnkit.model.ModelKind.BG_BB) {
            return h + " opportunities";
        }
        TimeUnit u = m.fit().map(FitSummary::timeUnit).orElse(timeUnit);
        if (u == null) {
            return h + " time units of the model (its file records no time_unit)";
        }
        return h + " " + u.label() + (horizon == 1 ? "" : "s");
    }

    private TimeUnit modelUnit(FittedModel m) {
        // ModelFiles has checked the recorded unit: a file naming an unknown unit does not load.
        TimeUnit recorded = m.fit().map(FitSummary::timeUnit).orElse(null);
        if (recorded != null) {
            if (timeUnit != null && timeUnit != recorded) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--time-unit " + timeUnit.label()
                        + " contradicts " + modelFile + ", which was fitted in " + recorded.label() + "s: drop --time-unit");
            }
            return recorded;
        }
        if (timeUnit != null) {
            return timeUnit;
        }
        throw new ChurnkitException(modelFile + " does not record its time unit, which DERT needs to convert the annual "
                + "discount rate: pass --time-unit (hour, day, week or month)");
    }

    private static void warnNotConverged(PrintWriter err, FittedModel m, Path file) {
        m.fit().ifPresent(f -> {
            if (!f.converged()) {
                err.println("score: WARNING: " + file + " was fitted without convergence (\"converged\": false)");
            }
            if (f.status() == org.churnkit.model.FitStatus.BOUNDARY || f.status() == org.churnkit.model.FitStatus.NOT_IDENTIFIED) {
                err.println("score: note: " + file + " is a " + f.status().label() + " fit accepted with --accept-boundary; "
                        + "scores are those of its limiting model" + f.findings().stream().map(FitFinding::limitingModel)
                        .filter(l -> !l.isEmpty()).map(l -> " (" + l + ")").reduce("", String::concat));
            }
        });
    }
}
