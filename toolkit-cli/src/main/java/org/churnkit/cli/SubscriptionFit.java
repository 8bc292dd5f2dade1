package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.ContractualFit;
import org.churnkit.contractual.ContractualFitter;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModel;
import org.churnkit.contractual.CovariateTarget;
import org.churnkit.contractual.LikelihoodRatio;
import org.churnkit.contractual.SubscriberCovariates;
import org.churnkit.contractual.SubscriberHistories;
import org.churnkit.contractual.SubscriptionReadOptions;
import org.churnkit.contractual.Subscriptions;
import org.churnkit.contractual.SurvivorCurve;
import org.churnkit.contractual.SurvivorTable;
import org.churnkit.io.ColumnTable;
import org.churnkit.model.Covariates;
import org.churnkit.model.FitStatus;
import org.churnkit.model.FitSummary;
import org.churnkit.model.ModelFitter;
import picocli.CommandLine.Option;

/**
 * {@code fit --model sbg|bdw}: the options that only contractual fits have (a picocli
 * {@code @Mixin} of {@link FitCommand}) and the run, which reads a survivor table or a
 * subscription table, fits one model per cohort (or one with cohort effects), prints
 * the estimates, the diagnosis, the fitted and projected survivors against the actual ones and,
 * with {@code --compare}, the likelihood-ratio test of the sBG against the BdW, and writes the
 * model file.
 */
public final class SubscriptionFit {

    /** Creates the options; picocli fills them from the command line. */
    public SubscriptionFit() {
    }

    @Option(names = "--compare",
            description = "sbg, bdw: fit the other model too and print the likelihood-ratio test of the sBG against "
                + "the BdW (which nests it at c = 1).")
    boolean compare;

    @Option(names = "--calibration-periods", paramLabel = "N",
            description = "sbg, bdw on a survivor table: fit each cohort's periods 1..N only and print the projection "
                + "of the later periods against the actual survivors.")
    Integer calibrationPeriods;

    @Option(names = "--cohort-effects", paramLabel = "SHAPE", converter = TargetConverter.class,
            description = "sbg, bdw with several cohorts: one model with shared parameters and cohort effects on "
                + "gamma, delta or both (the first cohort is the baseline), instead of one model per cohort.")
    CovariateTarget cohortEffects;

