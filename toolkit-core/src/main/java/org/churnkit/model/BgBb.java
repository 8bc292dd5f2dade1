package org.churnkit.model;

import java.util.Optional;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;

/**
 * The BG/BB model of Fader, Hardie and Shang (2010), "Customer-base analysis in a discrete-time
 * noncontractual setting", Marketing Science 29(6): at each of {@code n} discrete transaction
 * opportunities after the first purchase, a customer first dies with probability {@code theta ~
 * Beta(gamma, delta)} and, if alive, transacts with probability {@code p ~ Beta(alpha, beta)}.
 * Immutable and thread-safe.
 *
 * <p>Histories use the discrete form of {@link Histories}: {@code x} transactions in {@code n}
 * opportunities (the age column), the last in opportunity {@code t_x} (recency); all three whole,
 * {@code x <= t_x <= n}. Horizons count opportunities and must be whole.
 *
 * <ul>
 *   <li>likelihood (eq. 5): {@code B(alpha+x, beta+n-x)/B(alpha,beta) B(gamma, delta+n)/B(gamma,delta)
 *       + sum_{i=0}^{n-t_x-1} B(alpha+x, beta+t_x-x+i)/B(alpha,beta) B(gamma+1, delta+t_x+i)/B(gamma,delta)};
 *   <li>P(alive): probability of being alive at opportunity n (having survived n death coins), the
 *       first term over the likelihood; P(alive at n+m) multiplies by {@code (delta+n)_m / (gamma+delta+n)_m}
 *       (per-opportunity survival); so {@code pAliveAt(..., 1)} is the paper's "alive in period n+1" (eq. 11);
 *   <li>conditional expectation over the next {@code n*} opportunities (eq. 13):
 *       {@code P(alive) (alpha+x)/(alpha+beta+n) sum_{i=1}^{n*} (delta+n)_i / (gamma+delta+n)_i};
 *   <li>E[X(n)] (eq. 8) and P(X(n) = x) (eq. 7); the discounted expectation sums
 *       {@code exp(-rate i)} times the expected transaction at opportunity {@code n+i}, DERT (eq. 14)
 *       for an infinite horizon.
 * </ul>
 * Every method returns a finite value or throws {@link ChurnkitException} naming its inputs.
 */
public final class BgBb implements TransactionModel {
    /** Opportunity sums longer than this are refused rather than looped over. */
    private static final double MAX_OPPORTUNITIES = 1e8;

    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double delta;
    private final FitSummary fit;
    private final double logBetaAB;
    private final double logBetaGD;

    private BgBb(double alpha, double beta, double gamma, double delta, FitSummary fit) {
        checkParameters(alpha, beta, gamma, delta);
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.delta = delta;
        this.fit = fit;
        this.logBetaAB = LogBeta.value(alpha, beta);
        this.logBetaGD = LogBeta.value(gamma, delta);
    }

    static void checkParameters(double alpha, double beta, double gamma, double delta) {
        if (!(alpha > 0) || !(beta > 0) || !(gamma > 0) || !(delta > 0) || Double.isInfinite(alpha)
                || Double.isInfinite(beta) || Double.isInfinite(gamma) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("BG/BB parameters must be positive and finite, got alpha=" + alpha
                    + ", beta=" + beta + ", gamma=" + gamma + ", delta=" + delta);
        }
    }

    /**
     * A BG/BB model with known parameters (all positive and finite).
     *
     * @param alpha first shape of the Beta distribution of the transaction probability p, {@code > 0}
     * @param beta second shape of the Beta distribution of p, {@code > 0}
     * @param gamma first shape of the Beta distribution of the dropout probability theta, {@code > 0}
     * @param delta second shape of the Beta distribution of theta, {@code > 0}
     * @return the model
     */
    public static BgBb of(double alpha, double beta, double gamma, double delta) {
        return new BgBb(alpha, beta, gamma, delta, null);
    }

