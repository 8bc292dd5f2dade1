package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code churnkit labels combine} end to end on temporary files. */
class LabelsCombineCommandTest {
    @TempDir
    Path dir;

    private static final String RULES = """
            classes: stays, churned
            # each rule sees a noisy copy of the truth
            a: s1 > 0.5 -> churned otherwise stays
            b: s2 > 0.5 -> churned otherwise stays
            c: s3 > 0.5 and region != 'none' -> churned otherwise stays
            d: s4 > 0.5 -> churned
            e: s4 > 0.5 and s1 > 0.5 -> churned
            """;

    /** Rows with a true class and four noisy scores right with probability 0.9, 0.8, 0.7 and 0.75. */
    private Path table(int n) throws IOException {
        SplittableRandom rnd = new SplittableRandom(8);
        StringBuilder sb = new StringBuilder("customer_id,truth,s1,s2,s3,s4,region\n");
        double[] acc = {0.9, 0.8, 0.7, 0.75};
        for (int i = 0; i < n; i++) {
            int y = rnd.nextDouble() < 0.4 ? 1 : 0;
            sb.append("c").append(i).append(',').append(y == 1 ? "churned" : "stays");
            for (double a : acc) {
                int v = rnd.nextDouble() < a ? y : 1 - y;
                sb.append(',').append(v == 1 ? 0.5 + rnd.nextDouble() / 2 : rnd.nextDouble() / 2);
            }
            sb.append(',').append(i % 50 == 0 ? "" : "north").append('\n');
        }
        Path p = dir.resolve("table.csv");
        Files.writeString(p, sb.toString());
        return p;
    }

    @Test
    void writesProbabilitiesAndPrintsTheRuleReport() throws IOException {
        Path in = table(3000);
        Path rules = dir.resolve("churn.rules");
        Files.writeString(rules, RULES);
        Path out = dir.resolve("labels.csv");
        CliRun r = CliRun.run("labels", "combine", "--input", in.toString(), "--rules", rules.toString(), "--output",
                out.toString(), "--id-column", "customer_id", "--truth-column", "truth");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rule  coverage  overlaps  conflicts  accuracy  votes (stays / churned)"), r.out());
        assertTrue(r.out().contains("against truth (3,000 rows): label model accuracy"), r.out());
        assertTrue(r.out().contains("majority vote: decides "), r.out());
        // rule a is right 90 % of the time: its estimate is printed near that
        String a = r.out().lines().filter(l -> l.startsWith("a ")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(a.trim().split("\\s+")[4]);
        assertEquals(0.9, accuracy, 0.03, a);
        ColumnTable t = TableIO.read(out);
        assertEquals(List.of("customer_id", "p_stays", "p_churned", "label", "confidence", "votes", "majority_vote"),
                t.columnNames());
        assertEquals(3000, t.rowCount());
        assertEquals("c0", t.cell("customer_id", 0));
        double p0 = Double.parseDouble(t.cell("p_stays", 7));
        double p1 = Double.parseDouble(t.cell("p_churned", 7));
        assertEquals(1, p0 + p1, 1e-12);
        assertEquals(p1 >= 0.5 ? "churned" : "stays", t.cell("label", 7));
    }

    @Test
    void badRulesAndUnknownColumnsAreLocatedErrors() throws IOException {
        Path in = table(50);
        Path rules = dir.resolve("bad.rules");
        Files.writeString(rules, "a: s1 > 0.5 -> churned\nb: s2 >> 1 -> stays\n");
        Path out = dir.resolve("labels.csv");
        CliRun r = CliRun.run("labels", "combine", "--input", in.toString(), "--rules", rules.toString(), "--output",
                out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(rules + ":2:8: expected a column, a number or a quoted string, found '>'"), r.err());
        assertFalse(Files.exists(out));

        Files.writeString(rules, "a: s1 > 0.5 -> churned\nb: recency > 1 -> stays\n");
        r = CliRun.run("labels", "combine", "--input", in.toString(), "--rules", rules.toString(), "--output",
                out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("'recency'") && r.err().contains(rules + ":2:4 (rule 'b')"), r.err());
        assertFalse(Files.exists(out));

        r = CliRun.run("labels", "combine", "--input", in.toString(), "--rules", rules.toString(), "--output",
                in.toString());
        assertEquals(1, r.code(), r.err());
    }

    @Test
    void helpFitsEightyColumnsWithExamples() {
        HelpTextTest.Help h = HelpTextTest.help("labels", 80, "combine", "--help");
        assertTrue(h.text().contains("Examples:"), h.text());
        assertTrue(h.text().contains("churnkit labels combine --input scores.csv --rules churn.rules"), h.text());
        for (String line : h.text().lines().toList()) {
            assertTrue(line.length() <= 80, "longer than 80 columns: " + line);
        }
        assertEquals("", h.systemErr());
        HelpTextTest.Help parent = HelpTextTest.help("labels", 80);
        assertTrue(parent.text().contains("combine"), parent.text());
    }
}
