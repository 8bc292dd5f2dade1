package org.churnkit.evaluation;

import java.util.List;
import java.util.Optional;

/**
 * What one model did at one origin: its holdout validation, its parameters (with standard errors
 * when the fit reported them), how long it took to build, or why it failed. Immutable.
 */
public final class ModelOutcome {
    private final String model;
    private final boolean baseline;
    private final HoldoutResult result;
    private final String failure;
    private final List<String> parameterNames;
    private final double[] parameters;
    private final double[] standardErrors;
    private final double trainSeconds;
    private org.churnkit.model.FitSummary fit;

    ModelOutcome(String model, boolean baseline, HoldoutResult result, String failure, List<String> parameterNames,
                 double[] parameters, double[] standardErrors, double trainSeconds) {
        this.model = model;
        this.baseline = baseline;
        this.result = result;
        this.failure = failure;
        this.parameterNames = List.copyOf(parameterNames);
        this.parameters = parameters.clone();
        this.standardErrors = standardErrors == null ? null : standardErrors.clone();
        this.trainSeconds = trainSeconds;
    }

    /** Records how the model was fitted (for its diagnosis); returns this outcome. */
    ModelOutcome withFit(org.churnkit.model.FitSummary summary) {
        this.fit = summary;
        return this;
    }

    /**
     * How the model was fitted at this origin: its status and findings ({@code CONVERGED} with no
     * findings for an interior, identified optimum); empty for baselines and hand-written models.
     *
     * @return the fit summary, if the model was fitted
     */
    public Optional<org.churnkit.model.FitSummary> fit() {
        return Optional.ofNullable(fit);
    }

    /** A model that failed to build or to predict, with the reason. */
    static ModelOutcome failed(String model, boolean baseline, String why, double seconds) {
        return new ModelOutcome(model, baseline, null, why, List.of(), new double[0], null, seconds);
    }

    /**
     * Model label.
     *
     * @return the label
     */
    public String model() {
        return model;
    }

    /**
     * Whether the model is a naive baseline.
     *
     * @return true for a baseline
     */
    public boolean isBaseline() {
        return baseline;
    }

    /**
     * Whether the model was built and validated.
     *
     * @return true when there is a result
     */
    public boolean succeeded() {
        return result != null;
    }

    /**
     * The validation; empty when the model failed.
     *
     * @return the result, or empty
     */
    public Optional<HoldoutResult> result() {
        return Optional.ofNullable(result);
    }

    /**
     * Why the model failed; empty when it succeeded.
     *
     * @return the reason, or empty
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Names of the fitted parameters (empty when the model failed).
     *
     * @return the names
     */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /**
     * Fitted parameters in {@link #parameterNames()} order (a copy).
     *
     * @return the parameters
     */
    public double[] parameters() {
        return parameters.clone();
    }

    /**
     * Standard errors in parameter order, when the fit reported them.
     *
     * @return the standard errors, or empty
     */
    public Optional<double[]> standardErrors() {
        return standardErrors == null ? Optional.empty() : Optional.of(standardErrors.clone());
    }

    /**
     * Wall-clock seconds spent building (fitting) the model.
     *
     * @return seconds
     */
    public double trainSeconds() {
        return trainSeconds;
    }

    @Override
    public String toString() {
        return result != null ? result.toString() : "ModelOutcome[" + model + " failed: " + failure + "]";
    }
}
