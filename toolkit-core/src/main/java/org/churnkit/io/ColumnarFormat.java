package org.churnkit.io;

import java.nio.file.Path;
import java.util.List;

/**
 * The columnar file formats, Parquet and Arrow IPC, as a service that a separate module provides.
 *
 * <p>Why a service: reading Parquet takes Apache Arrow and Arrow Dataset's JNI libraries (78 MB
 * of native code for three operating systems). A service that only scores customers must not carry
 * them, so {@link TableIO} and {@link org.churnkit.data.TransactionReader} read CSV and text
 * themselves and hand {@code .parquet} and {@code .arrow} files to the implementation found by
 * {@link java.util.ServiceLoader} ({@code toolkit-arrow}: {@code org.churnkit.arrow.ArrowFormat}). Without
 * it, such a file is refused with a {@link BadInputException} that names the module to add.
 *
 * <p>Implementations read batch by batch into the caller's primitive arrays through
 * {@link Batch} and {@link Column}, so that no Arrow type crosses this interface.
 */
public interface ColumnarFormat {

    /**
     * Column names of a Parquet or Arrow file, in order.
     *
     * @param file a Parquet file (or a directory of part files) or an Arrow IPC file
     * @param format {@link FileFormat#PARQUET} or {@link FileFormat#ARROW}
     * @return the column names
     * @throws BadInputException when the file cannot be read as that format
     */
    List<String> columnNames(Path file, FileFormat format);

    /**
     * Scans the named columns batch by batch, in file order.
     *
     * @param file a Parquet or Arrow IPC file
     * @param format {@link FileFormat#PARQUET} or {@link FileFormat#ARROW}
     * @param columns the columns to read, all existing ({@link #columnNames} first)
     * @param consumer receives each batch; its columns are in the order of {@code columns}
     * @throws BadInputException when the file cannot be read, or as the consumer throws it
     */
    void scan(Path file, FileFormat format, List<String> columns, BatchConsumer consumer);

    /**
     * Writes a table atomically ({@link AtomicOutput}).
     *
     * @param table the table
     * @param target the output file
     * @param format {@link FileFormat#PARQUET} or {@link FileFormat#ARROW}
     */
    void write(ColumnTable table, Path target, FileFormat format);

    /**
     * The installed implementation.
     *
     * @param file the file that needs it, for the message when none is installed
     * @param format the format that needs it
     * @return the implementation
     * @throws BadInputException when no module provides one
     */
    static ColumnarFormat installed(Path file, FileFormat format) {
        ColumnarFormat f = ColumnarFormatHolder.INSTANCE;
        if (f == null) {
            throw BadInputException.at(file, 0, null, format.name().toLowerCase(java.util.Locale.ROOT)
                    + " files need the Parquet/Arrow module on the class path (org.churnkit:toolkit-arrow);"
                    + " CSV and text files do not");
        }
        return f;
    }

    /** Receives each batch of a scan. */
    @FunctionalInterface
    interface BatchConsumer {
        /**
         * Receives one batch, valid only during the call.
         *
         * @param batch the batch
         * @param firstRow 0-based index of the batch's first row in the file
         */
        void accept(Batch batch, long firstRow);
    }

    /** One batch of rows. */
    interface Batch {
        /**
         * Rows in the batch.
         *
         * @return the row count
         */
        int rowCount();

        /**
         * A column of the batch.
         *
         * @param index position in the list of scanned columns
         * @return the column
         */
        Column column(int index);
    }

    /** What a column holds, as far as a reader of churnkit's tables needs to know. */
    enum Kind {
        /** UTF-8 text. */
        TEXT,
        /** Dates and timestamps. */
        TEMPORAL,
        /** Whole numbers. */
        INTEGER,
        /** Floating-point numbers and booleans (as 0 and 1). */
        NUMBER,
        /** Anything else: read as text ({@link Column#string}). */
        OTHER
    }

    /** One column of a batch; row indices run from 0 to {@link Batch#rowCount()} - 1. */
    interface Column {
        /**
         * The column's kind.
         *
         * @return the kind
         */
        Kind kind();

        /**
         * The column's type as the file names it, for messages.
         *
         * @return the type name
         */
        String typeName();

        /**
         * Whether a value is null.
         *
         * @param row the row
         * @return true when null
         */
        boolean isNull(int row);

        /**
         * A value of an {@link Kind#INTEGER} or {@link Kind#NUMBER} column.
         *
         * @param row the row
         * @return the value; NaN when null
         */
        double doubleValue(int row);

        /**
         * A value of an {@link Kind#INTEGER} column; the caller checks null.
         *
         * @param row the row
         * @return the value
         */
        long longValue(int row);

        /**
         * A value of a {@link Kind#TEMPORAL} column as seconds since 1970-01-01T00:00, floored;
         * the caller checks null.
         *
         * @param row the row
         * @return the seconds (wall clock, or UTC when {@link #hasTimeZone()})
         */
        long seconds(int row);

        /**
         * Whether a temporal column holds instants with a time zone (then {@link #seconds} are
         * UTC and the reader converts them to its zone's wall clock).
         *
         * @return true for zoned timestamps
         */
        boolean hasTimeZone();

        /**
         * Copies the UTF-8 bytes of a non-null {@link Kind#TEXT} value into {@code buf[0]}
         * (replaced by a larger array when too small); no String is allocated.
         *
         * @param row the row
         * @param buf a one-element holder of a reusable buffer
         * @return the number of bytes written at the start of {@code buf[0]}
         */
        int textBytes(int row, byte[][] buf);

        /**
         * Any value as text: numbers as {@link ColumnTable#formatDouble}, times as
         * {@link ColumnTable#formatTimestamp}.
         *
         * @param row the row
         * @return the text, or {@code null} when null
         */
        String string(int row);

        /**
         * The whole column as one run of UTF-8 bytes with offsets, when it is text without nulls
         * (the fast path for customer ids); {@code null} otherwise.
         *
         * @return the run, or {@code null}
         */
        TextRun textRun();
    }

    /**
     * A text column's bytes: value {@code i} is {@code bytes[offsets[i] .. offsets[i + 1])}.
     *
     * @param bytes the UTF-8 bytes of every value, in order
     * @param offsets {@code rowCount + 1} offsets into {@code bytes}, starting at 0
     */
    record TextRun(byte[] bytes, int[] offsets) {}
}
