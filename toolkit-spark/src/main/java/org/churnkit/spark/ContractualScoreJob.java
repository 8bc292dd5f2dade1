package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.ContractualModelFiles;
import org.churnkit.contractual.DiscountRate;
import org.churnkit.data.TimeUnit;

/**
 * {@code spark-submit}-able {@code churnkit score} with a subscription model ({@code sbg} or
 * {@code bdw}): the subscription table read on the cluster by the core's rules
 * ({@link SparkSubscriptions}), each active subscriber scored per partition by the core
 * ({@link SparkContractual#score}) and the scores written as Parquet: {@code customer_id},
 * {@code cohort} (with several cohorts), {@code periods}, {@code p_renewal},
 * {@code expected_periods}, {@code derl} and, with {@code --price} or {@code --price-column},
 * {@code price} and {@code residual_value}: the columns and, per subscriber, the values of
 * {@code churnkit score} for the same table and model file(s).
 *
 * <p>The model: one file for every cohort (a plain fit, a fit with cohort effects, or a fit with
 * subscriber covariates, which needs {@code --covariates}), or, when {@code --model} does not
 * exist, the files {@code MODEL-COHORT.json} beside it that {@link ContractualFitJob} and
 * {@code churnkit fit} write per cohort. The period is the model's ({@code --period} must agree);
 * {@code --discount-rate} is annual, converted per period with {@code --periods-per-year} (default:
 * the period's, 12 for months). Model files are read on the driver's local file system and
 * broadcast; input and output are any Spark path.
 *
 * <p>Submit (the jar being this module's job jar; {@code $OPENS} the {@code --add-opens} flags of
 * the README's Spark section):
 * <pre>
 * spark-submit --master spark://HOST:7077 --deploy-mode client \
 *   --class org.churnkit.spark.ContractualScoreJob \
 *   --conf "spark.driver.extraJavaOptions=$OPENS" --conf "spark.executor.extraJavaOptions=$OPENS" \
 *   churnkit-spark.jar \
 *   --model sbg.json --input hdfs:///churn/subscriptions.parquet --as-of 2024-06-30 \
 *   --output hdfs:///churn/subscriber-scores.parquet --horizon 12 --discount-rate 0.1 \
 *   --margin 0.3 --price-column price
 * </pre>
 */
public final class ContractualScoreJob {
    private ContractualScoreJob() {}

    /** The job's options, its {@code --help} and its usage errors. */
    static final JobArguments.Spec SPEC = SubscriptionInput.layout(JobArguments.Spec.of("ContractualScoreJob",
                    "Score the active subscribers of a subscription table with an sBG or BdW model file, as "
                    + "'churnkit score' does, and write Parquet.")
            .required("--model", "MODEL.json", "model file on the driver (or MODEL-COHORT.json files beside it, one "
                    + "per cohort, as fit writes them)")
            .required("--output", "PATH", "the scores, a Parquet directory (any Spark path)")
            .required("--horizon", "N", "the periods ahead expected_periods counts, 1 to 100000"))
            .flag("--overwrite", "replace an existing output")
            .option("--discount-rate", "ANNUAL", "annual discount rate of derl, 0.1 for 10 % (default: 0.1)")
            .option("--periods-per-year", "N", "periods per year of the discount conversion (default: the period's, "
                    + "12 for months)")
            .option("--margin", "M", "share of the price that is profit in residual_value (default: 1)")
            .option("--price", "P", "price per period of every subscriber; adds price and residual_value")
            .option("--price-column", "C", "column of --input with each subscriber's price per period")
            .option("--covariates", "PATH", "subscriber covariates for a model fitted with them (Parquet, or CSV by "
                    + "its extension)")
            .option("--covariates-id-column", "NAME", "subscriber id column of --covariates (default: customer_id)")
            .example("--model sbg.json --input subscriptions.parquet --as-of 2024-06-30 --horizon 12 --margin 0.3 "
                    + "--price-column price --output scores.parquet")
            .example("--model sbg-cov.json --input subscriptions.parquet --covariates plans.parquet --horizon 12 "
                    + "--output scores.parquet");

    /**
     * Runs the job in the {@code spark-submit} session, then stops it; {@code --help} prints the
     * options.
     *
     * @param args the options, as {@code --help} lists them
     */
    public static void main(String[] args) {
        JobArguments.main(SPEC, args, a -> Jobs.inSession("churnkit contractual score", spark -> {
            run(spark, a.asMap(), System.err);
            return 0;
        }));
    }

