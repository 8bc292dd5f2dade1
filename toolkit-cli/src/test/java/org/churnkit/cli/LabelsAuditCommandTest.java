package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.model.ParetoNbd;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsAuditCommandTest {
    @TempDir
    Path dir;

    /**
     * 2,000 rows in four quarters: two informative features, a noise feature, a text column, and
     * labels flipped in every 10th row (known), so the audit has something to find.
     */
    private Path table() throws IOException {
        Random rng = new Random(5);
        StringBuilder sb = new StringBuilder("customer_id,quarter,a,b,c,segment,churned\n");
        for (int i = 0; i < 2000; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            double c = rng.nextGaussian();
            int y = 2 * a - 1.5 * b + 0.3 * rng.nextGaussian() > 0 ? 1 : 0;
            if (i % 10 == 0) {
                y = 1 - y;
            }
            sb.append(String.format(Locale.ROOT, "c%d,2024-Q%d,%.6f,%.6f,%.6f,%s,%d%n", i, 1 + i % 4, a, b, c,
                    i % 2 == 0 ? "web" : "store", y));
        }
        Path f = dir.resolve("churn.csv");
        Files.writeString(f, sb);
        return f;
    }

    @Test
    void auditWritesRankedFlagsAndPrintsTheNoiseEstimates() throws IOException {
        Path in = table();
        Path out = dir.resolve("flags.csv");
        CliRun r = CliRun.run("labels", "audit", "--input", in.toString(), "--label-column", "churned",
                "--output", out.toString(), "--top", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("features: a, b, c"), r.err());
        assertTrue(r.err().contains("not used as features (a cell is not a number): quarter, segment"), r.err());
        assertTrue(r.out().contains("leave-one-out by one Newton step"), r.out());
        assertTrue(r.out().contains("Estimated wrong labels: "), r.out());
        assertTrue(r.out().contains("Top 3 for review ("), r.out());
        ColumnTable t = TableIO.read(out);
        assertEquals(List.of("rank", "customer_id", "row", "label", "suggested_label", "p_label", "p_suggested",
                "threshold", "margin", "method", "reason"), t.columnNames());
        int hits = 0;
        for (int i = 0; i < t.rowCount(); i++) {
            int id = Integer.parseInt(t.cell("customer_id", i).substring(1));
            hits += id % 10 == 0 ? 1 : 0;
            assertEquals(Integer.toString(i + 1), t.cell("rank", i));
            assertEquals(Integer.toString(id + 1), t.cell("row", i));
        }
        // 200 flipped rows: most are found, and most flags are flips
        assertTrue(hits >= 140, "flipped rows among the flags: " + hits);
        assertTrue(hits >= 0.6 * t.rowCount(), hits + " of " + t.rowCount());
    }

    @Test
    void periodColumnAddsTheOutOfTimeEffectOfCleaning() throws IOException {
        Path in = table();
        Path out = dir.resolve("flags.parquet");
        CliRun r = CliRun.run("labels", "audit", "--input", in.toString(), "--label-column", "churned",
                "--features", "a,b,c", "--period-column", "quarter", "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tested on the 500 rows of period 2024-Q4"), r.out());
        assertTrue(r.out().contains("as is") && r.out().contains("removed") && r.out().contains("reweighted"), r.out());
        assertTrue(r.out().contains("Cleaning helps: ") || r.out().contains("Cleaning does not help: "), r.out());
        CliRun ko = CliRun.run("labels", "audit", "--input", in.toString(), "--label-column", "churned",
                "--features", "a,b,c", "--period-column", "quarter", "--output", out.toString(), "--lang", "ko");
        assertEquals(0, ko.code(), ko.err());
        assertTrue(ko.out().contains("추정 오표기 비율") && ko.out().contains("표시 행 제거"), ko.out());
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void gradientBoostedTreesUseKFold() throws IOException {
        Path in = table();
        Path out = dir.resolve("flags.csv");
        CliRun r = CliRun.run("labels", "audit", "--input", in.toString(), "--label-column", "churned",
                "--model", "gbt", "--folds", "3", "--seed", "7", "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("stratified K-fold") && r.out().contains("gbt, 3 folds, seed 7"), r.out());
        CliRun loo = CliRun.run("labels", "audit", "--input", in.toString(), "--label-column", "churned",
                "--model", "gbt", "--method", "loo", "--output", out.toString());
        assertEquals(2, loo.code());
        assertTrue(loo.err().contains("--method kfold"), loo.err());
    }

    @Test
    void badInputIsNamedAndTheInputIsNeverOverwritten() throws IOException {
        Path in = table();
        CliRun same = CliRun.run("labels", "audit", "--input", in.toString(), "--label-column", "churned",
                "--output", in.toString());
        assertTrue(same.code() != 0, same.err());
        assertTrue(Files.readString(in).startsWith("customer_id,quarter"));
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "customer_id,a,churned\nx1,1.5,1\nx2,2.5,yes\n");
        CliRun r = CliRun.run("labels", "audit", "--input", bad.toString(), "--label-column", "churned",
                "--output", dir.resolve("f.csv").toString());
        assertTrue(r.code() != 0);
        assertTrue(r.err().contains("bad.csv:3") && r.err().contains("'churned'") && r.err().contains("'yes'"), r.err());
        assertFalse(Files.exists(dir.resolve("f.csv")));
    }

    @Test
    void helpFitsEightyColumnsWithExamples() {
        var out = new java.io.StringWriter();
        picocli.CommandLine cl = ChurnkitCommand.newCommandLine();
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(80);
        cl.setOut(new java.io.PrintWriter(out));
        cl.getSubcommands().get("labels").setUsageHelpAutoWidth(false);
        cl.getSubcommands().get("labels").setUsageHelpWidth(80);
        cl.getSubcommands().get("labels").getSubcommands().get("audit").setUsageHelpAutoWidth(false);
        cl.getSubcommands().get("labels").getSubcommands().get("audit").setUsageHelpWidth(80);
        assertEquals(0, cl.execute("labels", "audit", "--help"));
        String text = out.toString();
        assertTrue(text.contains("Examples:") && text.contains("  churnkit labels audit --input churn.csv"), text);
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 80, "longer than 80 columns: " + line);
        }
    }

    /**
     * CDNOW (1/10 sample): a churn table built from the calibration summary and Pareto/NBD at the
     * published estimates, label 1 = no purchase in the 39-week holdout; the audit runs end to end.
     */
    @Test
    void auditRunsOnAChurnTableBuiltFromCdnow() throws IOException {
        Path cbs = SharedFolder.require("datasets/cdnow/cdnow_cbs_with_holdout.csv");
        ParetoNbd pnbd = ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639);
        List<String> lines = Files.readAllLines(cbs);
        StringBuilder sb = new StringBuilder("customer_id,frequency,recency,T,p_alive,churned\n");
        List<Integer> churned = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.replace("\"", "").split(",");
            double x = Double.parseDouble(f[1]);
            double tx = Double.parseDouble(f[2]);
            double t = Double.parseDouble(f[3]);
            int y = Double.parseDouble(f[4]) == 0 ? 1 : 0;
            churned.add(y);
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%d%n", f[0], f[1], f[2], f[3],
                    Double.toString(pnbd.pAlive(x, tx, t)), y));
        }
        Path in = dir.resolve("cdnow_churn.csv");
        Files.writeString(in, sb);
        Path out = dir.resolve("cdnow_flags.csv");
        CliRun r = CliRun.run("labels", "audit", "--input", in.toString(), "--label-column", "churned",
                "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Rows: 2,357"), r.out());
        ColumnTable t = TableIO.read(out);
        assertTrue(t.rowCount() > 0 && t.rowCount() < 2357 / 2, "flags: " + t.rowCount());
        CliRun gbt = CliRun.run("labels", "audit", "--input", in.toString(), "--label-column", "churned",
                "--model", "gbt", "--output", dir.resolve("cdnow_gbt.csv").toString());
        assertEquals(0, gbt.code(), gbt.err());
        assertTrue(gbt.out().contains("Rows: 2,357"), gbt.out());
        // One line each for the record; the full tables would flood the build log.
        System.out.println("CDNOW labels audit: " + estimatedLine(r.out()) + " (logit, loo); "
                + estimatedLine(gbt.out()) + " (gbt, kfold)");
    }

    private static String estimatedLine(String out) {
        return out.lines().filter(l -> l.startsWith("Estimated wrong labels")).findFirst().orElse("(none)");
    }
}