    /**
     * A fitted model; {@code fit} may be {@code null}.
     *
     * @param alpha first shape of the Beta distribution of the transaction probability p, {@code > 0}
     * @param beta second shape of the Beta distribution of p, {@code > 0}
     * @param gamma first shape of the Beta distribution of the dropout probability theta, {@code > 0}
     * @param delta second shape of the Beta distribution of theta, {@code > 0}
     * @param fit how the model was fitted, or {@code null}
     * @return the model
     */
    public static BgBb of(double alpha, double beta, double gamma, double delta, FitSummary fit) {
        return new BgBb(alpha, beta, gamma, delta, fit);
    }

    /**
     * First shape of the Beta distribution of the transaction probability p.
     *
     * @return alpha
     */
    public double alpha() {
        return alpha;
    }

    /**
     * Second shape of the Beta distribution of the transaction probability p.
     *
     * @return beta
     */
    public double beta() {
        return beta;
    }

    /**
     * First shape of the Beta distribution of the dropout probability theta.
     *
     * @return gamma
     */
    public double gamma() {
        return gamma;
    }

    /**
     * Second shape of the Beta distribution of the dropout probability theta.
     *
     * @return delta
     */
    public double delta() {
        return delta;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.BG_BB;
    }

    @Override
    public double[] parameterArray() {
        return new double[] {alpha, beta, gamma, delta};
    }

    @Override
    public Optional<FitSummary> fit() {
        return Optional.ofNullable(fit);
    }

    static void checkHistory(double x, double tx, double n) {
        if (!(x >= 0) || !(n >= 0) || x != Math.rint(x) || tx != Math.rint(tx) || n != Math.rint(n)
                || Double.isInfinite(n) || !(tx >= x) || tx > n || (x == 0 && tx != 0)) {
            throw new ChurnkitException("invalid BG/BB history x=" + x + ", t_x=" + tx + ", n=" + n
                    + ": needs whole numbers with x <= t_x <= n, n >= 0, t_x = 0 when x = 0");
        }
    }

    private static double opportunities(double t) {
        if (!(t >= 0) || t != Math.rint(t) || t > MAX_OPPORTUNITIES) {
            throw new IllegalArgumentException("BG/BB horizons count opportunities: need a whole number in [0, "
                    + (long) MAX_OPPORTUNITIES + "], got " + t);
        }
        return t;
    }

    /** Log of the likelihood's alive term. */
    private double logAliveTerm(double x, double n) {
        return LogBeta.value(alpha + x, beta + n - x) - logBetaAB + LogBeta.value(gamma, delta + n) - logBetaGD;
    }

    @Override
    public double logLikelihood(double x, double tx, double n) {
        checkHistory(x, tx, n);
        return finite(BgBbLikelihood.logLikelihoodRow(alpha, beta, gamma, delta, logBetaAB, logBetaGD, x, tx, n, null),
                "log-likelihood", x, tx, n, 0);
    }

    private double logPAlive(double x, double tx, double n) {
        checkHistory(x, tx, n);
        double ll = BgBbLikelihood.logLikelihoodRow(alpha, beta, gamma, delta, logBetaAB, logBetaGD, x, tx, n, null);
        return Math.min(0.0, logAliveTerm(x, n) - ll);
    }

    @Override
    public double pAlive(double x, double tx, double n) {
        return finite(Math.exp(logPAlive(x, tx, n)), "P(alive)", x, tx, n, 0);
    }

    @Override
    public double pAliveAt(double x, double tx, double n, double m) {
        double mm = opportunities(m);
        double lp = logPAlive(x, tx, n);
        return finite(Math.exp(lp + LogBeta.value(gamma, delta + n + mm) - LogBeta.value(gamma, delta + n)),
                "P(alive at n+m)", x, tx, n, m);
    }

    /** {@code sum_{i=1}^{h} exp(-rate i) (d)_i / (gamma+d)_i}, stopping early once terms stop counting. */
    private double survivalSum(double d, double h, double rate) {
        double c = 1.0;
        double s = 0.0;
        double disc = Math.exp(-rate);
        for (long i = 1; i <= h; i++) {
            c *= (d + i - 1) / (gamma + d + i - 1) * disc;
            s += c;
            if (c <= 1e-17 * s) {
                break;
            }
        }
        return s;
    }

