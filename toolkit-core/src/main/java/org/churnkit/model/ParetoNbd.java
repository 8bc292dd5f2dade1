package org.churnkit.model;

import java.util.Objects;
import java.util.Optional;
import org.apache.commons.numbers.gamma.LogGamma;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;
import org.churnkit.numerics.AdaptiveQuadrature;

/**
 * The Pareto/NBD model of Schmittlein, Morrison and Colombo (1987) with known parameters: while
 * alive a customer buys at Poisson rate {@code lambda ~ Gamma(r, alpha)} and dies after an
 * exponential lifetime of rate {@code mu ~ Gamma(s, beta)} (rates; shape and rate parametrisation).
 * Immutable.
 *
 * <p>Formulas (Fader and Hardie 2005 note; Fader, Hardie and Lee 2005 "RFM and CLV"):
 * <pre>
 *   P(alive)         = 1 / (1 + R)                                  (R: see ParetoNbdMath)
 *   P(alive at T+t)  = P(alive) ((beta+T)/(beta+T+t))^s
 *   E[X(T,T+t)|hist] = P(alive) (r+x)/(alpha+T) (beta+T)/(s-1) [1 - ((beta+T)/(beta+T+t))^(s-1)]
 *   E[X(t)]          = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)]
 *   DERT(delta)      = P(alive) (r+x)/(alpha+T) / delta * z^s U(s, s, z),  z = delta (beta+T)
 * </pre>
 * The expectations are evaluated as {@code (beta+T) L h((s-1) L)} with
 * {@code L = log1p(t/(beta+T))} and {@code h(y) = -expm1(-y)/y}, which is smooth through the
 * removable singularity at {@code s = 1}. {@code z^s U(s,s,z) = z e^z E_s(z)} is computed with
 * the pole of {@code Gamma(1-s)} at integer s cancelled analytically.
 *
 * <p>Domain: all parameters positive and finite; histories with whole {@code x >= 0},
 * {@code 0 <= t_x <= T}, {@code T >= 0} (T = 0: a customer acquired at the end of observation,
 * x = 0, scored by the same formulas). Invalid input throws; no method returns NaN or infinity.
 */
public final class ParetoNbd implements TransactionModel {
    private final double r;
    private final double alpha;
    private final double s;
    private final double beta;
    private final FitSummary fit;

    private ParetoNbd(double r, double alpha, double s, double beta, FitSummary fit) {
        this.r = check("r", r);
        this.alpha = check("alpha", alpha);
        this.s = check("s", s);
        this.beta = check("beta", beta);
        this.fit = fit;
    }

