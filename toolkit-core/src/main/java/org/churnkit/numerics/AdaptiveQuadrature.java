package org.churnkit.numerics;

import java.util.function.DoubleUnaryOperator;
import org.churnkit.ChurnkitException;

/**
 * Adaptive Gauss-Kronrod (7/15-point) quadrature on a finite interval, bisecting the interval whose
 * error estimate is largest until the total estimated error is below the tolerance.
 *
 * <p>Nodes and weights: {@link GaussKronrod15} (QUADPACK {@code qk15}). The integrand must be
 * finite at the interior nodes; the end points themselves are never evaluated, so integrable end
 * point singularities are allowed.
 */
public final class AdaptiveQuadrature {
    private static final double[] XGK = GaussKronrod15.kronrodNodes();
    private static final double[] WGK = GaussKronrod15.kronrodWeights();
    /** Gauss weights for XGK[1], XGK[3], XGK[5], XGK[7]. */
    private static final double[] WG = GaussKronrod15.gaussWeights();
    private static final int MAX_INTERVALS = 2_000;

    private AdaptiveQuadrature() {}

    /**
     * {@code integral from a to b of f}, to relative accuracy {@code relTol} (or absolute
     * {@code absTol}, whichever is looser).
     *
     * @throws ChurnkitException if the integrand is not finite at a node, or the tolerance is not
     *     reached within the interval budget
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
        // A simple binary heap on error would be faster; a linear scan over at most a few hundred
        // intervals costs nothing next to the integrand.
        double[] lo = new double[MAX_INTERVALS];
        double[] hi = new double[MAX_INTERVALS];
        double[] val = new double[MAX_INTERVALS];
        double[] err = new double[MAX_INTERVALS];
        double[] r = new double[2];
        int n = 1;
        lo[0] = a;
        hi[0] = b;
        kronrod(f, a, b, r);
        val[0] = r[0];
        err[0] = r[1];
        while (true) {
            double total = 0;
            double totalErr = 0;
            int worst = 0;
            for (int i = 0; i < n; i++) {
                total += val[i];
                totalErr += err[i];
                if (err[i] > err[worst]) {
                    worst = i;
                }
            }
            if (totalErr <= Math.max(absTol, relTol * Math.abs(total))) {
                return total;
            }
            if (n == MAX_INTERVALS) {
                throw new ChurnkitException("integral did not converge: estimate " + total
                        + ", error " + totalErr + " after " + n + " intervals");
            }
            double mid = 0.5 * (lo[worst] + hi[worst]);
            if (mid <= lo[worst] || mid >= hi[worst]) {
                return total; // the interval cannot be split further in double precision
            }
            lo[n] = mid;
            hi[n] = hi[worst];
            hi[worst] = mid;
            kronrod(f, lo[worst], mid, r);
            val[worst] = r[0];
            err[worst] = r[1];
            kronrod(f, mid, hi[n], r);
            val[n] = r[0];
            err[n] = r[1];
            n++;
        }
    }

    /** One 15-point Kronrod estimate of the integral over [a, b] and its error: {@code out = {value, error}}. */
    private static void kronrod(DoubleUnaryOperator f, double a, double b, double[] out) {
        double c = 0.5 * (a + b);
        double h = 0.5 * (b - a);
        double fc = eval(f, c);
        double resK = fc * WGK[7];
        double resG = fc * WG[3];
        for (int j = 0; j < 7; j++) {
            double dx = h * XGK[j];
            double f1 = eval(f, c - dx);
            double f2 = eval(f, c + dx);
            resK += WGK[j] * (f1 + f2);
            if ((j & 1) == 1) {
                resG += WG[j >> 1] * (f1 + f2);
            }
        }
        out[0] = resK * h;
        out[1] = Math.abs((resK - resG) * h);
    }

    private static double eval(DoubleUnaryOperator f, double x) {
        double y = f.applyAsDouble(x);
        if (!Double.isFinite(y)) {
            throw new ChurnkitException("integrand is " + y + " at " + x);
        }
        return y;
    }
}
