package org.churnkit.io;

import java.nio.file.Path;
import org.churnkit.ChurnkitException;

/**
 * Input the user must fix, located as precisely as the format allows: the file, the line (CSV and
 * text; for Parquet and Arrow the 1-based row) and the column, with what was expected and what was
 * found. The message reads {@code FILE:LINE: column 'date': expected a date like 19970101, found
 * '1997-13-01'}.
 */
public final class BadInputException extends ChurnkitException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** 1-based line (or row); 0 when not applicable. */
    private final long line;
    /** The column name, or {@code null}. */
    private final String column;

    private BadInputException(Path file, long line, String column, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /**
     * Input that cannot be located by line and column (a model file whose field is wrong, a value
     * given in code): the message names the source and the problem on its own.
     *
     * @param message what is wrong, naming where the input came from
     * @return the exception, with no file, line 0 and no column
     */
    public static BadInputException of(String message) {
        return new BadInputException(null, 0, null, message);
    }

    /**
     * The same, with the exception that revealed the problem.
     *
     * @param message what is wrong, naming where the input came from
     * @param cause the underlying exception
     * @return the exception, with no file, line 0 and no column
     */
    public static BadInputException of(String message, Throwable cause) {
        BadInputException e = new BadInputException(null, 0, null, message);
        e.initCause(cause);
        return e;
    }

    /**
     * A problem in one cell (or header field).
     *
     * @param file   the file read
     * @param line   1-based line (or row for columnar formats); 0 when not applicable
     * @param column the column name, or {@code null} when the problem is not in one column
     * @param what   what was expected and what was found
     * @return the exception, its message naming file, line and column
     */
    public static BadInputException at(Path file, long line, String column, String what) {
        StringBuilder sb = new StringBuilder();
        sb.append(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (column != null) {
            sb.append("column '").append(column).append("': ");
        }
        sb.append(what);
        return new BadInputException(file, line, column, sb.toString());
    }

    /**
     * The file that holds the problem, or {@code null} when the input was not located in a file.
     *
     * @return the file, or {@code null}
     */
    public Path file() {
        return file;
    }

    /**
     * The 1-based line (or row), 0 when the problem concerns the whole file.
     *
     * @return the line, or 0
     */
    public long line() {
        return line;
    }

    /**
     * The column, or {@code null}.
     *
     * @return the column, or {@code null}
     */
    public String column() {
        return column;
    }

    /**
     * Quotes a found value for a message, shortened to 40 characters.
     *
     * @param found the value as read
     * @return the value in quotes, shortened with an ellipsis when longer than 40 characters
     */
    public static String quote(CharSequence found) {
        String s = found.toString();
        if (s.length() > 40) {
            s = s.substring(0, 37) + "...";
        }
        return "'" + s + "'";
    }
}
