package org.churnkit.model;

import java.util.List;

/**
 * What {@link TimeVaryingCovariateFitter} returns: the fitted {@link TimeVaryingCovariateModel},
 * every estimate with its standard error and 95 % interval, and the optimiser's and the
 * diagnosis' verdicts; read as {@link StaticCovariateFit} (same standard errors, intervals and
 * findings).
 *
 * @param model the fitted model (its {@link TimeVaryingCovariateModel#plainModel()} carries a
 *     {@link FitSummary} for the four base parameters); the record keeps it with the coefficients'
 *     standard errors from {@code estimates} ({@link TimeVaryingCovariateModel#withStandardErrors}),
 *     so that its model file records them
 * @param estimates base parameters then free coefficients (named {@code purchase:NAME},
 *     {@code dropout:NAME} or {@code purchase=dropout:NAME})
 * @param logLikelihood the maximised total log-likelihood (without the penalty)
 * @param penalty the L2 penalty at the estimate (0 without one)
 * @param gradientNorm Euclidean norm of the gradient of the penalised total log-likelihood with
 *     respect to {@code (log r, log alpha, log s, log beta, coefficients)} at the estimate
 * @param converged whether the optimiser met its convergence criteria
 * @param iterations optimiser iterations
 * @param status the diagnosis: only {@link FitStatus#CONVERGED} is a plain success
 * @param findings what the diagnosis found
 * @param message why the optimiser stopped
 * @param customers number of customers (sum of weights)
 * @param distinctRows rows after merging identical customers
 */
public record TimeVaryingCovariateFit(TimeVaryingCovariateModel model, List<StaticCovariateFit.Estimate> estimates,
                                      double logLikelihood, double penalty, double gradientNorm, boolean converged,
                                      int iterations, FitStatus status, List<FitFinding> findings, String message,
                                      double customers, int distinctRows) {

    /** Copies the lists; the model records the coefficients' standard errors of {@code estimates}. */
    public TimeVaryingCovariateFit {
        estimates = List.copyOf(estimates);
        findings = List.copyOf(findings);
        model = model.withStandardErrors(
                StaticCovariateFit.standardErrors(estimates, "purchase", model.purchaseCovariates()),
                StaticCovariateFit.standardErrors(estimates, "dropout", model.dropoutCovariates()));
    }

    /**
     * The estimate of a parameter or coefficient by name.
     *
     * @param name e.g. {@code "r"} or {@code "purchase:High.Season"}
     * @return the estimate
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public StaticCovariateFit.Estimate estimate(String name) {
        for (StaticCovariateFit.Estimate e : estimates) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no estimate '" + name + "' (there are: "
                + estimates.stream().map(StaticCovariateFit.Estimate::name).toList() + ")");
    }

    /**
     * Akaike information criterion {@code 2k - 2 LL}, k the number of estimates.
     *
     * @return AIC
     */
    public double aic() {
        return 2 * estimates.size() - 2 * logLikelihood;
    }
}
