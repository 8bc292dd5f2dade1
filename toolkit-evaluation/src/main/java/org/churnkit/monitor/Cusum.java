package org.churnkit.monitor;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.InverseErfc;
import org.apache.commons.numbers.gamma.RegularizedBeta;

/**
 * Two-sided tabular CUSUM (Page 1954; Montgomery, "Introduction to Statistical Quality Control",
 * chapter 9) on a series of standardised values {@code z_1, z_2, ...}, N(0, 1) while nothing changes:
 * <pre>
 *   S+_n = max(0, S+_{n-1} + z_n - k),   S-_n = max(0, S-_{n-1} - z_n - k),   S+_0 = S-_0 = 0
 * </pre>
 * signalling at the first {@code n} with {@code S+_n > h} (the level went up) or {@code S-_n > h}
 * (down). {@code k} is the reference value (half the shift, in standard deviations, the test is tuned
 * to detect fastest) and {@code h} the decision interval.
 *
 * <p>False-alarm rate: {@link #averageRunLength()} is the in-control average run length ARL0, the
 * mean number of periods to a false signal, computed by the Markov-chain method of Brook and Evans
 * (1972): each side's statistic on {@code [0, h]} is discretised into {@value #STATES} states (the
 * first holds the atom at 0), the transition probabilities are differences of the normal CDF, and
 * {@code ARL = (I - R)^-1 1} from state 0; the two sides combine as {@code 1/ARL0 = 1/ARL+ + 1/ARL-}
 * (Lucas and Crosier 1982). {@link #falseAlarmProbability(int)} is the probability of a false signal
 * within {@code n} periods from the same chains ({@code 1 - (1 - p+_n)(1 - p-_n)}, treating the sides
 * as independent). Both agree with simulation to within a few per cent (tested). With the defaults
 * {@code k = 0.5, h = 10} ARL0 is about 70,000 periods and the probability of a false signal within
 * 104 periods (two years of weeks) about 0.13 % (h = 8 would give 9,500 and 1 %); {@code h = 4} (the warning level) gives ARL0 168
 * (Montgomery's table 9.3 value, tested), a warning within 104 periods about 45 % of the time: a
 * warning means "look", an alarm means "refit".
 *
 * <p>Residuals whose mean and scale are not known exactly (a fitted model's forecasts are biased by
 * estimation error and its variance approximate) are made N(0, 1) first by {@link #selfStarting}.
 * Immutable.
 */
public final class Cusum {
    /** Default reference value: tuned to a shift of one standard deviation. */
    public static final double DEFAULT_K = 0.5;
    /** Default decision interval for an alarm (retrain). */
    public static final double DEFAULT_H = 10.0;
    /** Default decision interval for a warning (drifting). */
    public static final double DEFAULT_WARNING_H = 4.0;
    /** States of the Brook-Evans chain. */
    static final int STATES = 400;

    private final double k;
    private final double h;

    private Cusum(double k, double h) {
        this.k = k;
        this.h = h;
    }

    /**
     * A CUSUM with reference value {@code k} and decision interval {@code h}.
     *
     * @param k reference value, finite and {@code >= 0}
     * @param h decision interval, finite and {@code > 0}
     * @return the test
     */
    public static Cusum of(double k, double h) {
        if (!(k >= 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("the CUSUM reference value k must be finite and >= 0, got " + k);
        }
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("the CUSUM decision interval h must be finite and > 0, got " + h);
        }
        return new Cusum(k, h);
    }

    /**
     * The reference value.
     *
     * @return k
     */
    public double k() {
        return k;
    }

    /**
     * The decision interval.
     *
     * @return h
     */
    public double h() {
        return h;
    }

    /**
     * Runs the test over a series.
     *
     * @param z standardised values, each finite
     * @return the statistics after each value and the first signal
     * @throws IllegalArgumentException naming the first value that is not finite
     */
    public Path run(double[] z) {
        double[] up = new double[z.length];
        double[] down = new double[z.length];
        double sp = 0;
        double sm = 0;
        int first = -1;
        for (int n = 0; n < z.length; n++) {
            if (!Double.isFinite(z[n])) {
                throw new IllegalArgumentException("CUSUM value " + n + " is " + z[n]);
            }
            sp = Math.max(0, sp + z[n] - k);
            sm = Math.max(0, sm - z[n] - k);
            up[n] = sp;
            down[n] = sm;
            if (first < 0 && (sp > h || sm > h)) {
                first = n;
            }
        }
        return new Path(up, down, first);
    }

