package org.churnkit.cli;

import org.churnkit.i18n.Messages;

/**
 * Amounts as the commands print them on the terminal: the same format the report uses
 * ({@link Messages#money}), in English, with the {@code --currency} the user named (none by default:
 * churnkit does not know the money unit of the data, so it does not invent one). One validation
 * for every command's {@code --currency}: an ISO 4217 code such as EUR, USD or KRW.
 */
final class Money {
    private final Messages messages;
    private final String unit;

    private Money(Messages messages, String unit) {
        this.messages = messages;
        this.unit = unit;
    }

    /**
     * The formatter for a {@code --currency} value.
     *
     * @param currency an ISO 4217 code such as EUR or KRW, or {@code null} for none
     * @return the formatter
     * @throws org.churnkit.ChurnkitException naming the value when it is not an ISO 4217 code
     */
    static Money of(String currency) {
        Messages m = Messages.english().withCurrency(currency);
        return new Money(m, currency == null || currency.isBlank() ? "" : currency.strip().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The money unit (an ISO 4217 code), or the empty string when none was given.
     *
     * @return the unit
     */
    String unit() {
        return unit;
    }

    /**
     * An amount, e.g. {@code €1,234.56} with EUR, {@code ₩1,235} with KRW, {@code 1,234.56} without a
     * currency.
     *
     * @param amount the amount
     * @return the text
     */
    String format(double amount) {
        return messages.money(amount);
    }
}
