package org.churnkit.cost;

import java.util.Arrays;

/**
 * Upper convex hull of a ROC curve (ROCCH; spec §2.3), by Andrew's monotone chain.
 *
 * <p>Vertices {@code (F1_k, F0_k)} = (FPR, TPR), ascending in F1, start at (0, 0) and end at (1, 1).
 * Points are popped while {@code cross(h[-2], h[-1], p) >= 0}, so collinear points are dropped and
 * the hull never contains points below the diagonal: a worse-than-random or all-tied model yields
 * the diagonal {@code [(0,0), (1,1)]} (where scipy's Qhull would throw).
 *
 * <p>The hull is computed on exact integer counts (cross products of counts, not of rates), so
 * collinearity is decided without rounding.
 */
public final class RocConvexHull {
    private final double[] f1;
    private final double[] f0;

    private RocConvexHull(double[] f1, double[] f0) {
        this.f1 = f1;
        this.f0 = f0;
    }

    /**
     * The hull of a tie-grouped ROC curve; never throws.
     *
     * @param roc the ROC curve
     * @return the upper convex hull
     */
    public static RocConvexHull of(RocCurve roc) {
        int m = roc.size();
        long n0 = roc.negatives();
        long n1 = roc.positives();
        // The tie-grouped points are already sorted by FP then TP ascending (both cumulative).
        long[] hx = new long[m];
        long[] hy = new long[m];
        int h = 0;
        for (int k = 0; k < m; k++) {
            long px = roc.falsePositives(k);
            long py = roc.truePositives(k);
            if (h > 0 && hx[h - 1] == px && hy[h - 1] == py) {
                continue;
            }
            // Counts instead of rates: scaling x by 1/n0 and y by 1/n1 does not change the sign of
            // the cross product, and integer arithmetic decides collinearity exactly.
            while (h >= 2 && crossSign(hx[h - 2], hy[h - 2], hx[h - 1], hy[h - 1], px, py) >= 0) {
                h--;
            }
            hx[h] = px;
            hy[h] = py;
            h++;
        }
        double[] x = new double[h];
        double[] y = new double[h];
        for (int k = 0; k < h; k++) {
            x[k] = (double) hx[k] / n0;
            y[k] = (double) hy[k] / n1;
        }
        return new RocConvexHull(x, y);
    }

    /** Sign of (b.x−a.x)(p.y−a.y) − (b.y−a.y)(p.x−a.x), exact for counts (uses multiplyHigh). */
    private static int crossSign(long ax, long ay, long bx, long by, long px, long py) {
        long a1 = bx - ax;
        long a2 = py - ay;
        long b1 = by - ay;
        long b2 = px - ax;
        long hi1 = Math.multiplyHigh(a1, a2);
        long lo1 = a1 * a2;
        long hi2 = Math.multiplyHigh(b1, b2);
        long lo2 = b1 * b2;
        if (hi1 != hi2) {
            return hi1 > hi2 ? 1 : -1;
        }
        return Long.compareUnsigned(lo1, lo2);
    }

    /**
     * Number of vertices.
     *
     * @return the number of hull vertices
     */
    public int size() {
        return f1.length;
    }

    /**
     * False-positive rates of the vertices (copy).
     *
     * @return one rate per vertex
     */
    public double[] f1() {
        return Arrays.copyOf(f1, f1.length);
    }

    /**
     * True-positive rates of the vertices (copy).
     *
     * @return one rate per vertex
     */
    public double[] f0() {
        return Arrays.copyOf(f0, f0.length);
    }

    double f1(int k) {
        return f1[k];
    }

    double f0(int k) {
        return f0[k];
    }
}
