package org.churnkit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.Segmentation;
import org.churnkit.segment.Segmenter;
import org.churnkit.segment.testing.SyntheticScores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.churnkit.i18n.Messages;
import org.churnkit.segment.SegmentNaming;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in a real browser, Debian's headless Chromium, offline. Chromium must be
 * installed ({@code apt-get install -y chromium}); without it this test fails, it does not skip,
 * so CI cannot pass without the browser check. Set {@code CHROMIUM} to use another binary.
 *
 * <p>Proof that the page fetched nothing: Chromium's net log (--log-net-log) records every URL
 * request with the site that made it. Chromium's own background traffic (component updates,
 * network time, account checks) carries no site or a google.com one; requests made by the page
 * carry the page's site, {@code file://}. The test asserts there is none of the latter, and a
 * control page with an external image and style sheet shows that the check does catch them.
 */
class ReportBrowserTest {
    private static ScoreColumns scores;
    private static Segmentation seg;

    @BeforeAll
    static void fit() {
        scores = SyntheticScores.generate(20_000, RandomSource.XO_RO_SHI_RO_128_PP.create(21L));
        seg = Segmenter.of().fit(scores, RandomSource.XO_RO_SHI_RO_128_PP.create(22L));
    }

    /** The segment totals' engine: the CDNOW Pareto/NBD with 40 draws of a small spread. */
    private static org.churnkit.model.PredictionIntervals totals() {
        org.churnkit.model.ParetoNbd model = org.churnkit.model.ParetoNbd.of(0.55, 10.58, 0.61, 11.67);
        double[][] cov = new double[4][4];
        for (int j = 0; j < 4; j++) {
            cov[j][j] = 0.01;
        }
        return org.churnkit.model.PredictionIntervals.of(model, org.churnkit.model.ParameterDraws.asymptotic(
                model.parameterArray(), cov, 40, RandomSource.XO_RO_SHI_RO_128_PP.create(23L)),
                org.churnkit.model.ScoringSettings.of(39));
    }

    private static org.churnkit.model.Histories histories() {
        return org.churnkit.model.Histories.of(scores.get("frequency"), scores.get("recency"), scores.get("T"));
    }

    static String chromium() {
        String env = System.getenv("CHROMIUM");
        if (env != null && !env.isBlank()) {
            return env;
        }
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        fail("Chromium is not installed, so the report cannot be checked in a browser. Install it with "
                + "'apt-get update && apt-get install -y chromium' (Debian) or set CHROMIUM=/path/to/chromium.");
        return null;
    }

