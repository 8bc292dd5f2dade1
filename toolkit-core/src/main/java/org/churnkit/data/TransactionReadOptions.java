package org.churnkit.data;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.churnkit.io.FileFormat;

/**
 * How to read a transaction log: format, column names, delimiter, header, date format, time zone
 * and what bad amounts to tolerate. Immutable; change it with the {@code with...} methods.
 *
 * <p>Columns are named as in the header, or by 1-based position ({@code "1"}, {@code "4"}) —
 * the only way when the file has no header.
 *
 * @param format               the format, or {@code null} to go by file extension
 * @param customerColumn       customer id column (default {@code customer_id})
 * @param dateColumn           date column (default {@code date})
 * @param amountColumn         amount column (default {@code amount}); {@code null}: no amounts
 * @param dateFormat           {@code auto} (default), or see {@link DateParser#of}
 * @param zone                 zone of dates without offset and the wall clock used (default UTC)
 * @param delimiter            CSV field separator (default comma)
 * @param header               whether the first line is a header; {@code null}: CSV yes, text
 *                             auto-detected (a first line without any digit is a header)
 * @param allowNegativeAmounts accept amounts below zero (returns, refunds)
 * @param allowMissingAmounts  accept empty or NaN amounts (they count as transactions but are
 *                             left out of spend means)
 * @param extraColumns         other columns to keep as text
 */
public record TransactionReadOptions(FileFormat format, String customerColumn, String dateColumn, String amountColumn,
                                     String dateFormat, ZoneId zone, char delimiter, Boolean header,
                                     boolean allowNegativeAmounts, boolean allowMissingAmounts,
                                     List<String> extraColumns) {

    /**
     * Checks that the column names, date format and zone are given; copies the extra columns.
     *
     * @throws NullPointerException when a required field is null
     */
    public TransactionReadOptions {
        Objects.requireNonNull(customerColumn, "customerColumn");
        Objects.requireNonNull(dateColumn, "dateColumn");
        Objects.requireNonNull(dateFormat, "dateFormat");
        Objects.requireNonNull(zone, "zone");
        extraColumns = List.copyOf(extraColumns);
    }

    /**
     * The defaults: by extension, {@code customer_id, date, amount}, auto date format, UTC, comma.
     *
     * @return the default options
     */
    public static TransactionReadOptions defaults() {
        return new TransactionReadOptions(null, "customer_id", "date", "amount", "auto", ZoneOffset.UTC, ',', null,
                false, false, List.of());
    }

    /**
     * The same options with this format.
     *
     * @param f the format, or {@code null} to go by file extension
     * @return a copy with this setting
     */
    public TransactionReadOptions withFormat(FileFormat f) {
        return new TransactionReadOptions(f, customerColumn, dateColumn, amountColumn, dateFormat, zone, delimiter, header,
                allowNegativeAmounts, allowMissingAmounts, extraColumns);
    }

    /**
     * Sets the three column names; {@code amount} may be null for a log without spend.
     *
     * @param customer customer id column
     * @param date date column
     * @param amount amount column, or {@code null}
     * @return a copy with this setting
     */
    public TransactionReadOptions withColumns(String customer, String date, String amount) {
        return new TransactionReadOptions(format, customer, date, amount, dateFormat, zone, delimiter, header,
                allowNegativeAmounts, allowMissingAmounts, extraColumns);
    }

    /**
     * The same options with this date format.
     *
     * @param f {@code auto}, a format name or a pattern (see {@link DateParser#of})
     * @return a copy with this setting
     */
    public TransactionReadOptions withDateFormat(String f) {
        return new TransactionReadOptions(format, customerColumn, dateColumn, amountColumn, f, zone, delimiter, header,
                allowNegativeAmounts, allowMissingAmounts, extraColumns);
    }

    /**
     * The same options with this time zone.
     *
     * @param z zone of dates without offset
     * @return a copy with this setting
     */
    public TransactionReadOptions withZone(ZoneId z) {
        return new TransactionReadOptions(format, customerColumn, dateColumn, amountColumn, dateFormat, z, delimiter, header,
                allowNegativeAmounts, allowMissingAmounts, extraColumns);
    }

    /**
     * The same options with this CSV delimiter.
     *
     * @param d the field separator
     * @return a copy with this setting
     */
    public TransactionReadOptions withDelimiter(char d) {
        return new TransactionReadOptions(format, customerColumn, dateColumn, amountColumn, dateFormat, zone, d, header,
                allowNegativeAmounts, allowMissingAmounts, extraColumns);
    }

    /**
     * The same options with this header rule.
     *
     * @param h whether the first line is a header; {@code null} to decide by format
     * @return a copy with this setting
     */
    public TransactionReadOptions withHeader(Boolean h) {
        return new TransactionReadOptions(format, customerColumn, dateColumn, amountColumn, dateFormat, zone, delimiter, h,
                allowNegativeAmounts, allowMissingAmounts, extraColumns);
    }

    /**
     * The same options, accepting negative amounts or not.
     *
     * @param allow whether to accept amounts below zero
     * @return a copy with this setting
     */
    public TransactionReadOptions withAllowNegativeAmounts(boolean allow) {
        return new TransactionReadOptions(format, customerColumn, dateColumn, amountColumn, dateFormat, zone, delimiter, header,
                allow, allowMissingAmounts, extraColumns);
    }

    /**
     * The same options, accepting missing amounts or not.
     *
     * @param allow whether to accept empty or NaN amounts
     * @return a copy with this setting
     */
    public TransactionReadOptions withAllowMissingAmounts(boolean allow) {
        return new TransactionReadOptions(format, customerColumn, dateColumn, amountColumn, dateFormat, zone, delimiter, header,
                allowNegativeAmounts, allow, extraColumns);
    }

    /**
     * The same options with these extra columns.
     *
     * @param extra other columns to keep as text
     * @return a copy with this setting
     */
    public TransactionReadOptions withExtraColumns(List<String> extra) {
        return new TransactionReadOptions(format, customerColumn, dateColumn, amountColumn, dateFormat, zone, delimiter, header,
                allowNegativeAmounts, allowMissingAmounts, extra);
    }
}
