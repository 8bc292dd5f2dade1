package org.churnkit.evaluation;

import java.util.Optional;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.RegularizedGamma;
import org.churnkit.model.FitSummary;
import org.churnkit.model.ModelKind;
import org.churnkit.model.TransactionModel;

/**
 * Test oracle: the homogeneous process the tests simulate (every customer buys as a Poisson
 * process of rate lambda while alive, and dies after an exponential lifetime of rate mu), with
 * closed forms derived in the comments. Pareto/NBD in the limit of no heterogeneity.
 */
class TrueProcess implements TransactionModel {
    final double lambda;
    final double mu;
    private final FitSummary fit;

    TrueProcess(double lambda, double mu, FitSummary fit) {
        this.lambda = lambda;
        this.mu = mu;
        this.fit = fit;
    }

    TrueProcess(double lambda, double mu) {
        this(lambda, mu, null);
    }

    @Override
    public ModelKind kind() {
        return ModelKind.PARETO_NBD;
    }

    /** As Pareto/NBD parameters would be reported: here just (lambda, mu) under the first two names. */
    @Override
    public double[] parameterArray() {
        return new double[] {lambda, mu};
    }

    @Override
    public java.util.Map<String, Double> parameters() {
        var m = new java.util.LinkedHashMap<String, Double>();
        m.put("lambda", lambda);
        m.put("mu", mu);
        return m;
    }

    @Override
    public Optional<FitSummary> fit() {
        return Optional.ofNullable(fit);
    }

    @Override
    public double logLikelihood(double x, double tx, double T) {
        // L = lambda^x [ exp(-(l+m)T) + m/(l+m) (exp(-(l+m)tx) - exp(-(l+m)T)) ]
        double s = lambda + mu;
        return x * Math.log(lambda) + Math.log(Math.exp(-s * T) + mu / s * (Math.exp(-s * tx) - Math.exp(-s * T)));
    }

    /** 1 / (1 + mu/(lambda+mu) (exp((lambda+mu)(T - tx)) - 1)). */
    @Override
    public double pAlive(double x, double tx, double T) {
        double s = lambda + mu;
        return 1.0 / (1.0 + mu / s * Math.expm1(s * (T - tx)));
    }

    @Override
    public double pAliveAt(double x, double tx, double T, double t) {
        return pAlive(x, tx, T) * Math.exp(-mu * t);
    }

    /** P(alive) (lambda/mu)(1 - exp(-mu t)). */
    @Override
    public double expectedTransactions(double x, double tx, double T, double t) {
        return pAlive(x, tx, T) * lambda / mu * -Math.expm1(-mu * t);
    }

    @Override
    public double expectedTransactions(double t) {
        return lambda / mu * -Math.expm1(-mu * t);
    }

    /**
     * Alive through t with n events, plus death at tau < t after n events:
     * exp(-(l+m)t)(l t)^n/n! + m l^n/(l+m)^(n+1) P(Gamma(n+1, l+m) <= t).
     */
    @Override
    public double probabilityOfTransactions(int n, double t) {
        double s = lambda + mu;
        double alive = Math.exp(-s * t + n * Math.log(lambda * t) - LogGamma.value(n + 1.0));
        double dead = mu / s * Math.pow(lambda / s, n) * RegularizedGamma.P.value(n + 1.0, s * t);
        return alive + dead;
    }

    @Override
    public double discountedExpectedTransactions(double x, double tx, double T, double delta, double horizon) {
        // P(alive) lambda integral_0^h exp(-(delta+mu) s) ds
        double k = delta + mu;
        double integral = Double.isInfinite(horizon) ? 1 / k : -Math.expm1(-k * horizon) / k;
        return pAlive(x, tx, T) * lambda * integral;
    }
}
