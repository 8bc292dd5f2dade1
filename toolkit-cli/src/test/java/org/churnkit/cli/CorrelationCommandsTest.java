package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.Histories;
import org.churnkit.model.PredictiveDistribution;
import org.churnkit.model.StaticCovariateModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit --correlation (with and without --covariates) and score with a correlated model. */
class CorrelationCommandsTest {

    @TempDir
    Path dir;

    /** 3000 simulated customers (rates of order one per week, so the correlation is identifiable) and a channel. */
    private Path[] simulated() throws IOException {
        return new ChannelCustomers(11, 2, 4, 1.5, 1.5, -0.5, 1.0, 2).write(dir, false);
    }

    @Test
    void fitsAndScoresWithCorrelation() throws IOException {
        Path[] in = simulated();
        Path model = dir.resolve("cor.json");
        CliRun r = CliRun.run("fit", "-m", "pareto-nbd", "-i", in[0].toString(), "-o", model.toString(), "--time-unit",
                "week", "--correlation");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("with correlated purchase and dropout rates"), r.out());
        assertTrue(r.out().contains("Correlation between the purchase rate and the dropout rate"), r.out());
        assertTrue(r.out().contains("Likelihood-ratio test against no correlation"), r.out());
        assertTrue(r.out().contains("95% interval"), r.out());
        StaticCovariateModel m = StaticCovariateModel.read(model);
        assertTrue(m.covariateNames().isEmpty());
        assertNotEquals(0.0, m.omega());
        assertTrue(r.out().contains("omega           " + String.format(Locale.ROOT, "%.6g", m.omega())), r.out());

        // score without --covariates: through the mixture; P(alive) differs from the independent model's
        Path scores = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", model.toString(), "-i", in[0].toString(), "-o", scores.toString(), "-H", "10", "--dert");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("under correlated purchase and dropout rates"), r.err());
        List<String> lines = Files.readAllLines(scores);
        assertEquals(3001, lines.size());
        Histories h = Histories.of(new double[] {0}, new double[] {0}, new double[] {4}, null, null, null);
        double pc = m.pAlive(h, org.churnkit.model.Covariates.none(1))[0];
        double pi = m.plainModel().pAlive(0, 0, 4);
        assertNotEquals(pi, pc);

        // --intervals: the predictive columns are the library's distribution under the mixture, which
        // the correlation moves away from the independent model's for some customers
        Path iv = dir.resolve("intervals.csv");
        r = CliRun.run("score", "-m", model.toString(), "-i", in[0].toString(), "-o", iv.toString(), "-H", "4",
                "--intervals", "0.8", "--draws", "20", "--seed", "3");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("transactions_predictive_lower/upper = range of what a customer will actually buy"),
                r.err());
        ColumnTable in0 = TableIO.read(in[0], null, Map.of("customer_id", ColumnType.STRING, "frequency",
                ColumnType.DOUBLE, "recency", ColumnType.DOUBLE, "T", ColumnType.DOUBLE), true);
        Histories all = Histories.of(in0.doubles("frequency"), in0.doubles("recency"), in0.doubles("T"));
        double[][] want = m.predictiveIntervals(all, org.churnkit.model.Covariates.none(all.size()), 4, 0.8, null);
        ColumnTable got = TableIO.read(iv, null, Map.of("customer_id", ColumnType.STRING,
                PredictiveDistribution.LOWER_COLUMN, ColumnType.DOUBLE, PredictiveDistribution.UPPER_COLUMN,
                ColumnType.DOUBLE), true);
        assertArrayEquals(want[0], got.doubles(PredictiveDistribution.LOWER_COLUMN), 0.0);
        assertArrayEquals(want[1], got.doubles(PredictiveDistribution.UPPER_COLUMN), 0.0);
        double[][] independent = m.withCorrelation(0).predictiveIntervals(all,
                org.churnkit.model.Covariates.none(all.size()), 4, 0.8, null);
        int moved = 0;
        for (int i = 0; i < all.size(); i++) {
            moved += want[0][i] != independent[0][i] || want[1][i] != independent[1][i] ? 1 : 0;
        }
        assertTrue(moved > 0, "the correlation moves some intervals");

        // --intervals --method bootstrap: omega refitted with the other parameters on the resampled
        // customers; stated, and the same file for the same seed
        Path[] boots = {dir.resolve("b1.csv"), dir.resolve("b2.csv")};
        for (Path out : boots) {
            r = CliRun.run("score", "-m", model.toString(), "-i", in[0].toString(), "-o", out.toString(), "-H", "10",
                    "--intervals", "0.9", "--method", "bootstrap", "--draws", "10", "--seed", "4");
            assertEquals(0, r.code(), r.err() + r.out());
            assertTrue(r.err().matches("(?s).*90 % intervals from \\d+ bootstrap-percentile parameter draws \\(seed 4\\).*"),
                    r.err());
        }
        assertEquals(Files.readAllLines(boots[0]), Files.readAllLines(boots[1]));
        assertTrue(Files.readAllLines(boots[0]).get(0).contains("expected_transactions_lower"));

        // with covariates: the coefficients and the correlation of the reference customer
        Path model2 = dir.resolve("cor-cov.json");
        r = CliRun.run("fit", "-m", "pareto-nbd", "-i", in[0].toString(), "-o", model2.toString(), "--time-unit",
                "week", "--correlation", "--covariates", in[1].toString(), "--purchase-covariates", "channel=web",
                "--accept-boundary");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("with covariates and correlated purchase and dropout rates"), r.out());
        assertTrue(r.out().contains("of the reference customer"), r.out());
        assertTrue(r.out().contains("purchase:channel=web"), r.out());
        StaticCovariateModel m2 = StaticCovariateModel.read(model2);
        assertEquals(List.of("channel=web"), m2.purchaseCovariates());
        r = CliRun.run("score", "-m", model2.toString(), "-i", in[0].toString(), "-o", dir.resolve("s2.csv").toString(), "-H", "10",
                "--covariates", in[1].toString());
        assertEquals(0, r.code(), r.err() + r.out());
        // and a covariate model is not scored without its covariates
        r = CliRun.run("score", "-m", model2.toString(), "-i", in[0].toString(), "-o", dir.resolve("s3.csv").toString(), "-H", "10");
        assertNotEquals(0, r.code());

        // bg-nbd has no correlation: said so
        r = CliRun.run("fit", "-m", "bg-nbd", "-i", in[0].toString(), "-o", dir.resolve("x.json").toString(),
                "--correlation");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("implemented for pareto-nbd"), r.err());
    }
}
