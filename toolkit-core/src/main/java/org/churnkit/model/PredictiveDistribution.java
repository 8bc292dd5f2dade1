package org.churnkit.model;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.churnkit.ChurnkitException;

/**
 * What one customer will actually do: the distribution of their number of transactions
 * {@code X = X(T, T + t)} in the next {@code t} time units given their history, from the model's own
 * probabilities {@code P(X = k | x, t_x, T)}, and its quantiles. This is the <em>outcome spread</em>:
 * even with the parameters known exactly, a customer expected to buy 0.8 times buys 0, 1 or 3 times.
 * It is not the uncertainty of the expected value ({@link PredictionIntervals}, from parameter
 * draws), which shrinks as the calibration data grow while this does not. Columns:
 * {@value #LOWER_COLUMN} and {@value #UPPER_COLUMN}.
 *
 * <p>Every model here factorises as {@code P(X = k | history) = (1 - P(alive)) [k = 0] + P(alive)
 * P(X = k | alive at T)}, with the posterior given alive at T
 * <ul>
 *   <li>Pareto/NBD: {@code lambda ~ Gamma(r + x, alpha + T)}, {@code mu ~ Gamma(s, beta + T)}, so the
 *       remaining lifetime is Pareto(II) with survival {@code ((beta+T)/(beta+T+u))^s} and the count
 *       until death at {@code u} is NBD(r + x, (alpha+T)/(alpha+T+u)): {@code P(X = k | alive) =
 *       S(t) NB_k(t) + integral_0^t f(u) NB_k(u) du}, the integral by 48-point Gauss-Legendre
 *       quadrature (on pieces of at most four times the distance to the integrand's nearest
 *       singularity, so one piece unless t exceeds four times alpha+T or beta+T), its weights
 *       normalised to a mass of exactly 1 (the mean agrees with the closed-form conditional
 *       expectation to 1e-9, tested);</li>
 *   <li>BG/NBD and MBG/NBD: {@code lambda ~ Gamma(r + x, alpha + T)}, {@code p ~ Beta(a, b + x [+1])};
 *       the customer stops after the J-th future transaction, J geometric, so {@code X = min(N, J)}
 *       with N NBD: {@code P(X = 0) = NB_0} and {@code P(X = k) = NB_k E[(1-p)^(k-1)] + P(N > k)
 *       E[p (1-p)^(k-1)]} (Fader, Hardie and Lee's derivation of the conditional PMF, in closed form);</li>
 *   <li>BG/BB: {@code p ~ Beta(alpha + x, beta + n - x)}, {@code theta ~ Beta(gamma, delta + n)}; the
 *       customer is alive for L of the t future opportunities ({@code P(L = l) = E[theta (1-theta)^l]},
 *       {@code P(L = t) = E[(1-theta)^t]}) and buys Beta-Binomial(L, alpha + x, beta + n - x) times.</li>
 * </ul>
 * The quantile at probability {@code p} is the smallest count k with {@code P(X <= k) >= p}; the
 * interval at level {@code c} runs from the quantile at {@code (1 - c)/2} to the one at {@code (1 + c)/2}
 * and, the distribution being discrete, holds at least {@code c} of the probability. The model is
 * taken at its point estimate: parameter uncertainty is not mixed in.
 *
 * <p>The same computation serves the Pareto/NBD with covariates: {@link
 * StaticCovariateModel#predictiveIntervals} (each customer's own model; with correlated rates a
 * signed mixture of four shifted models, with the weights of that model's other predictions) and
 * {@link TimeVaryingCovariateModel#predictiveIntervals} (the integral period by period, with the
 * window's covariates).
 *
 * <p>Immutable and thread-safe. Only the plain models above; a model of another kind is refused.
 */
public final class PredictiveDistribution {
    /** Column of the lower end of the predictive interval of the count. */
    public static final String LOWER_COLUMN = "transactions_predictive_lower";
    /** Column of the upper end of the predictive interval of the count. */
    public static final String UPPER_COLUMN = "transactions_predictive_upper";

    /** Counts beyond which a quantile is refused rather than searched (a history far outside the model's range). */
    private static final int MAX_COUNT = 10_000_000;
    private static final int NODES = 48;
    private static final double[] GL_X = new double[NODES];
    private static final double[] GL_W = new double[NODES];

