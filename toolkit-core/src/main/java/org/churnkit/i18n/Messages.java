package org.churnkit.i18n;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import org.churnkit.ChurnkitException;

/**
 * The text and number formats of one language: every sentence a marketer reads comes from the
 * resource bundle {@value #BUNDLE} ({@code messages.properties} in English,
 * {@code messages_ko.properties} in Korean, both UTF-8), and every number shown is formatted here.
 *
 * <p>Number policy, the same in every section and table:
 * <ul>
 *   <li>counts (customers, purchases summed over customers): whole numbers with grouping, 12,345;</li>
 *   <li>shares: percent with one decimal, 12.3%;</li>
 *   <li>probabilities (P(alive)): two decimals, 0.73;</li>
 *   <li>money: two decimals with grouping, 1,234.50, or the currency's own digits and symbol when a
 *       currency is given (KRW: ₩1,235; USD: $1,234.50);</li>
 *   <li>means of counts and times in periods: two and one decimals respectively;</li>
 *   <li>dates: the locale's long date (December 4, 2026; 2026년 12월 4일).</li>
 * </ul>
 * A value that cannot be shown (NaN: the column it comes from is absent) is {@link #absent()}: "n/a".
 * Rounding is half up everywhere. Placeholders in messages are {@code {0}}, {@code {1}}, ... and are replaced literally (no
 * {@link java.text.MessageFormat} quoting rules, so apostrophes need no escaping).
 */
public final class Messages {
    /** Base name of the resource bundle. */
    public static final String BUNDLE = "org.churnkit.i18n.messages";
    /** The languages with a complete bundle: English (the base bundle) and Korean. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.KOREAN);

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Locale locale;
    private final ResourceBundle bundle;
    private final Currency currency;

    private Messages(Locale locale, ResourceBundle bundle, Currency currency) {
        this.locale = locale;
        this.bundle = bundle;
        this.currency = currency;
    }

    /**
     * The messages of {@code locale}'s language (English or Korean; the country, when given, only
     * changes nothing today but is kept for formats).
     *
     * @param locale a supported language, see {@link #SUPPORTED}
     * @return the messages
     * @throws ChurnkitException naming the supported languages when {@code locale}'s language has no bundle
     */
    public static Messages of(Locale locale) {
        Objects.requireNonNull(locale, "locale");
        Locale lang = SUPPORTED.stream().filter(l -> l.getLanguage().equals(locale.getLanguage())).findFirst()
                .orElseThrow(() -> new ChurnkitException("no translation for language '" + locale.toLanguageTag()
                        + "'; supported: en, ko"));
        // No fallback to the JVM's default locale: English must be the base bundle even on a Korean machine.
        ResourceBundle b = ResourceBundle.getBundle(BUNDLE, lang.equals(Locale.ENGLISH) ? Locale.ROOT : lang, NO_FALLBACK);
        return new Messages(locale, b, null);
    }

    /**
     * English messages.
     *
     * @return the English messages
     */
    public static Messages english() {
        return of(Locale.ENGLISH);
    }

    /**
     * The locale named by a language tag as a user types it: {@code en}, {@code ko}, {@code ko-KR},
     * {@code ko_KR}, {@code english}, {@code korean}.
     *
     * @param tag a language tag or name
     * @return the locale
     * @throws ChurnkitException naming the accepted values when the language is not supported
     */
    public static Locale parseLocale(String tag) {
        String t = tag == null ? "" : tag.strip().replace('_', '-');
        Locale l = switch (t.toLowerCase(Locale.ROOT)) {
            case "english" -> Locale.ENGLISH;
            case "korean", "한국어" -> Locale.KOREAN;
            default -> Locale.forLanguageTag(t);
        };
        if (SUPPORTED.stream().noneMatch(s -> s.getLanguage().equals(l.getLanguage()))) {
            throw new ChurnkitException("unsupported language '" + tag + "'; expected en or ko (or a locale such as ko-KR)");
        }
        return l;
    }