    /** Shape names with the message the brief asks for. */
    static final class TargetConverter implements picocli.CommandLine.ITypeConverter<CovariateTarget> {
        @Override
        public CovariateTarget convert(String value) {
            for (CovariateTarget t : CovariateTarget.values()) {
                if (t.name().equalsIgnoreCase(value.strip())) {
                    return t;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected gamma, delta or both, got '" + value + "'");
        }
    }

    @Option(names = "--covariate-columns", paramLabel = "A,B", split = ",",
            description = "sbg, bdw with --covariates: the covariates to use (columns of --covariates; a text "
                + "column stands for all its indicators, one indicator is NAME=LEVEL). Default: every column.")
    List<String> covariateColumns = new ArrayList<>();

    @Option(names = "--covariate-target", paramLabel = "SHAPE", converter = TargetConverter.class,
            defaultValue = "both",
            description = "sbg, bdw with --covariates: the Beta shape the covariates scale, gamma, delta or both "
                + "(default: ${DEFAULT-VALUE}).")
    CovariateTarget covariateTarget;

    @Option(names = "--project", paramLabel = "N",
            description = "sbg, bdw: print the fitted survivors up to period N (default: the last period observed, at "
                + "least 12).")
    Integer project;

    /** One fitted model and the data it is shown against. */
    private record Fitted(String cohort, ContractualFit fit, SurvivorCurve actual, int calibration) {
    }

    /**
     * Runs the fit.
     *
     * @param cmd the fit command, whose input, output and shared options apply
     * @param kind the model
     * @return the exit code
     */
    int run(FitCommand cmd, ContractualKind kind) {
        if (cmd.input == null || cmd.log.given()) {
            throw new ChurnkitException("--model " + kind.id() + " reads a subscription or survivor table: give --input "
                    + "FILE (not --log)");
        }
        if (cmd.correlation || cmd.covariatesDate != null || !cmd.purchaseCovariates.isEmpty()
                || !cmd.dropoutCovariates.isEmpty() || !cmd.equalCovariates.isEmpty()) {
            throw new ChurnkitException("--model " + kind.id() + ": --correlation, --covariates-date-column and "
                    + "--purchase/--dropout/--equal-covariates are for the transaction models; subscriber covariates "
                    + "are chosen with --covariate-columns and --covariate-target");
        }
        if (cmd.covariatesFile == null && !covariateColumns.isEmpty()) {
            throw new ChurnkitException("--covariate-columns needs --covariates FILE");
        }
        PrintWriter out = cmd.spec.commandLine().getOut();
        PrintWriter err = cmd.spec.commandLine().getErr();
        SubscriptionTableOptions so = cmd.subscriptions;
        SubscriptionReadOptions ro = so.readOptions(cmd.columns.id, cmd.columns.inputFormat, cmd.log.dateFormat,
                cmd.log.zone, cmd.columns.encoding);
        ColumnTable table = Subscriptions.readTable(cmd.input, ro);
        ContractualFitter fitter = ContractualFitter.of(ModelFitter.Settings.defaults()
                .withMaxIterations(cmd.maxIterations));
        List<Fitted> fits = new ArrayList<>();
        Map<String, ContractualFit> others = new LinkedHashMap<>();
        ContractualKind other = kind == ContractualKind.SBG ? ContractualKind.BDW : ContractualKind.SBG;
        List<SurvivorCurve> curves;
        Map<String, SubscriberHistories> data = new LinkedHashMap<>();
        if (so.isSurvivorTable(table.columnNames())) {
            if (cmd.covariatesFile != null) {
                throw new ChurnkitException("--covariates needs one row per subscriber: " + cmd.input + " is a survivor "
                        + "table (cohort counts); give a subscription table");
            }
            SurvivorTable st = SurvivorTable.from(table, so.periodColumn, so.survivorsColumn,
                    so.cohortBy == SubscriptionReadOptions.CohortBy.NONE ? null : so.cohortColumn);
            curves = new ArrayList<>();
            for (SurvivorCurve c : st.cohorts()) {
                int n = calibrationPeriods == null ? c.periods() : calibrationPeriods;
                if (n < 1 || n > c.periods()) {
                    throw new ChurnkitException("--calibration-periods " + n + ": cohort '" + c.cohort() + "' of "
                            + cmd.input + " has periods 1 to " + c.periods());
                }
                curves.add(c);
                data.put(c.cohort(), c.first(n).toHistories());
            }
            err.printf(Locale.ROOT, "fit: read %d cohort(s) from %s: %s%n", curves.size(), cmd.input,
                    String.join(", ", curves.stream().map(c -> c.cohort() + " (" + String.format(Locale.ROOT, "%,d",
                            c.size()) + ")").toList()));
        } else {
            if (calibrationPeriods != null) {
                throw new ChurnkitException("--calibration-periods applies to survivor tables (period, survivors); "
                        + cmd.input + " is a subscription table: give --as-of to fit on an earlier date");
            }
            Subscriptions subs = Subscriptions.from(table, ro);
            SubscriptionReport.print(err, "fit", cmd.input, subs);
            if (cmd.covariatesFile != null) {
                if (cohortEffects != null) {
                    throw new ChurnkitException("--covariates with --cohort-effects: give the cohort as a column of "
                            + "the covariate file instead");
                }
                return runCovariates(cmd, kind, fitter, subs, out, err);
            }
            curves = new ArrayList<>();
            SurvivorTable st = null;
            try {
                st = subs.survivorTable();
            } catch (IllegalArgumentException e) {
                err.println("fit: no survivor curve to show: " + e.getMessage());
            }
            for (String label : subs.cohortLabels()) {
                data.put(label, subs.histories(label));
                if (st != null && st.cohorts().stream().anyMatch(c -> c.cohort().equals(label))) {
                    curves.add(st.cohort(label));
                }
            }
            // a cohort without a whole period observed has no curve to show, only its fit
        }
        err.flush();
        if (cohortEffects != null) {
            return runCohortEffects(cmd, kind, fitter, data, curves, out, err);
        }
        for (var e : data.entrySet()) {
            String label = e.getKey();
            SurvivorCurve actual = curves.stream().filter(c -> c.cohort().equals(label)).findFirst().orElse(null);
            int calibration = calibrationPeriods != null ? calibrationPeriods : actual != null ? actual.periods() : 0;
            fits.add(new Fitted(label, fitter.fit(kind, e.getValue()), actual, calibration));
            if (compare) {
                others.put(label, fitter.fit(other, e.getValue()));
            }
        }
        boolean several = fits.size() > 1;
        for (Fitted f : fits) {
            print(out, f, several, so.period().label(), project);
            if (compare) {
                ContractualFit o = others.get(f.cohort());
                out.println();
                out.printf(Locale.ROOT, "Compared with %s%s:%n", other.displayName(),
                        several ? " (cohort " + f.cohort() + ")" : "");
                printEstimates(out, o);
                LikelihoodRatio lr = kind == ContractualKind.SBG ? LikelihoodRatio.of(f.fit(), o)
                        : LikelihoodRatio.of(o, f.fit());
                out.println(lr.describe());
            }
            out.println();
        }
        out.flush();
        // the same policy as the transaction models: an ill-posed or unconverged fit writes nothing
        for (Fitted f : fits) {
            FitSummary s = f.fit().summary();
            boolean illPosed = s.status() == FitStatus.BOUNDARY || s.status() == FitStatus.NOT_IDENTIFIED;
            String which = several ? " of cohort '" + f.cohort() + "'" : "";
            if (illPosed && !cmd.acceptBoundary) {
                err.println("churnkit fit: the " + kind.id() + " fit" + which + " is ill-posed (" + s.status().label()
                        + "); no model written:");
                s.findings().forEach(x -> err.println("  - " + x.message()));
                err.println("Pass --accept-boundary to write it anyway (flagged \"status\": \"" + s.status().label()
                        + "\").");
                err.flush();
                return FitCommand.EXIT_ILL_POSED;
            }
            if (!illPosed && !s.converged() && !cmd.allowNotConverged) {
                throw new ChurnkitException("the " + kind.id() + " fit" + which + " did not converge (" + s.message()
                        + "); no model written. Pass --allow-not-converged to write it flagged as not converged");
            }
        }
        for (Fitted f : fits) {
            Path target = several ? cohortFile(cmd.output, f.cohort()) : cmd.output;
            org.churnkit.contractual.ContractualModelFiles.write(f.fit(), so.period().label(), target);
            err.println("fit: wrote " + target);
        }
        err.flush();
        return 0;
    }

    /**
     * One model for all cohorts: shared shapes, each cohort after the first scaling them by its own
     * effect (the library's cohort fit, on the histories of every cohort with indicators).
     */
    private int runCohortEffects(FitCommand cmd, ContractualKind kind, ContractualFitter fitter,
                                 Map<String, SubscriberHistories> data, List<SurvivorCurve> curves, PrintWriter out,
                                 PrintWriter err) {
        if (data.size() < 2) {
            throw new ChurnkitException("--cohort-effects needs at least two cohorts; " + cmd.input + " has "
                    + data.size());
        }
        List<String> labels = new ArrayList<>(data.keySet());
        SubscriberHistories all = SubscriberHistories.withCohortIndicators(data);
        ContractualFit fit = fitter.fitWithCovariates(kind, all, cohortEffects);
        out.printf(Locale.ROOT, "Model: %s with cohort effects on %s (period: %s); baseline cohort %s%n",
                kind.displayName(), cohortEffects.name().toLowerCase(Locale.ROOT), cmd.subscriptions.period().label(),
                labels.get(0));
        printEstimates(out, fit);
        for (String label : labels) {
            SurvivorCurve actual = curves.stream().filter(x2 -> x2.cohort().equals(label)).findFirst().orElse(null);
            if (actual != null) {
                out.printf(Locale.ROOT, "Cohort %s:%n", label);
                int calibration = calibrationPeriods != null ? calibrationPeriods : actual.periods();
                printSurvivors(out, actual, ContractualFitter.cohortModel(fit, label),
                        label.equals(labels.get(0)) ? fit : null, calibration, project);
            }
        }
        out.println();
        out.flush();
        FitSummary s = fit.summary();
        boolean illPosed = s.status() == FitStatus.BOUNDARY || s.status() == FitStatus.NOT_IDENTIFIED;
        if (illPosed && !cmd.acceptBoundary) {
            err.println("churnkit fit: the " + kind.id() + " fit with cohort effects is ill-posed (" + s.status().label()
                    + "); no model written. Pass --accept-boundary to write it anyway.");
            s.findings().forEach(f -> err.println("  - " + f.message()));
            err.flush();
            return FitCommand.EXIT_ILL_POSED;
        }
        if (!illPosed && !s.converged() && !cmd.allowNotConverged) {
            throw new ChurnkitException("the " + kind.id() + " fit with cohort effects did not converge (" + s.message()
                    + "); no model written. Pass --allow-not-converged to write it flagged as not converged");
        }
        org.churnkit.contractual.ContractualModelFiles.write(fit, cmd.subscriptions.period().label(), cmd.output);
        err.println("fit: wrote " + cmd.output + " (one model, cohorts " + String.join(", ", labels) + ")");
        err.flush();
        return 0;
    }

    /**
     * One model for every subscriber with static covariates on its shapes: the covariate file
     * read as for the transaction models, matched by id, fitted by the library; prints the
     * estimates, the covariate effects as multipliers and the likelihood-ratio test of the
     * covariates together, and writes the model with the levels of its categorical columns.
     */
    private int runCovariates(FitCommand cmd, ContractualKind kind, ContractualFitter fitter, Subscriptions subs,
                              PrintWriter out, PrintWriter err) {
        if (calibrationPeriods != null) {
            throw new ChurnkitException("--calibration-periods applies to survivor tables; give --as-of to fit "
                    + "subscribers with covariates on an earlier date");
        }
        Covariates all = Covariates.read(cmd.covariatesFile, cmd.covariatesId, Map.of());
        all.notes().forEach(n -> err.println("fit: " + cmd.covariatesFile + ": " + n));
        List<String> names = covariateNames(all, covariateColumns);
        SubscriberCovariates sc;
        SubscriberHistories h;
        try {
            sc = SubscriberCovariates.of(all.select(names));
            h = sc.histories(subs, null);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(cmd.covariatesFile + ": " + e.getMessage(), e);
        } catch (ChurnkitException e) {
            throw new ChurnkitException(cmd.input + " with " + cmd.covariatesFile + ": " + e.getMessage(), e);
        }
        if (subs.cohortLabels().size() > 1) {
            err.println("fit: one model for the " + subs.cohortLabels().size() + " cohorts together (with "
                    + "--covariates the cohort is a covariate if it should matter: add it as a column)");
        }
        err.flush();
        ContractualFit fit = fitter.fitWithCovariates(kind, h, covariateTarget);
        ContractualFit plain = fitter.fit(kind, h.withoutCovariates());
        String period = cmd.subscriptions.period().label();
        out.printf(Locale.ROOT, "Model: %s with covariates on %s (period: %s); the baseline subscriber has every "
                + "covariate at 0%n", kind.displayName(), covariateTarget.name().toLowerCase(Locale.ROOT), period);
        printEstimates(out, fit);
        printEffects(out, fit);
        printMeanSurvivors(out, fit, h);
        LikelihoodRatio lr = LikelihoodRatio.of(plain, fit);
        out.printf(Locale.ROOT, "Covariates together: LR = %.4g on %d df, p %s (log-likelihood without them "
                + "%.4f)%n", lr.statistic(), lr.degreesOfFreedom(), lr.pValue() < 1e-16 ? "< 1e-16"
                : String.format(Locale.ROOT, "= %.4g", lr.pValue()), plain.logLikelihood());
        if (compare) {
            ContractualKind other = kind == ContractualKind.SBG ? ContractualKind.BDW : ContractualKind.SBG;
            ContractualFit o = fitter.fitWithCovariates(other, h, covariateTarget);
            out.println();
            out.printf(Locale.ROOT, "Compared with %s with the same covariates:%n", other.displayName());
            printEstimates(out, o);
            out.println((kind == ContractualKind.SBG ? LikelihoodRatio.of(fit, o) : LikelihoodRatio.of(o, fit))
                    .describe());
        }
        out.println();
        out.flush();
        FitSummary s = fit.summary();
        boolean illPosed = s.status() == FitStatus.BOUNDARY || s.status() == FitStatus.NOT_IDENTIFIED;
        if (illPosed && !cmd.acceptBoundary) {
            err.println("churnkit fit: the " + kind.id() + " fit with covariates is ill-posed (" + s.status().label()
                    + "); no model written. Pass --accept-boundary to write it anyway.");
            s.findings().forEach(f -> err.println("  - " + f.message()));
            err.flush();
            return FitCommand.EXIT_ILL_POSED;
        }
        if (!illPosed && !s.converged() && !cmd.allowNotConverged) {
            throw new ChurnkitException("the " + kind.id() + " fit with covariates did not converge (" + s.message()
                    + "); no model written. Pass --allow-not-converged to write it flagged as not converged");
        }
        // the levels of the categorical columns the model uses, so score codes its file as this one
        Map<String, String> refs = new LinkedHashMap<>();
        Map<String, List<String>> levels = new LinkedHashMap<>();
        all.referenceLevels().forEach((col, ref) -> {
            if (names.stream().anyMatch(n -> n.startsWith(Covariates.indicatorName(col, "")))) {
                refs.put(col, ref);
                levels.put(col, all.levels().get(col));
            }
        });
        org.churnkit.contractual.ContractualModelFiles.write(fit, period, refs, levels, cmd.output);
        err.println("fit: wrote " + cmd.output + " (covariates " + String.join(", ", names) + ")");
        err.flush();
        return 0;
    }

    /**
     * The covariates chosen: every one of the file by default; a categorical column's name
     * stands for all its indicators.
     */
    static List<String> covariateNames(Covariates all, List<String> wanted) {
        if (wanted.isEmpty()) {
            if (all.names().isEmpty()) {
                throw new ChurnkitException("the covariate file has no covariate column besides the id");
            }
            return all.names();
        }
        List<String> out = new ArrayList<>();
        for (String w : wanted) {
            String name = w.strip();
            if (all.referenceLevels().containsKey(name)) {
                String prefix = Covariates.indicatorName(name, "");
                all.names().stream().filter(n -> n.startsWith(prefix)).forEach(out::add);
            } else if (all.names().contains(name)) {
                out.add(name);
            } else {
                throw new ChurnkitException("--covariate-columns: covariate '" + name + "' is missing (the covariates "
                        + "are: " + String.join(", ", all.names()) + ")");
            }
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new ChurnkitException("--covariate-columns names a covariate twice: " + wanted);
        }
        return out;
    }

    /**
     * Each coefficient as a multiplier of its shape, with its interval, and the mean churn
     * probability of the first period of a subscriber with the covariate at 1 (the others at 0)
     * against the baseline's.
     */
    private static void printEffects(PrintWriter out, ContractualFit fit) {
        List<String> names = fit.parameterNames();
        int shapes = fit.kind().parameterNames().size();
        double[] est = fit.estimates();
        double[] se = fit.summary().standardErrors();
        double[][] ci = fit.confidenceIntervals(0.95);
        List<String> cov = fit.covariateNames();
        int w = Math.max(11, names.stream().mapToInt(String::length).max().orElse(0));
        out.println("Covariate effects (each shape is multiplied by exp(coefficient) per unit of its covariate):");
        out.printf(Locale.ROOT, "%-" + w + "s %10s %10s %10s %10s %10s%n", "coefficient", "estimate", "std. error",
                "multiplier", "95% lower", "95% upper");
        for (int i = shapes; i < est.length; i++) {
            boolean ok = Double.isFinite(ci[i][0]) && Double.isFinite(ci[i][1]);
            out.printf(Locale.ROOT, "%-" + w + "s %10.4g %10s %10s %10s %10s%n", names.get(i), est[i],
                    FitSummary.formatStandardError(se[i]), fmtMultiplier(Math.exp(est[i])),
                    ok ? fmtMultiplier(Math.exp(ci[i][0])) : "-", ok ? fmtMultiplier(Math.exp(ci[i][1])) : "-");
        }
        // what the shapes mean together: the share cancelling after the first period
        out.printf(Locale.ROOT, "P(cancel after period 1): baseline %.4f", 1 - fit.model().survival(1));
        for (int j = 0; j < cov.size(); j++) {
            double[] x = new double[cov.size()];
            x[j] = 1;
            String churn;
            try {
                churn = String.format(Locale.ROOT, "%.4f", 1 - fit.modelFor(x).survival(1));
            } catch (RuntimeException e) {
                churn = "-";
            }
            out.printf(Locale.ROOT, "; %s at 1 %s", cov.get(j), churn);
        }
        out.println();
    }

    /**
     * The actual share still subscribed (Kaplan-Meier, censoring allowed for) against the fitted
     * mean over the subscribers' covariates, to the longest tenure observed.
     */
    private static void printMeanSurvivors(PrintWriter out, ContractualFit fit, SubscriberHistories h) {
        double[] km = h.observedSurvival(h.maxPeriods());
        double[] fitted = SubscriberCovariates.meanSurvival(fit, h, km.length - 1);
        out.println("Share still subscribed, actual (Kaplan-Meier) against fitted (mean over the subscribers):");
        out.printf(Locale.ROOT, "%6s %10s %10s%n", "period", "actual", "fitted");
        for (int t = 0; t < km.length; t++) {
            out.printf(Locale.ROOT, "%6d %10.4f %10.4f%n", t, km[t], fitted[t]);
        }
    }

    private static String fmtMultiplier(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-";
    }

    /** {@code sbg.json} and cohort {@code 2024-01}: {@code sbg-2024-01.json} beside it. */
    static Path cohortFile(Path output, String cohort) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String safe = cohort.replaceAll("[^A-Za-z0-9._-]", "_");
        String file = dot > 0 ? name.substring(0, dot) + "-" + safe + name.substring(dot) : name + "-" + safe;
        return output.resolveSibling(file);
    }

