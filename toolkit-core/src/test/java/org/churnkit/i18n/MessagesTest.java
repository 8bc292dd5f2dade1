package org.churnkit.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.time.LocalDate;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.churnkit.ChurnkitException;
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
