/**
 * churnkit on Apache Spark: the core's definitions applied to DataFrames.
 *
 * <ul>
 *   <li>{@link org.churnkit.spark.SparkSummaries}: transactions to per-customer summaries, as
 *       {@link org.churnkit.data.Summarizer}.</li>
 *   <li>{@link org.churnkit.spark.SparkFitter}: identical histories counted on the cluster, the
 *       weighted distinct rows fitted on the driver by {@link org.churnkit.model.ModelFitter}.</li>
 *   <li>{@link org.churnkit.spark.SparkScoring} and {@link org.churnkit.spark.ScoreJob}: fitted
 *       models (JSON, broadcast) applied per partition on primitive arrays; Parquet in and out.</li>
 *   <li>{@link org.churnkit.spark.SummariseJob}, {@link org.churnkit.spark.SplitJob},
 *       {@link org.churnkit.spark.FitJob} and {@link org.churnkit.spark.SegmentJob}: the CLI's
 *       summarize, split, fit and segment assignment as {@code spark-submit} jobs, their command
 *       lines parsed by {@link org.churnkit.spark.JobArguments}.</li>
 * </ul>
 *
 * Spark is a provided dependency; on JDK 17+ the driver and executors need the
 * {@code --add-opens} flags Spark's launcher passes (see the module's pom).
 */
package org.churnkit.spark;