    @Override
    public double expectedTransactions(double x, double tx, double n, double t) {
        double h = opportunities(t);
        double lp = logPAlive(x, tx, n);
        if (h == 0) {
            return 0.0;
        }
        double v = Math.exp(lp) * (alpha + x) / (alpha + beta + n) * survivalSum(delta + n, h, 0.0);
        return finite(v, "expected transactions", x, tx, n, t);
    }

    @Override
    public double expectedTransactions(double t) {
        double h = opportunities(t);
        return finite(alpha / (alpha + beta) * survivalSum(delta, h, 0.0), "E[X(n)]", 0, 0, 0, t);
    }

    @Override
    public double probabilityOfTransactions(int x, double t) {
        double n = opportunities(t);
        if (x < 0) {
            throw new IllegalArgumentException("number of transactions must be >= 0, got " + x);
        }
        if (x > n) {
            return 0.0;
        }
        if (n == 0) {
            return 1.0;
        }
        double[] logs = new double[(int) (n - x) + 1];
        logs[0] = logChoose(n, x) + logAliveTerm(x, n);
        for (int i = x; i < n; i++) {
            logs[i - x + 1] = logChoose(i, x) + LogBeta.value(alpha + x, beta + i - x) - logBetaAB
                    + LogBeta.value(gamma + 1, delta + i) - logBetaGD;
        }
        return finite(Math.min(1.0, Math.exp(logSumExp(logs))), "P(X(n) = " + x + ")", 0, 0, 0, t);
    }

    private static double logChoose(double n, double k) {
        return LogGamma.value(n + 1) - LogGamma.value(k + 1) - LogGamma.value(n - k + 1);
    }

    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            max = Math.max(max, d);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (double d : v) {
            s += Math.exp(d - max);
        }
        return max + Math.log(s);
    }

    /**
     * Discounted expected transactions in the next {@code horizon} opportunities (whole, or
     * infinity for DERT); the transaction at opportunity {@code n+i} is discounted by {@code exp(-rate i)}.
     */
    @Override
    public double discountedExpectedTransactions(double x, double tx, double n, double rate, double horizon) {
        return discounted(x, tx, n, rate, horizon, false);
    }

    /** As {@link #discountedExpectedTransactions} without the P(alive) factor: the expectation given alive. */
    @Override
    public double discountedExpectedTransactionsIfAlive(double x, double tx, double n, double rate, double horizon) {
        return discounted(x, tx, n, rate, horizon, true);
    }

    private double discounted(double x, double tx, double n, double rate, double horizon, boolean ifAlive) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("discount rate must be finite and >= 0, got " + rate);
        }
        double h;
        if (horizon == Double.POSITIVE_INFINITY) {
            if (rate == 0) {
                throw new IllegalArgumentException("an infinite horizon needs a positive discount rate");
            }
            h = Double.POSITIVE_INFINITY;
        } else {
            h = opportunities(horizon);
        }
        double lp;
        if (ifAlive) {
            checkHistory(x, tx, n);
            lp = 0.0;
        } else {
            lp = logPAlive(x, tx, n);
        }
        if (h == 0) {
            return 0.0;
        }
        double v = Math.exp(lp) * (alpha + x) / (alpha + beta + n) * survivalSum(delta + n, h, rate);
        return finite(v, ifAlive ? "discounted expected transactions given alive" : "discounted expected transactions",
                x, tx, n, horizon);
    }

    private double finite(double v, String what, double x, double tx, double n, double t) {
        if (!Double.isFinite(v)) {
            throw new NotComputableException("history (x=" + x + ", t_x=" + tx + ", n=" + n + ")", "cannot compute " + what
                    + " of " + this + " for x=" + x + ", t_x=" + tx + ", n=" + n + ", horizon=" + t + ": the result is " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return "BgBb[alpha=" + alpha + ", beta=" + beta + ", gamma=" + gamma + ", delta=" + delta + "]";
    }

    /**
     * The log-likelihood of this model family, to fit it with {@link ModelFitter}:
     * {@code ModelFitter.of().fitOrThrow(BgBb.likelihood(), histories).model()} is a
     * {@code BgBb}. Stateless and thread-safe (one shared instance).
     *
     * @return the likelihood
     */
    public static LikelihoodFunction<BgBb> likelihood() {
        return BgBbLikelihood.of();
    }
}
