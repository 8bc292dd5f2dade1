package org.churnkit.data;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.churnkit.io.ColumnTable;

/**
 * A transaction log held column by column: per row a customer code (dictionary-encoded id), a
 * wall-clock timestamp in seconds since 1970-01-01T00:00 (see {@link DateParser}) and an amount,
 * plus optional extra text columns. Rows are in file order.
 *
 * <p>Amounts may be absent altogether ({@link #hasAmounts()} false: a log without spend); a
 * single amount may be NaN only when the reader was told to allow missing amounts.
 *
 * <p>Immutable by contract: arrays are shared with the reader that built them, never exposed.
 */
public final class TransactionLog {
    private final int[] customer;
    private final String[] ids;
    private final long[] time;
    private final double[] amount;
    private final boolean hasAmounts;
    private final Map<String, String[]> extras;
    private final Path source;
    /** Line of row 0 when every row is one line, else -1 (rows are then named by number only). */
    private final long firstLine;
    /** Name of the date column in the source, for messages. */
    private final String dateColumn;

    TransactionLog(int[] customer, String[] ids, long[] time, double[] amount, boolean hasAmounts,
                   Map<String, String[]> extras, Path source, long firstLine, String dateColumn) {
        this.dateColumn = dateColumn;
        this.customer = customer;
        this.ids = ids;
        this.time = time;
        this.amount = amount;
        this.hasAmounts = hasAmounts;
        this.extras = extras;
        this.source = source;
        this.firstLine = firstLine;
    }

