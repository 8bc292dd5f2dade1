package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.churnkit.ChurnkitException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.ModelFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The input-validation fuzz corpus: for every class of bad input (summary files, score files,
 * dates, encodings and ids, values, model files, options, formula injection, extreme parameters)
 * each case states its expected outcome and is run through the real command line. A rejected case
 * must exit non-zero with an error that names the file, the line and the column (or, for options,
 * the option, with exit 2 and no stack trace), write no output file and leave its input intact; an
 * accepted case must give the correct result.
 */
class InputFuzzCorpusTest {
    @TempDir
    Path dir;

    private static final String PNBD =
            "{\"model\": \"pareto-nbd\", \"time_unit\": \"week\", \"parameters\": {\"r\": 0.55, \"alpha\": 10.6, \"s\": 0.61, \"beta\": 11.7}}";
    private static final String GG = "{\"model\": \"gamma-gamma\", \"parameters\": {\"p\": 6.25, \"q\": 3.74, \"gamma\": 15.44}}";

    private static final String SUMMARY_HEADER = "customer_id,frequency,recency,T,monetary_value\n";
    /** Eight valid rows: enough for every model to fit. */
    private static final String VALID_ROWS = """
            a,0,0,30,
            b,2,10,30,12.5
            c,1,5,28,20
            d,0,0,25,
            e,4,20,30,8
            f,3,12,29,15.25
            g,1,25,26,30
            h,0,0,30,
            """;

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a command that must fail on {@code input} with a located error; checks the output and the input. */
    private CliRun rejects(Path input, Path output, String line, String column, String... args) throws IOException {
        byte[] before = Files.readAllBytes(input);
        CliRun r = CliRun.run(args);
        assertNotEquals(0, r.code(), () -> String.join(" ", args) + " succeeded:\n" + r.err());
        assertFalse(r.err().contains("internal error"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
        assertTrue(r.err().contains(input.getFileName().toString()), "names the file:\n" + r.err());
        if (line != null) {
            assertTrue(r.err().contains(input.getFileName() + ":" + line + ":"), "names line " + line + ":\n" + r.err());
        }
        if (column != null) {
            assertTrue(r.err().contains(column), "names the column " + column + ":\n" + r.err());
        }
        assertFalse(Files.exists(output), "no output written");
        assertArrayEquals(before, Files.readAllBytes(input), "input intact");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        return r;
    }

    // ------------------------------------------------------------------ summary files

    /** Bad summary rows: (description, row, line, column). Line 2 is the first data row. */
    static Stream<Arguments> badSummaries() {
        return Stream.of(
                Arguments.of("duplicate id, conflicting history", "a,1,3,30,5\n", "10", "column 'customer_id'"),
                Arguments.of("duplicate id, same history", "a,0,0,30,\n", "10", "column 'customer_id'"),
                Arguments.of("blank id", "  ,1,3,30,5\n", "10", "column 'customer_id'"),
                Arguments.of("NUL in id", "z\u0000z,1,3,30,5\n", "10", "column 'customer_id'"),
                Arguments.of("recency 0 with frequency > 0", "z,2,0,30,5\n", "10", "column 'recency'"),
                Arguments.of("recency > 0 with frequency 0", "z,0,4,30,\n", "10", "column 'recency'"),
                Arguments.of("negative frequency", "z,-1,0,30,5\n", "10", "column 'frequency'"),
                Arguments.of("recency > T", "z,2,31,30,5\n", "10", "column 'recency'"),
                Arguments.of("non-integer frequency", "z,1.5,3,30,5\n", "10", "column 'frequency'"),
                Arguments.of("NaN frequency", "z,NaN,3,30,5\n", "10", "column 'frequency'"),
                Arguments.of("infinite T", "z,1,3,Infinity,5\n", "10", "column 'T'"),
                Arguments.of("1e308 T", "z,1,3,1e308,5\n", "10", "column 'T'"),
                Arguments.of("1e308 frequency", "z,1e308,3,30,5\n", "10", "column 'frequency'"),
                Arguments.of("negative T", "z,0,0,-3,\n", "10", "column 'T'"),
                Arguments.of("text frequency", "z,two,3,30,5\n", "10", "column 'frequency'"),
                Arguments.of("1e308 spend", "z,1,3,30,1e308\n", "10", "column 'monetary_value'"),
                Arguments.of("negative spend", "z,1,3,30,-5\n", "10", "column 'monetary_value'"),
                Arguments.of("infinite spend", "z,1,3,30,-Infinity\n", "10", "column 'monetary_value'"),
                Arguments.of("missing field", "z,1,3\n", "10", null));
    }

    @ParameterizedTest(name = "{0}: fit pareto-nbd, fit gamma-gamma and score all refuse it")
    @MethodSource("badSummaries")
    void everySummaryReaderRefusesTheSameRows(String what, String row, String line, String column) throws IOException {
        Path in = write("summary.csv", SUMMARY_HEADER + VALID_ROWS + row);
        Path model = write("pnbd.json", PNBD);
        Path gg = write("gg.json", GG);
        Path out = dir.resolve("out.json");
        rejects(in, out, line, column, "fit", "--model", "pareto-nbd", "-i", in.toString(), "-o", out.toString());
        rejects(in, out, line, column, "fit", "--model", "gamma-gamma", "-i", in.toString(), "-o", out.toString());
        Path scores = dir.resolve("scores.csv");
        rejects(in, scores, line, column, "score", "-H", "13", "--model", model.toString(), "--spend-model", gg.toString(),
                "-i", in.toString(), "-o", scores.toString());
    }

    @Test
    void theValidSummaryIsAcceptedByEveryCommand() throws IOException {
        Path in = write("summary.csv", SUMMARY_HEADER + VALID_ROWS);
        Path model = write("pnbd.json", PNBD);
        Path gg = write("gg.json", GG);
        assertEquals(0, CliRun.run("fit", "--model", "gamma-gamma", "-i", in.toString(), "-o",
                dir.resolve("g.json").toString(), "--allow-not-converged", "--accept-boundary").code());
        Path scores = dir.resolve("scores.csv");
        CliRun r = CliRun.run("score", "-H", "13", "--model", model.toString(), "--spend-model", gg.toString(), "-i", in.toString(),
                "-o", scores.toString());
        assertEquals(0, r.code(), r.err());
        ColumnTable t = TableIO.read(scores);
        assertEquals(8, t.rowCount());
        for (String c : List.of("p_alive", "clv")) {
            for (String v : t.strings(c)) {
                double d = Double.parseDouble(v);
                assertTrue(Double.isFinite(d) && d >= 0, c + " " + v);
            }
        }
    }

    // ------------------------------------------------------------------ score files (segment, report, target)

    static Stream<Arguments> badScores() {
        return Stream.of(
                Arguments.of("p_alive 1.5", "p_alive", "1.5"),
                Arguments.of("p_alive -0.1", "p_alive", "-0.1"),
                Arguments.of("p_alive NaN", "p_alive", "NaN"),
                Arguments.of("clv Infinity", "clv", "Infinity"),
                Arguments.of("clv 1e300", "clv", "1e300"),
                Arguments.of("negative frequency", "frequency", "-2"));
    }

    private String scoresCsv(String column, String value) {
        StringBuilder sb = new StringBuilder("customer_id,frequency,recency,T,monetary_value,p_alive,expected_transactions,clv\n");
        for (int i = 0; i < 40; i++) {
            String[] row = {"c" + i, Integer.toString(i % 5), Integer.toString(i % 5 == 0 ? 0 : 3 + i % 7), "30",
                String.format(Locale.ROOT, "%.2f", 10 + i * 1.5), String.format(Locale.ROOT, "%.3f", (i % 10) / 10.0 + 0.05),
                String.format(Locale.ROOT, "%.3f", (i % 6) * 0.4), String.format(Locale.ROOT, "%.2f", 5 + i * 3.0)};
            if (i == 17 && column != null) {
                int c = List.of("customer_id", "frequency", "recency", "T", "monetary_value", "p_alive",
                        "expected_transactions", "clv").indexOf(column);
                row[c] = value;
            }
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}: segment and target refuse it at line 19")
    @MethodSource("badScores")
    void scoreFilesAreCheckedByEveryReader(String what, String column, String value) throws IOException {
        Path in = write("scores.csv", scoresCsv(column, value));
        Path out = dir.resolve("segments.csv");
        rejects(in, out, "19", "column '" + column + "'", "segment", "--scores", in.toString(), "--output", out.toString(),
                "--k", "3");
        if (column.equals("p_alive") || column.equals("clv")) {
            Path campaign = dir.resolve("campaign.csv");
            rejects(in, campaign, "19", "column '" + column + "'", "target", "--scores", in.toString(), "--output",
                    campaign.toString());
        }
    }

    // ------------------------------------------------------------------ predictions (profit)

    static Stream<Arguments> predictions() {
        return Stream.of(
                Arguments.of("label 2", "label", "2", false),
                Arguments.of("label yes", "label", "yes", false),
                Arguments.of("score NaN", "score", "NaN", false),
                Arguments.of("score Infinity", "score", "Infinity", false),
                Arguments.of("value 1e300", "clv", "1e300", false),
                Arguments.of("value empty", "clv", "", false),
                Arguments.of("a valid file", null, null, true));
    }

    @ParameterizedTest(name = "profit with {0}: accepted = {3}")
    @MethodSource("predictions")
    void profitChecksItsInputAndNeverPrintsNaN(String what, String column, String value, boolean accepted) throws IOException {
        StringBuilder sb = new StringBuilder("label,score,clv\n");
        for (int i = 0; i < 30; i++) {
            String[] row = {Integer.toString(i % 3 == 0 ? 1 : 0), String.format(Locale.ROOT, "%.3f", (i * 37 % 30) / 30.0),
                String.format(Locale.ROOT, "%.1f", 20 + i * 4.0)};
            if (i == 11 && column != null) {
                row[List.of("label", "score", "clv").indexOf(column)] = value;
            }
            sb.append(String.join(",", row)).append('\n');
        }
        Path in = write("predictions.csv", sb.toString());
        String[] args = {"profit", "--input", in.toString(), "--label-column", "label", "--score-column", "score",
            "--value-column", "clv"};
        if (accepted) {
            CliRun r = CliRun.run(args);
            assertEquals(0, r.code(), r.err());
            assertFalse(r.out().contains("NaN") || r.out().contains("Infinity"), r.out());
            assertTrue(r.out().contains("\"empc\""), r.out());
        } else {
            CliRun r = rejects(in, dir.resolve("none"), "13", "column '" + column + "'", args);
            assertFalse(r.out().contains("NaN") || r.out().contains("Infinity"), r.out());
        }
    }

    @Test
    void profitOnOneClassIsAnErrorNotNaN() throws IOException {
        Path in = write("predictions.csv", "label,score\n0,0.1\n0,0.5\n0,0.9\n");
        CliRun r = CliRun.run("profit", "--input", in.toString(), "--label-column", "label", "--score-column", "score");
        assertNotEquals(0, r.code(), r.out());
        assertFalse(r.out().contains("NaN") || r.out().contains("Infinity"), r.out());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    // ------------------------------------------------------------------ dates

    static Stream<Arguments> dates() {
        return Stream.of(
                Arguments.of("31/02/2024 in dd/MM/yyyy", "dd/MM/yyyy", "31/02/2024", false),
                Arguments.of("30/02/2024 in dd/MM/yyyy", "dd/MM/yyyy", "30/02/2024", false),
                Arguments.of("29/02/2023 (not a leap year)", "dd/MM/yyyy", "29/02/2023", false),
                Arguments.of("31/04/2024 in dd/MM/yyyy", "dd/MM/yyyy", "31/04/2024", false),
                Arguments.of("13th month", "dd/MM/yyyy", "01/13/2024", false),
                Arguments.of("day 00", "dd/MM/yyyy", "00/01/2024", false),
                Arguments.of("29/02/2024 (leap year)", "dd/MM/yyyy", "29/02/2024", true),
                Arguments.of("31.01.2024 in dd.MM.yyyy", "dd.MM.yyyy", "31.01.2024", true),
                Arguments.of("2024-02-30 in iso-date", "iso-date", "2024-02-30", false),
                Arguments.of("20240230 in yyyyMMdd", "yyyyMMdd", "20240230", false),
                Arguments.of("2024-02-29T25:00 in iso", "iso", "2024-02-29T25:00:00", false),
                Arguments.of("02/31/2024 in MM/dd/uuuu", "MM/dd/uuuu", "02/31/2024", false));
    }

    @ParameterizedTest(name = "{0}: accepted = {3}")
    @MethodSource("dates")
    void datesAreStrictEverywhere(String what, String format, String date, boolean accepted) throws IOException {
        String first = switch (format) {
            case "dd/MM/yyyy" -> "01/01/2024";
            case "dd.MM.yyyy" -> "01.01.2024";
            case "MM/dd/uuuu" -> "01/01/2024";
            case "iso-date", "iso" -> "2024-01-01";
            default -> "20240101";
        };
        Path in = write("log.csv", "customer_id,date,amount\n1," + first + ",10\n2," + first + ",5\n1," + date + ",7\n");
        Path out = dir.resolve("summary.csv");
        String[] args = {"summarize", "-i", in.toString(), "-o", out.toString(), "--date-format", format,
            "--observation-end", "2024-06-30"};
        if (accepted) {
            CliRun r = CliRun.run(args);
            assertEquals(0, r.code(), r.err());
            ColumnTable t = TableIO.read(out);
            assertEquals("1", t.strings("customer_id")[0]);
            assertEquals("1", t.strings("frequency")[0]);
        } else {
            rejects(in, out, "4", "column 'date'", args);
        }
    }

    // ------------------------------------------------------------------ encodings and ids

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void invalidUtf8IsALocatedErrorAndADeclaredEncodingIsHonoured() throws IOException {
        byte[] log = latin1("customer_id,date,amount\nJos\u00e9,2024-01-01,10\nJos\u00e8,2024-01-02,5\n");
        Path in = write("latin1.csv", log);
        Path out = dir.resolve("summary.csv");
        CliRun r = rejects(in, out, "2", "column 4", "summarize", "-i", in.toString(), "-o", out.toString());
        assertTrue(r.err().contains("0xE9") && r.err().contains("--encoding"), r.err());
        CliRun ok = CliRun.run("summarize", "-i", in.toString(), "-o", out.toString(), "--encoding", "ISO-8859-1");
        assertEquals(0, ok.code(), ok.err());
        String[] ids = TableIO.read(out).strings("customer_id");
        assertArrayEquals(new String[] {"Jos\u00e9", "Jos\u00e8"}, ids, "two customers, not one U+FFFD id");
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("lone continuation byte", new byte[] {'x', (byte) 0x80, 'y'}, "2"),
                Arguments.of("truncated 2-byte sequence", new byte[] {'x', (byte) 0xC3}, "2"),
                Arguments.of("overlong encoding of '/'", new byte[] {(byte) 0xC0, (byte) 0xAF}, "1"),
                Arguments.of("UTF-16 surrogate encoded", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "1"),
                Arguments.of("byte 0xFF", new byte[] {'a', 'b', (byte) 0xFF}, "3"));
    }

    @ParameterizedTest(name = "{0} in an id: summarize and fit name line 3, column {2}")
    @MethodSource("encodings")
    void invalidBytesAreLocatedInLogsAndSummaries(String what, byte[] id, String column) throws IOException {
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        log.writeBytes("customer_id,date,amount\nok,2024-01-01,10\n".getBytes(StandardCharsets.UTF_8));
        log.writeBytes(id);
        log.writeBytes(",2024-01-02,5\n".getBytes(StandardCharsets.UTF_8));
        Path in = write("log.csv", log.toByteArray());
        Path out = dir.resolve("summary.csv");
        rejects(in, out, "3", "column " + column, "summarize", "-i", in.toString(), "-o", out.toString());
        java.io.ByteArrayOutputStream summary = new java.io.ByteArrayOutputStream();
        summary.writeBytes((SUMMARY_HEADER + "ok,1,3,30,5\n").getBytes(StandardCharsets.UTF_8));
        summary.writeBytes(id);
        summary.writeBytes(",0,0,30,\n".getBytes(StandardCharsets.UTF_8));
        Path sum = write("summary-in.csv", summary.toByteArray());
        Path model = dir.resolve("m.json");
        rejects(sum, model, "3", "column " + column, "fit", "--model", "pareto-nbd", "-i", sum.toString(), "-o",
                model.toString());
    }

    static Stream<Arguments> ids() {
        return Stream.of(
                Arguments.of("NUL inside", "a\u0000b", false),
                Arguments.of("NUL at the end", "ab\u0000", false),
                Arguments.of("bell character", "a\u0007", false),
                Arguments.of("C1 control", "a\u0085b", false),
                Arguments.of("only blanks", "   ", false),
                Arguments.of("surrounding blanks", "  ab  ", true),
                Arguments.of("surrounding tab", "\tab", true),
                Arguments.of("inner blank", "a b", true),
                Arguments.of("accented", "Jos\u00e9", true));
    }

    @ParameterizedTest(name = "id {0}: accepted = {2}, the same in logs and summaries")
    @MethodSource("ids")
    void idsAreNormalisedTheSameWayEverywhere(String what, String id, boolean accepted) throws IOException {
        String quoted = "\"" + id + "\"";
        Path log = write("log.csv", "customer_id,date,amount\n" + quoted + ",2024-01-01,10\n" + quoted + ",2024-02-01,5\nz,2024-01-05,3\n");
        Path summary = dir.resolve("summary.csv");
        String[] summarize = {"summarize", "-i", log.toString(), "-o", summary.toString(), "--observation-end", "2024-06-30"};
        Path in = write("summary-in.csv", SUMMARY_HEADER + VALID_ROWS + quoted + ",1,3,30,5\n");
        Path scores = dir.resolve("scores.csv");
        Path model = write("pnbd.json", PNBD);
        String[] score = {"score", "-H", "13", "--model", model.toString(), "-i", in.toString(), "-o", scores.toString()};
        if (accepted) {
            CliRun r = CliRun.run(summarize);
            assertEquals(0, r.code(), r.err());
            assertEquals(id.strip(), TableIO.read(summary).strings("customer_id")[0]);
            CliRun s = CliRun.run(score);
            assertEquals(0, s.code(), s.err());
            assertEquals(id.strip(), TableIO.read(scores).strings("customer_id")[8], "same id as the log reader gives");
        } else {
            rejects(log, summary, "2", "column 'customer_id'", summarize);
            rejects(in, scores, "10", "column 'customer_id'", score);
        }
    }

    @Test
    void aByteOrderMarkIsAcceptedInLogsAndSummaries() throws IOException {
        Path log = write("log.csv", "\uFEFFcustomer_id,date,amount\n1,2024-01-01,10\n");
        Path out = dir.resolve("s.csv");
        assertEquals(0, CliRun.run("summarize", "-i", log.toString(), "-o", out.toString()).code());
        Path in = write("summary-in.csv", "\uFEFF" + SUMMARY_HEADER + VALID_ROWS);
        CliRun r = CliRun.run("score", "-H", "13", "--model", write("pnbd.json", PNBD).toString(), "-i", in.toString(), "-o",
                dir.resolve("scores.csv").toString());
        assertEquals(0, r.code(), r.err());
    }

    // ------------------------------------------------------------------ values

    static Stream<Arguments> amounts() {
        return Stream.of(
                Arguments.of("1e308", false), Arguments.of("-1e308", false), Arguments.of("Infinity", false),
                Arguments.of("1e16", false), Arguments.of("1.7976931348623157E308", false),
                Arguments.of("1e15", true), Arguments.of("0.01", true));
    }

    @ParameterizedTest(name = "amount {0}: accepted = {1}; never Infinity in the output")
    @MethodSource("amounts")
    void hugeAmountsAreRefusedWhereTheyEnter(String amount, boolean accepted) throws IOException {
        Path in = write("log.csv", "customer_id,date,amount\n1,2024-01-01,10\n1,2024-01-05," + amount + "\n1,2024-01-09,"
                + amount + "\n2,2024-01-02,3\n");
        Path out = dir.resolve("summary.csv");
        String[] args = {"summarize", "-i", in.toString(), "-o", out.toString(), "--allow-negative-amounts"};
        if (accepted) {
            CliRun r = CliRun.run(args);
            assertEquals(0, r.code(), r.err());
            String text = Files.readString(out);
            assertFalse(text.contains("Infinity") || text.contains("NaN"), text);
        } else {
            rejects(in, out, "3", "column 'amount'", args);
        }
    }

    @Test
    void writersRefuseInfiniteValuesNamingColumnAndCustomer() {
        ColumnTable t = ColumnTable.builder().addString("customer_id", new String[] {"a", "b"})
                .addDouble("clv", new double[] {1, Double.POSITIVE_INFINITY}).build();
        for (String name : List.of("x.csv", "x.parquet", "x.arrow", "x.txt")) {
            Path out = dir.resolve(name);
            ChurnkitException e = assertThrows(ChurnkitException.class, () -> TableIO.write(t, out));
            assertTrue(e.getMessage().contains("column 'clv'") && e.getMessage().contains("customer 'b'"), e.getMessage());
            assertFalse(Files.exists(out));
        }
        ColumnTable missing = ColumnTable.builder().addString("customer_id", new String[] {"a"})
                .addDouble("monetary_value", new double[] {Double.NaN}).build();
        Path csv = dir.resolve("m.csv");
        TableIO.write(missing, csv);
        assertFalse(assertDoesNotThrowRead(csv).contains("NaN"), "NaN is written as an empty cell");
        Path parquet = dir.resolve("m.parquet");
        TableIO.write(missing, parquet);
        assertTrue(Double.isNaN(TableIO.read(parquet, null, Map.of("monetary_value", ColumnType.DOUBLE), false)
                .doubles("monetary_value")[0]), "a null reads back as missing");
    }

    private static String assertDoesNotThrowRead(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ model files

    static Stream<Arguments> modelFiles() {
        String body = "\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 0.55, \"alpha\": 10.6, \"s\": 0.61, \"beta\": 11.7}";
        return Stream.of(
                Arguments.of("format from the future", "{\"format_version\": 2, " + body + "}",
                        "written by a newer churnkit (format 2); this version reads up to format 1"),
                Arguments.of("trailing garbage", "{" + body + "} x", "line 1"),
                Arguments.of("two concatenated objects", "{" + body + "}\n{" + body + "}", "line 2"),
                Arguments.of("duplicate key", "{" + body + ",\n \"model\": \"bg-nbd\"}", "line 2"),
                Arguments.of("duplicate parameter", "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 0.55, \"r\": 5, "
                        + "\"alpha\": 10.6, \"s\": 0.61, \"beta\": 11.7}}", "line 1"),
                Arguments.of("truncated", "{" + body, "line 1"),
                Arguments.of("format_version text", "{\"format_version\": \"one\", " + body + "}", "format_version"),
                Arguments.of("NaN parameter", "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": NaN, \"alpha\": 10.6, "
                        + "\"s\": 0.61, \"beta\": 11.7}}", "line 1"));
    }

    @ParameterizedTest(name = "model file with {0} is refused")
    @MethodSource("modelFiles")
    void modelFilesAreParsedStrictly(String what, String json, String expected) throws IOException {
        Path model = write("model.json", json);
        Path in = write("summary.csv", SUMMARY_HEADER + VALID_ROWS);
        Path out = dir.resolve("scores.csv");
        CliRun r = rejects(model, out, null, null, "score", "-H", "13", "--model", model.toString(), "-i", in.toString(), "-o",
                out.toString());
        assertTrue(r.err().contains(expected), r.err());
    }

    static Stream<Arguments> goodModelFiles() {
        String body = "\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 0.55, \"alpha\": 10.6, \"s\": 0.61, \"beta\": 11.7}";
        return Stream.of(
                Arguments.of("minimal hand-written form", "{" + body + ", \"time_unit\": \"week\"}"),
                Arguments.of("UTF-8 byte-order mark", "\uFEFF{" + body + ", \"time_unit\": \"week\"}"),
                Arguments.of("format_version 1", "{\"format_version\": 1, " + body + ", \"time_unit\": \"week\"}"),
                Arguments.of("unknown field", "{" + body + ", \"colour\": \"blue\", \"time_unit\": \"week\"}"));
    }

    @ParameterizedTest(name = "model file with {0} scores, its time_unit used for DERT")
    @MethodSource("goodModelFiles")
    void goodModelFilesLoadAndTheirTimeUnitIsUsed(String what, String json) throws IOException {
        Path model = write("model.json", json);
        Path in = write("summary.csv", SUMMARY_HEADER + VALID_ROWS);
        Path out = dir.resolve("scores.csv");
        CliRun r = CliRun.run("score", "-H", "13", "--model", model.toString(), "--spend-model", write("gg.json", GG).toString(),
                "-i", in.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("per week"), "the hand-written time_unit gives the discount unit:\n" + r.err());
    }

    @Test
    void segmentationModelFilesAreParsedStrictlyToo() throws IOException {
        Path in = write("scores.csv", scoresCsv(null, null));
        Path seg = dir.resolve("seg.json");
        CliRun made = CliRun.run("segment", "--scores", in.toString(), "--output", dir.resolve("first.csv").toString(),
                "--k", "3", "--model-out", seg.toString());
        assertEquals(0, made.code(), made.err());
        String json = Files.readString(seg);
        Path out = dir.resolve("assigned.csv");
        for (String bad : List.of(json + " x", json + json)) {
            Path broken = write("broken.json", bad);
            CliRun r = rejects(broken, out, null, null, "segment", "--scores", in.toString(), "--output", out.toString(),
                    "--model", broken.toString());
            assertTrue(r.err().contains("line"), r.err());
        }
        Path bom = write("bom.json", "\uFEFF" + json);
        CliRun r = CliRun.run("segment", "--scores", in.toString(), "--output", out.toString(), "--model", bom.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void theFormat1FixtureKeepsLoading() throws IOException {
        Path fixture = Path.of("..", "toolkit-core", "src", "test", "resources", "org", "churnkit", "model",
                "pareto-nbd-format1.json");
        Assumptions.assumeTrue(Files.isRegularFile(fixture), "the toolkit-core fixture is not beside this module");
        assertEquals(0.5532754956394211, ModelFiles.read(fixture).parameters().get("r"));
        Path in = write("summary.csv", SUMMARY_HEADER + VALID_ROWS);
        CliRun r = CliRun.run("score", "-H", "13", "--model", fixture.toString(), "-i", in.toString(), "-o",
                dir.resolve("s.csv").toString());
        assertEquals(0, r.code(), r.err());
    }

    // ------------------------------------------------------------------ options

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("backtest --recent-window -5", List.of("backtest", "--origins", "2024-03-01", "--horizon", "4",
                        "--recent-window", "-5"), "--recent-window"),
                Arguments.of("backtest --models bg-bb", List.of("backtest", "--origins", "2024-03-01", "--horizon", "4",
                        "--models", "bg-bb"), "--models"),
                Arguments.of("backtest --models gamma-gamma", List.of("backtest", "--origins", "2024-03-01", "--horizon", "4",
                        "--models", "pareto-nbd,gamma-gamma"), "--models"),
                Arguments.of("backtest --horizon 0", List.of("backtest", "--origins", "2024-03-01", "--horizon", "0"), "--horizon"),
                Arguments.of("backtest --horizon NaN", List.of("backtest", "--origins", "2024-03-01", "--horizon", "NaN"), "--horizon"),
                Arguments.of("backtest --gap -1", List.of("backtest", "--origins", "2024-03-01", "--horizon", "4", "--gap", "-1"), "--gap"),
                Arguments.of("backtest --window-length -2", List.of("backtest", "--origins", "2024-03-01", "--horizon", "4",
                        "--window", "sliding", "--window-length", "-2"), "--window-length"),
                Arguments.of("score --horizon -1", List.of("score", "--horizon", "-1", "--model", "M"), "--horizon"),
                Arguments.of("score --margin 1.5", List.of("score", "-H", "13", "--model", "M", "--margin", "1.5"), "--margin"),
                Arguments.of("score --discount-rate -0.1", List.of("score", "-H", "13", "--model", "M", "--discount-rate", "-0.1"), "--discount-rate"),
                Arguments.of("score --periods-per-year 0", List.of("score", "-H", "13", "--model", "M", "--periods-per-year", "0"), "--periods-per-year"),
                Arguments.of("target --acceptance 2", List.of("target", "--scores", "S", "--acceptance", "2"), "--acceptance"),
                Arguments.of("target --incentive -3", List.of("target", "--scores", "S", "--incentive", "-3"), "--incentive"),
                Arguments.of("target --budget -1", List.of("target", "--scores", "S", "--budget", "-1"), "--budget"),
                Arguments.of("fit --max-iterations 0", List.of("fit", "--model", "pareto-nbd", "--max-iterations", "0"), "--max-iterations"),
                Arguments.of("fit bg-bb on a log", List.of("fit", "--model", "bg-bb", "--log", "LOG"), "--model bg-bb"),
                Arguments.of("simulate --customers 0", List.of("simulate", "--model", "pareto-nbd", "--parameters",
                        "r=0.55,alpha=10.6,s=0.61,beta=11.7", "--seed", "1", "--customers", "0"), "--customers"),
                Arguments.of("segment --restarts 0", List.of("segment", "--scores", "S", "--restarts", "0"), "--restarts"),
                Arguments.of("profit --alpha 0", List.of("profit", "--input", "S", "--label-column", "l", "--score-column", "s",
                        "--alpha", "0"), "--alpha"));
    }

    @ParameterizedTest(name = "{0}: usage error, exit 2, nothing written")
    @MethodSource("badOptions")
    void optionsAreValidatedUpFront(String what, List<String> args, String option) throws IOException {
        Path log = write("log.csv", "customer_id,date,amount\n1,2024-01-01,10\n2,2024-01-05,3\n1,2024-02-01,4\n");
        Path out = dir.resolve("out");
        List<String> full = new ArrayList<>();
        for (String a : args) {
            full.add(switch (a) {
                case "M", "S", "LOG" -> log.toString();
                default -> a;
            });
        }
        String command = args.get(0);
        if (command.equals("backtest")) {
            full.addAll(List.of("-i", log.toString(), "-o", out.toString()));
        } else if (command.equals("score") || command.equals("fit") && !args.contains("--log")) {
            full.addAll(List.of("-i", log.toString(), "-o", out.toString()));
        } else if (command.equals("fit")) {
            full.addAll(List.of("-o", out.toString()));
        } else if (!command.equals("profit")) {
            full.addAll(List.of("--output", out.toString()));
        }
        byte[] before = Files.readAllBytes(log);
        CliRun r = CliRun.run(full.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.contains(option) && !first.startsWith("Missing required"), "the message names " + option + ":\n" + r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out), "nothing written");
        assertArrayEquals(before, Files.readAllBytes(log));
    }

    // ------------------------------------------------------------------ formula injection

    static Stream<Arguments> formulas() {
        return Stream.of(
                Arguments.of("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
                Arguments.of("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
                Arguments.of("-2+3", "'-2+3"),
                Arguments.of("@SUM(1+1)", "'@SUM(1+1)"),
                Arguments.of("'quoted", "''quoted"),
                Arguments.of("-5", "-5"),
                Arguments.of("+7.5", "+7.5"),
                Arguments.of("plain", "plain"));
    }

    @ParameterizedTest(name = "id {0}: {1} in target and segment lists, exact in machine outputs")
    @MethodSource("formulas")
    void formulaInjectionIsNeutralisedInHumanFacingOutputsOnly(String id, String safe) throws IOException {
        String csvId = "\"" + id.replace("\"", "\"\"") + "\"";
        String scores = scoresCsv(null, null).replaceFirst("\nc0,", "\n" + java.util.regex.Matcher.quoteReplacement(csvId) + ",");
        Path in = write("scores.csv", scores);
        Path campaign = dir.resolve("campaign.csv");
        CliRun t = CliRun.run("target", "--scores", in.toString(), "--output", campaign.toString());
        assertEquals(0, t.code(), t.err());
        List<String> targetIds = List.of(TableIO.read(campaign).strings("customer_id"));
        assertTrue(targetIds.contains(safe), "target list holds " + safe + ": " + targetIds);
        Path segments = dir.resolve("segments.csv");
        CliRun s = CliRun.run("segment", "--scores", in.toString(), "--output", segments.toString(), "--k", "3");
        assertEquals(0, s.code(), s.err());
        assertEquals(safe, TableIO.read(segments).strings("customer_id")[0]);
        Path report = dir.resolve("report.html");
        CliRun rep = CliRun.run("report", "--scores", in.toString(), "--segments", segments.toString(), "--output",
                report.toString());
        assertEquals(0, rep.code(), "the report reads the neutralised segment list back: " + rep.err());
        // machine output: a summary keeps the id exactly
        Path log = write("log.csv", "customer_id,date,amount\n" + csvId + ",2024-01-01,10\n");
        Path summary = dir.resolve("summary.csv");
        assertEquals(0, CliRun.run("summarize", "-i", log.toString(), "-o", summary.toString()).code());
        assertEquals(id, TableIO.read(summary).strings("customer_id")[0]);
    }

    // ------------------------------------------------------------------ extreme parameters

    static Stream<Arguments> parameters() {
        return Stream.of(
                Arguments.of("r = 1e300, alpha = 1e200", "r=1e300,alpha=1e200,s=1,beta=1", false),
                Arguments.of("r = 1e13", "r=1e13,alpha=10.6,s=0.61,beta=11.7", false),
                Arguments.of("beta = 1e-11", "r=0.55,alpha=10.6,s=0.61,beta=1e-11", false),
                Arguments.of("alpha = 1e200", "r=0.55,alpha=1e200,s=0.61,beta=11.7", false),
                Arguments.of("alpha = 2e13 beyond the edge", "r=1e12,alpha=2e13,s=0.61,beta=11.7", false),
                Arguments.of("r = 1e10, alpha = 2e11", "r=1e10,alpha=2e11,s=0.61,beta=11.7", true),
                Arguments.of("published CDNOW", "r=0.55,alpha=10.6,s=0.61,beta=11.7", true),
                Arguments.of("beta = 14851 (largest golden value)", "r=0.08,alpha=1.9,s=8.75,beta=14851.36", true));
    }

    @ParameterizedTest(name = "{0}: accepted = {2}")
    @MethodSource("parameters")
    void parametersOutsideTheVerifiedDomainAreRefused(String what, String params, boolean accepted) throws IOException {
        StringBuilder json = new StringBuilder("{\"model\": \"pareto-nbd\", \"time_unit\": \"week\", \"parameters\": {");
        String[] kv = params.split(",");
        for (int i = 0; i < kv.length; i++) {
            String[] p = kv[i].split("=");
            json.append(i > 0 ? ", " : "").append('"').append(p[0]).append("\": ").append(p[1]);
        }
        Path model = write("model.json", json.append("}}").toString());
        Path in = write("summary.csv", SUMMARY_HEADER + VALID_ROWS);
        Path out = dir.resolve("scores.csv");
        if (accepted) {
            CliRun r = CliRun.run("score", "-H", "13", "--model", model.toString(), "-i", in.toString(), "-o", out.toString());
            assertEquals(0, r.code(), r.err());
            for (String v : TableIO.read(out).strings("p_alive")) {
                double p = Double.parseDouble(v);
                assertTrue(p >= 0 && p <= 1, v);
            }
        } else {
            CliRun r = rejects(model, out, null, null, "score", "-H", "13", "--model", model.toString(), "-i", in.toString(), "-o",
                    out.toString());
            assertTrue(r.err().contains("outside the supported domain"), r.err());
            Path sim = dir.resolve("sim.csv");
            CliRun s = CliRun.run("simulate", "--model", "pareto-nbd", "--parameters", params, "-n", "10", "--seed", "1",
                    "--output", sim.toString());
            assertEquals(1, s.code(), s.err());
            assertTrue(s.err().contains("outside the supported domain"), s.err());
            assertFalse(Files.exists(sim));
        }
    }
}
