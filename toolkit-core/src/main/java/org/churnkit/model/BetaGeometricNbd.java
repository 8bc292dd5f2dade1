package org.churnkit.model;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.NegativeBinomialBetaSums;

/**
 * The formulas BG/NBD and MBG/NBD share, for one parameter set: both have transactions at Poisson
 * rate {@code lambda ~ Gamma(r, alpha)} while alive and dropout with probability {@code p ~ Beta(a, b)}
 * right after each repeat transaction (BG/NBD) or after every transaction including the first at time
 * 0 (MBG/NBD, {@code modified = true}). Given {@code (x, t_x, T)} and "alive at T", the posterior is
 * {@code lambda ~ Gamma(r + x, alpha + T)}, {@code p ~ Beta(a, b + x + [modified])}.
 */
final class BetaGeometricNbd {
    final double r;
    final double alpha;
    final double a;
    final double b;
    final boolean modified;
    private final double logBetaAB;
    private final double logGammaR;
    private final double rLogAlpha;

    BetaGeometricNbd(double r, double alpha, double a, double b, boolean modified) {
        this.r = r;
        this.alpha = alpha;
        this.a = a;
        this.b = b;
        this.modified = modified;
        this.logBetaAB = LogBeta.value(a, b);
        this.logGammaR = LogGamma.value(r);
        this.rLogAlpha = r * Math.log(alpha);
    }

    static void checkParameters(String model, double r, double alpha, double a, double b) {
        if (!(r > 0) || !(alpha > 0) || !(a > 0) || !(b > 0) || Double.isInfinite(r) || Double.isInfinite(alpha)
                || Double.isInfinite(a) || Double.isInfinite(b)) {
            throw new IllegalArgumentException(model + " parameters must be positive and finite, got r=" + r
                    + ", alpha=" + alpha + ", a=" + a + ", b=" + b);
        }
    }

    static void checkHistory(double x, double tx, double T) {
        if (!(x >= 0) || x != Math.rint(x) || Double.isInfinite(x) || !(T > 0) || Double.isInfinite(T)
                || !(tx >= 0) || tx > T || (x == 0 && tx != 0)) {
            throw new ChurnkitException("invalid history x=" + x + ", t_x=" + tx + ", T=" + T
                    + ": needs whole x >= 0, 0 <= t_x <= T, T > 0 finite, t_x = 0 when x = 0");
        }
    }

    static void checkHorizon(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("horizon must be finite and >= 0, got " + t);
        }
    }

    /** Returns v if finite, else throws naming the model and inputs. */
    static double finite(double v, String what, Object model, double x, double tx, double T, double t) {
        if (!Double.isFinite(v)) {
            throw new ChurnkitException("cannot compute " + what + " of " + model + " for x=" + x + ", t_x=" + tx
                    + ", T=" + T + ", t=" + t + ": the result is " + v);
        }
        return v;
    }

    /** Second Beta parameter of the posterior of p given alive. */
    double betaAlive(double x) {
        return b + x + (modified ? 1 : 0);
    }

    /**
     * Log of (dead-at-t_x term / alive-at-T term) of the likelihood; {@code -infinity} when there is
     * no dead term (BG/NBD with x = 0).
     */
    double logOddsDead(double x, double tx, double T) {
        if (!modified && x == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double rho = modified ? b + x : b + x - 1;
        double logRatio = tx == T ? 0.0 : Math.log(alpha + T) - Math.log(alpha + tx);
        return Math.log(a) - Math.log(rho) + (r + x) * logRatio;
    }

    static double softplus(double y) {
        return y > 0 ? y + Math.log1p(Math.exp(-y)) : Math.log1p(Math.exp(y));
    }

    double logLikelihood(double x, double tx, double T) {
        checkHistory(x, tx, T);
        return LogGamma.value(r + x) - logGammaR + rLogAlpha + LogBeta.value(a, betaAlive(x)) - logBetaAB
                - (r + x) * Math.log(alpha + T) + softplus(logOddsDead(x, tx, T));
    }

    double logPAlive(double x, double tx, double T) {
        checkHistory(x, tx, T);
        return -softplus(logOddsDead(x, tx, T));
    }

    double pAliveAt(double x, double tx, double T, double t) {
        checkHorizon(t);
        double lp = logPAlive(x, tx, T);
        return Math.exp(lp + NegativeBinomialBetaSums.logSurvival(r + x, a, betaAlive(x), t / (alpha + T)));
    }

    double expectedTransactions(double x, double tx, double T, double t) {
        checkHorizon(t);
        double lp = logPAlive(x, tx, T);
        if (t == 0) {
            return 0.0;
        }
        return Math.exp(lp + NegativeBinomialBetaSums.logCount(r + x, a, betaAlive(x), t / (alpha + T)));
    }

    /** E[X(t)] of a new customer (first purchase at 0). */
    double expectedTransactions(double t) {
        checkHorizon(t);
        if (t == 0) {
            return 0.0;
        }
        if (modified) {
            // E[(1 - p) (1 - exp(-lambda p t)) / p] = b / (a + b) * E_{Beta(a, b + 1)}[...]
            return b / (a + b) * Math.exp(NegativeBinomialBetaSums.logCount(r, a, b + 1, t / alpha));
        }
        return Math.exp(NegativeBinomialBetaSums.logCount(r, a, b, t / alpha));
    }

    /**
     * P(X(t) = n): Fader, Hardie and Lee (2005) eq. (8) for BG/NBD; for MBG/NBD the same derivation
     * with a coin at time 0: {@code B(a, b+n+1)/B(a,b) NB(n) + B(a+1, b+n)/B(a,b) P(NB >= n)}.
     */
    double probabilityOfTransactions(int n, double t) {
        checkHorizon(t);
        if (n < 0) {
            throw new IllegalArgumentException("number of transactions must be >= 0, got " + n);
        }
        if (t == 0) {
            return n == 0 ? 1.0 : 0.0;
        }
        double logZ = Math.log(t) - Math.log(alpha + t);
        double log1mZ = Math.log(alpha) - Math.log(alpha + t);
        double logNb = LogGamma.value(r + n) - logGammaR - LogGamma.value(n + 1.0) + n * logZ + r * log1mZ;
        int shift = modified ? 1 : 0;
        double first = LogBeta.value(a, b + n + shift) - logBetaAB + logNb;
        double second;
        if (n == 0) {
            second = modified ? Math.log(a / (a + b)) : Double.NEGATIVE_INFINITY;
        } else {
            double tail = RegularizedBeta.value(t / (alpha + t), n, r); // P(NB(r, z) >= n)
            second = LogBeta.value(a + 1, b + n - 1 + shift) - logBetaAB + Math.log(tail);
        }
        double hi = Math.max(first, second);
        if (hi == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        return Math.exp(hi + Math.log1p(Math.exp(Math.min(first, second) - hi)));
    }

    double discounted(double x, double tx, double T, double delta, double horizon) {
        return discounted(x, tx, T, delta, horizon, false);
    }

    /** Discounted expectation; {@code ifAlive} drops the P(alive) factor (the expectation given alive at T). */
    double discounted(double x, double tx, double T, double delta, double horizon, boolean ifAlive) {
        checkHistory(x, tx, T);
        double lp = ifAlive ? 0.0 : logPAlive(x, tx, T);
        double k = r + x;
        double beta = betaAlive(x);
        double c = alpha + T;
        DoubleUnaryOperator e = t -> t <= 0 ? 0.0
                : Math.exp(lp + NegativeBinomialBetaSums.logCount(k, a, beta, t / c));
        return DiscountedExpectation.of(e, delta, horizon);
    }
}