    private static void print(PrintWriter out, Fitted f, boolean several, String period, Integer project) {
        ContractualFit fit = f.fit();
        out.printf(Locale.ROOT, "Model: %s (period: %s)%s%n", fit.kind().displayName(), period,
                several || !f.cohort().equals(SurvivorTable.ALL) ? ", cohort " + f.cohort() : "");
        printEstimates(out, fit);
        if (f.actual() != null) {
            printSurvivors(out, f.actual(), f.fit().model(), f.fit(), f.calibration(), project);
        }
    }

    private static void printEstimates(PrintWriter out, ContractualFit fit) {
        FitSummary s = fit.summary();
        List<String> names = fit.parameterNames();
        double[] p = fit.estimates();
        double[] se = s.standardErrors();
        double[][] ci = fit.confidenceIntervals(0.95);
        // covariate coefficients have long names: the column fits the longest
        int w = Math.max(10, names.stream().mapToInt(String::length).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + w + "s %14s %14s %14s %14s%n", "parameter", "estimate", "std. error",
                "95% lower", "95% upper");
        for (int i = 0; i < p.length; i++) {
            boolean ok = Double.isFinite(se[i]) && Double.isFinite(ci[i][0]) && Double.isFinite(ci[i][1]);
            out.printf(Locale.ROOT, "%-" + w + "s %14.6g %14s %14s %14s%n", names.get(i), p[i],
                    FitSummary.formatStandardError(se[i]), ok ? String.format(Locale.ROOT, "%.6g", ci[i][0]) : "-",
                    ok ? String.format(Locale.ROOT, "%.6g", ci[i][1]) : "-");
        }
        out.printf(Locale.ROOT, "log-likelihood  %.4f%n", s.logLikelihood());
        out.printf(Locale.ROOT, "AIC             %.4f%n", s.aic());
        out.printf(Locale.ROOT, "subscribers     %s%n", FitCommand.ColumnFormat.count(s.customers()));
        out.printf(Locale.ROOT, "converged       %s: %s%n", s.converged() ? "yes" : "NO", s.message());
        out.printf(Locale.ROOT, "status          %s%n", s.diagnosis());
    }

