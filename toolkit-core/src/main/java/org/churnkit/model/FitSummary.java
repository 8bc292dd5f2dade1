package org.churnkit.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a model was fitted: everything needed to judge and reproduce the fit. Immutable.
 *
 * @param logLikelihood maximised total log-likelihood
 * @param standardErrors standard errors of the natural parameters (delta method from the
 *     inverse Hessian on the log scale), in parameter order; NaN where the Hessian was singular
 * @param covariance covariance matrix of the natural parameters, row-major, {@code k x k}
 * @param customers number of customers (sum of weights)
 * @param distinctRows rows after compressing identical histories
 * @param converged whether the optimiser met its convergence criteria
 * @param iterations optimiser iterations of the best start
 * @param message what the optimiser reported (why it stopped)
 * @param timeUnit the unit of recency and age, e.g. {@code week}; {@code null} when unknown
 * @param provenance where the data and the code came from
 */
public record FitSummary(
        double logLikelihood,
        double[] standardErrors,
        double[] covariance,
        double customers,
        int distinctRows,
        boolean converged,
        int iterations,
        String message,
        String timeUnit,
        Provenance provenance) {

    /** Copies the arrays and checks the message is given. */
    public FitSummary {
        standardErrors = standardErrors.clone();
        covariance = covariance == null ? null : covariance.clone();
        Objects.requireNonNull(message, "message");
    }

    /**
     * Standard errors (a copy).
     *
     * @return one standard error per parameter
     */
    @Override
    public double[] standardErrors() {
        return standardErrors.clone();
    }

    /**
     * Covariance matrix of the natural parameters, row-major (a copy), or {@code null}.
     *
     * @return the covariance, or {@code null}
     */
    @Override
    public double[] covariance() {
        return covariance == null ? null : covariance.clone();
    }

    /**
     * Akaike information criterion, {@code 2k - 2 LL}.
     *
     * @return AIC
     */
    public double aic() {
        return 2.0 * standardErrors.length - 2.0 * logLikelihood;
    }

    /**
     * Bayesian information criterion, {@code k ln n - 2 LL}.
     *
     * @return BIC
     */
    public double bic() {
        return standardErrors.length * Math.log(customers) - 2.0 * logLikelihood;
    }

    /**
     * Where a fit came from.
     *
     * @param inputSha256 SHA-256 of the fitted histories (hex), or of the input file
     * @param fittedAt when the fit finished
     * @param libraryVersion churnkit version that fitted it
     * @param settings optimiser settings in words (starts, tolerances)
     */
    public record Provenance(String inputSha256, Instant fittedAt, String libraryVersion, String settings) {}

    @Override
    public boolean equals(Object o) {
        return o instanceof FitSummary f && f.logLikelihood == logLikelihood
                && Arrays.equals(f.standardErrors, standardErrors) && Arrays.equals(f.covariance, covariance)
                && f.customers == customers && f.distinctRows == distinctRows && f.converged == converged
                && f.iterations == iterations && f.message.equals(message)
                && Objects.equals(f.timeUnit, timeUnit) && Objects.equals(f.provenance, provenance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logLikelihood, Arrays.hashCode(standardErrors), customers, converged);
    }

    @Override
    public String toString() {
        return "FitSummary[LL=" + logLikelihood + ", se=" + Arrays.toString(standardErrors)
                + ", customers=" + customers + ", converged=" + converged + ", " + message + "]";
    }
}
