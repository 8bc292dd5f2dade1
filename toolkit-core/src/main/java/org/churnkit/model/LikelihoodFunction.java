package org.churnkit.model;

/**
 * A model family's log-likelihood as a function of its parameters, what the maximum-likelihood
 * fitter needs. Implementations are stateless and thread-safe: the fitter evaluates disjoint row
 * ranges on several threads at once and sums the results.
 *
 * @param <M> the type of the model it {@linkplain #create creates}, e.g. {@link ParetoNbd}: what a fit
 *     with it returns, with no cast
 */
public interface LikelihoodFunction<M extends FittedModel> {

    /**
     * The family this likelihood belongs to; parameter order is {@link ModelKind#parameterNames()}.
     *
     * @return the model kind
     */
    ModelKind kind();

    /**
     * Weighted log-likelihood of rows {@code [from, to)}: {@code sum_i w_i * log L_i(params)}.
     * When {@code gradient} is not {@code null}, adds {@code sum_i w_i * d log L_i / d params[k]} (on
     * the natural, not the log, scale) into {@code gradient[k]}.
     *
     * @param params natural parameters, all positive
     * @return the sum; never NaN for valid histories and positive finite parameters (a value that
     *     underflows is returned as a finite log; a truly undefined value throws
     *     {@link org.churnkit.ChurnkitException} naming the customer)
     * @param data the histories, possibly weighted
     * @param from first row, inclusive
     * @param to last row, exclusive
     * @param gradient accumulates the gradient, one entry per parameter; or {@code null}
     */
    double logLikelihood(double[] params, Histories data, int from, int to, double[] gradient);

    /**
     * Whether {@link #logLikelihood} fills the gradient analytically (else the fitter differentiates numerically).
     *
     * @return true when the gradient is analytic
     */
    boolean hasGradient();

    /**
     * Starting points (natural scale) for the optimiser, derived from the data where possible;
     * the fitter tries each and keeps the best converged optimum.
     *
     * @param data the histories to fit
     * @return one or more starting points, each in {@link ModelKind#parameterNames()} order
     */
    double[][] startingPoints(Histories data);

    /**
     * Builds the immutable fitted model from estimated parameters and the fit's summary
     * ({@code null} for a hand-written model).
     *
     * @param params estimated natural parameters
     * @param fit the fit summary, or {@code null}
     * @return the model
     */
    M create(double[] params, FitSummary fit);
}
