package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.model.FitResult;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.PredictionIntervals;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.Tracking;
import org.churnkit.model.TransactionModel;
import org.churnkit.report.CustomerReport;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.testing.SimulatedBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code churnkit report --intervals}: the library's band on the tracking plot, and a clear refusal. */
class ReportIntervalsCommandTest {
    private static final Pattern BAND = Pattern.compile("<polygon class=\"band\"[^>]* points=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void theBandIsTheLibrarysAndNeedsAModelAndTrackingData() throws IOException {
        Histories h = SimulatedBase.of(2_000, 20261205L);
        FitResult<ParetoNbd> f = ModelFitter.of(ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS))
                .fitOrThrow(ParetoNbd.likelihood(), h);
        Path modelFile = dir.resolve("pnbd.json");
        ModelFiles.write(f.model(), modelFile);
        Path scores = dir.resolve("scores.csv");
        String[] ids = new String[h.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = h.id(i);
        }
        TableIO.write(ColumnTable.builder().addString("customer_id", ids).addDouble("frequency", h.frequencies())
                .addDouble("recency", h.recencies()).addDouble("T", h.ages()).build(), scores);

        // Calibration ends at week 78 (ages run to 78), the holdout runs 22 weeks more.
        double end = 78;
        int periods = 100;
        double[] birth = new double[h.size()];
        for (int i = 0; i < birth.length; i++) {
            birth[i] = end - h.ages()[i];
        }
        TransactionModel model = ModelFiles.read(modelFile, TransactionModel.class);
        PredictionIntervals.CurveBand want = PredictionIntervals.of(model, PredictionIntervals.asymptoticDraws(model, 50, 7),
                ScoringSettings.of(1)).tracking(birth, 0, periods, 0.9);
        StringBuilder csv = new StringBuilder("period,actual,predicted\n");
        double[] cum = want.estimate();
        double[] per = new double[periods];
        double[] actual = new double[periods];
        for (int j = 0; j < periods; j++) {
            per[j] = j == 0 ? cum[0] : cum[j] - cum[j - 1];
            actual[j] = 1.03 * per[j];
            csv.append(j + 1).append(',').append(String.format(Locale.ROOT, "%.17g,%.17g", actual[j], per[j])).append('\n');
        }
        Path tracking = dir.resolve("tracking.csv");
        Files.writeString(tracking, csv);

        Path html = dir.resolve("report.html");
        CliRun r = CliRun.run("report", "--scores", scores.toString(), "--holdout", tracking.toString(),
                "--calibration-end", "78", "--model", modelFile.toString(), "--intervals", "0.9", "--draws", "50",
                "--seed", "7", "--output", html.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("band of the tracking curve from 50 asymptotic parameter draws (seed 7)"), r.err());
        assertFalse(r.err().contains("differs from"), r.err());
        String page = Files.readString(html);
        assertTrue(page.contains(">90 % interval (parameter uncertainty)</text>"), "legend");
        Matcher got = BAND.matcher(page);
        assertTrue(got.find(), "band polygon");

        // The same band drawn by the library gives the same polygon, to the pixel decimal.
        String lib = CustomerReport.builder(ScoreColumns.read(scores)).timeUnit("week")
                .tracking(Tracking.of(time(periods), readBack(tracking, 1),
                        readBack(tracking, 2), end))
                .trackingBand(want, 0.9).build().render();
        Matcher exp = BAND.matcher(lib);
        assertTrue(exp.find());
        assertEquals(exp.group(1), got.group(1));
        assertEquals(2 * periods, got.group(1).trim().split(" ").length);

        // Another seed, another band: the seed reaches the draws.
        Path other = dir.resolve("other.html");
        assertEquals(0, CliRun.run("report", "--scores", scores.toString(), "--holdout", tracking.toString(),
                "--calibration-end", "78", "--model", modelFile.toString(), "--intervals", "0.9", "--draws", "50",
                "--seed", "8", "--output", other.toString()).code());
        Matcher o = BAND.matcher(Files.readString(other));
        assertTrue(o.find());
        assertNotEquals(got.group(1), o.group(1));

