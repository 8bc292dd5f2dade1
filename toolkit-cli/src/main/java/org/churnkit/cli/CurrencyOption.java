package org.churnkit.cli;

import org.churnkit.i18n.Messages;
import picocli.CommandLine.Option;

/**
 * The {@code --currency} option of every command that prints money: one flag, one description and
 * one validation (an ISO 4217 code, checked by {@link Messages#withCurrency}).
 */
final class CurrencyOption {
    @Option(names = "--currency", paramLabel = "CODE",
            description = "ISO 4217 code of the data's money (EUR, USD, KRW, ...), shown in amounts in the locale's "
                    + "format. Default: none (plain amounts): churnkit does not know the unit of the data.")
    String code;

    /**
     * The terminal formatter for this currency; fails on a code that is not ISO 4217, so a command can
     * call it before any work.
     */
    Money money() {
        return Money.of(code);
    }

    /** {@code messages} with this currency (for the report and translated summaries). */
    Messages applyTo(Messages messages) {
        return messages.withCurrency(code);
    }
}
