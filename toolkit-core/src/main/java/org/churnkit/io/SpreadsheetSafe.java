package org.churnkit.io;

/**
 * Neutralises spreadsheet formula injection (CSV injection) in files written for people: target
 * lists, segment lists, campaign files and report tables, which marketers open in Excel, LibreOffice
 * or Google Sheets. Following OWASP's recommendation, a text cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return is written with a single quote in
 * front, so a spreadsheet shows it as text instead of evaluating it ({@code =HYPERLINK(...)},
 * {@code +cmd|...}, {@code -2+3}, {@code @SUM(...)}). A cell that already starts with a single
 * quote gets one more, which keeps the rule invertible ({@link #restore}). Plain numbers written as
 * text ({@code -12.5}) are left alone. Numeric columns are never touched.
 *
 * <p>Machine outputs (summaries, scores, splits, model files) are not neutralised: they must
 * round-trip ids exactly.
 */
public final class SpreadsheetSafe {
    private SpreadsheetSafe() {}

    /**
     * One cell made safe for a spreadsheet.
     *
     * @param s the cell text, or {@code null}
     * @return the text, with a single quote in front when it would start a formula (or starts with a quote)
     */
    public static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        boolean trigger = c == '=' || c == '@' || c == '\t' || c == '\r' || c == '\''
                || ((c == '+' || c == '-') && !isPlainNumber(s));
        return trigger ? "'" + s : s;
    }

    /**
     * Undoes {@link #cell} for a file churnkit wrote for people and now reads back (one leading quote removed).
     *
     * @param s a cell of such a file, or {@code null}
     * @return the original text
     */
    public static String restore(String s) {
        return s != null && s.length() > 1 && s.charAt(0) == '\'' ? s.substring(1) : s;
    }

    /**
     * The table with every text column made safe ({@link #cell}); other columns shared as they are.
     *
     * @param table the table to be written for people
     * @return a table with neutralised text cells
     */
    public static ColumnTable of(ColumnTable table) {
        ColumnTable.Builder b = ColumnTable.builder();
        for (String name : table.columnNames()) {
            Object raw = table.raw(name);
            if (raw instanceof String[] s) {
                String[] out = new String[s.length];
                for (int i = 0; i < s.length; i++) {
                    out[i] = cell(s[i]);
                }
                b.put(name, out);
            } else {
                b.put(name, raw);
            }
        }
        return b.source(table.source()).build();
    }

    private static boolean isPlainNumber(String s) {
        int i = 1;
        int n = s.length();
        boolean digits = false;
        boolean dot = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return false;
            }
        }
        return digits;
    }
}
