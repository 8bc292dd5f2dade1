package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An accepted boundary fit scores as its limiting model: at huge parameters the formulas are
 * evaluated without overflow and agree with the analytic limits, derived here from the model
 * definitions (not from the library's formulas) and integrated by composite Simpson.
 *
 * <p>Pareto/NBD with {@code s, beta -> infinity} at fixed {@code mu = s/beta} (a common dropout
 * rate; lambda ~ Gamma(r, alpha)). Given lambda, the alive term of the likelihood is
 * {@code lambda^x e^-(lambda+mu)T} and the dead term {@code lambda^x mu int_tx^T e^-(lambda+mu)tau dtau};
 * mixing over lambda gives
 * <pre>
 *   R        = mu int_tx^T e^(mu (T - tau)) ((alpha+T)/(alpha+tau))^(r+x) dtau,  P(alive) = 1/(1+R)
 *   E[X(t)]  = P(alive) (r+x)/(alpha+T) (1 - e^(-mu t))/mu
 *   DERT     = P(alive) (r+x)/(alpha+T) / (delta + mu)
 * </pre>
 * With {@code r, alpha -> infinity} at fixed {@code lambda = r/alpha} (Poisson purchasing):
 * {@code ((alpha+T)/(alpha+tau))^(r+x) -> e^(lambda (T - tau))}, so
 * {@code R = s (beta+T)^s int_tx^T e^(lambda (T-tau)) (beta+tau)^-(s+1) dtau} and
 * {@code E[X(t)] = P(alive) lambda (beta+T)/(s-1) (1 - ((beta+T)/(beta+T+t))^(s-1))}.
 *
 * <p>BG/NBD and MBG/NBD with {@code a, b -> infinity} at fixed {@code p = a/(a+b)} (a common
 * dropout probability): {@code P(alive) = 1/(1 + [x>0 or MBG] p/(1-p) ((alpha+T)/(alpha+t_x))^(r+x))},
 * {@code E[X(t)] = P(alive) E[(1 - e^(-lambda p t))/p] = P(alive) (1 - (1 + p t/(alpha+T))^-(r+x))/p}
 * and {@code DERT = P(alive) E[lambda/(delta + lambda p)]} over {@code lambda ~ Gamma(r+x, alpha+T)}.
 */
class LimitingModelsTest {
    private static final double DELTA = Math.log(1.15) / 52;

    /** Composite Simpson on [a, b] with n (even) panels. */
    static double simpson(DoubleUnaryOperator f, double a, double b, int n) {
        double h = (b - a) / n;
        double s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return s * h / 3;
    }

    @ParameterizedTest(name = "s = {0}, x = {2}, t_x = {3}")
    @CsvSource({
        "3.4e8, 0.0083, 2, 30, 40", "3.4e8, 0.0083, 0, 0, 40", "3.4e8, 0.0083, 10, 39, 40", "3.4e8, 0.0083, 1, 5, 40",
        "1e13, 0.012, 4, 20, 52", "1e13, 0.012, 10000, 51, 52", "1e300, 0.012, 3, 10, 52"})
    void paretoNbdWithACommonDropoutRate(double s, double mu, double x, double tx, double T) {
        double r = 1.3;
        double alpha = 47.2;
        ParetoNbd m = ParetoNbd.of(r, alpha, s, s / mu);
        double k = r + x;
        double lr = Math.log(mu) + Math.log(simpson(tau -> Math.exp(mu * (T - tau) + k * (Math.log(alpha + T)
                - Math.log(alpha + tau))), tx, T, 20_000));
        double logPa = tx == T ? 0 : -softplus(lr);
        double pa = Math.exp(logPa);
        double lead = Math.exp(logPa) * k / (alpha + T);
        double tol = s < 1e10 ? 1e-6 : 1e-9;
        assertRel(pa, m.pAlive(x, tx, T), tol, "P(alive)");
        assertRel(lead * -Math.expm1(-mu * 39) / mu, m.expectedTransactions(x, tx, T, 39), tol, "E[X(39)]");
        assertRel(lead / (DELTA + mu), m.dert(x, tx, T, DELTA), tol, "DERT");
        Scores sc = Scoring.of(m, ScoringSettings.of(39).withDiscountRate(DELTA))
                .score(Histories.of(new double[] {x}, new double[] {tx}, new double[] {T}));
        assertRel(lead / (DELTA + mu), sc.dert()[0], tol, "batch DERT");
    }

    @ParameterizedTest(name = "r = {0}, x = {2}, t_x = {3}")
    @CsvSource({"4.3e10, 0.125, 2, 30, 40", "4.3e10, 0.125, 0, 0, 40", "1e14, 0.3, 12, 35, 52", "1e14, 0.3, 10000, 51, 52"})
    void paretoNbdWithPoissonPurchasing(double r, double lambda, double x, double tx, double T) {
        double s = 0.61;
        double beta = 11.7;
        ParetoNbd m = ParetoNbd.of(r, r / lambda, s, beta);
        double logInt = Math.log(simpson(tau -> Math.exp(lambda * (T - tau) - (s + 1) * Math.log((beta + tau) / (beta + T))),
                tx, T, 20_000));
        double lr = Math.log(s) - Math.log(beta + T) + logInt;
        double pa = tx == T ? 1 : 1 / (1 + Math.exp(lr));
        double tol = r < 1e12 ? 1e-6 : 1e-9;
        assertRel(pa, m.pAlive(x, tx, T), tol, "P(alive)");
        double et = pa * lambda * (beta + T) / (s - 1) * (1 - Math.pow((beta + T) / (beta + T + 39), s - 1));
        assertRel(et, m.expectedTransactions(x, tx, T, 39), tol, "E[X(39)]");
        // DERT = P(alive) lambda int_0^inf e^-(delta t) ((beta+T)/(beta+T+t))^s dt
        double z = DELTA * (beta + T);
        double q = simpson(u -> Math.exp(-u - s * Math.log1p(u / z)), 0, 60, 200_000);
        assertRel(pa * lambda / DELTA * q, m.dert(x, tx, T, DELTA), Math.max(tol, 1e-8), "DERT");
    }

    @ParameterizedTest(name = "{0}: A = {1}, x = {3}, t_x = {4}")
    @CsvSource({
        "bg-nbd, 1e12, 0.139, 2, 30, 40", "bg-nbd, 1e12, 0.139, 0, 0, 40", "bg-nbd, 1.7e9, 0.139, 5, 39, 40",
        "bg-nbd, 1e12, 0.05, 10000, 51, 52", "mbg-nbd, 1e12, 0.139, 0, 0, 40", "mbg-nbd, 1e12, 0.2, 3, 12, 40",
        "mbg-nbd, 1e12, 0.05, 10000, 52, 52"})
    void betaGeometricWithACommonDropoutProbability(String kind, double total, double p, double x, double tx, double T) {
        double r = 0.73;
        double alpha = 26.3;
        boolean modified = kind.equals("mbg-nbd");
        TransactionModel m = modified ? MbgNbd.of(r, alpha, p * total, (1 - p) * total)
                : BgNbd.of(r, alpha, p * total, (1 - p) * total);
        double k = r + x;
        double c = alpha + T;
        boolean canDrop = modified || x > 0;
        double pa = canDrop ? 1 / (1 + p / (1 - p) * Math.exp(k * (Math.log(c) - Math.log(alpha + tx)))) : 1;
        // The limit drops terms of relative size (x + 1)/(a + b): keep the tolerance above them.
        double tol = Math.max(total < 1e10 ? 1e-6 : 1e-8, 10 * (x + 1) / total);
        assertRel(pa, m.pAlive(x, tx, T), tol, "P(alive)");
        double et = pa * -Math.expm1(-k * Math.log1p(p * 39 / c)) / p;
        assertRel(et, m.expectedTransactions(x, tx, T, 39), tol, "E[X(39)]");
        // E[lambda / (delta + lambda p)], lambda ~ Gamma(k, c), on v = log(lambda c): density e^(k v - e^v) / Gamma(k).
        double lg = org.apache.commons.numbers.gamma.LogGamma.value(k);
        double centre = Math.log(Math.max(k, 1e-3));
        double lo = centre - 40 / Math.sqrt(Math.max(k, 0.05)) - 60 / k;
        double hi = centre + 40 / Math.sqrt(Math.max(k, 1)) + 4;
        double e = simpson(v -> {
            double lam = Math.exp(v) / c;
            return Math.exp(k * v - Math.exp(v) - lg) * lam / (DELTA + lam * p);
        }, lo, hi, 400_000);
        assertRel(pa * e, m.discountedExpectedTransactions(x, tx, T, DELTA, Double.POSITIVE_INFINITY),
                Math.max(tol, 1e-7), "DERT");
    }

    /**
     * BG/NBD and MBG/NBD with {@code r, alpha -> infinity} at fixed {@code lambda = r/alpha}
     * (Poisson purchasing): {@code P(alive) = 1/(1 + [x>0 or MBG] a/(b+x-1+[MBG]) e^(lambda (T - t_x)))}
     * and {@code E[X(t)] = P(alive) E[(1 - e^(-lambda p t))/p]} over {@code p ~ Beta(a, b+x+[MBG])},
     * integrated here on the logit scale of p.
     */
    @ParameterizedTest(name = "{0}: r = {1}, lambda = {2}, x = {3}")
    @CsvSource({"bg-nbd, 6e10, 2.0, 5, 30, 40", "bg-nbd, 1.8e7, 0.125, 5, 30, 40", "mbg-nbd, 3e10, 2.0, 0, 0, 40",
        "mbg-nbd, 3e10, 1.5, 60, 39, 40"})
    void betaGeometricWithPoissonPurchasing(String kind, double r, double lambda, double x, double tx, double T) {
        double a = 0.79;
        double b = 2.43;
        boolean modified = kind.equals("mbg-nbd");
        TransactionModel m = modified ? MbgNbd.of(r, r / lambda, a, b) : BgNbd.of(r, r / lambda, a, b);
        double bp = b + x + (modified ? 1 : 0);
        boolean canDrop = modified || x > 0;
        double pa = canDrop ? 1 / (1 + a / (bp - 1) * Math.exp(lambda * (T - tx))) : 1;
        // The limit drops relative terms of order lambda T^2 / alpha and x / r.
        double tol = Math.max(1e-9, 10 * (lambda * T * T * lambda / r + (x + 1) / r));
        assertRel(pa, m.pAlive(x, tx, T), tol, "P(alive)");
        double lb = org.apache.commons.numbers.gamma.LogBeta.value(a, bp);
        double e = simpson(w -> {
            double logP = -softplus(-w);
            double p = Math.exp(logP);
            return Math.exp(a * logP - bp * softplus(w) - lb) * -Math.expm1(-lambda * p * 39) / p;
        }, -80, 30, 400_000);
        assertRel(pa * e, m.expectedTransactions(x, tx, T, 39), Math.max(tol, 1e-9), "E[X(39)]");
    }

    static double softplus(double y) {
        return y > 0 ? y + Math.log1p(Math.exp(-y)) : Math.log1p(Math.exp(y));
    }

    static void assertRel(double expected, double actual, double tol, String what) {
        assertTrue(Double.isFinite(actual), what + " is " + actual);
        assertEquals(expected, actual, tol * Math.abs(expected), what + ": expected " + expected + ", got " + actual);
    }
}
