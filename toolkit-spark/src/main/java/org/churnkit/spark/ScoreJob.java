package org.churnkit.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
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
 * <pre>
 * spark-submit --class org.churnkit.spark.ScoreJob ... toolkit-spark.jar \
 *   --model pnbd.json [--spend-model gg.json] [--segmentation segments.json] \
 *   --input summaries.parquet --output scores.parquet --horizon 52 \
 *   [--discount-rate 0.15] [--dert-horizon inf] [--margin 0.3] [--unit week] [--overwrite]
 *   [--covariates covariates.parquet [--covariates-id-column customer_id]]
 * </pre>
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

    static final String USAGE = "usage: ScoreJob --model FILE --input PARQUET --output PARQUET --horizon N "
            + "[--spend-model FILE] [--segmentation FILE] [--discount-rate ANNUAL] [--dert-horizon N|inf] "
            + "[--margin M] [--unit day|week|month|year] [--overwrite] [--covariates PARQUET [--covariates-id-column NAME]]";

    /**
     * Runs the job in a new (or the current {@code spark-submit}) session, then stops it.
     *
     * @param args options as in {@code USAGE}: {@code --model FILE --input PARQUET --output PARQUET --horizon N ...}
     */
    public static void main(String[] args) {
        Map<String, String> a = parse(args);
        SparkSession spark = SparkSession.builder().appName("churnkit score").getOrCreate();
        try {
            run(spark, a);
        } finally {
            spark.stop();
        }
    }

    /**
     * Runs the job in an existing session (tests, notebooks); the session is left open.
     *
     * @param spark the session to read and write with
     * @param a the parsed options: option name (e.g. {@code --model}) to its value
     * @return the number of rows written
     */
    public static long run(SparkSession spark, Map<String, String> a) {
        String modelJson = read(require(a, "--model"));
        ScoreSettings s = ScoreSettings.of(modelJson, positive(require(a, "--horizon"), "--horizon"));
        if (a.containsKey("--spend-model")) {
            s = s.withSpendModel(read(a.get("--spend-model")));
        }
        if (a.containsKey("--segmentation")) {
            s = s.withSegmentation(read(a.get("--segmentation")));
        }
        if (a.containsKey("--margin")) {
            s = s.withMargin(number(a.get("--margin"), "--margin"));
        }
        if (a.containsKey("--discount-rate")) {
            TimeUnit unit = unit(a.get("--unit"), a.containsKey("--covariates")
                    ? StaticCovariateModel.parse(modelJson, a.get("--model")).plainModel()
                    : ModelFiles.parse(modelJson, a.get("--model")));
            String h = a.getOrDefault("--dert-horizon", "inf");
            double over = h.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : positive(h, "--dert-horizon");
            s = s.withDiscount(unit.continuousRateFromAnnual(number(a.get("--discount-rate"), "--discount-rate")), over);
        }
        Dataset<Row> in = spark.read().parquet(require(a, "--input"));
        Dataset<Row> scores;
        if (a.containsKey("--covariates")) {
            Dataset<Row> cov = spark.read().parquet(a.get("--covariates"));
            scores = SparkScoring.score(in, SparkCovariates.of(cov, a.getOrDefault("--covariates-id-column",
                    SparkSummaries.CUSTOMER_ID)), s);
        } else if (a.containsKey("--covariates-id-column")) {
            throw new IllegalArgumentException("--covariates-id-column needs --covariates; " + USAGE);
        } else {
            scores = SparkScoring.score(in, s);
        }
        scores.write().mode(a.containsKey("--overwrite") ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(require(a, "--output"));
        return spark.read().parquet(a.get("--output")).count();
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

    static Map<String, String> parse(String[] args) {
        List<String> flags = List.of("--overwrite");
        List<String> valued = List.of("--model", "--spend-model", "--segmentation", "--input", "--output", "--horizon",
                "--discount-rate", "--dert-horizon", "--margin", "--unit", "--covariates", "--covariates-id-column");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (flags.contains(k)) {
                m.put(k, "true");
            } else if (valued.contains(k)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(k + " needs a value; " + USAGE);
                }
                m.put(k, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument '" + k + "'; " + USAGE);
            }
        }
        return m;
    }

    private static String require(Map<String, String> a, String k) {
        String v = a.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing " + k + "; " + USAGE);
        }
        return v;
    }

    private static double number(String v, String k) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + " must be a number, got '" + v + "'", e);
        }
    }

    private static double positive(String v, String k) {
        double d = number(v, k);
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(k + " must be finite and positive, got " + v);
        }
        return d;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(org.churnkit.io.IoErrors.cannotRead(Path.of(file), e), e);
        }
    }
}
