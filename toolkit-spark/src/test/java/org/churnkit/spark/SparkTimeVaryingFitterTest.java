package org.churnkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.StaticCovariateFit;
import org.churnkit.model.StaticCovariateFitter;
import org.churnkit.model.TimeVaryingCovariateFit;
import org.churnkit.model.TimeVaryingCovariateFitter;
import org.churnkit.model.TimeVaryingCovariates;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fits with time-varying covariates through Spark in {@code local[2]} against the core reader and
 * fitter on the same files: the apparel retailer's 600 customers with the weekly High.Season,
 * Gender and Channel (needs {@code ../shared}; skipped with the folder named without it), and
 * simulated customers with a seasonal flag, a text column (indicators against a named reference
 * level) and a continuous covariate that changes every week. Both fits run to a gradient
 * tolerance of 1e-11, so that the comparison is of the data path (coding, paths, counting) and
 * not of where the optimiser happened to stop.
 */
class SparkTimeVaryingFitterTest {
    private static final ModelFitter.Settings TIGHT = ModelFitter.Settings.defaults().withGradientTolerance(1e-11)
            .withTimeUnit(TimeUnit.WEEKS);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("churnkit-time-varying-test", 4);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Every column as text, as the core reads the file. */
    private static Dataset<Row> csv(Path file) {
        return spark.read().option("header", "true").csv(file.toString()).repartition(3);
    }

    private static TransactionLog log(Path file) {
        return TransactionReader.read(file, TransactionReadOptions.defaults().withColumns("Id", "Date", "Price"));
    }

    private static void assertSameFit(TimeVaryingCovariateFit want, TimeVaryingCovariateFit got) {
        assertTrue(want.converged(), want.message());
        assertTrue(got.converged(), got.message());
        assertEquals(want.estimates().size(), got.estimates().size());
        for (int k = 0; k < want.estimates().size(); k++) {
            StaticCovariateFit.Estimate a = want.estimates().get(k);
            StaticCovariateFit.Estimate b = got.estimates().get(k);
            assertEquals(a.name(), b.name());
            assertEquals(a.estimate(), b.estimate(), 1e-9 * Math.max(1, Math.abs(a.estimate())), a.name());
            assertEquals(a.standardError(), b.standardError(), 1e-6 * Math.abs(a.standardError()), a.name() + " (se)");
        }
        assertEquals(want.logLikelihood(), got.logLikelihood(), 1e-10 * Math.abs(want.logLikelihood()));
        assertEquals(want.model().referenceLevels(), got.model().referenceLevels());
        assertEquals(want.customers(), got.customers(), 0);
        // the core merges the rows counted on the cluster no further: the same distinct customers
        assertEquals(want.distinctRows(), got.distinctRows());
    }

    @Test
    void apparelFitEqualsTheCoreFit() {
        Path tx = SharedFolder.require("datasets/apparel/transactions.csv");
        Path cov = SharedFolder.require("datasets/apparel/dynamic_covariates.csv");
        List<String> covs = List.of("High.Season", "Gender", "Channel");
        TimeVaryingCovariates.ReadOptions read = TimeVaryingCovariates.ReadOptions.weekly("Id", "Cov.Date", LocalDate.of(2005, 10, 9));
        StaticCovariateFitter.Options options = StaticCovariateFitter.Options.of(covs, covs);
        TimeVaryingCovariates core = TimeVaryingCovariates.read(log(tx), List.of(cov), read);
        TimeVaryingCovariateFit want = TimeVaryingCovariateFitter.of(TIGHT).fit(core, options);

        TransactionColumns columns = TransactionColumns.of("Id", "Date", null);
        TimeVaryingCovariates rows = SparkTimeVaryingFitter.compressed(csv(tx), columns, csv(cov), read);
        assertEquals(600, rows.totalWeight(), 0);
        assertEquals(covs, rows.names());
        assertTrue(rows.size() < 600, "identical customers are counted on the cluster: " + rows.size() + " rows");
        assertNull(rows.id(0));
        TimeVaryingCovariateFit got = SparkTimeVaryingFitter.fit(csv(tx), columns, csv(cov), read, options,
                TimeVaryingCovariateFitter.of(TIGHT));
        assertSameFit(want, got);
        assertTrue(got.logLikelihood() >= -2589.2321, "at least the nested static fit: " + got.logLikelihood());

        // with a prediction window the rows hold the future periods, and the model reads them alike
        TimeVaryingCovariates core52 = TimeVaryingCovariates.read(log(tx), List.of(cov), read.withHorizon(52));
        TimeVaryingCovariates spark52 = SparkTimeVaryingFitter.compressed(csv(tx), columns, csv(cov), read.withHorizon(52));
        assertEquals(core52.horizon(), spark52.horizon(), 0);
        assertEquals(want.model().logLikelihood(core52), want.model().logLikelihood(spark52),
                1e-10 * Math.abs(want.logLikelihood()));
        double a = java.util.Arrays.stream(want.model().expectedTransactions(core52, 52)).sum();
        double[] e = want.model().expectedTransactions(spark52, 52);
        // each Spark row stands for its weight's customers
        org.churnkit.model.Histories weights = spark52.histories();
        double b = 0;
        for (int i = 0; i < e.length; i++) {
            b += e[i] * weights.weight(i);
        }
        assertEquals(a, b, 1e-9 * a, "holdout expectation over all customers");
    }

    /** A simulated log and long covariate file, written as CSV. */
    private record Simulated(Path transactions, Path covariates, int customers) {}

