package org.churnkit.evaluation;

import java.util.Arrays;
import org.churnkit.ChurnkitException;

/**
 * Population stability index of a score or feature between a reference period and a current one
 * (Siddiqi 2006, "Credit Risk Scorecards", chapter 8; Yurdakul 2018, "Statistical properties of
 * the population stability index"):
 * <pre>
 *   PSI = sum_b (c_b - r_b) ln(c_b / r_b)
 * </pre>
 * with {@code r_b} and {@code c_b} the shares of the reference and current values in bin
 * {@code b}. The bins are the reference's quantiles (deciles by default): with the reference sorted
 * as {@code s_1 <= ... <= s_n}, the edges are {@code e_k = s_ceil(k n / B)} for {@code k = 1..B-1}
 * (inverted empirical CDF); repeated edges merge, so a reference with ties may have fewer bins. A
 * value {@code v} falls in bin {@code #{k : e_k < v}}, so bin 1 is {@code (-inf, e_1]} and the
 * last bin {@code (e_{B-1}, +inf)}: current values outside the reference's range still count.
 *
 * <p>An empty bin would make the logarithm infinite; its share is replaced by {@code epsilon}
 * (default {@code 1e-4}) before the sum, and the shares are not renormalised, so the PSI of an
 * empty bin is large but finite. Usual reading: below 0.1 stable, 0.1 to 0.25 a moderate shift
 * worth a look, above 0.25 a significant shift (retrain). PSI is symmetric in the two periods apart
 * from the bins, which come from the reference. Immutable.
 */
public final class PopulationStability {
    /** Below this, the population is stable. */
    public static final double MODERATE = 0.1;
    /** At or above this, the shift is significant: retrain. */
    public static final double SIGNIFICANT = 0.25;
    /** Default share for an empty bin. */
    public static final double DEFAULT_EPSILON = 1e-4;

    /** Reading of a PSI value against the usual thresholds. */
    public enum Level {
        /** PSI below {@link #MODERATE}: no meaningful shift. */
        STABLE,
        /** PSI from {@link #MODERATE} up to {@link #SIGNIFICANT}: a moderate shift. */
        MODERATE,
        /** PSI at or above {@link #SIGNIFICANT}: a significant shift. */
        SIGNIFICANT
    }

    private final double value;
    private final double[] edges;
    private final double[] referenceShares;
    private final double[] currentShares;

    private PopulationStability(double value, double[] edges, double[] referenceShares, double[] currentShares) {
        this.value = value;
        this.edges = edges;
        this.referenceShares = referenceShares;
        this.currentShares = currentShares;
    }

    /**
     * PSI over reference deciles with {@code epsilon = 1e-4}.
     *
     * @param reference values of the reference period (define the bins), at least one
     * @param current values of the current period, at least one
     * @return the index
     */
    public static PopulationStability of(double[] reference, double[] current) {
        return of(reference, current, 10, DEFAULT_EPSILON);
    }

    /**
     * PSI over {@code bins} reference-quantile bins.
     *
     * @param reference values of the reference period (define the bins), at least one
     * @param current values of the current period, at least one
     * @param bins number of quantile bins {@code B >= 2}
     * @param epsilon share used for an empty bin, in {@code (0, 1)}
     * @throws ChurnkitException naming the first value that is NaN or infinite
     * @return the index
     */
    public static PopulationStability of(double[] reference, double[] current, int bins, double epsilon) {
        if (bins < 2) {
            throw new IllegalArgumentException("PSI needs at least 2 bins, got " + bins);
        }
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must lie in (0, 1), got " + epsilon);
        }
        if (reference.length == 0 || current.length == 0) {
            throw new ChurnkitException("PSI needs values in both periods, got " + reference.length + " reference and "
                    + current.length + " current values");
        }
        checkFinite(reference, "reference");
        checkFinite(current, "current");
        double[] sorted = reference.clone();
        Arrays.parallelSort(sorted);
        int n = sorted.length;
        double[] e = new double[bins - 1];
        int m = 0;
        for (int k = 1; k < bins; k++) {
            int idx = (int) Math.ceil((double) k * n / bins) - 1;
            double edge = sorted[Math.max(0, idx)];
            if (m == 0 || edge > e[m - 1]) {
                e[m++] = edge;
            }
        }
        double[] edges = Arrays.copyOf(e, m);
        double[] r = shares(reference, edges);
        double[] c = shares(current, edges);
        double psi = 0;
        for (int b = 0; b < r.length; b++) {
            double rb = Math.max(r[b], epsilon);
            double cb = Math.max(c[b], epsilon);
            psi += (cb - rb) * Math.log(cb / rb);
        }
        return new PopulationStability(psi, edges, r, c);
    }

    private static void checkFinite(double[] v, String which) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new ChurnkitException("cannot compute PSI: " + which + " value at row " + i + " is " + v[i]);
            }
        }
    }

    private static double[] shares(double[] values, double[] edges) {
        double[] counts = new double[edges.length + 1];
        for (double v : values) {
            counts[bin(v, edges)] += 1;
        }
        for (int b = 0; b < counts.length; b++) {
            counts[b] /= values.length;
        }
        return counts;
    }

    /** Number of edges strictly below {@code v}. */
    static int bin(double v, double[] edges) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The index.
     *
     * @return PSI, {@code >= 0}
     */
    public double value() {
        return value;
    }

    /**
     * Reading of the index against the usual thresholds.
     *
     * @return the level
     */
    public Level level() {
        return value >= SIGNIFICANT ? Level.SIGNIFICANT : value >= MODERATE ? Level.MODERATE : Level.STABLE;
    }

    /**
     * Inner bin edges from the reference (a copy).
     *
     * @return the {@code B - 1} inner edges
     */
    public double[] edges() {
        return edges.clone();
    }

    /**
     * Reference share per bin, before the epsilon floor (a copy).
     *
     * @return one share per bin
     */
    public double[] referenceShares() {
        return referenceShares.clone();
    }

    /**
     * Current share per bin, before the epsilon floor (a copy).
     *
     * @return one share per bin
     */
    public double[] currentShares() {
        return currentShares.clone();
    }

    @Override
    public String toString() {
        return "PSI[" + value + ", " + level() + ", " + referenceShares.length + " bins]";
    }
}