    /**
     * The statistics of one run.
     *
     * @param up {@code S+} after each value
     * @param down {@code S-} after each value
     * @param firstSignal index of the first value after which a side exceeded {@code h}, or -1
     */
    public record Path(double[] up, double[] down, int firstSignal) {
        /**
         * Copies the arrays.
         */
        public Path {
            up = up.clone();
            down = down.clone();
        }

        /**
         * {@code S+} after each value (a copy).
         *
         * @return the upper statistics
         */
        @Override
        public double[] up() {
            return up.clone();
        }

        /**
         * {@code S-} after each value (a copy).
         *
         * @return the lower statistics
         */
        @Override
        public double[] down() {
            return down.clone();
        }

        /**
         * Whether the test signalled.
         *
         * @return true when some value crossed {@code h}
         */
        public boolean signalled() {
            return firstSignal >= 0;
        }
    }

    /**
     * In-control average run length (two-sided), by the Brook-Evans Markov chain.
     *
     * @return ARL0 in periods, {@code >= 1}
     */
    public double averageRunLength() {
        double one = oneSidedArl(k, h);
        return one / 2; // both sides have the same chain under N(0, 1): 1/ARL = 2/ARL+
    }

    /**
     * Probability of a false signal within {@code periods} periods when nothing changes, by the
     * Brook-Evans chain.
     *
     * @param periods number of periods, {@code >= 0}
     * @return the probability, in [0, 1]
     */
    public double falseAlarmProbability(int periods) {
        if (periods < 0) {
            throw new IllegalArgumentException("periods must be >= 0, got " + periods);
        }
        double[][] r = transitions(k, h);
        int m = r.length;
        double[] p = new double[m];
        p[0] = 1;
        for (int n = 0; n < periods; n++) {
            double[] q = new double[m];
            for (int i = 0; i < m; i++) {
                if (p[i] == 0) {
                    continue;
                }
                double[] row = r[i];
                for (int j = 0; j < m; j++) {
                    q[j] += p[i] * row[j];
                }
            }
            p = q;
        }
        double survive = 0;
        for (double v : p) {
            survive += v;
        }
        survive = Math.min(1, Math.max(0, survive));
        return 1 - survive * survive;
    }

