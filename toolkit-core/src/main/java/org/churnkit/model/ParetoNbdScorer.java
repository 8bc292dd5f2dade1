package org.churnkit.model;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The kernel of Pareto/NBD batch scoring for one model, horizon and discount rate: P(alive),
 * expected transactions over the horizon and, with discounting, DERT given alive and DERT.
 *
 * <p>The formulas are those of {@link ParetoNbd} (R from the two Gauss series of
 * {@link ParetoNbdMath}, the closed forms of the expectation and of DERT), rearranged so that a
 * customer costs about ten elementary-function calls instead of about thirty:
 * <ul>
 *   <li>the two series {@code 2F1(a, b; a+1; z1)} and {@code 2F1(a, b; a+1; z2)} of R are taken
 *       through Euler's transformation to {@code h(z) = 2F1(1, a+1-b; a+1; z)}, whose terms fall
 *       at least as fast as {@code z^k} (a heavy buyer's series needs a dozen terms, not a
 *       hundred), share their coefficients and are summed in one loop;</li>
 *   <li>R, P(alive) and the expectations are products instead of sums of logarithms:
 *       {@code R = s/a h(z1) E (1 - h(z2)/(h(z1) E))} with one exponential E
 *       ({@link #pAliveOrNaN}), {@code P(alive) = 1/(1+R)},
 *       {@code E = P(alive) (r+x)/(alpha+T) g(T)}, {@code DERT = P(alive) (r+x)/(alpha+T) Q(s, z)/delta}
 *       with {@code g(T) = (beta+T) L h((s-1) L)}, {@code L = log1p(t/(beta+T))}, and
 *       {@code Q(s, z) = z e^z E_s(z)}, {@code z = delta (beta+T)};</li>
 *   <li>what depends on the model only is computed once: the series at {@code t_x = 0} for
 *       {@code x = 0}, {@code log Gamma(1 + (n - s))} and the coefficients of the series of
 *       {@code E_s};</li>
 *   <li>what depends on T only ({@code g}, {@code Q/delta}, and for {@code x = 0} P(alive)
 *       itself) is kept in a small table keyed by T ({@link Cache}, one per thread), since real
 *       customer bases share few distinct ages. A cached value is the value the same code computes,
 *       so a table never changes a result;</li>
 *   <li>for a chunk of rows sorted by T whose ages lie in a narrow range (the draws of
 *       {@link PredictionIntervals} over continuous ages, where no two ages are alike and the
 *       table never hits), {@code g}, {@code Q/delta} and P(alive) of x = 0 are interpolated by
 *       Chebyshev series of degree 4 to 8 (the lowest that converges to rounding on the chunk's
 *       ages) built from their exact values, evaluated as polynomials in {@code T - mid} by
 *       Horner's scheme, each checked against exact values where its error is largest and used
 *       only within rounding ({@link Cache#ages}); and the two series of R of a customer with
 *       repeats are summed from a polynomial per draw and x ({@link SeriesTable}: the
 *       coefficients of h as far as the largest argument of the draw needs them, built once and
 *       shared by every chunk and thread, summed by Estrin's scheme to as many terms as the
 *       customer's argument needs), instead of per customer with a division per term; the sums differ from the loop's by rounding ({@code ParetoNbdScorerTest}:
 *       within 1e-14 relative). Batch scoring never asks for either, so its scores do not
 *       depend on them;</li>
 *   <li>{@code expm1} and {@code log1p} are computed from the intrinsic {@code exp} and
 *       {@code log}, several times faster than {@link Math#expm1} and {@link Math#log1p} and
 *       within a few ulps (Kahan's and Goldberg's corrections near 0; see {@link #expm1}).</li>
 * </ul>
 * A customer outside this path's safe range (the quadrature branch of R, series above 1e290,
 * {@code R > 1e250}, a result outside {@code [1e-280, 1e300]}, an invalid history) is scored by
 * {@link ParetoNbd}'s log-space code instead, so the domain, the errors
 * ({@link org.churnkit.NotComputableException} naming the history) and the values of extreme
 * customers are those of {@link ParetoNbd}; elsewhere the two agree to a few units in the last
 * place (at most 6e-15 relative over 100,000 simulated CDNOW customers; {@code ParetoNbdScorerTest}
 * holds every kind of customer to {@code 3e-14 (1 + |log value|)} plus the rounding of the large
 * logarithms the log-space code adds for heavy buyers, where this kernel is the more accurate:
 * within {@code 1e-15 (4 + |log P|)} of 60-digit values of P(alive) up to x = 100,000).
 */
final class ParetoNbdScorer {
    /** Series length beyond which {@link ParetoNbdMath} integrates R numerically: the same choice here. */
    private static final double MAX_SERIES_TERMS = ParetoNbdMath.MAX_SERIES_TERMS;
    private static final int MAX_LOOP = 100_000;
    private static final double SERIES_LIMIT = 1e290;
    private static final double R_LIMIT = 1e250;
    private static final double LOW = 1e-280;
    private static final double HIGH = 1e300;
    /** {@code 1/(k+1)}: a product instead of a division in the series loop (at most one ulp apart). */
    private static final int EXPINT_TERMS = 200;

    private final ParetoNbd model;
    private final double r;
    private final double alpha;
    private final double s;
    private final double beta;
    private final double horizon;
    /** Discount rate, {@code <= 0} without discounting. */
    private final double delta;
    private final boolean discount;
    private final boolean alphaBranch;
    /** {@code |alpha - beta|}, the numerator of both arguments of the series. */
    private final double gap;
    /**
     * {@code 2F1} at {@code t_x = 0} for {@code x = 0}; NaN when this path cannot sum it;
     * {@link #UNKNOWN} until first needed in a kernel of one customer (most customers of a
     * covariate model have repeats and never need it). Volatile: one double written once with a
     * value that does not depend on who computes it, so a race only repeats the computation.
     */
    private volatile double f1AtZero;
    /** Not yet computed: a 2F1 of positive arguments here is at least 1. */
    private static final double UNKNOWN = -1;
    // E_s(z) for this s: see expintSmall in ParetoNbdMath.
    private final int n;
    private final double eps;
    private final double logGammaOneMinusS;
    private final double logGamma1pEps;
    private final double[] log1pMinusEpsOverJ;
    private final double psi;
    private final double[] expintCoefficients;

    ParetoNbdScorer(ParetoNbd model, double horizon, double delta) {
        this.model = model;
        this.r = model.r();
        this.alpha = model.alpha();
        this.s = model.s();
        this.beta = model.beta();
        this.horizon = horizon;
        this.discount = delta > 0;
        this.delta = discount ? delta : 0;
        this.alphaBranch = alpha >= beta;
        this.gap = alphaBranch ? alpha - beta : beta - alpha;
        this.f1AtZero = f1AtZero(r, alpha, s, beta);
        // The series of E_s serves only s < 20 (the continued fraction takes larger s): n stays small.
        this.n = s < 0.5 || s >= 20 ? 0 : (int) Math.rint(s);
        this.eps = n - s;
        this.logGammaOneMinusS = n == 0 && s < 0.5 ? LogGamma.value(1 - s) : Double.NaN;
        this.logGamma1pEps = n > 0 && eps != 0 ? ParetoNbdMath.logGamma1p(eps) : Double.NaN;
        this.log1pMinusEpsOverJ = new double[Math.max(n, 1)];
        double p = -0.57721566490153286061;
        for (int j = 1; j < n; j++) {
            log1pMinusEpsOverJ[j] = Math.log1p(-eps / j);
            p += 1.0 / j;
        }
        this.psi = p;
        this.expintCoefficients = new double[EXPINT_TERMS];
        double term = 1; // (-1)^k / k!
        for (int k = 0; k < EXPINT_TERMS; k++) {
            expintCoefficients[k] = k == n - 1 ? 0 : term / (1 - s + k);
            term = -term / (k + 1);
        }
    }

    /**
     * The kernel of {@code model}, a model with the r and s of {@code shared}'s (a customer of a
     * model with covariates, whose alpha and beta are its own): the parts that depend on s, the
     * horizon and the discount rate only (the coefficients of the series of E_s, its log Gamma
     * terms) are shared with {@code shared} instead of recomputed, the ones that depend on alpha
     * and beta are computed as {@link #ParetoNbdScorer(ParetoNbd, double, double)} computes them
     * (the series at {@code t_x = 0} when a customer without repeats first needs it).
     * Every field therefore holds the value that constructor gives it, and the scores are the
     * same bit for bit; the per-customer cost falls from hundreds of operations to a series.
     *
     * @throws IllegalArgumentException when r or s differ from {@code shared}'s
     */
    ParetoNbdScorer(ParetoNbdScorer shared, ParetoNbd model) {
        if (model.r() != shared.r || model.s() != shared.s) {
            throw new IllegalArgumentException("a shared kernel needs the same r and s: " + model + " and " + shared.model);
        }
        this.model = model;
        this.r = shared.r;
        this.alpha = model.alpha();
        this.s = shared.s;
        this.beta = model.beta();
        this.horizon = shared.horizon;
        this.discount = shared.discount;
        this.delta = shared.delta;
        this.alphaBranch = alpha >= beta;
        this.gap = alphaBranch ? alpha - beta : beta - alpha;
        this.f1AtZero = UNKNOWN;
        this.n = shared.n;
        this.eps = shared.eps;
        this.logGammaOneMinusS = shared.logGammaOneMinusS;
        this.logGamma1pEps = shared.logGamma1pEps;
        this.log1pMinusEpsOverJ = shared.log1pMinusEpsOverJ; // read only, as expintCoefficients
        this.psi = shared.psi;
        this.expintCoefficients = shared.expintCoefficients;
    }

    /** Whether {@link #ParetoNbdScorer(ParetoNbdScorer, ParetoNbd)} can share this kernel's parts with {@code model}'s. */
    boolean canShareWith(ParetoNbd model) {
        return model.r() == r && model.s() == s;
    }

    /**
     * {@code h(z1)} of R ({@link #pAliveOrNaN}) at {@code t_x = 0} for {@code x = 0}; NaN when this
     * path cannot sum it.
     */
    private static double f1AtZero(double r, double alpha, double s, double beta) {
        boolean alphaBranch = alpha >= beta;
        double gap = alphaBranch ? alpha - beta : beta - alpha;
        double b0 = alphaBranch ? s + 1 : r;
        double z0 = gap / (alphaBranch ? alpha : beta);
        if (ParetoNbdMath.seriesTerms(b0, z0) > MAX_SERIES_TERMS) {
            return Double.NaN;
        }
        double sum = series(alphaBranch ? r : s + 1, r + s + 1, z0);
        return alphaBranch ? sum : sum * (alpha / beta);
    }

    /**
     * The T-only factors of one thread's rows, in a direct-mapped table of 512 ages. Not
     * thread-safe: one per thread (per chunk of rows).
     */
    static final class Cache {
        private static final int BITS = 9;
        private static final int SIZE = 1 << BITS;
        private final long[] keys = new long[SIZE];
        /** Per slot: g(T), Q/delta, P(alive) of x = 0 (NaN until computed). */
        private final double[] values = new double[3 * SIZE];

        /** The ages of {@link #ages}: interpolated between these, NaN when not. */
        private double lo = Double.NaN;
        private double hi = Double.NaN;
        /** Whether the interpolants of {@link #coefficients} are built, cannot be, or wait to be. */
        private int state = NONE;
        /** Whether P(alive) of x = 0 is interpolated too (its nodes were all on this path). */
        private boolean pa0Interpolated;
        /** Chebyshev coefficients of g, Q/delta and P(alive) of x = 0, {@link #NODES} apart, the first halved. */
        private final double[] coefficients = new double[3 * NODES];
        /** The same interpolants in powers of {@code T - mid} ({@link ParetoNbdScorer#interpolants}), as the rows evaluate them. */
        private final double[] powers = new double[3 * NODES];
        /** The middle of the interpolated ages. */
        private double mid;
        /** Degree of the interpolants, at most {@link #DEGREE}. */
        private int degree = DEGREE;
        /**
         * Whether the rows are those of a chunk with many distinct ages ({@link #ages} with bounds):
         * their series of R are then summed from the tables of {@link #series} ({@link
         * ParetoNbdScorer#seriesPair}), which agree with the series loop to rounding, not to the bit.
         */
        private boolean tabulated;
        /** The coefficients of the series of R by {@code (u, v)}, direct-mapped; see {@link Coefficients}. */
        private final Coefficients[] series = new Coefficients[SERIES_SLOTS];
        /** The two sums of the last {@link ParetoNbdScorer#seriesPair}. */
        private double sum1;
        private double sum2;

        Cache() {
            clear();
        }

        /** Whether a key was written since the table was last emptied. */
        private boolean written = true;

        /** Empties the table, so that it can serve another kernel (another model's factors). */
        void clear() {
            if (written) { // rows of interpolated factors never write it: nothing to empty per draw
                Arrays.fill(keys, -1L); // a NaN pattern: T is never NaN
                written = false;
            }
            state = lo <= hi ? PENDING : NONE;
        }

        /**
         * The next rows' ages lie mostly in {@code [lo, hi]} (a chunk of rows sorted by T with many
         * distinct ages): the kernel may interpolate the T-only factors there ({@link
         * ParetoNbdScorer#interpolants}); NaN bounds turn it off. Empties the table.
         */
        void ages(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
            this.tabulated = lo <= hi;
            clear();
        }

        /** The table of the coefficients of {@code (u, v)}, emptied when its slot held another pair. */
        private Coefficients coefficients(double u, double v) {
            long bits = Double.doubleToRawLongBits(u) * 31 + Double.doubleToRawLongBits(v);
            int h = (int) ((bits * 0x9E3779B97F4A7C15L) >>> (64 - SERIES_BITS));
            Coefficients c = series[h];
            if (c == null) {
                c = new Coefficients();
                series[h] = c;
            }
            if (c.u != u || c.v != v) {
                c.reset(u, v);
            }
            return c;
        }
    }

    /** Numbers of repeats below which each kernel keeps its own shared tables of R's coefficients. */
    private static final int REPEAT_TABLES = 64;
    /**
     * Per number of repeats below {@link #REPEAT_TABLES}, the polynomial of R's series
     * ({@link #repeatTable}), made when a customer with that many repeats is first summed from a
     * table; {@code null} until then (batch scoring and the kernels of single customers never
     * need them).
     */
    private AtomicReferenceArray<SeriesTable> repeatTables;

    private static final int SERIES_BITS = 6;
    private static final int SERIES_SLOTS = 1 << SERIES_BITS;

    /**
     * The coefficients {@code c_k = (u)_k / (v)_k} of {@code 2F1(1, u; v; z) = sum c_k z^k} for one
     * pair {@code (u, v)} (the transformed series of R, {@link ParetoNbdScorer#pAliveOrNaN}),
     * which the customers of one draw with the same number of repeats share
     * ({@code v = r + x + s + 1}; {@code u = r + x} or {@code s + 1}), extended as far as a
     * customer needs them, each computed once by the same recurrence whatever the order of the
     * customers.
     */
    private static final class Coefficients {
        private double u = Double.NaN;
        private double v = Double.NaN;
        /** Coefficients {@code 0 .. n - 1} are known. */
        private int n;
        private double[] c = new double[64];

        void reset(double u, double v) {
            this.u = u;
            this.v = v;
            n = 1;
            c[0] = 1;
        }

        /**
         * Extends the coefficients through index {@code m}; false past {@link #MAX_LOOP} terms (the
         * coefficients themselves fall from 1, as {@code u < v}, and never leave the range).
         */
        boolean extend(int m) {
            if (m >= MAX_LOOP) {
                return false;
            }
            if (m >= c.length) {
                c = Arrays.copyOf(c, Math.max(2 * c.length, m + 1));
            }
            while (n <= m) {
                // the loop's ratio (u + k)/(v + k), k = n - 1, rounded as the loop rounds it
                c[n] = c[n - 1] * ((u + (n - 1)) / (v + (n - 1)));
                n++;
            }
            return true;
        }
    }

    private static final int NONE = 0;
    private static final int PENDING = 1;
    private static final int BUILT = 2;
    /**
     * Highest degree of the interpolants of the T-only factors; {@code NODES = DEGREE + 1}
     * Chebyshev points, the coefficients of each factor {@code NODES} apart.
     */
    private static final int DEGREE = 8;
    private static final int NODES = DEGREE + 1;
    /** Lowest degree of the interpolants. */
    private static final int MIN_DEGREE = 4;
    /**
     * Widest range of ages interpolated, as a fraction of the distance from its centre to the
     * nearest singularity of the factors (T = -alpha or T = -beta): the Chebyshev interpolant of
     * degree 8 then converges like {@code (0.02/2)^9}, far below rounding.
     */
    private static final double RANGE = 0.02;
    /**
     * Bound on {@code (rho/2)^(degree+1)} ({@code rho}: the range as that fraction) for which a
     * degree is taken: the lowest degree from {@value #MIN_DEGREE} whose convergence reaches it.
     * A chunk of the continuous ages of 1M customers spans about 1/1000 of that distance, where
     * degree 5 serves; the check against exact values ({@link #CHECK}) still decides.
     */
    private static final double CONVERGED = 1e-17;
    /** Largest relative difference from the exact factor at the check points for an interpolant to be used. */
    private static final double CHECK = 1e-14;

    /**
     * One customer's scores into {@code out} at the {@link CustomerScore} indices
     * ({@code P_ALIVE, EXPECTED} and, with discounting, {@code DERT, DERT_IF_ALIVE}).
     *
     * @param cache the thread's table of T-only factors, or {@code null}
     */
    void score(double x, double tx, double T, double[] out, Cache cache) {
        if (!(x >= 0) || x != Math.rint(x) || Double.isInfinite(x) || !(T >= 0) || Double.isInfinite(T)
                || !(tx >= 0) || tx > T || (T == 0 && x != 0)) {
            model.scoreInto(x, tx, T, horizon, delta, out); // throws, naming the history
            return;
        }
        double g;
        double qd;
        double pa0;
        int slot = -1;
        if (cache != null && cache.state != NONE && T >= cache.lo && T <= cache.hi
                && (cache.state == BUILT || interpolants(cache))) {
            // Horner's scheme in powers of T - mid, the three polynomials side by side
            double[] c = cache.powers;
            double dt = T - cache.mid;
            int deg = cache.degree;
            g = c[deg];
            qd = c[NODES + deg];
            for (int j = deg - 1; j >= 0; j--) {
                g = Math.fma(g, dt, c[j]);
                qd = Math.fma(qd, dt, c[NODES + j]);
            }
            if (!discount) {
                qd = 0;
            }
            // P(alive) of x = 0 serves only customers without repeats
            pa0 = x == 0 && tx == 0 && cache.pa0Interpolated
                    ? Math.min(1.0, horner(c, 2 * NODES, dt, deg)) : Double.NaN;
        } else if (cache != null) {
            long bits = Double.doubleToRawLongBits(T);
            int h = (int) ((bits * 0x9E3779B97F4A7C15L) >>> (64 - Cache.BITS));
            if (cache.keys[h] == bits) {
                g = cache.values[3 * h];
                qd = cache.values[3 * h + 1];
                pa0 = cache.values[3 * h + 2];
            } else {
                g = expectationFactor(T);
                qd = discount ? dertFactor(T) : 0;
                pa0 = Double.NaN;
                cache.keys[h] = bits;
                cache.written = true;
                cache.values[3 * h] = g;
                cache.values[3 * h + 1] = qd;
                cache.values[3 * h + 2] = pa0;
            }
            slot = h;
        } else {
            g = expectationFactor(T);
            qd = discount ? dertFactor(T) : 0;
            pa0 = Double.NaN;
        }
        double pa;
        if (x == 0 && tx == 0) {
            if (Double.isNaN(pa0)) {
                pa0 = pAliveOrNaN(0, 0, T);
                if (slot >= 0) {
                    cache.values[3 * slot + 2] = pa0;
                }
            }
            pa = pa0;
        } else {
            pa = pAliveOrNaN(x, tx, T, cache);
        }
        double k = (r + x) / (alpha + T);
        double e = pa * k * g;
        if (!(pa >= LOW) || !(e >= LOW) || !(e <= HIGH)) {
            model.scoreInto(x, tx, T, horizon, delta, out);
            return;
        }
        if (discount) {
            double da = k * qd;
            double d = pa * da;
            if (!(d >= LOW) || !(da <= HIGH) || !(qd > 0)) {
                model.scoreInto(x, tx, T, horizon, delta, out);
                return;
            }
            out[CustomerScore.DERT_IF_ALIVE] = da;
            out[CustomerScore.DERT] = d;
        }
        out[CustomerScore.P_ALIVE] = pa;
        out[CustomerScore.EXPECTED] = e;
    }

    /**
     * {@link #score} of a customer without repeats ({@code x = 0, t_x = 0}) of age T from the
     * interpolants of {@code cache} alone, when they are built, P(alive) of {@code x = 0} among
     * them and T within their range: the same operations on the same values as {@link #score}
     * (the three polynomials in one Horner loop, each by the same steps; {@code r + 0 = r}), so
     * the same values bit for bit, without the checks of a history that {@code x = t_x = 0} and
     * T in the range settle: such a customer costs three polynomials and a division (through
     * {@link #score}, the intervals of a million customers took a twentieth longer). False,
     * writing nothing, when the interpolants do not
     * serve or a value falls outside the range that {@link #score} hands over to {@link ParetoNbd}
     * (the caller then calls {@link #score}).
     */
    boolean noRepeatRow(double T, double[] out, Cache cache) {
        if (cache.state != BUILT || !cache.pa0Interpolated || !(T >= cache.lo && T <= cache.hi)) {
            return false;
        }
        double[] c = cache.powers;
        double dt = T - cache.mid;
        int deg = cache.degree;
        double g = c[deg];
        double qd = c[NODES + deg];
        double pa = c[2 * NODES + deg];
        for (int j = deg - 1; j >= 0; j--) {
            g = Math.fma(g, dt, c[j]);
            qd = Math.fma(qd, dt, c[NODES + j]);
            pa = Math.fma(pa, dt, c[2 * NODES + j]);
        }
        pa = Math.min(1.0, pa);
        double k = r / (alpha + T);
        double e = pa * k * g;
        if (!(pa >= LOW) || !(e >= LOW) || !(e <= HIGH)) {
            return false;
        }
        if (discount) {
            double da = k * qd;
            double d = pa * da;
            if (!(d >= LOW) || !(da <= HIGH) || !(qd > 0)) {
                return false;
            }
            out[CustomerScore.DERT_IF_ALIVE] = da;
            out[CustomerScore.DERT] = d;
        }
        out[CustomerScore.P_ALIVE] = pa;
        out[CustomerScore.EXPECTED] = e;
        return true;
    }

    /**
     * Builds the Chebyshev interpolants of the T-only factors (g, Q/delta and P(alive) of x = 0) on
     * the cache's range of ages, from the exact values at the Chebyshev-Lobatto points, of the
     * lowest degree from {@value #MIN_DEGREE} to {@value #DEGREE} whose convergence on this range
     * reaches {@link #CONVERGED} (narrow ranges need fewer exact values and fewer terms per row); returns false (and the rows take the exact factors) when the range
     * is too wide for the interpolants to reach rounding ({@link #RANGE}), a node is not on this
     * path, or an interpolant differs from the exact factor by more than {@link #CHECK} relative at
     * the midpoints of the outermost node intervals, where its error is largest. P(alive) of x = 0
     * alone may fail and is then computed per row.
     */
    private boolean interpolants(Cache cache) {
        double lo = cache.lo;
        double hi = cache.hi;
        double mid = 0.5 * (lo + hi);
        double half = 0.5 * (hi - lo);
        cache.state = NONE;
        double rho = half / (Math.min(alpha, beta) + mid);
        if (!(half > 0) || !(rho <= RANGE)) {
            return false;
        }
        int deg = MIN_DEGREE;
        while (deg < DEGREE && !(Math.pow(rho / 2, deg + 1) <= CONVERGED)) {
            deg++;
        }
        cache.degree = deg;
        double[] c = cache.coefficients;
        double[] f = new double[3 * NODES];
        boolean pa0 = true;
        for (int j = 0; j <= deg; j++) {
            double t = mid + half * COSINES[deg][j];
            f[j] = expectationFactor(t);
            f[NODES + j] = discount ? dertFactor(t) : 0;
            f[2 * NODES + j] = pAliveOrNaN(0, 0, t, cache);
            if (!(f[j] > 0 && f[j] < HIGH) || !(f[NODES + j] >= 0 && f[NODES + j] < HIGH)) {
                return false;
            }
            pa0 &= f[2 * NODES + j] > 0;
        }
        // c_k = (2/n) sum'' f_j cos(pi j k / n): the first and last node count half, as does c_n
        for (int m = 0; m < 3; m++) {
            for (int k = 0; k <= deg; k++) {
                double sum = 0;
                for (int j = 0; j <= deg; j++) {
                    double w = j == 0 || j == deg ? 0.5 : 1;
                    sum += w * f[m * NODES + j] * COSINES[deg][(j * k) % (2 * deg)];
                }
                double w = k == 0 || k == deg ? 0.5 : 1;
                c[m * NODES + k] = w * 2.0 / deg * sum;
            }
        }
        // the same polynomials in powers of T - mid: p_j = (sum_k c_k [u^j] T_k(u)) / half^j, where
        // the terms fall with the coefficients (c_k shrinks like (rho/2)^k, [u^j] T_k grows like 2^k)
        double[] b = cache.powers;
        for (int m = 0; m < 3; m++) {
            double scale = 1;
            for (int jj = 0; jj <= deg; jj++) {
                double sum = 0;
                for (int k = jj; k <= deg; k++) {
                    sum += c[m * NODES + k] * CHEBYSHEV_POWERS[k][jj];
                }
                b[m * NODES + jj] = sum / scale;
                scale *= half;
            }
        }
        cache.mid = mid;
        cache.pa0Interpolated = pa0;
        for (double u : CHECK_POINTS[deg]) {
            double t = mid + half * u;
            double dt = t - mid;
            if (!close(horner(b, 0, dt, deg), expectationFactor(t))
                    || (discount && !close(horner(b, NODES, dt, deg), dertFactor(t)))) {
                return false;
            }
            if (pa0 && !close(horner(b, 2 * NODES, dt, deg), pAliveOrNaN(0, 0, t, cache))) {
                cache.pa0Interpolated = false;
            }
        }
        cache.state = BUILT;
        return true;
    }

    /**
     * {@code COSINES[n][i] = cos(pi i / n)} for {@code i < 2n}: the Chebyshev-Lobatto points and
     * the cosines of the coefficients' sums of degree n, computed once instead of per chunk and draw.
     */
    private static final double[][] COSINES = new double[DEGREE + 1][];
    /** {@code CHECK_POINTS[n]}: {@code -+cos(pi / (2n))}, the midpoints of the outermost node intervals of degree n. */
    private static final double[][] CHECK_POINTS = new double[DEGREE + 1][];

    static {
        for (int n = MIN_DEGREE; n <= DEGREE; n++) {
            COSINES[n] = new double[2 * n];
            for (int i = 0; i < 2 * n; i++) {
                COSINES[n][i] = Math.cos(Math.PI * i / n);
            }
            double u = Math.cos(Math.PI / (2 * n));
            CHECK_POINTS[n] = new double[] {u, -u};
        }
    }

    private static boolean close(double interpolated, double exact) {
        return Math.abs(interpolated - exact) <= CHECK * Math.abs(exact);
    }

    /** The polynomial {@code sum c[from + j] dt^j, j = 0 .. degree}, by Horner's scheme. */
    private static double horner(double[] c, int from, double dt, int degree) {
        double v = c[from + degree];
        for (int j = degree - 1; j >= 0; j--) {
            v = Math.fma(v, dt, c[from + j]);
        }
        return v;
    }

    /** {@code CHEBYSHEV_POWERS[k][j]}: the coefficient of {@code u^j} in the Chebyshev polynomial {@code T_k(u)}. */
    private static final double[][] CHEBYSHEV_POWERS = new double[DEGREE + 1][DEGREE + 1];

    static {
        CHEBYSHEV_POWERS[0][0] = 1;
        CHEBYSHEV_POWERS[1][1] = 1;
        for (int k = 2; k <= DEGREE; k++) {
            // T_k = 2u T_(k-1) - T_(k-2): small integers, exact
            for (int j = 0; j <= DEGREE; j++) {
                CHEBYSHEV_POWERS[k][j] = (j > 0 ? 2 * CHEBYSHEV_POWERS[k - 1][j - 1] : 0) - CHEBYSHEV_POWERS[k - 2][j];
            }
        }
    }

    /** {@code g(T) = (beta+T) L h((s-1) L)}, {@code L = log1p(t/(beta+T))}, {@code h(y) = (1 - e^-y)/y}. */
    private double expectationFactor(double T) {
        double bT = beta + T;
        double l = log1p(horizon / bT);
        double y = (s - 1) * l;
        return bT * l * (y == 0 ? 1.0 : -expm1(-y) / y);
    }

    /** {@code Q(s, delta (beta+T)) / delta}: DERT given alive is {@code (r+x)/(alpha+T)} times this. */
    private double dertFactor(double T) {
        double z = delta * (beta + T);
        if (z > 1 || s >= 20) {
            return ParetoNbdMath.dertIntegral(s, z) / delta;
        }
        return z * Math.exp(z) * expintSmall(z) / delta;
    }

    /**
     * {@code E_s(z)} for {@code 0 < z <= 1}: the series of {@code ParetoNbdMath}'s E_s with its
     * s-only parts (log Gamma terms, {@code 1/(k! (1-s+k))}) computed once.
     */
    private double expintSmall(double z) {
        double sum = 0;
        double zk = 1;
        for (int k = 0; k < EXPINT_TERMS; k++) {
            double add = expintCoefficients[k] * zk;
            sum -= add;
            if (k > n && Math.abs(add) < 1e-18 * Math.abs(sum)) {
                break;
            }
            zk *= z;
        }
        double lead;
        double logz = Math.log(z);
        if (n == 0) {
            lead = Math.exp((s - 1) * logz + logGammaOneMinusS);
        } else {
            double g;
            if (eps == 0) {
                g = -logz + psi;
            } else {
                double y = -eps * logz + logGamma1pEps;
                for (int j = 1; j < n; j++) {
                    y -= log1pMinusEpsOverJ[j];
                }
                g = expm1(y) / eps;
            }
            double pre = 1;
            for (int j = 1; j < n; j++) {
                pre *= z / j;
            }
            lead = ((n - 1) % 2 == 0 ? 1 : -1) * pre * g;
        }
        return lead + sum;
    }

    /**
     * P(alive) = 1/(1+R) of a valid history, or NaN when R is outside this path's range (the
     * caller then falls back to {@link ParetoNbd}). Package-private for the test that checks the
     * fast path is taken.
     */
    double pAliveOrNaN(double x, double tx, double T) {
        return pAliveOrNaN(x, tx, T, null);
    }

    /**
     * {@link #pAliveOrNaN(double, double, double)}, its series from the cache's tables when it has
     * them.
     *
     * <p>R of {@link ParetoNbdMath} is {@code s/a [F(z1) e^u1 - F(z2) e^u2]} with
     * {@code F(z) = 2F1(a, b; a+1; z)}, {@code a = r + x + s}, and on the branch alpha >= beta
     * {@code b = s + 1}, {@code z = (alpha - beta)/(alpha + t)}, else {@code b = r + x},
     * {@code z = (beta - alpha)/(beta + t)} (at {@code t = t_x} and {@code t = T}). Euler's
     * transformation {@code F(z) = (1 - z)^(1-b) 2F1(1, a+1-b; a+1; z)} (Abramowitz and Stegun
     * 15.3.3) turns each into a series whose term ratios {@code (a+1-b+k)/(a+1+k) z} stay below z
     * (the ratios of F grow with b: for {@code b = r + x} its terms first rise with x, a heavy
     * buyer's series running to a hundred terms where this one needs a dozen), and its power of
     * {@code 1 - z} folds into the exponentials: with {@code L_A = log((alpha+T)/(alpha+t_x))},
     * {@code L_B = log((beta+T)/(beta+t_x))}, {@code E = e^(p L_A + s L_B)} ({@code p = r + x})
     * and {@code h(z) = 2F1(1, a+1-b; a+1; z)}, times {@code 1 - z = (alpha+t)/(beta+t)} on the
     * branch alpha < beta,
     * <pre>R = s/a [h(z1) E - h(z2)] = s/a h(z1) E (1 - h(z2) / (h(z1) E)),</pre>
     * one exponential where the untransformed form needs two; the difference is taken as
     * {@code -expm1(-d)}, {@code d = log E + log(h(z1)/h(z2))}, where it would lose digits.
     */
    private double pAliveOrNaN(double x, double tx, double T, Cache cache) {
        if (tx >= T) {
            return 1.0; // R = 0
        }
        double p = r + x;
        double a = p + s;
        double at = alpha + tx;
        double bt = beta + tx;
        double la = log1p((T - tx) / at);
        double lb = log1p((T - tx) / bt);
        double logE = p * la + s * lb;
        // the series' first parameter a+1-b and its z; w: 1 - z, its factor on the branch alpha < beta
        double b;
        double u;
        double z1;
        double z2;
        double w1 = 1;
        double w2 = 1;
        if (alphaBranch) {
            b = s + 1;
            u = p;
            z1 = gap / at;
            z2 = gap / (alpha + T);
        } else {
            b = p;
            u = s + 1;
            z1 = gap / bt;
            z2 = gap / (beta + T);
            w1 = at / bt;
            w2 = (alpha + T) / (beta + T);
        }
        // ParetoNbdMath integrates R where its series would be long: so does this path (by its code)
        if (ParetoNbdMath.seriesTerms(b, z1) > MAX_SERIES_TERMS || !(logE < 690)) {
            return Double.NaN;
        }
        double v = a + 1;
        double h1;
        double h2;
        if (x == 0 && tx == 0) {
            h1 = f1AtZero;
            if (h1 == UNKNOWN) {
                h1 = f1AtZero(r, alpha, s, beta);
                f1AtZero = h1;
            }
            // the interpolants' nodes (a cache with tables) sum it from this draw's table of x = 0
            SeriesTable table = cache != null && cache.tabulated ? repeatTable(0, u, v) : null;
            h2 = (table != null ? table.sum(z2) : series(u, v, z2)) * w2;
        } else {
            if (cache != null && cache.tabulated && seriesPair(x, u, v, z1, z2, cache)) {
                h1 = cache.sum1;
                h2 = cache.sum2;
            } else {
                // Both series in one loop: the coefficient ratios (u+k)/(v+k) are shared.
                double t1 = 1;
                double t2 = 1;
                h1 = 1;
                h2 = 1;
                boolean done1 = z1 == 0;
                boolean done2 = z2 == 0;
                for (int k = 0; !(done1 && done2); k++) {
                    if (k >= MAX_LOOP) {
                        return Double.NaN;
                    }
                    double q = (u + k) / (v + k);
                    if (!done1) {
                        t1 *= q * z1;
                        h1 += t1;
                        done1 = converged(t1, h1, z1);
                    }
                    if (!done2) {
                        t2 *= q * z2;
                        h2 += t2;
                        done2 = converged(t2, h2, z2);
                    }
                }
            }
            h1 *= w1;
            h2 *= w2;
        }
        if (!(h1 <= SERIES_LIMIT) || !(h2 <= SERIES_LIMIT)) {
            return Double.NaN;
        }
        // 1 - h2/(h1 E): a difference only when it keeps its digits
        double e = Math.exp(logE);
        double em = h2 / (h1 * e);
        double om;
        if (em <= 0.5) {
            om = 1 - em;
        } else {
            double d = logE + Math.log(h1 / h2);
            if (!(d > 0)) {
                return 1.0; // R = 0, as ParetoNbdMath decides
            }
            om = -expm1(-d);
        }
        double bigR = s / a * h1 * e * om;
        if (!(bigR <= R_LIMIT)) {
            return Double.NaN;
        }
        return 1 / (1 + bigR);
    }

    /**
     * {@code e^y - 1} from the intrinsic exp and log, several times faster than {@link
     * Math#expm1}. Away from 0 ({@code |y| >= 1/2}) the difference {@code e^y - 1} loses at most
     * two ulps (the subtraction is exact and {@code e^y} is within one ulp). Near 0, Kahan's
     * correction: with {@code u = fl(e^y)}, {@code (u - 1) y / log(u)} is {@code e^y - 1} to a
     * few ulps, since the rounding error of {@code u} cancels in the ratio {@code (u - 1)/log(u)}
     * (W. Kahan; N. J. Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., 2002,
     * section 1.14.1); {@code u = 1} means {@code |y|} is below half an ulp of 1, where
     * {@code e^y - 1 = y} to rounding.
     */
    static double expm1(double y) {
        double u = Math.exp(y);
        if (y >= 0.5 || y <= -0.5) {
            return u - 1;
        }
        if (u == 1) {
            return y;
        }
        return (u - 1) * y / Math.log(u);
    }

    /**
     * {@code log(1 + v)} for {@code v >= 0} from the intrinsic log, several times faster than
     * {@link Math#log1p}: with {@code u = fl(1 + v)}, {@code log(u) v / (u - 1)} is
     * {@code log(1 + v)} to a few ulps, the ratio {@code v / (u - 1)} correcting the rounding of
     * {@code u} (D. Goldberg, What every computer scientist should know about floating-point
     * arithmetic, ACM Computing Surveys 23(1), 1991, theorem 4); {@code u = 1} means {@code v} is
     * below half an ulp of 1, where {@code log(1 + v) = v} to rounding. For {@code v >= 1/2} the
     * ratio is 1 to an ulp or two and the log above 0.4, so the correction costs nothing in
     * accuracy; taking it always spares a branch on v, which the customers' data would mispredict.
     * For finite v.
     */
    static double log1p(double v) {
        double u = 1 + v;
        if (u == 1) {
            return v;
        }
        return Math.log(u) * (v / (u - 1));
    }

    /**
     * The stopping rule of the series {@code h(z) = 2F1(1, u; v; z)} ({@code u < v}), whose term
     * ratios {@code (u+k)/(v+k) z} stay below z: the terms after {@code c} sum to at most
     * {@code c z/(1-z)}, and once that is below {@code 1e-17} of the sum (a tenth of its rounding)
     * the series is summed. False for {@code z >= 1}.
     */
    private static boolean converged(double c, double sum, double z) {
        return c * z <= TAIL * sum * (1 - z);
    }

    /** The part of a sum its series may leave out: a tenth of the rounding of a double. */
    private static final double TAIL = 1e-17;

    /**
     * {@code h(z1)} and {@code h(z2)}, {@code h(z) = 2F1(1, u; v; z)}, into {@code cache.sum1} and
     * {@code cache.sum2}, where the loop of {@link #pAliveOrNaN} computes every coefficient (with a
     * division) for every customer: for {@code x < }{@value #REPEAT_TABLES} from this kernel's
     * polynomial of {@code (u, v)} ({@link SeriesTable}, shared by the chunks and threads of one
     * draw), else from the thread's table of the coefficients of {@code (u, v)}, adding terms four
     * at a time until the last term of a block meets the stopping rule of that loop
     * ({@link #converged}) in both series. Either way each sum has at least the terms the loop
     * adds and differs from its sum by rounding only. False (the caller then runs the loop) when
     * the series would run beyond this path's range.
     */
    private boolean seriesPair(double x, double u, double v, double z1, double z2, Cache cache) {
        SeriesTable shared = x < REPEAT_TABLES ? repeatTable((int) x, u, v) : null;
        if (shared != null) {
            shared.sums(z1, z2, cache);
            return true;
        }
        return sumPair(cache.coefficients(u, v), z1, z2, cache);
    }

    /**
     * The table of R's series for customers with {@code x} repeats under this kernel's model,
     * built once for every chunk and thread ({@link SeriesTable#of}), or {@code null} when the
     * series at its largest argument is too long for a table (the thread's own tables then serve).
     */
    private SeriesTable repeatTable(int x, double u, double v) {
        AtomicReferenceArray<SeriesTable> tables = repeatTables;
        if (tables == null) {
            // a race only builds a table twice; the array and each table are published safely
            tables = new AtomicReferenceArray<>(REPEAT_TABLES);
            repeatTables = tables;
        }
        SeriesTable t = tables.get(x);
        if (t == null) {
            t = SeriesTable.of(u, v, gap / (alphaBranch ? alpha : beta));
            tables.set(x, t);
        }
        return t.c != null && t.u == u && t.v == v ? t : null;
    }

    /**
     * {@code h(z) = 2F1(1, u; v; z) = sum c_k z^k} for one pair {@code (u, v)} (the customers of one
     * draw with the same number of repeats) and every {@code 0 <= z <= zmax}, as a polynomial: the
     * coefficients {@code c_k = (u)_k / (v)_k} of {@link Coefficients} for {@code k < N}, N the
     * first multiple of four with {@code c_N zmax^N / (1 - zmax) <= 1e-17}. Customers with
     * repeats have {@code z <= zmax = gap / (alpha + 0)} (or {@code beta}; t_x >= 0). As the
     * coefficients fall ({@code u < v}), the terms from {@code n} on sum to at most
     * {@code c_n z^n / (1 - z)}, which grows with z: each of {@value #BUCKETS} buckets of
     * {@code [0, zmax]} sums the blocks of four terms that bound meets at its upper end, leaving
     * out less than 1e-17 of the sum ({@link #converged}). All terms are positive, so the
     * polynomial sums them to a few ulps in any order; it is summed by Estrin's scheme in powers
     * of {@code z^4} (four independent Horner chains per argument, eight for the two arguments of
     * R) instead of term by term with a test per term. Immutable: shared by the threads once
     * built. Series of more than {@link #MAX_TERMS} terms at zmax have no table.
     */
    private static final class SeriesTable {
        final double u;
        final double v;
        /** The coefficients, a multiple of four of them; {@code null} for a series too long. */
        final double[] c;

        /**
         * Most terms of a table: series that converge more slowly (z near 1, thousands of terms)
         * are summed from the thread's table term by term, in the loop's order, whose rounding
         * the other scoring paths share.
         */
        private static final int MAX_TERMS = 256;
        /** Buckets of {@code [0, zmax]} of {@link #blocksByBucket}. */
        private static final int BUCKETS = 128;
        /** Per bucket of {@code [0, zmax]}, the blocks the sums at its upper end need. */
        private final short[] blocksByBucket;
        /** {@code BUCKETS / zmax}: z times this is its bucket. */
        private final double bucketScale;

        private SeriesTable(double u, double v, double[] c, short[] blocksByBucket, double zmax) {
            this.u = u;
            this.v = v;
            this.c = c;
            this.blocksByBucket = blocksByBucket;
            this.bucketScale = BUCKETS / zmax;
        }

        static SeriesTable of(double u, double v, double zmax) {
            Coefficients co = new Coefficients();
            co.reset(u, v);
            int n = 4;
            while (!(tail(co, n, zmax) <= TAIL)) {
                n += 4;
                if (n > MAX_TERMS) {
                    return new SeriesTable(u, v, null, null, zmax);
                }
            }
            short[] blocks = new short[BUCKETS];
            double scale = BUCKETS / zmax;
            int b = 1;
            for (int q = 0; q < BUCKETS; q++) {
                // the bucket's upper end (past the rounding of z * scale), zmax for the last
                double z = q == BUCKETS - 1 ? zmax : Math.min(zmax, (q + 1) / scale * (1 + 1e-12));
                while (4 * b < n && !(tail(co, 4 * b, z) <= TAIL)) {
                    b++; // the buckets' ends rise, and with them the blocks they need
                }
                blocks[q] = (short) b;
            }
            return new SeriesTable(u, v, Arrays.copyOf(co.c, n), blocks, zmax);
        }

        /** {@code c_n z^n / (1 - z)}: a bound on the terms from {@code n} on, relative to a sum of at least 1. */
        private static double tail(Coefficients co, int n, double z) {
            co.extend(n);
            return co.c[n] * Math.pow(z, n) / (1 - z);
        }

        /** The sum at {@code z <= zmax}, to as many terms as z needs. */
        double sum(double z) {
            return estrin(c, blocks(z), z);
        }

        /**
         * {@code sum k_i z^i} over blocks {@code 0 .. blocks-1} of four coefficients, by Estrin's
         * scheme: four Horner chains in {@code w = z^4}, one per residue of i modulo 4, joined by
         * one Horner step in z.
         */
        private static double estrin(double[] k, int blocks, double z) {
            double w = z * z;
            w *= w;
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            for (int i = 4 * (blocks - 1); i >= 0; i -= 4) {
                a0 = Math.fma(a0, w, k[i]);
                a1 = Math.fma(a1, w, k[i + 1]);
                a2 = Math.fma(a2, w, k[i + 2]);
                a3 = Math.fma(a3, w, k[i + 3]);
            }
            return Math.fma(Math.fma(Math.fma(a3, z, a2), z, a1), z, a0);
        }

        /**
         * The blocks of four terms the sum at {@code z <= zmax} needs: those of the upper end of
         * its bucket ({@link #blocksByBucket}), a comparison-free lookup.
         */
        private int blocks(double z) {
            return blocksByBucket[Math.min(BUCKETS - 1, (int) (z * bucketScale))];
        }

        /**
         * The sums at {@code z2 <= z1 <= zmax} into {@code cache.sum1} and {@code cache.sum2}, to
         * as many blocks as z1 needs.
         */
        void sums(double z1, double z2, Cache cache) {
            double[] k = c;
            // both sums in one loop of eight independent chains: one loop exit to predict per row
            double w1 = z1 * z1;
            double w2 = z2 * z2;
            w1 *= w1;
            w2 *= w2;
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            double b0 = 0;
            double b1 = 0;
            double b2 = 0;
            double b3 = 0;
            for (int i = 4 * (blocks(z1) - 1); i >= 0; i -= 4) {
                double k0 = k[i];
                double k1 = k[i + 1];
                double k2 = k[i + 2];
                double k3 = k[i + 3];
                a0 = Math.fma(a0, w1, k0);
                a1 = Math.fma(a1, w1, k1);
                a2 = Math.fma(a2, w1, k2);
                a3 = Math.fma(a3, w1, k3);
                b0 = Math.fma(b0, w2, k0);
                b1 = Math.fma(b1, w2, k1);
                b2 = Math.fma(b2, w2, k2);
                b3 = Math.fma(b3, w2, k3);
            }
            cache.sum1 = Math.fma(Math.fma(Math.fma(a3, z1, a2), z1, a1), z1, a0);
            cache.sum2 = Math.fma(Math.fma(Math.fma(b3, z2, b2), z2, b1), z2, b0);
        }
    }

    /**
     * The sums of {@link #seriesPair} from the coefficients {@code co} of the thread's table,
     * extended as far as the sums need; false when they would run beyond this path's range.
     */
    private static boolean sumPair(Coefficients co, double z1, double z2, Cache cache) {
        double p1 = 1;
        double p2 = 1;
        double f1 = 1;
        double f2 = 1;
        for (int m = 1; ; m += 4) {
            int last = m + 3;
            if (last >= co.n && !co.extend(last)) {
                return false;
            }
            double[] c = co.c;
            p1 *= z1;
            p2 *= z2;
            f1 += c[m] * p1;
            f2 += c[m] * p2;
            p1 *= z1;
            p2 *= z2;
            f1 += c[m + 1] * p1;
            f2 += c[m + 1] * p2;
            p1 *= z1;
            p2 *= z2;
            f1 += c[m + 2] * p1;
            f2 += c[m + 2] * p2;
            p1 *= z1;
            p2 *= z2;
            double c1 = c[last] * p1;
            double c2 = c[last] * p2;
            f1 += c1;
            f2 += c2;
            if (converged(c1, f1, z1) && converged(c2, f2, z2)) {
                cache.sum1 = f1;
                cache.sum2 = f2;
                return true;
            }
        }
    }

    /** {@code h(z) = 2F1(1, u; v; z)} for {@code 0 <= z < 1} and {@code u < v}, or infinity beyond this path's range. */
    private static double series(double u, double v, double z) {
        double t = 1;
        double sum = 1;
        if (z == 0) {
            return sum;
        }
        for (int k = 0; ; k++) {
            if (k >= MAX_LOOP) {
                return Double.POSITIVE_INFINITY;
            }
            t *= (u + k) / (v + k) * z;
            sum += t;
            if (converged(t, sum, z)) {
                return sum;
            }
        }
    }
}
