package org.churnkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.i18n.Messages;
import org.churnkit.model.CovariateEffects;
import org.churnkit.model.Covariates;
import org.churnkit.model.FitSummary;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.PredictionIntervals;
import org.churnkit.model.TransactionModel;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.Scores;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.StaticCovariateModel;
import org.churnkit.report.CustomerReport;
import org.churnkit.model.Tracking;
import org.churnkit.report.TrackingFile;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit report}: the marketer's HTML report. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Write one self-contained HTML report on scored customers.",
        usageHelpAutoWidth = true,
        description = {
            "The report has inline SVG charts, loads nothing from the network and prints on A4: headline numbers, "
                + "segments, P(alive) distribution, frequency x recency heatmap, tracking plot, high-value customers "
                + "at risk, and a plain-language glossary.",
            "With a subscription model as --model (fit --model sbg|bdw) the report is on subscribers: --scores is "
                + "what score wrote for them, and the page shows for each cohort the retention curve (the actual "
                + "survivors of --survivors, the fitted model and its projection with a --intervals band from "
                + "--draws parameter draws, 0.9 by default) and the retention rate, then the subscribers by tenure.",
            "The tracking plot needs --holdout: the tracking.csv that 'churnkit backtest' writes (the most recent "
                + "origin; --holdout-model picks the model) or any file with columns period, actual, predicted.",
            "In English or Korean (--lang). A section whose columns are missing is named on stderr; a file with "
                + "nothing to report is an error.",
            "With --model, a model fitted with covariates (fit --covariates), and --covariates, the report scores the "
                + "customers of --scores itself from their history columns (customer_id, frequency, recency, T: a "
                + "summary or a score file), each with their own covariates: p_alive and expected_transactions over "
                + "--horizon. It adds the section \"Covariate effects\": one row per coefficient with its multiplier, "
                + "95 %% interval and a sentence (\"... buy 2.30 times as often (95 %% interval ...)\").",
            "With --intervals LEVEL, --model (a model without covariates, fitted by 'churnkit fit', whose file records "
                + "the covariance of its parameters) and --holdout, the tracking plot shades the LEVEL interval of the "
                + "predicted curve from --draws draws of the parameters (asymptotic normal of the log-parameters, seeded "
                + "by --seed): customers are born at the calibration end minus their T (a column of --scores). "
                + "With --segments and --horizon, the segment table shows each segment's total expected_transactions "
                + "over --horizon with the LEVEL interval of that total (the segment's sum at each draw, then its "
                + "quantiles), from the history columns frequency, recency and T of --scores.",
            "When --scores carries clv_lower/clv_upper or expected_transactions_lower/upper (score --intervals), the "
                + "segment table adds, per segment, the mean of the customers' own interval ends (not the interval of "
                + "the segment's total); --scores-level names their level.",
            "With --model, a model fitted with time-varying covariates (fit --covariates-date-column), alone: the "
                + "report takes --scores as they are (score them with 'churnkit score --covariates-date-column') and "
                + "adds the section \"Covariate effects\" (\"In periods when High.Season is one unit higher, "
                + "customers buy ...\"), with the intervals its file records.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit report --scores scores.csv --output report.html",
            "  churnkit report --scores scores.csv --segments segments.csv \\",
            "      --output report.html",
            "  churnkit report --scores scores.csv --segments segments.csv \\",
            "      --holdout backtest/tracking.csv --output report.html",
            "  churnkit report --scores scores.csv --lang ko --currency KRW \\",
            "      --output report.html",
            "  churnkit report --scores scores.csv --holdout tracking.csv \\",
            "      --model pnbd.json --intervals 0.9 --draws 200 --seed 7 \\",
            "      --output report.html",
            "  churnkit report --scores summary.csv --model pnbd_cov.json \\",
            "      --covariates customers.csv --horizon 52 --output report.html",
            "  churnkit report --scores subscribers.csv --model sbg.json \\",
            "      --survivors cohorts.csv --lang ko --output subscribers.html",
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "SCORES", description = "Score file (.csv, .parquet or .arrow) with customer_id and score columns.")
    Path scores;

    @Option(names = "--segments", paramLabel = "SEGMENTS", description = "Segments file from churnkit segment (customer_id, segment).")
    Path segments;

    @Option(names = "--holdout", paramLabel = "TRACKING",
            description = "Tracking data: backtest's tracking.csv, or columns period, actual, predicted (repeat "
                    + "transactions per period); CSV, Parquet or Arrow.")
    Path holdout;

    @Option(names = "--holdout-model", paramLabel = "MODEL",
            description = "Model to draw from a backtest's tracking.csv (default: its first model that is not a baseline).")
    String holdoutModel;

    @Option(names = "--calibration-end", paramLabel = "T",
            description = "Period at which the holdout starts, marked on the tracking plot (default for a backtest's "
                    + "tracking.csv: its origin).")
    Double calibrationEnd;

    @Option(names = "--title", paramLabel = "TEXT", description = "Report title (default: \"Customer base report\", or its translation).")
    String title;

    @Option(names = "--time-unit", paramLabel = "UNIT", converter = Converters.Unit.class,
            description = "Time unit of recency, T and the tracking periods (the unit the scores were made in: "
                    + "day, week, month, ...); shown on axes and in column headings. Default: \"periods\".")
    org.churnkit.data.TimeUnit timeUnit;

    @Option(names = "--horizon", paramLabel = "N",
            description = "The horizon of the scores' expected_transactions, in --time-unit units (the --horizon "
                    + "given to score), so the headline says \"over the next N weeks\"; with --model, the horizon "
                    + "the report scores over (required). Default: unsaid.")
    Double horizon;

    @picocli.CommandLine.Mixin
    CurrencyOption currency;

    @Mixin
    LanguageOption lang;

    @Option(names = "--top", paramLabel = "N", defaultValue = "25", description = "Customers listed in the at-risk table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--output", required = true, paramLabel = "report.html", description = "Output HTML file.")
    Path output;

    @Option(names = "--model", paramLabel = "MODEL.json",
            description = "A model fitted with covariates (fit --covariates): scores the customers of --scores with "
                    + "their --covariates (needs --horizon) and adds the covariate effects in words. A model with "
                    + "time-varying covariates: adds only the effects (no --covariates).")
    Path modelFile;

    @Option(names = "--covariates", paramLabel = "FILE",
            description = "Covariates for --model, one row per customer, with every covariate the model uses.")
    Path covariatesFile;

    @Option(names = "--covariates-id-column", paramLabel = "NAME", defaultValue = "customer_id",
            description = "Customer id column of --covariates (default: ${DEFAULT-VALUE}).")
    String covariatesId;

    @Option(names = "--intervals", paramLabel = "LEVEL",
            description = "Shade this interval of the predicted tracking curve, e.g. 0.9 (needs --holdout and a --model "
                    + "without covariates); with --segments and --horizon also the intervals of the segment totals.")
    Double intervals;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "200",
            description = "Parameter draws for --intervals (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the draws: the same seed draws the same band (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--survivors", paramLabel = "FILE",
            description = "With a subscription model (fit --model sbg|bdw) as --model: the actual survivors by cohort "
                    + "(period, survivors[, cohort]; summarize --contractual --survivors writes them), drawn against "
                    + "the fitted retention curve; or a subscription table (read with the Subscriptions options), "
                    + "whose actual curve is the Kaplan-Meier estimate, so that with staggered starts it runs to the "
                    + "longest tenure observed, not only as far as every subscriber could have renewed.")
    Path survivors;

    @Mixin
    SubscriptionTableOptions subscriptions;

    @Option(names = "--scores-level", paramLabel = "LEVEL",
            description = "The level of the interval columns of --scores (the --intervals given to score), named in "
                    + "the segment table. Default: unsaid.")
    Double scoresLevel;

    @Override
    public Integer call() {
        OutputSafety.of().input("--scores", scores).input("--segments", segments).input("--holdout", holdout)
                .input("--model", modelFile).input("--covariates", covariatesFile).input("--survivors", survivors)
                .output("--output", output).check();
        if (modelFile != null && SubscriptionScore.applies(modelFile)) {
            return SubscriberReportRun.run(this, survivors);
        }
        if (survivors != null) {
            throw new org.churnkit.ChurnkitException("--survivors needs a subscription model as --model "
                    + "(fit --model sbg|bdw)");
        }
        if (intervals != null) {
            return callWithBand();
        }
        return call(null);
    }

    /** Checks the --intervals options, reads the plain model and hands the band's engine to {@link #call(TransactionModel)}. */
    private Integer callWithBand() {
        if (!(intervals > 0 && intervals < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--intervals must lie in (0, 1), e.g. 0.9, got " + intervals);
        }
        if (draws < 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--draws must be at least 2, got " + draws);
        }
        if ((holdout == null && (horizon == null || segments == null)) || modelFile == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--intervals draws the band of the "
                    + "tracking plot and the intervals of the segment totals: it needs --model (the model that "
                    + "predicted them) and --holdout (the tracking data) or --segments with --horizon (the horizon of "
                    + "expected_transactions)");
        }
        if (covariatesFile != null || timeVarying(modelFile) || hasCovariates(modelFile)) {
            throw new ChurnkitException("--intervals is not available with covariates yet: give --model a model "
                    + "fitted without covariates, or drop --intervals");
        }
        return call(ModelFiles.read(modelFile, TransactionModel.class));
    }

    private Integer call(TransactionModel bandModel) {
        boolean timeVarying = bandModel == null && modelFile != null && timeVarying(modelFile);
        if (timeVarying && covariatesFile != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), modelFile + " has time-varying "
                    + "covariates: the report does not score its customers; score them with 'churnkit score "
                    + "--covariates-date-column', give those scores as --scores and --model without --covariates "
                    + "for the covariate effects");
        }
        if (bandModel == null && !timeVarying && (modelFile == null) != (covariatesFile == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), modelFile == null
                    ? "--covariates needs --model, the model fitted with these covariates"
                    : "--model needs --covariates FILE, the customers' covariates to score them with");
        }
        if (bandModel == null && modelFile != null && !timeVarying && horizon == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--model needs --horizon: the report's expected_transactions are over the next --horizon time units");
        }
        Messages msg = currency.applyTo(lang.messages());
        var err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        err.println(msg.get("cli.reading", scores));
        err.flush();
        ScoreColumns s = ScoreColumns.read(scores);
        CovariateEffects effects = null;
        String unit = timeUnit == null ? null : timeUnit.label();
        if (timeVarying) {
            err.println(msg.get("cli.reading", modelFile));
            org.churnkit.model.TimeVaryingCovariateModel model = org.churnkit.model.TimeVaryingCovariateModel.read(
                    modelFile);
            // Without the customers' paths 0/1 flags read per unit (the same multiplier).
            effects = CovariateEffects.of(model, null);
            if (unit == null) {
                unit = model.unit().label();
            }
        } else if (modelFile != null && bandModel == null) {
            err.println(msg.get("cli.reading", modelFile));
            StaticCovariateModel model = StaticCovariateModel.read(modelFile);
            if (model.covariateNames().isEmpty()) {
                throw new ChurnkitException(modelFile + " has no covariates: score with 'churnkit score' and give the "
                        + "scores as --scores, without --model");
            }
            err.println(msg.get("cli.reading", covariatesFile));
            Covariates c = model.readCovariates(covariatesFile, covariatesId);
            s = scoreWithCovariates(s, model, c, err, msg);
            effects = CovariateEffects.of(model, c);
            if (unit == null) {
                // The scores are in the model's time unit; its file says which when it was fitted with one.
                unit = model.plainModel().fit().map(FitSummary::timeUnit).map(org.churnkit.data.TimeUnit::label)
                        .orElse(null);
            }
        }
        CustomerReport.Builder b = CustomerReport.builder(s).messages(msg).topCustomers(top).covariateEffects(effects)
                .timeUnit(unit).date(java.time.LocalDate.now())
                .subtitle(msg.get("cli.report.subtitle", msg.count(s.size()), scores.getFileName()));
        if (title != null) {
            b.title(title);
        }
        if (horizon != null) {
            b.horizon(horizon);
        }
        if (scoresLevel != null) {
            try {
                b.intervalLevel(scoresLevel);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scores-level: " + e.getMessage());
            }
        }
        if (segments != null) {
            err.println(msg.get("cli.reading", segments));
            b.segmentLabels(SegmentsFile.read(segments, s));
        }
        if (bandModel != null && segments != null && horizon != null) {
            b.segmentTotals(PredictionIntervals.of(bandModel, PredictionIntervals.asymptoticDraws(bandModel, draws, seed),
                    ScoringSettings.of(horizon)), Histories.of(s.require(ScoreColumn.FREQUENCY.column()),
                    s.require(ScoreColumn.RECENCY.column()), s.require(ScoreColumn.AGE.column())), intervals);
            err.println(String.format(java.util.Locale.ROOT, "report: %s %% intervals of the segment totals of "
                    + "expected_transactions over %s time units from %d asymptotic parameter draws (seed %d)",
                    msg.decimal(100 * intervals, 1), org.churnkit.io.ColumnTable.formatDouble(horizon), draws, seed));
        }
        if (holdout != null) {
            err.println(msg.get("cli.reading", holdout));
            Tracking tr = readTracking(holdout, calibrationEnd == null ? Double.NaN : calibrationEnd, holdoutModel, err);
            b.tracking(tr);
            if (bandModel != null) {
                b.trackingBand(band(bandModel, tr, s, err, msg), intervals);
                if (unit == null) {
                    unit = bandModel.fit().map(FitSummary::timeUnit).map(org.churnkit.data.TimeUnit::label).orElse(null);
                    b.timeUnit(unit);
                }
            }
        }
        CustomerReport report = b.build();
        // A page of "Not available" is no report: refuse it, and name every section that is missing.
        if (report.drawableSections().isEmpty()) {
            throw new ChurnkitException(msg.get("cli.report.nothing"));
        }
        for (String why : report.unavailable()) {
            err.println(msg.get("cli.report.warnMissing", why));
        }
        long t1 = System.nanoTime();
        report.write(output);
        long t2 = System.nanoTime();
        err.println(msg.get("cli.report.wrote", output, msg.decimal((t2 - t1) / 1e9, 1), msg.decimal((t2 - t0) / 1e9, 1)));
        err.flush();
        return 0;
    }

    /**
     * The band of the tracking curve of {@code model} ({@link PredictionIntervals#tracking}) at the
     * periods of {@code tr}, which must be consecutive unit periods: each customer of {@code s} is
     * born at the calibration end minus their T. Says on stderr how far the band's own estimate is
     * from the tracking file's predicted curve at the last period, since a band about other customers
     * or another model than the file's would not belong to its line.
     */
    private PredictionIntervals.CurveBand band(TransactionModel model, Tracking tr, ScoreColumns s,
                                               java.io.PrintWriter err, Messages msg) {
        double end = tr.calibrationEnd();
        if (Double.isNaN(end)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--intervals needs the calibration "
                    + "end, where the customers' T is measured: give --calibration-end (a backtest's tracking.csv has it)");
        }
        double[] time = tr.time();
        double start = time[0] - 1;
        for (int j = 0; j < time.length; j++) {
            if (time[j] != start + j + 1) {
                throw new ChurnkitException(holdout + ": --intervals needs consecutive unit periods (1, 2, 3, ...) in the "
                        + "model's time unit; period " + (j + 1) + " ends at " + time[j]);
            }
        }
        double[] t = s.require(ScoreColumn.AGE.column());
        double[] birth = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            birth[i] = end - t[i];
        }
        PredictionIntervals.CurveBand band;
        try {
            band = PredictionIntervals.of(model, PredictionIntervals.asymptoticDraws(model, draws, seed),
                    ScoringSettings.of(1)).tracking(birth, start, time.length, intervals);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("--intervals: " + e.getMessage(), e);
        }
        double want = tr.predictedCumulative()[time.length - 1];
        double got = band.estimate()[time.length - 1];
        err.println(String.format(java.util.Locale.ROOT, "report: %s %% band of the tracking curve from %d asymptotic "
                + "parameter draws (seed %d); at the last period %s predicted %s, the band's model %s [%s, %s]",
                msg.decimal(100 * intervals, 1), draws, seed, holdout.getFileName(), msg.decimal(want, 1),
                msg.decimal(got, 1), msg.decimal(band.lower()[time.length - 1], 1),
                msg.decimal(band.upper()[time.length - 1], 1)));
        if (Math.abs(got - want) > 0.01 * Math.max(1, want)) {
            err.println("report: warning: the band's curve differs from " + holdout.getFileName() + "'s predicted curve "
                    + "by more than 1 %: are --scores the customers and --model the model of the tracking data?");
        }
        return band;
    }

    /** Whether a model file holds static covariates (an object "covariates"); false when it cannot be parsed. */
    private static boolean hasCovariates(Path file) {
        try {
            return org.churnkit.io.JsonText.parse(java.nio.file.Files.readString(file), file.toString())
                    instanceof java.util.Map<?, ?> m && m.containsKey("covariates");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a model file holds time-varying covariates; false when it cannot be read or parsed,
     * so that the static loader reports why.
     */
    private static boolean timeVarying(Path file) {
        try {
            return org.churnkit.io.JsonText.parse(java.nio.file.Files.readString(file), file.toString())
                    instanceof java.util.Map<?, ?> m && m.containsKey("time_varying_covariates");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The customers of {@code s} scored with a covariate model (the library's {@link
     * StaticCovariateModel#score}): their history columns and monetary_value when present, with
     * p_alive and expected_transactions over --horizon from each customer's own parameters; the
     * file's own score columns are replaced, and said so on stderr.
     */
    private ScoreColumns scoreWithCovariates(ScoreColumns s, StaticCovariateModel model, Covariates c,
                                             java.io.PrintWriter err, Messages msg) {
        double[] x = s.require(ScoreColumn.FREQUENCY.column());
        double[] tx = s.require(ScoreColumn.RECENCY.column());
        double[] t = s.require(ScoreColumn.AGE.column());
        Histories h;
        Scores sc;
        try {
            h = Histories.of(x, tx, t, null, null, s.ids());
            sc = model.score(h, c, ScoringSettings.of(horizon));
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(scores + ": " + e.getMessage(), e);
        } catch (ChurnkitException e) {
            throw new ChurnkitException(scores + " with " + covariatesFile + ": " + e.getMessage(), e);
        }
        java.util.Map<String, double[]> cols = new java.util.LinkedHashMap<>();
        cols.put(ScoreColumn.FREQUENCY.column(), x);
        cols.put(ScoreColumn.RECENCY.column(), tx);
        cols.put(ScoreColumn.AGE.column(), t);
        double[] money = s.get(ScoreColumn.MONETARY_VALUE.column());
        if (money != null) {
            cols.put(ScoreColumn.MONETARY_VALUE.column(), money);
        }
        java.util.List<String> replaced = s.names().stream().filter(n -> !cols.containsKey(n)).sorted().toList();
        cols.put(ScoreColumn.P_ALIVE.column(), sc.pAlive());
        cols.put(ScoreColumn.EXPECTED_TRANSACTIONS.column(), sc.expectedTransactions());
        err.println(msg.get("cli.report.scoredCovariates", msg.count(s.size()), modelFile,
                String.join(", ", model.covariateNames())));
        if (!replaced.isEmpty()) {
            err.println(msg.get("cli.report.replacedScores", String.join(", ", replaced), scores));
        }
        return ScoreColumns.of(s.ids(), cols);
    }

    /**
     * Holdout tracking from {@code file} ({@link TrackingFile}): a plain series, or of a backtest's
     * {@code tracking.csv} the most recent origin for one model, the origin marking the calibration end.
     *
     * @param file the tracking file
     * @param calibrationEnd the calibration end to mark, NaN for none (or the backtest origin)
     * @param model for a backtest file, the model to draw, or {@code null} for its first non-baseline model
     * @param err where to say which origin and model were drawn
     * @return the tracking series
     */
    static Tracking readTracking(Path file, double calibrationEnd, String model, java.io.PrintWriter err) {
        TrackingFile tf = TrackingFile.read(file);
        if (!tf.isBacktest()) {
            return tf.tracking(null, calibrationEnd);
        }
        String chosen = model != null ? model : tf.defaultModel();
        if (chosen == null || !tf.models().contains(chosen)) {
            throw new ChurnkitException(file + ": " + (chosen == null ? "no model" : "no model '" + chosen + "'")
                    + " at the most recent origin; it has " + String.join(", ", tf.models())
                    + " (choose one with --holdout-model)");
        }
        err.println("tracking: " + chosen + " at the most recent origin, " + tf.originLabel(chosen) + ", from " + file);
        return tf.tracking(chosen, calibrationEnd);
    }
}
