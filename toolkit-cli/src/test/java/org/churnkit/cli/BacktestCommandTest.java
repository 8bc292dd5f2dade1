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
import org.churnkit.testing.SharedFolder;
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
        assertTrue(r.out().contains("pareto-nbd       ok            1,882"), r.out());
        // Dates in, dates out: the origins typed are the origins written, never model-time floats.
        assertEquals(List.of("1997-06-30", "1997-06-30", "1997-06-30", "1997-06-30", "1997-09-30", "1997-09-30",
                "1997-09-30", "1997-09-30"), List.of(c.strings("origin_date")));
        assertEquals("1998-06-30", c.strings("test_end_date")[7]);
        ColumnTable tracking = TableIO.read(out.resolve(BacktestFiles.TRACKING));
        assertTrue(tracking.rowCount() > 0);
        assertTrue(List.of(tracking.strings("origin_date")).containsAll(List.of("1997-06-30", "1997-09-30")));
        for (String d : tracking.strings("period_end_date")) {
            assertTrue(d.matches("199[78]-\\d{2}-\\d{2}"), d);
        }
        String html = Files.readString(out.resolve(BacktestFiles.PAGE));
        assertTrue(html.contains("<svg"), "charts in the page");
        assertTrue(html.contains("Origins 1997-06-30 and 1997-09-30; test windows of 39 weeks"), "plan in words");
        assertFalse(html.contains("OriginPlan["), "no raw record on the page");
        // (drift.csv keeps numeric origin columns beside the dates; its messages are for people.)
        String everything = r.out() + r.err() + html + String.join("\n",
                TableIO.read(out.resolve(BacktestFiles.DRIFT)).strings("message"));
        assertFalse(everything.contains("25.714285714285715") || everything.contains("38.857142857142854"),
                "no model-time origin is shown");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary directory left beside the output");
        }

        // The backtest's tracking.csv is what report --holdout reads: the report draws its tracking plot.
        Path scores = Files.writeString(dir.resolve("scores.csv"),
                "customer_id,p_alive,frequency,recency,T\n1,0.9,2,10,30\n2,0.2,0,0,30\n3,0.6,5,25,30\n");
        Path report = dir.resolve("report.html");
        CliRun rep = run("report", "--scores", scores.toString(), "--holdout", out.resolve(BacktestFiles.TRACKING).toString(),
                "--output", report.toString());
        assertEquals(0, rep.code(), rep.err());
        assertTrue(rep.err().contains("tracking: pareto-nbd at the most recent origin, 1997-09-30"), rep.err());
        String page = Files.readString(report);
        int section = page.indexOf("<section id=\"tracking\">");
        assertTrue(section >= 0, "the report has the tracking section");
        String plot = page.substring(section, page.indexOf("</section>", section));
        assertTrue(plot.contains("<svg") && !plot.contains("Not available"), plot);
        CliRun bg = run("report", "--scores", scores.toString(), "--holdout", out.resolve(BacktestFiles.TRACKING).toString(),
                "--holdout-model", "bg-nbd", "--output", report.toString());
        assertEquals(0, bg.code(), bg.err());
        CliRun none = run("report", "--scores", scores.toString(), "--holdout", out.resolve(BacktestFiles.TRACKING).toString(),
                "--holdout-model", "nope", "--output", dir.resolve("r2.html").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no model 'nope' at the most recent origin; it has pareto-nbd, bg-nbd"), none.err());
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
        assertTrue(order.err().contains("origins must be strictly increasing, but origin 2 (1997-06-30) does not come"
                + " after 1997-09-30"), order.err());

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

    /**
     * Sixty weekly buyers who never stop: at every origin Pareto/NBD runs to its Poisson limit. The
     * backtest still scores the limiting model, but says so at each origin (stdout and the
     * comparison's fit_status and fit_note), never as a plain success.
     */
    @Test
    void anIllPosedFitAtAnOriginIsSaidNotShownAsASuccess() throws Exception {
        Path in = TestLogs.periodicBuyers(dir.resolve("periodic.csv"));
        Path out = dir.resolve("bt");
        CliRun r = CliRun.run("backtest", "--input", in.toString(), "--origins", "2024-03-10,2024-03-24", "--horizon", "4",
                "--time-unit", "week", "--models", "pareto-nbd", "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("warning: pareto-nbd at origin 2024-03-10: the fit is boundary: r and alpha ran to "
                + "infinity together"), r.out());
        assertTrue(r.out().contains("warning: pareto-nbd at origin 2024-03-24: the fit is boundary"), r.out());
        ColumnTable t = TableIO.read(out.resolve("comparison.csv"));
        int boundary = 0;
        for (int i = 0; i < t.rowCount(); i++) {
            String model = t.strings("model")[i];
            String fit = t.strings("fit_status")[i];
            if (model.equals("pareto-nbd")) {
                assertEquals("boundary", fit);
                assertTrue(t.strings("fit_note")[i].contains("r and alpha"), t.strings("fit_note")[i]);
                boundary++;
            } else {
                assertEquals("-", fit, "baselines are not fitted");
            }
        }
        assertEquals(2, boundary);
    }
}
