package org.churnkit.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.churnkit.io.IoErrors;

/** What the jobs share: the session of {@code main}, model files on the driver, Parquet output. */
final class Jobs {
    private Jobs() {}

    /**
     * Runs a job's {@code main} body in the {@code spark-submit} session, then stops it.
     *
     * @param appName the application's name in the Spark UI
     * @param body the job, given the session
     * @return the body's exit code
     */
    static int inSession(String appName, java.util.function.ToIntFunction<SparkSession> body) {
        SparkSession spark = SparkSession.builder().appName(appName).getOrCreate();
        try {
            return body.applyAsInt(spark);
        } finally {
            spark.stop();
        }
    }

    /** A job that writes one table, as its {@code run} method: given the session and the options, the rows written. */
    @FunctionalInterface
    interface TableJob {
        /**
         * Runs the job.
         *
         * @param spark the session
         * @param options option name to value, {@code "true"} for a flag
         * @return the number of rows written
         */
        long run(SparkSession spark, Map<String, String> options);
    }

    /**
     * The {@code main} of a job that writes one table: its command line parsed ({@code --help} and
     * usage errors as {@link JobArguments#main}), the job run in the {@code spark-submit} session
     * ({@link #inSession}), which is then stopped; exit code 0 when it succeeds.
     *
     * @param spec the job's options
     * @param args the command line
     * @param appName the application's name in the Spark UI
     * @param job the job's {@code run}
     */
    static void main(JobArguments.Spec spec, String[] args, String appName, TableJob job) {
        JobArguments.main(spec, args, a -> inSession(appName, spark -> {
            job.run(spark, a.asMap());
            return 0;
        }));
    }

    /**
     * A file on the driver's local file system as text (model files).
     *
     * @param file the path
     * @return its content
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    static String readText(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(IoErrors.cannotRead(Path.of(file), e), e);
        }
    }

    /**
     * Writes a Parquet directory, refusing an existing one unless {@code overwrite}.
     *
     * @param frame what to write
     * @param path any Spark path
     * @param overwrite whether to replace an existing directory
     */
    static void writeParquet(Dataset<Row> frame, String path, boolean overwrite) {
        frame.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(path);
    }

    /**
     * Writes a job's result to its {@code --output} Parquet directory, refusing an existing one
     * unless {@code --overwrite}, and counts the rows written by reading the directory back: what
     * a job that writes one table returns.
     *
     * @param frame the job's result
     * @param a the job's arguments, with {@code --output} and the {@code --overwrite} flag
     * @return the number of rows in the written directory
     * @throws JobArguments.UsageException when {@code --output} is missing
     */
    static long writeOutput(Dataset<Row> frame, JobArguments a) {
        String output = a.require("--output");
        writeParquet(frame, output, a.has("--overwrite"));
        return frame.sparkSession().read().parquet(output).count();
    }
}
