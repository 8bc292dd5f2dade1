package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.ChurnkitException;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.model.FitData;
import org.churnkit.model.FitFinding;
import org.churnkit.model.FitResult;
import org.churnkit.model.FitStatus;
import org.churnkit.model.FitSummary;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ModelRegistry;
import org.churnkit.model.StaticCovariateFit;
import org.churnkit.model.StaticCovariateFitter;
import org.churnkit.model.TimeVaryingCovariateFit;
import org.churnkit.model.TimeVaryingCovariateFitter;
import org.churnkit.model.TimeVaryingCovariates;

/**
 * {@code spark-submit}-able {@code churnkit fit}: identical histories are counted on the cluster
 * ({@link SparkFitter}), the weighted distinct rows fitted on the driver with the core's
 * optimiser, and the model file {@code churnkit fit} would write is written to the driver's local
 * file system (a temporary file moved into place; an existing file is refused unless
 * {@code --overwrite}). The distinct rows are those the CLI's fit merges itself, in another
 * order, so the log-likelihood differs from the CLI's in the last bits only and the optimiser
 * stops at the same optimum within its tolerance: at the default gradient tolerance (1e-8, the
 * CLI's) the parameters agree to about 1e-7 relative; with {@code --gradient-tolerance 1e-11} on
 * both sides to 1e-9 (checked).
 *
 * <p>Models: {@code pareto-nbd}, {@code bg-nbd}, {@code mbg-nbd} and the spend model
 * {@code gamma-gamma}, from customer summaries ({@code --input}, Parquet as {@link SummariseJob}
 * or {@code churnkit summarize} writes them) or from a transaction log ({@code --log}, summarised
 * on the cluster with {@link SummariseJob}'s options). Customers with {@code T = 0} are left out
 * of the fit (their log-likelihood is the constant 0) and Gamma-Gamma uses the customers with a
 * repeat transaction and a positive {@code monetary_value}, as {@link FitData} selects them for
 * the CLI. With {@code --covariates} (Parquet, one row per customer) {@code pareto-nbd} or
 * {@code bg-nbd} is fitted with time-invariant covariates ({@link SparkCovariates}); with
 * {@code --covariates-date-column} as well, {@code pareto-nbd} with time-varying covariates
 * ({@link SparkTimeVaryingFitter}: needs {@code --log} and {@code --observation-end}, the
 * calibration end). The ill-posed policy is the CLI's: a fit whose parameters ran to a boundary or
 * are not identified writes nothing and exits with code 3 unless {@code --accept-boundary}; a fit
 * that did not converge is an error unless {@code --allow-not-converged}.
 *
 * <p>Submit (the jar being this module's job jar; {@code $OPENS} the {@code --add-opens} flags of
 * the README's Spark section; {@code --deploy-mode client}, so that the model file lands on the
 * submitting machine):
 * <pre>
 * spark-submit --master spark://HOST:7077 --deploy-mode client --class org.churnkit.spark.FitJob \
 *   --conf "spark.driver.extraJavaOptions=$OPENS" --conf "spark.executor.extraJavaOptions=$OPENS" \
 *   churnkit-spark.jar \
 *   --model pareto-nbd --input hdfs:///churn/summaries.parquet --time-unit week --output pnbd.json
 * </pre>
 * Not here (CLI only): {@code bg-bb}, {@code --warm-start}, {@code --correlation}, renamed summary
 * columns, and the subscription models.
 */
public final class FitJob {
    private FitJob() {}

    /** Exit code of an ill-posed fit without {@code --accept-boundary}, as the CLI's. */
    public static final int EXIT_ILL_POSED = 3;

