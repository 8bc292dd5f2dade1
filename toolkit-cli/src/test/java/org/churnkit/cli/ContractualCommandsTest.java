package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subscription (contractual) side of the command line: summarize --contractual, fit, score. */
class ContractualCommandsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void summarizeTurnsDatesIntoPeriodsAndCountsOddRows() throws IOException {
        Path in = write("subs.csv", "customer_id,start,end\n"
                + "a,2024-01-15,\n"
                + "b,2024-01-15,2024-02-15\n"
                + "c,2024-01-20,2024-03-20\n"
                + "d,2024-02-01,2024-01-01\n" // ends before it starts
                + "e,2024-07-01,\n"); // starts after the as-of date
        Path out = dir.resolve("subscribers.csv");
        Path surv = dir.resolve("cohorts.csv");
        CliRun r = CliRun.run("summarize", "--contractual", "-i", in.toString(), "--as-of", "2024-06-30",
                "--cohort", "month", "-o", out.toString(), "--survivors", surv.toString());
        assertEquals(0, r.code(), r.err());
        ColumnTable t = TableIO.read(out);
        assertEquals(List.of("customer_id", "cohort", "start", "end", "periods", "cancelled"), t.columnNames());
        assertEquals(List.of("a", "b", "c"), List.of(t.strings("customer_id")));
        assertEquals(List.of("6", "1", "2"), List.of(t.stringsOf("periods")));
        assertEquals(List.of("0", "1", "1"), List.of(t.stringsOf("cancelled")));
        assertTrue(r.err().contains("read 3 subscribers"), r.err());
        assertTrue(r.err().contains("1 subscriptions ending before they start: dropped (first: subscriber 'd', "
                + "subs.csv line 5)"), r.err());
        assertTrue(r.err().contains("1 subscriptions starting after the as-of date 2024-06-30: dropped"), r.err());
        assertTrue(r.err().contains("a renewal date counts once on or before the as-of date"), r.err());
        ColumnTable s = TableIO.read(surv);
        assertEquals(List.of("cohort", "period", "survivors"), s.columnNames());
        assertEquals(List.of("3", "2", "1", "1", "1", "1"), List.of(s.stringsOf("survivors")));
    }

    @Test
    void summarizeNamesTheBadCell() throws IOException {
        Path in = write("subs.csv", "customer_id,start,end\na,2024-01-15,\nb,15/01/2024,\n");
        Path out = dir.resolve("subscribers.csv");
        CliRun r = CliRun.run("summarize", "--contractual", "-i", in.toString(), "-o", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(in + ":3: column 'start': expected an ISO date"), r.err());
        assertFalse(Files.exists(out));
    }

    /** The two cohorts of Fader and Hardie (2007), survivors at the end of years 0-12. */
    static Path faderHardie() {
        try {
            return Path.of(ContractualCommandsTest.class.getResource("/contractual/fader_hardie_2007.csv").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fitReproducesFaderHardie2007OnYears1To7AndProjectsTheRest() throws IOException {
        Path out = dir.resolve("sbg.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", faderHardie().toString(), "--period", "year",
                "--calibration-periods", "7", "--compare", "-o", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        // the published estimates to their printed digits (Fader and Hardie 2007, p. 82)
        String regular = r.out().substring(r.out().indexOf("cohort regular"));
        String high = r.out().substring(r.out().indexOf("cohort high_end"));
        assertTrue(line(regular, "gamma").matches("gamma\\s+0\\.704\\d*\\s.*"), line(regular, "gamma"));
        assertTrue(line(regular, "delta").matches("delta\\s+1\\.18[12]\\d*\\s.*"), line(regular, "delta"));
        assertEquals(0.704, estimate(regular, "gamma"), 5e-4);
        assertEquals(1.182, estimate(regular, "delta"), 5e-4);
        assertEquals(0.668, estimate(high, "gamma"), 5e-4);
        assertEquals(3.806, estimate(high, "delta"), 5e-4);
        // years 8-12 are projected against the actual survivors
        assertTrue(line(regular, "    12 ").contains("173"), regular);
        assertTrue(line(regular, "    12 ").endsWith("projected"), line(regular, "    12 "));
        assertTrue(regular.contains("BdW vs sBG: LR = "), regular);
        assertTrue(Files.exists(dir.resolve("sbg-regular.json")), r.err());
        assertTrue(Files.exists(dir.resolve("sbg-high_end.json")), r.err());
        String json = Files.readString(dir.resolve("sbg-regular.json"));
        var contents = org.churnkit.contractual.ContractualModelFiles.read(dir.resolve("sbg-regular.json"));
        assertEquals("year", contents.period(), json);
        assertEquals(0.704, contents.model().parameterArray()[0], 5e-4);
    }

    @Test
    void fitOnSubscribersAndAnUnknownModelNamesTheChoices() throws IOException {
        Path in = write("subs.csv", "customer_id,periods,cancelled\n"
                + "a,1,1\nb,1,1\nc,2,1\nd,3,0\ne,4,1\nf,5,0\ng,2,1\nh,6,0\ni,1,1\nj,3,1\nk,7,0\nl,2,0\n");
        Path out = dir.resolve("m.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", in.toString(), "-o", out.toString());
        assertTrue(r.code() == 0 || r.code() == FitCommand.EXIT_ILL_POSED, r.err() + r.out());
        assertTrue(r.out().contains("Model: sBG (period: month)"), r.out());
        assertTrue(r.err().contains("read 12 subscribers"), r.err());
        r = CliRun.run("fit", "--model", "sgb", "-i", in.toString(), "-o", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("for subscriptions sbg or bdw"), r.err());
    }

    private static String line(String text, String start) {
        for (String l : text.split("\\R")) {
            if (l.startsWith(start)) {
                return l;
            }
        }
        throw new AssertionError("no line starting with '" + start + "' in\n" + text);
    }

    private static double estimate(String text, String parameter) {
        return Double.parseDouble(line(text, parameter).trim().split("\\s+")[1]);
    }

    @Test
    void scoreGivesEachCohortsSubscribersTheirRenewalProbabilityDerlAndValue() throws IOException {
        Path model = dir.resolve("sbg.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", faderHardie().toString(), "--period", "year",
                "--calibration-periods", "7", "-o", model.toString());
        assertEquals(0, r.code(), r.err());
        Path subs = write("subs.csv", "customer_id,periods,cancelled,cohort,price\n"
                + "a,1,0,regular,100\nb,5,0,regular,120\nc,3,1,regular,100\nd,2,0,high_end,80\n");
        Path out = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", model.toString(), "-i", subs.toString(), "-o", out.toString(), "-H", "3",
                "--annual-discount-rate", "0.1", "--margin", "0.5", "--price-column", "price");
        assertEquals(0, r.code(), r.err());
        ColumnTable t = TableIO.read(out);
        assertEquals(List.of("customer_id", "cohort", "periods", "p_renewal", "expected_periods", "derl", "price",
                "residual_value"), t.columnNames());
        assertEquals(List.of("a", "b", "d"), List.of(t.strings("customer_id")));
        assertTrue(r.err().contains("1 cancelled not scored"), r.err());
        double[] gd = parameters(dir.resolve("sbg-regular.json"));
        double[] p = t.finiteDoubles("p_renewal");
        double[] e = t.finiteDoubles("expected_periods");
        double[] derl = t.finiteDoubles("derl");
        double[] value = t.finiteDoubles("residual_value");
        // subscriber b: in year 5; r(n) = (delta + n - 1) / (gamma + delta + n - 1) for the sBG
        assertEquals(retention(gd, 5), p[1], 1e-12);
        assertEquals(retention(gd, 5) * (1 + retention(gd, 6) * (1 + retention(gd, 7))), e[1], 1e-12);
        // DERL(n) = sum_{t >= n} S(t) / S(n - 1) / 1.1^(t - n + 1), summed directly (annual periods)
        double sum = 0;
        double alive = 1;
        for (int k = 5; k < 200_000; k++) {
            alive *= retention(gd, k) / 1.1;
            sum += alive;
        }
        assertEquals(sum, derl[1], 1e-9 * sum);
        assertEquals(0.5 * 120 * derl[1], value[1], 1e-9);
        double[] high = parameters(dir.resolve("sbg-high_end.json"));
        assertEquals(retention(high, 2), p[2], 1e-12);
    }

    private static double retention(double[] gammaDelta, int n) {
        return (gammaDelta[1] + n - 1) / (gammaDelta[0] + gammaDelta[1] + n - 1);
    }

    private static double[] parameters(Path modelFile) throws IOException {
        java.util.Map<?, ?> root = (java.util.Map<?, ?>) org.churnkit.io.JsonText.parse(Files.readString(modelFile), "m");
        java.util.Map<?, ?> p = (java.util.Map<?, ?>) root.get("parameters");
        return new double[] {((Number) p.get("gamma")).doubleValue(), ((Number) p.get("delta")).doubleValue()};
    }

    /**
     * Simulated subscribers end to end: lifetimes drawn from an sBG, turned into start and end
     * dates over two years of monthly cohorts, read back through the date rule and fitted; the
     * estimates must recover the truth within 3 standard errors (a date rule off by one period
     * would bias delta far beyond that with 36,000 subscribers).
     */
    @Test
    void simulatedSubscribersRecoverTheirParametersThroughTheDateRule() throws IOException {
        double gamma = 0.7;
        double delta = 1.2;
        var sim = org.churnkit.contractual.ContractualSimulator.of(
                org.churnkit.contractual.ContractualModel.of(org.churnkit.contractual.ContractualKind.SBG,
                        new double[] {gamma, delta}, null));
        var rng = org.apache.commons.rng.simple.RandomSource.SPLIT_MIX_64.create(19L);
        java.time.LocalDate asOf = java.time.LocalDate.parse("2024-12-31");
        StringBuilder csv = new StringBuilder("customer_id,start,end\n");
        int id = 0;
        for (int month = 0; month < 24; month++) {
            var curve = sim.cohort(1500, 40, rng);
            for (int t = 1; t <= 41; t++) {
                long count = t <= 40 ? curve.churned(t) : curve.survivors(40);
                for (long j = 0; j < count; j++) {
                    java.time.LocalDate start = java.time.LocalDate.of(2023, 1, 1).plusMonths(month)
                            .plusDays(rng.nextInt(28));
                    // a lifetime of t periods ends at the t-th renewal date, which it does not take
                    java.time.LocalDate end = start.plusMonths(t);
                    csv.append('s').append(id++).append(',').append(start).append(',')
                            .append(t <= 40 && !end.isAfter(asOf) ? end.toString() : "").append('\n');
                }
            }
        }
        Path in = write("simulated.csv", csv.toString());
        Path out = dir.resolve("sim.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", in.toString(), "--as-of", "2024-12-31", "--cohort", "none",
                "-o", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("read 36,000 subscribers"), r.err());
        double[] g = estimateAndError(r.out(), "gamma");
        double[] d = estimateAndError(r.out(), "delta");
        assertEquals(gamma, g[0], 3 * g[1], r.out());
        assertEquals(delta, d[0], 3 * d[1], r.out());
        assertTrue(g[1] < 0.1 && d[1] < 0.2, r.out()); // the test has power
    }

    private static double[] estimateAndError(String text, String parameter) {
        String[] f = line(text, parameter).trim().split("\\s+");
        return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    @Test
    void reportDrawsTheRetentionCurvesInEnglishAndKorean() throws IOException {
        Path model = dir.resolve("sbg.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", faderHardie().toString(), "--period", "year",
                "--calibration-periods", "7", "-o", model.toString());
        assertEquals(0, r.code(), r.err());
        Path subs = write("subs.csv", "customer_id,periods,cancelled,cohort,price\n"
                + "a,1,0,regular,100\nb,5,0,regular,120\nc,3,1,regular,100\nd,2,0,high_end,80\ne,30,0,high_end,80\n");
        Path scores = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", model.toString(), "-i", subs.toString(), "-o", scores.toString(), "-H", "3",
                "--margin", "0.5", "--price-column", "price");
        assertEquals(0, r.code(), r.err());
        for (String lang : List.of("en", "ko")) {
            Path html = dir.resolve("report-" + lang + ".html");
            r = CliRun.run("report", "--scores", scores.toString(), "--model", model.toString(), "--survivors",
                    faderHardie().toString(), "--lang", lang, "--output", html.toString());
            assertEquals(0, r.code(), r.err());
            String page = Files.readString(html);
            assertTrue(page.contains("id=\"retention-regular\"") && page.contains("id=\"retention-high_end\""), page);
            assertTrue(page.contains("id=\"rate-regular\"") && page.contains("id=\"tenure\""), page);
            assertTrue(page.contains("class=\"band\""), "the projection has its interval band");
            assertFalse(page.contains("NaN") || page.contains("Infinity"), page);
            assertTrue(page.contains(lang.equals("ko") ? "유지 곡선" : "Retention curve"), page);
            assertTrue(page.contains("<td>25+</td>"), page); // subscriber e, in year 30
        }
    }

    @Test
    void summarizeReadsParquetSubscriptionsThroughTheTableReaders() throws IOException {
        Path in = dir.resolve("subs.parquet");
        TableIO.write(ColumnTable.builder().addString("customer_id", new String[] {"a", "b"})
                .addTimestamp("start", new long[] {java.time.LocalDate.parse("2024-01-15").toEpochDay() * 86_400L,
                        java.time.LocalDate.parse("2024-01-15").toEpochDay() * 86_400L})
                .addString("end", new String[] {null, "2024-03-20"}).build(), in);
        Path out = dir.resolve("subscribers.csv");
        CliRun r = CliRun.run("summarize", "--contractual", "-i", in.toString(), "--as-of", "2024-06-30", "-o",
                out.toString());
        assertEquals(0, r.code(), r.err());
        ColumnTable t = TableIO.read(out);
        assertEquals(List.of("6", "3"), List.of(t.stringsOf("periods")));
        assertEquals(List.of("0", "1"), List.of(t.stringsOf("cancelled")));
        assertEquals(List.of("2024-01-15", "2024-01-15"), List.of(t.stringsOf("start")));
    }

    @Test
    void cohortEffectsFitOneModelThatScoresEachCohortWithItsOwnShapes() throws IOException {
        Path model = dir.resolve("effects.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", faderHardie().toString(), "--period", "year",
                "--calibration-periods", "7", "--cohort-effects", "both", "-o", model.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("baseline cohort regular"), r.out());
        // with effects on both shapes the model is as flexible as two separate fits: the same curves
        assertEquals(0.704, estimate(r.out(), "gamma"), 5e-4);
        assertEquals(1.182, estimate(r.out(), "delta"), 5e-4);
        Path subs = write("subs.csv", "customer_id,periods,cancelled,cohort\na,2,0,regular\nb,2,0,high_end\n");
        Path out = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", model.toString(), "-i", subs.toString(), "-o", out.toString(), "-H", "1");
        assertEquals(0, r.code(), r.err());
        double[] p = TableIO.read(out).finiteDoubles("p_renewal");
        assertEquals(retention(new double[] {0.704, 1.182}, 2), p[0], 1e-3);
        assertEquals(retention(new double[] {0.668, 3.806}, 2), p[1], 1e-3);
    }
}
