package org.churnkit.numerics;

/** Dense vector kernels for the optimiser: plain loops in index order, so results are reproducible bit for bit. */
public final class Vectors {
    private Vectors() {}

    /**
     * Sum of {@code a[i] * b[i]} in index order.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the dot product
     */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * {@code y += a x}, in place.
     *
     * @param a the factor
     * @param x the vector added
     * @param y the vector updated
     */
    public static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    /**
     * {@code x *= a}, in place.
     *
     * @param a the factor
     * @param x the vector scaled
     */
    public static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    /**
     * Largest absolute component: 0 for an empty vector, NaN if any component is NaN.
     *
     * @param a a vector
     * @return the largest absolute component
     */
    public static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
