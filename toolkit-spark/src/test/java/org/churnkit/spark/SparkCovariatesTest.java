package org.churnkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.churnkit.ChurnkitException;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.churnkit.model.Covariates;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.Scores;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.StaticCovariateFit;
import org.churnkit.model.StaticCovariateFitter;
import org.churnkit.model.StaticCovariateModel;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fits and scores with time-invariant covariates through Spark in {@code local[2]} against the
 * core on the same customers: the apparel retailer's 600 customers with Gender and Channel (needs
 * {@code ../shared}; skipped with the folder named without it), and simulated customers with a
 * text column (indicators against a named reference level) and a continuous covariate. Both fits
 * run to a gradient tolerance of 1e-11, so that the comparison is of the data path (join, coding,
 * counting, centring and scaling) and not of where the optimiser happened to stop.
 */
class SparkCovariatesTest {
    private static final ModelFitter.Settings TIGHT = ModelFitter.Settings.defaults().withGradientTolerance(1e-11)
            .withTimeUnit(TimeUnit.WEEKS);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("churnkit-covariates-test", 4);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The apparel calibration histories (weekly, to 2005-10-09), as the core's apparel tests build them. */
    private static Histories apparel() {
        Path log = SharedFolder.require("datasets/apparel/transactions.csv");
        var tl = TransactionReader.read(log, TransactionReadOptions.defaults().withColumns("Id", "Date", "Price"));
        return Histories.of(Summarizer.summarize(tl, SummaryOptions.defaults().withUnit(TimeUnit.WEEKS)
                .withObservationEnd(PeriodEnd.of(LocalDate.of(2005, 10, 9))).withDropAfterEnd(true)));
    }

