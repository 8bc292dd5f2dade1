package org.churnkit.model;

/**
 * A fitted model of repeat transactions (Pareto/NBD, BG/NBD, MBG/NBD, BG/BB). All times are in the
 * model's own unit (the one it was fitted in); for BG/BB they count opportunities.
 *
 * <p>Scalar methods take one history {@code (x, t_x, T)}; batch methods take {@link Histories} and
 * return one value per row. Every result is finite; a value that cannot be computed throws
 * {@link org.churnkit.ChurnkitException} naming the customer (batch) or the inputs (scalar), never
 * NaN or infinity.
 */
public interface TransactionModel extends FittedModel {

    /** Log-likelihood of one customer's history. */
    double logLikelihood(double x, double tx, double T);

    /** Probability that the customer is still alive at the end of observation, in [0, 1]. */
    double pAlive(double x, double tx, double T);

    /**
     * Probability that the customer is alive at {@code T + t}, given the history (no transaction is
     * assumed to be observed in between): {@code pAlive * P(no death in (T, T+t] | alive at T)}.
     */
    double pAliveAt(double x, double tx, double T, double t);

    /** Expected transactions in {@code (T, T + t]} given the history (conditional expectation). */
    double expectedTransactions(double x, double tx, double T, double t);

    /** Expected transactions in {@code (0, t]} of a randomly chosen new customer: E[X(t)]. */
    double expectedTransactions(double t);

    /** P(X(t) = n) for a randomly chosen new customer; sums to 1 over n. */
    double probabilityOfTransactions(int n, double t);

    /**
     * Discounted expected residual transactions: {@code E[ sum over transactions in (T, T+h] of
     * exp(-delta * (time - T)) | history]}, with {@code delta} the continuously compounded rate per
     * time unit. {@code horizon = Double.POSITIVE_INFINITY} gives DERT (closed form for
     * Pareto/NBD).
     */
    double discountedExpectedTransactions(double x, double tx, double T, double delta, double horizon);

    default double[] pAlive(Histories h) {
        return BatchEvaluation.map(h, this::pAlive, "P(alive)");
    }

    default double[] pAliveAt(Histories h, double t) {
        return BatchEvaluation.map(h, (x, tx, T) -> pAliveAt(x, tx, T, t), "P(alive) at T+" + t);
    }

    default double[] expectedTransactions(Histories h, double t) {
        return BatchEvaluation.map(h, (x, tx, T) -> expectedTransactions(x, tx, T, t),
                "expected transactions over " + t);
    }

    default double[] discountedExpectedTransactions(Histories h, double delta, double horizon) {
        return BatchEvaluation.map(h, (x, tx, T) -> discountedExpectedTransactions(x, tx, T, delta, horizon),
                "discounted expected transactions");
    }

    default double[] logLikelihood(Histories h) {
        return BatchEvaluation.map(h, this::logLikelihood, "log-likelihood");
    }
}
