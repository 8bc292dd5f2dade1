package org.churnkit.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.churnkit.data.TimeUnit;

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
 * @param timeUnit the unit of recency and age, e.g. {@link TimeUnit#WEEKS}; {@code null} when unknown
 * @param provenance where the data and the code came from, or {@code null} when not recorded
 * @param status what the fit amounts to: only {@link FitStatus#CONVERGED} is a plain success
 *     (see {@link ModelFitter} for the diagnosis)
 * @param findings what the diagnosis found (empty for a plain success), each naming parameters,
 *     the limiting model and what data would identify them
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
        TimeUnit timeUnit,
        Provenance provenance,
        FitStatus status,
        List<FitFinding> findings) {

    /**
     * Copies the arrays and the findings and checks the message and status are given.
     *
     * @throws NullPointerException when the message, status or findings are {@code null}
     */
    public FitSummary {
        standardErrors = standardErrors.clone();
        covariance = covariance == null ? null : covariance.clone();
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(status, "status");
        findings = List.copyOf(findings);
    }

    /**
     * A summary without a diagnosis (files written before fits were diagnosed): the status is
     * {@link FitStatus#CONVERGED} or {@link FitStatus#NOT_CONVERGED} by {@code converged}, with no findings.
     *
     * @param logLikelihood maximised total log-likelihood
     * @param standardErrors standard errors of the natural parameters, NaN where unavailable
     * @param covariance covariance matrix of the natural parameters, row-major, or {@code null}
     * @param customers number of customers (sum of weights)
     * @param distinctRows rows after compressing identical histories
     * @param converged whether the optimiser met its convergence criteria
     * @param iterations optimiser iterations of the best start
     * @param message what the optimiser reported
     * @param timeUnit the unit of recency and age, or {@code null}
     * @param provenance where the data and the code came from, or {@code null}
     */
    public FitSummary(double logLikelihood, double[] standardErrors, double[] covariance, double customers,
                      int distinctRows, boolean converged, int iterations, String message, TimeUnit timeUnit,
                      Provenance provenance) {
        this(logLikelihood, standardErrors, covariance, customers, distinctRows, converged, iterations, message,
                timeUnit, provenance, converged ? FitStatus.CONVERGED : FitStatus.NOT_CONVERGED, List.of());
    }

    /**
     * The diagnosis in words: the status, then one line per finding. For a plain success,
     * {@code "converged"}.
     *
     * @return the diagnosis text, never containing NaN or infinity
     */
    public String diagnosis() {
        StringBuilder b = new StringBuilder(status.label());
        for (FitFinding f : findings) {
            b.append(System.lineSeparator()).append("  - ").append(f.message());
        }
        return b.toString();
    }

    /**
     * A standard error for printing: the number ({@code %.6g}), or {@code "not identified"} when it
     * could not be computed (singular or indefinite Hessian).
     *
     * @param se a standard error, possibly NaN
     * @return the text
     */
    public static String formatStandardError(double se) {
        return Double.isFinite(se) ? String.format(Locale.ROOT, "%.6g", se) : "not identified";
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
     * How the fit was made, as data to replay it ({@link ModelFitter#refit}); empty for fits
     * that did not record it (files written before it existed, hand-written files).
     *
     * @return the recorded provenance, or empty when not recorded
     */
    public Optional<FitProvenance> fitProvenance() {
        return provenance == null ? Optional.empty() : Optional.ofNullable(provenance.recipe());
    }

    /**
     * Where a fit came from.
     *
     * @param inputSha256 SHA-256 of the fitted histories (hex), or of the input file
     * @param fittedAt when the fit finished
     * @param libraryVersion churnkit version that fitted it
     * @param settings optimiser settings in words (starts, tolerances), for people
     * @param recipe the same as data, to replay the fit; {@code null} when not recorded
     * @param predecessor the model this one was refitted from ({@link ModelFitter#warmFit}); {@code null}
     *     when it was not a refit or the file predates the record
     */
    public record Provenance(String inputSha256, Instant fittedAt, String libraryVersion, String settings,
                             FitProvenance recipe, FitPredecessor predecessor) {
        /**
         * Provenance of a fit that is not a refit.
         *
         * @param inputSha256 SHA-256 of the fitted histories (hex), or of the input file
         * @param fittedAt when the fit finished
         * @param libraryVersion churnkit version that fitted it
         * @param settings optimiser settings in words
         * @param recipe the same as data, to replay the fit; {@code null} when not recorded
         */
        public Provenance(String inputSha256, Instant fittedAt, String libraryVersion, String settings,
                          FitProvenance recipe) {
            this(inputSha256, fittedAt, libraryVersion, settings, recipe, null);
        }

        /**
         * Provenance without a structured record (as written before fits recorded one).
         *
         * @param inputSha256 SHA-256 of the fitted histories (hex), or of the input file
         * @param fittedAt when the fit finished
         * @param libraryVersion churnkit version that fitted it
         * @param settings optimiser settings in words
         */
        public Provenance(String inputSha256, Instant fittedAt, String libraryVersion, String settings) {
            this(inputSha256, fittedAt, libraryVersion, settings, null, null);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FitSummary f && f.logLikelihood == logLikelihood
                && Arrays.equals(f.standardErrors, standardErrors) && Arrays.equals(f.covariance, covariance)
                && f.customers == customers && f.distinctRows == distinctRows && f.converged == converged
                && f.iterations == iterations && f.message.equals(message)
                && Objects.equals(f.timeUnit, timeUnit) && Objects.equals(f.provenance, provenance)
                && f.status == status && f.findings.equals(findings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logLikelihood, Arrays.hashCode(standardErrors), customers, converged);
    }

    @Override
    public String toString() {
        StringBuilder se = new StringBuilder("[");
        for (int i = 0; i < standardErrors.length; i++) {
            se.append(i == 0 ? "" : ", ").append(formatStandardError(standardErrors[i]));
        }
        return "FitSummary[LL=" + logLikelihood + ", se=" + se + "], customers="
                + (Double.isFinite(customers) ? Double.toString(customers) : "unknown") + ", converged="
                + converged + ", status=" + status.label() + ", " + message
                + (findings.isEmpty() ? "" : "; " + String.join("; ", findings.stream().map(FitFinding::message).toList()))
                + "]";
    }
}
