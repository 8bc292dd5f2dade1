package org.churnkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.ChurnkitException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.model.Covariates;
import org.churnkit.model.FitData;
import org.churnkit.model.FittedModel;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ModelRegistry;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.SimulatedLogs;
import org.churnkit.model.StaticCovariateFit;
import org.churnkit.model.StaticCovariateFitter;
import org.churnkit.model.StaticCovariateModel;
import org.churnkit.model.TimeVaryingCovariateFit;
import org.churnkit.model.TimeVaryingCovariateFitter;
import org.churnkit.model.TimeVaryingCovariateModel;
import org.churnkit.model.TimeVaryingCovariates;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentationModel;
import org.churnkit.segment.Segmenter;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code spark-submit} jobs in {@code local[2]} against the core library calls the CLI makes,
 * per customer: {@link SummariseJob} and {@link SplitJob} against {@code Summarizer} on the same
 * file (identical values), {@link FitJob} against {@code ModelFitter} / the covariate fitters on the
 * CLI's rows (parameters within 1e-9 relative), {@link SegmentJob} against
 * {@code SegmentationModel.assign} (identical names). Data: 20,000 simulated Pareto/NBD customers
 * with Gamma-Gamma amounts (one in 40 amounts set to $0.00), written as Parquet by the core's
 * writer; CDNOW and the apparel retailer from {@code ../shared} when present.
 */