    /**
     * Customers acquired over the first quarter of 2020, weekly covariates from 2019-12-30 to 2021-03-29:
     * {@code season} (1 in weeks 20-35), {@code channel} (web, store or phone, fixed per customer)
     * and {@code price} (changing every week); daily purchases at a rate raised in season and by
     * the web channel, lowered by price; exponential lifetimes. Calibration to 2020-12-31.
     */
    private static Simulated simulate(Path dir, int n, long seed) throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        LocalDate grid = LocalDate.of(2019, 12, 30);
        int weeks = 66;
        List<String> tx = new ArrayList<>(List.of("Id,Date,Price"));
        List<String> cov = new ArrayList<>(List.of("Id,Cov.Date,season,channel,price"));
        String[] channels = {"web", "store", "phone"};
        for (int i = 0; i < n; i++) {
            String id = "c" + i;
            String channel = channels[rng.nextInt(3)];
            double[] price = new double[weeks];
            for (int w = 0; w < weeks; w++) {
                price[w] = Math.round(100 * (1 + 0.5 * rng.nextDouble())) / 100.0;
                int week = w % 52;
                cov.add(String.format(Locale.ROOT, "%s,%s,%d,%s,%.2f", id, grid.plusWeeks(w), week >= 20 && week <= 35 ? 1 : 0,
                        channel, price[w]));
            }
            int first = rng.nextInt(90);
            // gamma (here exponential) heterogeneity in both rates, as the model assumes: without it
            // r and s run off to the Poisson limit and the fit is ill-posed
            double lambda = (channel.equals("web") ? 0.5 : 0.25) / 7 * -Math.log(rng.nextDouble());
            double life = -Math.log(rng.nextDouble()) * 200 * -Math.log(rng.nextDouble());
            LocalDate start = LocalDate.of(2020, 1, 1).plusDays(first);
            tx.add(id + "," + start + ",10");
            for (int d = 1; d < life && d < 400; d++) {
                LocalDate day = start.plusDays(d);
                int w = (int) ((day.toEpochDay() - grid.toEpochDay()) / 7);
                if (w >= weeks) {
                    break;
                }
                int week = w % 52;
                double rate = lambda * (week >= 20 && week <= 35 ? 2.0 : 1.0) * (1.6 - 0.5 * price[w]);
                if (rng.nextDouble() < rate) {
                    tx.add(id + "," + day + ",10");
                }
            }
        }
        Path t = dir.resolve("transactions.csv");
        Path c = dir.resolve("covariates.csv");
        Files.write(t, tx);
        Files.write(c, cov);
        return new Simulated(t, c, n);
    }

    private static final TimeVaryingCovariates.ReadOptions SIM = new TimeVaryingCovariates.ReadOptions("Id", "Cov.Date",
            LocalDate.of(2020, 12, 31), 7, TimeUnit.WEEKS, 0, Map.of("channel", "store"));

    @Test
    void simulatedFitEqualsTheCoreFit(@TempDir Path dir) throws IOException {
        Simulated s = simulate(dir, 400, 15);
        StaticCovariateFitter.Options options = StaticCovariateFitter.Options.of(
                List.of("season", "channel=web", "price"), List.of("channel=phone", "channel=web"));
        TimeVaryingCovariates core = TimeVaryingCovariates.read(log(s.transactions()), List.of(s.covariates()), SIM);
        TimeVaryingCovariateFit want = TimeVaryingCovariateFitter.of(TIGHT).fit(core, options);
        TransactionColumns columns = TransactionColumns.of("Id", "Date", null);
        TimeVaryingCovariates rows = SparkTimeVaryingFitter.compressed(csv(s.transactions()), columns, csv(s.covariates()), SIM);
        assertEquals(core.size(), rows.totalWeight(), 0);
        assertEquals(core.names(), rows.names());
        assertEquals(List.of("season", "channel=phone", "channel=web", "price"), rows.names());
        assertEquals(Map.of("channel", "store"), rows.referenceLevels());
        TimeVaryingCovariateFit got = TimeVaryingCovariateFitter.of(TIGHT).fit(rows, options);
        assertSameFit(want, got);
        // the seasonal and channel effects the simulation put in are found
        assertTrue(want.estimate("purchase:season").estimate() > 0, want.estimates().toString());
        assertTrue(want.estimate("purchase:channel=web").estimate() > 0, want.estimates().toString());
    }

    @Test
    void aCustomerWithoutAPeriodHeNeedsIsNamed(@TempDir Path dir) throws IOException {
        Simulated s = simulate(dir, 40, 3);
        // drop customer c7's week of 2020-06-01, inside every customer's calibration window
        Path cut = dir.resolve("cut.csv");
        Files.write(cut, Files.readAllLines(s.covariates()).stream().filter(l -> !l.startsWith("c7,2020-06-01,")).toList());
        TransactionColumns columns = TransactionColumns.of("Id", "Date", null);
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> SparkTimeVaryingFitter.compressed(csv(s.transactions()), columns, csv(cut), SIM));
        assertTrue(e.getMessage().contains("customer 'c7'") && e.getMessage().contains("2020-06-01"), e.getMessage());
        // the core names the same customer and date
        Exception c = assertThrows(RuntimeException.class,
                () -> TimeVaryingCovariates.read(log(s.transactions()), List.of(cut), SIM));
        assertTrue(c.getMessage().contains("customer 'c7'") && c.getMessage().contains("2020-06-01"), c.getMessage());
        // and a customer with no covariate rows at all
        Path none = dir.resolve("none.csv");
        Files.write(none, Files.readAllLines(s.covariates()).stream().filter(l -> !l.startsWith("c9,")).toList());
        ChurnkitException f = assertThrows(ChurnkitException.class,
                () -> SparkTimeVaryingFitter.compressed(csv(s.transactions()), columns, csv(none), SIM));
        assertTrue(f.getMessage().contains("customer 'c9'") && f.getMessage().contains("no covariate rows"), f.getMessage());
    }
}
