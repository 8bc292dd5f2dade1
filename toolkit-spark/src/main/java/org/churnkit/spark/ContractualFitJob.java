package org.churnkit.spark;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.ContractualFit;
import org.churnkit.contractual.ContractualFitter;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModelFiles;
import org.churnkit.contractual.CovariateTarget;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.AtomicOutput;
import org.churnkit.model.FitStatus;
import org.churnkit.model.FitSummary;
import org.churnkit.model.ModelFitter;

/**
 * {@code spark-submit}-able {@code churnkit fit --model sbg|bdw} on a subscription table: the
 * table read on the cluster by the core's rules ({@link SparkSubscriptions}), the subscribers of
 * each distinct row counted there and the model fitted on the driver ({@link SparkContractual}),
 * and the model file(s) {@code churnkit fit} writes for the same table written to the driver's
 * local file system: one model per cohort ({@code MODEL-COHORT.json} beside {@code --output} with
 * several cohorts, else {@code --output}), one model with cohort effects
 * ({@code --cohort-effects}), or one model with subscriber covariates ({@code --covariates}, with
 * the levels of its categorical columns). The parameters equal the CLI's to 1e-9 relative (the
 * same rows reach the same optimiser). The CLI's policy: an ill-posed fit (boundary, not
 * identified) writes nothing and exits with code 3 unless {@code --accept-boundary}; a fit that
 * did not converge is an error unless {@code --allow-not-converged}; an existing file is refused
 * unless {@code --overwrite}.
 *
 * <p>Submit (the jar being this module's job jar; {@code $OPENS} the {@code --add-opens} flags of
 * the README's Spark section; {@code --deploy-mode client}, so that the model file lands on the
 * submitting machine):
 * <pre>
 * spark-submit --master spark://HOST:7077 --deploy-mode client \
 *   --class org.churnkit.spark.ContractualFitJob \
 *   --conf "spark.driver.extraJavaOptions=$OPENS" --conf "spark.executor.extraJavaOptions=$OPENS" \
 *   churnkit-spark.jar \
 *   --model sbg --input hdfs:///churn/subscriptions.parquet --as-of 2024-06-30 --period month \
 *   --output sbg.json
 * </pre>
 * Not here (CLI only): survivor tables (cohort counts, which need no cluster) with
 * {@code --calibration-periods}, {@code --compare}, and the printed survivor tables.
 */
public final class ContractualFitJob {
    private ContractualFitJob() {}

    /** The job's options, its {@code --help} and its usage errors. */
    static final JobArguments.Spec SPEC = SubscriptionInput.layout(JobArguments.Spec.of("ContractualFitJob",
                    "Fit the sBG or the BdW to a subscription table on the cluster and write the model file(s) "
                    + "'churnkit fit --model sbg|bdw' writes, on the driver.")
            .required("--model", "MODEL", "sbg or bdw")
            .required("--output", "MODEL.json", "model file on the driver's local file system (written atomically); "
                    + "with several cohorts one file per cohort beside it, MODEL-COHORT.json"))
            .flag("--overwrite", "replace existing model files")
            .option("--max-iterations", "N", "optimiser iterations per starting point (default: 1000)")
            .flag("--allow-not-converged", "write a fit that did not converge, flagged, instead of failing")
            .flag("--accept-boundary", "write an ill-posed fit (boundary, not identified) instead of exiting with 3")
            .option("--cohort-effects", "SHAPE", "with several cohorts: one model with shared parameters and cohort "
                    + "effects on gamma, delta or both (the first cohort is the baseline)")
            .option("--covariates", "PATH", "subscriber covariates, one row per subscriber (Parquet, or CSV by its "
                    + "extension): one model with covariates on its shapes")
            .option("--covariates-id-column", "NAME", "subscriber id column of --covariates (default: customer_id)")
            .option("--covariate-columns", "A,B", "the covariates to use (a text column stands for all its "
                    + "indicators, one indicator is NAME=LEVEL; default: every column)")
            .option("--covariate-target", "SHAPE", "the shape the covariates scale: gamma, delta or both (default: "
                    + "both)")
            .example("--model sbg --input subscriptions.parquet --as-of 2024-06-30 --output sbg.json")
            .example("--model bdw --input subscribers.parquet --cohort-effects both --output bdw.json")
            .example("--model sbg --input subscriptions.parquet --covariates plans.parquet --covariate-columns "
                    + "plan,price --output sbg-cov.json");

    /**
     * Runs the job in the {@code spark-submit} session, then stops it; {@code --help} prints the
     * options. Exits with code 3 after an ill-posed fit (nothing written), as the CLI.
     *
     * @param args the options, as {@code --help} lists them
     */
    public static void main(String[] args) {
        JobArguments.main(SPEC, args, a -> Jobs.inSession("churnkit contractual fit",
                spark -> run(spark, a.asMap(), System.err)));
    }

