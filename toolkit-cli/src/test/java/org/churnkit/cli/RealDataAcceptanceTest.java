package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.churnkit.testing.SharedFolder;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.ModelFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance on real logs: {@code demo --input} and the whole command-line tour of the README
 * (summarize, split, fit of every model, score with the spend model, segment, report, target,
 * profit, backtest) run to the end on the full CDNOW master file (69,659 purchases of 23,570
 * customers, 80 of them of $0.00, 255 rows repeating an earlier one) and on the apparel retailer's
 * log (3,187 purchases of 600 customers, 2005-2010, 4 of them of 0), and report what they excluded
 * with the right counts. Skipped, with the reason, without {@code ../shared}.
 */
@Tag("large")
class RealDataAcceptanceTest {
    @TempDir
    Path dir;

    /** A real log and how to read it. */
    private record Log(Path file, List<String> columns, String calibrationEnd, String origins) {}

    private static Log cdnow() {
        return new Log(SharedFolder.require("datasets/cdnow/CDNOW_master.txt"),
                List.of("--amount-column", "dollar_value"), "1997-09-30", "1997-06-30,1997-09-30");
    }

    private static Log apparel() {
        return new Log(SharedFolder.require("datasets/apparel/transactions.csv"),
                List.of("--customer-column", "Id", "--date-column", "Date", "--amount-column", "Price"), "2007-12-31",
                "2008-12-31,2009-12-31");
    }

