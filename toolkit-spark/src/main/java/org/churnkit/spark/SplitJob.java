package org.churnkit.spark;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.data.PeriodEnd;

/**
 * {@code spark-submit}-able {@code churnkit split}: a transaction log (Parquet, or CSV with a
 * header) split at a calibration end into the calibration summary and each customer's holdout,
 * written as a Parquet directory with the CLI's columns {@code customer_id, frequency, recency, T[,
 * monetary_value], frequency_holdout[, monetary_value_holdout], duration_holdout} and values
 * ({@link SparkSplits}). The options are {@link SummariseJob}'s plus {@code --calibration-end};
 * {@code --observation-end} is the end of the holdout. Customers whose first purchase is after the
 * calibration end are left out, as in the CLI. Every customer's row equals the CLI's; the rows are
 * in no particular order.
 *
 * <p>Submit (the jar being this module's job jar; {@code $OPENS} the {@code --add-opens} flags of
 * the README's Spark section):
 * <pre>
 * spark-submit --master spark://HOST:7077 --class org.churnkit.spark.SplitJob \
 *   --conf "spark.driver.extraJavaOptions=$OPENS" --conf "spark.executor.extraJavaOptions=$OPENS" \
 *   churnkit-spark.jar \
 *   --input hdfs:///churn/transactions.parquet --calibration-end 2024-06-30 \
 *   --observation-end 2024-12-31 --drop-after-end --output hdfs:///churn/split.parquet
 * </pre>
 */
public final class SplitJob {
    private SplitJob() {}

    /** The job's options, its {@code --help} and its usage errors. */
    static final JobArguments.Spec SPEC = TransactionInput.summary(TransactionInput.layout(JobArguments.Spec.of("SplitJob",
                    "Calibration summary plus holdout outcome per customer, split at a date, as 'churnkit split' "
                    + "does; written as a Parquet directory."), "--input", true)
            .required("--calibration-end", "DATE", "last day (or date-time) of the calibration period; the holdout "
                    + "starts after it")
            .required("--output", "PATH", "output Parquet directory (any Spark path)"))
            .flag("--overwrite", "replace an existing output directory")
            .example("--input transactions.parquet --calibration-end 2024-06-30 --observation-end 2024-12-31 "
                    + "--drop-after-end --output split.parquet");

    /**
     * Runs the job in the {@code spark-submit} session, then stops it; {@code --help} prints the options.
     *
     * @param args the options, as {@code --help} lists them
     */
    public static void main(String[] args) {
        Jobs.main(SPEC, args, "churnkit split", SplitJob::run);
    }

    /**
     * Runs the job in an existing session (tests, notebooks); the session is left open, except
     * that its time zone is set to {@code --time-zone} (default UTC).
     *
     * @param spark the session
     * @param options option name ({@code --input}) to value, {@code "true"} for a flag
     * @return the number of customers written
     * @throws JobArguments.UsageException naming the option when one is unknown, missing or malformed
     * @throws org.churnkit.ChurnkitException as {@link SparkSplits#split}
     */
    public static long run(SparkSession spark, Map<String, String> options) {
        JobArguments a = JobArguments.of(SPEC, options);
        var summaryOptions = TransactionInput.summaryOptions(a);
        PeriodEnd calibrationEnd = a.parsed("--calibration-end", PeriodEnd::parse);
        Dataset<Row> tx = TransactionInput.read(spark, a, "--input");
        Dataset<Row> s = SparkSplits.split(tx, TransactionInput.columns(a), calibrationEnd, summaryOptions);
        return Jobs.writeOutput(s, a);
    }
}
