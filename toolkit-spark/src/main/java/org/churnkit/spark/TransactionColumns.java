package org.churnkit.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * Which columns of a transactions DataFrame hold the customer, the time and the amount.
 *
 * <p>The time column may be a {@code DATE}, a {@code TIMESTAMP} (read as wall-clock time in the
 * session time zone), a {@code TIMESTAMP_NTZ}, or text / a number parsed with {@code dateFormat}
 * (Spark's datetime pattern, e.g. {@code yyyyMMdd}); without a format, text is cast to a timestamp.
 *
 * @param customer  customer id column (any type; compared as text)
 * @param time      date or timestamp column
 * @param amount    amount column, or {@code null} when the log has no amounts
 * @param dateFormat Spark datetime pattern for a text or number time column, or {@code null}
 */
public record TransactionColumns(String customer, String time, String amount, String dateFormat) implements Serializable {

    /**
     * Checks that the customer and time columns are named.
     *
     * @throws NullPointerException when {@code customer} or {@code time} is null
     */
    public TransactionColumns {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(time, "time");
    }

    /**
     * Customer, time and amount columns with no date format.
     *
     * @param customer customer id column
     * @param time date or timestamp column
     * @param amount amount column, or {@code null} when the log has no amounts
     * @return the column names
     */
    public static TransactionColumns of(String customer, String time, String amount) {
        return new TransactionColumns(customer, time, amount, null);
    }

    /**
     * The same columns, the time parsed with this pattern.
     *
     * @param pattern Spark datetime pattern for a text or number time column (e.g. {@code yyyyMMdd})
     * @return a copy with {@code dateFormat = pattern}
     */
    public TransactionColumns withDateFormat(String pattern) {
        return new TransactionColumns(customer, time, amount, pattern);
    }
}
