package org.churnkit.cli;

import java.util.Locale;
import org.churnkit.ChurnkitException;
import org.churnkit.i18n.Messages;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The {@code --lang} option (alias {@code --locale}) of the commands whose summaries a marketer reads. */
final class LanguageOption {
    @Option(names = {"--lang", "--locale"}, defaultValue = "en", paramLabel = "en|ko", converter = LocaleConverter.class,
            description = "Language of the summary (and report): en or ko, or a locale such as ko-KR; numbers "
                    + "and dates follow it. Files keep English names. Default: ${DEFAULT-VALUE}.")
    Locale locale;

    /** The messages of the chosen language. */
    Messages messages() {
        return Messages.of(locale == null ? Locale.ENGLISH : locale);
    }

    /** Display width of {@code s} in a terminal: Hangul and other wide characters take two columns. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                    || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    /** {@code s} padded with spaces to {@code w} terminal columns, on the right ({@code left}) or on the left. */
    static String pad(String s, int w, boolean left) {
        String fill = " ".repeat(Math.max(0, w - width(s)));
        return left ? s + fill : fill + s;
    }

    static final class LocaleConverter implements ITypeConverter<Locale> {
        @Override
        public Locale convert(String value) {
            try {
                return Messages.parseLocale(value);
            } catch (ChurnkitException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
