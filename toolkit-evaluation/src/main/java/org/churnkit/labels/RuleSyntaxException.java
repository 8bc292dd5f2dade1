package org.churnkit.labels;

import org.churnkit.ChurnkitException;

/**
 * A rules file (or rules text) that does not parse, or names a column the table lacks: the message
 * reads {@code rules.txt:3:17: expected a comparison operator (==, !=, <, <=, >, >=), found 'and'},
 * with the 1-based line and column (in characters) of the offending token.
 */
public final class RuleSyntaxException extends ChurnkitException {
    private static final long serialVersionUID = 1L;

    /** Where the rules came from. */
    private final String source;
    /** The 1-based line. */
    private final int line;
    /** The 1-based column, in characters. */
    private final int column;

    RuleSyntaxException(String source, int line, int column, String what) {
        super(source + ":" + line + ":" + column + ": " + what);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /**
     * Where the rules came from (the file name, or the name given with the text).
     *
     * @return the source name
     */
    public String source() {
        return source;
    }

    /**
     * The 1-based line of the problem.
     *
     * @return the line
     */
    public int line() {
        return line;
    }

    /**
     * The 1-based column (character) of the problem.
     *
     * @return the column
     */
    public int column() {
        return column;
    }
}
