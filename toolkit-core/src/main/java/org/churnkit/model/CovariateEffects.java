package org.churnkit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.i18n.Messages;

/**
 * The coefficients of a {@link StaticCovariateFit} (or of a {@link TimeVaryingCovariateFit}, see
 * {@link #of(TimeVaryingCovariateFit, TimeVaryingCovariates)}) as multipliers a marketer can read ("customers
 * with Channel = online buy 2.30 times as often"), each with its 95 % interval, and as sentences
 * in English or Korean ({@link #sentences(Messages)}).
 *
 * <p>What a coefficient multiplies (signs as in {@link StaticCovariateModel}; z the transformed
 * covariate, {@code z = (raw - centre) / scale}):
 * <ul>
 *   <li>purchase (both models): {@code alpha_i = alpha exp(-gamma z)}, so the mean purchase rate
 *       {@code r / alpha_i} is multiplied by {@code exp(gamma z)}: a positive coefficient means
 *       more purchases ({@link Kind#PURCHASE_RATE});</li>
 *   <li>Pareto/NBD dropout: {@code beta_i = beta exp(-gamma z)}, so the mean dropout rate
 *       {@code s / beta_i} is multiplied by {@code exp(gamma z)}: a positive coefficient means
 *       leaving sooner ({@link Kind#DROPOUT_RATE});</li>
 *   <li>BG/NBD dropout: {@code a_i = a exp(gamma z)}, {@code b_i = b exp(gamma z)}, so the mean
 *       dropout probability per purchase {@code a / (a + b)} is unchanged and its Beta
 *       distribution's concentration {@code a_i + b_i} is multiplied by {@code exp(gamma z)}: above
 *       1, customers are more alike in their dropout probability ({@link Kind#DROPOUT_CONCENTRATION}).</li>
 * </ul>
 *
 * <p>The unit of change is honest about the recorded scaling: an <b>indicator</b> (a column
 * {@code c=v} made by {@link Covariates#read} from a categorical column, or any name with a
 * {@code =} when no covariates are given) compares level v with the reference level, a raw change
 * from 0 to 1, so its multiplier is {@code exp(gamma / scale)}; a <b>continuous</b> covariate
 * reads per raw unit ({@code exp(gamma / scale)}) when it was not scaled, and per standard
 * deviation ({@code exp(gamma)}, one unit of z = {@code scale} raw units) when it was. The 95 %
 * interval is the exponential of the Wald interval {@code gamma +- 1.96 se}, divided by the same
 * scale. An effect is <b>detectable</b> when the interval excludes 1 (equivalently the Wald test of
 * gamma = 0 rejects at 5 %). A coefficient constrained equal in both processes gives two effects.
 *
 * <p>Without a standard error (the Hessian was not negative definite) the interval is NaN and the
 * sentence says that no interval is available; a multiplier or interval end beyond the double
 * range is infinite (shown as "unbounded"). Sentences show two decimals, and "more than 1,000" or
 * "less than 0.01" outside that range. Immutable.
 */
public final class CovariateEffects {
    /** What a multiplier multiplies. */
    public enum Kind {
        /** The mean purchase rate (both models). */
        PURCHASE_RATE,
        /** The mean dropout rate (Pareto/NBD). */
        DROPOUT_RATE,
        /** The concentration {@code a + b} of the dropout probability's Beta distribution, its mean unchanged (BG/NBD). */
        DROPOUT_CONCENTRATION
    }

