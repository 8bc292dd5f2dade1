package org.churnkit.report;

import java.util.Locale;

/** HTML escaping and number formatting for reports. All user text goes through {@link #esc}. */
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

    /** Whole number with thousands separators, e.g. 1,234,567. */
    static String count(double v) {
        finite(v);
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    /** A share as a percentage with one decimal, e.g. 12.3 %; "n/a" for NaN. */
    static String pct(double share) {
        finite(share);
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** A probability with two decimals; "n/a" for NaN. */
    static String prob(double p) {
        finite(p);
        return Double.isNaN(p) ? "n/a" : String.format(Locale.ROOT, "%.2f", p);
    }

    /** An amount: no decimals from 100 up, two below; "n/a" for NaN. */
    static String amount(double v) {
        finite(v);
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.2f", v);
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
