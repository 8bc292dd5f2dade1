package org.churnkit.evaluation;

import org.churnkit.model.Histories;
import org.churnkit.model.ModelKind;
import org.churnkit.model.TransactionModel;

/**
 * Naive baseline "everyone stays": each customer keeps buying at their own calibration rate
 * {@code lambda_i = x_i / T_i} forever and never leaves ({@code P(alive) = 1}). So
 * {@code E[X(T, T+t) | x, t_x, T] = (x / T) t}; a new customer buys at the population rate
 * {@code lambda_bar = (1/N) sum_i x_i / T_i}. A model that cannot beat this rule on the holdout has
 * not earned its place (compare Fader, Hardie and Lee 2005, who show such rules overpredict for the
 * many customers who have silently left).
 *
 * <p>Domain: {@code T >= 0}; a customer acquired at the end of observation ({@code T = 0}) has no
 * rate of their own and buys at the population rate, which is taken over the customers with
 * {@code T > 0}. Every result is finite. Recency is ignored, which is the point of the rule.
 */
public final class EveryoneStays extends PoissonBaseline implements TransactionModel {
    /** Name in comparison tables. */
    public static final String NAME = ModelKind.EVERYONE_STAYS.id();

    private EveryoneStays(double populationRate) {
        super(populationRate);
    }

    /**
     * Builds the rule from calibration histories; the population rate is the weighted mean of
     * {@code x_i / T_i}.
     *
     * @throws IllegalArgumentException if the histories are empty or all weights are 0
     * @param calibration calibration histories
     * @return the baseline
     */
    public static EveryoneStays of(Histories calibration) {
        double sw = 0;
        double s = 0;
        for (int i = 0; i < calibration.size(); i++) {
            if (calibration.age(i) > 0) { // T = 0: no rate to average
                double w = calibration.weight(i);
                sw += w;
                s += w * calibration.frequency(i) / calibration.age(i);
            }
        }
        if (!(sw > 0)) {
            throw new IllegalArgumentException("the everyone-stays baseline needs at least one customer with T > 0");
        }
        return new EveryoneStays(s / sw);
    }

    /**
     * Builds the rule with a given population rate (for hand-written tests and examples).
     *
     * @param populationRate population rate, transactions per time unit
     * @return the baseline
     */
    public static EveryoneStays ofRate(double populationRate) {
        if (!(populationRate >= 0) || Double.isInfinite(populationRate)) {
            throw new IllegalArgumentException("rate must be finite and >= 0, got " + populationRate);
        }
        return new EveryoneStays(populationRate);
    }

    @Override
    public ModelKind kind() {
        return ModelKind.EVERYONE_STAYS;
    }

    /** Nobody leaves: 1. */
    @Override
    public double pAlive(double x, double tx, double T) {
        return 1.0;
    }

    /** Nobody leaves: 1. */
    @Override
    public double pAliveAt(double x, double tx, double T, double t) {
        return 1.0;
    }

    /** The customer's own rate {@code x / T}; the population rate when {@code T = 0}. */
    private double rate(double x, double T) {
        return T > 0 ? x / T : populationRate;
    }

    /** Poisson-process log-likelihood at the customer's own rate: {@code x ln(x/T) - x} (0 when x = 0). */
    @Override
    public double logLikelihood(double x, double tx, double T) {
        return poissonProcessLogLikelihood(x, T, rate(x, T));
    }

    /** {@code (x / T) t}; {@code lambda_bar t} when {@code T = 0}. */
    @Override
    public double expectedTransactions(double x, double tx, double T, double t) {
        checkTime(t);
        return rate(x, T) * t;
    }

    /** {@code (x/T)(1 - exp(-delta h)) / delta}; {@code (x/T) h} when {@code delta = 0}. */
    @Override
    public double discountedExpectedTransactions(double x, double tx, double T, double delta, double horizon) {
        return discounted(rate(x, T), delta, horizon);
    }

    @Override
    public String toString() {
        return "EveryoneStays[population rate " + populationRate + "]";
    }
}