    /**
     * One coefficient's effect.
     *
     * @param kind what the multiplier multiplies
     * @param covariate the covariate's name in the model ({@code Channel=online}, {@code age})
     * @param column for an indicator, the categorical column ({@code Channel}); otherwise the name
     * @param level for an indicator, its level ({@code online}); otherwise {@code null}
     * @param referenceLevel for an indicator, the reference level when known; otherwise {@code null}
     * @param scale the recorded scale of the covariate (raw units per unit of z)
     * @param perStandardDeviation whether a continuous covariate's multiplier is per standard
     *     deviation ({@code scale} raw units) rather than per raw unit; false for indicators
     * @param coefficient the estimate gamma (on the transformed covariate)
     * @param multiplier the factor on the rate (or concentration) per step described above
     * @param lower lower end of its 95 % interval (NaN without a standard error)
     * @param upper upper end of its 95 % interval (NaN without a standard error; may be infinite)
     * @param timeVarying whether the covariate varies over time (a {@link TimeVaryingCovariateModel}):
     *     the multiplier then applies in the periods where the covariate takes the stated value, and
     *     the sentence says so
     */
    public record Effect(Kind kind, String covariate, String column, String level, String referenceLevel,
                         double scale, boolean perStandardDeviation, double coefficient, double multiplier,
                         double lower, double upper, boolean timeVarying) {
        /**
         * The effect of a time-invariant covariate (as before time-varying effects existed).
         *
         * @param kind what the multiplier multiplies
         * @param covariate the covariate's name in the model
         * @param column for an indicator, the categorical column; otherwise the name
         * @param level for an indicator, its level; otherwise {@code null}
         * @param referenceLevel for an indicator, the reference level when known; otherwise {@code null}
         * @param scale the recorded scale of the covariate
         * @param perStandardDeviation whether the multiplier is per standard deviation
         * @param coefficient the estimate gamma
         * @param multiplier the factor on the rate (or concentration)
         * @param lower lower end of its 95 % interval
         * @param upper upper end of its 95 % interval
         */
        public Effect(Kind kind, String covariate, String column, String level, String referenceLevel,
                      double scale, boolean perStandardDeviation, double coefficient, double multiplier,
                      double lower, double upper) {
            this(kind, covariate, column, level, referenceLevel, scale, perStandardDeviation, coefficient,
                    multiplier, lower, upper, false);
        }

        /**
         * Whether the covariate is an indicator of a level.
         *
         * @return true when {@link #level()} is set
         */
        public boolean indicator() {
            return level != null;
        }

        /**
         * Whether the 95 % interval is known.
         *
         * @return false when the standard error could not be computed
         */
        public boolean hasInterval() {
            return !Double.isNaN(lower) && !Double.isNaN(upper);
        }

        /**
         * Whether the effect is detectable: the 95 % interval is known and excludes 1.
         *
         * @return true when detectable
         */
        public boolean detectable() {
            return hasInterval() && (lower > 1 || upper < 1);
        }
    }

    private final ModelKind model;
    private final List<Effect> effects;

    private CovariateEffects(ModelKind model, List<Effect> effects) {
        this.model = model;
        this.effects = List.copyOf(effects);
    }

    /**
     * The effects of a fit, indicators recognised by a {@code =} in their name, reference levels unknown.
     *
     * @param fit the fit
     * @return the effects, purchase ones first, in the model's covariate order
     */
    public static CovariateEffects of(StaticCovariateFit fit) {
        return of(fit, null);
    }

    /**
     * The effects of a fit, with the indicators and reference levels of the covariates it was fitted on.
     *
     * @param fit the fit
     * @param covariates the covariates as read (for {@link Covariates#referenceLevels()}), or {@code null}
     * @return the effects, purchase ones first, in the model's covariate order
     */
    public static CovariateEffects of(StaticCovariateFit fit, Covariates covariates) {
        Objects.requireNonNull(fit, "fit");
        StaticCovariateModel m = fit.model();
        Map<String, String> refs = covariates == null ? null : covariates.referenceLevels();
        List<Effect> out = new ArrayList<>();
        for (String name : m.purchaseCovariates()) {
            out.add(effect(Kind.PURCHASE_RATE, name, estimateOf(fit.estimates(), "purchase", name), m.transform(name)[1], refs, null));
        }
        Kind dropout = m.kind() == ModelKind.BG_NBD ? Kind.DROPOUT_CONCENTRATION : Kind.DROPOUT_RATE;
        for (String name : m.dropoutCovariates()) {
            out.add(effect(dropout, name, estimateOf(fit.estimates(), "dropout", name), m.transform(name)[1], refs, null));
        }
        return new CovariateEffects(m.kind(), out);
    }

