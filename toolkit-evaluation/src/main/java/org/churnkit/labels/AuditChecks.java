package org.churnkit.labels;

/** Domain checks shared by the audit classes; messages name the row (0-based) and what is wrong. */
final class AuditChecks {
    private AuditChecks() {}

    /** Features rectangular and finite, labels 0/1 of the same length; returns n. */
    static int rows(double[][] x, int[] y) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        features(x, x[0].length);
        if (y.length != x.length) {
            throw new IllegalArgumentException(x.length + " feature rows but " + y.length + " labels");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException("label of row " + i + " is " + y[i] + "; expected 0 or 1");
            }
        }
        return x.length;
    }

    static void features(double[][] x, int p) {
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features; expected " + p);
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("feature " + j + " of row " + i + " is " + x[i][j]
                            + ", not a finite number");
                }
            }
        }
    }

    /** Weights finite, >= 0, positive sum; null means all 1. */
    static double[] weights(double[] w, int n) {
        if (w == null) {
            double[] ones = new double[n];
            java.util.Arrays.fill(ones, 1);
            return ones;
        }
        if (w.length != n) {
            throw new IllegalArgumentException(n + " rows but " + w.length + " weights");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!(w[i] >= 0) || !Double.isFinite(w[i])) {
                throw new IllegalArgumentException("weight of row " + i + " is " + w[i] + "; expected a finite number >= 0");
            }
            sum += w[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("every weight is 0");
        }
        return w;
    }

    /** Both classes present. */
    static void bothClasses(int[] y, String what) {
        long ones = 0;
        for (int v : y) {
            ones += v;
        }
        if (ones == 0 || ones == y.length) {
            throw new IllegalArgumentException(what + " holds only label " + (ones == 0 ? 0 : 1)
                    + "; a label audit needs both classes");
        }
    }
}
