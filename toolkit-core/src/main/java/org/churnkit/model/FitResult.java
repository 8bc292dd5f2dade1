package org.churnkit.model;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * What {@link ModelFitter} returns: the fitted model (which carries its {@link FitSummary}), the
 * estimates and the covariance of the log-parameters.
 *
 * @param <M> the model's type, e.g. {@link ParetoNbd} for a fit of {@link ParetoNbdLikelihood}
 * @param model the fitted, immutable model
 * @param parameters estimates on the natural scale, in {@link ModelKind#parameterNames()} order
 * @param summary log-likelihood, standard errors, convergence, provenance
 * @param logCovariance covariance of the log-parameters (inverse observed information), or
 *     {@code null} when the Hessian was not negative definite
 *
 * <p>Immutable: the arrays are copied in and out; equality compares their contents.
 */
public record FitResult<M extends FittedModel>(M model, double[] parameters, FitSummary summary,
        double[][] logCovariance) {

    /** Copies the parameters and the covariance. */
    public FitResult {
        parameters = parameters.clone();
        logCovariance = copy(logCovariance);
    }

    private static double[][] copy(double[][] m) {
        if (m == null) {
            return null;
        }
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    /**
     * The fitted model as a {@code type}, for a fit whose model type is known only at run time (a
     * fit of {@code ModelRegistry.likelihood(kind)}): {@code fit.model(ParetoNbd.class)}.
     *
     * @param <T> the model type asked for
     * @param type the model type asked for, e.g. {@code ParetoNbd.class} or {@code TransactionModel.class}
     * @return the model, as a {@code type}
     * @throws ModelMismatchException when the model is of another kind, reading {@code the fit holds a
     *     BG/NBD model; expected Pareto/NBD}
     */
    public <T extends FittedModel> T model(Class<T> type) {
        return ModelMismatchException.check(model, type, "the fit");
    }

    /**
     * The maximum-likelihood parameters (a copy).
     *
     * @return the parameters in the model's order
     */
    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    /**
     * Covariance of the log-parameters (a copy).
     *
     * @return the covariance matrix, or {@code null} when the Hessian was not negative definite
     */
    @Override
    public double[][] logCovariance() {
        return copy(logCovariance);
    }

    /**
     * Confidence intervals {@code theta exp(+- z se(log theta))} at the given level (0.95 for 95 %):
     * Wald intervals on the log scale, which stay positive like the parameters. Rows are
     * parameters, columns {lower, upper}; NaN when standard errors are unavailable.
     *
     * @param level confidence level, in (0, 1)
     * @return {lower, upper} per parameter
     */
    public double[][] confidenceIntervals(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
        double z = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.5 + level / 2);
        double[][] ci = new double[parameters.length][2];
        for (int i = 0; i < parameters.length; i++) {
            double se = logCovariance == null ? Double.NaN : Math.sqrt(logCovariance[i][i]);
            ci[i][0] = parameters[i] * Math.exp(-z * se);
            ci[i][1] = parameters[i] * Math.exp(z * se);
        }
        return ci;
    }

    /**
     * Akaike information criterion of the fit.
     *
     * @return AIC
     */
    public double aic() {
        return summary.aic();
    }

    /**
     * Bayesian information criterion of the fit.
     *
     * @return BIC
     */
    public double bic() {
        return summary.bic();
    }

    /** Equal when model, parameters, summary and covariance are equal (arrays by content). */
    @Override
    public boolean equals(Object o) {
        return o instanceof FitResult<?> f && Objects.equals(model, f.model) && Arrays.equals(parameters, f.parameters)
                && Objects.equals(summary, f.summary) && Arrays.deepEquals(logCovariance, f.logCovariance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, Arrays.hashCode(parameters), summary, Arrays.deepHashCode(logCovariance));
    }

    @Override
    public String toString() {
        return "FitResult[model=" + model + ", parameters=" + Arrays.toString(parameters) + ", summary=" + summary
                + ", logCovariance=" + Arrays.deepToString(logCovariance) + "]";
    }
}
