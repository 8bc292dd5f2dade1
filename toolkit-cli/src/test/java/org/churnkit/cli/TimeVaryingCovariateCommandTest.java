package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
