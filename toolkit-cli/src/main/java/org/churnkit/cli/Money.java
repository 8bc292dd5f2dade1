package org.churnkit.cli;

import java.util.Locale;
import org.churnkit.ChurnkitException;

/**
 * Amounts as the commands print them: two decimals with thousands separators, followed by the
 * {@code --currency} the user named (none by default: churnkit does not know the money unit of the
 * data, so it does not invent one).
 */
final class Money {
    private final String unit;

    private Money(String unit) {
        this.unit = unit;
    }

    /**
     * The formatter for a {@code --currency} value.
     *
     * @param currency a code or symbol such as EUR, KRW or $, or {@code null} for none
     * @return the formatter
     * @throws ChurnkitException when the value is blank, longer than 8 characters or has whitespace
     */
    static Money of(String currency) {
        if (currency == null) {
            return new Money("");
        }
        String c = currency.strip();
        if (c.isEmpty() || c.length() > 8 || c.chars().anyMatch(Character::isWhitespace)) {
            throw new ChurnkitException("--currency: expected a currency code or symbol such as EUR, KRW or $, found '"
                    + currency + "'");
        }
        return new Money(c);
    }

    /**
     * The money unit, or the empty string when none was given.
     *
     * @return the unit
     */
    String unit() {
        return unit;
    }

    /**
     * An amount, e.g. {@code 1,234.56 EUR}, or {@code 1,234.56} without a currency.
     *
     * @param amount the amount
     * @return the text
     */
    String format(double amount) {
        String v = String.format(Locale.ROOT, "%,.2f", amount);
        return unit.isEmpty() ? v : v + " " + unit;
    }
}
