package org.churnkit.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.numbers.gamma.LogGamma;
import org.churnkit.model.FitSummary;
import org.churnkit.model.ModelKind;
import org.churnkit.model.TransactionPredictor;

/**
 * Shared parts of the naive baselines: a customer buys as a Poisson process at a fixed rate and
 * never leaves. A randomly chosen new customer buys at the population rate {@code lambda_bar}, so
 * {@code E[X(t)] = lambda_bar t} and {@code P(X(t) = n) = exp(-lambda_bar t) (lambda_bar t)^n / n!}.
 */
abstract sealed class PoissonBaseline implements TransactionPredictor permits EveryoneStays, LastPeriodRate {
    /** Population rate per time unit, the mean of the customers' own rates. */
    final double populationRate;

    PoissonBaseline(double populationRate) {
        this.populationRate = populationRate;
    }

    /**
     * The name as used in tables and on the command line: {@link ModelKind#id()} of {@link #kind()}.
     *
     * @return the baseline's id
     */
    public final String name() {
        return kind().id();
    }

    /** One parameter, the population rate {@code lambda_bar} per time unit. */
    @Override
    public double[] parameterArray() {
        return new double[] {populationRate};
    }

    @Override
    public Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rate", populationRate);
        return m;
    }

    /**
     * Population rate per time unit.
     *
     * @return the mean of the customers' own rates, transactions per time unit
     */
    public double populationRate() {
        return populationRate;
    }

    /** Baselines are computed, not fitted: always empty. */
    @Override
    public Optional<FitSummary> fit() {
        return Optional.empty();
    }

    /** {@code lambda_bar t}. */
    @Override
    public double expectedTransactions(double t) {
        checkTime(t);
        return populationRate * t;
    }

    /** Poisson probability {@code exp(-m) m^n / n!} with {@code m = lambda_bar t}, in log space. */
    @Override
    public double probabilityOfTransactions(int n, double t) {
        checkTime(t);
        if (n < 0) {
            throw new IllegalArgumentException("number of transactions must be >= 0, got " + n);
        }
        return poisson(n, populationRate * t);
    }

    static double poisson(int n, double mean) {
        if (mean == 0) {
            return n == 0 ? 1.0 : 0.0;
        }
        return Math.exp(n * Math.log(mean) - mean - LogGamma.value(n + 1.0));
    }

    /**
     * {@code integral_0^h exp(-delta s) rate ds}: {@code rate (1 - exp(-delta h)) / delta}, or
     * {@code rate h} when {@code delta = 0}.
     */
    static double discounted(double rate, double delta, double horizon) {
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("discount rate must be finite and >= 0, got " + delta);
        }
        if (!(horizon > 0)) {
            throw new IllegalArgumentException("horizon must be positive, got " + horizon);
        }
        if (delta == 0) {
            if (Double.isInfinite(horizon)) {
                throw new IllegalArgumentException("an infinite horizon needs a positive discount rate");
            }
            return rate * horizon;
        }
        return Double.isInfinite(horizon) ? rate / delta : rate * (-Math.expm1(-delta * horizon)) / delta;
    }

    static void checkTime(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("time must be finite and >= 0, got " + t);
        }
    }

    /** Log-likelihood of x event times in (0, T] under a Poisson process of rate {@code lambda}: {@code x ln(lambda) - lambda T}. */
    static double poissonProcessLogLikelihood(double x, double T, double lambda) {
        if (x == 0) {
            return -lambda * T;
        }
        if (lambda == 0) {
            throw new IllegalArgumentException("a rate of 0 cannot produce " + x + " transactions");
        }
        return x * Math.log(lambda) - lambda * T;
    }
}
