package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryTable;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.model.FitData;
import org.churnkit.model.FitResult;
import org.churnkit.model.FitStatus;
import org.churnkit.model.FitSummary;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ModelRegistry;
import org.churnkit.model.CorrelatedFit;
import org.churnkit.model.Covariates;
import org.churnkit.model.StaticCovariateFit;
import org.churnkit.model.StaticCovariateFitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code churnkit fit}: maximum-likelihood estimates of a model from a customer summary or a log. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        header = "Fit a BTYD, spend or subscription model; write a JSON model file.",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Fits pareto-nbd, bg-nbd, mbg-nbd, bg-bb or gamma-gamma by maximum likelihood and writes the model "
                + "file that 'churnkit score' reads. Input is a summary (columns frequency, recency, T[, monetary_value], "
                + "renameable) or, with --log, a transaction log summarised first with the summarize options.",
            "bg-bb reads x transactions in n opportunities: columns frequency, recency (opportunity of the last "
                + "transaction) and periods (n), optionally a --weight-column of counts per row.",
            "Customers with T = 0 (first purchase at the observation end) add a constant 0 to every model's "
                + "log-likelihood: they are skipped and counted on stderr (or are an error with --fail-on-zero-age); "
                + "'churnkit score' scores them as new customers. gamma-gamma uses the customers with frequency >= 1 "
                + "and a positive monetary_value (the mean of their positive repeat amounts); the others are counted "
                + "and scored at the population mean spend.",
            "Prints estimates, standard errors, 95 %% intervals, log-likelihood, AIC, BIC and convergence to stdout; "
                + "with --covariates also each coefficient's effect in words (in the --lang language). "
                + "A fit that did not converge is an error unless --allow-not-converged, which writes it flagged.",
            "--correlation (pareto-nbd) lets purchase and dropout rates be correlated (Sarmanov mixing, as in "
                + "CLVTools) and prints their correlation with its 95 %% interval and tests of whether it is zero.",
            "An ill-posed fit (parameters that ran to the boundary, such as s and beta to infinity at a fixed "
                + "s/beta, or parameters the data do not identify) is printed with a diagnosis naming the parameters "
                + "and the limiting model; no model is written and the exit code is " + FitCommand.EXIT_ILL_POSED
                + ", unless --accept-boundary, which writes it with its \"status\".",
            "Subscriptions: sbg (shifted-beta-geometric, Fader and Hardie 2007) and bdw (beta-discrete-Weibull, Fader "
                + "et al. 2018) read --input as a survivor table (period, survivors[, cohort]) or a subscription table "
                + "(customer_id, start, end or customer_id, periods, cancelled; see 'summarize --contractual'). One "
                + "model per cohort (files MODEL-COHORT.json beside --output when there are several), or one with "
                + "--cohort-effects; prints the "
                + "estimates and the fitted against the actual survivors with 95 %% intervals, projected forward. "
                + "With --covariates (one row per subscriber, as for the transaction models) one model for every "
                + "subscriber with gamma_i = gamma exp(b'x_i) and/or delta_i = delta exp(b'x_i) (--covariate-target), "
                + "printing each effect as a multiplier with its 95 %% interval.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit fit --model pareto-nbd --input summary.csv --output pnbd.json",
            "  churnkit fit --model pareto-nbd -i cdnow_summary_calibration.csv \\",
            "      --id-column ID -o pnbd.json --time-unit week",
            "  churnkit fit --model gamma-gamma -i cdnow_summary_with_spend.csv \\",
            "      --id-column ID --frequency-column x --recency-column t_x \\",
            "      --monetary-column zbar -o gg.json",
            "  churnkit fit --model bg-bb -i donations_rf.csv --weight-column weights \\",
            "      -o bgbb.json",
            "  churnkit fit --model bg-nbd --log transactions.csv --time-unit week \\",
            "      --observation-end 2024-12-31 -o bgnbd.json",
            "  churnkit fit -m pareto-nbd --log transactions.csv --time-unit week \\",
            "      --observation-end 2005-10-09 --covariates dynamic_covariates.csv \\",
            "      --covariates-id-column Id --covariates-date-column Cov.Date \\",
            "      --purchase-covariates High.Season,Gender,Channel \\",
            "      --dropout-covariates High.Season,Gender,Channel -o tv.json",
            "  churnkit fit --model pareto-nbd -i summary.csv --correlation \\",
            "      -o pnbd-cor.json",
            "  churnkit fit --model pareto-nbd -i summary.csv --correlation \\",
            "      --covariates customers.csv --purchase-covariates channel \\",
            "      --dropout-covariates channel -o pnbd-cor.json",
            "  churnkit fit --model sbg -i cohorts.csv --period year \\",
            "      --calibration-periods 7 --compare -o sbg.json",
            "  churnkit fit --model bdw -i subscriptions.csv --as-of 2024-06-30 \\",
            "      --cohort none -o bdw.json",
            "  churnkit fit -m pareto-nbd --log transactions.csv \\",
            "      --observation-end 2025-07-07 --warm-start pnbd.json \\",
            "      -o pnbd-2025-07-07.json",
            "  churnkit fit --model sbg -i subscriptions.csv --covariates plans.csv \\",
            "      --covariate-columns plan,price --covariate-target both -o sbg.json",
        })
