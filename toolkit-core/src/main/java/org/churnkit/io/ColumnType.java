package org.churnkit.io;

/** Element type of a {@link ColumnTable} column and how it maps to file formats. */
public enum ColumnType {
    /** Text; CSV as is, Arrow/Parquet UTF-8 strings. {@code null} is a missing value. */
    STRING,
    /** 64-bit floating point; Arrow/Parquet {@code double}. NaN is a missing value (empty in CSV). */
    DOUBLE,
    /** 64-bit integer; Arrow/Parquet {@code int64}. */
    LONG,
    /**
     * Date-time without time zone (wall-clock), held as seconds since 1970-01-01T00:00;
     * Arrow/Parquet {@code timestamp} without zone (pandas {@code datetime64}); CSV as ISO text,
     * {@code 1997-01-01} when at midnight, else {@code 1997-01-01T10:15:00}.
     */
    TIMESTAMP
}
