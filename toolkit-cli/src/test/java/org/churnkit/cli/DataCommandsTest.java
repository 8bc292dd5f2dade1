package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.churnkit.testing.SharedFolder;
import org.churnkit.testing.BadInputs;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataCommandsTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    static Stream<Arguments> badInputs() {
        return BadInputs.cases().stream().map(c -> Arguments.of(c.name(), c.content(), c.line(), c.column(), c.words()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputFailsWithLocationAndLeavesNoOutput(String name, String content, long line, String column, String words)
            throws IOException {
        Path in = dir.resolve("log.csv");
        Files.write(in, content.getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("summary.csv");
        for (String cmd : List.of("summarize", "split")) {
            CliRun r = cmd.equals("summarize")
                    ? run("summarize", "-i", in.toString(), "-o", out.toString(), "--observation-end", "2020-12-31")
                    : run("split", "-i", in.toString(), "-o", out.toString(), "--calibration-end", "2020-06-30",
                            "--observation-end", "2020-12-31");
            assertEquals(1, r.code(), cmd + " exit code; stderr: " + r.err());
            String where = in + (line > 0 ? ":" + line : "");
            assertTrue(r.err().contains(where + ":"), "stderr lacks " + where + ": " + r.err());
            if (column != null) {
                assertTrue(r.err().contains("column '" + column + "'"), r.err());
            }
            for (String w : words.split("\\|")) {
                assertTrue(r.err().contains(w), "stderr lacks '" + w + "': " + r.err());
            }
            assertOnlyInput(in);
        }
    }

    private void assertOnlyInput(Path in) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(in), s.toList(), "no output or temporary file may be left");
        }
    }

    @Test
    void flagsAllowWhatIsOtherwiseAnError() throws IOException {
        Path in = dir.resolve("log.csv");
        Files.writeString(in, "customer_id,date,amount\na,2020-01-01,5\na,2020-01-02,-1\na,2020-01-03,\na,2021-01-01,5\n");
        Path out = dir.resolve("s.csv");
        CliRun r = run("summarize", "-i", in.toString(), "-o", out.toString(), "--observation-end", "2020-12-31",
                "--allow-negative-amounts", "--allow-missing-amounts", "--drop-after-end", "--time-unit", "day");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("dropped 1 transactions after the observation end"), r.err());
        // a refund is no transaction (the default rule, counted); the missing amount is a transaction without spend
        assertTrue(r.err().contains("1 transactions with a negative amount (refunds): dropped"), r.err());
        assertTrue(r.err().contains("1 transactions without an amount: counted as transactions"), r.err());
        assertEquals(List.of("customer_id,frequency,recency,T,monetary_value", "a,1,2,365,0"), Files.readAllLines(out));
        r = run("summarize", "-i", in.toString(), "-o", out.toString(), "--observation-end", "2020-12-31",
                "--allow-negative-amounts", "--allow-missing-amounts", "--drop-after-end", "--time-unit", "day",
                "--negative-amounts", "net");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("netted"), r.err());
        assertEquals(List.of("customer_id,frequency,recency,T,monetary_value", "a,2,2,365,0"), Files.readAllLines(out));
    }

    @Test
    void cdnowSplitThroughTheCli() {
        Path elog = SharedFolder.require("datasets/cdnow/cdnow_sample_elog.csv");
        Path out = dir.resolve("split.parquet");
        CliRun r = run("split", "-i", elog.toString(), "--customer-column", "sampleid", "--amount-column", "sales",
                "--date-format", "yyyyMMdd", "--calibration-end", "1997-09-30", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("2,357 customers summarised"), r.err());
        ColumnTable t = TableIO.read(out, null, Map.of("frequency_holdout", ColumnType.LONG, "T", ColumnType.DOUBLE), true);
        assertEquals(2357, t.rowCount());
        assertEquals(1882, java.util.Arrays.stream(t.longs("frequency_holdout")).sum());
        assertEquals(List.of("customer_id", "frequency", "recency", "T", "monetary_value", "frequency_holdout",
                "monetary_value_holdout", "duration_holdout"), t.columnNames());
    }

    @Test
    void cdnowMasterThroughTheCli() {
        Path master = SharedFolder.require("datasets/cdnow/CDNOW_master.txt");
        Path out = dir.resolve("master.arrow");
        CliRun r = run("summarize", "-i", master.toString(), "--amount-column", "dollar_value", "--extended", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("23,570 customers summarised"), r.err());
        assertEquals(23_570, TableIO.read(out).rowCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--time-unit=fortnight", "--observation-end=30.09.1997", "--merge=year", "--time-zone=Mars/Olympus"})
    void badOptionValuesAreUsageErrors(String option) throws IOException {
        Path in = dir.resolve("log.csv");
        Files.writeString(in, "customer_id,date,amount\na,2020-01-01,5\n");
        CliRun r = run("summarize", "-i", in.toString(), "-o", dir.resolve("s.csv").toString(), option);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("Invalid value"), r.err());
        assertOnlyInput(in);
    }

    @Test
    void unknownOutputExtensionFailsBeforeReading() throws IOException {
        Path in = dir.resolve("log.csv");
        Files.writeString(in, "customer_id,date,amount\na,2020-01-01,5\n");
        CliRun r = run("summarize", "-i", in.toString(), "-o", dir.resolve("s.xlsx").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(".xlsx") || r.err().contains("extension"), r.err());
        assertOnlyInput(in);
    }

    @Test
    void demoWritesEverythingAndSaysWhere() throws IOException {
        Path out = dir.resolve("demo");
        CliRun r = run("demo", "--simulate", "--output-dir", out.toString(), "--customers", "300", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("transactions.csv", "summary.csv", "calibration_holdout.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
            assertTrue(r.out().contains(out.resolve(f).toString()), r.out());
        }
        assertEquals(300, TableIO.read(out.resolve("summary.csv")).rowCount());
        // same seed, same log
        Path again = dir.resolve("again");
        run("demo", "--simulate", "--output-dir", again.toString(), "--customers", "300", "--seed", "5");
        assertEquals(Files.readString(out.resolve("transactions.csv")), Files.readString(again.resolve("transactions.csv")));
        assertFalse(Files.readString(out.resolve("summary.csv")).contains("NaN"));
    }
}
