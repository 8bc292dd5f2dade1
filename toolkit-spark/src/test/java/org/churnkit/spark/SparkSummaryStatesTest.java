package org.churnkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.churnkit.ChurnkitException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.SummaryState;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-partition summary states merged on the driver equal the core's summaries of the same log
 * bit for bit (spend sums are exact, so Spark's partitioning and row order do not matter).
 * Spark in {@code local[2]}, a generated log: no shared data needed.
 */
class SparkSummaryStatesTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("churnkit-state-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "5")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void mergedPartitionStatesEqualTheCore() {
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 5_000;
        String[] ids = new String[n];
        long[] times = new long[n];
        double[] amounts = new double[n];
        List<Row> rows = new ArrayList<>();
        long base = java.time.LocalDate.of(2023, 1, 1).toEpochDay() * 86_400L;
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + rnd.nextInt(400);
            times[i] = base + rnd.nextInt(300) * 86_400L + rnd.nextInt(86_400);
            amounts[i] = i % 37 == 0 ? 0.0 : rnd.nextInt(3) == 0 ? rnd.nextDouble() * 500 : (1 + rnd.nextInt(30_000)) / 100.0;
            rows.add(RowFactory.create(ids[i], LocalDateTime.ofEpochSecond(times[i], 0, java.time.ZoneOffset.UTC).toString()
                    .replace('T', ' '), amounts[i]));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("ts", DataTypes.StringType)
                .add("amount", DataTypes.DoubleType);
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(3); // rows of a customer in several partitions
        TransactionColumns cols = TransactionColumns.of("id", "ts", "amount").withDateFormat("yyyy-MM-dd HH:mm[:ss]");
        for (MergePeriod merge : new MergePeriod[] {MergePeriod.DAY, MergePeriod.WEEK}) {
            SummaryOptions o = SummaryOptions.defaults().withMerge(merge).withUnit(TimeUnit.DAYS);
            PeriodEnd end = PeriodEnd.parse("2023-10-31");
            SummaryState state = SparkSummaryStates.summarize(df, cols, o, end);
            CustomerSummaries want = Summarizer.summarize(TransactionLog.of(ids, times, amounts), o.withObservationEnd(end));
            CustomerSummaries got = state.summaries();
            assertEquals(want.size(), got.size());
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < got.size(); i++) {
                at.put(got.id(i), i);
            }
            for (int i = 0; i < want.size(); i++) {
                int j = at.get(want.id(i));
                String c = merge + ", customer " + want.id(i);
                assertEquals(want.frequency(i), got.frequency(j), c);
                assertEquals(want.recency(i), got.recency(j), 0.0, c);
                assertEquals(want.age(i), got.age(j), 0.0, c);
                // exact: the same double, not merely close
                assertEquals(Double.doubleToLongBits(want.monetaryValue(i)), Double.doubleToLongBits(got.monetaryValue(j)), c);
                assertEquals(Double.doubleToLongBits(want.meanValue(i)), Double.doubleToLongBits(got.meanValue(j)), c);
            }
            assertEquals(want.counts().transactionsUsed(), got.counts().transactionsUsed());
        }
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> SparkSummaryStates.summarize(df, cols,
                SummaryOptions.defaults(), PeriodEnd.parse("2023-06-30")));
        assertTrue(e.getMessage().contains("after the as-of date 2023-06-30"), e.getMessage());
    }
}
