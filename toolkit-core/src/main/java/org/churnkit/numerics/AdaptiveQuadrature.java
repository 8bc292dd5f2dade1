package org.churnkit.numerics;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.churnkit.ChurnkitException;

/**
 * Adaptive Gauss-Kronrod (7/15-point) quadrature on a finite interval, churnkit's one integrator:
 * it bisects the interval whose error estimate is largest until the total estimated error is below
 * the tolerance. Integrands may be scalar or vector-valued; a vector integrand (say an integral and
 * its parameter derivatives, which share every node) is integrated component by component on one
 * set of intervals, with the error controlled on component 0.
 *
 * <p>Nodes and weights: QUADPACK's {@code qk15} (Piessens et al. 1983). The
 * error estimate of an interval is {@code |K15 - G7|} of component 0. The integrand must be finite
 * at the interior nodes (a non-finite value throws, so no NaN escapes); the end points themselves
 * are never evaluated, so integrable end point singularities are allowed.
 */
public final class AdaptiveQuadrature {
    /** The 8 non-negative Kronrod nodes on [-1, 1], largest first; the odd-indexed ones are the Gauss nodes. */
    private static final double[] XGK = {
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    };
    /** Kronrod weights, matching XGK. */
    private static final double[] WGK = {
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    };
    /** Gauss weights for XGK[1], XGK[3], XGK[5], XGK[7]. */
    private static final double[] WG = {
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    };
    /** Interval budget of the scalar {@link #integrate(DoubleUnaryOperator, double, double, double, double)}. */
    private static final int SCALAR_MAX_INTERVALS = 2_000;
    /** Initial capacity of the interval arrays; most integrals need only a few intervals. */
    private static final int INITIAL_INTERVALS = 16;

    private AdaptiveQuadrature() {}

    /**
     * A vector-valued integrand: writes the components of {@code f(x)} into {@code out}.
     */
    @FunctionalInterface
    public interface VectorIntegrand {
        /**
         * Evaluates the integrand.
         *
         * @param x the abscissa, inside the integration interval
         * @param out receives the components of {@code f(x)}, one per dimension
         */
        void evaluate(double x, double[] out);
    }

    /**
     * {@code integral from a to b of f}, to relative accuracy {@code relTol} (or absolute
     * {@code absTol}, whichever is looser), within 2000 intervals.
     *
     * @throws ChurnkitException if the integrand is not finite at a node, or the tolerance is not
     *     reached within the interval budget (or before an interval becomes too short to split)
     * @param f the integrand, finite on {@code [a, b]}
     * @param a lower limit, finite
     * @param b upper limit, finite
     * @param relTol relative tolerance, {@code > 0}
     * @param absTol absolute tolerance, {@code >= 0}
     * @return the integral
     */
    public static double integrate(DoubleUnaryOperator f, double a, double b, double relTol, double absTol) {
        if (a == b) {
            return 0.0;
        }
        return integrate((x, out) -> out[0] = f.applyAsDouble(x), 1, a, b, relTol, absTol, relTol,
                SCALAR_MAX_INTERVALS)[0];
    }