    /** The job's options, its {@code --help} and its usage errors. */
    static final JobArguments.Spec SPEC = TransactionInput.summary(TransactionInput.layout(JobArguments.Spec.of("FitJob",
                    "Fit pareto-nbd, bg-nbd, mbg-nbd or gamma-gamma to customer summaries (or a transaction log "
                    + "summarised on the cluster) and write the model file 'churnkit fit' writes, on the driver.")
            .required("--model", "MODEL", "pareto-nbd, bg-nbd, mbg-nbd or gamma-gamma")
            .required("--output", "MODEL.json", "model file on the driver's local file system (written atomically)")
            .flag("--overwrite", "replace an existing model file")
            .option("--input", "SUMMARIES", "customer summaries, Parquet: customer_id, frequency, recency, T[, "
                    + "monetary_value] (give --input or --log)"), "--log", false))
            .option("--max-iterations", "N", "optimiser iterations per starting point (default: 1000)")
            .option("--gradient-tolerance", "G", "convergence threshold on the largest gradient component of the mean "
                    + "log-likelihood (default: 1e-8, the CLI's)")
            .flag("--allow-not-converged", "write a fit that did not converge, flagged, instead of failing")
            .flag("--accept-boundary", "write an ill-posed fit (boundary, not identified) instead of exiting with 3")
            .flag("--fail-on-zero-age", "fail on a customer with T = 0 instead of leaving them out")
            .option("--covariates", "PARQUET", "covariates: one row per customer (pareto-nbd, bg-nbd), or with "
                    + "--covariates-date-column one row per customer and period (pareto-nbd, --log)")
            .option("--covariates-id-column", "NAME", "customer id column of --covariates (default: customer_id)")
            .option("--covariates-date-column", "NAME", "period start date column: time-varying covariates, periods "
                    + "of one --time-unit (day or week)")
            .option("--purchase-covariates", "A,B", "covariates of the purchase process (indicators as NAME=LEVEL)")
            .option("--dropout-covariates", "A,B", "covariates of the dropout process")
            .option("--equal-covariates", "A,B", "covariates whose purchase and dropout coefficients are equal")
            .option("--covariate-penalty", "LAMBDA", "L2 penalty on the coefficients (default: 0)")
            .example("--model pareto-nbd --input summaries.parquet --time-unit week --output pnbd.json")
            .example("--model gamma-gamma --input summaries.parquet --output gg.json")
            .example("--model bg-nbd --input summaries.parquet --covariates customers.parquet "
                    + "--purchase-covariates channel=web,age --dropout-covariates channel=web --output bgnbd-cov.json")
            .example("--model pareto-nbd --log transactions.parquet --observation-end 2024-06-30 --drop-after-end "
                    + "--covariates weekly.parquet --covariates-date-column week_start "
                    + "--purchase-covariates promo --dropout-covariates promo --output tv.json");

    /**
     * Runs the job in the {@code spark-submit} session, then stops it; {@code --help} prints the
     * options. Exits with code 3 after an ill-posed fit (nothing written), as the CLI.
     *
     * @param args the options, as {@code --help} lists them
     */
    public static void main(String[] args) {
        JobArguments.main(SPEC, args, a -> Jobs.inSession("churnkit fit", spark -> run(spark, a.asMap(), System.err)));
    }