    /**
     * The effects of a model as its file records them: the coefficients with the standard errors
     * recorded at fitting ({@link StaticCovariateModel#purchaseStandardErrors()}), intervals
     * {@code gamma +- 1.96 se} as a fit's; without a recorded standard error (an older model file)
     * the interval is NaN and the sentence says no interval is available.
     *
     * @param model the model
     * @param covariates the customers' covariates as read (for {@link Covariates#referenceLevels()}), or {@code null}
     * @return the effects, purchase ones first, in the model's covariate order
     */
    public static CovariateEffects of(StaticCovariateModel model, Covariates covariates) {
        Objects.requireNonNull(model, "model");
        Map<String, String> refs = covariates == null ? null : covariates.referenceLevels();
        List<Effect> out = new ArrayList<>();
        double[] g = model.purchaseCoefficients();
        double[] se = model.purchaseStandardErrors();
        for (int k = 0; k < g.length; k++) {
            String name = model.purchaseCovariates().get(k);
            out.add(effect(Kind.PURCHASE_RATE, name, wald(g[k], se[k]), model.transform(name)[1], refs, null));
        }
        Kind dropout = model.kind() == ModelKind.BG_NBD ? Kind.DROPOUT_CONCENTRATION : Kind.DROPOUT_RATE;
        g = model.dropoutCoefficients();
        se = model.dropoutStandardErrors();
        for (int k = 0; k < g.length; k++) {
            String name = model.dropoutCovariates().get(k);
            out.add(effect(dropout, name, wald(g[k], se[k]), model.transform(name)[1], refs, null));
        }
        return new CovariateEffects(model.kind(), out);
    }

    /** A coefficient with its Wald interval (NaN ends for a NaN standard error), as the fitter states it. */
    private static StaticCovariateFit.Estimate wald(double g, double se) {
        return new StaticCovariateFit.Estimate("", g, se, g - Z95 * se, g + Z95 * se);
    }

    /** The 0.975 quantile of the standard normal distribution. */
    private static final double Z95 = 1.959963984540054;

