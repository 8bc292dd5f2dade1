package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
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
        // DERT and CLV are not offered with time-varying covariates.
        r = CliRun.run("score", "-m", model.toString(), "--log", log.toString(), "--customer-column", "Id",
                "--date-column", "Date", "--amount-column", "Price", "--observation-end", "2005-10-09", "-H", "52",
                "--covariates", cov.toString(), "--covariates-id-column", "Id", "--covariates-date-column", "Cov.Date",
                "--dert", "-o", dir.resolve("d.csv").toString());
        assertTrue(r.code() != 0 && r.err().contains("not offered"), r.err());
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