    private static double check(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Pareto/NBD parameter " + name + " must be positive and finite, got " + v);
        }
        return v;
    }

    /**
     * A model with hand-written parameters (no fit summary).
     *
     * @param r shape of the Gamma distribution of the transaction rate lambda, {@code > 0}
     * @param alpha rate of the Gamma distribution of lambda, per time unit, {@code > 0}
     * @param s shape of the Gamma distribution of the death rate mu, {@code > 0}
     * @param beta rate of the Gamma distribution of mu, per time unit, {@code > 0}
     * @return the model
     */
    public static ParetoNbd of(double r, double alpha, double s, double beta) {
        return new ParetoNbd(r, alpha, s, beta, null);
    }

    /**
     * A model from parameters in {@code (r, alpha, s, beta)} order and an optional fit summary.
     *
     * @param params {@code r, alpha, s, beta}, all positive and finite
     * @param fit how the model was fitted, or {@code null} for hand-written parameters
     * @return the model
     * @throws IllegalArgumentException when there are not 4 parameters
     */
    public static ParetoNbd of(double[] params, FitSummary fit) {
        Objects.requireNonNull(params, "params");
        if (params.length != 4) {
            throw new IllegalArgumentException("Pareto/NBD needs 4 parameters (r, alpha, s, beta), got " + params.length);
        }
        return new ParetoNbd(params[0], params[1], params[2], params[3], fit);
    }

    /**
     * Shape of the Gamma distribution of the transaction rate lambda.
     *
     * @return r
     */
    public double r() {
        return r;
    }

    /**
     * Rate of the Gamma distribution of the transaction rate lambda, per time unit.
     *
     * @return alpha
     */
    public double alpha() {
        return alpha;
    }

    /**
     * Shape of the Gamma distribution of the death rate mu.
     *
     * @return s
     */
    public double s() {
        return s;
    }

    /**
     * Rate of the Gamma distribution of the death rate mu, per time unit.
     *
     * @return beta
     */
    public double beta() {
        return beta;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.PARETO_NBD;
    }

    @Override
    public double[] parameterArray() {
        return new double[] {r, alpha, s, beta};
    }

    @Override
    public Optional<FitSummary> fit() {
        return Optional.ofNullable(fit);
    }

    private static void checkHistory(double x, double tx, double T) {
        if (!(x >= 0) || x != Math.rint(x) || Double.isInfinite(x) || !(T >= 0) || Double.isInfinite(T)
                || !(tx >= 0) || tx > T || (T == 0 && x != 0)) {
            throw new ChurnkitException("invalid history (x=" + x + ", t_x=" + tx + ", T=" + T
                    + "): need whole x >= 0, 0 <= t_x <= T, finite T >= 0, x = 0 when T = 0");
        }
    }

    private static NotComputableException failure(String what, double x, double tx, double T, RuntimeException e) {
        String history = "history (x=" + x + ", t_x=" + tx + ", T=" + T + ")";
        return new NotComputableException(history, "cannot compute " + what + " for " + history + ": " + e.getMessage(), e);
    }

    private double logR(double x, double tx, double T) {
        return ParetoNbdMath.logR(r, alpha, s, beta, x, tx, T, null);
    }

    /** {@code log(1 + e^y)} without overflow. */
    static double softplus(double y) {
        return y > 0 ? y + Math.log1p(Math.exp(-y)) : Math.log1p(Math.exp(y));
    }

    @Override
    public double logLikelihood(double x, double tx, double T) {
        checkHistory(x, tx, T);
        double lr = logR(x, tx, T);
        // r log alpha - (r+x) log(alpha+T) = -r log1p(T/alpha) - x log(alpha+T): no cancellation
        // between large logs when T << alpha.
        double v = (x == 0 ? 0.0 : LogGamma.value(r + x) - LogGamma.value(r)) - r * Math.log1p(T / alpha)
                - (x == 0 ? 0.0 : x * Math.log(alpha + T)) - s * Math.log1p(T / beta) + softplus(lr);
        return finite(v, "log-likelihood", x, tx, T);
    }

    /**
     * {@code log P(alive)}: useful where P(alive) itself underflows.
     *
     * @param x number of repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T}
     * @param T age: time from the first transaction to the end of observation, {@code > 0}
     * @return the natural log of P(alive), {@code <= 0}
     */
    public double logPAlive(double x, double tx, double T) {
        checkHistory(x, tx, T);
        return -softplus(logR(x, tx, T));
    }

    @Override
    public double pAlive(double x, double tx, double T) {
        return Math.exp(logPAlive(x, tx, T));
    }

    @Override
    public double pAliveAt(double x, double tx, double T, double t) {
        checkHorizon(t);
        return Math.exp(logPAlive(x, tx, T) - s * Math.log1p(t / (beta + T)));
    }

    private static void checkHorizon(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("horizon must be finite and >= 0, got " + t);
        }
    }

    /** {@code h(y) = (1 - e^-y) / y}, 1 at 0. */
    private static double h(double y) {
        return y == 0 ? 1.0 : -Math.expm1(-y) / y;
    }

    @Override
    public double expectedTransactions(double x, double tx, double T, double t) {
        checkHorizon(t);
        double logPa = logPAlive(x, tx, T);
        return expectedGivenLogPAlive(logPa, x, T, t);
    }

    private double expectedGivenLogPAlive(double logPa, double x, double T, double t) {
        if (t == 0) {
            return 0;
        }
        double l = Math.log1p(t / (beta + T));
        double v = Math.exp(logPa + Math.log(r + x) - Math.log(alpha + T) + Math.log(beta + T) + Math.log(l))
                * h((s - 1) * l);
        return finite(v, "expected transactions", x, Double.NaN, T);
    }

    @Override
    public double expectedTransactions(double t) {
        checkHorizon(t);
        double l = Math.log1p(t / beta);
        return r / alpha * beta * l * h((s - 1) * l);
    }

    /**
     * {@code P(X(t) = n)} for a new customer. With the death time mixed over its Gamma-exponential
     * distribution (Fader and Hardie 2006, "Deriving an expression for P(X(t) = x) under the
     * Pareto/NBD model"):
     * <pre>
     *   P(X(t) = n) = NB(n; r, alpha/(alpha+t)) (beta/(beta+t))^s
     *               + integral_0^t NB(n; r, alpha/(alpha+tau)) s beta^s (beta+tau)^-(s+1) dtau
     *   NB(n; r, q) = Gamma(r+n) / (Gamma(r) n!) q^r (1-q)^n
     * </pre>
     * (equal to the note's closed form, but with a positive integrand: no cancellation). Sums to 1
     * over n because the negative binomial does for every tau.
     */
    @Override
    public double probabilityOfTransactions(int n, double t) {
        if (n < 0) {
            throw new IllegalArgumentException("number of transactions must be >= 0, got " + n);
        }
        checkHorizon(t);
        if (t == 0) {
            return n == 0 ? 1.0 : 0.0;
        }
        double lc = LogGamma.value(r + n) - LogGamma.value(r) - LogGamma.value(n + 1.0);
        double alive = logNb(lc, n, t) - s * Math.log1p(t / beta);
        // In v = log1p(tau / c), c = min(alpha, beta), both factors are smooth: the negative
        // binomial varies on the scale of alpha and the death density (beta+tau)^-(s+1) on that
        // of beta, and both become gentle slopes in log(c + tau). Panels of width ~2/(r+s+n+1)
        // keep narrow peaks (large r, s or n) from slipping between nodes.
        double c = Math.min(alpha, beta);
        double bigV = Math.log1p(t / c);
        int panels = (int) Math.min(4000, Math.max(1, Math.ceil(bigV * (r + s + n + 1) / 2)));
        double scale = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= 4 * panels; i++) {
            scale = Math.max(scale, logDeathIntegrandV(lc, n, c, bigV * i / (4.0 * panels)));
        }
        final double sc = scale;
        double integral = 0;
        for (int i = 0; i < panels; i++) {
            integral += AdaptiveQuadrature.integrate(v -> Math.exp(logDeathIntegrandV(lc, n, c, v) - sc),
                    bigV * i / panels, bigV * (i + 1) / panels, 1e-13, 1e-18 * bigV / panels);
        }
        double v = Math.exp(alive) + (integral > 0 ? Math.exp(sc + Math.log(integral)) : 0.0);
        return finite(Math.min(1.0, v), "P(X(t) = " + n + ")", n, Double.NaN, t);
    }

    /**
     * log of the death-time integrand after {@code tau = c expm1(v)}:
     * {@code NB(n; tau) s beta^s (beta+tau)^-(s+1) (c+tau)}.
     */
    private double logDeathIntegrandV(double logCoef, int n, double c, double v) {
        double tau = c * Math.expm1(v);
        if (tau == 0 && n > 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return logNb(logCoef, n, tau) + Math.log(s) - s * Math.log1p(tau / beta) - Math.log(beta + tau)
                + Math.log(c + tau);
    }

    private double logNb(double logCoef, int n, double tau) {
        double lp = logCoef - r * Math.log1p(tau / alpha);
        return n == 0 ? lp : lp + n * Math.log(tau / (alpha + tau));
    }


    /**
     * DERT, {@code horizon = infinity}, in closed form; a finite horizon by
     * {@link DiscountedExpectation}.
     */
    @Override
    public double discountedExpectedTransactions(double x, double tx, double T, double delta, double horizon) {
        if (Double.isInfinite(horizon) && horizon > 0) {
            return dert(x, tx, T, delta);
        }
        checkHistory(x, tx, T);
        double logPa = logPAlive(x, tx, T);
        try {
            return finite(DiscountedExpectation.of(t -> expectedGivenLogPAlive(logPa, x, T, t), delta, horizon),
                    "discounted expected transactions", x, tx, T);
        } catch (ChurnkitException e) {
            throw failure("discounted expected transactions", x, tx, T, e);
        }
    }

    /**
     * Discounted expected residual transactions (Fader, Hardie and Lee 2005, "RFM and CLV", eq. 2),
     * with {@code delta > 0} the continuously compounded discount rate per time unit.
     *
     * @param x number of repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T}
     * @param T age: time from the first transaction to the end of observation, {@code > 0}
     * @param delta continuously compounded discount rate per time unit, finite and {@code > 0}
     * @return DERT, in discounted transactions
     * @throws IllegalArgumentException when {@code delta} is not positive and finite
     */
    public double dert(double x, double tx, double T, double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("DERT needs a positive finite discount rate, got " + delta);
        }
        return dertGivenLogPAlive(logPAlive(x, tx, T), x, T, delta);
    }

    private double dertGivenLogPAlive(double logPa, double x, double T, double delta) {
        return finite(Math.exp(logPa + logDertIfAlive(x, T, delta)), "DERT", x, Double.NaN, T);
    }

    /** {@code log(DERT | alive) = log((r+x)/(alpha+T) / delta * z^s U(s, s, z))}, z = delta (beta+T). */
    private double logDertIfAlive(double x, double T, double delta) {
        double q = ParetoNbdMath.dertIntegral(s, delta * (beta + T));
        return Math.log(r + x) - Math.log(alpha + T) - Math.log(delta) + Math.log(q);
    }

    /**
     * DERT of a customer known to be alive, {@code (r+x)/(alpha+T) / delta * z^s U(s, s, z)}: the
     * closed form of {@link #dert} without its P(alive) factor; any horizon other than infinity by
     * {@link DiscountedExpectation} over the expectation given alive.
     */
    @Override
    public double discountedExpectedTransactionsIfAlive(double x, double tx, double T, double delta, double horizon) {
        checkHistory(x, tx, T);
        if (Double.isInfinite(horizon) && horizon > 0) {
            if (!(delta > 0) || Double.isInfinite(delta)) {
                throw new IllegalArgumentException("DERT needs a positive finite discount rate, got " + delta);
            }
            return finite(Math.exp(logDertIfAlive(x, T, delta)), "DERT given alive", x, tx, T);
        }
        try {
            return finite(DiscountedExpectation.of(t -> expectedGivenLogPAlive(0.0, x, T, t), delta, horizon),
                    "discounted expected transactions given alive", x, tx, T);
        } catch (ChurnkitException e) {
            throw failure("discounted expected transactions given alive", x, tx, T, e);
        }
    }

    private static double finite(double v, String what, double x, double tx, double T) {
        if (!Double.isFinite(v)) {
            String history = "history (x=" + x + (Double.isNaN(tx) ? "" : ", t_x=" + tx) + ", T=" + T + ")";
            throw new NotComputableException(history, "cannot compute " + what + " for " + history + ": the result is " + v);
        }
        return v;
    }

    /**
     * One customer's P(alive), expected transactions over {@code horizon} and, when
     * {@code delta > 0}, DERT given alive and DERT, with R computed once: the kernel of
     * {@link Scoring}. Each value is the one of the scalar method (same operations, same order).
     *
     * @param horizon length of the prediction window, {@code > 0} (checked by the settings)
     * @param delta continuously compounded discount rate per time unit; {@code <= 0} skips DERT
     * @param out receives the values at the {@link CustomerScore} indices
     */
    void scoreInto(double x, double tx, double T, double horizon, double delta, double[] out) {
        checkHistory(x, tx, T);
        double lpa = -softplus(logR(x, tx, T));
        out[CustomerScore.P_ALIVE] = Math.exp(lpa);
        out[CustomerScore.EXPECTED] = expectedGivenLogPAlive(lpa, x, T, horizon);
        if (delta > 0) {
            double ld = logDertIfAlive(x, T, delta);
            out[CustomerScore.DERT_IF_ALIVE] = finite(Math.exp(ld), "DERT given alive", x, Double.NaN, T);
            out[CustomerScore.DERT] = finite(Math.exp(lpa + ld), "DERT", x, Double.NaN, T);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParetoNbd m && m.r == r && m.alpha == alpha && m.s == s && m.beta == beta
                && Objects.equals(m.fit, fit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(r, alpha, s, beta);
    }

    @Override
    public String toString() {
        return "ParetoNbd[r=" + r + ", alpha=" + alpha + ", s=" + s + ", beta=" + beta + "]";
    }

    /**
     * The log-likelihood of this model family, to fit it with {@link ModelFitter}:
     * {@code ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), histories).model()} is a
     * {@code ParetoNbd}. Stateless and thread-safe (one shared instance).
     *
     * @return the likelihood
     */
    public static LikelihoodFunction<ParetoNbd> likelihood() {
        return ParetoNbdLikelihood.of();
    }
}