    /**
     * The same messages with money shown in {@code code}'s currency (symbol and digits of the locale).
     *
     * @param code an ISO 4217 code such as USD or KRW, or {@code null}/blank for plain amounts
     * @return messages formatting money in that currency
     * @throws ChurnkitException when {@code code} is not an ISO 4217 currency code
     */
    public Messages withCurrency(String code) {
        if (code == null || code.isBlank()) {
            return new Messages(locale, bundle, null);
        }
        try {
            return new Messages(locale, bundle, Currency.getInstance(code.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("unknown currency '" + code + "'; expected an ISO 4217 code such as USD, EUR or KRW");
        }
    }

    /**
     * The locale of these messages.
     *
     * @return the locale
     */
    public Locale locale() {
        return locale;
    }

    /**
     * The currency of money amounts, or {@code null} when amounts are plain numbers.
     *
     * @return the currency or null
     */
    public Currency currency() {
        return currency;
    }

    /**
     * The message {@code key} with {@code {0}}, {@code {1}}, ... replaced by {@code args}.
     *
     * @param key a key of the bundle
     * @param args values for the placeholders, inserted as {@code String.valueOf}
     * @return the text
     * @throws ChurnkitException when the bundle has no such key (a bug: the bundle test checks every key)
     */
    public String get(String key, Object... args) {
        String s;
        try {
            s = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new ChurnkitException("no message '" + key + "' for language " + locale.toLanguageTag(), e);
        }
        for (int i = 0; i < args.length; i++) {
            s = s.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return s;
    }

    /**
     * Whether the bundle has {@code key}.
     *
     * @param key a key
     * @return true when present
     */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /**
     * What is shown for a value that does not exist (its column is absent): "n/a" in English.
     *
     * @return the placeholder
     */
    public String absent() {
        return get("format.absent");
    }

    private DecimalFormat decimalFormat(int digits, boolean grouping) {
        DecimalFormat f = (DecimalFormat) NumberFormat.getNumberInstance(locale);
        f.setDecimalFormatSymbols(DecimalFormatSymbols.getInstance(locale));
        f.setGroupingUsed(grouping);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        f.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return f;
    }

    /** The guard of every formatter: an infinite number never reaches a reader (it would print as "Infinity"). */
    private static void finite(double v) {
        if (Double.isInfinite(v)) {
            throw new org.churnkit.ChurnkitException("a number to show is infinite (" + v + "): an input value is too"
                    + " large; nothing was written");
        }
    }

    /**
     * A count: whole number with the locale's grouping (12,345); {@link #absent()} for NaN.
     *
     * @param v the value, rounded to the nearest whole number
     * @return the text
     */
    public String count(double v) {
        finite(v);
        return Double.isNaN(v) ? absent() : decimalFormat(0, true).format(Math.round(v));
    }

    /**
     * A number with {@code digits} decimals and grouping; {@link #absent()} for NaN.
     *
     * @param v the value
     * @param digits decimals, {@code >= 0}
     * @return the text
     */
    public String decimal(double v, int digits) {
        finite(v);
        return Double.isNaN(v) ? absent() : decimalFormat(digits, true).format(v);
    }

    /**
     * A share in [0, 1] as a percentage with one decimal (12.3%); {@link #absent()} for NaN.
     *
     * @param share the share
     * @return the text
     */
    public String percent(double share) {
        finite(share);
        return Double.isNaN(share) ? absent() : get("format.percent", decimalFormat(1, true).format(100 * share));
    }

    /**
     * A probability with two decimals (0.73); {@link #absent()} for NaN.
     *
     * @param p the probability
     * @return the text
     */
    public String probability(double p) {
        return decimal(p, 2);
    }

    /**
     * An amount of money: two decimals with grouping, or in the currency's format when one is set;
     * {@link #absent()} for NaN.
     *
     * @param v the amount
     * @return the text
     */
    public String money(double v) {
        finite(v);
        if (Double.isNaN(v)) {
            return absent();
        }
        if (currency == null) {
            return decimalFormat(2, true).format(v);
        }
        NumberFormat f = NumberFormat.getCurrencyInstance(locale.getCountry().isEmpty()
                ? Locale.forLanguageTag(locale.getLanguage() + (locale.getLanguage().equals("ko") ? "-KR" : "-US")) : locale);
        f.setCurrency(currency);
        f.setMinimumFractionDigits(currency.getDefaultFractionDigits());
        f.setMaximumFractionDigits(currency.getDefaultFractionDigits());
        f.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return f.format(v);
    }

    /**
     * A date in the locale's long style (December 4, 2026; 2026년 12월 4일).
     *
     * @param d the date
     * @return the text
     */
    public String date(LocalDate d) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(d);
    }

    /**
     * The plural name of a time unit ("weeks", "주"): {@code unit.week}, {@code unit.day}, ...;
     * the generic "periods" for {@code null} or a unit without a translation.
     *
     * @param unit a time unit name such as week, day, month, or null
     * @return the text
     */
    public String unit(String unit) {
        String key = unit == null ? "unit.period" : "unit." + unit.strip().toLowerCase(Locale.ROOT).replaceAll("s$", "");
        return has(key) ? get(key) : get("unit.period");
    }
}