        // With --segments and --horizon: each segment's total and the interval of that total, from the same draws.
        StringBuilder segCsv = new StringBuilder("customer_id,segment\n");
        int[] group = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            group[i] = h.frequency(i) > 0 ? 0 : 1;
            segCsv.append(ids[i]).append(group[i] == 0 ? ",Repeat\n" : ",Once\n");
        }
        Path seg = dir.resolve("segments.csv");
        Files.writeString(seg, segCsv);
        Path withTotals = dir.resolve("totals.html");
        CliRun t = CliRun.run("report", "--scores", scores.toString(), "--segments", seg.toString(), "--horizon", "52",
                "--model", modelFile.toString(), "--intervals", "0.9", "--draws", "50", "--seed", "7", "--output",
                withTotals.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("intervals of the segment totals of expected_transactions over 52 time units from 50 "
                + "asymptotic parameter draws (seed 7)"), t.err());
        String totalsPage = Files.readString(withTotals);
        assertTrue(totalsPage.contains("Expected purchases of the segment: total (90 % interval)"), "heading");
        PredictionIntervals.GroupTotals libTotals = PredictionIntervals.of(model, PredictionIntervals.asymptoticDraws(model, 50, 7),
                ScoringSettings.of(52)).intervalsOfTotals(group, 2, h, 0.9);
        org.churnkit.i18n.Messages en = org.churnkit.i18n.Messages.english();
        for (org.churnkit.model.ScoreIntervals.Band b : libTotals.expectedTransactions()) {
            String cell = "<td class=\"num total\">" + en.decimal(b.estimate(), 1) + " (" + en.decimal(b.lower(), 1)
                    + "\u2013" + en.decimal(b.upper(), 1) + ")</td>";
            assertTrue(totalsPage.contains(cell), cell);
        }

        CliRun noModel = CliRun.run("report", "--scores", scores.toString(), "--holdout", tracking.toString(),
                "--calibration-end", "78", "--intervals", "0.9", "--output", dir.resolve("x.html").toString());
        assertNotEquals(0, noModel.code());
        assertTrue(noModel.err().contains("--intervals draws the band of the tracking plot"), noModel.err());
        assertFalse(Files.exists(dir.resolve("x.html")));
    }

    @Test
    void segmentTableSummarisesTheScoresIntervalColumns() throws IOException {
        Path scores = dir.resolve("scores.csv");
        Files.writeString(scores, """
                customer_id,p_alive,clv,clv_lower,clv_upper
                a,0.9,100,80,130
                b,0.8,200,160,250
                c,0.3,10,6,16
                d,0.2,20,14,26
                """);
        Path seg = dir.resolve("segments.csv");
        Files.writeString(seg, "customer_id,segment\na,Top\nb,Top\nc,Rest\nd,Rest\n");
        Path html = dir.resolve("report.html");
        CliRun r = CliRun.run("report", "--scores", scores.toString(), "--segments", seg.toString(), "--scores-level", "0.9",
                "--output", html.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("CLV: mean of the customers&#39; 90 % interval ends"), "heading");
        assertTrue(page.contains("<td class=\"num range\">120.00\u2013190.00</td>"), "Top: mean of the ends");
        assertTrue(page.contains("<td class=\"num range\">10.00\u201321.00</td>"), "Rest: mean of the ends");

        CliRun bad = CliRun.run("report", "--scores", scores.toString(), "--segments", seg.toString(), "--scores-level", "90",
                "--output", dir.resolve("bad.html").toString());
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--scores-level"), bad.err());
    }

    private static double[] time(int periods) {
        double[] t = new double[periods];
        for (int j = 0; j < periods; j++) {
            t[j] = j + 1;
        }
        return t;
    }

    /** Column {@code col} of the tracking CSV, as the report parsed it (the same decimal text). */
    private static double[] readBack(Path csv, int col) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[col])).toArray();
    }
}