    /** Actual against fitted survivors, with the fit's 95 % intervals, to the projection horizon. */
    private static void printSurvivors(PrintWriter out, SurvivorCurve a, ContractualModel m, ContractualFit bandOf,
                                       int calibration, Integer project) {
        int last = project != null ? project : Math.max(a.periods(), 12);
        // the fit's intervals are those of its baseline model; other cohorts of a cohort fit show none
        double[][] band = bandOf != null ? bandOf.survivalIntervals(last, 0.95) : null;
        double size = a.size();
        out.printf(Locale.ROOT, "Survivors of %,d (fitted on periods 1-%d):%n", a.size(), calibration);
        out.printf(Locale.ROOT, "%6s %10s %10s %10s %10s %10s%n", "period", "actual", "fitted", "95% lower",
                "95% upper", "retention");
        for (int t = 0; t <= last; t++) {
            String actual = t <= a.periods() ? Long.toString(a.survivors(t)) : "-";
            String row = String.format(Locale.ROOT, "%6d %10s %10.1f %10s %10s %10s  %s", t, actual,
                    size * m.survival(t), band == null ? "-" : fmt1(size * band[t][0]),
                    band == null ? "-" : fmt1(size * band[t][1]),
                    t == 0 ? "-" : String.format(Locale.ROOT, "%.4f", m.retention(t)),
                    t > calibration ? "projected" : "");
            out.println(row.stripTrailing());
        }
    }

    private static String fmt1(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }
}
