package org.churnkit.data;

import java.nio.file.Path;
import org.churnkit.io.BadInputException;

/**
 * The one rule for customer ids, applied by every reader (transaction logs, summaries, scores):
 * surrounding white space ({@link Character#isWhitespace}, which includes tab, CR and LF) is
 * trimmed; what remains must be non-empty and free of control characters (U+0000 to U+001F and
 * U+007F to U+009F, NUL included), else the id is a located {@link BadInputException}. Nothing else
 * is changed: ids are compared by their exact remaining characters, so {@code José} and
 * {@code Josè} stay two customers and a summary written by churnkit reads back with the same ids.
 */
public final class CustomerIds {
    private CustomerIds() {}

    /**
     * Normalises one id as read.
     *
     * @param raw the id as it appears in the file (may be {@code null} for a missing cell)
     * @param file the file, for the message
     * @param line the line (row for columnar files), for the message
     * @param column the id column's name, for the message
     * @return the trimmed id
     * @throws BadInputException when the id is empty after trimming or holds a control character
     */
    public static String normalize(String raw, Path file, long line, String column) {
        String id = raw == null ? "" : raw.strip();
        if (id.isEmpty()) {
            throw BadInputException.at(file, line, column, "expected a customer id, found an empty cell");
        }
        int bad = firstControl(id, 0, id.length());
        if (bad >= 0) {
            throw controlCharacter(file, line, column, id, bad);
        }
        return id;
    }

    /**
     * Index of the first control character of {@code s[from, to)}, or -1.
     *
     * @param s the text
     * @param from first index
     * @param to end index (exclusive)
     * @return the index of the first control character, or -1 when there is none
     */
    public static int firstControl(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The error for an id holding a control character.
     *
     * @param file the file
     * @param line the line (or row)
     * @param column the id column
     * @param id the id (trimmed)
     * @param at index of the control character in {@code id}
     * @return the located exception
     */
    public static BadInputException controlCharacter(Path file, long line, String column, String id, int at) {
        return BadInputException.at(file, line, column, String.format(java.util.Locale.ROOT,
                "customer id %s holds the control character U+%04X at character %d: ids must be printable text "
                        + "(remove it from the file)",
                BadInputException.quote(id.replaceAll("\\p{Cntrl}", "?")), (int) id.charAt(at), at + 1));
    }
}
