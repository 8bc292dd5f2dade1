package org.churnkit.evaluation;

import java.util.List;
import java.util.Optional;

/** The outcome of a rolling-origin backtest: every model and baseline at every origin. Immutable. */
public final class BacktestResult {
    /**
     * One origin's outcomes.
     *
     * @param origin the planned origin
     * @param customers customers in the calibration at that origin
     * @param outcomes one per model and baseline, in the order they were given
     */
    public record OriginResult(OriginPlan.PlannedOrigin origin, int customers, List<ModelOutcome> outcomes) {
        /** Copies the outcomes. */
        public OriginResult {
            outcomes = List.copyOf(outcomes);
        }

        /**
         * The outcome of the model named {@code model}.
         *
         * @param model the model label
         * @return the outcome, or empty when no model has that label
         */
        public Optional<ModelOutcome> outcome(String model) {
            return outcomes.stream().filter(o -> o.model().equals(model)).findFirst();
        }
    }

    private final OriginPlan plan;
    private final List<OriginResult> origins;

    BacktestResult(OriginPlan plan, List<OriginResult> origins) {
        this.plan = plan;
        this.origins = List.copyOf(origins);
    }

    /**
     * The origins the backtest ran over.
     *
     * @return the plan
     */
    public OriginPlan plan() {
        return plan;
    }

    /**
     * Per origin, oldest first.
     *
     * @return one result per origin
     */
    public List<OriginResult> origins() {
        return origins;
    }

    /**
     * The most recent origin: the headline.
     *
     * @return the last origin's result
     */
    public OriginResult headline() {
        return origins.get(origins.size() - 1);
    }

    /**
     * Model labels in the order they were run (models first, then baselines).
     *
     * @return the labels
     */
    public List<String> models() {
        return origins.get(0).outcomes().stream().map(ModelOutcome::model).toList();
    }

    /**
     * The comparison table across origins.
     *
     * @return the table
     */
    public ComparisonTable comparison() {
        return ComparisonTable.of(this);
    }

    @Override
    public String toString() {
        return "BacktestResult[" + plan + ", models " + models() + "]";
    }
}
