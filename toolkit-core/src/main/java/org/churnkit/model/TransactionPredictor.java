package org.churnkit.model;

/**
 * What every predictor of repeat transactions answers, models and naive baselines alike: the
 * population's expectations for a randomly chosen new customer, and per-customer predictions for
 * the rows of a set of {@link Histories}. This is what holdout validation and backtests need.
 *
 * <p>A {@link TransactionModel} predicts from each customer's {@code (x, t_x, T)} alone, so it
 * answers for any histories. Some baselines depend on more than that (say each customer's recent
 * activity) and are built on one set of histories: they answer only for those very rows and throw
 * {@link org.churnkit.ChurnkitException} for others. Times are in the predictor's own unit.
 * Every result is finite; a value that cannot be computed throws, never NaN or infinity.
 */
public interface TransactionPredictor extends FittedModel {

    /**
     * Expected transactions in {@code (0, t]} of a randomly chosen new customer: E[X(t)].
     *
     * @param t time since the customer's first transaction, {@code >= 0}
     * @return {@code E[X(t)]}, {@code >= 0}
     */
    double expectedTransactions(double t);

    /**
     * P(X(t) = n) for a randomly chosen new customer; sums to 1 over n.
     *
     * @param n number of repeat transactions, {@code >= 0}
     * @param t time since the customer's first transaction, {@code >= 0}
     * @return the probability, in [0, 1]
     */
    double probabilityOfTransactions(int n, double t);

    /**
     * Expected transactions in {@code (T, T + t]} of the customer in row {@code row} of {@code h}.
     *
     * @param h the customers' histories
     * @param row row index in {@code h}
     * @param t length of the prediction window, {@code >= 0}
     * @return {@code E[X(T, T + t) | history]}, {@code >= 0}
     */
    double expectedTransactionsOfRow(Histories h, int row, double t);

    /**
     * Probability that each customer is still alive at the end of observation.
     *
     * @param h the customers' histories
     * @return one probability per row of {@code h}
     */
    double[] pAlive(Histories h);

    /**
     * Expected transactions of every customer in {@code (T, T + t]}.
     *
     * @param h the customers' histories
     * @param t length of the prediction window, {@code >= 0}
     * @return one expectation per row of {@code h}
     */
    double[] expectedTransactions(Histories h, double t);

    /**
     * Discounted expected residual transactions of every customer (see
     * {@link TransactionModel#discountedExpectedTransactions(double, double, double, double, double)}).
     *
     * @param h the customers' histories
     * @param delta continuously compounded discount rate per time unit, {@code >= 0}
     * @param horizon {@code h > 0}, or {@link Double#POSITIVE_INFINITY}
     * @return one discounted expectation per row of {@code h}
     */
    double[] discountedExpectedTransactions(Histories h, double delta, double horizon);

    /**
     * Log-likelihood of every customer's history.
     *
     * @param h the customers' histories
     * @return one log-likelihood per row of {@code h}
     */
    double[] logLikelihood(Histories h);
}
