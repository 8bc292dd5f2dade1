package org.churnkit.model;

/** A fitted model of transaction value (Gamma-Gamma). */
public interface SpendModel extends FittedModel {

    /** Log-likelihood of a customer's mean repeat-transaction value {@code m} over {@code x >= 1} transactions. */
    double logLikelihood(double x, double m);

    /**
     * Expected value of the customer's future transactions given {@code x} repeat transactions of
     * mean value {@code m}; for {@code x = 0}, the population mean.
     */
    double expectedSpend(double x, double m);

    /** Population mean spend per transaction. */
    double meanSpend();
}
