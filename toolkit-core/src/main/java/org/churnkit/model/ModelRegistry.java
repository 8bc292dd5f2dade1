package org.churnkit.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.churnkit.ChurnkitException;

/**
 * The one place that maps a {@link ModelKind} to its {@link LikelihoodFunction} (which also builds
 * the fitted model from parameters). Model files, the fitter's callers and the command line look
 * models up here; a new family is added with one line in the static block.
 */
public final class ModelRegistry {
    private static final Map<ModelKind, LikelihoodFunction> LIKELIHOODS;

    static {
        Map<ModelKind, LikelihoodFunction> m = new EnumMap<>(ModelKind.class);
        m.put(ModelKind.PARETO_NBD, ParetoNbdLikelihood.get());
        m.put(ModelKind.BG_NBD, BgNbdLikelihood.of());
        m.put(ModelKind.MBG_NBD, MbgNbdLikelihood.of());
        m.put(ModelKind.BG_BB, BgBbLikelihood.of());
        m.put(ModelKind.GAMMA_GAMMA, GammaGammaLikelihood.of());
        LIKELIHOODS = Collections.unmodifiableMap(m);
    }

    private ModelRegistry() {}

    /**
     * The likelihood of {@code kind}, if this build has it.
     *
     * @param kind the model family
     * @return its likelihood, or empty when not implemented
     */
    public static Optional<LikelihoodFunction> find(ModelKind kind) {
        return Optional.ofNullable(LIKELIHOODS.get(kind));
    }

    /**
     * The likelihood of {@code kind}.
     *
     * @throws ChurnkitException if this build does not implement the family
     * @param kind the model family
     * @return its likelihood
     */
    public static LikelihoodFunction likelihood(ModelKind kind) {
        LikelihoodFunction f = LIKELIHOODS.get(kind);
        if (f == null && kind.isBaseline()) {
            throw new ChurnkitException("'" + kind.id() + "' is a naive baseline: it is computed in evaluations, not fitted");
        }
        if (f == null) {
            throw new ChurnkitException("model '" + kind.id() + "' is not available in this version of churnkit");
        }
        return f;
    }

    /**
     * Builds a model of {@code kind} from parameters (in the papers' order) and an optional fit summary.
     *
     * @param kind the model family
     * @param params the parameters, in {@link ModelKind#parameterNames()} order
     * @param fit the fit summary, or {@code null}
     * @return the model
     */
    public static FittedModel create(ModelKind kind, double[] params, FitSummary fit) {
        return likelihood(kind).create(params, fit);
    }
}
