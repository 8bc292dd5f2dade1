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
    private static final Map<ModelKind, LikelihoodFunction<?>> LIKELIHOODS;

    static {
        Map<ModelKind, LikelihoodFunction<?>> m = new EnumMap<>(ModelKind.class);
        m.put(ModelKind.PARETO_NBD, ParetoNbdLikelihood.of());
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
    public static Optional<LikelihoodFunction<?>> find(ModelKind kind) {
        return Optional.ofNullable(LIKELIHOODS.get(kind));
    }

    /**
     * The likelihood of {@code kind}.
     *
     * @throws ChurnkitException if this build does not implement the family
     * @param kind the model family
     * @return its likelihood
     */
    public static LikelihoodFunction<?> likelihood(ModelKind kind) {
        LikelihoodFunction<?> f = LIKELIHOODS.get(kind);
        if (f == null && kind.isBaseline()) {
            throw new ChurnkitException("'" + kind.id() + "' is a naive baseline: it is computed in evaluations, not fitted");
        }
        if (f == null) {
            throw new ChurnkitException("model '" + kind.id() + "' is not available in this version of churnkit");
        }
        return f;
    }

    /**
     * The likelihood of the family whose models are {@code type}s, typed so that a fit with it
     * returns that type: {@code fitter.fitOrThrow(ModelRegistry.likelihood(ParetoNbd.class), h).model()}
     * is a {@link ParetoNbd}.
     *
     * @param <M> the model type
     * @param type a model type, e.g. {@code ParetoNbd.class} (a {@link ModelKind#modelType()})
     * @return its likelihood
     * @throws IllegalArgumentException when no family available here has models of exactly that type
     */
    public static <M extends FittedModel> LikelihoodFunction<M> likelihood(Class<M> type) {
        for (Map.Entry<ModelKind, LikelihoodFunction<?>> e : LIKELIHOODS.entrySet()) {
            if (e.getKey().modelType() == type) {
                // sound: the table pairs each kind with the likelihood creating its modelType()
                @SuppressWarnings("unchecked")
                LikelihoodFunction<M> f = (LikelihoodFunction<M>) e.getValue();
                return f;
            }
        }
        throw new IllegalArgumentException("no model family has models of type " + type.getName()
                + "; ask for one of ParetoNbd, BgNbd, MbgNbd, BgBb or GammaGamma");
    }

    /**
     * What {@link #outsideDomain}'s sentence is followed by in errors: why such parameters are refused.
     */
    static final String NOT_IDENTIFIED = "; a fit that runs there is not identified by the data";

    /** Smallest parameter value a model given from outside (a file, the command line) may have. */
    public static final double MIN_PARAMETER = 1e-10;
    /** Largest parameter value a model given from outside (a file, the command line) may have. */
    public static final double MAX_PARAMETER = 1e12;

    /**
     * Builds a model of {@code kind} from parameters (in the papers' order) and an optional fit summary.
     *
     * <p>Every parameter must lie in [{@link #MIN_PARAMETER}, {@link #MAX_PARAMETER}]: the domain
     * where the predictions were checked against their limits (with r and alpha, or s and beta,
     * scaled together at a fixed ratio, P(alive) of Pareto/NBD agrees with the limiting
     * common-rate value to 1e-9 relative up to 1e20 and BG/NBD to 2e-6 up to 1e12 on probabilities
     * above 1e-3; the golden and oracle cases lie between 0.08 and 15,000). Outside it the
     * answers are not trustworthy (r = 1e300 with alpha = 1e200 gave P(alive) = 1 where it is
     * about 0), so such parameters are refused rather than answered.
     *
     * @param kind the model family
     * @param params the parameters, in {@link ModelKind#parameterNames()} order
     * @param fit the fit summary, or {@code null}
     * @return the model
     * @throws IllegalArgumentException naming a parameter outside the domain
     */
    public static FittedModel create(ModelKind kind, double[] params, FitSummary fit) {
        String outside = outsideDomain(kind, params);
        if (outside != null) {
            throw new IllegalArgumentException(outside + NOT_IDENTIFIED);
        }
        return likelihood(kind).create(params, fit);
    }

    /**
     * Says which parameter, if any, lies outside [{@link #MIN_PARAMETER}, {@link #MAX_PARAMETER}]:
     * the check {@link #create} applies, for callers that must refuse before they write a model
     * file that could not be read back (a boundary fit whose limiting values ran past the domain).
     *
     * @param kind the model family
     * @param params the parameters, in {@link ModelKind#parameterNames()} order
     * @return a sentence naming the first parameter outside the domain, or {@code null} when all are inside
     */
    public static String outsideDomain(ModelKind kind, double[] params) {
        java.util.List<String> names = kind.parameterNames();
        for (int i = 0; i < params.length && i < names.size(); i++) {
            if (!(params[i] >= MIN_PARAMETER && params[i] <= MAX_PARAMETER)) {
                return "parameter '" + names.get(i) + "' = " + params[i]
                        + " is outside the supported domain [1e-10, 1e12] of " + kind.id()
                        + " (where its predictions are verified)";
            }
        }
        return null;
    }
}