    /**
     * {@code integral from a to b of f}, component by component, stopping when the estimated error
     * of component 0 is at most {@code max(absTol, relTol |I_0|)}. When the interval budget is spent,
     * or the worst interval can no longer be halved in double precision, the estimate is still
     * returned if its error is at most {@code max(absTol, acceptRelTol |I_0|)}, and rejected
     * otherwise.
     *
     * @throws ChurnkitException if a component of the integrand is not finite at a node, or the
     *     estimate is rejected
     * @param f the integrand
     * @param dims number of components, {@code >= 1}
     * @param a lower limit, finite
     * @param b upper limit, finite
     * @param relTol relative tolerance on component 0, {@code > 0}
     * @param absTol absolute tolerance on component 0, {@code >= 0}
     * @param acceptRelTol looser relative tolerance, {@code >= relTol}, under which an estimate is
     *     accepted once no further refinement is possible
     * @param maxIntervals interval budget, {@code >= 1}
     * @return the integral of each component
     */
    public static double[] integrate(VectorIntegrand f, int dims, double a, double b, double relTol, double absTol,
                                     double acceptRelTol, int maxIntervals) {
        if (dims < 1 || maxIntervals < 1) {
            throw new IllegalArgumentException("need dims >= 1 and maxIntervals >= 1, got " + dims + ", "
                    + maxIntervals);
        }
        if (a == b) {
            return new double[dims];
        }
        // Interval i is [lo[i], hi[i]] with estimates val[i][..] and error err[i]. A binary heap on
        // error would be faster; a linear scan over at most a few hundred intervals costs nothing
        // next to the integrand.
        int capacity = Math.min(INITIAL_INTERVALS, maxIntervals);
        double[] lo = new double[capacity];
        double[] hi = new double[capacity];
        double[][] val = new double[capacity][];
        double[] err = new double[capacity];
        double[] left = new double[dims];
        double[] right = new double[dims];
        lo[0] = a;
        hi[0] = b;
        val[0] = new double[dims];
        err[0] = kronrod(f, a, b, val[0], left, right);
        int n = 1;
        while (true) {
            double total = 0;
            double totalErr = 0;
            int worst = 0;
            for (int i = 0; i < n; i++) {
                total += val[i][0];
                totalErr += err[i];
                if (err[i] > err[worst]) {
                    worst = i;
                }
            }
            if (totalErr <= Math.max(absTol, relTol * Math.abs(total))) {
                return sum(val, n, dims);
            }
            double mid = 0.5 * (lo[worst] + hi[worst]);
            if (n == maxIntervals || mid <= lo[worst] || mid >= hi[worst]) {
                if (totalErr <= Math.max(absTol, acceptRelTol * Math.abs(total))) {
                    return sum(val, n, dims);
                }
                throw new ChurnkitException("integral did not converge: estimate " + total + ", error " + totalErr
                        + " after " + n + " intervals");
            }
            if (n == lo.length) {
                int grown = Math.min(maxIntervals, 2 * n);
                lo = Arrays.copyOf(lo, grown);
                hi = Arrays.copyOf(hi, grown);
                val = Arrays.copyOf(val, grown);
                err = Arrays.copyOf(err, grown);
            }
            lo[n] = mid;
            hi[n] = hi[worst];
            hi[worst] = mid;
            val[n] = new double[dims];
            err[worst] = kronrod(f, lo[worst], mid, val[worst], left, right);
            err[n] = kronrod(f, mid, hi[n], val[n], left, right);
            n++;
        }
    }

    /** Component sums over the first {@code n} intervals, in interval order. */
    private static double[] sum(double[][] val, int n, int dims) {
        double[] s = new double[dims];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dims; c++) {
                s[c] += val[i][c];
            }
        }
        return s;
    }

    /**
     * One 15-point Kronrod estimate of the integral over [a, b] into {@code out}; returns the error
     * estimate of component 0. {@code left} and {@code right} are scratch buffers.
     */
    private static double kronrod(VectorIntegrand f, double a, double b, double[] out, double[] left,
                                  double[] right) {
        int m = out.length;
        double c = 0.5 * (a + b);
        double h = 0.5 * (b - a);
        eval(f, c, left);
        for (int i = 0; i < m; i++) {
            out[i] = left[i] * WGK[7];
        }
        double resG = left[0] * WG[3];
        for (int j = 0; j < 7; j++) {
            double dx = h * XGK[j];
            eval(f, c - dx, left);
            eval(f, c + dx, right);
            // Each node's term is added on its own (not the pair's sum): the order the Pareto/NBD
            // likelihood was validated with, whose ill-posed fits are sensitive to the last bit.
            for (int i = 0; i < m; i++) {
                out[i] += WGK[j] * left[i];
                out[i] += WGK[j] * right[i];
            }
            if ((j & 1) == 1) {
                resG += WG[j >> 1] * (left[0] + right[0]);
            }
        }
        double err = Math.abs((out[0] - resG) * h);
        for (int i = 0; i < m; i++) {
            out[i] *= h;
        }
        return err;
    }

    private static void eval(VectorIntegrand f, double x, double[] out) {
        f.evaluate(x, out);
        for (double y : out) {
            if (!Double.isFinite(y)) {
                throw new ChurnkitException("integrand is " + y + " at " + x);
            }
        }
    }
}