    private static CliRun ok(List<String> args) {
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), String.join(" ", args) + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        return r;
    }

    private static List<String> args(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(e -> out.add(e.toString()));
            } else {
                out.add(p.toString());
            }
        }
        return out;
    }

    @Test
    void cdnowMasterDemoReportsTheZeroValuePurchases() {
        Log log = cdnow();
        Path out = dir.resolve("demo");
        CliRun r = ok(args("demo", "--input", log.file(), log.columns(), "--output-dir", out));
        assertTrue(r.out().contains("23,570 customers, 69,659 transactions"), r.out());
        assertTrue(r.out().contains("80 transactions with amount 0: counted as transactions"), r.out());
        assertTrue(r.out().contains("255 transactions identical to an earlier row"), r.out());
        // customer 10244 bought once more, for $0.00 (file line 31717): kept, scored at the population mean spend
        assertTrue(r.out().contains("1 customers with repeat transactions but no positive repeat amount")
                && r.out().contains("customer '10244'"), r.out());
        assertTrue(r.out().contains("12,054 customers without repeat transactions"), r.out());
        assertEquals(23_570, TableIO.read(out.resolve("scores.csv")).rowCount());

        // --zero-amounts drop: the zero rows are no transactions at all, and still counted
        CliRun drop = ok(args("demo", "--input", log.file(), log.columns(), "--output-dir", dir.resolve("drop"),
                "--zero-amounts", "drop"));
        assertTrue(drop.out().contains("80 transactions with amount 0: dropped"), drop.out());
    }

    @Test
    void apparelDemoObservesEveryTransaction() {
        Log log = apparel();
        Path out = dir.resolve("demo");
        CliRun r = ok(args("demo", "--input", log.file(), log.columns(), "--output-dir", out));
        assertTrue(r.out().contains("600 customers, 3,187 transactions"), r.out());
        assertTrue(r.out().contains("4 transactions with amount 0"), r.out());
        assertFalse(r.err().contains("after the observation end"), r.err());
        // the last transactions (2010-12-20) are inside the observation: T runs to that day
        ColumnTable s = TableIO.read(out.resolve("summary.csv"), null, Map.of("customer_id", ColumnType.STRING,
                "T", ColumnType.DOUBLE), false);
        double maxT = java.util.Arrays.stream(s.doubles("T")).max().orElseThrow();
        assertEquals((java.time.LocalDate.of(2010, 12, 20).toEpochDay() - java.time.LocalDate.of(2005, 1, 2).toEpochDay()) / 7.0,
                maxT, 1e-9);
    }

    @Test
    void cdnowMasterTour() throws IOException {
        CliRun summarize = tour(cdnow(), 52);
        assertTrue(summarize.err().contains("23,570 customers summarised"), summarize.err());
        assertTrue(summarize.err().contains("80 transactions with amount 0"), summarize.err());
        assertTrue(summarize.err().contains("255 transactions identical to an earlier row"), summarize.err());
        assertTrue(summarize.err().contains("1 customers with repeat transactions but no positive repeat amount"),
                summarize.err());
    }

    @Test
    void apparelTour() throws IOException {
        CliRun summarize = tour(apparel(), 52);
        assertTrue(summarize.err().contains("600 customers summarised"), summarize.err());
        assertTrue(summarize.err().contains("4 transactions with amount 0"), summarize.err());
    }

    /** The README's tour on one log; returns the summarize run. */
    private CliRun tour(Log log, int horizon) throws IOException {
        Path summary = dir.resolve("summary.csv");
        CliRun summarize = ok(args("summarize", "-i", log.file(), log.columns(), "-o", summary, "--time-unit", "week"));
        Path split = dir.resolve("split.csv");
        CliRun splitRun = ok(args("split", "-i", log.file(), log.columns(), "--calibration-end", log.calibrationEnd(),
                "-o", split, "--time-unit", "week"));
        assertTrue(splitRun.err().contains("transactions with amount 0"), splitRun.err());

        for (String model : List.of("pareto-nbd", "bg-nbd", "mbg-nbd")) {
            Path m = dir.resolve(model + ".json");
            ok(args("fit", "--model", model, "-i", split, "-o", m, "--time-unit", "week"));
            assertTrue(ModelFiles.read(m).fit().orElseThrow().converged(), model);
        }
        Path gg = dir.resolve("gg.json");
        CliRun ggRun = ok(args("fit", "--model", "gamma-gamma", "-i", split, "-o", gg));
        assertTrue(ggRun.err().contains("customers without repeat transactions (frequency 0): left out of the spend fit"),
                ggRun.err());
        // BG/BB on the same log in discrete form: one opportunity a week
        Path weekly = dir.resolve("weekly.csv");
        ok(args("summarize", "-i", log.file(), log.columns(), "-o", weekly, "--merge", "week", "--time-unit", "week"));
        ok(args("fit", "--model", "bg-bb", "-i", weekly, "--T-column", "T", "-o", dir.resolve("bgbb.json")));

        Path scores = dir.resolve("scores.csv");
        ok(args("score", "--model", dir.resolve("pareto-nbd.json"), "--spend-model", gg, "--input", split, "--output", scores,
                "--horizon", horizon, "--discount-rate", "0.15", "--margin", "0.3", "--keep-columns", "frequency_holdout"));
        ColumnTable sc = TableIO.read(scores, null, Map.of("p_alive", ColumnType.DOUBLE, "clv", ColumnType.DOUBLE,
                "frequency_holdout", ColumnType.DOUBLE), false);
        for (double v : sc.doubles("clv")) {
            assertTrue(Double.isFinite(v) && v >= 0, "clv " + v);
        }
        Path segments = dir.resolve("segments.csv");
        ok(args("segment", "--scores", scores, "--output", segments, "--k", "auto", "--seed", "1", "--model-out",
                dir.resolve("segments.json")));
        Path report = dir.resolve("report.html");
        ok(args("report", "--scores", scores, "--segments", segments, "--output", report));
        assertTrue(Files.size(report) > 0);
        ok(args("target", "--scores", scores, "--output", dir.resolve("campaign.csv"), "--incentive", "10", "--contact-cost",
                "1", "--acceptance", "0.3"));

        // profit: churned = no holdout purchase, scored by 1 - P(alive), valued by CLV
        double[] pAlive = sc.doubles("p_alive");
        double[] hold = sc.doubles("frequency_holdout");
        StringBuilder pred = new StringBuilder("churned,score,clv\n");
        for (int i = 0; i < pAlive.length; i++) {
            pred.append(hold[i] == 0 ? 1 : 0).append(',').append(1 - pAlive[i]).append(',').append(sc.doubles("clv")[i]).append('\n');
        }
        Path predictions = dir.resolve("predictions.csv");
        Files.writeString(predictions, pred);
        ok(args("profit", "--input", predictions, "--label-column", "churned", "--score-column", "score", "--value-column", "clv"));

        Path bt = dir.resolve("backtest");
        CliRun backtest = ok(args("backtest", "-i", log.file(), log.columns(), "--origins", log.origins(), "--horizon", "13",
                "--time-unit", "week", "--models", "pareto-nbd,bg-nbd", "--output", bt));
        assertTrue(backtest.err().contains("transactions with amount 0"), backtest.err());
        assertTrue(Files.isRegularFile(bt.resolve("comparison.csv")));
        return summarize;
    }
}
