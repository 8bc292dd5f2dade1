package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.SharedFolder;
import org.churnkit.evaluation.BacktestFiles;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.SimulatedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code churnkit backtest} end to end: CDNOW at two origins, a simulated Parquet log, refused configurations. */
class BacktestCommandTest {
    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    private static Row headline(ColumnTable t, String model) {
        long last = 0;
        for (long i : t.longs("origin_index")) {
            last = Math.max(last, i);
        }
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.longs("origin_index")[i] == last && t.strings("model")[i].equals(model)) {
                return new Row(t.strings("status")[i], t.doubles("actual_total")[i], t.doubles("predicted_total")[i],
                        t.strings("beats_baselines")[i]);
            }
        }
        throw new AssertionError("no headline row for " + model);
    }

    record Row(String status, double actual, double predicted, String beats) {}

    private static ColumnTable comparison(Path out) {
        return TableIO.read(out.resolve(BacktestFiles.COMPARISON), null, java.util.Map.of(
                "origin_index", org.churnkit.io.ColumnType.LONG, "actual_total", org.churnkit.io.ColumnType.DOUBLE,
                "predicted_total", org.churnkit.io.ColumnType.DOUBLE), true);
    }

    @Test
    void cdnowAtTwoOrigins() throws Exception {
        Path elog = SharedFolder.require("datasets/cdnow/cdnow_sample_elog.csv");
        Path out = dir.resolve("bt");
        CliRun r = run("backtest", "-i", elog.toString(), "--customer-column", "sampleid", "--amount-column", "sales",
                "--date-format", "yyyyMMdd", "--origins", "1997-06-30,1997-09-30", "--horizon", "39", "--time-unit", "week",
                "--models", "pareto-nbd,bg-nbd", "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of(BacktestFiles.COMPARISON, BacktestFiles.SUMMARY, BacktestFiles.TRACKING, BacktestFiles.DRIFT,
                BacktestFiles.PAGE)) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        ColumnTable c = comparison(out);
        // 2 origins x (2 models + 2 baselines).
        assertEquals(8, c.rowCount());
        // The headline origin is issue 6's: 1,882 actual, Pareto/NBD 1,666 +- 2, BG/NBD 1,653 +- 2.
        Row p = headline(c, "pareto-nbd");
        assertEquals("ok", p.status());
        assertEquals(1882, p.actual(), 0);
        assertEquals(1666, p.predicted(), 2);
        assertEquals(1653, headline(c, "bg-nbd").predicted(), 2);
        assertTrue(r.out().contains("headline: origin 1997-09-30"), r.out());
        assertTrue(r.out().contains("pareto-nbd       ok             1882"), r.out());
        ColumnTable tracking = TableIO.read(out.resolve(BacktestFiles.TRACKING));
        assertTrue(tracking.rowCount() > 0);
        String html = Files.readString(out.resolve(BacktestFiles.PAGE));
        assertTrue(html.contains("<svg"), "charts in the page");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary directory left beside the output");
        }
    }

    @Test
    void simulatedParquetLog() throws Exception {
        // 3,000 customers simulated from Pareto/NBD at the CDNOW estimates, births over the first 26
        // weeks of 2024, observed to week 78; purchases at continuous times rendered to the second.
        ParetoNbd truth = ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        int n = 3000;
        double[] birth = new double[n];
        double[] ages = new double[n];
        for (int i = 0; i < n; i++) {
            birth[i] = 26 * rng.nextDouble();
            ages[i] = 78 - birth[i];
        }
        SimulatedLog sim = ParetoNbdSimulator.of(truth).simulate(ages, rng, 7L);
        long epoch = LocalDate.of(2024, 1, 1).toEpochDay() * 86_400L;
        String[] ids = new String[sim.transactions()];
        long[] seconds = new long[sim.transactions()];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = "c" + sim.customer()[j];
            seconds[j] = epoch + (long) Math.floor((birth[sim.customer()[j]] + sim.time()[j]) * 7 * 86_400);
        }
        Path log = dir.resolve("log.parquet");
        TableIO.write(ColumnTable.builder().addString("customer_id", ids).addTimestamp("date", seconds).build(), log);
        Path out = dir.resolve("sim");
        // Origins at weeks 39 and 52 (2024-09-30 and 2024-12-30), 13-week horizon, last at week 65 < 78.
        CliRun r = run("backtest", "-i", log.toString(), "--amount-column", "none", "--origins", "2024-09-30,2024-12-30",
                "--horizon", "13", "--time-unit", "week", "--models", "pareto-nbd", "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        Row p = headline(comparison(out), "pareto-nbd");
        assertEquals("ok", p.status());
        // The true model fitted on 3,000 customers: the 13-week aggregate is within 10 % (sampling
        // noise of the total is about 3 %; day merging and parameter error add a few per cent).
        assertEquals(p.actual(), p.predicted(), 0.10 * p.actual());
        assertEquals("true", p.beats(), "the data-generating model beats the naive baselines");

        // A second run replaces the directory as a whole.
        CliRun again = run("backtest", "-i", log.toString(), "--amount-column", "none", "--origins", "2024-12-30",
                "--horizon", "13", "--models", "bg-nbd", "--output", out.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(3, comparison(out).rowCount(), "1 origin x (bg-nbd + 2 baselines)");
    }

    @Test
    void leakyConfigurationsAreRefused() throws Exception {
        Path elog = SharedFolder.require("datasets/cdnow/cdnow_sample_elog.csv");
        String[] base = {"backtest", "-i", elog.toString(), "--customer-column", "sampleid", "--amount-column", "sales",
                "--date-format", "yyyyMMdd", "--time-unit", "week"};
        Path out = dir.resolve("refused");

        CliRun gap = run(concat(base, "--origins", "1997-09-30", "--horizon", "13", "--gap", "-1", "--output", out.toString()));
        assertEquals(2, gap.code(), "a usage error: options are checked before the log is read");
        assertTrue(gap.err().contains("a negative gap starts the test window before the origin"), gap.err());

        CliRun past = run(concat(base, "--origins", "1998-04-30", "--horizon", "39", "--output", out.toString()));
        assertEquals(1, past.code());
        assertTrue(past.err().contains("ends after the data end") && past.err().contains("not fully observed"), past.err());

        CliRun order = run(concat(base, "--origins", "1997-09-30,1997-06-30", "--horizon", "13", "--output", out.toString()));
        assertEquals(1, order.code());
        assertTrue(order.err().contains("origins must be strictly increasing"), order.err());

        CliRun spend = run(concat(base, "--origins", "1997-09-30", "--horizon", "13", "--models", "gamma-gamma",
                "--output", out.toString()));
        assertEquals(2, spend.code(), "a usage error: options are checked before the log is read");
        assertTrue(spend.err().contains("models spend, not transactions"), spend.err());
        assertFalse(Files.exists(out), "nothing written when refused");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
