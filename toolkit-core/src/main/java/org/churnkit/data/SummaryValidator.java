package org.churnkit.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;

/**
 * The one check of a customer summary read from a file (frequency, recency, age and optionally
 * mean spend, weights and ids), used by every command that reads one ({@code fit}, {@code score},
 * and through them every model) before any row is selected or dropped, so that a row one model
 * rejects is not silently skipped by another. Each violation is a {@link BadInputException} naming
 * the file, the line (row for Parquet and Arrow) and the column, and saying what was expected.
 *
 * <p>The rules, per row (x = frequency, t_x = recency, T = age):
 * <ul>
 *   <li>every value is a finite number no larger than {@link #MAX_COUNT} (frequency, recency, age,
 *       weight) or {@link #MAX_MONEY} (spend): beyond these no real log lies, and products of them
 *       would overflow; NaN, infinity and {@code 1e308} are errors;</li>
 *   <li>x is a whole number {@code >= 0}; {@code 0 <= t_x <= T}; {@code T >= 0} (whether T = 0 can
 *       enter is the command's policy); {@code t_x = 0} when x = 0 and {@code t_x > 0} when x &gt; 0
 *       (a repeat purchase happens after the first);</li>
 *   <li>discrete (BG/BB) rows: x, t_x and n = T whole, {@code x <= t_x <= n};</li>
 *   <li>spend, when read: finite and {@code >= 0} for x &gt; 0 (an empty cell is allowed when x = 0);</li>
 *   <li>weight: finite, {@code >= 0};</li>
 *   <li>ids, when read: {@link CustomerIds#normalize} (trimmed, non-empty, no control characters)
 *       and unique: a customer is one row of a summary, so a repeated id is an error naming both
 *       lines (whether the two histories agree or not, since either way the customer would count
 *       twice).</li>
 * </ul>
 */
public final class SummaryValidator {
    /** Largest accepted frequency, recency, age or weight. */
    public static final double MAX_COUNT = 1e12;
    /** Largest accepted mean spend. */
    public static final double MAX_MONEY = 1e15;

    private SummaryValidator() {}

    /**
     * Column names of a summary; {@code null} for the optional ones that are not read.
     *
     * @param id customer id column, or {@code null}
     * @param frequency repeat transactions x
     * @param recency recency t_x
     * @param age age T (n for BG/BB)
     * @param monetary mean spend, or {@code null}
     * @param weight row weight, or {@code null}
     * @param discrete whether the rows are BG/BB's discrete histories
     */
    public record Columns(String id, String frequency, String recency, String age, String monetary, String weight,
                          boolean discrete) {}

    /**
     * Checks every row of {@code table} and returns its normalised ids.
     *
     * @param table the summary as read (its {@link ColumnTable#source()} and {@link ColumnTable#line}
     *     locate errors); the named numeric columns must be numeric, the id column text
     * @param c the column names
     * @return the normalised ids ({@code null} when {@code c.id()} is {@code null})
     * @throws BadInputException naming the file, line and column of the first violation
     */
    public static String[] validate(ColumnTable table, Columns c) {
        Path file = table.source();
        int n = table.rowCount();
        double[] x = table.doubles(c.frequency());
        double[] tx = table.doubles(c.recency());
        double[] t = table.doubles(c.age());
        double[] m = c.monetary() != null ? table.doubles(c.monetary()) : null;
        double[] w = c.weight() != null ? table.doubles(c.weight()) : null;
        String[] raw = c.id() != null ? table.strings(c.id()) : null;
        String[] ids = raw != null ? new String[n] : null;
        Map<String, Integer> seen = raw != null ? new HashMap<>(Math.max(16, n * 2)) : null;
        for (int i = 0; i < n; i++) {
            long line = table.line(i);
            String who = raw != null ? raw[i] : null;
            if (ids != null) {
                String id = CustomerIds.normalize(raw[i], file, line, c.id());
                Integer prev = seen.putIfAbsent(id, i);
                if (prev != null) {
                    boolean same = x[prev] == x[i] && tx[prev] == tx[i] && t[prev] == t[i];
                    throw BadInputException.at(file, line, c.id(), "customer " + BadInputException.quote(id)
                            + " already appeared on line " + table.line(prev)
                            + (same ? " (with the same history)" : " with a different history")
                            + ": a summary holds one row per customer");
                }
                ids[i] = id;
            }
            count(table, who, i, c.frequency(), x[i], "repeat transactions x");
            count(table, who, i, c.recency(), tx[i], "recency t_x");
            count(table, who, i, c.age(), t[i], c.discrete() ? "opportunities n" : "age T");
            if (x[i] != Math.rint(x[i])) {
                throw bad(table, who, i, c.frequency(), "expected a whole number of repeat transactions");
            }
            if (tx[i] > t[i]) {
                throw bad(table, who, i, c.recency(), "recency exceeds " + c.age() + " = " + num(t[i])
                        + ": the last purchase cannot be after the end of observation");
            }
            if (x[i] == 0 && tx[i] != 0) {
                throw bad(table, who, i, c.recency(), "expected 0 when " + c.frequency() + " is 0 (no repeat purchase)");
            }
            if (x[i] > 0 && tx[i] == 0) {
                throw bad(table, who, i, c.recency(), "expected a positive recency when " + c.frequency() + " = "
                        + num(x[i]) + ": a repeat purchase comes after the first");
            }
            if (c.discrete()) {
                if (tx[i] != Math.rint(tx[i])) {
                    throw bad(table, who, i, c.recency(), "expected a whole opportunity number (BG/BB)");
                }
                if (t[i] != Math.rint(t[i])) {
                    throw bad(table, who, i, c.age(), "expected a whole number of opportunities (BG/BB)");
                }
                if (tx[i] < x[i]) {
                    throw bad(table, who, i, c.recency(), "expected " + c.frequency() + " <= " + c.recency()
                            + " (x transactions need at least x opportunities)");
                }
            }
            if (m != null) {
                double v = m[i];
                if (Double.isNaN(v) && x[i] == 0) {
                    // no repeat purchase: no mean spend, an empty cell is right
                } else if (!Double.isFinite(v) || Math.abs(v) > MAX_MONEY) {
                    throw bad(table, who, i, c.monetary(), "expected a finite amount of at most " + num(MAX_MONEY));
                } else if (v < 0) {
                    throw bad(table, who, i, c.monetary(), "expected a mean spend >= 0");
                }
            }
            if (w != null) {
                count(table, who, i, c.weight(), w[i], "weight");
            }
        }
        return ids;
    }

    private static void count(ColumnTable table, String who, int i, String column, double v, String what) {
        if (Double.isNaN(v)) {
            throw bad(table, who, i, column, "expected a number (" + what + "), found an empty or NaN cell");
        }
        if (!(v >= 0)) {
            throw bad(table, who, i, column, "expected " + what + " >= 0");
        }
        if (!(v <= MAX_COUNT)) {
            throw bad(table, who, i, column, "expected " + what + " of at most " + num(MAX_COUNT)
                    + " (a finite value a transaction log can produce)");
        }
    }

    /** A located error; {@code who} (the row's customer id, or {@code null}) is named so a user can find the row. */
    private static BadInputException bad(ColumnTable table, String who, int i, String column, String what) {
        return BadInputException.at(table.source(), table.line(i), column,
                (who == null ? "" : "customer " + BadInputException.quote(who.strip()) + ": ") + what + ", found " + BadInputException.quote(table.cell(column, i)));
    }

    private static String num(double v) {
        return ColumnTable.formatDouble(v);
    }
}
