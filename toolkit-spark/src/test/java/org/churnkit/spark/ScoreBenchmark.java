package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.FileFormat;
import org.churnkit.io.TableIO;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ParetoNbd;

/**
 * Scoring N customers from Parquet: Spark ({@link ScoreJob} in {@code local[*]}) against the core
 * in one JVM (TableIO Parquet read, {@link org.churnkit.model.Scoring}, TableIO Parquet write) on the same
 * file. Not a test (the name does not end in Test); run by hand:
 *
 * <pre>
 * java $FLAGS -cp ... org.churnkit.spark.ScoreBenchmark DIR ROWS REPS spark|core|generate
 * </pre>
 *
 * Histories are synthetic (seeded Spark rand; x in 0..20, T in [20, 39) weeks, t_x uniform in
 * [0, T] when x &gt; 0); the model is the published CDNOW Pareto/NBD (r 0.5533, alpha 10.5778,
 * s 0.6060, beta 11.6639; Fader, Hardie and Lee 2005). Scores: P(alive), expected transactions
 * over 52 weeks and DERT at 15 % a year. Prints the time of every repetition and the median.
 */
public final class ScoreBenchmark {
    private ScoreBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        int reps = Integer.parseInt(args[2]);
        String mode = args[3];
        Path input = dir.resolve("summaries-" + rows + ".parquet");
        ParetoNbd model = ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639);
        Path modelFile = dir.resolve("pnbd.json");
        ModelFiles.write(model, modelFile);
        double[] times = new double[reps];
        switch (mode) {
            case "generate" -> {
                SparkSession spark = session();
                Dataset<Row> r = spark.range(rows).select(
                        format_string("C%09d", col("id")).as("customer_id"),
                        floor(rand(1).multiply(rand(2)).multiply(21)).cast("long").as("frequency"),
                        lit(20).plus(rand(3).multiply(19)).as("T"),
                        rand(4).as("u"), lit(10).plus(rand(5).multiply(90)).as("m"));
                r.select(col("customer_id"), col("frequency"),
                                when(col("frequency").gt(0), col("u").multiply(col("T"))).otherwise(lit(0.0)).as("recency"),
                                col("T"), when(col("frequency").gt(0), col("m")).otherwise(lit(0.0)).as("monetary_value"))
                        .coalesce(1).write().mode("overwrite").parquet(input.toString());
                spark.stop();
                System.out.println("wrote " + input);
                return;
            }
            case "spark" -> {
                SparkSession spark = session();
                for (int k = 0; k < reps; k++) {
                    long t0 = System.nanoTime();
                    long n = ScoreJob.run(spark, ScoreJob.parse(new String[] {"--model", modelFile.toString(),
                            "--input", input.toString(), "--output", dir.resolve("scores-spark.parquet").toString(),
                            "--horizon", "52", "--discount-rate", "0.15", "--unit", "week", "--overwrite"}));
                    times[k] = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("spark rep %d: %d rows in %.2f s%n", k, n, times[k]);
                }
                spark.stop();
            }
            case "core" -> {
                Path file;
                try (Stream<Path> s = Files.list(input)) {
                    file = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
                }
                double delta = TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
                for (int k = 0; k < reps; k++) {
                    long t0 = System.nanoTime();
                    ColumnTable t = TableIO.read(file, FileFormat.PARQUET, Map.of("customer_id", ColumnType.STRING,
                            "frequency", ColumnType.DOUBLE, "recency", ColumnType.DOUBLE, "T", ColumnType.DOUBLE), false);
                    String[] ids = t.strings("customer_id");
                    Histories h = Histories.of(t.doubles("frequency"), t.doubles("recency"), t.doubles("T"), null, null, ids);
                    org.churnkit.model.Scores sc = org.churnkit.model.Scoring.of(model,
                            org.churnkit.model.ScoringSettings.of(52).withDiscountRate(delta)).score(h);
                    Path out = dir.resolve("scores-core.parquet");
                    TableIO.write(ColumnTable.builder().addString("customer_id", ids).addDouble("frequency", h.frequencies())
                            .addDouble("recency", h.recencies()).addDouble("T", h.ages()).addDouble("p_alive", sc.pAlive())
                            .addDouble("expected_transactions", sc.expectedTransactions()).addDouble("dert", sc.dert())
                            .build(), out, FileFormat.PARQUET);
                    times[k] = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("core rep %d: %d rows in %.2f s%n", k, ids.length, times[k]);
                }
            }
            default -> throw new IllegalArgumentException("mode: generate, spark or core");
        }
        double[] s = times.clone();
        Arrays.sort(s);
        System.out.printf("%s median over %d reps: %.2f s (%d rows, %d cores)%n", mode, reps, s[reps / 2], rows,
                Runtime.getRuntime().availableProcessors());
    }

    private static SparkSession session() {
        return SparkSession.builder().master("local[*]").appName("churnkit-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }
}
