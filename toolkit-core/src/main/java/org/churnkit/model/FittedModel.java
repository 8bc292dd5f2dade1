package org.churnkit.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model with known parameters: fitted by churnkit or written by hand from a paper. Immutable and
 * self-describing. {@link TransactionModel} and {@link SpendModel} add the predictions.
 */
public interface FittedModel {

    ModelKind kind();

    /** Parameters in {@link ModelKind#parameterNames()} order (a copy). */
    double[] parameterArray();

    /** Parameters by name, in the papers' order. */
    default Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] p = parameterArray();
        var names = kind().parameterNames();
        for (int i = 0; i < p.length; i++) {
            m.put(names.get(i), p[i]);
        }
        return m;
    }

    /** How the model was fitted; empty for hand-written parameters. */
    Optional<FitSummary> fit();
}