    /** The estimate of a covariate in a process, under its own or its equality-constrained name. */
    private static StaticCovariateFit.Estimate estimateOf(List<StaticCovariateFit.Estimate> estimates, String process,
                                                          String name) {
        for (StaticCovariateFit.Estimate e : estimates) {
            if (e.name().equals(process + ":" + name) || e.name().equals("purchase=dropout:" + name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no estimate '" + process + ":" + name + "' (there are: "
                + estimates.stream().map(StaticCovariateFit.Estimate::name).toList() + ")");
    }

    /**
     * One effect. {@code flags} is null for a time-invariant covariate; for a time-varying one, the
     * names of the covariates whose values are all 0 or 1 (read as "the periods with name = 1
     * against those with 0"), possibly empty.
     */
    private static Effect effect(Kind kind, String name, StaticCovariateFit.Estimate e, double scale,
                                 Map<String, String> refs, java.util.Set<String> flags) {
        String column = name;
        String level = null;
        String ref = null;
        int eq = name.indexOf('=');
        if (eq > 0 && (refs == null || refs.containsKey(name.substring(0, eq)))) {
            column = name.substring(0, eq);
            level = name.substring(eq + 1);
            ref = refs == null ? null : refs.get(column);
        } else if (flags != null && flags.contains(name)) {
            level = "1";
            ref = "0";
        }
        // An indicator always steps its raw value from 0 to 1 (1/scale in z); a continuous covariate
        // steps one unit of z: a standard deviation when it was scaled, a raw unit when not.
        boolean perSd = level == null && scale != 1.0;
        double per = level == null ? 1.0 : 1.0 / scale;
        double g = e.estimate();
        return new Effect(kind, name, column, level, ref, scale, perSd, g, Math.exp(g * per),
                Math.exp(e.lower() * per), Math.exp(e.upper() * per), flags != null);
    }

    /**
     * The effects of a fit with time-varying covariates: each coefficient's multiplier on the
     * purchase rate ({@code lambda exp(gamma_P' z(t))}) or the dropout rate ({@code mu exp(gamma_D'
     * z(t))}) in the periods where the covariate is one unit higher, all else equal, i.e.
     * {@code exp(gamma)} (the covariates are used untransformed), with the 95 % interval
     * {@code exp(gamma +- 1.96 se)} of the fit. An indicator {@code column=level} compares the
     * periods at that level with those at the model's recorded reference level; a covariate whose
     * values in {@code covariates} are all 0 or 1 (a flag such as a high-season week) compares the
     * periods where it is 1 with those where it is 0; any other reads per unit.
     *
     * @param fit the fit
     * @param covariates the paths it was fitted on (to recognise 0/1 flags), or {@code null}
     * @return the effects, purchase ones first, in the model's covariate order
     */
    public static CovariateEffects of(TimeVaryingCovariateFit fit, TimeVaryingCovariates covariates) {
        Objects.requireNonNull(fit, "fit");
        TimeVaryingCovariateModel m = fit.model();
        return timeVarying(m, process -> name -> estimateOf(fit.estimates(), process, name), covariates);
    }

    /**
     * The effects of a time-varying covariate model as its file records them, read as {@link
     * #of(TimeVaryingCovariateFit, TimeVaryingCovariates)}, with the standard errors recorded at
     * fitting ({@link TimeVaryingCovariateModel#purchaseStandardErrors()}); without one (a model
     * built without them, an older file) the interval is NaN and the sentence says no interval is
     * available.
     *
     * @param model the model
     * @param covariates customers' paths with the model's covariates (to recognise 0/1 flags), or {@code null}
     * @return the effects, purchase ones first, in the model's covariate order
     */
    public static CovariateEffects of(TimeVaryingCovariateModel model, TimeVaryingCovariates covariates) {
        Objects.requireNonNull(model, "model");
        List<String> pn = model.purchaseCovariates();
        List<String> dn = model.dropoutCovariates();
        double[] pg = model.purchaseCoefficients();
        double[] dg = model.dropoutCoefficients();
        double[] ps = model.purchaseStandardErrors();
        double[] ds = model.dropoutStandardErrors();
        return timeVarying(model, process -> name -> "purchase".equals(process)
                ? wald(pg[pn.indexOf(name)], ps[pn.indexOf(name)])
                : wald(dg[dn.indexOf(name)], ds[dn.indexOf(name)]), covariates);
    }

    /** The shared path of the time-varying factories: estimates by process and name. */
    private static CovariateEffects timeVarying(TimeVaryingCovariateModel m,
                                                java.util.function.Function<String, java.util.function.Function<String,
                                                        StaticCovariateFit.Estimate>> estimate,
                                                TimeVaryingCovariates covariates) {
        java.util.Set<String> flags = covariates == null ? java.util.Set.of() : flags(covariates);
        Map<String, String> refs = m.referenceLevels();
        List<Effect> out = new ArrayList<>();
        for (String name : m.purchaseCovariates()) {
            out.add(effect(Kind.PURCHASE_RATE, name, estimate.apply("purchase").apply(name), 1.0, refs, flags));
        }
        for (String name : m.dropoutCovariates()) {
            out.add(effect(Kind.DROPOUT_RATE, name, estimate.apply("dropout").apply(name), 1.0, refs, flags));
        }
        return new CovariateEffects(ModelKind.PARETO_NBD, out);
    }

    /** The covariates whose every value (over the distinct covariate vectors) is 0 or 1. */
    private static java.util.Set<String> flags(TimeVaryingCovariates d) {
        int c = d.names.size();
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int j = 0; j < c; j++) {
            boolean flag = true;
            for (int v = j; v < d.levels.length && flag; v += c) {
                flag = d.levels[v] == 0 || d.levels[v] == 1;
            }
            if (flag) {
                out.add(d.names.get(j));
            }
        }
        return out;
    }

    /**
     * The model family the effects belong to.
     *
     * @return {@link ModelKind#PARETO_NBD} or {@link ModelKind#BG_NBD}
     */
    public ModelKind model() {
        return model;
    }

    /**
     * The effects, purchase ones first.
     *
     * @return the effects
     */
    public List<Effect> effects() {
        return effects;
    }

    /**
     * One sentence per effect in the language of {@code messages} (keys {@code covariate.*}),
     * multipliers and interval ends with two decimals.
     *
     * @param messages the language
     * @return the sentences, in {@link #effects()} order
     */
    public List<String> sentences(Messages messages) {
        Objects.requireNonNull(messages, "messages");
        List<String> out = new ArrayList<>(effects.size());
        for (Effect e : effects) {
            out.add(sentence(e, messages));
        }
        return out;
    }

    /**
     * The sentence of one effect.
     *
     * @param e the effect
     * @param messages the language
     * @return the sentence
     */
    public static String sentence(Effect e, Messages messages) {
        // Time-varying effects hold in periods, not for customers: their own keys ("covariate.tv.*").
        String p = e.timeVarying() ? "covariate.tv." : "covariate.";
        String subject;
        if (e.timeVarying() && e.indicator() && e.covariate().equals(e.column())) {
            subject = messages.get("covariate.tv.subject.flag", e.column(), e.level(), e.referenceLevel());
        } else if (e.indicator()) {
            subject = e.referenceLevel() == null
                    ? messages.get(p + "subject.indicatorNoRef", e.column(), e.level())
                    : messages.get(p + "subject.indicator", e.column(), e.level(), e.referenceLevel());
        } else if (e.perStandardDeviation()) {
            subject = messages.get("covariate.subject.perSd", e.column(), number(e.scale(), messages));
        } else {
            subject = messages.get(p + "subject.perUnit", e.column());
        }
        String kind = switch (e.kind()) {
            case PURCHASE_RATE -> "purchase";
            case DROPOUT_RATE -> "dropout";
            case DROPOUT_CONCENTRATION -> "concentration";
        };
        String verdict = !e.hasInterval() ? "unknown" : e.detectable() ? "detected" : "none";
        return messages.get(p + kind + "." + verdict, subject, number(e.multiplier(), messages),
                number(e.lower(), messages), number(e.upper(), messages));
    }

    /**
     * A multiplier or interval end as the sentences show it: two decimals between {@value #SMALL}
     * and {@value #LARGE}; beyond, "less than 0.01" or "more than 1,000" (a run-off coefficient's
     * thirty-digit factor says nothing more), and "unbounded" beyond the double range, never
     * "Infinity". For tables that stand next to the sentences.
     *
     * @param v a multiplier, not NaN
     * @param messages the language
     * @return the text
     */
    public static String number(double v, Messages messages) {
        if (Double.isInfinite(v)) {
            return messages.get("covariate.unbounded");
        }
        if (v > LARGE) {
            return messages.get("covariate.above", messages.decimal(LARGE, 0));
        }
        if (v < SMALL) {
            return messages.get("covariate.below", messages.decimal(SMALL, 2));
        }
        return messages.decimal(v, 2);
    }

    /** Multipliers shown as numbers from here... */
    private static final double SMALL = 0.01;
    /** ...up to here. */
    private static final double LARGE = 1000;

    @Override
    public String toString() {
        return "CovariateEffects[" + model.id() + ", " + effects + "]";
    }
}
