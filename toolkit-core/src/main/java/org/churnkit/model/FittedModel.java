package org.churnkit.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model with known parameters: fitted by churnkit or written by hand from a paper. Immutable and
 * self-describing. {@link TransactionModel} and {@link SpendModel} add the predictions.
 */
public interface FittedModel {

    /**
     * Which model this is.
     *
     * @return the model's kind, which fixes its parameter names
     */
    ModelKind kind();

    /**
     * Parameters in {@link ModelKind#parameterNames()} order (a copy).
     *
     * @return a new array of the parameters
     */
    double[] parameterArray();

    /**
     * Parameters by name, in the papers' order.
     *
     * @return an ordered map from parameter name to value
     */
    default Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] p = parameterArray();
        var names = kind().parameterNames();
        for (int i = 0; i < p.length; i++) {
            m.put(names.get(i), p[i]);
        }
        return m;
    }

    /**
     * How the model was fitted; empty for hand-written parameters.
     *
     * @return the fit summary, if the model was fitted
     */
    Optional<FitSummary> fit();
}