    /**
     * Runs the job in an existing session (tests, notebooks); the session is left open.
     *
     * @param spark the session
     * @param options option name ({@code --model}) to value, {@code "true"} for a flag
     * @param log where what was read and written is reported (the driver's stderr in {@code main})
     * @return the number of subscribers scored
     * @throws JobArguments.UsageException naming the option when one is unknown, missing or malformed
     * @throws ChurnkitException when a model is missing or invalid, the output exists (without
     *     {@code --overwrite}) or the data are not valid
     */
    public static long run(SparkSession spark, Map<String, String> options, PrintStream log) {
        JobArguments a = JobArguments.of(SPEC, options);
        a.requireWith("--covariates-id-column", "--covariates");
        if (a.has("--price") && a.has("--price-column")) {
            throw new JobArguments.UsageException("give --price or --price-column, not both", SPEC.synopsis());
        }
        int horizon = a.positiveInt("--horizon");
        if (horizon > 100_000) {
            throw new JobArguments.UsageException("--horizon must be at most 100000, got " + horizon, SPEC.synopsis());
        }
        Path model = Path.of(a.require("--model"));
        String single = Files.isRegularFile(model) ? Jobs.readText(model.toString()) : null;
        TimeUnit period;
        if (single != null) {
            period = periodOf(ContractualModelFiles.parse(single, model.toString()), model, a);
        } else {
            // one file per cohort: the period of the first, as the CLI takes it, to read the table in
            Path first = firstCohortFile(model);
            period = periodOf(ContractualModelFiles.parse(Jobs.readText(first.toString()), first.toString()), first, a);
        }
        SparkSubscriptions subs = SparkSubscriptions.of(SubscriptionInput.read(spark, a, "--input"),
                SubscriptionInput.options(a, period));
        SubscriptionInput.report(log, "score", subs);
        Map<String, String> perCohort = new LinkedHashMap<>();
        if (single == null) {
            List<String> labels = subs.subscribers().select(col(SparkSubscriptions.COHORT)).distinct().collectAsList()
                    .stream().map(r -> r.getString(0)).sorted().toList();
            for (String label : labels) {
                Path f = SubscriptionInput.cohortFile(model, label);
                if (!Files.isRegularFile(f)) {
                    throw new ChurnkitException("no model for cohort '" + label + "': expected " + f + " (fit writes one "
                            + "file per cohort beside --output), or give one model file for every cohort");
                }
                String json = Jobs.readText(f.toString());
                TimeUnit p = periodOf(ContractualModelFiles.parse(json, f.toString()), f, a);
                if (p != subs.period()) {
                    throw new ChurnkitException(f + " was fitted to periods of one " + p.label() + ", the table is read "
                            + "in " + subs.period().label() + "s: give --period " + p.label());
                }
                perCohort.put(label, json);
            }
        }
        double ppy = a.has("--periods-per-year") ? a.positive("--periods-per-year") : subs.period().perYear();
        double annual = a.has("--discount-rate") ? a.number("--discount-rate") : 0.1;
        DiscountRate rate;
        try {
            rate = DiscountRate.fromAnnual(annual, ppy);
        } catch (IllegalArgumentException e) {
            throw new JobArguments.UsageException("--discount-rate: " + e.getMessage(), SPEC.synopsis());
        }
        SubscriptionScoreSettings s;
        try {
            s = (single != null ? SubscriptionScoreSettings.of(single, horizon)
                    : SubscriptionScoreSettings.ofCohorts(perCohort, horizon)).withDiscountPerPeriod(rate.perPeriod())
                    .withMargin(a.has("--margin") ? a.number("--margin") : 1.0);
            if (a.has("--price")) {
                s = s.withPrice(a.number("--price"));
            } else if (a.has("--price-column")) {
                s = s.withPriceColumn(a.get("--price-column"));
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof JobArguments.UsageException u) {
                throw u;
            }
            throw new JobArguments.UsageException(e.getMessage(), SPEC.synopsis());
        }
        SparkCovariates cov = a.has("--covariates") ? SparkCovariates.of(SubscriptionInput.read(spark, a, "--covariates"),
                a.get("--covariates-id-column", SparkSubscriptions.CUSTOMER_ID)) : null;
        Dataset<Row> scores = SparkContractual.score(subs, cov, s);
        String out = a.require("--output");
        Jobs.writeParquet(scores, out, a.has("--overwrite"));
        long n = spark.read().parquet(out).count();
        log.println(String.format(Locale.ROOT, "score: wrote %,d active subscribers to %s; p_renewal = P(renewing at "
                + "the end of the current period), expected_periods = further periods paid over the next %d, derl at "
                + "%s per %s", n, out, horizon, rate.perPeriod(), subs.period().label()));
        return n;
    }

    /** The first of the files {@code MODEL-*.json} beside {@code model}, sorted by name. */
    private static Path firstCohortFile(Path model) {
        Path dir = model.toAbsolutePath().getParent();
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        if (dir != null && Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                var first = files.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(stem + "-") && n.endsWith(ext) && Files.isRegularFile(p);
                }).sorted().findFirst();
                if (first.isPresent()) {
                    return first.get();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(org.churnkit.io.IoErrors.cannotRead(dir, e), e);
            }
        }
        throw new ChurnkitException("no model file " + model + " (nor per-cohort files " + stem + "-COHORT" + ext
                + " beside it)");
    }

    /** The period a model file records; {@code --period} must agree, and stands in when none is recorded. */
    private static TimeUnit periodOf(ContractualModelFiles.Contents c, Path file, JobArguments a) {
        TimeUnit given = a.has("--period") ? a.parsed("--period", TimeUnit::parse) : null;
        if (c.period() == null) {
            if (given == null) {
                throw new ChurnkitException("model file " + file + " does not say what one period is: give --period");
            }
            return given;
        }
        TimeUnit p;
        try {
            p = TimeUnit.parse(c.period());
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("model file " + file + ": period '" + c.period() + "': " + e.getMessage(), e);
        }
        if (given != null && given != p) {
            throw new ChurnkitException("--period " + given.label() + ": the model was fitted to periods of one "
                    + p.label());
        }
        return p;
    }
}
