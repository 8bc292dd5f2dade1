package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.CovariatePredictionIntervals;
import org.churnkit.model.Covariates;
import org.churnkit.model.FitResult;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ParameterDraws;
import org.churnkit.model.StaticCovariateFit;
import org.churnkit.model.StaticCovariateFitter;
import org.churnkit.model.StaticCovariateModel;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.PredictionIntervals;
import org.churnkit.model.PredictiveDistribution;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.ScoreIntervals;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.TransactionModel;
import org.churnkit.testing.SimulatedBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code churnkit score --intervals}: the library's intervals, reproducible by seed, and clear refusals. */
class ScoreIntervalsCommandTest {
    @TempDir
    Path dir;

    private Path base(Histories h) {
        Path in = dir.resolve("base.csv");
        String[] ids = new String[h.size()];
        double[] m = new double[h.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = h.id(i);
            m[i] = h.monetary(i);
        }
        TableIO.write(ColumnTable.builder().addString("customer_id", ids).addDouble("frequency", h.frequencies())
                .addDouble("recency", h.recencies()).addDouble("T", h.ages()).addDouble("monetary_value", m).build(), in);
        return in;
    }

    /**
     * Runs {@code churnkit score} with {@code args} twice, into a.csv and b.csv; each run must
     * succeed and say every one of {@code said}, and the two files must be byte for byte equal.
     *
     * @return a.csv
     */
    private Path sameFileTwice(List<String> said, String... args) throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        for (Path out : List.of(a, b)) {
            List<String> all = new java.util.ArrayList<>(List.of("score"));
            all.addAll(List.of(args));
            all.addAll(List.of("-o", out.toString()));
            CliRun r = CliRun.run(all.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            for (String s : said) {
                assertTrue(r.err().contains(s), r.err());
            }
        }
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "the same seed, the same file");
        return a;
    }

    /**
     * The column types to read a score file with: customer_id as text; each column's lower and
     * upper bound (with {@code values}, its value too), and with {@code predictive} the predictive
     * interval's bounds, as numbers.
     */
    private static Map<String, ColumnType> types(List<ScoreColumn> columns, boolean values, boolean predictive) {
        Map<String, ColumnType> types = new HashMap<>(Map.of("customer_id", ColumnType.STRING));
        for (ScoreColumn c : columns) {
            if (values) {
                types.put(c.column(), ColumnType.DOUBLE);
            }
            types.put(ScoreIntervals.lowerColumn(c), ColumnType.DOUBLE);
            types.put(ScoreIntervals.upperColumn(c), ColumnType.DOUBLE);
        }
        if (predictive) {
            types.put(PredictiveDistribution.LOWER_COLUMN, ColumnType.DOUBLE);
            types.put(PredictiveDistribution.UPPER_COLUMN, ColumnType.DOUBLE);
        }
        return types;
    }

    /** Writes cov.csv (customer_id, z) with {@code z(i)} for customer i and returns the z values. */
    private double[] writeCovariates(Histories h, IntToDoubleFunction zOf) {
        double[] z = new double[h.size()];
        String[] ids = new String[h.size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = zOf.applyAsDouble(i);
            ids[i] = h.id(i);
        }
        TableIO.write(ColumnTable.builder().addString("customer_id", ids).addDouble("z", z).build(), dir.resolve("cov.csv"));
        return z;
    }

    /** The Pareto/NBD fit with z on both the purchase and the dropout rate. */
    private static StaticCovariateFit fitWithZ(Histories h, double[] z) {
        return StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, h, Covariates.of(List.of("z"), new double[][] {z}),
                StaticCovariateFitter.Options.of(List.of("z"), List.of("z")));
    }

    @Test
    void intervalsAreTheLibrarysAndTheSameSeedWritesTheSameFile() throws IOException {
        Histories h = SimulatedBase.of(2_000, 20261205L);
        FitResult<ParetoNbd> f = ModelFitter.of(ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS))
                .fitOrThrow(ParetoNbd.likelihood(), h);
        Path modelFile = dir.resolve("pnbd.json");
        Path spendFile = dir.resolve("gg.json");
        ModelFiles.write(f.model(), modelFile);
        ModelFiles.write(SimulatedBase.SPEND, spendFile);
        assertTrue(Files.readString(modelFile).contains("\"interval_method\" : \"asymptotic\""));
        Path in = base(h);
        Path a = sameFileTwice(List.of("90 % intervals from 100 asymptotic parameter draws (seed 7)"),
                "-m", modelFile.toString(), "-i", in.toString(), "-H", "39", "--spend-model", spendFile.toString(),
                "--discount-rate", "0.15", "--margin", "0.3", "--intervals", "0.9", "--draws", "100", "--seed", "7");

        TransactionModel model = ModelFiles.read(modelFile, TransactionModel.class);
        ScoringSettings s = ScoringSettings.of(39).withSpendModel(SimulatedBase.SPEND)
                .withDiscountRate(TimeUnit.WEEKS.continuousRateFromAnnual(0.15)).withMargin(0.3);
        ScoreIntervals want = PredictionIntervals.of(model, PredictionIntervals.asymptoticDraws(model, 100, 7), s)
                .score(h, 0.9);
        double[][] predictive = PredictiveDistribution.of(model, 39).intervals(h, 0.9);
        ColumnTable got = TableIO.read(a, null, types(want.columns(), true, true), true);
        List<String> names = got.columnNames();
        for (ScoreColumn c : want.columns()) {
            int at = names.indexOf(c.column());
            assertEquals(ScoreIntervals.lowerColumn(c), names.get(at + 1));
            assertEquals(ScoreIntervals.upperColumn(c), names.get(at + 2));
            assertArrayEquals(want.lower(c), got.doubles(ScoreIntervals.lowerColumn(c)), 0.0, c.column());
            assertArrayEquals(want.upper(c), got.doubles(ScoreIntervals.upperColumn(c)), 0.0, c.column());
        }
        assertArrayEquals(predictive[0], got.doubles(PredictiveDistribution.LOWER_COLUMN), 0.0);
        assertArrayEquals(predictive[1], got.doubles(PredictiveDistribution.UPPER_COLUMN), 0.0);

        Path c = dir.resolve("c.csv");
        CliRun other = CliRun.run("score", "-m", modelFile.toString(), "-i", in.toString(), "-o", c.toString(), "-H", "39",
                "--intervals", "0.9", "--draws", "100", "--seed", "8");
        assertEquals(0, other.code(), other.err());
        assertNotEquals(Files.readString(a), Files.readString(c));
    }

    @Test
    void bootstrapIntervalsAreTheLibrarysRefitsOfTheInputCustomers() throws IOException {
        Histories h = SimulatedBase.of(1_000, 20261206L);
        FitResult<ParetoNbd> f = ModelFitter.of(ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS))
                .fitOrThrow(ParetoNbd.likelihood(), h);
        Path modelFile = dir.resolve("pnbd.json");
        ModelFiles.write(f.model(), modelFile);
        Path in = base(h);
        Path out = dir.resolve("boot.csv");
        CliRun r = CliRun.run("score", "-m", modelFile.toString(), "-i", in.toString(), "-o", out.toString(), "-H", "39",
                "--intervals", "0.8", "--method", "bootstrap", "--draws", "30", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("bootstrap-percentile parameter draws (seed 5)"), r.err());

        TransactionModel model = ModelFiles.read(modelFile, TransactionModel.class);
        org.churnkit.model.ParameterDraws draws = org.churnkit.model.Bootstrap.of(model, h, 30,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(5L)).draws();
        assertEquals(org.churnkit.model.ParameterDraws.Method.BOOTSTRAP, draws.method());
        ScoreIntervals want = PredictionIntervals.of(model, draws, ScoringSettings.of(39)).score(h, 0.8);
        ColumnTable got = TableIO.read(out, null, types(want.columns(), true, true), true);
        for (ScoreColumn c : want.columns()) {
            assertArrayEquals(want.lower(c), got.doubles(ScoreIntervals.lowerColumn(c)), 0.0, c.column());
            assertArrayEquals(want.upper(c), got.doubles(ScoreIntervals.upperColumn(c)), 0.0, c.column());
        }
        // The refits scatter: the intervals are not the point estimate.
        double[] lo = got.doubles(ScoreIntervals.lowerColumn(ScoreColumn.P_ALIVE));
        double[] hi = got.doubles(ScoreIntervals.upperColumn(ScoreColumn.P_ALIVE));
        boolean wide = false;
        for (int i = 0; i < lo.length; i++) {
            wide |= hi[i] - lo[i] > 1e-3;
        }
        assertTrue(wide, "some P(alive) interval has width");
    }

    @Test
    void aModelFileWithoutCovarianceOrAnUnknownMethodIsAClearError() throws IOException {
        Histories h = SimulatedBase.of(200, 3L);
        Path in = base(h);
        Path hand = dir.resolve("hand.json");
        Files.writeString(hand, "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 0.55, \"alpha\": 10.6, "
                + "\"s\": 0.61, \"beta\": 11.7}}");
        Path out = dir.resolve("s.csv");
        CliRun r = CliRun.run("score", "-m", hand.toString(), "-i", in.toString(), "-o", out.toString(), "-H", "39",
                "--intervals", "0.9");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("no covariance") && r.err().contains("refit"), r.err());
        assertTrue(Files.notExists(out), "nothing written");
        CliRun m = CliRun.run("score", "-m", hand.toString(), "-i", in.toString(), "-o", out.toString(), "-H", "39",
                "--intervals", "0.9", "--method", "jackknife");
        assertNotEquals(0, m.code());
        assertTrue(m.err().contains("--method must be asymptotic or bootstrap"), m.err());
        CliRun l = CliRun.run("score", "-m", hand.toString(), "-i", in.toString(), "-o", out.toString(), "-H", "39",
                "--intervals", "90");
        assertNotEquals(0, l.code());
        assertTrue(l.err().contains("--intervals must lie in (0, 1)"), l.err());
    }

    /**
     * With --covariates: the library's intervals from draws of every parameter (coefficients
     * included), the same file for the same seed; a covariate model file written before the
     * covariance was recorded loads but is refused for intervals with advice to refit.
     */
    @Test
    void covariateModelIntervalsAreTheLibrarysAndOldFilesAreToldToRefit() throws IOException {
        Histories h = SimulatedBase.of(1_500, 20261206L);
        double[] z = writeCovariates(h, i -> (i % 4) - 1.5 + 0.1 * (i % 7));
        Path covFile = dir.resolve("cov.csv");
        StaticCovariateFit fit = fitWithZ(h, z);
        Path modelFile = dir.resolve("pnbd_cov.json");
        fit.model().write(modelFile);
        assertTrue(Files.readString(modelFile).contains("\"covariance\""), "the file records the covariance");
        Path in = base(h);
        Path a = sameFileTwice(List.of("90 % intervals from 60 asymptotic parameter draws (seed 7)"),
                "-m", modelFile.toString(), "-i", in.toString(), "-H", "39", "--covariates", covFile.toString(),
                "--intervals", "0.9", "--draws", "60", "--seed", "7");

        StaticCovariateModel model = StaticCovariateModel.read(modelFile);
        ScoreIntervals want = CovariatePredictionIntervals.of(model, CovariatePredictionIntervals.asymptoticDraws(model,
                60, 7), ParameterDraws.Method.ASYMPTOTIC, ScoringSettings.of(39))
                .score(h, model.readCovariates(covFile, "customer_id"), 0.9);
        ColumnTable got = TableIO.read(a, null, types(want.columns(), false, false), true);
        boolean wide = false;
        for (ScoreColumn c : want.columns()) {
            double[] lo = got.doubles(ScoreIntervals.lowerColumn(c));
            double[] hi = got.doubles(ScoreIntervals.upperColumn(c));
            assertArrayEquals(want.lower(c), lo, 0.0, c.column());
            assertArrayEquals(want.upper(c), hi, 0.0, c.column());
            for (int i = 0; i < lo.length; i++) {
                wide |= hi[i] > lo[i];
            }
        }
        assertTrue(wide, "some interval has width");

        // A covariate model file from before the covariance was recorded: it still scores, intervals say to refit.
        Path old = dir.resolve("old.json");
        StaticCovariateModel.of(model.plainModel(), model.purchaseCovariates(), model.purchaseCoefficients(),
                model.dropoutCovariates(), model.dropoutCoefficients(), Map.of()).write(old);
        Path o = dir.resolve("o.csv");
        CliRun plainScore = CliRun.run("score", "-m", old.toString(), "-i", in.toString(), "-o", o.toString(), "-H", "39",
                "--covariates", covFile.toString());
        assertEquals(0, plainScore.code(), plainScore.err());
        Files.delete(o);
        CliRun refused = CliRun.run("score", "-m", old.toString(), "-i", in.toString(), "-o", o.toString(), "-H", "39",
                "--covariates", covFile.toString(), "--intervals", "0.9");
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains("records no covariance") && refused.err().contains("refit"), refused.err());
        assertTrue(Files.notExists(o), "nothing written");
    }

    /**
     * With --covariates: --method bootstrap writes the library's bootstrap intervals (the same file
     * for the same seed), transactions_predictive_lower/upper are each customer's own model's, and
     * a spend model file that records its covariance gives expected_spend an interval of width.
     */
    @Test
    void covariateModelsBootstrapAndWritePredictiveAndSpendIntervals() throws IOException {
        Histories h = SimulatedBase.of(800, 20261207L);
        double[] z = writeCovariates(h, i -> i % 2);
        Path covFile = dir.resolve("cov.csv");
        StaticCovariateModel fitted = fitWithZ(h, z).model();
        Path modelFile = dir.resolve("pnbd_cov.json");
        fitted.write(modelFile);
        FitResult<?> gg = ModelFitter.of(ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS))
                .fitOrThrow(org.churnkit.model.GammaGamma.likelihood(), h);
        Path spendFile = dir.resolve("gg.json");
        ModelFiles.write(gg.model(), spendFile);
        Path in = base(h);
        Path a = sameFileTwice(List.of("80 % intervals from 30 bootstrap-percentile parameter draws (seed 5)",
                "transactions_predictive_lower/upper"), "-m", modelFile.toString(), "-i", in.toString(), "-H", "39",
                "--covariates", covFile.toString(), "--spend-model", spendFile.toString(), "--margin", "0.3",
                "--time-unit", "week", "--intervals", "0.8", "--method", "bootstrap", "--draws", "30", "--seed", "5");

        StaticCovariateModel model = StaticCovariateModel.read(modelFile);
        Covariates c = model.readCovariates(covFile, "customer_id");
        Histories hi = h; // with ids and spend, as base() wrote them
        CovariatePredictionIntervals.Refits refits = CovariatePredictionIntervals.bootstrapDraws(model, hi, c, 30, 5L);
        assertTrue(refits.failures().isEmpty(), refits.failures().toString());
        Map<String, ColumnType> types = types(List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS,
                ScoreColumn.EXPECTED_SPEND, ScoreColumn.DERT, ScoreColumn.CLV), false, true);
        ColumnTable got = TableIO.read(a, null, types, true);
        ScoreIntervals want = CovariatePredictionIntervals.of(model, refits.draws(), ParameterDraws.Method.BOOTSTRAP,
                ScoringSettings.of(39)).score(hi, c, 0.8);
        assertArrayEquals(want.lower(ScoreColumn.P_ALIVE), got.doubles(ScoreIntervals.lowerColumn(ScoreColumn.P_ALIVE)),
                0.0);
        assertArrayEquals(want.upper(ScoreColumn.EXPECTED_TRANSACTIONS),
                got.doubles(ScoreIntervals.upperColumn(ScoreColumn.EXPECTED_TRANSACTIONS)), 0.0);
        double[][] predictive = model.predictiveIntervals(hi, c, 39, 0.8, null);
        assertArrayEquals(predictive[0], got.doubles(PredictiveDistribution.LOWER_COLUMN), 0.0);
        assertArrayEquals(predictive[1], got.doubles(PredictiveDistribution.UPPER_COLUMN), 0.0);
        double[] slo = got.doubles(ScoreIntervals.lowerColumn(ScoreColumn.EXPECTED_SPEND));
        double[] shi = got.doubles(ScoreIntervals.upperColumn(ScoreColumn.EXPECTED_SPEND));
        for (int i = 0; i < slo.length; i++) {
            assertTrue(shi[i] > slo[i], "expected_spend has an interval of width, row " + i);
        }

        // Asymptotic: the same columns, from the model file's covariances.
        Path o = dir.resolve("o.csv");
        CliRun asym = CliRun.run("score", "-m", modelFile.toString(), "-i", in.toString(), "-o", o.toString(), "-H",
                "39", "--covariates", covFile.toString(), "--spend-model", spendFile.toString(), "--time-unit", "week",
                "--intervals", "0.9", "--draws", "40");
        assertEquals(0, asym.code(), asym.err());
        ColumnTable ga = TableIO.read(o, null, types, true);
        assertTrue(ga.columnNames().contains(PredictiveDistribution.UPPER_COLUMN), ga.columnNames().toString());
        double[] alo = ga.doubles(ScoreIntervals.lowerColumn(ScoreColumn.EXPECTED_SPEND));
        double[] ahi = ga.doubles(ScoreIntervals.upperColumn(ScoreColumn.EXPECTED_SPEND));
        assertTrue(ahi[0] > alo[0], "asymptotic spend draws too");

        // A correlated model whose file records no covariance of omega: refused up front, with advice to refit.
        Path corr = dir.resolve("corr.json");
        model.withCorrelation(0.1).write(corr);
        CliRun refused = CliRun.run("score", "-m", corr.toString(), "-i", in.toString(), "-o", dir.resolve("x.csv")
                .toString(), "-H", "39", "--covariates", covFile.toString(), "--intervals", "0.9");
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains("correlated") && refused.err().contains("refit"), refused.err());
    }
}
