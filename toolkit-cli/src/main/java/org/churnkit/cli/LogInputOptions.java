package org.churnkit.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import picocli.CommandLine.Option;

/**
 * A transaction log given with {@code --log} (for commands whose {@code --input} is something
 * else, such as {@code fit}), with the reading options of {@link TransactionInputOptions}.
 */
public final class LogInputOptions {

    /** Creates the options; picocli fills them from the command line. */
    public LogInputOptions() {
    }

    @Option(names = "--log", paramLabel = "LOG",
            description = "Transaction log to summarise first (.csv, .txt, .parquet, .arrow) instead of --input.")
    Path log;

    @Option(names = "--customer-column", paramLabel = "C", defaultValue = "customer_id",
            description = "Log: customer id column, name or 1-based position (default: ${DEFAULT-VALUE}).")
    String customerColumn;

    @Option(names = "--date-column", paramLabel = "D", defaultValue = "date",
            description = "Log: date column (default: ${DEFAULT-VALUE}).")
    String dateColumn;

    @Option(names = "--amount-column", paramLabel = "A", defaultValue = "amount",
            description = "Log: amount column (default: ${DEFAULT-VALUE}); 'none' for a log without spend.")
    String amountColumn;

    @Option(names = "--date-format", paramLabel = "F", defaultValue = "auto",
            description = "Log: date format, as for summarize (default: ${DEFAULT-VALUE}).")
    String dateFormat;

    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = "UTC", converter = Converters.Zone.class,
            description = "Log: time zone of the dates' wall clock (default: ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Option(names = "--allow-negative-amounts", description = "Log: accept amounts below 0 (refunds); see --negative-amounts.")
    boolean allowNegative;

    @Option(names = "--allow-missing-amounts", description = "Log: accept empty or NaN amounts (transactions without spend).")
    boolean allowMissing;

    /** Whether a log was given. */
    boolean given() {
        return log != null;
    }

    /** Reads the log, its text in {@code charset} ({@code null}: UTF-8). */
    TransactionLog read(java.nio.charset.Charset charset) {
        String amount = amountColumn.equalsIgnoreCase("none") ? null : amountColumn;
        TransactionReadOptions o = TransactionReadOptions.defaults()
                .withColumns(customerColumn, dateColumn, amount)
                .withDateFormat(dateFormat)
                .withZone(zone)
                .withAllowNegativeAmounts(allowNegative)
                .withAllowMissingAmounts(allowMissing);
        try {
            return TransactionReader.read(log, o, charset);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(log + ": " + e.getMessage(), e);
        }
    }
}
