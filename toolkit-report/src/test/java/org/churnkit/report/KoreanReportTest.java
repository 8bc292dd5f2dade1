package org.churnkit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.i18n.Messages;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.Segmentation;
import org.churnkit.segment.Segmenter;
import org.churnkit.segment.testing.SyntheticScores;
import org.junit.jupiter.api.Test;

/** A Korean report shows no English sentence (the bundles themselves are checked in the core). */
class KoreanReportTest {
    /**
     * Latin-letter words allowed in the visible text of the Korean report: proper nouns and
     * abbreviations Korean marketers use as they are.
     */
    private static final Set<String> PROPER_NOUNS = Set.of("CLV", "churnkit", "VIP");

    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (java.io.InputStream in = Messages.class.getResourceAsStream("/org/churnkit/i18n/" + resource)) {
            assertTrue(in != null, resource + " on the class path");
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void koreanReportShowsNoEnglishText() throws IOException {
        ScoreColumns scores = SyntheticScores.generate(5_000, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        Segmentation seg = Segmenter.of().fit(scores, RandomSource.XO_RO_SHI_RO_128_PP.create(4L));
        double[] per = {1, 2, 3, 4, 5, 6};
        org.churnkit.model.Tracking t = org.churnkit.model.Tracking.of(per, new double[] {5, 6, 7, 8, 9, 10}, new double[] {5, 6, 7, 8, 9, 11}, 3);
        String html = CustomerReport.builder(scores).segmentation(seg).tracking(t).timeUnit("week")
                .date(LocalDate.of(2026, 12, 4)).messages(Messages.of(Locale.KOREAN)).build().render();
        assertTrue(html.contains("<html lang=\"ko\">"));
        assertTrue(html.contains("2026년 12월 4일"), "Korean date");
        String text = visibleText(html);
        // 1. No English message (or a part of it between placeholders) appears.
        Properties en = load("messages.properties");
        Properties ko = load("messages_ko.properties");
        for (String k : en.stringPropertyNames()) {
            for (String part : en.getProperty(k).split("\\{\\d}")) {
                String p = part.strip();
                if (p.matches(".*[A-Za-z]{3,}.*") && !PROPER_NOUNS.contains(p) && !ko.getProperty(k).contains(p)) {
                    assertFalse(text.contains(p), "English text of " + k + " in the Korean report: '" + p + "'");
                }
            }
        }
        // 2. No Latin word at all except ids and proper nouns.
        List<String> english = new ArrayList<>();
        Matcher m = Pattern.compile("[A-Za-z][A-Za-z_]+").matcher(text);
        while (m.find()) {
            String w = m.group();
            if (!PROPER_NOUNS.contains(w) && !w.matches("C\\d*")) {
                english.add(w);
            }
        }
        assertEquals(List.of(), english, "Latin-letter words in the Korean report's text");
        // Segment names and actions are the Korean ones.
        assertTrue(text.contains("고객생애가치(CLV)"));
        assertTrue(text.contains("활성 확률"));
        assertTrue(text.contains("재구매 고객") || text.contains("1회 구매 고객"), "Korean segment names");
    }

    /** The page's text as a reader sees it: tags, styles and attribute values removed. */
    static String visibleText(String html) {
        String s = html.replaceAll("(?s)<style>.*?</style>", " ").replaceAll("(?s)<meta[^>]*>", " ");
        // Tooltips (<title> inside SVG) are text a reader sees; keep them, drop every tag.
        s = s.replaceAll("(?s)<[^>]+>", " ");
        return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    }
}
