package org.churnkit.contractual;

import java.util.Locale;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;

/**
 * Cells of a table read with every column in its own type (text from CSV, typed from Parquet and
 * Arrow), converted with the error every reader of this package gives: file, line, column, what
 * was expected and what was found.
 */
final class TableCells {
    private TableCells() {}

    /** A whole number: text, an integer column, or a double column holding an integral value. */
    static long wholeNumber(ColumnTable t, String column, int row) {
        ColumnType type = t.type(column);
        if (type == ColumnType.LONG) {
            return t.longs(column)[row];
        }
        String cell = t.cell(column, row).strip();
        if (type == ColumnType.DOUBLE) {
            double v = t.doubles(column)[row];
            if (v == Math.rint(v) && Math.abs(v) < 9e15) {
                return (long) v;
            }
        } else if (type == ColumnType.STRING) {
            try {
                return Long.parseLong(cell);
            } catch (NumberFormatException e) {
                // a whole number written as a decimal (3.0) is one
                try {
                    double v = Double.parseDouble(cell);
                    if (v == Math.rint(v) && Math.abs(v) < 9e15) {
                        return (long) v;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
        }
        throw BadInputException.at(t.source(), t.line(row), column, "expected a whole number, found "
                + (cell.isEmpty() ? "an empty cell" : BadInputException.quote(cell)));
    }

    /** A finite number or NaN for a missing cell is an error; text is parsed. */
    static double number(ColumnTable t, String column, int row) {
        ColumnType type = t.type(column);
        String cell = t.cell(column, row).strip();
        double v = Double.NaN;
        if (type == ColumnType.DOUBLE || type == ColumnType.LONG) {
            v = type == ColumnType.LONG ? t.longs(column)[row] : t.doubles(column)[row];
        } else if (type == ColumnType.STRING) {
            try {
                v = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
        }
        if (!Double.isFinite(v)) {
            throw BadInputException.at(t.source(), t.line(row), column, "expected a number, found "
                    + (cell.isEmpty() ? "an empty cell" : BadInputException.quote(cell)));
        }
        return v;
    }

    /** A yes/no flag: 1/0, true/false, yes/no, y/n (any case). */
    static boolean flag(ColumnTable t, String column, int row) {
        String cell = t.cell(column, row).strip();
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "1", "1.0", "true", "yes", "y", "t" -> {
                return true;
            }
            case "0", "0.0", "false", "no", "n", "f" -> {
                return false;
            }
            default -> throw BadInputException.at(t.source(), t.line(row), column,
                    "expected 1 or 0 (or true/false, yes/no), found "
                            + (cell.isEmpty() ? "an empty cell" : BadInputException.quote(cell)));
        }
    }
}