    /** Runs headless Chromium on {@code page} with extra arguments; returns stdout. */
    static String run(Path page, Path work, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "profile");
        List<String> cmd = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path out = work.resolve("stdout-" + System.nanoTime());
        Path err = work.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish within 90 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "Chromium exit code; stderr:\n" + Files.readString(err));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** URL requests in a net log that were made by a page (their site is file://). */
    static List<String> pageRequests(Path netLog) throws IOException {
        JsonNode root = new ObjectMapper().readTree(netLog.toFile());
        Map<Integer, String> types = new HashMap<>();
        root.path("constants").path("logEventTypes").properties().forEach(e -> types.put(e.getValue().asInt(), e.getKey()));
        List<String> out = new ArrayList<>();
        for (JsonNode e : root.path("events")) {
            if (!"URL_REQUEST_START_JOB".equals(types.get(e.path("type").asInt()))) {
                continue;
            }
            JsonNode params = e.path("params");
            String url = params.path("url").asText("");
            if (params.path("network_isolation_key").asText("").contains("file://")
                    || params.path("site_for_cookies").asText("").contains("file://")
                    || url.startsWith("file:")) {
                out.add(url);
            }
        }
        return out;
    }

    /** Where the screenshots are kept for a person to look at: {@code target/report-screenshots/}. */
    static final Path SHOTS = Path.of("target", "report-screenshots");

    /** Whether fontconfig knows a font that covers Korean ({@code fc-list :lang=ko}). */
    static boolean koreanFontInstalled() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("fc-list", ":lang=ko", "family").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 && !out.isBlank();
    }

    static Stream<Arguments> languages() {
        return Stream.of(
                Arguments.of("en", new String[] {"Headline numbers", "Customer segments", "How likely are customers to still be active?",
                    "P(alive) by purchase frequency and recency", "Does the model track reality?",
                    "High-value customers at risk", "What the numbers mean"}, "Recommended action"),
                Arguments.of("ko", new String[] {"핵심 지표", "고객 세그먼트", "고객이 아직 활성 상태일 가능성은 얼마나 될까요?",
                    "구매 빈도와 최근성에 따른 활성 확률", "모델이 실제를 잘 따라가나요?", "이탈 위험이 있는 고가치 고객", "용어 설명"},
                    "권장 조치"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("languages")
    void reportRendersOfflineWithoutAnyRequest(String lang, String[] headings, String actionHeader, @TempDir Path dir)
            throws Exception {
        Messages m = Messages.of(Messages.parseLocale(lang));
        if (lang.equals("ko")) {
            assertTrue(koreanFontInstalled(), "no font with Hangul is installed, so Chromium would draw the Korean report as "
                    + "empty boxes; install one with 'apt-get install -y fonts-noto-cjk' (Debian)");
        }
        Path page = dir.resolve("report.html");
        CustomerReport.builder(scores).subtitle("Browser test").segmentation(seg).tracking(CustomerReportTest.tracking())
                .trackingBand(ReportIntervalsTest.band(CustomerReportTest.tracking()), 0.9)
                .segmentTotals(totals(), histories(), 0.9)
                .timeUnit("week").messages(m).build().write(page);

        Path netLog = dir.resolve("net.json");
        String dom = run(page, dir, "--log-net-log=" + netLog, "--net-log-capture-mode=Default", "--dump-dom");
        assertTrue(dom.contains("<html lang=\"" + lang + "\">"), "page language");
        for (String h : headings) {
            assertTrue(dom.contains("<h2>" + h + "</h2>"), "rendered heading " + h);
        }
        assertTrue(dom.contains("<table class=\"segments\">"), "segment table rendered");
        String table = dom.substring(dom.indexOf("<table class=\"segments\">"), dom.indexOf("</table>", dom.indexOf("<table class=\"segments\">")));
        assertEquals(seg.k(), CustomerReportTest.count(table, "<tr><td>"), "one row per segment");
        assertTrue(table.contains(actionHeader), "action column header in " + lang);
        assertTrue(table.contains(Html.esc(m.get("segments.col.expectedTotal", "90"))), "totals heading in " + lang);
        assertEquals(seg.k(), CustomerReportTest.count(table, "<td class=\"num total\">"), "one total per segment");
        for (String name : seg.model().names()) {
            String shown = SegmentNaming.parse(name).orElseThrow().render(m);
            assertTrue(table.contains(Html.esc(shown)), "segment name in " + lang + ": " + shown);
        }
        assertEquals(4, CustomerReportTest.count(dom, "<svg "), "four inline SVG charts in the DOM");
        // The browser parsed the band as an SVG polygon inside the tracking chart, with its legend.
        String chart = dom.substring(dom.indexOf("<section id=\"tracking\">"), dom.indexOf("</section>", dom.indexOf("<section id=\"tracking\">")));
        assertEquals(1, CustomerReportTest.count(chart, "<polygon class=\"band\""), "the tracking band in the DOM");
        assertTrue(chart.contains(Html.esc(m.get("tracking.band", "90"))), "the band's legend in " + lang);
        assertTrue(Files.size(netLog) > 0, "net log written");
        assertEquals(List.of(), pageRequests(netLog), "requests made by the report page");

        Path shot = dir.resolve("report.png");
        run(page, dir, "--screenshot=" + shot, "--window-size=1100,3000", "--hide-scrollbars");
        byte[] png = Files.readAllBytes(shot);
        assertTrue(png.length > 50_000, "a screenshot with content: " + png.length + " bytes");
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        // Kept for a person to look at (the build's own output folder, not the test's temporary one).
        Files.createDirectories(SHOTS);
        Files.copy(shot, SHOTS.resolve("report-" + lang + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(page, SHOTS.resolve("report-" + lang + ".html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String keep = System.getProperty("churnkit.report.screenshot");
        if (keep != null) {
            Files.copy(shot, Path.of(keep.replace(".png", "-" + lang + ".png")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The covariate effects as the browser renders them: the section's heading, one table row per
     * coefficient with its multiplier and sentence, and the "no detectable effect" wording, in
     * English and Korean.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"en", "ko"})
    void covariateEffectsRenderInBothLanguages(String lang, @TempDir Path dir) throws Exception {
        Messages m = Messages.of(Messages.parseLocale(lang));
        org.churnkit.model.CovariateEffects fx = CustomerReportTest.effects();
        Path page = dir.resolve("effects.html");
        CustomerReport.builder(scores).messages(m).covariateEffects(fx).build().write(page);
        String dom = run(page, dir, "--dump-dom");
        String heading = lang.equals("en") ? "Covariate effects" : "공변량 효과";
        assertTrue(dom.contains("<h2>" + heading + "</h2>"), "rendered heading " + heading);
        int start = dom.indexOf("<table class=\"effects\">");
        assertTrue(start >= 0, "effects table rendered");
        String table = dom.substring(start, dom.indexOf("</table>", start));
        assertEquals(fx.effects().size(), CustomerReportTest.count(table, "<tr class="), "one row per coefficient");
        for (org.churnkit.model.CovariateEffects.Effect e : fx.effects()) {
            assertTrue(table.contains(Html.esc(org.churnkit.model.CovariateEffects.sentence(e, m))),
                    "sentence of " + e.covariate() + " in " + lang);
        }
        assertTrue(table.contains(lang.equals("en") ? "no detectable effect on dropout" : "이탈에 대한 뚜렷한 효과가 없습니다"),
                table);
        assertTrue(table.contains(lang.equals("en") ? "<th>Process</th>" : "<th>과정</th>"), table);
        assertTrue(table.contains(">" + m.decimal(Math.exp(0.8), 2) + "<"), "the online multiplier, 2.23");
        assertTrue(dom.contains(Html.esc(m.get("effects.intro"))), "how to read it");
    }

    @Test
    void netLogCheckCatchesAPageThatFetches(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("fetching.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"https://cdn.example.invalid/a.css\">"
                + "</head><body><img src=\"http://example.invalid/x.png\"></body></html>");
        Path netLog = dir.resolve("net.json");
        run(page, dir, "--log-net-log=" + netLog, "--dump-dom");
        List<String> req = pageRequests(netLog);
        assertTrue(req.contains("http://example.invalid/x.png"), req.toString());
        assertTrue(req.contains("https://cdn.example.invalid/a.css"), req.toString());
        assertFalse(req.isEmpty());
    }
}
