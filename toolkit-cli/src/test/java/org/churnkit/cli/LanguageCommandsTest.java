package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentNaming;
import org.churnkit.segment.testing.SyntheticScores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --lang on segment, target and report; what is absent is shown as absent; a report with nothing to draw fails. */
class LanguageCommandsTest {
    @TempDir
    static Path dir;
    static Path full;
    static Path noValue;

    @BeforeAll
    static void writeScores() throws Exception {
        ScoreColumns data = SyntheticScores.generate(3_000, RandomSource.XO_RO_SHI_RO_128_PP.create(41L));
        full = write("full.csv", data, List.of("frequency", "recency", "T", "monetary_value", "p_alive", "expected_transactions", "clv"));
        noValue = write("novalue.csv", data, List.of("frequency", "recency", "T", "p_alive", "expected_transactions"));
    }

    static Path write(String name, ScoreColumns data, List<String> cols) throws Exception {
        Path p = dir.resolve(name);
        StringBuilder b = new StringBuilder("customer_id," + String.join(",", cols) + "\n");
        for (int i = 0; i < data.size(); i++) {
            b.append(data.id(i));
            for (String c : cols) {
                b.append(',').append(data.get(c)[i]);
            }
            b.append('\n');
        }
        Files.writeString(p, b);
        return p;
    }

    @Test
    void segmentWithoutValueShowsNoNaNAndPrintsTheRule() {
        CliRun r = CliRun.run("segment", "--scores", noValue.toString(), "--output", dir.resolve("nv.csv").toString(), "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        assertFalse(r.out().contains("value share"), "no value column without value scores: " + r.out());
        assertTrue(r.out().lines().findFirst().orElseThrow().contains("P(alive)"), r.out());
        assertTrue(r.err().contains("the scores have no value column"), r.err());
        assertTrue(r.err().contains("rule: the largest k whose silhouette is within 0.01 of the best"), r.err());
        assertFalse(r.out().matches("(?s).*\\([A-Z]\\).*"), "no letters in names: " + r.out());
    }

    @Test
    void segmentSummaryInKoreanKeepsEnglishNamesInTheFile() throws Exception {
        Path out = dir.resolve("ko.csv");
        CliRun r = CliRun.run("segment", "--scores", full.toString(), "--output", out.toString(), "--lang", "ko");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("세그먼트"), r.out());
        assertTrue(r.out().contains("가치 비중") && r.out().contains("활성 확률"), r.out());
        assertTrue(r.err().contains("선택한 k = "), r.err());
        ColumnTable t = TableIO.read(out);
        for (String name : t.strings("segment")) {
            assertTrue(SegmentNaming.parse(name).isPresent() && name.matches("[A-Za-z ,()-]+"), "English name in the file: " + name);
            assertTrue(r.out().contains(SegmentNaming.parse(name).orElseThrow().render(
                    org.churnkit.i18n.Messages.of(java.util.Locale.KOREAN))), "Korean name printed for " + name);
        }
        CliRun bad = CliRun.run("segment", "--scores", full.toString(), "--output", out.toString(), "--lang", "fr");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("expected en or ko"), bad.err());
    }

    @Test
    void reportInKoreanTranslatesSegmentNamesAndUsesTheCurrencyAndUnit() throws Exception {
        Path seg = dir.resolve("seg-en.csv");
        assertEquals(0, CliRun.run("segment", "--scores", full.toString(), "--output", seg.toString()).code());
        Path html = dir.resolve("ko.html");
        CliRun r = CliRun.run("report", "--scores", full.toString(), "--segments", seg.toString(), "--output", html.toString(),
                "--locale", "ko-KR", "--currency", "KRW", "--time-unit", "week");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err().lines().filter(l -> l.startsWith("경고")).findAny().orElse(""), "no warning: every section drawn");
        String page = Files.readString(html);
        assertTrue(page.contains("<html lang=\"ko\">"));
        assertTrue(page.contains("<h1>고객 기반 리포트</h1>"), "translated default title");
        assertTrue(page.contains("₩"), "won amounts");
        assertTrue(page.contains("최근성 (주)"), "recency in weeks");
        for (String name : TableIO.read(seg).strings("segment")) {
            assertFalse(page.contains(">" + name + "<"), "English segment name left: " + name);
        }
    }

    @Test
    void reportWarnsAboutMissingSectionsAndRefusesAnEmptyPage() throws Exception {
        Path html = dir.resolve("partial.html");
        CliRun r = CliRun.run("report", "--scores", noValue.toString(), "--output", html.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: Customer segments: no segments were given"), r.err());
        assertTrue(r.err().contains("warning: High-value customers at risk: the table needs the clv and p_alive columns."), r.err());

        Path bare = dir.resolve("bare.csv");
        Files.writeString(bare, "customer_id,frequency\na,1\nb,0\n");
        Path none = dir.resolve("none.html");
        CliRun e = CliRun.run("report", "--scores", bare.toString(), "--output", none.toString());
        assertEquals(1, e.code());
        assertTrue(e.err().contains("nothing to report"), e.err());
        assertFalse(Files.exists(none), "no page of 'Not available'");
    }

    @Test
    void targetSummaryInKorean() {
        CliRun r = CliRun.run("target", "--scores", full.toString(), "--output", dir.resolve("c.csv").toString(), "--lang", "ko");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("타깃 고객:") && r.out().contains("기대 이익:") && r.out().contains("손익분기:"), r.out());
        CliRun en = CliRun.run("target", "--scores", full.toString(), "--output", dir.resolve("c2.csv").toString());
        assertTrue(en.out().contains("expected profit:"), en.out());
    }
}
