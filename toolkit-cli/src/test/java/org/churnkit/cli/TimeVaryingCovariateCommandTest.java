package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.PredictiveDistribution;
import org.churnkit.model.TimeVaryingCovariateModel;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit --covariates FILE --covariates-date-column NAME}: the apparel data's weekly dynamic
 * covariates (skipped, with the folder named, without {@code ../shared}).
 */
class TimeVaryingCovariateCommandTest {
    @TempDir
    Path dir;

    @Test
    void apparelDynamicFitFromTheLog() throws Exception {
        Path log = SharedFolder.require("datasets/apparel/transactions.csv");
        Path cov = SharedFolder.require("datasets/apparel/dynamic_covariates.csv");
        Path model = dir.resolve("tv.json");
        CliRun r = CliRun.run("fit", "-m", "pareto-nbd", "--log", log.toString(), "--customer-column", "Id",
                "--date-column", "Date", "--amount-column", "Price", "--observation-end", "2005-10-09", "--time-unit",
                "week", "--covariates", cov.toString(), "--covariates-id-column", "Id", "--covariates-date-column",
                "Cov.Date", "--purchase-covariates", "High.Season,Gender,Channel", "--dropout-covariates",
                "High.Season,Gender,Channel", "-o", model.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        double ll = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("log-likelihood"))
                .findFirst().orElseThrow().substring(14).trim());
        assertTrue(ll >= -2589.2321, "log-likelihood " + ll);
        assertTrue(r.out().contains("purchase:High.Season"), r.out());
        // the coefficients in words after the table: the apparel covariates are 0/1 flags
        assertTrue(r.out().indexOf("Covariate effects") > r.out().indexOf("dropout:Channel"), r.out());
        assertTrue(r.out().contains("  In periods when High.Season = 1 (against 0), customers buy ")
                || r.out().contains("  In periods when High.Season = 1 (against 0): no detectable effect on purchasing"),
                r.out());
        TimeVaryingCovariateModel m = TimeVaryingCovariateModel.read(model);
        assertEquals(3, m.purchaseCovariates().size());
        // the plain scoring path refuses the file rather than dropping the covariates
        Path summary = dir.resolve("s.csv");
        r = CliRun.run("summarize", "-i", log.toString(), "--customer-column", "Id", "--date-column", "Date",
                "--amount-column", "Price", "--observation-end", "2005-10-09", "--drop-after-end", "-o",
                summary.toString());
        assertEquals(0, r.code(), r.err());
        r = CliRun.run("score", "-m", model.toString(), "-i", summary.toString(), "-o", dir.resolve("o.csv").toString(),
                "-H", "52");
        assertTrue(r.code() != 0 && r.err().contains("time-varying"), r.err());
        // Scoring from the log: the first 52 holdout weeks with their covariates (actual: 546).
        Path scores = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", model.toString(), "--log", log.toString(), "--customer-column", "Id",
                "--date-column", "Date", "--amount-column", "Price", "--observation-end", "2005-10-09", "-H", "52",
                "--covariates", cov.toString(), "--covariates-id-column", "Id", "--covariates-date-column", "Cov.Date",
                "-o", scores.toString());
        assertEquals(0, r.code(), r.err());
        ColumnTable t = TableIO.read(scores, null, Map.of("expected_transactions", ColumnType.DOUBLE,
                "p_alive", ColumnType.DOUBLE), true);
        assertEquals(600, t.rowCount());
        double total = 0;
        for (double v : t.doubles("expected_transactions")) {
            total += v;
        }
        assertTrue(total > 450 && total < 650, "52-week total " + total);
        assertTrue(r.err().contains(String.format(java.util.Locale.ROOT, "total %.1f", total)), r.err());
        // Beyond the file's last week the future file is needed: without it, an error naming customer and date.
        r = CliRun.run("score", "-m", model.toString(), "--log", log.toString(), "--customer-column", "Id",
                "--date-column", "Date", "--amount-column", "Price", "--observation-end", "2010-12-26", "-H", "10",
                "--covariates", cov.toString(), "--covariates-id-column", "Id", "--covariates-date-column", "Cov.Date",
                "-o", dir.resolve("late.csv").toString());
        assertTrue(r.code() != 0 && r.err().contains("no covariate row for the period starting"), r.err());
        r = CliRun.run("score", "-m", model.toString(), "--log", log.toString(), "--customer-column", "Id",
                "--date-column", "Date", "--amount-column", "Price", "--observation-end", "2010-12-26", "-H", "10",
                "--covariates", cov.toString(), "--future-covariates",
                SharedFolder.require("datasets/apparel/dynamic_covariates_future.csv").toString(),
                "--covariates-id-column", "Id", "--covariates-date-column", "Cov.Date",
                "-o", dir.resolve("late.csv").toString());
        assertEquals(0, r.code(), r.err());
        // DERT and CLV over the window whose covariates are known, with a spend model from the same summaries.
        Path gg = dir.resolve("gg.json");
        r = CliRun.run("fit", "-m", "gamma-gamma", "-i", summary.toString(), "-o", gg.toString());
        assertEquals(0, r.code(), r.err());
        Path money = dir.resolve("money.csv");
        r = CliRun.run("score", "-m", model.toString(), "--log", log.toString(), "--customer-column", "Id",
                "--date-column", "Date", "--amount-column", "Price", "--observation-end", "2005-10-09", "-H", "52",
                "--covariates", cov.toString(), "--covariates-id-column", "Id", "--covariates-date-column", "Cov.Date",
                "--spend-model", gg.toString(), "--margin", "0.3", "--discount-rate", "0.1", "-o", money.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("over the 52 week(s) of --horizon"), r.err());
        Map<String, ColumnType> types = new java.util.HashMap<>();
        for (String c : List.of("p_alive", "expected_transactions", "expected_spend", "dert", "clv", "alive_value",
                "value_at_risk")) {
            types.put(c, ColumnType.DOUBLE);
        }
        ColumnTable mt = TableIO.read(money, null, types, true);
        assertEquals(600, mt.rowCount());
        double[] e = mt.doubles("expected_transactions");
        double[] d = mt.doubles("dert");
        double[] clv = mt.doubles("clv");
        double[] alive = mt.doubles("alive_value");
        double[] risk = mt.doubles("value_at_risk");
        double[] spend = mt.doubles("expected_spend");
        double[] pa = mt.doubles("p_alive");
        for (int i = 0; i < e.length; i++) {
            assertTrue(d[i] <= e[i] * (1 + 1e-12) && d[i] > 0, "discounting lowers the expectation, row " + i);
            assertEquals(0.3 * spend[i] * d[i], clv[i], 1e-9 * Math.max(1, clv[i]), "CLV = margin x spend x DERT, row " + i);
            assertEquals(alive[i] - clv[i], risk[i], 1e-9 * Math.max(1, alive[i]), "value at risk, row " + i);
            assertEquals(pa[i] * alive[i], clv[i], 1e-9 * Math.max(1, clv[i]), "CLV = P(alive) x alive value, row " + i);
        }
        // --intervals: every column with its ends from draws of every parameter (the fit recorded the
        // covariance, the gamma-gamma file its own), the same file for the same seed.
        assertTrue(TimeVaryingCovariateModel.read(model).covariance().isPresent(), "the fit records the covariance");
        Path[] runs = {dir.resolve("i1.csv"), dir.resolve("i2.csv")};
        for (Path out : runs) {
            r = CliRun.run("score", "-m", model.toString(), "--log", log.toString(), "--customer-column", "Id",
                    "--date-column", "Date", "--amount-column", "Price", "--observation-end", "2005-10-09", "-H", "52",
                    "--covariates", cov.toString(), "--covariates-id-column", "Id", "--covariates-date-column",
                    "Cov.Date", "--spend-model", gg.toString(), "--margin", "0.3", "--intervals", "0.9", "--draws",
                    "40", "--seed", "3", "-o", out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("90 % intervals from 40 asymptotic parameter draws (seed 3)"), r.err());
        }
        assertArrayEquals(java.nio.file.Files.readAllBytes(runs[0]), java.nio.file.Files.readAllBytes(runs[1]));
        for (String c : List.of("p_alive", "expected_transactions", "expected_spend", "dert", "clv")) {
            types.put(c + "_lower", ColumnType.DOUBLE);
            types.put(c + "_upper", ColumnType.DOUBLE);
        }
        ColumnTable it = TableIO.read(runs[0], null, types, true);
        assertArrayEquals(mt.doubles("clv"), it.doubles("clv"), 0.0, "the point scores are unchanged");
        for (String c : List.of("p_alive", "expected_transactions", "expected_spend", "dert", "clv")) {
            double[] lo = it.doubles(c + "_lower");
            double[] hi = it.doubles(c + "_upper");
            int wide = 0;
            for (int i = 0; i < lo.length; i++) {
                assertTrue(lo[i] <= hi[i], c + " row " + i);
                wide += hi[i] > lo[i] ? 1 : 0;
            }
            assertTrue(wide > lo.length / 2, c + ": intervals of width for most customers, " + wide);
        }
        // the predictive columns are the library's, from the same paths and the window's covariates
        assertTrue(r.err().contains("transactions_predictive_lower/upper = range of what a customer will actually buy"),
                r.err());
        TimeVaryingCovariateModel tvm = TimeVaryingCovariateModel.read(model);
        org.churnkit.model.TimeVaryingCovariates paths = org.churnkit.model.TimeVaryingCovariates.read(
                org.churnkit.data.TransactionReader.read(log, org.churnkit.data.TransactionReadOptions.defaults()
                        .withColumns("Id", "Date", "Price")), List.of(cov),
                new org.churnkit.model.TimeVaryingCovariates.ReadOptions("Id", "Cov.Date",
                        java.time.LocalDate.of(2005, 10, 9), 7, org.churnkit.data.TimeUnit.WEEKS, 52,
                        tvm.referenceLevels()));
        double[][] predictive = tvm.predictiveIntervals(paths, 52, 0.9, null);
        types.put(PredictiveDistribution.LOWER_COLUMN, ColumnType.DOUBLE);
        types.put(PredictiveDistribution.UPPER_COLUMN, ColumnType.DOUBLE);
        ColumnTable pt = TableIO.read(runs[0], null, types, true);
        assertArrayEquals(predictive[0], pt.doubles(PredictiveDistribution.LOWER_COLUMN), 0.0);
        assertArrayEquals(predictive[1], pt.doubles(PredictiveDistribution.UPPER_COLUMN), 0.0);
        int open = 0;
        for (int i = 0; i < predictive[1].length; i++) {
            open += predictive[1][i] > predictive[0][i] ? 1 : 0;
        }
        assertTrue(open > 0, "some customer may buy more than one count");
        // --method bootstrap: refits on the customers of --log resampled with their covariate paths,
        // stated as bootstrap draws, the same file for the same seed
        Path[] boots = {dir.resolve("b1.csv"), dir.resolve("b2.csv")};
        for (Path out : boots) {
            r = CliRun.run("score", "-m", model.toString(), "--log", log.toString(), "--customer-column", "Id",
                    "--date-column", "Date", "--amount-column", "Price", "--observation-end", "2005-10-09", "-H", "52",
                    "--covariates", cov.toString(), "--covariates-id-column", "Id", "--covariates-date-column",
                    "Cov.Date", "--spend-model", gg.toString(), "--margin", "0.3", "--intervals", "0.9", "--method",
                    "bootstrap", "--draws", "12", "--seed", "3", "-o", out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().matches("(?s).*90 % intervals from \\d+ bootstrap-percentile parameter draws \\(seed 3\\).*"), r.err());
        }
        assertArrayEquals(java.nio.file.Files.readAllBytes(boots[0]), java.nio.file.Files.readAllBytes(boots[1]));
        ColumnTable bt = TableIO.read(boots[0], null, types, true);
        assertArrayEquals(mt.doubles("p_alive"), bt.doubles("p_alive"), 0.0, "the point scores are unchanged");
        double[] blo = bt.doubles("expected_transactions_lower");
        double[] bhi = bt.doubles("expected_transactions_upper");
        double[] be = bt.doubles("expected_transactions");
        int inside = 0;
        for (int i = 0; i < blo.length; i++) {
            assertTrue(blo[i] <= bhi[i], "row " + i);
            inside += blo[i] <= be[i] && be[i] <= bhi[i] ? 1 : 0;
        }
        assertTrue(inside > blo.length / 2, "the estimate inside its bootstrap interval for most customers: " + inside);
    }

    @Test
    void theDateColumnNeedsTheLog() throws Exception {
        Path cov = SharedFolder.require("datasets/apparel/dynamic_covariates.csv");
        Path summary = dir.resolve("s.csv");
        Files.writeString(summary, "customer_id,frequency,recency,T\n1,0,0,10\n");
        CliRun r = CliRun.run("fit", "-m", "pareto-nbd", "-i", summary.toString(), "--covariates", cov.toString(),
                "--covariates-date-column", "Cov.Date", "-o", dir.resolve("m.json").toString());
        assertTrue(r.code() != 0 && r.err().contains("--log"), r.err());
    }
}
