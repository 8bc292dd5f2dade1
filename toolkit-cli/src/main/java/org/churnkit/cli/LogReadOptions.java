package org.churnkit.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.churnkit.io.FileFormat;
import picocli.CommandLine.Option;

/**
 * How a transaction log is laid out (format, columns, date format, zone, delimiter, header,
 * encoding, which amounts to accept): a picocli {@code @Mixin} of {@link TransactionInputOptions}
 * and of {@code demo}, whose {@code --input} is optional.
 */
public final class LogReadOptions {

    /** Creates the options; picocli fills them from the command line. */
    public LogReadOptions() {
    }

    @Option(names = "--format", paramLabel = "FORMAT", converter = Converters.Format.class,
            description = "Input format when the extension does not tell: csv, text, parquet, arrow.")
    FileFormat format;

    @Option(names = "--customer-column", paramLabel = "C", defaultValue = "customer_id",
            description = "Customer id column: a header name or a 1-based position (default: ${DEFAULT-VALUE}).")
    String customerColumn;

    @Option(names = "--date-column", paramLabel = "D", defaultValue = "date",
            description = "Date column (default: ${DEFAULT-VALUE}).")
    String dateColumn;

    @Option(names = "--amount-column", paramLabel = "A", defaultValue = "amount",
            description = "Amount column (default: ${DEFAULT-VALUE}); 'none' for a log without spend.")
    String amountColumn;

    @Option(names = "--date-format", paramLabel = "F", defaultValue = "auto",
            description = "Date format: auto (default; from the first row), yyyyMMdd, iso-date, iso (date or date-time, "
                + "optional offset), epoch (seconds), epoch-millis, or a java.time pattern such as dd/MM/yyyy.")
    String dateFormat;

    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = "UTC", converter = Converters.Zone.class,
            description = "Time zone of the dates' wall clock; instants (epoch, ...Z) are converted to it (default: ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",",
            description = "CSV field separator: one character, or 'tab' (default: ${DEFAULT-VALUE}).")
    String delimiter;

    @Option(names = "--no-header", description = "The file has no header line: give columns by position (1, 2, ...).")
    boolean noHeader;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8", converter = Converters.Encoding.class,
            description = "Text encoding of a CSV or text log (default: ${DEFAULT-VALUE}); bytes invalid in it are an "
                + "error naming line and column, e.g. ISO-8859-1 or windows-1252 for older exports.")
    java.nio.charset.Charset encoding;

    @Option(names = "--allow-negative-amounts", description = "Accept amounts below 0 (returns, refunds) instead of failing.")
    boolean allowNegative;

    @Option(names = "--allow-missing-amounts",
            description = "Accept empty or NaN amounts: the transaction counts, but not in the spend means.")
    boolean allowMissing;

    /**
     * The library options these flags describe.
     *
     * @return the read options (format, columns, date format, zone, delimiter, header, amount rules)
     */
    public TransactionReadOptions readOptions() {
        char d;
        if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
            d = '\t';
        } else if (delimiter.length() == 1) {
            d = delimiter.charAt(0);
        } else {
            throw new ChurnkitException("--delimiter must be one character or 'tab', got '" + delimiter + "'");
        }
        String amount = amountColumn.equalsIgnoreCase("none") ? null : amountColumn;
        return TransactionReadOptions.defaults()
                .withFormat(format)
                .withColumns(customerColumn, dateColumn, amount)
                .withDateFormat(dateFormat)
                .withZone(zone)
                .withDelimiter(d)
                .withHeader(noHeader ? Boolean.FALSE : null)
                .withAllowNegativeAmounts(allowNegative)
                .withAllowMissingAmounts(allowMissing);
    }

    /**
     * The text encoding of a CSV or text log.
     *
     * @return the charset given with {@code --encoding}
     */
    public java.nio.charset.Charset encoding() {
        return encoding;
    }

    /**
     * Reads a log with these options.
     *
     * @param file the transaction log
     * @return its transactions, read with {@link #readOptions()} in {@link #encoding()}
     */
    public TransactionLog read(Path file) {
        try {
            return TransactionReader.read(file, readOptions(), encoding);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(file + ": " + e.getMessage(), e);
        }
    }
}