    /** One side's ARL from state 0: solves (I - R) a = 1 by Gaussian elimination. */
    static double oneSidedArl(double k, double h) {
        double[][] r = transitions(k, h);
        int m = r.length;
        double[][] a = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a[i][j] = (i == j ? 1 : 0) - r[i][j];
            }
            a[i][m] = 1;
        }
        for (int c = 0; c < m; c++) {
            int piv = c;
            for (int i = c + 1; i < m; i++) {
                if (Math.abs(a[i][c]) > Math.abs(a[piv][c])) {
                    piv = i;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            for (int i = c + 1; i < m; i++) {
                double f = a[i][c] / a[c][c];
                if (f != 0) {
                    for (int j = c; j <= m; j++) {
                        a[i][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[] x = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            double s = a[i][m];
            for (int j = i + 1; j < m; j++) {
                s -= a[i][j] * x[j];
            }
            x[i] = s / a[i][i];
        }
        return x[0];
    }

    /**
     * Transient transition matrix of the upper statistic under N(0, 1): state 0 is the atom at 0,
     * state j >= 1 the midpoint of ((j - 0.5) w, (j + 0.5) w] with w = h / (m - 0.5).
     */
    private static double[][] transitions(double k, double h) {
        int m = STATES;
        double w = h / (m - 0.5);
        double[][] r = new double[m][m];
        for (int i = 0; i < m; i++) {
            double s = i * w;
            // next = max(0, s + z - k): 0 when z <= k - s
            r[i][0] = normalCdf(0.5 * w - s + k);
            for (int j = 1; j < m; j++) {
                r[i][j] = normalCdf((j + 0.5) * w - s + k) - normalCdf((j - 0.5) * w - s + k);
            }
        }
        return r;
    }

    /**
     * Standard normal CDF.
     *
     * @param x the point
     * @return Phi(x)
     */
    static double normalCdf(double x) {
        return 0.5 * Erfc.value(-x / Math.sqrt(2));
    }

    /**
     * Self-starting standardisation (Hawkins 1987; Hawkins and Olwell 1998, section 7.2) of a series
     * whose mean and variance are unknown: value {@code n} (1-based, {@code n > warmup}) is compared
     * with the mean {@code m} and standard deviation {@code s} of the values before it,
     * <pre>
     *   U_n = sqrt((n - 1) / n) (e_n - m_{n-1}) / s_{n-1},   z_n = Phi^-1( F_{t, n-2}(U_n) )
     * </pre>
     * with {@code F_{t, nu}} Student's t CDF: for independent normal values of any fixed mean and
     * variance the {@code z_n} are exactly independent N(0, 1), so the CUSUM's ARL0 holds without
     * knowing either. The first {@code warmup} values only estimate and get {@code z = 0}. A constant
     * bias of the forecasts and a wrong variance scale are absorbed; a change of level is not.
     *
     * @param e the residuals, each finite
     * @param warmup values used only for estimation, {@code >= 3}
     * @return one standardised value per residual (0 during the warm-up), each finite
     */
    public static double[] selfStarting(double[] e, int warmup) {
        if (warmup < 3) {
            throw new IllegalArgumentException("the self-starting warm-up needs at least 3 values, got " + warmup);
        }
        double[] z = new double[e.length];
        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < e.length; i++) {
            double v = e[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("residual " + i + " is " + v);
            }
            int n = i + 1; // values seen including this one
            if (i >= warmup) {
                double s = Math.sqrt(m2 / (n - 2));
                double u;
                if (s > 0) {
                    u = Math.sqrt((n - 1.0) / n) * (v - mean) / s;
                } else {
                    u = v == mean ? 0 : Math.copySign(1e6, v - mean);
                }
                z[i] = tToNormal(u, n - 2);
            }
            // Welford update with this value for the next comparison.
            double d = v - mean;
            mean += d / n;
            m2 += d * (v - mean);
        }
        return z;
    }

    /**
     * Self-starting in the mean only, with the scale known: value {@code n} (1-based, {@code n >
     * warmup}) is compared with the mean of the values before it,
     * <pre>
     *   z_n = (e_n - m_{n-1}) / sqrt(1 + 1/(n - 1))
     * </pre>
     * For independent values {@code N(mu, 1)} of any fixed mean {@code mu} these are independent
     * {@code N(0, 1)} (Helmert contrasts), so the CUSUM's ARL0 holds; a scale below 1 only lengthens
     * it. Unlike {@link #selfStarting} the scale is not re-estimated, so a shift that builds up over
     * several periods (a higher dropout) is not taken for a wider spread; the mean still follows a
     * sustained shift, slowly ({@code 1/n} per period). The first {@code warmup} values get
     * {@code z = 0}.
     *
     * @param e the residuals in units of their model standard deviation, each finite
     * @param warmup values used only for estimation, {@code >= 1}
     * @return one standardised value per residual (0 during the warm-up), each finite
     */
    public static double[] selfStartingMean(double[] e, int warmup) {
        if (warmup < 1) {
            throw new IllegalArgumentException("the self-starting warm-up needs at least 1 value, got " + warmup);
        }
        double[] z = new double[e.length];
        double mean = 0;
        for (int i = 0; i < e.length; i++) {
            double v = e[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("residual " + i + " is " + v);
            }
            if (i >= warmup) {
                z[i] = (v - mean) / Math.sqrt(1 + 1.0 / i);
            }
            mean += (v - mean) / (i + 1);
        }
        return z;
    }

    /** Phi^-1(F_t(u; nu)), computed on the tail that keeps precision, clamped to +-37 (Phi underflows beyond). */
    static double tToNormal(double u, int nu) {
        double x = nu / (nu + u * u);
        double tail = 0.5 * RegularizedBeta.value(x, nu / 2.0, 0.5); // P(T > |u|)
        if (!(tail > 0)) {
            return Math.copySign(37, u);
        }
        double zAbs = Math.sqrt(2) * InverseErfc.value(2 * tail); // Phi^-1(1 - tail)
        double z = u >= 0 ? zAbs : -zAbs;
        return Math.max(-37, Math.min(37, z));
    }

    @Override
    public String toString() {
        return "CUSUM(k=" + k + ", h=" + h + ")";
    }
}