    /** Summaries as a DataFrame in three partitions. */
    private static Dataset<Row> frame(Histories h) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            rows.add(RowFactory.create(h.id(i), h.frequency(i), h.recency(i), h.age(i)));
        }
        StructType schema = new StructType().add("customer_id", DataTypes.StringType).add("frequency", DataTypes.DoubleType)
                .add("recency", DataTypes.DoubleType).add("T", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    /** Every column as text, as the core reads the file. */
    private static Dataset<Row> csv(Path file) {
        return spark.read().option("header", "true").csv(file.toString()).repartition(2);
    }

    private static void assertSameFit(StaticCovariateFit want, StaticCovariateFit got, double tol) {
        assertEquals(want.estimates().size(), got.estimates().size());
        for (int k = 0; k < want.estimates().size(); k++) {
            StaticCovariateFit.Estimate a = want.estimates().get(k);
            StaticCovariateFit.Estimate b = got.estimates().get(k);
            assertEquals(a.name(), b.name());
            assertEquals(a.estimate(), b.estimate(), tol * Math.max(1, Math.abs(a.estimate())), a.name());
            assertEquals(a.standardError(), b.standardError(), 1e-6 * Math.abs(a.standardError()), a.name() + " (se)");
        }
        assertEquals(want.logLikelihood(), got.logLikelihood(), 1e-12 * Math.abs(want.logLikelihood()));
        assertEquals(want.model().covariateNames(), got.model().covariateNames());
        for (String n : want.model().covariateNames()) {
            double[] a = want.model().transform(n);
            double[] b = got.model().transform(n);
            assertEquals(a[0], b[0], 1e-12 * Math.max(1, Math.abs(a[0])), "centre of " + n);
            assertEquals(a[1], b[1], 1e-12 * a[1], "scale of " + n);
        }
    }

    @Test
    void apparelFitEqualsTheCore() {
        Histories h = apparel();
        Path file = SharedFolder.require("datasets/apparel/static_covariates.csv");
        List<String> both = List.of("Gender", "Channel");
        StaticCovariateFitter.Options options = StaticCovariateFitter.Options.of(both, both);
        StaticCovariateFitter fitter = StaticCovariateFitter.of(TIGHT);
        Dataset<Row> summaries = frame(h);
        SparkCovariates covariates = SparkCovariates.of(csv(file), "Id");

        StaticCovariateFit core = fitter.fit(ModelKind.PARETO_NBD, h, Covariates.read(file, "Id", Map.of()), options);
        StaticCovariateFit spread = SparkFitter.fit(ModelKind.PARETO_NBD, summaries, covariates, options, fitter);
        assertTrue(spread.converged(), spread.message());
        assertTrue(spread.logLikelihood() >= -2589.476, "below the reference: " + spread.logLikelihood());
        assertSameFit(core, spread, 1e-9);
        assertEquals(600.0, spread.customers());

        // Standardised: the centres and scales are the core's, over the same 600 rows.
        StaticCovariateFit coreStd = fitter.fit(ModelKind.PARETO_NBD, h,
                Covariates.read(file, "Id", Map.of()).standardised(), options);
        StaticCovariateFit spreadStd = SparkFitter.fit(ModelKind.PARETO_NBD, summaries, covariates.standardised(), options,
                fitter);
        assertTrue(spreadStd.model().transform("Gender")[0] > 0, "centred");
        assertSameFit(coreStd, spreadStd, 1e-9);
    }

    /**
     * Simulated customers: "channel" is text with levels online, phone and store (reference store,
     * named), "income" continuous; the purchase rate depends on both, the dropout rate on phone and
     * income. The covariate table holds one customer more than the summaries (left alone).
     */
    private record Simulated(Histories histories, Path file) {}

    private static Simulated simulate(Path dir, int n) throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        String[] levels = {"online", "phone", "store"};
        String[] channel = new String[n];
        double[] income = new double[n];
        double[] ages = new double[n];
        double[] alphas = new double[n];
        double[] betas = new double[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + i;
            channel[i] = levels[rng.nextInt(3)];
            income[i] = Math.round(100 * (2 * rng.nextDouble() - 1)) / 100.0 * 3;
            ages[i] = 20 + 58 * rng.nextDouble();
            double online = channel[i].equals("online") ? 1 : 0;
            double phone = channel[i].equals("phone") ? 1 : 0;
            alphas[i] = 10.58 * Math.exp(-(0.5 * online + 0.2 * income[i]));
            betas[i] = 11.66 * Math.exp(-(0.6 * phone - 0.3 * income[i]));
        }
        Histories h = ParetoNbdSimulator.simulateHistories(0.5533, alphas, 0.606, betas, ages, rng).withIds(ids);
        StringBuilder b = new StringBuilder("id,channel,income\n");
        for (int i = 0; i < n; i++) {
            // the cells padded with blanks: the core trims them, and so must Spark
            b.append(ids[i]).append(", ").append(channel[i]).append(" ,").append(String.format(Locale.ROOT, "%.2f", income[i]))
                    .append('\n');
        }
        b.append("extra,phone,0.5\n");
        Path file = dir.resolve("covariates.csv");
        Files.writeString(file, b);
        return new Simulated(h, file);
    }

    @Test
    void simulatedFitAndScoresEqualTheCore(@TempDir Path dir) throws IOException {
        Simulated s = simulate(dir, 3000);
        Map<String, String> refs = Map.of("channel", "store");
        StaticCovariateFitter.Options options = StaticCovariateFitter.Options.of(
                List.of("channel=online", "channel=phone", "income"), List.of("channel=phone", "income"));
        StaticCovariateFitter fitter = StaticCovariateFitter.of(TIGHT);
        Covariates coreCov = Covariates.read(s.file(), "id", refs);
        assertEquals(List.of("channel=online", "channel=phone", "income"), coreCov.names());
        Dataset<Row> summaries = frame(s.histories());
        SparkCovariates covariates = SparkCovariates.of(csv(s.file()), "id").withReferenceLevels(refs);

        StaticCovariateFit core = fitter.fit(ModelKind.PARETO_NBD, s.histories(), coreCov, options);
        StaticCovariateFit spread = SparkFitter.fit(ModelKind.PARETO_NBD, summaries, covariates, options, fitter);
        assertTrue(core.converged(), core.message());
        assertSameFit(core, spread, 1e-9);
        // The simulated purchase effects are recovered (online 0.5, income 0.2): the data are used as meant.
        assertEquals(0.5, spread.estimate("purchase:channel=online").estimate(), 0.2);
        assertEquals(0.2, spread.estimate("purchase:income").estimate(), 0.1);
        SparkFitter.CovariateRows rows = SparkFitter.compressedCovariates(summaries, covariates, List.of("income"));
        assertEquals(3000.0, rows.histories().totalWeight());
        assertEquals(Map.of("channel", "store"), rows.covariates().referenceLevels());

        // Scores of the core's model: Spark per customer equals the library per customer.
        StaticCovariateModel model = core.model();
        double delta = TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
        Scores want = model.score(s.histories(), coreCov, ScoringSettings.of(52).withDiscountRate(delta));
        ScoreSettings settings = ScoreSettings.of(model.toJson(), 52).withDiscount(delta, Double.POSITIVE_INFINITY);
        // The scoring table's reference level differs (online, the first): indicators are still found.
        Dataset<Row> scored = SparkScoring.score(summaries, SparkCovariates.of(csv(s.file()), "id"), settings);
        List<String> names = new ArrayList<>(List.of("customer_id", "frequency", "recency", "T"));
        want.columns().forEach(c -> names.add(c.column()));
        assertTrue(names.contains("dert"), names.toString());
        assertEquals(names, List.of(scored.schema().fieldNames()), "the summaries' columns, then the scores");
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < s.histories().size(); i++) {
            at.put(s.histories().id(i), i);
        }
        List<Row> got = scored.collectAsList();
        assertEquals(3000, got.size());
        for (Row r : got) {
            int i = at.get(r.<String>getAs("customer_id"));
            for (ScoreColumn c : want.columns()) {
                assertEquals(want.get(c)[i], r.<Double>getAs(c.column()), 0.0, c.column() + " of " + r.getAs("customer_id"));
            }
        }
    }

    @Test
    void customersWithoutCovariatesAreCountedAndNamed(@TempDir Path dir) throws IOException {
        Simulated s = simulate(dir, 200);
        Dataset<Row> summaries = frame(s.histories());
        Dataset<Row> table = csv(s.file()).filter("id not in ('c17', 'c5')");
        SparkCovariates covariates = SparkCovariates.of(table, "id");
        StaticCovariateFitter.Options options = StaticCovariateFitter.Options.of(List.of("income"), List.of("income"));
        ChurnkitException fit = assertThrows(ChurnkitException.class,
                () -> SparkFitter.fit(ModelKind.PARETO_NBD, summaries, covariates, options, StaticCovariateFitter.of()));
        assertTrue(fit.getMessage().startsWith("2 customer(s) have no covariates (income), e.g. customer 'c17'"),
                fit.getMessage());
        StaticCovariateModel model = StaticCovariateModel.of(org.churnkit.model.ParetoNbd.of(0.55, 10.6, 0.61, 11.7),
                List.of("income"), new double[] {0.2}, List.of("channel=phone"), new double[] {0.5}, Map.of());
        ChurnkitException score = assertThrows(ChurnkitException.class,
                () -> SparkScoring.score(summaries, covariates, ScoreSettings.of(model.toJson(), 52)));
        assertTrue(score.getMessage().contains("2 customer(s) have no covariates (income, channel=phone), e.g. customer 'c17'")
                && score.getMessage().contains("every customer scored"), score.getMessage());
        // A covariate the model needs and the table lacks: named, with the ones there are.
        StaticCovariateModel other = StaticCovariateModel.of(org.churnkit.model.ParetoNbd.of(0.55, 10.6, 0.61, 11.7),
                List.of("age"), new double[] {0.2}, List.of(), new double[0], Map.of());
        ChurnkitException lacks = assertThrows(ChurnkitException.class,
                () -> SparkScoring.score(summaries, SparkCovariates.of(csv(s.file()), "id"), ScoreSettings.of(other.toJson(), 52)));
        assertTrue(lacks.getMessage().contains("the covariates lack 'age'"), lacks.getMessage());
        // A plain scoring of a covariate model is refused (it would ignore the covariates).
        assertThrows(ChurnkitException.class, () -> SparkScoring.score(summaries, ScoreSettings.of(model.toJson(), 52)));
        // Two rows for one customer: refused, naming it.
        Dataset<Row> twice = csv(s.file()).union(csv(s.file()).filter("id = 'c3'"));
        ChurnkitException dup = assertThrows(ChurnkitException.class,
                () -> SparkFitter.fit(ModelKind.PARETO_NBD, summaries, SparkCovariates.of(twice, "id"), options,
                        StaticCovariateFitter.of()));
        assertTrue(dup.getMessage().contains("customer 'c3' has 2 rows"), dup.getMessage());
    }

    /** A column of the summaries that scoring reads is named when missing, for a plain and a covariate model. */
    @Test
    void summariesWithoutAColumnScoringReadsAreRefusedNamingIt(@TempDir Path dir) throws IOException {
        Simulated s = simulate(dir, 200);
        Dataset<Row> summaries = frame(s.histories());
        String plain = org.churnkit.model.ModelFiles.toJson(org.churnkit.model.ParetoNbd.of(0.55, 10.6, 0.61, 11.7));
        ChurnkitException noRecency = assertThrows(ChurnkitException.class,
                () -> SparkScoring.score(summaries.drop("recency"), ScoreSettings.of(plain, 52)));
        assertEquals("the summaries have no 'recency' column (columns: customer_id, frequency, T)", noRecency.getMessage());
        // monetary_value is read only with a spend model
        ScoreSettings withSpend = ScoreSettings.of(plain, 52)
                .withSpendModel(org.churnkit.model.ModelFiles.toJson(org.churnkit.model.GammaGamma.of(6.25, 3.74, 15.44)));
        ChurnkitException noMonetary = assertThrows(ChurnkitException.class, () -> SparkScoring.score(summaries, withSpend));
        assertTrue(noMonetary.getMessage().startsWith("the summaries have no 'monetary_value' column"),
                noMonetary.getMessage());
        StaticCovariateModel model = StaticCovariateModel.of(org.churnkit.model.ParetoNbd.of(0.55, 10.6, 0.61, 11.7),
                List.of("income"), new double[] {0.2}, List.of(), new double[0], Map.of());
        ChurnkitException noT = assertThrows(ChurnkitException.class, () -> SparkScoring.score(summaries.drop("T"),
                SparkCovariates.of(csv(s.file()), "id"), ScoreSettings.of(model.toJson(), 52)));
        assertEquals("the summaries have no 'T' column (columns: customer_id, frequency, recency)", noT.getMessage());
    }

    @Test
    void scoreJobWithCovariatesEqualsTheLibrary(@TempDir Path dir) throws IOException {
        Simulated s = simulate(dir, 400);
        StaticCovariateModel model = StaticCovariateModel.of(org.churnkit.model.ParetoNbd.of(0.55, 10.6, 0.61, 11.7),
                List.of("income", "channel=phone"), new double[] {0.2, 0.4}, List.of("channel=phone"), new double[] {0.5},
                Map.of("income", new double[] {0.1, 2}));
        Path modelFile = dir.resolve("model.json");
        model.write(modelFile);
        frame(s.histories()).write().parquet(dir.resolve("summaries.parquet").toString());
        csv(s.file()).withColumnRenamed("id", "customer").write().parquet(dir.resolve("covariates.parquet").toString());
        Map<String, String> args = ScoreJob.parse(new String[] {"--model", modelFile.toString(), "--input",
            dir.resolve("summaries.parquet").toString(), "--output", dir.resolve("scores.parquet").toString(), "--horizon", "26",
            "--covariates", dir.resolve("covariates.parquet").toString(), "--covariates-id-column", "customer",
            "--discount-rate", "0.15", "--unit", "week"});
        assertEquals(400, ScoreJob.run(spark, args));
        double delta = TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
        Scores want = model.score(s.histories(), Covariates.read(s.file(), "id", Map.of()),
                ScoringSettings.of(26).withDiscountRate(delta));
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < s.histories().size(); i++) {
            at.put(s.histories().id(i), i);
        }
        for (Row r : spark.read().parquet(dir.resolve("scores.parquet").toString()).collectAsList()) {
            int i = at.get(r.<String>getAs("customer_id"));
            assertEquals(want.pAlive()[i], r.<Double>getAs("p_alive"), 0.0);
            assertEquals(want.dert()[i], r.<Double>getAs("dert"), 0.0);
        }
        // Without --covariates the covariate model is refused, not scored without its covariates.
        Map<String, String> plain = new java.util.LinkedHashMap<>(args);
        plain.remove("--covariates");
        plain.remove("--covariates-id-column");
        plain.put("--output", dir.resolve("plain.parquet").toString());
        plain.remove("--discount-rate");
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> ScoreJob.run(spark, plain));
        assertTrue(e.getMessage().contains("covariates"), e.getMessage());
    }
}
