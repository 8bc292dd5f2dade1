package org.churnkit.model;

/** Dense vector kernels for the optimiser: plain loops in index order, so results are reproducible bit for bit. */
final class Vectors {
    private Vectors() {}

    /** Sum of {@code a[i] * b[i]} in index order. */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code y += a x}, in place. */
    static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    /** {@code x *= a}, in place. */
    static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    /** Largest absolute component: 0 for an empty vector, NaN if any component is NaN. */
    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