public final class FitCommand implements Callable<Integer> {
    /** Exit code of a fit diagnosed as boundary or not identified, when --accept-boundary is not given. */
    static final int EXIT_ILL_POSED = 3;

    /** Creates the command; picocli fills its options and runs it. */
    public FitCommand() {
    }

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", converter = ModelChoice.Converter.class,
            description = "pareto-nbd, bg-nbd, mbg-nbd, bg-bb or gamma-gamma; for subscriptions sbg or bdw.")
    ModelChoice model;

    /** The transaction or spend model of {@code --model} (null for a subscription model). */
    ModelKind kind;

    @Option(names = {"-i", "--input"}, paramLabel = "SUMMARY",
            description = "Customer summary (.csv, .parquet, .arrow), as 'churnkit summarize' writes it.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.json",
            description = "Model file to write (atomically).")
    Path output;

    @Option(names = "--allow-not-converged",
            description = "Write a fit that did not converge (flagged \"converged\": false) instead of failing.")
    boolean allowNotConverged;

    @Option(names = "--accept-boundary",
            description = "Write a fit whose parameters ran to the boundary or are not identified (status "
                + "\"boundary\" or \"not-identified\"): scores are then those of the limiting model. "
                + "Without it such a fit writes nothing and exits with code " + EXIT_ILL_POSED + ".")
    boolean acceptBoundary;

    @Option(names = "--fail-on-zero-age",
            description = "Fail on a customer with T = 0 instead of dropping (and counting) them.")
    boolean failOnZeroAge;

    @Option(names = "--covariates", paramLabel = "FILE",
            description = "Time-invariant covariates, one row per customer (CSV, Parquet, Arrow): fits pareto-nbd or "
                + "bg-nbd with covariates. Text columns become indicators, the first level in sorted order the reference.")
    Path covariatesFile;

    @Option(names = "--covariates-id-column", paramLabel = "NAME", defaultValue = "customer_id",
            description = "Customer id column of --covariates (default: ${DEFAULT-VALUE}).")
    String covariatesId;

    @Option(names = "--covariates-date-column", paramLabel = "NAME",
            description = "Period start date column of --covariates: time-varying covariates, one row per customer "
                + "and period of one --time-unit (pareto-nbd, with --log and --observation-end as the calibration end).")
    String covariatesDate;

    @Option(names = "--purchase-covariates", paramLabel = "A,B", split = ",",
            description = "Covariates of the purchase process (columns of --covariates; indicators as NAME=LEVEL).")
    List<String> purchaseCovariates = new java.util.ArrayList<>();

    @Option(names = "--dropout-covariates", paramLabel = "A,B", split = ",",
            description = "Covariates of the dropout process.")
    List<String> dropoutCovariates = new java.util.ArrayList<>();

    @Option(names = "--equal-covariates", paramLabel = "A,B", split = ",",
            description = "Covariates in both lists whose purchase and dropout coefficients are constrained equal.")
    List<String> equalCovariates = new java.util.ArrayList<>();

    @Option(names = "--covariate-penalty", paramLabel = "LAMBDA", defaultValue = "0",
            description = "L2 penalty: maximises log-likelihood - LAMBDA * (sum of squared coefficients) "
                + "(default: ${DEFAULT-VALUE}, plain maximum likelihood).")
    double covariatePenalty;

    @Option(names = "--correlation",
            description = "pareto-nbd only: estimate the correlation between the purchase and dropout rates "
                + "(Sarmanov mixing distribution), with its standard error, 95 %% interval, Wald and "
                + "likelihood-ratio tests of zero correlation; with or without --covariates.")
    boolean correlation;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "1000",
            description = "Optimiser iterations per starting point (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--warm-start", paramLabel = "PREVIOUS.json",
            description = "Refit from this earlier model's parameters by Newton steps, stopping where the step "
                + "still to go is at most 0.01 standard errors (so every estimate and score is within a "
                + "hundredth of its standard error of the full fit's; one or two steps). A full multistart fit "
                + "runs instead when the earlier fit was not clean, a step does not shrink the gradient by a "
                + "quarter, the warm run does not stop within 50 iterations, a parameter moves by more than a "
                + "factor 1.65, or the new optimum is on a boundary. "
                + "The new file records the earlier one (SHA-256, version, fit date), which way it was refitted "
                + "and the stopping rule.")
    java.nio.file.Path warmStart;

    @Mixin
    HistoryColumns columns;

    @Mixin
    LogInputOptions log;

    @Mixin
    SummaryOptionsMixin summary;

    @Mixin
    LanguageOption language;

    @Mixin
    SubscriptionTableOptions subscriptions;

    @Mixin
    SubscriptionFit subscriptionFit;

    @Spec
    CommandSpec spec;

    /**
     * What {@code --model} names: a transaction or spend model, or a subscription model, each fitted
     * by its own path (exactly one of the two is set).
     *
     * @param transaction the BTYD or spend model, or null
     * @param contractual the subscription model, or null
     */
    record ModelChoice(ModelKind transaction, org.churnkit.contractual.ContractualKind contractual) {
        /** Model names with the message the brief asks for. */
        static final class Converter implements ITypeConverter<ModelChoice> {
            @Override
            public ModelChoice convert(String value) {
                try {
                    return new ModelChoice(null, org.churnkit.contractual.ContractualKind.parse(value));
                } catch (IllegalArgumentException notContractual) {
                    try {
                        return new ModelChoice(ModelKind.parse(value), null);
                    } catch (IllegalArgumentException e) {
                        throw new TypeConversionException(e.getMessage() + "; for subscriptions sbg or bdw");
                    }
                }
            }
        }
    }

    /** Model names with the message the brief asks for. */
    static final class KindConverter implements ITypeConverter<ModelKind> {
        @Override
        public ModelKind convert(String value) {
            try {
                return ModelKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        OutputSafety.of().input("--input", input).input("--log", log.log).input("--covariates", covariatesFile)
                .input("--warm-start", warmStart).output("--output", output).check();
        if (warmStart != null && (covariatesFile != null || correlation || covariatesDate != null)) {
            throw new ChurnkitException("--warm-start refits the plain models; it cannot be combined with "
                    + "--covariates or --correlation");
        }
        if ((input == null) == !log.given()) {
            throw new ChurnkitException("give either --input SUMMARY or --log LOG (exactly one)");
        }
        if (model.contractual() != null) {
            return subscriptionFit.run(this, model.contractual());
        }
        kind = model.transaction();
        PrintWriter err = spec.commandLine().getErr();
        if (covariatesDate != null) {
            return fitTimeVarying(err);
        }
        boolean discrete = kind == ModelKind.BG_BB;
        boolean spendModel = kind.isSpendModel();
        TimeUnit timeUnit;
        Histories all;
        String source;
        if (input != null) {
            all = FitData.histories(columns.table(input, discrete,
                    spendModel ? SummaryTable.Spend.REQUIRED : SummaryTable.Spend.IGNORED, false, List.of()));
            source = input.toString();
            // A summary file does not say its unit: record --time-unit (default week, as summarize's), so
            // that score can convert the annual discount rate for DERT without being told again.
            timeUnit = summary.options().unit();
            if (!spec.commandLine().getParseResult().hasMatchedOption("--time-unit")) {
                err.println("fit: recording time unit " + timeUnit.label() + " (the default, as for summarize); pass --time-unit "
                        + "if the summary was made in another unit");
            }
        } else {
            TransactionLog tl = log.read(columns.encoding);
            CustomerSummaries s = Summarizer.summarize(tl, summary.options());
            if (spendModel && !s.hasAmounts()) {
                throw new ChurnkitException(log.log + ": gamma-gamma needs amounts; the log has none (--amount-column)");
            }
            all = FitData.histories(kind, s);
            source = log.log.toString();
            timeUnit = s.unit();
            err.printf(Locale.ROOT, "fit: summarised %,d transactions of %,d customers from %s%n", tl.size(), s.size(),
                    source);
            for (String line : s.exclusions().lines()) {
                err.printf(Locale.ROOT, "fit: %s%n", line);
            }
        }
        Histories h = select(all, spendModel, err, source);
        err.printf(Locale.ROOT, "fit: fitting %s to %,d customers (%s)...%n", kind.id(), h.size(), source);
        err.flush();
        ModelFitter.Settings settings = ModelFitter.Settings.defaults().withTimeUnit(timeUnit)
                .withMaxIterations(maxIterations);
        if (correlation && kind != ModelKind.PARETO_NBD) {
            throw new ChurnkitException("--correlation: the purchase-dropout correlation is implemented for pareto-nbd, "
                    + "not " + kind.id());
        }
        if (covariatesFile != null || correlation) {
            return fitWithCovariates(h, settings, err);
        }
        if (!purchaseCovariates.isEmpty() || !dropoutCovariates.isEmpty() || !equalCovariates.isEmpty()) {
            throw new ChurnkitException("--purchase-covariates, --dropout-covariates and --equal-covariates need "
                    + "--covariates FILE");
        }
        ModelFitter fitter = ModelFitter.of(settings);
        long t0 = System.nanoTime();
        FitResult<?> fit;
        if (warmStart != null) {
            byte[] bytes;
            try {
                bytes = java.nio.file.Files.readAllBytes(warmStart);
            } catch (java.io.IOException e) {
                throw new ChurnkitException("--warm-start " + warmStart + ": cannot read: " + e.getMessage(), e);
            }
            org.churnkit.model.FittedModel previous = ModelFiles.parse(
                    new String(bytes, java.nio.charset.StandardCharsets.UTF_8), warmStart.toString());
            fit = fitter.warmFit(ModelRegistry.likelihood(kind), h, previous,
                    org.churnkit.model.FitPredecessor.of(org.churnkit.model.FitPredecessor.sha256(bytes), previous));
            org.churnkit.model.FitPredecessor link = fit.summary().provenance().predecessor();
            err.println("fit: " + link.refit() + " refit from " + warmStart + ": " + link.reason());
        } else {
            fit = fitter.fit(ModelRegistry.likelihood(kind), h);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        print(spec.commandLine().getOut(), fit, ms);
        FitSummary fs = fit.summary();
        boolean illPosed = fs.status() == FitStatus.BOUNDARY || fs.status() == FitStatus.NOT_IDENTIFIED;
        if (illPosed && !acceptBoundary) {
            err.println("churnkit fit: the " + kind.id() + " fit is ill-posed (" + fs.status().label() + "); no model "
                    + "written:");
            fs.findings().forEach(f -> err.println("  - " + f.message()));
            err.println("Pass --accept-boundary to write it anyway (flagged \"status\": \"" + fs.status().label()
                    + "\").");
            err.flush();
            return EXIT_ILL_POSED;
        }
        if (!illPosed && !fs.converged() && !allowNotConverged) {
            throw new ChurnkitException("the " + kind.id() + " fit did not converge (" + fs.message() + "); no model written. "
                    + "Check the input, or pass --allow-not-converged to write it flagged as not converged");
        }
        if (illPosed) {
            String outside = ModelRegistry.outsideDomain(kind, fit.model().parameterArray());
            if (outside != null) {
                err.println("churnkit fit: the " + kind.id() + " fit is ill-posed (" + fs.status().label() + ") and its "
                        + "limiting values cannot be scored: " + outside + "; no model written.");
                fs.findings().forEach(f -> err.println("  - " + f.message()));
                err.flush();
                return EXIT_ILL_POSED;
            }
        }
        ModelFiles.write(fit.model(), output);
        if (illPosed) {
            err.println("fit: WARNING: ill-posed fit written flagged \"status\": \"" + fs.status().label()
                    + "\" (--accept-boundary)");
        } else if (!fs.converged()) {
            err.println("fit: WARNING: the fit did not converge; written flagged \"converged\": false");
        }
        err.println("fit: wrote " + output);
        err.flush();
        return 0;
    }

    /**
     * The fit with time-varying covariates (pareto-nbd, from the log): covariate paths from the
     * log and the long covariate file, the library call, the table, the same ill-posed policy.
     */
    private int fitTimeVarying(PrintWriter err) {
        if (covariatesFile == null) {
            throw new ChurnkitException("--covariates-date-column needs --covariates FILE");
        }
        if (kind != ModelKind.PARETO_NBD) {
            throw new ChurnkitException("--covariates-date-column: time-varying covariates are implemented for "
                    + "pareto-nbd, not " + kind.id());
        }
        if (correlation) {
            throw new ChurnkitException("--correlation is not implemented with time-varying covariates "
                    + "(--covariates-date-column)");
        }
        if (!log.given() || summary.options().observationEnd() == null) {
            throw new ChurnkitException("time-varying covariates need the transaction log (--log) and the calibration "
                    + "end (--observation-end): the periods are placed on each customer's own dates");
        }
        TimeUnit unit = summary.options().unit();
        double days = unit.days();
        if (days != Math.rint(days)) {
            throw new ChurnkitException("time-varying covariates need periods of whole days: --time-unit day or week, "
                    + "not " + unit.label());
        }
        java.time.LocalDate end = java.time.LocalDate.ofEpochDay(
                Math.floorDiv(summary.options().observationEnd().lastSecond(), 86_400L));
        TransactionLog tl = log.read(columns.encoding);
        org.churnkit.model.TimeVaryingCovariates paths;
        try {
            paths = org.churnkit.model.TimeVaryingCovariates.read(tl, List.of(covariatesFile),
                    new org.churnkit.model.TimeVaryingCovariates.ReadOptions(covariatesId, covariatesDate, end,
                            (int) days, unit, 0, java.util.Map.of()));
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        paths.notes().forEach(n -> err.println("fit: " + covariatesFile + ": " + n));
        StaticCovariateFitter.Options o;
        try {
            o = new StaticCovariateFitter.Options(purchaseCovariates, dropoutCovariates, equalCovariates,
                    covariatePenalty, covariatePenalty);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        err.printf(Locale.ROOT, "fit: fitting pareto-nbd with time-varying covariates to %,d customers (%s)...%n",
                paths.size(), log.log);
        err.flush();
        long t0 = System.nanoTime();
        org.churnkit.model.TimeVaryingCovariateFit fit = org.churnkit.model.TimeVaryingCovariateFitter.of(
                ModelFitter.Settings.defaults().withTimeUnit(unit).withMaxIterations(maxIterations)).fit(paths, o);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Model: pareto-nbd with time-varying covariates (time unit and period: %s)%n",
                unit.label());
        printFit(out, fit.estimates(), fit.logLikelihood(), fit.penalty(), fit.aic(), fit.customers(),
                fit.gradientNorm(), fit.converged(), ms, fit.message(), fit.status(), fit.findings());
        // The coefficients in words, after the table they come from, as the time-invariant path does.
        org.churnkit.i18n.Messages words = language.messages();
        out.println(words.get("covariate.title"));
        org.churnkit.model.CovariateEffects.of(fit, paths).sentences(words).forEach(x -> out.println("  " + x));
        out.flush();
        boolean illPosed = fit.status() == FitStatus.BOUNDARY || fit.status() == FitStatus.NOT_IDENTIFIED;
        if (illPosed && !acceptBoundary) {
            err.println("churnkit fit: the pareto-nbd fit with time-varying covariates is ill-posed ("
                    + fit.status().label() + "); no model written. Pass --accept-boundary to write it anyway.");
            err.flush();
            return EXIT_ILL_POSED;
        }
        if (!illPosed && !fit.converged() && !allowNotConverged) {
            throw new ChurnkitException("the pareto-nbd fit with time-varying covariates did not converge ("
                    + fit.message() + "); no model written. Pass --allow-not-converged to write it flagged as not "
                    + "converged");
        }
        fit.model().write(output);
        err.println("fit: wrote " + output + (illPosed ? " (flagged \"status\": \"" + fit.status().label() + "\")" : ""));
        err.flush();
        return 0;
    }

    /**
     * The fit with time-invariant covariates and/or the purchase-dropout correlation: the library
     * call, the table, the same ill-posed policy.
     */
    private int fitWithCovariates(Histories h, ModelFitter.Settings settings, PrintWriter err) {
        if (kind != ModelKind.PARETO_NBD && kind != ModelKind.BG_NBD) {
            throw new ChurnkitException("--covariates: covariates are implemented for pareto-nbd and bg-nbd, not "
                    + kind.id());
        }
        if (covariatesFile == null && (!purchaseCovariates.isEmpty() || !dropoutCovariates.isEmpty()
                || !equalCovariates.isEmpty())) {
            throw new ChurnkitException("--purchase-covariates, --dropout-covariates and --equal-covariates need "
                    + "--covariates FILE");
        }
        Covariates c = covariatesFile != null ? Covariates.read(covariatesFile, covariatesId, java.util.Map.of())
                : Covariates.none(h.size());
        c.notes().forEach(n -> err.println("fit: " + covariatesFile + ": " + n));
        StaticCovariateFitter.Options o;
        try {
            o = new StaticCovariateFitter.Options(purchaseCovariates, dropoutCovariates, equalCovariates,
                    covariatePenalty, covariatePenalty);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        CorrelatedFit cf = correlation ? StaticCovariateFitter.of(settings).fitCorrelated(h, c, o) : null;
        StaticCovariateFit fit = cf != null ? cf.fit() : StaticCovariateFitter.of(settings).fit(kind, h, c, o);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Model: %s%s%s%n", kind.id(), (covariatesFile != null ? " with covariates" : "")
                + (cf != null ? (covariatesFile != null ? " and" : " with") + " correlated purchase and dropout rates" : ""),
                settings.timeUnit() != null
                ? " (time unit: " + settings.timeUnit().label() + ")" : "");
        printFit(out, fit.estimates(), fit.logLikelihood(), fit.penalty(), fit.aic(), fit.customers(),
                fit.gradientNorm(), fit.converged(), ms, fit.message(), fit.status(), fit.findings());
        if (cf != null) {
            out.printf(Locale.ROOT, "correlation     %s (std. error %s, 95%% interval %s to %s)%s%n",
                    num(cf.correlation()), num(cf.standardError()), num(cf.lower()), num(cf.upper()),
                    covariatesFile != null ? " of the reference customer (all covariates at 0)" : "");
            out.printf(Locale.ROOT, "omega           %s in [%s, %s]%n", num(cf.omega()), num(cf.omegaLower()),
                    num(cf.omegaUpper()));
            out.printf(Locale.ROOT, "Wald test       z = %s, p = %s%n", num(cf.waldZ()), num(cf.waldPValue()));
            out.printf(Locale.ROOT, "LR test         chi-square %s (1 df), p = %s; log-likelihood without "
                    + "correlation %.4f%n", num(cf.lrStatistic()), num(cf.lrPValue()), cf.independent().logLikelihood());
            out.println(cf.describe());
        }
        if (covariatesFile != null) {
            // The coefficients in words, after the table they come from (same stream as the summary).
            org.churnkit.i18n.Messages words = language.messages();
            out.println(words.get("covariate.title"));
            org.churnkit.model.CovariateEffects.of(fit, c).sentences(words).forEach(x -> out.println("  " + x));
        }
        out.flush();
        boolean illPosed = fit.status() == FitStatus.BOUNDARY || fit.status() == FitStatus.NOT_IDENTIFIED;
        if (illPosed && !acceptBoundary) {
            err.println("churnkit fit: the " + kind.id() + " fit with covariates is ill-posed (" + fit.status().label()
                    + "); no model written. Pass --accept-boundary to write it anyway.");
            err.flush();
            return EXIT_ILL_POSED;
        }
        if (!illPosed && !fit.converged() && !allowNotConverged) {
            throw new ChurnkitException("the " + kind.id() + " fit with covariates did not converge (" + fit.message()
                    + "); no model written. Pass --allow-not-converged to write it flagged as not converged");
        }
        String outside = ModelRegistry.outsideDomain(kind, fit.model().plainModel().parameterArray());
        if (outside != null) {
            err.println("churnkit fit: the limiting values of this fit cannot be scored: " + outside
                    + "; no model written.");
            err.flush();
            return EXIT_ILL_POSED;
        }
        fit.model().write(output);
        err.println("fit: wrote " + output + (illPosed ? " (flagged \"status\": \"" + fit.status().label() + "\")" : ""));
        err.flush();
        return 0;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "n/a";
    }

    /**
     * The rows the model is fitted on ({@link FitData}: T = 0 customers skipped, and for the spend
     * model customers without a positive repeat amount), with what was left out printed to stderr.
     */
    private Histories select(Histories all, boolean spendModel, PrintWriter err, String source) {
        int zero = failOnZeroAge ? FitData.firstZeroAge(all) : -1;
        if (zero >= 0) {
            throw new ChurnkitException(source + ": customer '" + all.id(zero) + "' has T = 0 (first purchase at the end "
                    + "of observation); drop --fail-on-zero-age to skip such customers (counted)");
        }
        FitData data;
        try {
            data = FitData.of(kind, all);
        } catch (ChurnkitException e) {
            throw new ChurnkitException(source + ": " + e.getMessage(), e);
        }
        for (String line : data.exclusions().lines()) {
            err.printf(Locale.ROOT, "fit: %s%n", line);
        }
        if (spendModel) {
            err.printf(Locale.ROOT, "fit: gamma-gamma uses the %,d customers with repeat transactions and a positive mean "
                    + "repeat amount%n", data.histories().size());
        }
        return data.histories();
    }

    private void print(PrintWriter out, FitResult<?> fit, long ms) {
        FitSummary s = fit.summary();
        List<String> names = kind.parameterNames();
        double[] p = fit.parameters();
        double[] se = s.standardErrors();
        double[][] ci = fit.confidenceIntervals(0.95);
        out.printf(Locale.ROOT, "Model: %s%s%n", kind.id(), s.timeUnit() != null ? " (time unit: " + s.timeUnit().label() + ")" : "");
        out.printf(Locale.ROOT, "%-10s %14s %14s %14s %14s%n", "parameter", "estimate", "std. error", "95% lower", "95% upper");
        for (int i = 0; i < p.length; i++) {
            boolean ok = Double.isFinite(se[i]) && Double.isFinite(ci[i][0]) && Double.isFinite(ci[i][1]);
            out.printf(Locale.ROOT, "%-10s %14.6g %14s %14s %14s%n", names.get(i), p[i],
                    FitSummary.formatStandardError(se[i]), ok ? String.format(Locale.ROOT, "%.6g", ci[i][0]) : "-",
                    ok ? String.format(Locale.ROOT, "%.6g", ci[i][1]) : "-");
        }
        out.printf(Locale.ROOT, "log-likelihood  %.4f%n", s.logLikelihood());
        out.printf(Locale.ROOT, "AIC             %.4f%n", s.aic());
        out.printf(Locale.ROOT, "BIC             %.4f%n", s.bic());
        out.printf(Locale.ROOT, "customers       %s%n", ColumnFormat.count(s.customers()));
        out.printf(Locale.ROOT, "distinct rows   %,d%n", s.distinctRows());
        out.printf(Locale.ROOT, "converged       %s (%d ms): %s%n", s.converged() ? "yes" : "NO", ms, s.message());
        out.printf(Locale.ROOT, "status          %s%n", s.diagnosis());
        out.flush();
    }

    /** Small formatting helpers. */
    static final class ColumnFormat {
        private ColumnFormat() {}

        static String count(double c) {
            return c == Math.rint(c) && Math.abs(c) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) c) : Double.toString(c);
        }
    }

    /** The table of a covariate fit (static or time-varying): estimates, then the fit's figures and findings. */
    private static void printFit(PrintWriter out, java.util.List<StaticCovariateFit.Estimate> estimates, double logLikelihood,
                                 double penalty, double aic, double customers, double gradientNorm, boolean converged,
                                 long ms, String message, org.churnkit.model.FitStatus status,
                                 java.util.List<org.churnkit.model.FitFinding> findings) {
        out.printf(Locale.ROOT, "%-28s %14s %14s %14s %14s%n", "parameter", "estimate", "std. error", "95% lower",
                "95% upper");
        for (StaticCovariateFit.Estimate e : estimates) {
            out.printf(Locale.ROOT, "%-28s %14.6g %14s %14s %14s%n", e.name(), e.estimate(), num(e.standardError()),
                    num(e.lower()), num(e.upper()));
        }
        out.printf(Locale.ROOT, "log-likelihood  %.4f%n", logLikelihood);
        if (penalty > 0) {
            out.printf(Locale.ROOT, "L2 penalty      %.6g%n", penalty);
        }
        out.printf(Locale.ROOT, "AIC             %.4f%n", aic);
        out.printf(Locale.ROOT, "customers       %s%n", ColumnFormat.count(customers));
        out.printf(Locale.ROOT, "gradient norm   %.3g%n", gradientNorm);
        out.printf(Locale.ROOT, "converged       %s (%d ms): %s%n", converged ? "yes" : "NO", ms, message);
        out.printf(Locale.ROOT, "status          %s%n", status.label());
        findings.forEach(f -> out.println("  - " + f.message()));
    }
}