    /**
     * Runs the job in an existing session (tests, notebooks); the session is left open.
     *
     * @param spark the session
     * @param options option name ({@code --model}) to value, {@code "true"} for a flag
     * @param log where the estimates and what was left out are reported (the driver's stderr in {@code main})
     * @return 0 when the model file(s) were written, {@link FitJob#EXIT_ILL_POSED} when a fit is
     *     ill-posed and nothing was written
     * @throws JobArguments.UsageException naming the option when one is unknown, missing or malformed
     * @throws ChurnkitException when an output exists (without {@code --overwrite}), the data are
     *     not valid, or a fit did not converge (without {@code --allow-not-converged})
     */
    public static int run(SparkSession spark, Map<String, String> options, PrintStream log) {
        JobArguments a = JobArguments.of(SPEC, options);
        ContractualKind kind = a.parsed("--model", ContractualKind::parse);
        a.requireWith("--covariates-id-column", "--covariates");
        a.requireWith("--covariate-columns", "--covariates");
        a.requireWith("--covariate-target", "--covariates");
        if (a.has("--covariates") && a.has("--cohort-effects")) {
            throw new JobArguments.UsageException("--covariates with --cohort-effects: give the cohort as a column of "
                    + "the covariates instead", SPEC.synopsis());
        }
        CovariateTarget effects = a.has("--cohort-effects") ? a.parsed("--cohort-effects", ContractualFitJob::target)
                : null;
        CovariateTarget target = a.has("--covariate-target") ? a.parsed("--covariate-target", ContractualFitJob::target)
                : CovariateTarget.BOTH;
        Path output = Path.of(a.require("--output"));
        int iterations = a.has("--max-iterations") ? a.positiveInt("--max-iterations") : 1000;
        ContractualFitter fitter = ContractualFitter.of(ModelFitter.Settings.defaults().withMaxIterations(iterations));
        SparkSubscriptions subs = SparkSubscriptions.of(SubscriptionInput.read(spark, a, "--input"),
                SubscriptionInput.options(a, TimeUnit.MONTHS));
        SubscriptionInput.report(log, "fit", subs);
        String period = subs.period().label();
        Map<Path, String> files = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (a.has("--covariates")) {
            SparkCovariates cov = SparkCovariates.of(SubscriptionInput.read(spark, a, "--covariates"),
                    a.get("--covariates-id-column", SparkSubscriptions.CUSTOMER_ID));
            List<String> columns = new ArrayList<>();
            if (a.has("--covariate-columns")) {
                for (String c : a.get("--covariate-columns").split(",")) {
                    if (!c.isBlank()) {
                        columns.add(c.strip());
                    }
                }
            }
            SparkContractual.CovariateFit fit = SparkContractual.fitWithCovariates(kind, subs, cov, columns, target,
                    fitter);
            print(log, kind.id() + " with covariates on " + target.name().toLowerCase(Locale.ROOT), fit.fit());
            check(a, kind.id() + " fit with covariates", fit.fit(), problems);
            files.put(output, fit.toJson(period));
        } else if (effects != null) {
            ContractualFit fit = SparkContractual.fitCohortEffects(kind, subs, effects, fitter);
            print(log, kind.id() + " with cohort effects on " + effects.name().toLowerCase(Locale.ROOT), fit);
            check(a, kind.id() + " fit with cohort effects", fit, problems);
            files.put(output, ContractualModelFiles.toJson(fit, period));
        } else {
            Map<String, ContractualFit> fits = SparkContractual.fit(kind, subs, fitter);
            boolean several = fits.size() > 1;
            for (var e : fits.entrySet()) {
                print(log, kind.id() + (several ? ", cohort " + e.getKey() : ""), e.getValue());
                check(a, kind.id() + " fit" + (several ? " of cohort '" + e.getKey() + "'" : ""), e.getValue(), problems);
                files.put(several ? SubscriptionInput.cohortFile(output, e.getKey()) : output,
                        ContractualModelFiles.toJson(e.getValue(), period));
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(log::println);
            log.println("Pass --accept-boundary to write it anyway (flagged with its status).");
            return FitJob.EXIT_ILL_POSED;
        }
        for (Path f : files.keySet()) {
            if (Files.exists(f) && !a.has("--overwrite")) {
                throw new ChurnkitException(f + " exists; pass --overwrite to replace it");
            }
        }
        files.forEach((f, json) -> {
            try {
                AtomicOutput.writeString(f, json);
            } catch (UncheckedIOException e) {
                throw new ChurnkitException("cannot write model file " + f + ": " + e.getCause().getMessage(), e);
            }
            log.println("fit: wrote " + f);
        });
        return 0;
    }

    /** The estimates, one line each, and how the fit went. */
    private static void print(PrintStream log, String what, ContractualFit fit) {
        FitSummary s = fit.summary();
        log.println("fit: " + what);
        List<String> names = fit.parameterNames();
        for (int i = 0; i < names.size(); i++) {
            log.println(String.format(Locale.ROOT, "  %-28s %14.6g", names.get(i), fit.estimates()[i]));
        }
        log.println(String.format(Locale.ROOT, "  log-likelihood %.4f, %,.0f subscribers; converged %s: %s; status %s",
                s.logLikelihood(), s.customers(), s.converged() ? "yes" : "NO", s.message(), s.status().label()));
    }

    /** The CLI's policy: an ill-posed fit is listed (nothing is written), an unconverged one is an error. */
    private static void check(JobArguments a, String what, ContractualFit fit, List<String> problems) {
        FitSummary s = fit.summary();
        boolean illPosed = s.status() == FitStatus.BOUNDARY || s.status() == FitStatus.NOT_IDENTIFIED;
        if (illPosed && !a.has("--accept-boundary")) {
            problems.add("fit: the " + what + " is ill-posed (" + s.status().label() + "); no model written:");
            s.findings().forEach(f -> problems.add("  - " + f.message()));
        }
        if (!illPosed && !s.converged() && !a.has("--allow-not-converged")) {
            throw new ChurnkitException("the " + what + " did not converge (" + s.message() + "); no model written. "
                    + "Pass --allow-not-converged to write it flagged as not converged");
        }
    }

    /** gamma, delta or both. */
    static CovariateTarget target(String value) {
        for (CovariateTarget t : CovariateTarget.values()) {
            if (t.name().equalsIgnoreCase(value.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("expected gamma, delta or both, got '" + value + "'");
    }
}
