package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkSummaries} equals the core's {@link Summarizer} bit for bit on a generated log whose
 * rows are spread over several partitions, including one customer with thousands of rows in every
 * partition, $0.00 rows, refunds, missing amounts and exact duplicates, under every rule for them;
 * and a small customer's summary is checked against figures worked out by hand. Spark in
 * {@code local[2]}: no shared data needed.
 */
class SparkSummariesTest {
    private static final long DAY = 86_400L;
    private static final long BASE = LocalDate.of(2023, 1, 2).toEpochDay() * DAY; // a Monday
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType)
            .add("ts", DataTypes.StringType).add("amount", DataTypes.DoubleType);
    private static final TransactionColumns COLUMNS = TransactionColumns.of("id", "ts", "amount")
            .withDateFormat("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static SparkSession spark;
    /** The generated log, for the core. */
    private static String[] ids;
    private static long[] times;
    private static double[] amounts;
    /** The same rows in 7 partitions, plus rows without a customer or a time. */
    private static Dataset<Row> df;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("churnkit-summaries-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "5")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        SplittableRandom rnd = new SplittableRandom(20261205L);
        int n = 12_000;
        ids = new String[n];
        times = new long[n];
        amounts = new double[n];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // a third of the rows are one customer's: many rows a day, every partition holds some
            boolean whale = i % 3 == 0;
            ids[i] = whale ? "whale" : "c" + rnd.nextInt(600);
            times[i] = BASE + rnd.nextInt(whale ? 300 : 280) * DAY + (whale ? rnd.nextInt(4) * 3_600L : rnd.nextInt(86_400));
            int kind = rnd.nextInt(20);
            amounts[i] = switch (kind) {
                case 0, 1 -> 0.0;                       // $0.00: a transaction without spend by default
                case 2 -> -(1 + rnd.nextInt(5_000)) / 100.0; // a refund
                case 3 -> Double.NaN;                   // missing
                case 4 -> rnd.nextDouble() * 500;       // not a whole number of cents
                default -> (1 + rnd.nextInt(30_000)) / 100.0;
            };
            if (whale && kind == 5 && i > 0 && ids[i - 3].equals("whale")) {
                // an exact duplicate of the whale's previous row (same second, same amount)
                times[i] = times[i - 3];
                amounts[i] = amounts[i - 3];
            }
            rows.add(row(ids[i], times[i], amounts[i]));
        }
        // odd rows the core's reader would reject by line: left out by Spark, as before
        rows.add(RowFactory.create(null, "2023-03-01 10:00:00", 5.0));
        rows.add(RowFactory.create("c1", null, 5.0));
        df = spark.createDataFrame(rows, SCHEMA).repartition(7).cache();
        long whaleParts = df.filter(col("id").equalTo("whale")).select(spark_partition_id()).distinct().count();
        assertEquals(7, whaleParts, "the whale's rows are in every input partition");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void everyRuleForOddRowsEqualsTheCoreBitForBit() {
        PeriodEnd end = PeriodEnd.parse("2023-10-31");
        SummaryOptions byDay = SummaryOptions.defaults().withMerge(MergePeriod.DAY).withUnit(TimeUnit.DAYS)
                .withObservationEnd(end).withDropAfterEnd(true);
        List<SummaryOptions> all = List.of(
                byDay,
                SummaryOptions.defaults(), // weeks, merged by day, the end at the last transaction
                byDay.withAmountRules(SummaryOptions.ZeroAmounts.DROP, SummaryOptions.NegativeAmounts.DROP,
                        SummaryOptions.Duplicates.DROP),
                byDay.withAmountRules(SummaryOptions.ZeroAmounts.COUNT, SummaryOptions.NegativeAmounts.NET,
                        SummaryOptions.Duplicates.DROP),
                // the whale's weeks have about 90 rows: duplicates looked up in a set, as in the core
                byDay.withMerge(MergePeriod.WEEK).withAmountRules(SummaryOptions.ZeroAmounts.DROP,
                        SummaryOptions.NegativeAmounts.NET, SummaryOptions.Duplicates.DROP),
                byDay.withObservationEnd(PeriodEnd.parse("2023-07-31")).withCohort(LocalDate.of(2023, 1, 5),
                        LocalDate.of(2023, 3, 31)));
        for (SummaryOptions o : all) {
            CustomerSummaries want = Summarizer.summarize(TransactionLog.of(ids, times, amounts), o);
            Map<String, Row> got = byId(SparkSummaries.summarize(df, COLUMNS, o));
            assertEquals(want.size(), got.size(), o.toString());
            for (int i = 0; i < want.size(); i++) {
                Row r = got.get(want.id(i));
                String c = o + ", customer " + want.id(i);
                assertTrue(r != null, c);
                assertEquals(want.frequency(i), r.getLong(1), c);
                assertBits(want.recency(i), r.getDouble(2), "t_x of " + c);
                assertBits(want.age(i), r.getDouble(3), "T of " + c);
                assertBits(want.monetaryValue(i), r.getDouble(4), "monetary value of " + c);
                assertBits(want.meanValue(i), r.getDouble(5), "mean value of " + c);
            }
        }
        // without an amount column: the counts and times only
        SummaryOptions o = byDay.withMerge(MergePeriod.WEEK);
        CustomerSummaries want = Summarizer.summarize(TransactionLog.of(ids, times, null), o);
        Dataset<Row> s = SparkSummaries.summarize(df, TransactionColumns.of("id", "ts", null)
                .withDateFormat("yyyy-MM-dd HH:mm:ss"), o);
        assertEquals(List.of("customer_id", "frequency", "recency", "T"), List.of(s.columns()));
        Map<String, Row> got = byId(s);
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            Row r = got.get(want.id(i));
            assertEquals(want.frequency(i), r.getLong(1), want.id(i));
            assertBits(want.recency(i), r.getDouble(2), "t_x of " + want.id(i));
            assertBits(want.age(i), r.getDouble(3), "T of " + want.id(i));
        }
    }

    @Test
    void theWhaleIsOneCustomerWhateverThePartitions() {
        SummaryOptions o = SummaryOptions.defaults().withMerge(MergePeriod.DAY).withUnit(TimeUnit.DAYS);
        List<Row> whale = SparkSummaries.summarize(df, COLUMNS, o).filter(col("customer_id").equalTo("whale"))
                .collectAsList();
        assertEquals(1, whale.size(), "one row for the customer whose rows were in 7 partitions");
        // 4,000 rows over 300 days: nearly every day has a row that is not a refund
        long x = whale.get(0).getLong(1);
        assertTrue(x > 250 && x <= 299, "x = " + x);
    }

    @Test
    void aSmallCustomerAsWorkedOutByHand() {
        List<Row> rows = List.of(
                row("z", BASE, 0.0), row("z", BASE + 3_600, 10.0),        // day 0: $0.00 and $10 merge into $10
                row("z", BASE + 2 * DAY, 0.0),                             // day 2: a transaction without spend
                row("z", BASE + 4 * DAY, -5.0),                            // day 4: a refund
                RowFactory.create("z", stamp(BASE + 5 * DAY), null),       // day 5: amount missing
                row("z", BASE + 7 * DAY, 4.0), row("z", BASE + 7 * DAY, 4.0), // day 7: one row twice
                row("y", BASE + 7 * DAY, 1.0));                            // sets the end: day 7
        Dataset<Row> small = spark.createDataFrame(rows, SCHEMA).repartition(3);
        SummaryOptions o = SummaryOptions.defaults().withMerge(MergePeriod.DAY).withUnit(TimeUnit.DAYS);
        // default rules: days 0, 2, 5, 7; spend periods day 0 ($10) and day 7 ($8), the repeat one day 7
        Row z = byId(SparkSummaries.summarize(small, COLUMNS, o)).get("z");
        assertEquals(RowFactory.create("z", 3L, 7.0, 7.0, 8.0, 9.0), z);
        // zero amounts and duplicates dropped, refunds netted: days 0, 4, 5, 7 ($10, -$5, none, $4)
        z = byId(SparkSummaries.summarize(small, COLUMNS, o.withAmountRules(SummaryOptions.ZeroAmounts.DROP,
                SummaryOptions.NegativeAmounts.NET, SummaryOptions.Duplicates.DROP))).get("z");
        assertEquals(RowFactory.create("z", 3L, 7.0, 7.0, 4.0, 7.0), z);
        // by week (from Monday, day 0): days 0-5 ($10, the refund dropped) and day 7 ($8) are two periods
        z = byId(SparkSummaries.summarize(small, COLUMNS, o.withMerge(MergePeriod.WEEK))).get("z");
        assertEquals(RowFactory.create("z", 1L, 7.0, 7.0, 8.0, 9.0), z);
        assertFalse(byId(SparkSummaries.summarize(small, COLUMNS, o)).containsKey(null));
    }

    private static Map<String, Row> byId(Dataset<Row> summaries) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : summaries.collectAsList()) {
            assertEquals(null, m.put(r.getString(0), r), "one row per customer: " + r.getString(0));
        }
        return m;
    }

    private static void assertBits(double want, double got, String what) {
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what + ": " + want + " vs " + got);
    }

    private static Row row(String id, long t, double amount) {
        return RowFactory.create(id, stamp(t), amount);
    }

    private static String stamp(long t) {
        return LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC).format(STAMP);
    }
}
