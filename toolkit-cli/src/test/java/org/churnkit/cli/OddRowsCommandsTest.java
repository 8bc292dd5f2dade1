package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.SimulatedLogs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One log with every odd row a real log has, through every command: zero-value purchases, a
 * refund, a row recorded twice, customers whose first purchase is on the calibration end and on the
 * last day (T = 0), and a customer whose only repeat is of zero value. Every command finishes and
 * reports the same counts; none stops on one odd row.
 */
class OddRowsCommandsTest {
    @TempDir
    Path dir;

    private Path log;

    /** 400 simulated customers over 52 weeks from 2024-01-01 (last day 2024-12-29), plus the odd rows. */
    @BeforeEach
    void writeLog() throws IOException {
        LocalDate start = LocalDate.of(2024, 1, 1);
        var sim = SimulatedLogs.simulate(ParetoNbd.of(0.55, 10.58, 0.61, 11.67), GammaGamma.of(6.25, 3.74, 15.44),
                SimulatedLogs.Plan.of(400, 52, 12), 3L);
        log = dir.resolve("log.csv");
        TableIO.write(SimulatedLogs.toTable(sim, start, TimeUnit.WEEKS, true), log);
        String last = SimulatedLogs.observationEnd(start, TimeUnit.WEEKS, 52).toString();
        Files.writeString(log, String.join("\n",
                "zero,2024-02-01,15.00",
                "zero,2024-03-01,0.00", // its only repeat: of zero value
                "refund,2024-02-01,30.00",
                "refund,2024-02-03,-30.00",
                "refund,2024-05-01,12.00",
                "twice,2024-02-01,9.99",
                "twice,2024-02-01,9.99",
                "twice,2024-04-01,5.00",
                "calend,2024-06-30,20.00", // first purchase on the calibration end
                "calend,2024-09-01,0",
                "lastday," + last + ",25.00") + "\n", java.nio.file.StandardOpenOption.APPEND);
    }

    private static CliRun ok(String... args) {
        CliRun r = CliRun.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        return r;
    }

    @Test
    void everyCommandFinishesAndReportsTheOddRows() throws IOException {
        Path summary = dir.resolve("summary.csv");
        CliRun s = ok("summarize", "-i", log.toString(), "-o", summary.toString(), "--allow-negative-amounts");
        assertTrue(s.err().contains("2 transactions with amount 0: counted as transactions"), s.err());
        assertTrue(s.err().contains("1 transactions with a negative amount (refunds): dropped"), s.err());
        assertTrue(s.err().contains("1 transactions identical to an earlier row"), s.err());
        assertTrue(s.err().contains("1 customers acquired on the observation end day (T = 0)") && s.err().contains("'lastday'"),
                s.err());
        assertTrue(s.err().contains("with repeat transactions but no positive repeat amount") && s.err().contains("'zero'"),
                s.err());

        Path split = dir.resolve("split.csv");
        CliRun sp = ok("split", "-i", log.toString(), "-o", split.toString(), "--allow-negative-amounts",
                "--calibration-end", "2024-06-30");
        assertTrue(sp.err().contains("1 customers acquired on the calibration end day (T = 0)") && sp.err().contains("'calend'"),
                sp.err());

        for (String model : List.of("pareto-nbd", "bg-nbd", "mbg-nbd")) {
            // a small log may not identify dropout heterogeneity: this test is about the odd rows
            CliRun f = ok("fit", "--model", model, "-i", split.toString(), "-o", dir.resolve(model + ".json").toString(),
                    "--time-unit", "week", "--accept-boundary");
            assertTrue(f.err().contains("1 customers acquired at the end of observation (T = 0): left out of the " + model + " fit"),
                    f.err());
        }
        Path gg = dir.resolve("gg.json");
        ok("fit", "--model", "gamma-gamma", "-i", summary.toString(), "-o", gg.toString());
        // fit --log summarises with the same rules and says so
        CliRun fl = ok("fit", "--model", "bg-nbd", "--log", log.toString(), "--allow-negative-amounts", "-o",
                dir.resolve("log-bg.json").toString(), "--accept-boundary");
        assertTrue(fl.err().contains("2 transactions with amount 0"), fl.err());

        Path scores = dir.resolve("scores.csv");
        CliRun sc = ok("score", "-m", dir.resolve("pareto-nbd.json").toString(), "--spend-model", gg.toString(), "-i",
                split.toString(), "-o", scores.toString(), "--horizon", "26");
        assertTrue(sc.err().contains("1 customers acquired at the end of observation (T = 0): scored as new customers"), sc.err());
        ColumnTable t = TableIO.read(scores, null, Map.of("customer_id", ColumnType.STRING, "p_alive", ColumnType.DOUBLE,
                "clv", ColumnType.DOUBLE), false);
        int calend = List.of(t.strings("customer_id")).indexOf("calend");
        assertEquals(1.0, t.doubles("p_alive")[calend]);
        assertTrue(t.doubles("clv")[calend] > 0);

        CliRun bt = ok("backtest", "-i", log.toString(), "--allow-negative-amounts", "--origins", "2024-06-30,2024-09-30",
                "--horizon", "8", "--time-unit", "week", "--models", "pareto-nbd,bg-nbd", "--output",
                dir.resolve("bt").toString());
        assertTrue(bt.err().contains("1 transactions with a negative amount (refunds): dropped"), bt.err());

        CliRun demo = ok("demo", "--input", log.toString(), "--allow-negative-amounts", "--output-dir",
                dir.resolve("demo").toString());
        assertTrue(demo.out().contains("2 transactions with amount 0"), demo.out());
        assertTrue(demo.out().contains("1 transactions with a negative amount (refunds): dropped"), demo.out());
        assertTrue(demo.out().contains("(T = 0)"), demo.out());
    }

    @Test
    void aRuleNameThatDoesNotExistIsAClearError() {
        CliRun r = CliRun.run("summarize", "-i", log.toString(), "-o", dir.resolve("s.csv").toString(), "--zero-amounts", "ignore");
        assertEquals(2, r.code(), r.err()); // a usage error, before the log is read
        assertTrue(r.err().contains("unknown zero-amount policy 'ignore': expected count or drop"), r.err());
        assertTrue(Files.notExists(dir.resolve("s.csv")));
    }
}
