package org.churnkit.numerics;

/**
 * Line search for a step satisfying the strong Wolfe conditions (Nocedal and Wright 2006,
 * algorithm 3.5 with zoom, algorithm 3.6; trial steps by cubic interpolation, safeguarded by
 * bisection):
 * <pre>
 *   f(x + a d) &lt;= f(x) + C1 a g'd          (sufficient decrease)
 *   |g(x + a d)'d| &lt;= C2 |g'd|              (curvature)
 * </pre>
 * with {@code C1 = 1e-4} and {@code C2 = 0.9}. Where the objective is {@code +infinity} (outside
 * its domain) the step is treated as too long. The initial step grows by a factor 4 per iteration
 * (at most 40) up to {@code stepMax}; the longest allowed step is accepted when it still descends.
 * When zoom cannot find a strong-Wolfe point (a bracket below the resolution of the
 * coordinates), its best point is taken if it decreased f; otherwise the search fails.
 */
public final class StrongWolfeLineSearch {
    /** Sufficient-decrease constant. */
    public static final double C1 = 1e-4;
    /** Curvature constant (0.9, the usual choice for quasi-Newton directions). */
    public static final double C2 = 0.9;
    private static final int MAX_EXPANSIONS = 40;
    private static final int MAX_ZOOM = 30;

    private StrongWolfeLineSearch() {}

    /**
     * Searches along {@code d} from {@code x}.
     *
     * @param obj the objective
     * @param x the current point (not modified)
     * @param f0 f(x)
     * @param d a descent direction
     * @param dg0 the directional derivative {@code g(x)'d}, negative
     * @param step the first trial step, positive
     * @param stepMax the longest step allowed
     * @param xOut receives the accepted point
     * @param gOut receives the gradient there
     * @return f at the accepted point, or NaN when no step decreasing f was found (then
     *     {@code xOut} and {@code gOut} hold nothing meaningful)
     */
    public static double search(DifferentiableObjective obj, double[] x, double f0, double[] d, double dg0,
                         double step, double stepMax, double[] xOut, double[] gOut) {
        int k = x.length;
        double aPrev = 0;
        double fPrev = f0;
        double dPrev = dg0;
        double a = step;
        double[] xt = new double[k];
        double[] gt = new double[k];
        for (int i = 0; i < MAX_EXPANSIONS; i++) {
            for (int j = 0; j < k; j++) {
                xt[j] = x[j] + a * d[j];
            }
            double fa = obj.value(xt, gt);
            double da = fa == Double.POSITIVE_INFINITY ? Double.NaN : Vectors.dot(gt, d);
            if (fa > f0 + C1 * a * dg0 || (i > 0 && fa >= fPrev) || Double.isNaN(da)) {
                return zoom(obj, x, f0, dg0, d, aPrev, fPrev, dPrev, a, fa, da, xOut, gOut);
            }
            if (Math.abs(da) <= -C2 * dg0) {
                System.arraycopy(xt, 0, xOut, 0, k);
                System.arraycopy(gt, 0, gOut, 0, k);
                return fa;
            }
            if (da >= 0) {
                return zoom(obj, x, f0, dg0, d, a, fa, da, aPrev, fPrev, dPrev, xOut, gOut);
            }
            if (a >= stepMax) {
                // Accept the longest allowed step: sufficient decrease holds.
                System.arraycopy(xt, 0, xOut, 0, k);
                System.arraycopy(gt, 0, gOut, 0, k);
                return fa;
            }
            aPrev = a;
            fPrev = fa;
            dPrev = da;
            a = Math.min(4 * a, stepMax);
        }
        return Double.NaN;
    }

    private static double zoom(DifferentiableObjective obj, double[] x, double f0, double dg0, double[] d,
                               double lo, double fLo, double dLo, double hi, double fHi, double dHi,
                               double[] xOut, double[] gOut) {
        int k = x.length;
        double[] xt = new double[k];
        double[] gt = new double[k];
        double dMax = Vectors.maxAbs(d);
        for (int i = 0; i < MAX_ZOOM; i++) {
            double width = hi - lo;
            if (Math.abs(width) * dMax < 1e-12) {
                break; // the bracket is below the resolution of the coordinates
            }
            double a = cubicMin(lo, fLo, dLo, hi, fHi, dHi);
            double lower = Math.min(lo, hi) + 0.1 * Math.abs(width);
            double upper = Math.max(lo, hi) - 0.1 * Math.abs(width);
            if (!(a >= lower && a <= upper)) {
                a = 0.5 * (lo + hi);
            }
            if (Math.abs(width) < 1e-16 * Math.max(1.0, Math.abs(lo))) {
                break;
            }
            for (int j = 0; j < k; j++) {
                xt[j] = x[j] + a * d[j];
            }
            double fa = obj.value(xt, gt);
            double da = fa == Double.POSITIVE_INFINITY ? Double.NaN : Vectors.dot(gt, d);
            if (fa > f0 + C1 * a * dg0 || fa >= fLo || Double.isNaN(da)) {
                hi = a;
                fHi = fa;
                dHi = da;
            } else {
                if (Math.abs(da) <= -C2 * dg0) {
                    System.arraycopy(xt, 0, xOut, 0, k);
                    System.arraycopy(gt, 0, gOut, 0, k);
                    return fa;
                }
                if (da * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dHi = dLo;
                }
                lo = a;
                fLo = fa;
                dLo = da;
            }
        }
        // No strong-Wolfe point, but lo (if it moved) decreased f: take it rather than stop.
        if (lo != 0 && fLo < f0) {
            for (int j = 0; j < k; j++) {
                xOut[j] = x[j] + lo * d[j];
            }
            return obj.value(xOut, gOut);
        }
        return Double.NaN;
    }

    /** Minimiser of the cubic through (a, fa, da) and (b, fb, db); NaN when undefined. */
    static double cubicMin(double a, double fa, double da, double b, double fb, double db) {
        if (!Double.isFinite(fa) || !Double.isFinite(fb) || Double.isNaN(da) || Double.isNaN(db)) {
            return Double.NaN;
        }
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (disc < 0) {
            return Double.NaN;
        }
        double d2 = Math.signum(b - a) * Math.sqrt(disc);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }
}
