package org.churnkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.ChurnkitException;
import org.churnkit.testing.SharedFolder;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.churnkit.model.FitResult;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParetoNbd;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentationModel;
import org.churnkit.segment.Segmenter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CDNOW sample (2,357 customers; Fader, Hardie and Lee 2005) through Spark in {@code local[2]}
 * against toolkit-core on the same file: summaries, the Pareto/NBD and Gamma-Gamma fits, and the
 * scores of {@link ScoreJob}. One session for the class: starting Spark costs seconds.
 */
class SparkCdnowTest {
    private static final SummaryOptions OPTIONS = SummaryOptions.defaults()
            .withObservationEnd(PeriodEnd.parse("1997-09-30")).withDropAfterEnd(true); // the log runs to 1998-06-30
    private static SparkSession spark;
    private static CustomerSummaries core;
    private static Dataset<Row> summaries;

    @BeforeEach
    void needsShared() {
        SharedFolder.require("datasets/cdnow/cdnow_sample_elog.csv");
    }

    @BeforeAll
    static void start() {
        if (!SharedFolder.exists("datasets/cdnow/cdnow_sample_elog.csv")) {
            return; // no Spark session: each test is skipped with the reason by needsShared()
        }
        Path elog = SharedFolder.require("datasets/cdnow/cdnow_sample_elog.csv");
        spark = LocalSpark.session("churnkit-test", 4);
        core = Summarizer.summarize(TransactionReader.read(elog, TransactionReadOptions.defaults()
                .withColumns("sampleid", "date", "sales").withDateFormat("yyyyMMdd")), OPTIONS);
        // Every column as text (no schema inference): the date is parsed by the pattern, as the core does.
        Dataset<Row> tx = spark.read().option("header", "true").csv(elog.toString());
        summaries = SparkSummaries.summarize(tx,
                TransactionColumns.of("sampleid", "date", "sales").withDateFormat("yyyyMMdd"), OPTIONS).cache();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void summariesEqualTheCore() {
        List<Row> rows = summaries.collectAsList();
        assertEquals(core.size(), rows.size());
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < core.size(); i++) {
            at.put(core.id(i), i);
        }
        for (Row r : rows) {
            String id = r.getAs("customer_id");
            int i = at.get(id);
            assertEquals(core.frequency(i), (long) r.getAs("frequency"), "x of " + id);
            // t_x and T are (periods) * (period / unit) in both: the same double operations.
            assertEquals(core.recency(i), (double) r.getAs("recency"), 1e-12, "t_x of " + id);
            assertEquals(core.age(i), (double) r.getAs("T"), 1e-12, "T of " + id);
            // Amounts are summed exactly on both sides (ExactSum): the order Spark sums in does not matter.
            assertEquals(core.monetaryValue(i), (double) r.getAs("monetary_value"), 0.0, "monetary value of " + id);
            assertEquals(core.meanValue(i), (double) r.getAs("mean_value"), 0.0, "mean value of " + id);
        }
    }

