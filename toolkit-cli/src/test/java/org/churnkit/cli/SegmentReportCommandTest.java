package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentationModel;
import org.churnkit.segment.testing.SyntheticScores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentReportCommandTest {
    @TempDir
    static Path dir;
    static Path scores;
    static ScoreColumns data;

    @BeforeAll
    static void writeScores() throws Exception {
        data = SyntheticScores.generate(5_000, RandomSource.XO_RO_SHI_RO_128_PP.create(31L));
        scores = dir.resolve("scores.csv");
        List<String> cols = List.of("frequency", "recency", "T", "monetary_value", "p_alive", "expected_transactions", "clv");
        StringBuilder b = new StringBuilder("customer_id," + String.join(",", cols) + "\n");
        for (int i = 0; i < data.size(); i++) {
            b.append(data.id(i));
            for (String c : cols) {
                b.append(',').append(data.get(c)[i]);
            }
            b.append('\n');
        }
        Files.writeString(scores, b);
    }

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void segmentThenReport() throws Exception {
        Path seg = dir.resolve("segments.csv");
        Path model = dir.resolve("seg.json");
        CliRun r = run("segment", "--scores", scores.toString(), "--output", seg.toString(), "--seed", "5",
                "--model-out", model.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(seg);
        assertEquals("customer_id,segment,recency,frequency,monetary_value,p_alive,expected_transactions,clv", lines.get(0));
        assertEquals(data.size() + 1, lines.size());
        assertTrue(lines.get(1).startsWith(data.id(0) + ","), lines.get(1));
        SegmentationModel m = SegmentationModel.read(model);
        HashSet<String> used = new HashSet<>();
        for (String l : lines.subList(1, lines.size())) {
            String name = l.contains("\"") ? l.split("\"")[1] : l.split(",")[1];
            used.add(name);
        }
        assertEquals(new HashSet<>(m.names()), used, "every segment of the model is used, and only those");
        assertTrue(r.err().contains("chose k = " + m.k()), r.err());

        // The saved model reproduces the segments.
        Path again = dir.resolve("again.csv");
        CliRun a = run("segment", "--scores", scores.toString(), "--model", model.toString(), "--output", again.toString());
        assertEquals(0, a.code(), a.err());
        assertEquals(lines, Files.readAllLines(again));

        Path tracking = dir.resolve("tracking.csv");
        StringBuilder t = new StringBuilder("period,actual,predicted\n");
        for (int i = 1; i <= 10; i++) {
            t.append(i).append(',').append(50 + i).append(',').append(String.format(Locale.ROOT, "%.1f", 51.5 + i)).append('\n');
        }
        Files.writeString(tracking, t);
        Path html = dir.resolve("out/report.html");
        CliRun rep = run("report", "--scores", scores.toString(), "--segments", seg.toString(), "--holdout", tracking.toString(),
                "--calibration-end", "5", "--title", "Spring <review>", "--output", html.toString());
        assertEquals(0, rep.code(), rep.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<h1>Spring &lt;review&gt;</h1>"));
        assertTrue(page.contains("<section id=\"tracking\">"));
        for (String name : m.names()) {
            assertTrue(page.contains(name.replace("&", "&amp;")), name);
        }
    }

    @Test
    void fixedKAndFeatures() throws Exception {
        Path seg = dir.resolve("k4.csv");
        CliRun r = run("segment", "--scores", scores.toString(), "--output", seg.toString(), "--k", "4",
                "--features", "frequency,p_alive");
        assertEquals(0, r.code(), r.err());
        assertEquals("customer_id,segment,frequency,p_alive", Files.readAllLines(seg).get(0));
        assertEquals(4 + 1, r.out().strip().split("\n").length, r.out());
    }

    @Test
    void badInputNamesFileLineAndColumn() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "customer_id,frequency,p_alive\na,1,0.5\nb,two,0.4\n");
        CliRun r = run("segment", "--scores", bad.toString(), "--output", dir.resolve("x.csv").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.csv:3: column 'frequency': expected a number, found 'two'"), r.err());

        Files.writeString(bad, "id,frequency\na,1\n");
        r = run("report", "--scores", bad.toString(), "--output", dir.resolve("x.html").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.csv:1: column 'customer_id': missing"), r.err());

        Files.writeString(bad, "customer_id,frequency\na,1\na,2\n");
        r = run("report", "--scores", bad.toString(), "--output", dir.resolve("x.html").toString());
        assertTrue(r.err().contains("bad.csv:3: column 'customer_id'") && r.err().contains("already appeared on line 2"), r.err());

        r = run("segment", "--scores", scores.toString(), "--output", dir.resolve("x.csv").toString(), "--k", "many");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--k: expected auto or a whole number"), r.err());

        r = run("segment", "--scores", scores.toString(), "--output", dir.resolve("x.csv").toString(), "--features", "age");
        assertTrue(r.err().contains("unknown feature 'age'"), r.err());
        assertTrue(!Files.exists(dir.resolve("x.csv")) && !Files.exists(dir.resolve("x.html")), "no partial output");
    }

    @Test
    void segmentAndReportReadAndWriteParquet() throws Exception {
        // The score file as Parquet: segments must equal those from the CSV with the same seed and k.
        Path parquet = dir.resolve("scores.parquet");
        TableIO.write(TableIO.read(scores, null, java.util.Map.of("frequency", ColumnType.DOUBLE, "recency", ColumnType.DOUBLE,
                "T", ColumnType.DOUBLE, "monetary_value", ColumnType.DOUBLE, "p_alive", ColumnType.DOUBLE,
                "expected_transactions", ColumnType.DOUBLE, "clv", ColumnType.DOUBLE), true), parquet);
        Path fromCsv = dir.resolve("seg-csv.csv");
        Path fromParquet = dir.resolve("seg.parquet");
        CliRun a = run("segment", "--scores", scores.toString(), "--output", fromCsv.toString(), "--k", "3", "--seed", "9");
        CliRun b = run("segment", "--scores", parquet.toString(), "--output", fromParquet.toString(), "--k", "3", "--seed", "9");
        assertEquals(0, b.code(), b.err());
        assertEquals(a.out(), b.out());
        ColumnTable csvSegments = TableIO.read(fromCsv);
        ColumnTable parquetSegments = TableIO.read(fromParquet);
        assertEquals(List.of(csvSegments.strings("segment")), List.of(parquetSegments.strings("segment")));
        assertEquals(ColumnType.DOUBLE, parquetSegments.type("p_alive"));

        Path tracking = dir.resolve("tracking.arrow");
        TableIO.write(ColumnTable.builder().addDouble("period", new double[] {1, 2, 3})
                .addDouble("actual", new double[] {10, 12, 9}).addDouble("predicted", new double[] {11, 11, 10}).build(), tracking);
        Path html = dir.resolve("parquet-report.html");
        CliRun r = run("report", "--scores", parquet.toString(), "--segments", fromParquet.toString(), "--holdout",
                tracking.toString(), "--calibration-end", "1", "--output", html.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(html).contains("<svg"), "report with charts written");
    }
}
