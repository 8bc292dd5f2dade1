package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.churnkit.testing.SharedFolder;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.FitStatus;
import org.churnkit.model.FitSummary;
import org.churnkit.model.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code churnkit fit} on data that cannot identify the model: the diagnosis is printed naming the
 * parameters, nothing is written and the exit code is {@value FitCommand#EXIT_ILL_POSED}, unless
 * {@code --accept-boundary}, which writes the model with its status; the table never shows NaN or
 * Infinity; the boundary model scores; a well-posed fit prints "status converged" and exits 0.
 */
class IllPosedFitCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static String repeat(String row, int n) {
        StringBuilder b = new StringBuilder("customer_id,frequency,recency,T\n");
        for (int i = 0; i < n; i++) {
            b.append("c").append(i).append(',').append(row).append('\n');
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "pareto-nbd, one", "bg-nbd, one", "mbg-nbd, one",
        "pareto-nbd, identical", "bg-nbd, identical", "mbg-nbd, identical",
        "pareto-nbd, zeros", "bg-nbd, zeros", "mbg-nbd, zeros"})
    void illPosedFitsExitThreeNamingTheParameters(String model, String set) throws IOException {
        String csv = switch (set) {
            case "one" -> repeat("5,30,40", 1);
            case "identical" -> repeat("3,25,40", 500);
            default -> {
                StringBuilder b = new StringBuilder("customer_id,frequency,recency,T\n");
                for (int i = 0; i < 200; i++) {
                    b.append("c").append(i).append(",0,0,").append(5 + (i * 47) % 48).append('\n');
                }
                yield b.toString();
            }
        };
        Path in = write(set + ".csv", csv);
        Path out = dir.resolve(set + "-" + model + ".json");
        CliRun r = CliRun.run("fit", "-m", model, "-i", in.toString(), "-o", out.toString(), "--time-unit", "week");
        assertEquals(FitCommand.EXIT_ILL_POSED, r.code(), r.out() + r.err());
        assertFalse(Files.exists(out), "nothing written");
        assertTrue(r.err().contains("ill-posed") && r.err().contains("--accept-boundary"), r.err());
        String names = model.equals("pareto-nbd") ? "r|alpha|s|beta" : "r|alpha|a|b";
        assertTrue(java.util.regex.Pattern.compile("\\b(" + names + ")\\b").matcher(r.err()).find(), r.err());
        for (String text : new String[] {r.out(), r.err()}) {
            assertFalse(text.contains("NaN") || text.contains("Infinity"), text);
        }
        assertFalse(r.out().contains("converged       yes") && r.out().contains("status          converged"), r.out());

        r = CliRun.run("fit", "-m", model, "-i", in.toString(), "-o", out.toString(), "--time-unit", "week",
                "--accept-boundary");
        assertEquals(0, r.code(), r.err());
        FitSummary f = ModelFiles.read(out).fit().orElseThrow();
        assertTrue(f.status() == FitStatus.BOUNDARY || f.status() == FitStatus.NOT_IDENTIFIED, f.toString());
        assertFalse(f.findings().isEmpty());
        String json = Files.readString(out);
        assertTrue(json.contains("\"status\" : \"" + f.status().label() + "\""), json);
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
    }

    @Test
    void apparelParetoNbdIsABoundaryFitThatScoresAsTheLimitingModel() throws IOException {
        Path log = SharedFolder.require("datasets/apparel/transactions.csv");
        Path summary = dir.resolve("apparel.csv");
        CliRun r = CliRun.run("summarize", "-i", log.toString(), "--customer-column", "Id", "--date-column", "Date",
                "--amount-column", "Price", "--observation-end", "2005-10-09", "--drop-after-end", "-o",
                summary.toString());
        assertEquals(0, r.code(), r.err());
        Path model = dir.resolve("pnbd.json");
        r = CliRun.run("fit", "-m", "pareto-nbd", "-i", summary.toString(), "-o", model.toString(), "--time-unit", "week");
        assertEquals(FitCommand.EXIT_ILL_POSED, r.code(), r.err());
        assertTrue(r.err().contains("s and beta ran to infinity together") && r.err().contains("s/beta = 0.008"),
                r.err());
        assertTrue(r.out().contains("status          boundary"), r.out());
        assertFalse(Files.exists(model));

        r = CliRun.run("fit", "-m", "pareto-nbd", "-i", summary.toString(), "-o", model.toString(), "--time-unit", "week",
                "--accept-boundary");
        assertEquals(0, r.code(), r.err());
        assertEquals(FitStatus.BOUNDARY, ModelFiles.read(model).fit().orElseThrow().status());
        Path scores = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", model.toString(), "-i", summary.toString(), "-o", scores.toString(), "-H", "39");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("boundary fit accepted with --accept-boundary")
                && r.err().contains("common dropout rate mu = s/beta"), r.err());
        ColumnTable t = TableIO.read(scores, null, Map.of("p_alive", ColumnType.DOUBLE,
                "expected_transactions", ColumnType.DOUBLE), true);
        assertEquals(600, t.doubles("p_alive").length);
        for (double v : t.doubles("p_alive")) {
            assertTrue(v > 0 && v <= 1, "P(alive) " + v);
        }
        for (double v : t.doubles("expected_transactions")) {
            assertTrue(Double.isFinite(v) && v >= 0, "E[X] " + v);
        }
    }

    @Test
    void wellPosedFitPrintsStatusConverged() throws IOException {
        Path in = SharedFolder.require("datasets/cdnow/cdnow_summary_calibration.csv");
        Path out = dir.resolve("bg.json");
        CliRun r = CliRun.run("fit", "-m", "bg-nbd", "-i", in.toString(), "--id-column", "ID", "-o", out.toString(),
                "--time-unit", "week");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("status          converged"), r.out());
        assertEquals(FitStatus.CONVERGED, ModelFiles.read(out).fit().orElseThrow().status());
        assertTrue(Files.readString(out).contains("\"status\" : \"converged\""));
    }

    /**
     * Sixty weekly buyers who never stop: the demo names the ill-posed fit, its parameters and the
     * limiting model, and stops at the fit that has no optimum rather than scoring with it.
     */
    @Test
    void demoSaysWhichFitIsIllPosedAndStopsAtOneWithoutAnOptimum() throws IOException {
        Path in = TestLogs.periodicBuyers(dir.resolve("periodic.csv"));
        CliRun r = CliRun.run("demo", "--input", in.toString(), "--output-dir", dir.resolve("demo").toString());
        assertEquals(1, r.code(), r.err());
        // Pareto/NBD runs to its limiting model (Poisson purchasing, nobody drops out), named in
        // either case. Where the optimiser stops on the way to that limit decides what follows: limiting
        // values inside the verified domain are used with a warning, and the demo stops at BG/NBD (no
        // optimum at all); values beyond it (s below 1e-10) stop the demo at Pareto/NBD, saying why.
        assertTrue(r.err().contains("r and alpha ran to infinity together"), r.err());
        assertTrue(r.err().contains("the dropout rate ran to 0"), r.err());
        if (r.err().contains("warning: the pareto-nbd fit is boundary")) {
            assertTrue(r.err().contains("the bg-nbd fit did not converge"), r.err());
        } else {
            assertTrue(r.err().contains("error: the pareto-nbd fit is boundary and its limiting values cannot be scored: "
                    + "parameter 's'"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("demo").resolve("scores.csv")), "nothing is scored with such a fit");
    }
}