    @Test
    void weeklyMergeOfADateColumnEqualsTheCore() {
        // A DATE column (no pattern), weeks merged from Monday, times in days: the week origin and
        // the per-unit factor take another path than the default options above.
        SummaryOptions weekly = OPTIONS.withMerge(org.churnkit.data.MergePeriod.WEEK).withUnit(TimeUnit.DAYS);
        Path elog = SharedFolder.require("datasets/cdnow/cdnow_sample_elog.csv");
        CustomerSummaries want = Summarizer.summarize(TransactionReader.read(elog, TransactionReadOptions.defaults()
                .withColumns("sampleid", "date", "sales").withDateFormat("yyyyMMdd")), weekly);
        Dataset<Row> tx = spark.read().option("header", "true").csv(elog.toString())
                .withColumn("date", org.apache.spark.sql.functions.to_date(org.apache.spark.sql.functions.col("date"), "yyyyMMdd"));
        List<Row> rows = SparkSummaries.summarize(tx, TransactionColumns.of("sampleid", "date", "sales"), weekly).collectAsList();
        assertEquals(want.size(), rows.size());
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < want.size(); i++) {
            at.put(want.id(i), i);
        }
        for (Row r : rows) {
            String id = r.getAs("customer_id");
            int i = at.get(id);
            assertEquals(want.frequency(i), (long) r.getAs("frequency"), "x of " + id);
            // whole weeks times 7.0: the same double product on both sides
            assertEquals(want.recency(i), (double) r.getAs("recency"), 1e-12, "t_x of " + id);
            assertEquals(want.age(i), (double) r.getAs("T"), 1e-12, "T of " + id);
            assertEquals(want.monetaryValue(i), (double) r.getAs("monetary_value"), 1e-12 * Math.max(1, want.monetaryValue(i)),
                    "monetary value of " + id);
        }
    }

    @Test
    void afterTheEndIsAnErrorNamingTheCustomerUnlessDropped() {
        Dataset<Row> tx = spark.read().option("header", "true")
                .csv(SharedFolder.require("datasets/cdnow/cdnow_sample_elog.csv").toString());
        TransactionColumns cols = TransactionColumns.of("sampleid", "date", "sales").withDateFormat("yyyyMMdd");
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> SparkSummaries.summarize(tx, cols, OPTIONS.withDropAfterEnd(false)));
        assertTrue(e.getMessage().contains("after the observation end 1997-09-30"), e.getMessage());
        assertTrue(e.getMessage().contains("customer '"), e.getMessage());
    }

    @Test
    void fitsEqualTheCore() {
        // The default tolerance (1e-8 on the gradient of the mean log-likelihood) lets two fits of
        // the same data whose sums run in another order stop ~1e-8 apart (measured: 6e-9 relative
        // in r), above the 1e-9 bar. Both fits run to 1e-11, so the comparison is of the data path
        // (summaries, compression, weights), not of where the optimiser happened to stop.
        ModelFitter fitter = ModelFitter.of(ModelFitter.Settings.defaults().withGradientTolerance(1e-11));
        Histories h = Histories.of(core);
        FitResult<?> local = fitter.fit(ParetoNbd.likelihood(), h);
        FitResult<?> spread = SparkFitter.fit(ParetoNbd.likelihood(), summaries, fitter);
        assertTrue(spread.summary().converged(), spread.summary().message());
        // Only the order of summation over the distinct rows differs: 1e-9 relative is the bar.
        assertClose(local.parameters(), spread.parameters(), 1e-9, "Pareto/NBD");
        assertEquals(local.summary().logLikelihood(), spread.summary().logLikelihood(),
                1e-9 * Math.abs(local.summary().logLikelihood()));
        assertEquals(2357.0, spread.summary().customers());
        assertEquals(local.summary().distinctRows(), spread.summary().distinctRows());
        // The same model file: written and read back by the core.
        var back = ModelFiles.parse(ModelFiles.toJson(spread.model()), "spark fit");
        assertClose(spread.parameters(), back.parameterArray(), 0.0, "round trip");

        FitResult<?> gg = fitter.fit(GammaGamma.likelihood(), spendRows(h));
        FitResult<?> ggSpark = SparkFitter.fit(GammaGamma.likelihood(),
                summaries.filter("frequency > 0"), fitter);
        // The spend rows are bit-identical (summariesEqualTheCore); the Gamma-Gamma likelihood is flat
        // along a ridge of (p, q, gamma), where two runs that sum it in another order stop up to a few
        // 1e-8 apart (measured 3.7e-9 in p, 1.2e-8 in q) at the same likelihood: that is held to 1e-12.
        assertClose(gg.parameters(), ggSpark.parameters(), 1e-7, "Gamma-Gamma");
        assertEquals(gg.summary().logLikelihood(), ggSpark.summary().logLikelihood(),
                1e-12 * Math.abs(gg.summary().logLikelihood()), "Gamma-Gamma log-likelihood");
    }

    @Test
    void scoreJobEqualsTheCorePerCustomer(@TempDir Path dir) throws IOException {
        ModelFitter fitter = ModelFitter.of();
        Histories h = Histories.of(core);
        ParetoNbd pnbd = fitter.fitOrThrow(ParetoNbd.likelihood(), h).model();
        GammaGamma gg = fitter.fitOrThrow(GammaGamma.likelihood(), spendRows(h)).model();
        double horizon = 52;
        double delta = TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
        double margin = 0.3;
        int n = core.size();
        String[] ids = core.ids();
        double[] pa = new double[n];
        double[] et = new double[n];
        double[] es = new double[n];
        double[] dert = new double[n];
        double[] clv = new double[n];
        for (int i = 0; i < n; i++) {
            double x = h.frequency(i);
            double tx = h.recency(i);
            double t = h.age(i);
            pa[i] = pnbd.pAlive(x, tx, t);
            et[i] = pnbd.expectedTransactions(x, tx, t, horizon);
            es[i] = gg.expectedSpend(x, h.monetary(i));
            dert[i] = pnbd.discountedExpectedTransactions(x, tx, t, delta, Double.POSITIVE_INFINITY);
            clv[i] = margin * es[i] * dert[i];
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("frequency", h.frequencies());
        cols.put("recency", h.recencies());
        cols.put("T", h.ages());
        cols.put("monetary_value", monetary(h));
        cols.put("p_alive", pa);
        cols.put("expected_transactions", et);
        cols.put("expected_spend", es);
        cols.put("dert", dert);
        cols.put("clv", clv);
        ScoreColumns sc = ScoreColumns.of(ids, cols);
        SegmentationModel seg = Segmenter.of().fit(sc, RandomSource.XO_RO_SHI_RO_128_PP.create(20261124L)).model();
        int[] segment = seg.assign(sc);

        Path model = dir.resolve("pnbd.json");
        Path spend = dir.resolve("gg.json");
        Path segFile = dir.resolve("segments.json");
        ModelFiles.write(pnbd, model);
        ModelFiles.write(gg, spend);
        seg.write(segFile);
        String in = dir.resolve("summaries.parquet").toString();
        String out = dir.resolve("scores.parquet").toString();
        summaries.repartition(3).write().parquet(in);
        long written = ScoreJob.run(spark, ScoreJob.parse(new String[] {"--model", model.toString(), "--spend-model",
                spend.toString(), "--segmentation", segFile.toString(), "--input", in, "--output", out,
                "--horizon", "52", "--discount-rate", "0.15", "--unit", "week", "--margin", "0.3"}));
        assertEquals(n, written);

        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < n; i++) {
            at.put(ids[i], i);
        }
        String[] names = {"p_alive", "expected_transactions", "expected_spend", "dert", "clv"};
        double[][] expected = {pa, et, es, dert, clv};
        for (Row r : spark.read().parquet(out).collectAsList()) {
            String id = r.getAs("customer_id");
            int i = at.get(id);
            for (int j = 0; j < names.length; j++) {
                double want = expected[j][i];
                // The same formulas on the same inputs (summaries equal to ~1e-16); 1e-9 relative is the bar.
                assertEquals(want, (double) r.getAs(names[j]), 1e-9 * Math.max(1e-300, Math.abs(want)), names[j] + " of " + id);
            }
            // the value columns keep the identities of CustomerValue
            double alive = r.getAs("alive_value");
            assertEquals(clv[i], pa[i] * alive, 1e-9 * Math.max(1e-300, clv[i]), "clv = p_alive x alive_value of " + id);
            assertEquals(alive - clv[i], (double) r.getAs("value_at_risk"), 1e-9 * Math.max(1e-300, alive),
                    "value_at_risk = alive_value - clv of " + id);
            assertEquals(seg.names().get(segment[i]), r.getAs("segment"), "segment of " + id);
        }
        assertNotNull(Files.list(Path.of(out)).filter(p -> p.toString().endsWith(".parquet")).findAny().orElse(null));
    }

    /**
     * Spark scores a simulated base exactly as the library's engine does, bit for bit, for every
     * column the settings ask for; the command line's test checks the same base against the same
     * engine ({@code ScoreCommandEngineTest}), so the three paths give one score per customer.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pareto-nbd value", "pareto-nbd finite dert horizon",
        "bg-nbd spend without discounting", "bg-nbd dert"})
    void sparkScoresTheEnginesScoresBitForBit(String which) {
        Histories h = org.churnkit.testing.SimulatedBase.of(5_000, 20261204L);
        org.churnkit.model.TransactionModel model = which.startsWith("bg-nbd")
                ? org.churnkit.model.BgNbd.of(0.2426, 4.4136, 0.7929, 2.4259) : org.churnkit.testing.SimulatedBase.MODEL;
        double delta = TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
        ScoreSettings spark = ScoreSettings.of(ModelFiles.toJson(model), 39);
        org.churnkit.model.ScoringSettings engine = org.churnkit.model.ScoringSettings.of(39);
        if (which.contains("value") || which.contains("spend")) {
            spark = spark.withSpendModel(ModelFiles.toJson(org.churnkit.testing.SimulatedBase.SPEND)).withMargin(0.3);
            engine = engine.withSpendModel(org.churnkit.testing.SimulatedBase.SPEND).withMargin(0.3);
        }
        if (!which.contains("without discounting")) {
            double over = which.contains("finite") ? 104 : Double.POSITIVE_INFINITY;
            spark = spark.withDiscount(delta, over);
            engine = engine.withDiscountRate(delta).withDiscountHorizon(over);
        }
        org.churnkit.model.Scores want = org.churnkit.model.Scoring.of(model, engine).score(h);

        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            rows.add(org.apache.spark.sql.RowFactory.create(h.id(i), h.frequency(i), h.recency(i), h.age(i), h.monetary(i)));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("customer_id", org.apache.spark.sql.types.DataTypes.StringType)
                .add("frequency", org.apache.spark.sql.types.DataTypes.DoubleType)
                .add("recency", org.apache.spark.sql.types.DataTypes.DoubleType)
                .add("T", org.apache.spark.sql.types.DataTypes.DoubleType)
                .add("monetary_value", org.apache.spark.sql.types.DataTypes.DoubleType);
        Dataset<Row> base = SparkCdnowTest.spark.createDataFrame(rows, schema).repartition(3);
        Dataset<Row> scored = SparkScoring.score(base, spark);
        List<String> names = new java.util.ArrayList<>(List.of(schema.fieldNames()));
        want.columns().forEach(c -> names.add(c.column()));
        assertEquals(names, List.of(scored.schema().fieldNames()), "the summaries' columns, then the schema's scores");
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < h.size(); i++) {
            at.put(h.id(i), i);
        }
        List<Row> got = scored.collectAsList();
        assertEquals(h.size(), got.size());
        for (Row r : got) {
            int i = at.get((String) r.getAs("customer_id"));
            for (org.churnkit.model.ScoreColumn c : want.columns()) {
                double w = want.get(c)[i];
                double g = r.getAs(c.column());
                assertEquals(Double.doubleToLongBits(w), Double.doubleToLongBits(g),
                        c.column() + " of " + h.describe(i) + ": " + w + " vs " + g);
            }
        }
    }

    private static Histories spendRows(Histories h) {
        int m = 0;
        for (int i = 0; i < h.size(); i++) {
            if (h.frequency(i) > 0) {
                m++;
            }
        }
        double[] x = new double[m];
        double[] tx = new double[m];
        double[] t = new double[m];
        double[] v = new double[m];
        for (int i = 0, j = 0; i < h.size(); i++) {
            if (h.frequency(i) > 0) {
                x[j] = h.frequency(i);
                tx[j] = h.recency(i);
                t[j] = h.age(i);
                v[j] = h.monetary(i);
                j++;
            }
        }
        return Histories.of(x, tx, t, v, null, null);
    }

    private static double[] monetary(Histories h) {
        double[] m = new double[h.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = h.monetary(i);
        }
        return m;
    }

    private static void assertClose(double[] want, double[] got, double rel, String what) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], rel * Math.abs(want[i]), what + " parameter " + i);
        }
    }
}
