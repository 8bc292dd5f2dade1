package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code target} and {@code profit} commands end to end, on temporary CSV files. */
class CostCommandsTest {
    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    /** The 221-row golden set from the core test-jar (provenance: org/churnkit/cost/PROVENANCE.md). */
    private Path golden221Csv() throws IOException {
        StringBuilder sb = new StringBuilder("customer_id,churned,p_churn,clv\n");
        try (var in = getClass().getResourceAsStream("/org/churnkit/cost/predictions_221.dat");
                var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            int i = 0;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                sb.append("c").append(i).append(',').append(f[0]).append(',').append(f[1]).append(',').append(50 + 2 * i).append('\n');
                i++;
            }
        }
        Path p = dir.resolve("holdout.csv");
        Files.writeString(p, sb.toString());
        return p;
    }

    @Test
    void profitPrintsTheGoldenEmpcAndMp() throws IOException {
        CliRun r = run("profit", "--input", golden221Csv().toString(), "--label-column", "churned", "--score-column", "p_churn",
                "--value-column", "clv", "--clv", "200");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        // Golden values of spec §4.4 and §5 (R EMP 2.0.6; reference implementation), 1e-9 relative.
        assertEquals(14.9946647690104, json.get("empc").asDouble(), 1e-9 * 15);
        assertEquals(0.5807038600143406, json.get("empc_fraction").asDouble(), 1e-9);
        assertEquals(14.814479638009045, json.get("mp").asDouble(), 1e-9 * 15);
        assertEquals(0.665158371040724, json.get("mp_fraction").asDouble(), 1e-9);
        assertEquals(23.091461277369053, json.get("emp_individual").asDouble(), 1e-8 * 23);
        assertEquals(0.8652325795182938, json.get("auc").asDouble(), 1e-12);
        assertTrue(json.get("customers").isIntegralNumber() && json.get("churners").isIntegralNumber(), r.out());
        assertEquals(221, json.get("customers").asLong());
        assertFalse(r.out().matches("(?s).*\\d[eE][-+]?\\d.*"), "no scientific notation:\n" + r.out());
        assertEquals("--clv", json.get("parameters").get("clv_source").asText());
        assertTrue(r.err().contains("profit: EMPC ") && r.err().contains("per customer, targeting"), r.err());
        for (String field : List.of("empc", "empc_fraction", "mp", "mp_fraction", "auc", "emp_individual",
                "emp_individual_fraction", "mp_individual", "mp_individual_fraction", "clv_source", "contact_cost")) {
            assertTrue(json.has(field) || json.get("parameters").has(field), field);
            assertTrue(run("profit", "--help").out().contains(field), field + " documented in --help");
        }
    }

    @Test
    void profitNeedsAValueAndDerivesItFromTheValueColumn() throws IOException {
        Path p = golden221Csv();
        CliRun none = run("profit", "--input", p.toString(), "--label-column", "churned", "--score-column", "p_churn");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("--clv") && none.err().contains("--value-column"), none.err());
        CliRun mean = run("profit", "--input", p.toString(), "--label-column", "churned", "--score-column", "p_churn",
                "--value-column", "clv", "--currency", "EUR");
        assertEquals(0, mean.code(), mean.err());
        JsonNode json = new ObjectMapper().readTree(mean.out());
        // values 50, 52, ..., 490: mean 270
        assertEquals(270, json.get("parameters").get("clv").asDouble(), 1e-9);
        assertEquals("mean of clv", json.get("parameters").get("clv_source").asText());
        assertEquals("EUR", json.get("parameters").get("currency").asText());
        assertTrue(mean.err().contains("worth €270.00 (mean of clv)"), mean.err());
    }

    @Test
    void profitReportsBadCellsWithFileLineAndColumn() throws IOException {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, "churned,p_churn\n1,0.9\n0,abc\n");
        CliRun r = run("profit", "--input", p.toString(), "--label-column", "churned", "--score-column", "p_churn", "--clv", "200");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.csv:3: column 'p_churn': expected a number, found 'abc'"), r.err());
        CliRun missing = run("profit", "--input", p.toString(), "--label-column", "churn", "--score-column", "p_churn",
                "--clv", "200");
        assertTrue(missing.err().contains("bad.csv:1: column 'churn': missing"), missing.err());
        Path one = dir.resolve("one.csv");
        Files.writeString(one, "churned,p_churn\n1,0.9\n1,0.2\n");
        CliRun oneClass = run("profit", "--input", one.toString(), "--label-column", "churned", "--score-column", "p_churn",
                "--clv", "200");
        assertEquals(1, oneClass.code());
        assertTrue(oneClass.err().contains("only one class"), oneClass.err());
    }

    @Test
    void targetWritesTheRankedListAndPrintsTheSummary() throws IOException {
        Path scores = dir.resolve("scores.csv");
        // clv = p_alive x alive_value; the value at stake is the alive value (20, 1000, 5000, 200)
        Files.writeString(scores, String.join("\n",
                "customer_id,p_alive,expected_transactions,expected_spend,dert,clv,alive_value,value_at_risk",
                "a,0.1,0.5,20,1.0,2,20,18",
                "b,0.7,2.0,80,10.0,700,1000,300",
                "c,0.95,3.0,90,30.0,4750,5000,250",
                "d,0.9,1.0,10,2.0,180,200,20",
                ""));
        Path campaign = dir.resolve("out/campaign.csv");
        CliRun r = run("target", "--scores", scores.toString(), "--output", campaign.toString(), "--currency", "EUR");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(campaign);
        assertEquals("rank,customer_id,churn_probability,value_at_stake,value_source,expected_profit,cumulative_profit,"
                + "break_even_probability,targeted", lines.get(0));
        assertTrue(lines.get(1).contains(",1000.0,alive_value,") || lines.get(1).contains(",1000,alive_value,"), lines.get(1));
        assertTrue(r.err().contains("target: value at stake V_i = column alive_value"), r.err());
        assertTrue(r.out().contains("value at stake from: alive_value"), r.out());
        assertTrue(r.out().contains("expected profit:     €146.15"), r.out());
        // E = p(0.3(V−10) − 1) − (1−p)·11 with p = 1 − p_alive: b 81.1, c 64.35, a 0.7, d 0.1·56 − 0.9·11 = −4.3.
        assertTrue(lines.get(1).startsWith("1,b,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("2,c,"), lines.get(2));
        assertTrue(lines.get(3).startsWith("3,a,"), lines.get(3));
        assertTrue(lines.get(4).startsWith("4,d,") && lines.get(4).endsWith(",false"), lines.get(4));
        assertTrue(r.out().contains("targeted:            3 (75.0000% of the base)"), r.out());
        assertTrue(r.out().contains("expected profit:     €146.15"), r.out());
        assertTrue(r.out().contains("break-even:          4 customers"), r.out());
        try (var files = Files.list(campaign.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }

        CliRun budget = run("target", "--scores", scores.toString(), "--output", campaign.toString(), "--budget", "1");
        assertEquals(0, budget.code(), budget.err());
        assertTrue(budget.out().contains("expected profit:     81.10"), budget.out());

        // Without alive_value the value at stake is derived as clv / p_alive: the same list, and it says so.
        Path clvOnly = dir.resolve("clv-only.csv");
        Files.writeString(clvOnly, "customer_id,p_alive,clv\na,0.1,2\nb,0.7,700\nc,0.95,4750\nd,0.9,180\n");
        Path derived = dir.resolve("derived.csv");
        CliRun d = run("target", "--scores", clvOnly.toString(), "--output", derived.toString());
        assertEquals(0, d.code(), d.err());
        ColumnTable t = TableIO.read(derived);
        assertEquals(List.of("b", "c", "a", "d"), List.of(t.strings("customer_id")));
        assertEquals(146.15, Double.parseDouble(t.strings("cumulative_profit")[2]), 1e-9);
        assertEquals("clv / p_alive", t.strings("value_source")[0]);
        assertTrue(d.err().contains("value at stake V_i = clv / p_alive"), d.err());

        // An explicit --value-column is used as given and named.
        CliRun v = run("target", "--scores", scores.toString(), "--output", derived.toString(), "--value-column", "clv");
        assertEquals(0, v.code(), v.err());
        assertEquals("clv", TableIO.read(derived).strings("value_source")[0]);
        assertTrue(v.err().contains("value at stake V_i = column clv (--value-column)"), v.err());
    }

    @Test
    void demoAndTargetWriteOneCampaignSchema() throws IOException {
        Path demo = dir.resolve("demo");
        CliRun r = run("demo", "--simulate", "--output-dir", demo.toString(), "--customers", "300", "--seed", "5",
                "--currency", "KRW");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Value at risk") && r.out().contains("₩"), r.out());
        Path campaign = dir.resolve("target-campaign.csv");
        CliRun t = run("target", "--scores", demo.resolve("scores.csv").toString(), "--output", campaign.toString());
        assertEquals(0, t.code(), t.err());
        List<String> fromDemo = Files.readAllLines(demo.resolve("campaign.csv"));
        List<String> fromTarget = Files.readAllLines(campaign);
        assertEquals(org.churnkit.cost.CampaignList.columns("customer_id"), List.of(fromDemo.get(0).split(",")));
        assertEquals(fromDemo.get(0), fromTarget.get(0));
        // the demo's offer is target's default offer, so the lists agree row by row
        assertEquals(fromDemo, fromTarget);
    }

    @Test
    void targetSimulatesTheCampaignWithAndWithoutParameterUncertainty() throws IOException {
        Path demo = dir.resolve("demo-sim");
        CliRun r = run("demo", "--simulate", "--output-dir", demo.toString(), "--customers", "400", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        Path campaign = dir.resolve("sim-campaign.csv");
        String scores = demo.resolve("scores.csv").toString();
        CliRun plain = run("target", "--scores", scores, "--output", campaign.toString(), "--simulate", "500", "--seed", "3");
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.err().contains("parameter uncertainty is not included"), plain.err());
        assertTrue(plain.out().contains("Simulated campaigns: 500 (seed 3); parameter uncertainty: none"), plain.out());
        assertTrue(plain.out().contains("chosen (by profit)") && plain.out().contains("by churn probability")
                && plain.out().contains("nobody"), plain.out());
        assertTrue(plain.out().contains("it loses money in"), plain.out());
        CliRun again = run("target", "--scores", scores, "--output", campaign.toString(), "--simulate", "500", "--seed", "3");
        assertEquals(plain.out(), again.out(), "the same seed gives the same numbers");
        CliRun korean = run("target", "--scores", scores, "--output", campaign.toString(), "--simulate", "500", "--seed",
                "3", "--lang", "ko");
        assertEquals(0, korean.code(), korean.err());
        assertTrue(korean.out().contains("모의 캠페인: 500회 (시드 3); 매개변수 불확실성: 포함하지 않음"), korean.out());
        assertTrue(korean.out().contains("선택 명단 (이익 기준)") && korean.out().contains("이탈 확률 기준")
                && korean.out().contains("연락 안 함") && korean.out().contains("손실이 납니다"), korean.out());
        assertTrue(korean.err().contains("매개변수 불확실성은 포함하지 않습니다"), korean.err());
        assertTrue(!korean.out().contains("Simulated") && !korean.out().contains("chosen (by profit)"), korean.out());
        // the figures are the same numbers, only the words change
        String figures = plain.out().lines().filter(l -> l.startsWith("chosen")).findFirst().orElseThrow().substring(22);
        assertTrue(korean.out().contains(figures), korean.out());
        CliRun withModel = run("target", "--scores", scores, "--output", campaign.toString(), "--simulate", "300",
                "--seed", "3", "--model", demo.resolve("pareto_nbd.json").toString(), "--discount-rate", "0.15");
        assertEquals(0, withModel.code(), withModel.err());
        assertTrue(withModel.out().contains("300 draws from the asymptotic normal of the log-parameters of pareto-nbd: "
                + "P(alive) and DERT given alive redrawn"), withModel.out());
        CliRun churnColumn = run("target", "--scores", scores, "--output", campaign.toString(), "--simulate", "10",
                "--model", demo.resolve("pareto_nbd.json").toString(), "--churn-column", "p_alive");
        assertEquals(2, churnColumn.code(), churnColumn.err());
        assertTrue(churnColumn.err().contains("--model cannot be combined with --churn-column"), churnColumn.err());
        CliRun one = run("target", "--scores", scores, "--output", campaign.toString(), "--simulate", "1");
        assertEquals(2, one.code(), one.err());
        CliRun help = run("target", "--help");
        for (String line : help.out().split("\n")) {
            assertTrue(line.length() <= 80, "help wider than 80 columns: " + line);
        }
        assertTrue(help.out().contains("--simulate 1000 --seed 7"), help.out());
    }

    @Test
    void targetRejectsProbabilitiesOutsideTheUnitInterval() throws IOException {
        Path scores = dir.resolve("scores.csv");
        Files.writeString(scores, "customer_id,p_alive,clv\na,0.5,100\nb,1.5,100\n");
        CliRun r = run("target", "--scores", scores.toString(), "--output", dir.resolve("c.csv").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("scores.csv:3: column 'p_alive': expected a probability in [0, 1], found '1.5'"), r.err());
        assertTrue(Files.notExists(dir.resolve("c.csv")));
    }

    @Test
    void profitReadsParquetLikeCsv() throws IOException {
        // The same 221 rows as Parquet (labels as whole numbers, scores as doubles) must give the
        // identical JSON: the format changes only the reading, never the figures.
        Path csv = golden221Csv();
        ColumnTable t = TableIO.read(csv, null, Map.of("customer_id", ColumnType.STRING, "churned", ColumnType.LONG,
                "p_churn", ColumnType.DOUBLE, "clv", ColumnType.DOUBLE), false);
        Path parquet = dir.resolve("holdout.parquet");
        TableIO.write(t, parquet);
        String[] args = {"--label-column", "churned", "--score-column", "p_churn", "--value-column", "clv"};
        CliRun fromCsv = run(concat(new String[] {"profit", "--input", csv.toString()}, args));
        CliRun fromParquet = run(concat(new String[] {"profit", "--input", parquet.toString()}, args));
        assertEquals(0, fromParquet.code(), fromParquet.err());
        assertEquals(fromCsv.out(), fromParquet.out());
    }

    @Test
    void targetReadsAndWritesArrow() throws IOException {
        Path scores = dir.resolve("scores.arrow");
        TableIO.write(ColumnTable.builder().addString("customer_id", new String[] {"a", "b", "c", "d"})
                .addDouble("p_alive", new double[] {0.1, 0.7, 0.95, 0.9})
                .addDouble("alive_value", new double[] {20, 1000, 5000, 200}).build(), scores);
        Path campaign = dir.resolve("campaign.arrow");
        CliRun r = run("target", "--scores", scores.toString(), "--output", campaign.toString());
        assertEquals(0, r.code(), r.err());
        ColumnTable out = TableIO.read(campaign);
        // Same ranking and profits as the CSV test above: b 81.1, c 64.35, a 0.7, d -4.3.
        assertEquals(List.of("b", "c", "a", "d"), List.of(out.strings("customer_id")));
        assertEquals(81.1, out.doubles("expected_profit")[0], 1e-9);
        assertEquals(146.15, out.doubles("cumulative_profit")[2], 1e-9);
        assertEquals(List.of("true", "true", "true", "false"), List.of(out.strings("targeted")));
        assertTrue(r.out().contains("targeted:            3 (75.0000% of the base)"), r.out());

        Path bad = dir.resolve("bad.parquet");
        TableIO.write(ColumnTable.builder().addString("customer_id", new String[] {"a", "b"})
                .addDouble("p_alive", new double[] {0.5, 1.5}).addDouble("clv", new double[] {1, 2}).build(), bad);
        CliRun rejected = run("target", "--scores", bad.toString(), "--output", dir.resolve("x.csv").toString());
        assertEquals(1, rejected.code());
        // Parquet has no lines: the position is the 1-based row.
        assertTrue(rejected.err().contains("bad.parquet:2: column 'p_alive': expected a probability in [0, 1]"), rejected.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
