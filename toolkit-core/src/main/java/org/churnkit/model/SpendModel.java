package org.churnkit.model;

/** A fitted model of transaction value (Gamma-Gamma). */
public interface SpendModel extends FittedModel {

    /**
     * Log-likelihood of a customer's mean repeat-transaction value {@code m} over {@code x >= 1} transactions.
     *
     * @param x number of repeat transactions with a value, a whole number {@code >= 1}
     * @param m mean value of those transactions, in currency, {@code > 0}
     * @return the natural log of the density of {@code m}, finite
     */
    double logLikelihood(double x, double m);

    /**
     * Expected value of the customer's future transactions given {@code x} repeat transactions of
     * mean value {@code m}; for {@code x = 0}, or {@code m = 0} (no positive repeat amount), the
     * population mean.
     *
     * @param x number of repeat transactions with a value, a whole number {@code >= 0}
     * @param m mean positive value of those transactions, in currency (0 when none; ignored when {@code x = 0})
     * @return the expected value per transaction, in currency
     */
    double expectedSpend(double x, double m);

    /**
     * Population mean spend per transaction.
     *
     * @return the mean of the spend distribution, in currency
     */
    double meanSpend();
}