class SparkJobsTest {
    private static final int CUSTOMERS = 20_000;
    private static final double REL = 1e-9;
    /**
     * The optimiser's tolerance on both sides of a fit comparison. The job merges the same rows as
     * the CLI in another order, so the likelihoods differ in the last bits and each fit stops
     * somewhere within the tolerance of the optimum: at the default 1e-8 they agree to about 1e-7.
     */
    private static final double TIGHT = 1e-11;
    private static SparkSession spark;
    @TempDir
    static Path dir;
    private static Path transactions;
    private static TransactionLog log;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("churnkit-jobs-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        SimulatedLogs.Result r = SimulatedLogs.simulate(ParetoNbd.of(0.55, 10.6, 0.61, 11.7), GammaGamma.of(6.25, 3.74, 15.44),
                SimulatedLogs.Plan.of(CUSTOMERS, 78, 26), 20261205L);
        ColumnTable t = SimulatedLogs.toTable(r, LocalDate.of(2024, 1, 1), TimeUnit.WEEKS, false);
        double[] amount = t.doubles("amount").clone();
        for (int i = 0; i < amount.length; i += 40) {
            amount[i] = 0.0; // the $0.00 purchase rule: a transaction without spend
        }
        transactions = dir.resolve("transactions.parquet");
        TableIO.write(ColumnTable.builder().addString("customer_id", t.strings("customer_id"))
                .addTimestamp("date", t.timestamps("date")).addDouble("amount", amount).build(), transactions);
        log = TransactionReader.read(transactions, TransactionReadOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Map<String, String> args(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Every column of the core's table, per customer, equals the job's output exactly; same column names and types. */
    private static void assertSameTable(ColumnTable want, String parquet) {
        List<Row> rows = spark.read().parquet(parquet).collectAsList();
        String[] have = spark.read().parquet(parquet).columns();
        assertEquals(want.columnNames(), List.of(have), "the CLI's columns, in its order");
        String[] ids = want.strings("customer_id");
        assertEquals(ids.length, rows.size(), "one row per customer of the core");
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            at.put(ids[i], i);
        }
        for (Row r : rows) {
            Integer i = at.get(r.<String>getAs("customer_id"));
            assertNotNull(i, "customer " + r.getAs("customer_id") + " is not in the core's output");
            for (String c : want.columnNames()) {
                if (c.equals("customer_id")) {
                    continue;
                }
                switch (want.type(c)) {
                    case LONG -> assertEquals(want.longs(c)[i], r.<Long>getAs(c), c + " of " + ids[i]);
                    case DOUBLE -> assertEquals(want.doubles(c)[i], r.<Double>getAs(c), 0.0, c + " of " + ids[i]);
                    default -> throw new AssertionError("unexpected column type of " + c);
                }
            }
        }
    }

    @Test
    void summariseEqualsTheCoreOnSimulatedCustomers() {
        SummaryOptions o = SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("2025-06-01")).withDropAfterEnd(true);
        String out = dir.resolve("summaries.parquet").toString();
        long n = SummariseJob.run(spark, args("--input", transactions.toString(), "--output", out,
                "--observation-end", "2025-06-01", "--drop-after-end", "true"));
        CustomerSummaries core = Summarizer.summarize(log, o);
        assertEquals(core.size(), n);
        assertTrue(core.size() > CUSTOMERS / 2, "most customers are in: " + core.size());
        assertSameTable(core.toTable(false), out);
        // an existing output is refused without --overwrite, replaced with it
        assertThrows(Exception.class, () -> SummariseJob.run(spark, args("--input", transactions.toString(), "--output", out)));
        // other options: days, weekly merging, $0.00 purchases dropped, a cohort
        SummaryOptions o2 = o.withUnit(TimeUnit.DAYS).withMerge(MergePeriod.WEEK)
                .withAmountRules(SummaryOptions.ZeroAmounts.DROP, SummaryOptions.NegativeAmounts.DROP, SummaryOptions.Duplicates.KEEP)
                .withCohort(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 5, 31));
        assertEquals(Summarizer.summarize(log, o2).size(), SummariseJob.run(spark, args("--input", transactions.toString(),
                "--output", out, "--overwrite", "true", "--observation-end", "2025-06-01", "--drop-after-end", "true",
                "--time-unit", "day", "--merge", "week", "--zero-amounts", "drop", "--cohort-start", "2024-02-01",
                "--cohort-end", "2024-05-31")));
        assertSameTable(Summarizer.summarize(log, o2).toTable(false), out);
    }

    @Test
    void aTransactionAfterTheObservationEndFailsWithoutDropAfterEnd() {
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> SummariseJob.run(spark, args("--input",
                transactions.toString(), "--output", dir.resolve("late.parquet").toString(), "--observation-end", "2025-01-01")));
        assertTrue(e.getMessage().contains("after the observation end 2025-01-01"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("late.parquet")), "nothing written");
    }

    @Test
    void splitEqualsTheCoreOnSimulatedCustomers() {
        String out = dir.resolve("split.parquet").toString();
        long n = SplitJob.run(spark, args("--input", transactions.toString(), "--output", out,
                "--calibration-end", "2024-12-31", "--observation-end", "2025-06-01", "--drop-after-end", "true"));
        CustomerSummaries core = Summarizer.split(log, PeriodEnd.parse("2024-12-31"),
                SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("2025-06-01")).withDropAfterEnd(true));
        assertEquals(core.size(), n);
        ColumnTable want = core.toTable(false);
        assertTrue(java.util.Arrays.stream(want.longs("frequency_holdout")).sum() > 1000, "a holdout with transactions");
        assertSameTable(want, out);
        // the default observation end (the last transaction's day), in days
        String out2 = dir.resolve("split-days.parquet").toString();
        SplitJob.run(spark, args("--input", transactions.toString(), "--output", out2, "--calibration-end", "2024-09-30",
                "--time-unit", "day"));
        assertSameTable(Summarizer.split(log, PeriodEnd.parse("2024-09-30"), SummaryOptions.defaults()
                .withUnit(TimeUnit.DAYS)).toTable(false), out2);
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> SplitJob.run(spark, args("--input",
                transactions.toString(), "--output", dir.resolve("nosplit.parquet").toString(), "--calibration-end", "2026-01-01")));
        assertTrue(e.getMessage().contains("must be before the observation end"), e.getMessage());
    }

    /** The CLI's fit of summaries: FitData's rows, the default optimiser in the summaries' unit. */
    private static org.churnkit.model.FitResult<?> coreFit(ModelKind kind, CustomerSummaries s) {
        ModelFitter.Settings settings = ModelFitter.Settings.defaults().withTimeUnit(s.unit()).withMaxIterations(1000)
                .withGradientTolerance(TIGHT);
        return ModelFitter.of(settings).fit(ModelRegistry.likelihood(kind),
                FitData.of(kind, FitData.histories(kind, s)).histories());
    }

    /**
     * The job's model file against the core's fit: the maximised log-likelihood to 1e-12 relative
     * (the well-defined quantity), the parameters to {@code tol} relative.
     */
    private static void assertSameFit(org.churnkit.model.FitResult<?> want, Path file, double tol, String what) {
        FittedModel m = ModelFiles.read(file);
        assertEquals(want.model().kind(), m.kind());
        double ll = want.summary().logLikelihood();
        assertEquals(ll, m.fit().orElseThrow().logLikelihood(), 1e-12 * Math.abs(ll), what + " log-likelihood");
        assertEquals(want.summary().customers(), m.fit().orElseThrow().customers(), 0.0, what + " customers");
        double[] p = want.parameters();
        double[] q = m.parameterArray();
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], q[i], tol * Math.abs(p[i]), what + " parameter " + want.model().kind().parameterNames().get(i));
        }
    }

    private static void assertRelative(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], REL * Math.abs(want[i]), what + " parameter " + i);
        }
    }

    @Test
    void fitWritesTheCoreModelFile() throws IOException {
        SummaryOptions o = SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("2024-12-31")).withDropAfterEnd(true);
        CustomerSummaries core = Summarizer.summarize(log, o);
        String summaries = dir.resolve("fit-summaries.parquet").toString();
        SummariseJob.run(spark, args("--input", transactions.toString(), "--output", summaries,
                "--observation-end", "2024-12-31", "--drop-after-end", "true"));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(report, true, StandardCharsets.UTF_8);
        for (ModelKind kind : List.of(ModelKind.PARETO_NBD, ModelKind.BG_NBD, ModelKind.GAMMA_GAMMA)) {
            Path model = dir.resolve(kind.id() + ".json");
            assertEquals(0, FitJob.run(spark, args("--model", kind.id(), "--input", summaries, "--output", model.toString(),
                    "--gradient-tolerance", "1e-11"), err));
            assertEquals(TimeUnit.WEEKS, ModelFiles.read(model).fit().orElseThrow().timeUnit(), "the unit recorded, as the CLI's");
            // simulated Pareto/NBD customers leave a flat ridge (r with alpha, s with beta): at a
            // gradient of 1e-11 the parameters of two summation orders still differ by ~5e-8; the
            // maximised likelihood is equal. CDNOW (below) is checked at 1e-9.
            assertSameFit(coreFit(kind, core), model, 1e-6, kind.id());
        }
        // from the log, summarised on the cluster
        Path fromLog = dir.resolve("bgnbd-log.json");
        assertEquals(0, FitJob.run(spark, args("--model", "bg-nbd", "--log", transactions.toString(), "--observation-end",
                "2024-12-31", "--drop-after-end", "true", "--output", fromLog.toString(), "--gradient-tolerance", "1e-11"), err));
        assertSameFit(coreFit(ModelKind.BG_NBD, core), fromLog, 1e-6, "bg-nbd from the log");
        // an existing file is refused, and kept, without --overwrite
        Path model = dir.resolve("pareto-nbd.json");
        String before = Files.readString(model);
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> FitJob.run(spark, args("--model", "pareto-nbd",
                "--input", summaries, "--output", model.toString()), err));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals(before, Files.readString(model));
        assertEquals(0, FitJob.run(spark, args("--model", "pareto-nbd", "--input", summaries, "--output", model.toString(),
                "--overwrite", "true", "--time-unit", "week"), err));
        assertTrue(report.toString(StandardCharsets.UTF_8).contains("fit: wrote " + model), report.toString(StandardCharsets.UTF_8));
        JobArguments.UsageException both = assertThrows(JobArguments.UsageException.class, () -> FitJob.run(spark,
                args("--model", "pareto-nbd", "--output", dir.resolve("x.json").toString()), err));
        assertTrue(both.getMessage().startsWith("give either --input SUMMARIES or --log PATH"), both.getMessage());
    }

    @Test
    void staticCovariateFitEqualsTheCore() {
        // 4,000 customers on whole days: a covariate fit's rows are (history, covariates), far more distinct
        SimulatedLogs.Result r = SimulatedLogs.simulate(ParetoNbd.of(0.55, 10.6, 0.61, 11.7), GammaGamma.of(6.25, 3.74, 15.44),
                SimulatedLogs.Plan.of(4_000, 52, 13), 7L);
        Path small = dir.resolve("small.parquet");
        TableIO.write(SimulatedLogs.toTable(r, LocalDate.of(2024, 1, 1), TimeUnit.WEEKS, true), small);
        TransactionLog log = TransactionReader.read(small, TransactionReadOptions.defaults());
        SummaryOptions o = SummaryOptions.defaults();
        CustomerSummaries core = Summarizer.summarize(log, o);
        // a text and a continuous covariate for every customer of the log
        String[] ids = new String[log.customerCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = log.customerId(i);
        }
        String[] channel = new String[ids.length];
        double[] income = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            channel[i] = List.of("web", "store", "phone").get(Math.floorMod(ids[i].hashCode(), 3));
            income[i] = 20 + 10 * Math.floorMod(ids[i].hashCode() * 31L, 5);
        }
        Path covariates = dir.resolve("covariates.parquet");
        TableIO.write(ColumnTable.builder().addString("id", ids).addString("channel", channel).addDouble("income", income)
                .build(), covariates);
        String summaries = dir.resolve("cov-summaries.parquet").toString();
        SummariseJob.run(spark, args("--input", small.toString(), "--output", summaries));
        StaticCovariateFitter.Options options = new StaticCovariateFitter.Options(List.of("channel=store", "income"),
                List.of("channel=store"), List.of(), 0, 0);
        ModelFitter.Settings settings = ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS).withMaxIterations(1000)
                .withGradientTolerance(TIGHT);
        StaticCovariateFit want = StaticCovariateFitter.of(settings).fit(ModelKind.BG_NBD,
                FitData.of(ModelKind.BG_NBD, FitData.histories(ModelKind.BG_NBD, core)).histories(),
                Covariates.read(covariates, "id", Map.of()), options);
        Path model = dir.resolve("bgnbd-cov.json");
        assertEquals(0, FitJob.run(spark, args("--model", "bg-nbd", "--input", summaries, "--output", model.toString(),
                "--covariates", covariates.toString(), "--covariates-id-column", "id",
                "--purchase-covariates", "channel=store,income", "--dropout-covariates", "channel=store",
                "--gradient-tolerance", "1e-11"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        StaticCovariateModel got = StaticCovariateModel.read(model);
        assertRelative(want.model().plainModel().parameterArray(), got.plainModel().parameterArray(), "bg-nbd base");
        assertEquals(List.of("channel=store", "income"), got.purchaseCovariates());
        assertRelative(want.model().purchaseCoefficients(), got.purchaseCoefficients(), "purchase coefficients");
        assertRelative(want.model().dropoutCoefficients(), got.dropoutCoefficients(), "dropout coefficients");
    }

    @Test
    void segmentAssignmentEqualsTheCore() {
        SummaryOptions o = SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("2025-06-01")).withDropAfterEnd(true);
        CustomerSummaries core = Summarizer.summarize(log, o);
        String summaries = dir.resolve("seg-summaries.parquet").toString();
        SummariseJob.run(spark, args("--input", transactions.toString(), "--output", summaries,
                "--observation-end", "2025-06-01", "--drop-after-end", "true"));
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("frequency", java.util.Arrays.stream(core.toTable(false).longs("frequency")).asDoubleStream().toArray());
        cols.put("recency", core.toTable(false).doubles("recency"));
        cols.put("monetary_value", core.toTable(false).doubles("monetary_value"));
        ScoreColumns sc = ScoreColumns.of(core.ids(), cols);
        SegmentationModel seg = Segmenter.builder().k(4).restarts(2).build().fit(sc, RandomSource.XO_RO_SHI_RO_128_PP.create(7L)).model();
        String[] want = seg.namesOf(seg.assign(sc));
        Path file = dir.resolve("segments.json");
        seg.write(file);
        String out = dir.resolve("segments.parquet").toString();
        assertEquals(core.size(), SegmentJob.run(spark, args("--segmentation", file.toString(), "--input", summaries,
                "--output", out)));
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < core.size(); i++) {
            at.put(core.ids()[i], i);
        }
        List<String> columns = new java.util.ArrayList<>(List.of("customer_id", "segment"));
        columns.addAll(seg.featureColumns());
        assertEquals(columns, List.of(spark.read().parquet(out).columns()), "the CLI's segments file columns");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Row r : spark.read().parquet(out).collectAsList()) {
            int i = at.get(r.<String>getAs("customer_id"));
            assertEquals(want[i], r.<String>getAs("segment"), "segment of " + core.ids()[i]);
            seen.add(r.getAs("segment"));
        }
        assertEquals(4, seen.size(), "every segment has customers");
        // a model whose feature the input lacks is refused, naming the column
        String partial = dir.resolve("no-spend.parquet").toString();
        spark.read().parquet(summaries).select("customer_id", "frequency", "recency").write().parquet(partial);
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> SegmentJob.run(spark, args("--segmentation",
                file.toString(), "--input", partial, "--output", dir.resolve("seg2.parquet").toString())));
        assertTrue(e.getMessage().contains("no 'monetary_value' column"), e.getMessage());
    }

    @Test
    void cdnowSummariesAndSplitFromCsvEqualTheCore() {
        Path elog = SharedFolder.require("datasets/cdnow/cdnow_sample_elog.csv");
        TransactionLog tl = TransactionReader.read(elog, TransactionReadOptions.defaults()
                .withColumns("sampleid", "date", "sales").withDateFormat("yyyyMMdd"));
        String out = dir.resolve("cdnow-summaries.parquet").toString();
        SummariseJob.run(spark, args("--input", elog.toString(), "--customer-column", "sampleid", "--amount-column", "sales",
                "--date-format", "yyyyMMdd", "--observation-end", "1997-09-30", "--drop-after-end", "true", "--output", out));
        assertSameTable(Summarizer.summarize(tl, SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("1997-09-30"))
                .withDropAfterEnd(true)).toTable(false), out);
        String split = dir.resolve("cdnow-split.parquet").toString();
        SplitJob.run(spark, args("--input", elog.toString(), "--customer-column", "sampleid", "--amount-column", "sales",
                "--date-format", "yyyyMMdd", "--calibration-end", "1997-09-30", "--output", split));
        CustomerSummaries want = Summarizer.split(tl, PeriodEnd.parse("1997-09-30"), SummaryOptions.defaults());
        assertEquals(2357, want.size());
        assertSameTable(want.toTable(false), split);
        // fits of the job's summaries equal the core's fits of the core's to 1e-9 relative
        CustomerSummaries core = Summarizer.summarize(tl, SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("1997-09-30"))
                .withDropAfterEnd(true));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path pnbd = dir.resolve("cdnow-pnbd.json");
        assertEquals(0, FitJob.run(spark, args("--model", "pareto-nbd", "--input", out, "--output", pnbd.toString(),
                "--gradient-tolerance", "1e-11"), quiet));
        assertSameFit(coreFit(ModelKind.PARETO_NBD, core), pnbd, REL, "CDNOW pareto-nbd");
        // BG/NBD on CDNOW: r and alpha lie on a ridge (2e-8 relative apart at a gradient of 1e-11)
        Path bgnbd = dir.resolve("cdnow-bgnbd.json");
        assertEquals(0, FitJob.run(spark, args("--model", "bg-nbd", "--input", out, "--output", bgnbd.toString(),
                "--gradient-tolerance", "1e-11"), quiet));
        assertSameFit(coreFit(ModelKind.BG_NBD, core), bgnbd, 1e-7, "CDNOW bg-nbd");
    }

    @Test
    void apparelTimeVaryingFitEqualsTheCore() {
        Path tx = SharedFolder.require("datasets/apparel/transactions.csv");
        Path cov = SharedFolder.require("datasets/apparel/dynamic_covariates.csv");
        List<String> covs = List.of("High.Season", "Gender", "Channel");
        TimeVaryingCovariates.ReadOptions read = new TimeVaryingCovariates.ReadOptions("Id", "Cov.Date",
                LocalDate.of(2005, 10, 9), 7, TimeUnit.WEEKS, 0, Map.of());
        TransactionLog tl = TransactionReader.read(tx, TransactionReadOptions.defaults().withColumns("Id", "Date", "Price"));
        TimeVaryingCovariateFit want = TimeVaryingCovariateFitter.of(ModelFitter.Settings.defaults()
                .withTimeUnit(TimeUnit.WEEKS).withMaxIterations(1000).withGradientTolerance(TIGHT))
                .fit(TimeVaryingCovariates.read(tl, List.of(cov), read), StaticCovariateFitter.Options.of(covs, covs));
        // the covariates as Parquet, as the job reads them (text cells: coded as the core codes a file)
        String covParquet = dir.resolve("apparel-dynamic.parquet").toString();
        spark.read().option("header", "true").csv(cov.toString()).write().parquet(covParquet);
        Path model = dir.resolve("tv.json");
        assertEquals(0, FitJob.run(spark, args("--model", "pareto-nbd", "--log", tx.toString(), "--customer-column", "Id",
                "--date-column", "Date", "--amount-column", "Price", "--observation-end", "2005-10-09", "--drop-after-end",
                "true", "--covariates", covParquet, "--covariates-id-column", "Id", "--covariates-date-column", "Cov.Date",
                "--purchase-covariates", String.join(",", covs), "--dropout-covariates", String.join(",", covs),
                "--gradient-tolerance", "1e-11", "--output", model.toString()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        TimeVaryingCovariateModel got = TimeVaryingCovariateModel.read(model);
        assertEquals(covs, got.purchaseCovariates());
        assertRelative(want.model().purchaseCoefficients(), got.purchaseCoefficients(), "tv purchase coefficients");
        assertRelative(want.model().plainModel().parameterArray(), got.plainModel().parameterArray(), "tv base");
    }
}
