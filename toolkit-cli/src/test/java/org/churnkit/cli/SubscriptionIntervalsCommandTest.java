package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.contractual.ContractualModelFiles;
import org.churnkit.contractual.ShiftedBetaGeometric;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score --intervals} with subscription models: columns, both methods, reproducibility, old files. */
class SubscriptionIntervalsCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** Subscribers of two cohorts with sBG lifetimes, observed 1..8 months: periods, cancelled, cohort, price. */
    private Path simulated() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5);
        StringBuilder csv = new StringBuilder("customer_id,periods,cancelled,cohort,price\n");
        double[][] shapes = {{0.9, 2.5}, {0.9, 6.0}};
        for (int c = 0; c < 2; c++) {
            org.apache.commons.rng.sampling.distribution.ContinuousSampler beta =
                    org.apache.commons.rng.sampling.distribution.ChengBetaSampler.of(rng, shapes[c][0], shapes[c][1]);
            for (int i = 0; i < 400; i++) {
                double theta = beta.sample();
                int t = (int) Math.min(1e9, Math.max(1, Math.ceil(Math.log(rng.nextDouble()) / Math.log1p(-theta))));
                int w = 1 + rng.nextInt(8);
                csv.append(c == 0 ? "b" : "p").append(i).append(',').append(Math.min(t, w)).append(',')
                        .append(t < w ? 1 : 0).append(',').append(c == 0 ? "basic" : "premium").append(",10\n");
            }
        }
        return write("subs.csv", csv.toString());
    }

    private static void assertSurrounds(ColumnTable t, String column) {
        double[] p = t.finiteDoubles(column);
        double[] lo = t.finiteDoubles(column + "_lower");
        double[] hi = t.finiteDoubles(column + "_upper");
        for (int i = 0; i < p.length; i++) {
            assertTrue(lo[i] <= p[i] + 1e-12 && p[i] <= hi[i] + 1e-12 && lo[i] < hi[i],
                    column + " row " + i + ": " + lo[i] + " " + p[i] + " " + hi[i]);
        }
    }

    @Test
    void asymptoticIntervalsOnPerCohortFilesAddEveryColumnReproducibly() throws IOException {
        Path model = dir.resolve("sbg.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", ContractualCommandsTest.faderHardie().toString(),
                "--period", "year", "--calibration-periods", "7", "-o", model.toString());
        assertEquals(0, r.code(), r.err());
        String written = Files.readString(dir.resolve("sbg-regular.json"));
        assertTrue(written.replace(" ", "").contains("\"interval_method\":\"asymptotic\""), written);
        Path subs = write("subs.csv", "customer_id,periods,cancelled,cohort,price\n"
                + "a,1,0,regular,100\nb,5,0,regular,120\nc,3,1,regular,100\nd,2,0,high_end,80\n");
        Path out = dir.resolve("scores.csv");
        Path again = dir.resolve("again.csv");
        String[] args = {"score", "-m", model.toString(), "-i", subs.toString(), "-o", out.toString(), "-H", "5",
            "--annual-discount-rate", "0.1", "--margin", "0.5", "--price-column", "price", "--intervals", "0.9",
            "--draws", "300", "--seed", "7"};
        r = CliRun.run(args);
        assertEquals(0, r.code(), r.err());
        ColumnTable t = TableIO.read(out);
        assertEquals(List.of("customer_id", "cohort", "periods", "p_renewal", "p_renewal_lower", "p_renewal_upper",
                "expected_periods", "expected_periods_lower", "expected_periods_upper", "derl", "derl_lower",
                "derl_upper", "renewals_predictive_lower", "renewals_predictive_upper", "price", "residual_value",
                "residual_value_lower", "residual_value_upper"), t.columnNames());
        for (String c : new String[] {"p_renewal", "expected_periods", "derl", "residual_value"}) {
            assertSurrounds(t, c);
        }
        assertTrue(r.err().contains("90 % intervals from 300 asymptotic parameter draws (seed 7) for cohort "
                + "'regular'"), r.err());
        assertTrue(r.err().contains("renewals_predictive_lower/upper = range of the further periods"), r.err());
        // without --intervals the point columns are the same to the bit
        Path plain = dir.resolve("plain.csv");
        assertEquals(0, CliRun.run("score", "-m", model.toString(), "-i", subs.toString(), "-o", plain.toString(),
                "-H", "5", "--annual-discount-rate", "0.1", "--margin", "0.5", "--price-column", "price").code());
        assertArrayEquals(TableIO.read(plain).finiteDoubles("derl"), t.finiteDoubles("derl"), 0.0);
        args[6] = again.toString();
        assertEquals(0, CliRun.run(args).code());
        assertEquals(Files.readString(out), Files.readString(again));
    }

    @Test
    void bootstrapResamplesTheInputsSubscribersPerCohortAndWithCohortEffects() throws IOException {
        Path subs = simulated();
        Path model = dir.resolve("m.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", subs.toString(), "-o", model.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        Path out = dir.resolve("boot.csv");
        Path again = dir.resolve("boot2.csv");
        for (Path o : new Path[] {out, again}) {
            r = CliRun.run("score", "-m", model.toString(), "-i", subs.toString(), "-o", o.toString(), "-H", "6",
                    "--intervals", "0.8", "--method", "bootstrap", "--draws", "40", "--seed", "3");
            assertEquals(0, r.code(), r.err());
        }
        assertEquals(Files.readString(out), Files.readString(again));
        assertTrue(r.err().contains("bootstrap-percentile parameter draws (seed 3) for cohort 'premium'"), r.err());
        ColumnTable t = TableIO.read(out);
        assertSurrounds(t, "p_renewal");
        assertSurrounds(t, "expected_periods");
        Path effects = dir.resolve("effects.json");
        r = CliRun.run("fit", "--model", "sbg", "-i", subs.toString(), "--cohort-effects", "delta", "-o",
                effects.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        Path eo = dir.resolve("effects.csv");
        r = CliRun.run("score", "-m", effects.toString(), "-i", subs.toString(), "-o", eo.toString(), "-H", "6",
                "--intervals", "0.8", "--method", "bootstrap", "--draws", "40", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("bootstrap-percentile parameter draws (seed 3); of "), r.err());
        assertSurrounds(TableIO.read(eo), "p_renewal");
    }

    @Test
    void covariateFitsDrawTheirCoefficientsBothWays() throws IOException {
        Path subs = simulated();
        StringBuilder plans = new StringBuilder("customer_id,plan\n");
        for (String line : Files.readAllLines(subs).subList(1, 801)) {
            String id = line.substring(0, line.indexOf(','));
            plans.append(id).append(',').append(id.startsWith("b") ? "basic" : "premium").append('\n');
        }
        Path cov = write("plans.csv", plans.toString());
        Path model = dir.resolve("cov.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", subs.toString(), "--cohort", "none", "--covariates",
                cov.toString(), "--covariate-columns", "plan", "--covariate-target", "delta", "-o", model.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        for (String method : new String[] {"asymptotic", "bootstrap"}) {
            Path out = dir.resolve(method + ".csv");
            r = CliRun.run("score", "-m", model.toString(), "-i", subs.toString(), "--cohort-column", "none",
                    "--covariates", cov.toString(), "-o", out.toString(), "-H", "6", "--intervals", "0.9", "--method",
                    method, "--draws", "40", "--seed", "9");
            assertEquals(0, r.code(), r.err());
            ColumnTable t = TableIO.read(out);
            assertSurrounds(t, "p_renewal");
            assertSurrounds(t, "derl");
        }
    }

    @Test
    void aFileWithoutTheFitsCovarianceSaysToRefit() throws IOException {
        Path subs = write("subs.csv", "customer_id,periods,cancelled\na,1,0\nb,3,0\n");
        // a model written by hand, and a fitted file from before the covariance was recorded
        Path hand = write("hand.json", ContractualModelFiles.toJson(ShiftedBetaGeometric.of(0.7, 1.2), "month"));
        Path old = write("old.json", "{\"format_version\": 1, \"model\": \"sbg\", \"family\": \"contractual\", "
                + "\"parameters\": {\"gamma\": 0.704, \"delta\": 1.182}, \"period\": \"month\", "
                + "\"standard_errors\": {\"gamma\": 0.1, \"delta\": 0.2}, \"log_likelihood\": -1680.3, "
                + "\"subscribers\": 1000, \"converged\": true}");
        for (Path m : new Path[] {hand, old}) {
            Path out = dir.resolve("s-" + m.getFileName() + ".csv");
            CliRun r = CliRun.run("score", "-m", m.toString(), "-i", subs.toString(), "-o", out.toString(), "-H", "3",
                    "--intervals", "0.9");
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("refit it with 'churnkit fit'"), r.err());
            assertFalse(Files.exists(out));
            // and without --intervals it still scores
            assertEquals(0, CliRun.run("score", "-m", m.toString(), "-i", subs.toString(), "-o", out.toString(), "-H",
                    "3").code());
        }
        CliRun r = CliRun.run("score", "-m", hand.toString(), "-i", subs.toString(), "-o",
                dir.resolve("x.csv").toString(), "-H", "3", "--intervals", "1.5");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--intervals must lie in (0, 1)"), r.err());
    }
}
