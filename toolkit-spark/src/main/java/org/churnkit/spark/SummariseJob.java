package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit}-able {@code churnkit summarize}: a transaction log (Parquet, or CSV with a
 * header) to one row per customer, written as a Parquet directory with the CLI's columns
 * {@code customer_id, frequency, recency, T[, monetary_value]} and values ({@link SparkSummaries}:
 * the core's merge periods, time unit, observation end, cohort, the rule that a $0.00 purchase is a
 * transaction without spend, refunds and duplicates as {@code --zero-amounts},
 * {@code --negative-amounts}, {@code --duplicates} say). Every customer's row equals the CLI's
 * ({@code frequency, recency, T} identical, {@code monetary_value} to the last bit); the rows are in
 * no particular order.
 *
 * <p>Submit (the jar being this module's job jar; {@code $OPENS} the {@code --add-opens} flags of
 * the README's Spark section):
 * <pre>
 * spark-submit --master spark://HOST:7077 --class org.churnkit.spark.SummariseJob \
 *   --conf "spark.driver.extraJavaOptions=$OPENS" --conf "spark.executor.extraJavaOptions=$OPENS" \
 *   churnkit-spark.jar \
 *   --input hdfs:///churn/transactions.parquet --output hdfs:///churn/summaries.parquet \
 *   --time-unit week --observation-end 2024-12-31 --drop-after-end [--overwrite]
 * </pre>
 * {@code --help} lists every option. Not here (core only): {@code --extended}, the read and
 * exclusion counts the CLI prints, the core reader's check that amounts are not negative (refunds
 * follow {@code --negative-amounts}), and rows with a null customer or time, which are left out
 * rather than reported by line.
 */
public final class SummariseJob {
    private SummariseJob() {}

    /** The job's options, its {@code --help} and its usage errors. */
    static final JobArguments.Spec SPEC = TransactionInput.summary(TransactionInput.layout(JobArguments.Spec.of("SummariseJob",
                    "Summarise a transaction log per customer as 'churnkit summarize' does: customer_id, "
                    + "frequency, recency, T and monetary_value, written as a Parquet directory."), "--input", true)
            .required("--output", "PATH", "output Parquet directory (any Spark path)"))
            .flag("--overwrite", "replace an existing output directory")
            .example("--input transactions.parquet --output summaries.parquet --time-unit week "
                    + "--observation-end 2024-12-31 --drop-after-end")
            .example("--input cdnow.csv --customer-column sampleid --amount-column sales --date-format yyyyMMdd "
                    + "--observation-end 1997-09-30 --drop-after-end --output summaries.parquet");

    /**
     * Runs the job in the {@code spark-submit} session, then stops it; {@code --help} prints the options.
     *
     * @param args the options, as {@code --help} lists them
     */
    public static void main(String[] args) {
        Jobs.main(SPEC, args, "churnkit summarise", SummariseJob::run);
    }

    /**
     * Runs the job in an existing session (tests, notebooks); the session is left open, except
     * that its time zone is set to {@code --time-zone} (default UTC).
     *
     * @param spark the session
     * @param options option name ({@code --input}) to value, {@code "true"} for a flag
     * @return the number of customers written
     * @throws JobArguments.UsageException naming the option when one is unknown, missing or malformed
     * @throws org.churnkit.ChurnkitException as {@link SparkSummaries#summarize}
     */
    public static long run(SparkSession spark, Map<String, String> options) {
        JobArguments a = JobArguments.of(SPEC, options);
        var summaryOptions = TransactionInput.summaryOptions(a);
        Dataset<Row> tx = TransactionInput.read(spark, a, "--input");
        Dataset<Row> s = SparkSummaries.summarize(tx, TransactionInput.columns(a), summaryOptions);
        // the CLI's columns without --extended: mean_value is an extended column
        Column[] keep = Arrays.stream(s.columns()).filter(c -> !c.equals("mean_value")).map(c -> col(c)).toArray(Column[]::new);
        return Jobs.writeOutput(s.select(keep), a);
    }
}
