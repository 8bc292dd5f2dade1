package org.churnkit.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model families churnkit knows, with the names used in model files and on the command line
 * and the parameter names of the papers, in the order every parameter array uses.
 */
public enum ModelKind {
    /** Schmittlein, Morrison and Colombo (1987); Fader and Hardie (2005) note. */
    PARETO_NBD("pareto-nbd", "Pareto/NBD", ParetoNbd.class, List.of("r", "alpha", "s", "beta")),
    /** Fader, Hardie and Lee (2005), Marketing Science 24(2). */
    BG_NBD("bg-nbd", "BG/NBD", BgNbd.class, List.of("r", "alpha", "a", "b")),
    /** Batislam, Denizel and Filiztekin (2007). */
    MBG_NBD("mbg-nbd", "MBG/NBD", MbgNbd.class, List.of("r", "alpha", "a", "b")),
    /** Fader, Hardie and Berger (2010): discrete time, n opportunities. */
    BG_BB("bg-bb", "BG/BB", BgBb.class, List.of("alpha", "beta", "gamma", "delta")),
    /** Colombo and Jiang (1999); Fader, Hardie and Lee (2005) "RFM and CLV". */
    GAMMA_GAMMA("gamma-gamma", "Gamma-Gamma", GammaGamma.class, List.of("p", "q", "gamma")),
    /**
     * Naive baseline: every customer keeps buying at their own calibration rate {@code x/T} and
     * never leaves. Computed, not fitted; shown beside every model in evaluations.
     */
    EVERYONE_STAYS("everyone-stays", "everyone-stays baseline", TransactionModel.class, List.of("rate")),
    /** Naive baseline: each customer's rate in the last calibration window, carried forward. */
    LAST_PERIOD_RATE("last-period-rate", "last-period-rate baseline", TransactionModel.class, List.of("rate"));

    private final String id;
    private final String displayName;
    private final Class<? extends FittedModel> modelType;
    private final List<String> parameterNames;

    ModelKind(String id, String displayName, Class<? extends FittedModel> modelType, List<String> parameterNames) {
        this.id = id;
        this.displayName = displayName;
        this.modelType = modelType;
        this.parameterNames = parameterNames;
    }

    /**
     * The name people read, as the papers spell it, e.g. {@code Pareto/NBD}.
     *
     * @return the display name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * The type every model of this kind is an instance of, e.g. {@code ParetoNbd.class}: what a
     * model file of this kind reads as (see {@link ModelFiles#read(java.nio.file.Path, Class)}).
     * The baselines, which live with the evaluations, give {@link TransactionModel}.
     *
     * @return the model type
     */
    public Class<? extends FittedModel> modelType() {
        return modelType;
    }

    /**
     * Describes what {@code type} stands for among the kinds, for messages: the display name of the
     * kind whose model type it is ({@code Pareto/NBD}), or the type's name with the kinds it admits
     * ({@code a TransactionModel (pareto-nbd, bg-nbd, mbg-nbd or bg-bb)}).
     *
     * @param type a model type
     * @return the description
     */
    public static String describe(Class<?> type) {
        List<String> ids = new java.util.ArrayList<>();
        for (ModelKind k : values()) {
            if (k.modelType == type && !k.isBaseline()) {
                return k.displayName;
            }
            if (!k.isBaseline() && type.isAssignableFrom(k.modelType)) {
                ids.add(k.id);
            }
        }
        String name = "a " + type.getSimpleName();
        if (ids.isEmpty()) {
            return name;
        }
        String list = ids.size() == 1 ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
        return name + " (" + list + ")";
    }

    /**
     * The file and command-line name, e.g. {@code pareto-nbd}.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Parameter names in array order.
     *
     * @return the names, in the order of the parameter arrays
     */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /**
     * The parameter vector of this model from parameters given by name (the papers' names, as
     * {@link #parameterNames()} lists them), such as {@code r=0.55, alpha=10.6, s=0.61, beta=11.7}.
     *
     * @param byName each parameter's value by name
     * @return the values in {@link #parameterNames()} order
     * @throws IllegalArgumentException naming the parameter that is missing, not positive and
     *     finite, or unknown to this model
     */
    public double[] parameters(Map<String, Double> byName) {
        Map<String, Double> rest = new LinkedHashMap<>(byName);
        double[] p = new double[parameterNames.size()];
        for (int i = 0; i < p.length; i++) {
            Double v = rest.remove(parameterNames.get(i));
            if (v == null) {
                throw new IllegalArgumentException("parameter '" + parameterNames.get(i) + "' is missing (" + id
                        + " needs " + String.join(", ", parameterNames) + ")");
            }
            if (!(v > 0) || v.isInfinite()) {
                throw new IllegalArgumentException("parameter '" + parameterNames.get(i) + "' must be positive and finite, "
                        + "got " + v);
            }
            p[i] = v;
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter(s) " + rest.keySet() + " for " + id + " (expected "
                    + String.join(", ", parameterNames) + ")");
        }
        return p;
    }

    /**
     * Whether this is a naive evaluation baseline rather than a probability model that can be fitted.
     *
     * @return true for a baseline
     */
    public boolean isBaseline() {
        return this == EVERYONE_STAYS || this == LAST_PERIOD_RATE;
    }

    /**
     * Whether this family models spend rather than transactions.
     *
     * @return true for Gamma-Gamma
     */
    public boolean isSpendModel() {
        return this == GAMMA_GAMMA;
    }

    /**
     * Parses a name such as {@code pareto-nbd}, {@code PARETO_NBD} or {@code paretonbd}; baselines included.
     *
     * @param text a model name, case-insensitive
     * @return the kind
     */
    public static ModelKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ModelKind k : values()) {
            if (k.id.equals(t) || k.id.replace("-", "").equals(t.replace("-", ""))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + text
                + "': expected pareto-nbd, bg-nbd, mbg-nbd, bg-bb or gamma-gamma"
                + " (or the baselines everyone-stays, last-period-rate)");
    }
}