    /**
     * Runs the job in an existing session (tests, notebooks); the session is left open.
     *
     * @param spark the session
     * @param options option name ({@code --model}) to value, {@code "true"} for a flag
     * @param log where the estimates and what was left out are reported (the driver's stderr in {@code main})
     * @return 0 when the model file was written, {@link #EXIT_ILL_POSED} when the fit is ill-posed
     *     and nothing was written
     * @throws JobArguments.UsageException naming the option when one is unknown, missing or malformed
     * @throws ChurnkitException when the output exists (without {@code --overwrite}), the data are
     *     not valid, or the fit did not converge (without {@code --allow-not-converged})
     */
    public static int run(SparkSession spark, Map<String, String> options, PrintStream log) {
        JobArguments a = JobArguments.of(SPEC, options);
        ModelKind kind = a.parsed("--model", ModelKind::parse);
        if (kind == ModelKind.BG_BB || !List.of(ModelKind.PARETO_NBD, ModelKind.BG_NBD, ModelKind.MBG_NBD,
                ModelKind.GAMMA_GAMMA).contains(kind)) {
            throw new JobArguments.UsageException("--model: " + kind.id() + " is fitted by 'churnkit fit' only; "
                    + "this job fits pareto-nbd, bg-nbd, mbg-nbd and gamma-gamma", SPEC.synopsis());
        }
        if (a.has("--input") == a.has("--log")) {
            throw new JobArguments.UsageException("give either --input SUMMARIES or --log PATH (exactly one)", SPEC.synopsis());
        }
        Path output = Path.of(a.require("--output"));
        if (Files.exists(output) && !a.has("--overwrite")) {
            throw new ChurnkitException(output + " exists; pass --overwrite to replace it");
        }
        a.requireWith("--covariates-id-column", "--covariates");
        a.requireWith("--covariates-date-column", "--covariates");
        if (!a.has("--covariates")) {
            for (String o : List.of("--purchase-covariates", "--dropout-covariates", "--equal-covariates")) {
                a.requireWith(o, "--covariates");
            }
        }
        SummaryOptions summary = TransactionInput.summaryOptions(a);
        TimeUnit unit = summary.unit();
        int iterations = a.has("--max-iterations") ? a.positiveInt("--max-iterations") : 1000;
        ModelFitter.Settings settings = ModelFitter.Settings.defaults().withTimeUnit(unit).withMaxIterations(iterations);
        if (a.has("--gradient-tolerance")) {
            settings = settings.withGradientTolerance(a.positive("--gradient-tolerance"));
        }
        if (a.has("--covariates-date-column")) {
            return timeVarying(spark, a, kind, summary, settings, output, log);
        }
        String source;
        Dataset<Row> summaries;
        if (a.has("--input")) {
            source = a.get("--input");
            summaries = spark.read().parquet(source);
        } else {
            source = a.get("--log");
            Dataset<Row> tx = TransactionInput.read(spark, a, "--log");
            TransactionColumns columns = TransactionInput.columns(a);
            if (kind.isSpendModel() && columns.amount() == null) {
                throw new ChurnkitException(source + ": gamma-gamma needs amounts; the log has none (--amount-column)");
            }
            summaries = SparkSummaries.summarize(tx, columns, summary).cache();
        }
        if (a.has("--fail-on-zero-age")) {
            List<Row> zero = summaries.filter(col("T").cast("double").equalTo(lit(0.0)))
                    .select(col(SparkSummaries.CUSTOMER_ID).cast("string")).limit(1).collectAsList();
            if (!zero.isEmpty()) {
                throw new ChurnkitException(source + ": customer '" + zero.get(0).getString(0) + "' has T = 0 (first purchase "
                        + "at the end of observation); drop --fail-on-zero-age to skip such customers (counted)");
            }
        }
        if (a.has("--covariates")) {
            return covariates(spark, a, kind, summaries, settings, output, log);
        }
        FitData data;
        try {
            data = FitData.of(kind, SparkFitter.compressedHistories(summaries, kind.isSpendModel()));
        } catch (ChurnkitException e) {
            throw new ChurnkitException(source + ": " + e.getMessage(), e);
        }
        data.exclusions().lines().forEach(l -> log.println("fit: " + l));
        Histories h = data.histories();
        FitResult<?> fit = ModelFitter.of(settings).fit(ModelRegistry.likelihood(kind), h);
        FitSummary fs = fit.summary();
        List<String> names = kind.parameterNames();
        List<String> table = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            table.add(String.format(Locale.ROOT, "%-28s %14.6g", names.get(i), fit.parameters()[i]));
        }
        table.add(String.format(Locale.ROOT, "log-likelihood %.4f, %s customers, %,d distinct rows",
                fs.logLikelihood(), count(fs.customers()), fs.distinctRows()));
        return finish(a, kind.id(), fs.status(), fs.converged(), fs.message(), fs.findings(), table,
                ModelRegistry.outsideDomain(kind, fit.model().parameterArray()), () -> ModelFiles.write(fit.model(), output),
                output, log);
    }

    /** Time-invariant covariates: joined and counted on the cluster, fitted on the driver. */
    private static int covariates(SparkSession spark, JobArguments a, ModelKind kind, Dataset<Row> summaries,
                                  ModelFitter.Settings settings, Path output, PrintStream log) {
        if (kind != ModelKind.PARETO_NBD && kind != ModelKind.BG_NBD) {
            throw new ChurnkitException("--covariates: covariates are implemented for pareto-nbd and bg-nbd, not " + kind.id());
        }
        SparkCovariates cov = SparkCovariates.of(spark.read().parquet(a.get("--covariates")),
                a.get("--covariates-id-column", SparkSummaries.CUSTOMER_ID));
        // T = 0 customers add the constant 0: left out as the CLI's FitData leaves them out
        Dataset<Row> fitted = summaries.filter(col("T").cast("double").notEqual(lit(0.0)));
        StaticCovariateFit fit = SparkFitter.fit(kind, fitted, cov, covariateOptions(a),
                StaticCovariateFitter.of(settings));
        return finish(a, kind.id() + " with covariates", fit.status(), fit.converged(), fit.message(), fit.findings(),
                estimates(fit.estimates(), fit.logLikelihood(), fit.customers()),
                ModelRegistry.outsideDomain(kind, fit.model().plainModel().parameterArray()), () -> fit.model().write(output),
                output, log);
    }

    /** Time-varying covariates (Pareto/NBD): paths counted on the cluster, fitted on the driver. */
    private static int timeVarying(SparkSession spark, JobArguments a, ModelKind kind, SummaryOptions summary,
                                   ModelFitter.Settings settings, Path output, PrintStream log) {
        if (kind != ModelKind.PARETO_NBD) {
            throw new ChurnkitException("--covariates-date-column: time-varying covariates are implemented for pareto-nbd, "
                    + "not " + kind.id());
        }
        if (!a.has("--log") || summary.observationEnd() == null) {
            throw new ChurnkitException("time-varying covariates need the transaction log (--log) and the calibration end "
                    + "(--observation-end): the periods are placed on each customer's own dates");
        }
        double days = summary.unit().days();
        if (days != Math.rint(days)) {
            throw new ChurnkitException("time-varying covariates need periods of whole days: --time-unit day or week, not "
                    + summary.unit().label());
        }
        java.time.LocalDate end = java.time.LocalDate.ofEpochDay(Math.floorDiv(summary.observationEnd().lastSecond(), 86_400L));
        TimeVaryingCovariates.ReadOptions read;
        try {
            read = new TimeVaryingCovariates.ReadOptions(a.get("--covariates-id-column", SparkSummaries.CUSTOMER_ID),
                    a.get("--covariates-date-column"), end, (int) days, summary.unit(), 0, Map.of());
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        Dataset<Row> tx = TransactionInput.read(spark, a, "--log");
        TimeVaryingCovariateFit fit = SparkTimeVaryingFitter.fit(tx, TransactionInput.columns(a),
                spark.read().parquet(a.get("--covariates")), read, covariateOptions(a), TimeVaryingCovariateFitter.of(settings));
        return finish(a, "pareto-nbd with time-varying covariates", fit.status(), fit.converged(), fit.message(),
                fit.findings(), estimates(fit.estimates(), fit.logLikelihood(), fit.customers()), null,
                () -> fit.model().write(output), output, log);
    }

    private static StaticCovariateFitter.Options covariateOptions(JobArguments a) {
        double penalty = a.has("--covariate-penalty") ? a.number("--covariate-penalty") : 0.0;
        try {
            return new StaticCovariateFitter.Options(list(a, "--purchase-covariates"), list(a, "--dropout-covariates"),
                    list(a, "--equal-covariates"), penalty, penalty);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
    }

    private static List<String> list(JobArguments a, String name) {
        List<String> out = new ArrayList<>();
        if (a.has(name)) {
            for (String s : a.get(name).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    private static List<String> estimates(List<StaticCovariateFit.Estimate> estimates, double logLikelihood, double customers) {
        List<String> table = new ArrayList<>();
        for (StaticCovariateFit.Estimate e : estimates) {
            table.add(String.format(Locale.ROOT, "%-28s %14.6g", e.name(), e.estimate()));
        }
        table.add(String.format(Locale.ROOT, "log-likelihood %.4f, %s customers", logLikelihood, count(customers)));
        return table;
    }

    private static String count(double c) {
        return c == Math.rint(c) && Math.abs(c) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) c) : Double.toString(c);
    }

    /** The CLI's policy for what a fit may write, then the write. */
    private static int finish(JobArguments a, String what, FitStatus status, boolean converged, String message,
                              List<FitFinding> findings, List<String> table, String outside, Runnable write, Path output,
                              PrintStream log) {
        log.println("fit: " + what);
        table.forEach(l -> log.println("  " + l));
        log.println("  converged " + (converged ? "yes" : "NO") + ": " + message + "; status " + status.label());
        boolean illPosed = status == FitStatus.BOUNDARY || status == FitStatus.NOT_IDENTIFIED;
        if (illPosed && !a.has("--accept-boundary")) {
            log.println("fit: the " + what + " fit is ill-posed (" + status.label() + "); no model written:");
            findings.forEach(f -> log.println("  - " + f.message()));
            log.println("Pass --accept-boundary to write it anyway (flagged \"status\": \"" + status.label() + "\").");
            return EXIT_ILL_POSED;
        }
        if (!illPosed && !converged && !a.has("--allow-not-converged")) {
            throw new ChurnkitException("the " + what + " fit did not converge (" + message + "); no model written. "
                    + "Check the input, or pass --allow-not-converged to write it flagged as not converged");
        }
        if (illPosed && outside != null) {
            log.println("fit: the " + what + " fit is ill-posed (" + status.label() + ") and its limiting values cannot be "
                    + "scored: " + outside + "; no model written.");
            return EXIT_ILL_POSED;
        }
        if (Files.exists(output) && !a.has("--overwrite")) {
            throw new ChurnkitException(output + " exists; pass --overwrite to replace it");
        }
        write.run();
        log.println("fit: wrote " + output + (illPosed ? " (flagged \"status\": \"" + status.label() + "\")"
                : !converged ? " (flagged \"converged\": false)" : ""));
        return 0;
    }
}
