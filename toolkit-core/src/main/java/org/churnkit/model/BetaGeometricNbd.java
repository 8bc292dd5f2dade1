package org.churnkit.model;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;
import org.churnkit.numerics.AdaptiveQuadrature;
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
        if (!(x >= 0) || x != Math.rint(x) || Double.isInfinite(x) || !(T >= 0) || Double.isInfinite(T)
                || !(tx >= 0) || tx > T || (x == 0 && tx != 0) || (T == 0 && x != 0)) {
            throw new ChurnkitException("invalid history x=" + x + ", t_x=" + tx + ", T=" + T
                    + ": needs whole x >= 0, 0 <= t_x <= T, T >= 0 finite, t_x = 0 when x = 0, x = 0 when T = 0");
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
            throw new NotComputableException("history (x=" + x + ", t_x=" + tx + ", T=" + T + ")", "cannot compute " + what
                    + " of " + model + " for x=" + x + ", t_x=" + tx + ", T=" + T + ", t=" + t + ": the result is " + v);
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
        // log1p, not a difference of logs: with alpha of 1e10 (a boundary fit with Poisson
        // purchasing) the difference would keep only 5 digits, and (r+x) multiplies the error.
        double logRatio = tx == T ? 0.0 : Math.log1p((T - tx) / (alpha + tx));
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
        return expectedGivenLogPAlive(logPAlive(x, tx, T), x, T, t);
    }

    /** E[X(T, T+t) | x, t_x, T] from {@code lp = log P(alive)}: scoring computes lp once for both columns. */
    double expectedGivenLogPAlive(double lp, double x, double T, double t) {
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

    /**
     * DERT, the discounted expected residual transactions over an infinite horizon at the
     * continuously compounded rate {@code delta}. Since {@code dE(t)/dt = P(alive) E[lambda
     * exp(-lambda p t)]} over the posterior {@code lambda ~ Gamma(k, c)}, {@code p ~ Beta(a, b')}
     * ({@code k = r + x}, {@code c = alpha + T}, {@code b' = b + x + [modified]}),
     * <pre>
     *   DERT = P(alive) E[lambda / (delta + lambda p)] = P(alive) k/d E_p[ Q(k + 1, d/p) ],  d = delta c,
     * </pre>
     * where {@code Q(m, y) = E[y / (y + G)] = y e^y E_m(y)}, {@code G ~ Gamma(m, 1)}, is the
     * bounded function Pareto/NBD's DERT uses ({@code E[G/(y+G)] = (k/y) Q(k+1, y)} removes the
     * cancellation of {@code (1 - Q(k, y)) / p}). The remaining expectation over p is one smooth
     * integral, taken on the logit scale {@code w = log(p/(1-p))}, where the Beta density
     * {@code p^a (1-p)^b' / B(a, b')} has no end-point singularity; it is split at the peak and at
     * the turn of Q so narrow peaks (heavy buyers, large a and b) cannot slip between nodes. Its
     * cost does not grow with x: a buyer with 100,000 transactions costs the same as one with 1.
     */
    double dert(double x, double tx, double T, double delta, boolean ifAlive) {
        checkHistory(x, tx, T);
        double lp = ifAlive ? 0.0 : logPAlive(x, tx, T);
        double k = r + x;
        double bp = betaAlive(x);
        double logD = Math.log(delta) + Math.log(alpha + T);
        // Integration variable: dl = w - w0, the logit of p from that of the mode p0 = a/(a+b').
        // The Beta density relative to its value at p0 is exp(g(dl)), g(dl) = a dl + (a+b') log((1-p)/(1-p0));
        // near the mode g is evaluated from its second-order remainders, so that the first-order terms
        // a dl - (a+b') p0 dl (each huge for large a and b') cancel exactly rather than in rounding.
        // The normalisation is integrated with the same panels, so B(a, b') is never needed.
        double n = a + bp;
        double p0 = a / n;
        double logP0 = Math.log(a) - Math.log(n);
        double sigma = Math.sqrt(1 / a + 1 / bp);
        double turn = logD - Math.log(k + 1) - (Math.log(a) - Math.log(bp)); // where Q(k+1, d/p) turns from ~1 to ~d/(p(k+1))
        double lo = Math.min(-10 * sigma - 45 / a, turn - 45 / a);
        double hi = 10 * sigma + 45 / bp;
        DoubleUnaryOperator density = dl -> Math.exp(logBetaRatio(a, n, p0, dl));
        DoubleUnaryOperator weighted = dl -> {
            double g = logBetaRatio(a, n, p0, dl);
            double logP = logP0 + dl + logOneMinusPRatio(p0, dl);
            double logY = logD - logP;
            double q = logY > 700 ? 1.0 : ParetoNbdMath.dertIntegral(k + 1, Math.exp(logY));
            return Math.exp(g) * q;
        };
        double[] cuts = turn > lo && turn < hi && Math.abs(turn) > 10 * sigma
                ? new double[] {lo, -10 * sigma, 10 * sigma, hi, turn} : new double[] {lo, -10 * sigma, 10 * sigma, hi};
        java.util.Arrays.sort(cuts);
        double num = panels(weighted, cuts);
        double den = panels(density, cuts);
        return Math.exp(lp + Math.log(k) - logD + Math.log(num) - Math.log(den));
    }

    /** Sum of adaptive integrals over consecutive panels, the absolute tolerance set by the largest one. */
    private static double panels(DoubleUnaryOperator f, double[] cuts) {
        double[] parts = new double[cuts.length - 1];
        // The central panel (around the mode) first: its value sets the absolute tolerance of the tails.
        int centre = 0;
        for (int i = 0; i < parts.length; i++) {
            if (cuts[i] <= 0 && cuts[i + 1] >= 0) {
                centre = i;
            }
        }
        parts[centre] = AdaptiveQuadrature.integrate(f, cuts[centre], cuts[centre + 1], 1e-12, 0.0);
        double total = parts[centre];
        for (int i = 0; i < parts.length; i++) {
            if (i != centre && cuts[i + 1] > cuts[i]) {
                total += AdaptiveQuadrature.integrate(f, cuts[i], cuts[i + 1], 1e-12, 1e-16 * parts[centre]);
            }
        }
        return total;
    }

    /** {@code log((1-p)/(1-p0))} with {@code logit p = logit p0 + dl}: {@code -log1p(p0 expm1(dl))}, overflow-free. */
    static double logOneMinusPRatio(double p0, double dl) {
        if (dl > 30) {
            return -(dl + Math.log(p0) + Math.log1p((1 - p0) * Math.exp(-dl) / p0));
        }
        return -Math.log1p(p0 * Math.expm1(dl));
    }

    /**
     * {@code g(dl) = a dl + n log((1-p)/(1-p0))}, the log of the Beta(a, n-a) density on the logit
     * scale relative to its mode {@code p0 = a/n}. For small {@code |dl|} it is
     * {@code -n ([log1p(y) - y] + p0 [expm1(dl) - dl])}, {@code y = p0 expm1(dl)}, with both
     * remainders summed as series: accurate to rounding even for a and n of 1e12.
     */
    static double logBetaRatio(double a, double n, double p0, double dl) {
        if (Math.abs(dl) < 0.5) {
            double y = p0 * Math.expm1(dl);
            return -n * (log1pMinusX(y) + p0 * expm1MinusX(dl));
        }
        return a * dl + n * logOneMinusPRatio(p0, dl);
    }

    /** {@code log1p(y) - y}, by its series for small |y|. */
    static double log1pMinusX(double y) {
        if (Math.abs(y) >= 0.1) {
            return Math.log1p(y) - y;
        }
        double term = -y;
        double sum = 0;
        for (int j = 2; j < 40; j++) {
            term *= -y;
            double add = term / j;
            sum -= add;
            if (Math.abs(add) < 1e-18 * Math.abs(sum)) {
                break;
            }
        }
        return sum;
    }

    /** {@code expm1(x) - x}, by its series for small |x|. */
    static double expm1MinusX(double x) {
        if (Math.abs(x) >= 0.5) {
            return Math.expm1(x) - x;
        }
        double term = x;
        double sum = 0;
        for (int j = 2; j < 40; j++) {
            term *= x / j;
            sum += term;
            if (Math.abs(term) < 1e-18 * Math.abs(sum)) {
                break;
            }
        }
        return sum;
    }

    double discounted(double x, double tx, double T, double delta, double horizon) {
        return discounted(x, tx, T, delta, horizon, false);
    }

    /** Discounted expectation; {@code ifAlive} drops the P(alive) factor (the expectation given alive at T). */
    double discounted(double x, double tx, double T, double delta, double horizon, boolean ifAlive) {
        if (Double.isInfinite(horizon) && horizon > 0 && delta > 0 && Double.isFinite(delta)) {
            return dert(x, tx, T, delta, ifAlive);
        }
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
