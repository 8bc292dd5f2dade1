package org.churnkit.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.report.CustomerReport;
import org.churnkit.model.Tracking;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.Segmentation;
import org.churnkit.segment.Segmenter;
import org.churnkit.segment.SyntheticScores;
import org.junit.jupiter.api.Test;

/** Both bundles are complete, and a Korean report shows no English sentence. */
class MessagesTest {
    /**
     * Latin-letter words allowed in the visible text of the Korean report: proper nouns and
     * abbreviations Korean marketers use as they are.
     */
    private static final Set<String> PROPER_NOUNS = Set.of("CLV", "churnkit", "VIP");

    static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/org/churnkit/i18n/" + resource)) {
            assertTrue(in != null, resource + " on the class path");
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bundlesHaveTheSameKeysAndNoEmptyValue() throws IOException {
        Properties en = load("messages.properties");
        Properties ko = load("messages_ko.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(ko.stringPropertyNames()), "same keys");
        assertTrue(en.size() > 150, "the report's and the segments' strings are in the bundle: " + en.size());
        for (String k : en.stringPropertyNames()) {
            assertFalse(en.getProperty(k).isBlank(), "English " + k);
            assertFalse(ko.getProperty(k).isBlank(), "Korean " + k);
            // The same placeholders in both languages.
            assertEquals(placeholders(en.getProperty(k)), placeholders(ko.getProperty(k)), "placeholders of " + k);
            // A sentence left in English would be identical; only formats and abbreviations may be.
            if (en.getProperty(k).equals(ko.getProperty(k))) {
                assertFalse(en.getProperty(k).matches(".*[A-Za-z]{3,}.*") && !PROPER_NOUNS.contains(en.getProperty(k)),
                        "untranslated " + k + " = " + en.getProperty(k));
            }
        }
    }

    private static Set<String> placeholders(String s) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\{\\d}").matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void koreanReportShowsNoEnglishText() throws IOException {
        ScoreColumns scores = SyntheticScores.generate(5_000, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        Segmentation seg = Segmenter.of().fit(scores, RandomSource.XO_RO_SHI_RO_128_PP.create(4L));
        double[] per = {1, 2, 3, 4, 5, 6};
        Tracking t = Tracking.of(per, new double[] {5, 6, 7, 8, 9, 10}, new double[] {5, 6, 7, 8, 9, 11}, 3);
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

    @Test
    void numbersFollowOnePolicyInBothLanguages() {
        Messages en = Messages.english();
        Messages ko = Messages.of(Locale.KOREAN);
        assertEquals("12,346", en.count(12_345.6));
        assertEquals("12,346", ko.count(12_345.6));
        assertEquals("12.3%", en.percent(0.1234));
        assertEquals("0.73", en.probability(0.7261));
        assertEquals("1,234.50", en.money(1234.5));
        assertEquals("95.36", en.money(95.355_1));
        assertEquals("241.00", en.money(241));
        assertEquals("n/a", en.money(Double.NaN));
        assertEquals("해당 없음", ko.probability(Double.NaN));
        assertEquals("₩1,235", ko.withCurrency("KRW").money(1234.5));
        assertEquals("$1,234.50", en.withCurrency("usd").money(1234.5));
        assertEquals("December 4, 2026", en.date(LocalDate.of(2026, 12, 4)));
        assertEquals("2026년 12월 4일", ko.date(LocalDate.of(2026, 12, 4)));
        assertEquals("weeks", en.unit("week"));
        assertEquals("주", ko.unit("weeks"));
        assertEquals("periods", en.unit(null));
        assertEquals("기간", ko.unit("fortnight"));
    }

    @Test
    void languagesAreParsedAndOthersRefused() {
        assertEquals("ko", Messages.parseLocale("ko-KR").getLanguage());
        assertEquals("ko", Messages.parseLocale("ko_KR").getLanguage());
        assertEquals("ko", Messages.parseLocale("korean").getLanguage());
        assertEquals("en", Messages.parseLocale("en").getLanguage());
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> Messages.parseLocale("fr"));
        assertTrue(e.getMessage().contains("en or ko"), e.getMessage());
        assertThrows(ChurnkitException.class, () -> Messages.english().withCurrency("XYZW"));
        // English is the base bundle whatever the machine's default locale.
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.KOREA);
            assertEquals("Customers", Messages.english().get("headline.customers"));
        } finally {
            Locale.setDefault(before);
        }
    }
}
