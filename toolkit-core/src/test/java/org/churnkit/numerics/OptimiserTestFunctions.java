package org.churnkit.numerics;

import java.util.Random;

/** Smooth test functions with known minima for the optimiser's unit tests (Nocedal and Wright 2006, appendix). */
final class OptimiserTestFunctions {
    private OptimiserTestFunctions() {}

    /**
     * Extended Rosenbrock, {@code sum_i 100 (x_{2i} - x_{2i-1}^2)^2 + (1 - x_{2i-1})^2} over pairs:
     * minimum 0 at (1, ..., 1), a curved narrow valley.
     */
    static final DifferentiableObjective ROSENBROCK = (x, g) -> {
        double f = 0;
        for (int i = 0; i + 1 < x.length; i += 2) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] = -400 * x[i] * a - 2 * b;
            g[i + 1] = 200 * a;
        }
        return f;
    };

    /** The quadratic {@code x'Ax / 2 - b'x} with gradient {@code Ax - b}; minimum at {@code A^-1 b}. */
    static DifferentiableObjective quadratic(double[][] a, double[] b) {
        return (x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double ax = 0;
                for (int j = 0; j < x.length; j++) {
                    ax += a[i][j] * x[j];
                }
                g[i] = ax - b[i];
                f += 0.5 * x[i] * ax - b[i] * x[i];
            }
            return f;
        };
    }

    /** A random symmetric positive-definite matrix {@code B B' + n I}, entries of B uniform in (-1, 1). */
    static double[][] randomSpd(int n, Random rng) {
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = 2 * rng.nextDouble() - 1;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int m = 0; m < n; m++) {
                    s += b[i][m] * b[j][m];
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    /** {@code Q diag(eigenvalues) Q'} with a random orthogonal {@code Q} (Gram-Schmidt on a random matrix). */
    static double[][] withEigenvalues(double[] eigenvalues, Random rng) {
        int n = eigenvalues.length;
        double[][] q = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextGaussian();
            }
            for (int p = 0; p < c; p++) {
                double d = 0;
                for (int i = 0; i < n; i++) {
                    d += v[i] * q[i][p];
                }
                for (int i = 0; i < n; i++) {
                    v[i] -= d * q[i][p];
                }
            }
            double norm = Math.sqrt(Vectors.dot(v, v));
            for (int i = 0; i < n; i++) {
                q[i][c] = v[i] / norm;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int m = 0; m < n; m++) {
                    s += q[i][m] * eigenvalues[m] * q[j][m];
                }
                a[i][j] = s;
            }
        }
        // Exactly symmetric, as the Hessians the fitter factors are.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (a[i][j] + a[j][i]);
                a[i][j] = m;
                a[j][i] = m;
            }
        }
        return a;
    }
}
