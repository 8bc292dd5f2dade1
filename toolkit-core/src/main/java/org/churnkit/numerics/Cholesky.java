package org.churnkit.numerics;

/**
 * Cholesky factorisation {@code A = L L'} of a symmetric matrix, used to invert the observed
 * information and to decide whether it is positive definite (a maximum, not a saddle or a
 * ridge). Only the lower triangle of {@code A} is read.
 */
public final class Cholesky {
    private Cholesky() {}

    /**
     * The lower-triangular factor.
     *
     * @param a a symmetric matrix (lower triangle read, not modified)
     * @return L, or null when a pivot is not positive (not positive definite, or NaN)
     */
    public static double[][] factor(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /**
     * Whether {@code a} is numerically positive definite: every Cholesky pivot positive.
     *
     * @param a a symmetric matrix
     * @return true when the factorisation succeeds
     */
    public static boolean isPositiveDefinite(double[][] a) {
        return factor(a) != null;
    }

    /**
     * The inverse by Cholesky: solves {@code L L' X = I} column by column.
     *
     * @param a a symmetric matrix
     * @return the inverse, or null if {@code a} is not positive definite or an entry of the
     *     inverse is not finite
     */
    public static double[][] invertPositiveDefinite(double[][] a) {
        double[][] l = factor(a);
        if (l == null) {
            return null;
        }
        int n = a.length;
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = i == c ? 1 : 0;
                for (int m = 0; m < i; m++) {
                    s -= l[i][m] * y[m];
                }
                y[i] = s / l[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int m = i + 1; m < n; m++) {
                    s -= l[m][i] * inv[m][c];
                }
                inv[i][c] = s / l[i][i];
            }
        }
        for (double[] row : inv) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return null;
                }
            }
        }
        return inv;
    }
}
