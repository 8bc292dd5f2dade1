package org.churnkit.spark;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.churnkit.model.FitSummary;
import org.churnkit.model.FittedModel;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.StaticCovariateModel;

/**
 * {@code spark-submit}-able scoring: reads customer summaries from Parquet, appends the scores of
 * {@link SparkScoring} and writes Parquet.
 *
 * <p>Submit (the jar being this module's job jar; {@code $OPENS} the {@code --add-opens} flags of
 * the README's Spark section):
 * <pre>
 * spark-submit --master spark://HOST:7077 --class org.churnkit.spark.ScoreJob \
 *   --conf "spark.driver.extraJavaOptions=$OPENS" --conf "spark.executor.extraJavaOptions=$OPENS" \
 *   churnkit-spark.jar \
 *   --model pnbd.json [--spend-model gg.json] [--segmentation segments.json] \
 *   --input summaries.parquet --output scores.parquet --horizon 52 \
 *   [--discount-rate 0.15] [--dert-horizon inf] [--margin 0.3] [--unit week] [--overwrite] \
 *   [--covariates covariates.parquet [--covariates-id-column customer_id]]
 * </pre>
 * {@code --help} lists the options ({@link JobArguments}).
 *
 * With {@code --covariates} the model file is a model with time-invariant covariates
 * ({@link org.churnkit.model.StaticCovariateModel}, as {@code churnkit fit --covariates} writes it)
 * and each customer is scored with its own parameters ({@link SparkScoring#score(Dataset,
 * SparkCovariates, ScoreSettings)}); a customer without a covariate row fails the job, counted and
 * named, before anything is written.
 *
 * {@code --discount-rate} is an effective annual rate, converted to the continuous rate per time
 * unit of the model ({@code --unit}, by default the unit recorded in the model file). Model files
 * are read on the driver's local file system and broadcast; input and output are any Spark path.
 */
public final class ScoreJob {
    private ScoreJob() {}

    /** The job's options, its {@code --help} and its usage errors. */
    static final JobArguments.Spec SPEC = JobArguments.Spec.of("ScoreJob",
                    "Score customer summaries (Parquet) with a fitted model: p_alive, expected_transactions "
                    + "and, with the options, expected_spend, dert, clv and segment; writes Parquet.")
            .required("--model", "FILE", "model JSON as 'churnkit fit' writes it (driver's local file system)")
            .required("--input", "PARQUET", "customer summaries: customer_id, frequency, recency, T[, monetary_value]")
            .required("--output", "PARQUET", "output directory (any Spark path)")
            .required("--horizon", "N", "horizon of expected_transactions, in the model's time unit")
            .option("--spend-model", "FILE", "Gamma-Gamma model JSON: adds expected_spend (and clv when discounting)")
            .option("--segmentation", "FILE", "segmentation model JSON ('churnkit segment --save-model'): adds segment")
            .option("--discount-rate", "ANNUAL", "effective annual discount rate: adds dert (and clv)")
            .option("--dert-horizon", "N|inf", "horizon of the discounting in model time units (default: inf)")
            .option("--margin", "M", "share of spend that is profit, multiplies clv (default: 1)")
            .option("--unit", "UNIT", "time unit of the model: day, week, month, year (default: the model file's)")
            .flag("--overwrite", "replace an existing output directory")
            .option("--covariates", "PARQUET", "one row per customer: score a covariate model with each customer's own parameters")
            .option("--covariates-id-column", "NAME", "customer id column of --covariates (default: customer_id)")
            .example("--model pnbd.json --spend-model gg.json --input summaries.parquet "
                    + "--output scores.parquet --horizon 52 --discount-rate 0.15 --margin 0.3");

    static final String USAGE = SPEC.synopsis();

    /**
     * Runs the job in a new (or the current {@code spark-submit}) session, then stops it;
     * {@code --help} prints the options.
     *
     * @param args options as in {@code --help}: {@code --model FILE --input PARQUET --output PARQUET --horizon N ...}
     */
    public static void main(String[] args) {
        Jobs.main(SPEC, args, "churnkit score", ScoreJob::run);
    }

    /**
     * Runs the job in an existing session (tests, notebooks); the session is left open.
     *
     * @param spark the session to read and write with
     * @param options the parsed options: option name (e.g. {@code --model}) to its value
     * @return the number of rows written
     * @throws JobArguments.UsageException naming the option when one is unknown, missing or malformed
     */
    public static long run(SparkSession spark, Map<String, String> options) {
        JobArguments a = JobArguments.of(SPEC, options);
        String modelJson = Jobs.readText(a.require("--model"));
        ScoreSettings s = ScoreSettings.of(modelJson, a.positive("--horizon"));
        if (a.has("--spend-model")) {
            s = s.withSpendModel(Jobs.readText(a.get("--spend-model")));
        }
        if (a.has("--segmentation")) {
            s = s.withSegmentation(Jobs.readText(a.get("--segmentation")));
        }
        if (a.has("--margin")) {
            s = s.withMargin(a.number("--margin"));
        }
        if (a.has("--discount-rate")) {
            TimeUnit unit = unit(a.get("--unit"), a.has("--covariates")
                    ? StaticCovariateModel.parse(modelJson, a.get("--model")).plainModel()
                    : ModelFiles.parse(modelJson, a.get("--model")));
            String h = a.get("--dert-horizon", "inf");
            double over = h.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : a.positive("--dert-horizon");
            s = s.withDiscount(unit.continuousRateFromAnnual(a.number("--discount-rate")), over);
        }
        a.requireWith("--covariates-id-column", "--covariates");
        Dataset<Row> in = spark.read().parquet(a.require("--input"));
        Dataset<Row> scores;
        if (a.has("--covariates")) {
            Dataset<Row> cov = spark.read().parquet(a.get("--covariates"));
            scores = SparkScoring.score(in, SparkCovariates.of(cov, a.get("--covariates-id-column",
                    SparkSummaries.CUSTOMER_ID)), s);
        } else {
            scores = SparkScoring.score(in, s);
        }
        return Jobs.writeOutput(scores, a);
    }

    private static TimeUnit unit(String given, FittedModel model) {
        if (given != null) {
            return TimeUnit.parse(given);
        }
        TimeUnit u = model.fit().map(FitSummary::timeUnit).orElse(null);
        if (u == null) {
            throw new ChurnkitException("the model file records no time unit: give --unit with --discount-rate");
        }
        return u;
    }

    /**
     * The options of a command line, for {@link #run(SparkSession, Map)}.
     *
     * @param args the job's arguments
     * @return option name to value ({@code "true"} for a flag)
     * @throws JobArguments.UsageException naming the option when one is unknown, lacks its value or a required one is missing
     */
    static Map<String, String> parse(String[] args) {
        return JobArguments.parse(SPEC, args).asMap();
    }
}