    static {
        // Gauss-Legendre nodes and weights on [-1, 1] by Newton's method on P_n (Golub-Welsch would need an eigensolver).
        int n = NODES;
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double pp = 0;
            for (int it = 0; it < 100; it++) {
                double p1 = 1;
                double p2 = 0;
                for (int j = 1; j <= n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2.0 * j - 1) * z * p2 - (j - 1.0) * p3) / j;
                }
                pp = n * (z * p1 - p2) / (z * z - 1);
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.abs(z - z1) < 1e-15) {
                    break;
                }
            }
            GL_X[i] = -z;
            GL_X[n - 1 - i] = z;
            GL_W[i] = 2 / ((1 - z * z) * pp * pp);
            GL_W[n - 1 - i] = GL_W[i];
        }
    }

    private final TransactionModel model;
    private final double t;

    private PredictiveDistribution(TransactionModel model, double t) {
        this.model = model;
        this.t = t;
    }

    /**
     * The predictive distribution of the count over the next {@code t} time units.
     *
     * @param model a Pareto/NBD, BG/NBD, MBG/NBD or BG/BB model
     * @param t the window, finite and {@code > 0} (whole opportunities for BG/BB)
     * @return the distribution
     * @throws IllegalArgumentException when the model is of another kind or {@code t} is not a valid window
     */
    public static PredictiveDistribution of(TransactionModel model, double t) {
        Objects.requireNonNull(model, "model");
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("the window must be positive and finite, got " + t);
        }
        if (model instanceof BgBb && t != Math.rint(t)) {
            throw new IllegalArgumentException("BG/BB counts whole opportunities: the window must be a whole number, got " + t);
        }
        if (!(model instanceof ParetoNbd || model instanceof BetaGeometricModel || model instanceof BgBb)) {
            throw new IllegalArgumentException("the predictive distribution of counts is available for pareto-nbd, "
                    + "bg-nbd, mbg-nbd and bg-bb, not for " + model.kind().id());
        }
        return new PredictiveDistribution(model, t);
    }

    /**
     * The window.
     *
     * @return t
     */
    public double window() {
        return t;
    }

    /**
     * {@code P(X(T, T + t) = k | x, t_x, T)} for {@code k = 0 .. maxCount}.
     *
     * @param x repeat transactions, a whole number {@code >= 0}
     * @param tx recency, {@code 0 <= t_x <= T}
     * @param T age, {@code >= 0}
     * @param maxCount the largest count, {@code >= 0}
     * @return the probabilities, each in [0, 1], summing to at most 1
     * @throws ChurnkitException naming the history when it is invalid or cannot be computed
     */
    public double[] probabilities(double x, double tx, double T, int maxCount) {
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount must be >= 0, got " + maxCount);
        }
        return take(terms(x, tx, T), maxCount);
    }

    /**
     * The predictive interval of one customer's count: the quantiles at {@code (1 - level)/2} and
     * {@code (1 + level)/2}.
     *
     * @param x repeat transactions
     * @param tx recency
     * @param T age
     * @param level the probability the interval holds at least, in (0, 1)
     * @return {lower, upper}, whole counts
     * @throws ChurnkitException naming the history when it cannot be computed
     */
    public int[] interval(double x, double tx, double T, double level) {
        checkLevel(level);
        return quantiles(terms(x, tx, T), (1 - level) / 2, (1 + level) / 2, x, tx, T);
    }

    /**
     * The predictive intervals of every customer (identical histories computed once), on the
     * calling thread and the common pool.
     *
     * @param h the customers' histories
     * @param level the probability each interval holds at least, in (0, 1)
     * @return {lower, upper}: two columns of whole counts, one value per row of {@code h}
     * @throws ChurnkitException naming the first customer that cannot be computed
     */
    public double[][] intervals(Histories h, double level) {
        return intervals(h, level, null);
    }

    /**
     * As {@link #intervals(Histories, double)}, in chunks of rows on {@code executor}.
     *
     * @param h the customers' histories
     * @param level the probability each interval holds at least, in (0, 1)
     * @param executor where chunks run, {@code null} for the common fork-join pool
     * @return {lower, upper}, one value per row of {@code h}
     */
    public double[][] intervals(Histories h, double level, Executor executor) {
        checkLevel(level);
        PredictionIntervals.Layout d = PredictionIntervals.Layout.of(h, false, null);
        int m = d.triples();
        double[] lo = new double[m];
        double[] hi = new double[m];
        double pl = (1 - level) / 2;
        double pu = (1 + level) / 2;
        Scoring.chunks(m, 2048, executor, (from, to) -> {
            for (int i = from; i < to; i++) {
                double x = d.x[i];
                double tx = d.tx[i];
                double T = d.age[i];
                int[] q;
                try {
                    q = quantiles(terms(x, tx, T), pl, pu, x, tx, T);
                } catch (RuntimeException e) {
                    throw new ChurnkitException("cannot compute the predictive interval of "
                            + d.source.describe(d.first[i]) + ": " + e.getMessage(), e);
                }
                lo[i] = q[0];
                hi[i] = q[1];
            }
        });
        return new double[][] {d.expand(lo, true), d.expand(hi, true)};
    }

    static void checkLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
    }

    /**
     * The quantiles at {@code pl} and {@code pu} of a count distribution given term by term; an
     * error when a probability is not in [0, 1] or the upper quantile lies beyond {@value #MAX_COUNT}.
     */
    static int[] quantiles(Terms terms, double pl, double pu, double x, double tx, double T) {
        double cdf = 0;
        int lo = -1;
        for (int k = 0; k <= MAX_COUNT; k++) {
            double pk = terms.next();
            if (!(pk >= 0) || pk > 1 + 1e-9) {
                throw new ChurnkitException("P(X = " + k + ") is " + pk);
            }
            cdf += pk;
            if (lo < 0 && cdf >= pl) {
                lo = k;
            }
            // 1e-12: the quadrature's mass is 1 to about that; a target of 0.95 is never that close to it
            if (cdf >= pu || cdf >= 1 - 1e-12) {
                return new int[] {lo < 0 ? k : lo, k};
            }
        }
        throw new ChurnkitException("the predictive distribution of (x=" + x + ", t_x=" + tx + ", T=" + T
                + ") has not reached P = " + pu + " by " + MAX_COUNT + " transactions");
    }

    /** The first {@code maxCount + 1} terms. */
    static double[] take(Terms terms, int maxCount) {
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount must be >= 0, got " + maxCount);
        }
        double[] out = new double[maxCount + 1];
        for (int k = 0; k <= maxCount; k++) {
            out[k] = terms.next();
        }
        return out;
    }

    /** The probabilities {@code P(X = 0), P(X = 1), ...} of one history, one at a time. */
    interface Terms {
        /**
         * The next probability.
         *
         * @return {@code P(X = k)}, k counting the calls from 0
         */
        double next();
    }

    /** The terms of one history under this model (its P(alive) checks the history). */
    Terms terms(double x, double tx, double T) {
        double pa = model.pAlive(x, tx, T); // checks the history, throws naming it
        Terms alive = switch (model) {
            case ParetoNbd p -> pareto(p, x, T);
            case BetaGeometricModel b -> betaGeometric(b.f, x, T);
            case BgBb b -> bgbb(b, x, T);
            default -> throw new IllegalStateException("unreachable: checked in of()");
        };
        return givenAlive(pa, alive);
    }

    /** {@code P(X = k) = (1 - pa) [k = 0] + pa P(X = k | alive)}. */
    static Terms givenAlive(double pa, Terms alive) {
        return new Terms() {
            private boolean first = true;

            @Override
            public double next() {
                double a = alive.next();
                if (first) {
                    first = false;
                    return (1 - pa) + pa * a;
                }
                return pa * a;
            }
        };
    }

    /**
     * The signed mixture {@code sum_c w_c P_c(X = k)} of the four shifted models of a correlated
     * (Sarmanov) Pareto/NBD customer ({@link StaticCovariateModel}): the weights are those of every
     * other prediction of that model, so this is the count's distribution under the customer's
     * posterior of (lambda, mu, alive). A term is an expectation of a non-negative probability under
     * that posterior, non-negative whenever the customer's mixing density is; computed, it is the
     * sum of terms of both signs, and rounding leaves an absolute error of a few ulps of
     * {@code sum_c |w_c|}: a term below zero by at most {@code 1e-12 sum_c |w_c|} is that rounding
     * and is taken as 0; below that, the mixing density is negative for this customer (omega
     * outside the range its covariates allow), an error.
     */
    static Terms signedMixture(double[] w, Terms[] parts) {
        double abs = 0;
        for (double v : w) {
            abs += Math.abs(v);
        }
        double tol = 1e-12 * abs;
        return new Terms() {
            private int k;

            @Override
            public double next() {
                double v = 0;
                for (int c = 0; c < parts.length; c++) {
                    v += w[c] * parts[c].next();
                }
                if (v < 0) {
                    if (v < -tol) {
                        throw new ChurnkitException("P(X = " + k + ") is " + v + " under the correlated mixing "
                                + "distribution: omega lies outside the range this customer's covariates allow");
                    }
                    v = 0;
                }
                k++;
                return v;
            }
        };
    }

    /** Pareto/NBD given alive: a mixture of NBDs over the death time and survival past t. */
    private Terms pareto(ParetoNbd p, double x, double T) {
        Lifetime l = new Lifetime(p.r() + x, p.alpha() + T, p.s(), p.beta() + T);
        l.period(t, 1, 1);
        return l.terms();
    }

    /**
     * The Pareto/NBD count given alive at T over a future of periods with constant rate
     * multipliers: {@code lambda ~ Gamma(rho, a)}, {@code mu ~ Gamma(s, b)} (the posterior given
     * alive), the cumulative purchase and dropout multipliers {@code A(u)}, {@code B(u)} since T
     * piecewise linear. The remaining lifetime has survival {@code S(u) = (b / (b + B(u)))^s} and
     * density {@code f(u) = s B'(u) / b (1 + B(u)/b)^-(s+1)}; the count until death at u is
     * NBD(rho, a / (a + A(u))), so {@code P(X = k | alive) = S(h) NB_k(h) + int_0^h f(u) NB_k(u) du}.
     * The integral is taken period by period, each cut into pieces no longer than four times the
     * distance from the piece's start to the nearer singularity of the integrand
     * ({@code u = -b/B'} of the density, {@code -a/A'} of the NBD), each piece by 48-point
     * Gauss-Legendre: the pieces grow geometrically (at most a few dozen for any history), and
     * on each the quadrature error is far below double rounding. The node weights are normalised
     * to a mass of exactly 1. Plain Pareto/NBD is one period of multipliers 1.
     */
    static final class Lifetime {
        private final double rho;
        private final double a;
        private final double s;
        private final double b;
        /** A and B at the end of the periods added so far. */
        private double aEnd;
        private double bEnd;
        private int n;
        private double[] w = new double[NODES + 1];
        private double[] logTerm = new double[NODES + 1];
        private double[] log1mq = new double[NODES + 1];

        /**
         * The posterior given alive: lambda ~ Gamma(rho, a), mu ~ Gamma(s, b) (shape, rate).
         */
        Lifetime(double rho, double a, double s, double b) {
            this.rho = rho;
            this.a = a;
            this.s = s;
            this.b = b;
        }

        /** Adds a period of length {@code len} with purchase multiplier {@code pm} and dropout multiplier {@code dm}. */
        void period(double len, double pm, double dm) {
            if (!(pm > 0 && dm > 0 && len >= 0) || Double.isInfinite(pm) || Double.isInfinite(dm)
                    || Double.isInfinite(len)) {
                throw new ChurnkitException("a period of length " + len + " with rate multipliers " + pm + " (purchase) "
                        + "and " + dm + " (dropout): each must be positive and finite");
            }
            double left = len;
            while (left > 0) {
                // distance from the piece's start to the nearer singularity, in time; it grows
                // with every piece, so the pieces grow geometrically
                double dist = Math.min((b + bEnd) / dm, (a + aEnd) / pm);
                if (left <= 4 * dist) {
                    piece(left, pm, dm);
                    return;
                }
                piece(4 * dist, pm, dm);
                left -= 4 * dist;
            }
        }

        private void piece(double len, double pm, double dm) {
            grow(n + NODES);
            double half = len / 2;
            for (int j = 0; j < NODES; j++) {
                double v = half * (GL_X[j] + 1);
                double au = aEnd + pm * v;
                // density of the remaining lifetime: s B' b^s / (b + B(u))^(s+1)
                w[n] = half * GL_W[j] * (s * dm) / b * Math.exp(-(s + 1) * Math.log1p((bEnd + dm * v) / b));
                logTerm[n] = -rho * Math.log1p(au / a);
                log1mq[n] = Math.log(au / (a + au));
                n++;
            }
            aEnd += pm * len;
            bEnd += dm * len;
        }

        private void grow(int need) {
            if (need + 1 > w.length) {
                int cap = Math.max(need + 1, 2 * w.length);
                w = java.util.Arrays.copyOf(w, cap);
                logTerm = java.util.Arrays.copyOf(logTerm, cap);
                log1mq = java.util.Arrays.copyOf(log1mq, cap);
            }
        }

        /** The terms, survival past the last period included. */
        Terms terms() {
            grow(n);
            w[n] = Math.exp(-s * Math.log1p(bEnd / b));
            logTerm[n] = -rho * Math.log1p(aEnd / a);
            log1mq[n] = Math.log(aEnd / (a + aEnd));
            int m = n + 1;
            double sum = 0;
            for (int j = 0; j < m; j++) {
                sum += w[j];
            }
            double[] logW = new double[m];
            for (int j = 0; j < m; j++) {
                logW[j] = Math.log(w[j] / sum); // the quadrature's mass is 1 to ~1e-15: normalised exactly
            }
            double[] lt = java.util.Arrays.copyOf(logTerm, m);
            double[] lq = java.util.Arrays.copyOf(log1mq, m);
            return new Terms() {
                private int k;

                @Override
                public double next() {
                    double v = 0;
                    if (k > 0) {
                        double step = Math.log((rho + k - 1) / k);
                        for (int j = 0; j < m; j++) {
                            lt[j] += step + lq[j];
                        }
                    }
                    for (int j = 0; j < m; j++) {
                        v += Math.exp(logW[j] + lt[j]);
                    }
                    k++;
                    return v;
                }
            };
        }
    }

    /** BG/NBD and MBG/NBD given alive: X = min(N, J), in closed form. */
    private Terms betaGeometric(BetaGeometricNbd f, double x, double T) {
        double rho = f.r + x;
        double a = f.a;
        double bb = f.betaAlive(x);
        double logQ = -Math.log1p(t / (f.alpha + T));
        double log1mq = Math.log(t / (f.alpha + T + t));
        return new Terms() {
            private int k;
            private double logNb = rho * logQ;
            private double cdf;
            /** E[(1 - p)^(k - 1)] under Beta(a, bb). */
            private double survive = 1;

            @Override
            public double next() {
                if (k > 0) {
                    logNb += Math.log((rho + k - 1) / k) + log1mq;
                }
                double nb = Math.exp(logNb);
                double v;
                if (k == 0) {
                    v = nb;
                } else {
                    if (k >= 2) {
                        survive *= (bb + k - 2) / (a + bb + k - 2);
                    }
                    double tail = Math.max(0, 1 - cdf - nb); // P(N > k)
                    v = nb * survive + tail * a / (a + bb + k - 1) * survive;
                }
                cdf += nb;
                k++;
                return v;
            }
        };
    }

    /** BG/BB given alive: a mixture over the opportunities alive of Beta-Binomial counts. */
    private Terms bgbb(BgBb m, double x, double n) {
        int h = (int) t;
        double pa = m.alpha() + x;
        double pb = m.beta() + n - x;
        double g = m.gamma();
        double d = m.delta() + n;
        double logB0 = LogBeta.value(g, d);
        double[] pl = new double[h + 1];
        for (int l = 0; l < h; l++) {
            pl[l] = Math.exp(LogBeta.value(g + 1, d + l) - logB0);
        }
        pl[h] = Math.exp(LogBeta.value(g, d + h) - logB0);
        double logBab = LogBeta.value(pa, pb);
        double[] probs = new double[h + 1];
        for (int l = 0; l <= h; l++) {
            if (pl[l] == 0) {
                continue;
            }
            double logChoose = LogGamma.value(l + 1.0);
            for (int k = 0; k <= l; k++) {
                double lbb = logChoose - LogGamma.value(k + 1.0) - LogGamma.value(l - k + 1.0)
                        + LogBeta.value(k + pa, l - k + pb) - logBab;
                probs[k] += pl[l] * Math.exp(lbb);
            }
        }
        return new Terms() {
            private int k;

            @Override
            public double next() {
                return k <= h ? probs[k++] : 0.0;
            }
        };
    }

    @Override
    public String toString() {
        return "PredictiveDistribution[" + model + ", window " + t + "]";
    }
}