    /**
     * A log from plain columns (ids are dictionary-encoded here).
     *
     * @param customerIds one id per transaction
     * @param times       wall-clock seconds since 1970-01-01T00:00
     * @param amounts     amounts, or {@code null} for a log without spend
     * @return the log, customers coded in order of first appearance
     */
    public static TransactionLog of(String[] customerIds, long[] times, double[] amounts) {
        Objects.requireNonNull(customerIds, "customerIds");
        Objects.requireNonNull(times, "times");
        int n = customerIds.length;
        if (times.length != n || (amounts != null && amounts.length != n)) {
            throw new IllegalArgumentException("columns differ in length");
        }
        IdDictionary dict = new IdDictionary();
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            codes[i] = dict.intern(Objects.requireNonNull(customerIds[i], "customer id"));
        }
        return new TransactionLog(codes, dict.ids(), times.clone(),
                amounts == null ? new double[n] : amounts.clone(), amounts != null, Map.of(), null, -1, "date");
    }

    /**
     * Number of transactions (rows).
     *
     * @return the number of rows
     */
    public int size() {
        return customer.length;
    }

    /**
     * Number of distinct customers.
     *
     * @return the number of customer codes
     */
    public int customerCount() {
        return ids.length;
    }

    /**
     * Customer code of row i, in {@code [0, customerCount())}.
     *
     * @param row row index, {@code 0 <= row < size()}
     * @return the customer code
     */
    public int customerCode(int row) {
        return customer[row];
    }

    /**
     * The id of a customer code.
     *
     * @param code customer code, in {@code [0, customerCount())}
     * @return the customer id as read
     */
    public String customerId(int code) {
        return ids[code];
    }

    /**
     * Wall-clock seconds since 1970-01-01T00:00 of row i.
     *
     * @param row row index, {@code 0 <= row < size()}
     * @return seconds since 1970-01-01T00:00, wall clock
     */
    public long time(int row) {
        return time[row];
    }

    /**
     * Row i's date-time.
     *
     * @param row row index, {@code 0 <= row < size()}
     * @return the date-time of the transaction
     */
    public LocalDateTime dateTime(int row) {
        return DateParser.toLocalDateTime(time[row]);
    }

    /**
     * Amount of row i (0 when the log has no amounts; NaN when missing and allowed).
     *
     * @param row row index, {@code 0 <= row < size()}
     * @return the amount
     */
    public double amount(int row) {
        return amount[row];
    }

    /**
     * Whether the log has an amount column.
     *
     * @return true when the log has amounts
     */
    public boolean hasAmounts() {
        return hasAmounts;
    }

    /**
     * Names of the extra columns kept, in order.
     *
     * @return an unmodifiable view of the names
     */
    public java.util.Set<String> extraColumns() {
        return Collections.unmodifiableSet(extras.keySet());
    }

    /**
     * Value of an extra column in row i.
     *
     * @param column name of an extra column
     * @param row row index, {@code 0 <= row < size()}
     * @return the value as read
     */
    public String extra(String column, int row) {
        String[] v = extras.get(column);
        if (v == null) {
            throw new IllegalArgumentException("no extra column '" + column + "'; kept: " + extras.keySet());
        }
        return v[row];
    }

    /**
     * The file this log was read from, or null.
     *
     * @return the source file, or {@code null} for a log built in memory
     */
    public Path source() {
        return source;
    }

    /**
     * Where row i is, for messages: {@code FILE:LINE} when rows are single lines, else
     * {@code FILE row N} (1-based data row).
     *
     * @param row row index, {@code 0 <= row < size()}
     * @return the location, for error messages
     */
    public String locate(int row) {
        String f = source == null ? "transaction log" : source.toString();
        return firstLine > 0 ? f + ":" + (firstLine + row) : f + " data row " + (row + 1);
    }

    /**
     * Name of the date column in the source file.
     *
     * @return the column name
     */
    public String dateColumn() {
        return dateColumn;
    }

    /**
     * Line of row i, or -1 when unknown.
     *
     * @param row row index, {@code 0 <= row < size()}
     * @return the 1-based line number in the source file, or -1
     */
    public long line(int row) {
        return firstLine > 0 ? firstLine + row : -1;
    }

    // package-private raw access for the summariser's hot loops
    int[] customerCodes() {
        return customer;
    }

    long[] times() {
        return time;
    }

    double[] amounts() {
        return amount;
    }

    /**
     * The log as a table with the given column names: customer (text), date (timestamp) and,
     * when present, amount (double), then the extra columns.
     *
     * @param customerColumn name of the customer column
     * @param dateColumn name of the date column
     * @param amountColumn name of the amount column (unused when the log has no amounts)
     * @return the table
     */
    public ColumnTable toTable(String customerColumn, String dateColumn, String amountColumn) {
        int n = size();
        String[] cid = new String[n];
        for (int i = 0; i < n; i++) {
            cid[i] = ids[customer[i]];
        }
        ColumnTable.Builder b = ColumnTable.builder().addString(customerColumn, cid).addTimestamp(dateColumn, time);
        if (hasAmounts) {
            b.addDouble(amountColumn, amount);
        }
        for (var e : extras.entrySet()) {
            b.addString(e.getKey(), e.getValue());
        }
        return b.build();
    }

    /**
     * Writes the log with standard column names ({@link #toTable()}), atomically, in
     * {@code format} or by the target's extension when it is null.
     *
     * @param target the file to write
     * @param format the output format, or {@code null} to go by the extension
     */
    public void write(Path target, org.churnkit.io.FileFormat format) {
        org.churnkit.io.TableIO.write(toTable(), target, format);
    }

    /**
     * The log with standard column names {@code customer_id, date, amount}.
     *
     * @return the table
     */
    public ColumnTable toTable() {
        return toTable("customer_id", "date", "amount");
    }

    @Override
    public String toString() {
        return "TransactionLog[" + size() + " transactions, " + customerCount() + " customers"
                + (hasAmounts ? "" : ", no amounts") + (source != null ? ", from " + source : "") + "]";
    }

    /** Accumulates rows; used by the readers. */
    static final class Builder {
        final IdDictionary dict = new IdDictionary();
        int[] codes;
        long[] times;
        double[] amounts;
        int size;
        final Map<String, String[]> extras = new LinkedHashMap<>();
        final String[] extraNames;

        Builder(int capacity, String[] extraNames) {
            int c = Math.max(capacity, 1024);
            codes = new int[c];
            times = new long[c];
            amounts = new double[c];
            this.extraNames = extraNames;
            for (String e : extraNames) {
                extras.put(e, new String[c]);
            }
        }

        void add(int code, long t, double a) {
            if (size == codes.length) {
                int c = size + (size >> 1);
                codes = Arrays.copyOf(codes, c);
                times = Arrays.copyOf(times, c);
                amounts = Arrays.copyOf(amounts, c);
                for (var e : extras.entrySet()) {
                    e.setValue(Arrays.copyOf(e.getValue(), c));
                }
            }
            codes[size] = code;
            times[size] = t;
            amounts[size] = a;
            size++;
        }

        /** Sets an extra column of the row last added. */
        void extra(int index, String value) {
            extras.get(extraNames[index])[size - 1] = value;
        }

        TransactionLog build(boolean hasAmounts, Path source, long firstLine, String dateColumn) {
            Map<String, String[]> ex = new LinkedHashMap<>();
            for (var e : extras.entrySet()) {
                ex.put(e.getKey(), Arrays.copyOf(e.getValue(), size));
            }
            return new TransactionLog(Arrays.copyOf(codes, size), dict.ids(), Arrays.copyOf(times, size),
                    Arrays.copyOf(amounts, size), hasAmounts, ex, source, firstLine, dateColumn);
        }
    }
}
