package org.churnkit.report;

import java.util.Locale;

/** HTML escaping and SVG coordinates for reports (numbers a reader sees are formatted by {@link org.churnkit.i18n.Messages}). All user text goes through {@link #esc}. */
final class Html {
    private Html() {}

    /** Escapes text for HTML element content and double- or single-quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters other than tab/newline are not allowed in HTML text.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A coordinate for SVG: one decimal, no grouping. */
    static String c(double v) {
        finite(v);
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The report's guard: an infinite number never reaches the page (it would print as "Infinity"). */
    private static void finite(double v) {
        if (Double.isInfinite(v)) {
            throw new org.churnkit.ChurnkitException("the report would show an infinite number (" + v + "): an input "
                    + "value is too large; nothing was written");
        }
    }
}
