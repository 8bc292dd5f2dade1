package org.churnkit.cost;

import org.churnkit.data.SummaryValidator;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;

/** Input validation shared by the metrics (spec §2.1). Messages name the offending index. */
final class Checks {
    private Checks() {}

    static void labelsAndScores(int[] y, double[] s) {
        if (y == null || s == null) {
            throw new IllegalArgumentException("labels and scores must not be null");
        }
        if (y.length == 0) {
            throw new IllegalArgumentException("empty input: no customers");
        }
        if (y.length != s.length) {
            throw new IllegalArgumentException(
                    "length mismatch: " + y.length + " labels but " + s.length + " scores");
        }
        labels(y);
        finite(s, "score");
    }

    /**
     * Refuses money beyond {@link SummaryValidator#MAX_MONEY} in magnitude read
     * from a table, naming the file, line and {@code column} (whose cell is quoted) of the first.
     */
    static void money(ColumnTable in, double[] v, String column) {
        for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i]) > SummaryValidator.MAX_MONEY) {
                throw BadInputException.at(in.source(), in.line(i), column, "expected a value of at most "
                        + "1e15 in magnitude, found " + BadInputException.quote(in.cell(column, i)));
            }
        }
    }

    static void labels(int[] y) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException(
                        "label of customer " + i + " is " + y[i] + "; expected 0 (stays) or 1 (churns)");
            }
        }
    }

    static void finite(double[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " of customer " + i + " is " + v[i] + "; expected a finite number");
            }
        }
    }

    static void sameLength(int n, double[] v, String what) {
        if (v == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (v.length != n) {
            throw new IllegalArgumentException(
                    "length mismatch: " + n + " customers but " + v.length + " values of " + what);
        }
        finite(v, what);
    }

    static void probabilities(double[] p) {
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException(
                        "probability of customer " + i + " is " + p[i] + "; expected a number in [0, 1]");
            }
        }
    }

    /** Both classes present: every ROC-based metric divides by N1 and N0. */
    static void bothClasses(int[] y) {
        long ones = 0;
        for (int v : y) {
            ones += v;
        }
        if (ones == 0 || ones == y.length) {
            throw new IllegalArgumentException("only one class present (" + (ones == 0 ? "no churners" : "no non-churners")
                    + "); ROC-based profit metrics need both churners and non-churners");
        }
    }

    static void positive(double v, String name) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
        }
    }

    static void nonNegative(double v, String name) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }

    static void fraction(double v, String name) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    /** Returns +0.0 for -0.0 (spec §2.1: never report "-0.0"). */
    static double plusZero(double v) {
        return v + 0.0;
    }
}
