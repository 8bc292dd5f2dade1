package org.churnkit.model;

import java.util.List;

/**
 * What {@link StaticCovariateFitter} returns: the fitted {@link StaticCovariateModel}, every
 * estimate with its standard error and 95 % interval, and the optimiser's and the diagnosis'
 * verdicts.
 *
 * <p>Standard errors: minus the Hessian of the penalised log-likelihood with respect to
 * {@code (log r, log alpha, log s|a, log beta|b, coefficients)} by central differences of the
 * analytic gradient (step 1e-4), inverted. The four base parameters get the delta method
 * {@code se(theta) = theta se(log theta)} and intervals {@code theta exp(+-1.96 se(log theta))};
 * coefficients get Wald intervals {@code gamma +- 1.96 se}. A correlated fit
 * ({@link StaticCovariateFitter#fitCorrelated}) ends with {@code omega}, the Sarmanov parameter,
 * whose standard error is the delta method's through its free variable and its bounds, and whose
 * Wald interval is clipped to the range where the mixing density is non-negative. With an L2 penalty they are the
 * penalised (ridge-like) curvature's, which understates the sampling variance: read them as
 * approximate.
 *
 * @param model the fitted model (its {@link StaticCovariateModel#plainModel()} carries a
 *     {@link FitSummary} for the four base parameters); the record keeps it with the coefficients'
 *     standard errors from {@code estimates} ({@link StaticCovariateModel#withStandardErrors}), so
 *     that its model file records them
 * @param estimates base parameters then free coefficients (named {@code purchase:NAME},
 *     {@code dropout:NAME} or, for an equality constraint, {@code purchase=dropout:NAME}), then
 *     {@code omega} for a correlated fit
 * @param logLikelihood the maximised total log-likelihood (without the penalty)
 * @param penalty the L2 penalty at the estimate (0 without one)
 * @param gradientNorm Euclidean norm of the gradient of the penalised total log-likelihood with
 *     respect to the free variables above, at the estimate
 * @param converged whether the optimiser met its convergence criteria
 * @param iterations optimiser iterations of the run kept
 * @param status the diagnosis: only {@link FitStatus#CONVERGED} is a plain success
 * @param findings what the diagnosis found, each naming parameters and what would identify them
 * @param message why the optimiser stopped, and how many starts were tried
 * @param customers number of customers (sum of weights)
 */
public record StaticCovariateFit(StaticCovariateModel model, List<Estimate> estimates, double logLikelihood,
                                 double penalty, double gradientNorm, boolean converged, int iterations,
                                 FitStatus status, List<FitFinding> findings, String message, double customers) {

    /** Copies the lists; the model records the coefficients' standard errors of {@code estimates}. */
    public StaticCovariateFit {
        estimates = List.copyOf(estimates);
        findings = List.copyOf(findings);
        model = model.withStandardErrors(standardErrors(estimates, "purchase", model.purchaseCovariates()),
                standardErrors(estimates, "dropout", model.dropoutCovariates()));
    }

    /**
     * The standard error of each coefficient of a process, under its own name or its
     * equality-constrained one; NaN where the estimates have none (or it is not a positive finite number).
     */
    static double[] standardErrors(List<Estimate> estimates, String process, List<String> names) {
        double[] se = new double[names.size()];
        for (int k = 0; k < se.length; k++) {
            se[k] = Double.NaN;
            for (Estimate e : estimates) {
                if (e.name().equals(process + ":" + names.get(k)) || e.name().equals("purchase=dropout:" + names.get(k))) {
                    se[k] = e.standardError() > 0 && Double.isFinite(e.standardError()) ? e.standardError() : Double.NaN;
                }
            }
        }
        return se;
    }

    /**
     * One estimate.
     *
     * @param name parameter name ({@code r}, {@code alpha}, ...; {@code purchase:Gender}, ...)
     * @param estimate the maximum-likelihood value
     * @param standardError its standard error, NaN when the Hessian is not negative definite
     * @param lower lower end of the 95 % interval (NaN without a standard error; for a base
     *     parameter whose log-scale error is huge it may underflow to 0)
     * @param upper upper end of the 95 % interval (NaN without a standard error; for a base
     *     parameter whose log-scale error is huge it may overflow to infinity: not identified)
     */
    public record Estimate(String name, double estimate, double standardError, double lower, double upper) {}

    /**
     * The estimate of a parameter or coefficient by name.
     *
     * @param name e.g. {@code "r"} or {@code "purchase:Gender"}
     * @return the estimate
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public Estimate estimate(String name) {
        for (Estimate e : estimates) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no estimate '" + name + "' (there are: "
                + estimates.stream().map(Estimate::name).toList() + ")");
    }

    /**
     * Number of free parameters (base plus distinct coefficients), for AIC and BIC.
     *
     * @return the count
     */
    public int parameterCount() {
        return estimates.size();
    }

    /**
     * Akaike information criterion {@code 2k - 2 LL}.
     *
     * @return AIC
     */
    public double aic() {
        return 2 * parameterCount() - 2 * logLikelihood;
    }
}
