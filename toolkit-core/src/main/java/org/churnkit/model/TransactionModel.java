package org.churnkit.model;

/**
 * A fitted model of repeat transactions (Pareto/NBD, BG/NBD, MBG/NBD, BG/BB): a
 * {@link TransactionPredictor} whose predictions depend on each customer's {@code (x, t_x, T)}
 * alone, so it also answers for a single history. All times are in the model's own unit (the one it
 * was fitted in); for BG/BB they count opportunities.
 *
 * <p>Scalar methods take one history {@code (x, t_x, T)}; batch methods take {@link Histories} and
 * return one value per row. Every result is finite; a value that cannot be computed throws
 * {@link org.churnkit.ChurnkitException} naming the customer (batch) or the inputs (scalar), never
 * NaN or infinity.
 */
public interface TransactionModel extends TransactionPredictor {

    /**
     * Log-likelihood of one customer's history.
     *
     * @param x number of repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T} (0 when {@code x = 0})
     * @param T age: time from the first transaction to the end of observation, {@code > 0}
     * @return the natural log of the history's likelihood, finite
     */
    double logLikelihood(double x, double tx, double T);

    /**
     * Probability that the customer is still alive at the end of observation.
     *
     * @param x number of repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T} (0 when {@code x = 0})
     * @param T age: time from the first transaction to the end of observation, {@code > 0}
     * @return P(alive at T | history), in [0, 1]
     */
    double pAlive(double x, double tx, double T);

    /**
     * Probability that the customer is alive at {@code T + t}, given the history (no transaction is
     * assumed to be observed in between): {@code pAlive * P(no death in (T, T+t] | alive at T)}.
     *
     * @param x number of repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T} (0 when {@code x = 0})
     * @param T age: time from the first transaction to the end of observation, {@code > 0}
     * @param t time after the end of observation, {@code >= 0}
     * @return P(alive at T + t | history), in [0, 1]
     */
    double pAliveAt(double x, double tx, double T, double t);

    /**
     * Expected transactions in {@code (T, T + t]} given the history (conditional expectation).
     *
     * @param x number of repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T} (0 when {@code x = 0})
     * @param T age: time from the first transaction to the end of observation, {@code > 0}
     * @param t length of the prediction window, {@code >= 0}
     * @return {@code E[X(T, T + t) | history]}, {@code >= 0}
     */
    double expectedTransactions(double x, double tx, double T, double t);

    /**
     * Discounted expected residual transactions: {@code E[ sum over transactions in (T, T+h] of
     * exp(-delta * (time - T)) | history]}, with {@code delta} the continuously compounded rate per
     * time unit. {@code horizon = Double.POSITIVE_INFINITY} gives DERT (closed form for
     * Pareto/NBD).
     *
     * @param x number of repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T} (0 when {@code x = 0})
     * @param T age: time from the first transaction to the end of observation, {@code > 0}
     * @param delta continuously compounded discount rate per time unit, {@code >= 0}
     *     ({@code > 0} for an infinite horizon)
     * @param horizon {@code h > 0}, or {@link Double#POSITIVE_INFINITY}
     * @return the discounted expected residual transactions, {@code >= 0}
     */
    double discountedExpectedTransactions(double x, double tx, double T, double delta, double horizon);

    /**
     * Discounted expected residual transactions of a customer known to be alive at the end of
     * observation: {@code DERT | alive}. A dead customer never buys again, so every model here
     * factorises
     * <pre>
     *   discountedExpectedTransactions = P(alive) x discountedExpectedTransactionsIfAlive
     * </pre>
     * (Pareto/NBD, BG/NBD, MBG/NBD, BG/BB: the conditional expectation is P(alive) times the
     * expectation over the posterior of the rates given alive). This gives the
     * {@linkplain CustomerValue#aliveValue alive value} of a customer without dividing by a P(alive)
     * that may be tiny or zero. The default divides and throws when P(alive) is 0; the models of
     * this package override it with the direct formula.
     *
     * @param x number of repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T} (0 when {@code x = 0})
     * @param T age: time from the first transaction to the end of observation, {@code > 0}
     * @param delta continuously compounded discount rate per time unit, {@code >= 0}
     *     ({@code > 0} for an infinite horizon)
     * @param horizon {@code h > 0}, or {@link Double#POSITIVE_INFINITY}
     * @return the discounted expected residual transactions given alive, {@code >= 0}
     * @throws org.churnkit.ChurnkitException when P(alive) is 0 in the default implementation
     */
    default double discountedExpectedTransactionsIfAlive(double x, double tx, double T, double delta, double horizon) {
        double p = pAlive(x, tx, T);
        if (!(p > 0)) {
            throw new org.churnkit.ChurnkitException("cannot compute discounted expected transactions given alive for "
                    + "history (x=" + x + ", t_x=" + tx + ", T=" + T + "): P(alive) is 0");
        }
        return discountedExpectedTransactions(x, tx, T, delta, horizon) / p;
    }

    /**
     * {@link #expectedTransactions(double, double, double, double)} of row {@code row} of {@code h}.
     *
     * @param h the customers' histories
     * @param row row index in {@code h}
     * @param t length of the prediction window, {@code >= 0}
     * @return {@code E[X(T, T + t) | history]}, {@code >= 0}
     */
    @Override
    default double expectedTransactionsOfRow(Histories h, int row, double t) {
        return expectedTransactions(h.frequency(row), h.recency(row), h.age(row), t);
    }

    /**
     * {@link #pAlive(double, double, double)} of every customer.
     *
     * @param h the customers' histories
     * @return one probability per row of {@code h}
     */
    @Override
    default double[] pAlive(Histories h) {
        return BatchEvaluation.map(h, this::pAlive, "P(alive)");
    }

    /**
     * {@link #pAliveAt(double, double, double, double)} of every customer.
     *
     * @param h the customers' histories
     * @param t time after the end of observation, {@code >= 0}
     * @return one probability per row of {@code h}
     */
    default double[] pAliveAt(Histories h, double t) {
        return BatchEvaluation.map(h, (x, tx, T) -> pAliveAt(x, tx, T, t), "P(alive) at T+" + t);
    }

    /**
     * {@link #expectedTransactions(double, double, double, double)} of every customer.
     *
     * @param h the customers' histories
     * @param t length of the prediction window, {@code >= 0}
     * @return one expectation per row of {@code h}
     */
    @Override
    default double[] expectedTransactions(Histories h, double t) {
        return BatchEvaluation.map(h, (x, tx, T) -> expectedTransactions(x, tx, T, t),
                "expected transactions over " + t);
    }

    /**
     * {@link #discountedExpectedTransactions(double, double, double, double, double)} of every customer.
     *
     * @param h the customers' histories
     * @param delta continuously compounded discount rate per time unit, {@code >= 0}
     * @param horizon {@code h > 0}, or {@link Double#POSITIVE_INFINITY}
     * @return one discounted expectation per row of {@code h}
     */
    @Override
    default double[] discountedExpectedTransactions(Histories h, double delta, double horizon) {
        return BatchEvaluation.map(h, (x, tx, T) -> discountedExpectedTransactions(x, tx, T, delta, horizon),
                "discounted expected transactions");
    }

    /**
     * {@link #logLikelihood(double, double, double)} of every customer.
     *
     * @param h the customers' histories
     * @return one log-likelihood per row of {@code h}
     */
    @Override
    default double[] logLikelihood(Histories h) {
        return BatchEvaluation.map(h, this::logLikelihood, "log-likelihood");
    }
}
