package org.churnkit.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Collects drift evidence and decides whether to retrain. Retraining is recommended, with a
 * human-readable reason for each, when
 * <ul>
 *   <li>a model parameter moved by more than {@code z} standard errors between consecutive origins
 *       ({@link ParameterDrift});</li>
 *   <li>a model's holdout MAE grew by more than the growth threshold from the first to the most
 *       recent origin ({@link PerformanceDecay});</li>
 *   <li>at the most recent origin a model no longer beats every naive baseline;</li>
 *   <li>a score or feature has a PSI of at least {@link PopulationStability#SIGNIFICANT} (0.25)
 *       between periods; a PSI in [0.1, 0.25) is a note, not a reason.</li>
 * </ul>
 * Mutable while collecting; {@link #assess} returns an immutable {@link Report}.
 */
public final class DriftMonitor {
    /** Default z threshold for parameter changes. */
    public static final double DEFAULT_Z = 2.0;
    /** Default relative error growth threshold. */
    public static final double DEFAULT_GROWTH = 0.25;

    private final double z;
    private final double growth;
    private final List<ParameterDrift> drifts = new ArrayList<>();
    private final List<PerformanceDecay> decays = new ArrayList<>();
    private final Map<String, PopulationStability> stability = new LinkedHashMap<>();
    private final List<String> reasons = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private DriftMonitor(double z, double growth) {
        this.z = z;
        this.growth = growth;
    }

    /**
     * Default thresholds: z = 2, error growth 25 %.
     *
     * @return a monitor with no findings yet
     */
    public static DriftMonitor of() {
        return of(DEFAULT_Z, DEFAULT_GROWTH);
    }

    /**
     * A monitor with these thresholds.
     *
     * @param zThreshold standard errors a parameter may move between origins, {@code > 0}
     * @param growthThreshold relative MAE growth allowed from first to last origin, {@code > 0}
     * @return a monitor with no findings yet
     */
    public static DriftMonitor of(double zThreshold, double growthThreshold) {
        if (!(zThreshold > 0) || !(growthThreshold > 0)) {
            throw new IllegalArgumentException("thresholds must be positive, got z " + zThreshold + " and growth "
                    + growthThreshold);
        }
        return new DriftMonitor(zThreshold, growthThreshold);
    }

    /**
     * Adds parameter drift and performance decay of every model of a backtest.
     *
     * @param result the backtest
     * @return this monitor
     */
    public DriftMonitor backtest(BacktestResult result) {
        // Origins are reported as the plan labels them: dates when it has a calendar.
        OriginPlan plan = result.plan();
        List<BacktestResult.OriginResult> origins = result.origins();
        double[] c = origins.stream().mapToDouble(o -> o.origin().origin()).toArray();
        for (String model : result.models()) {
            List<Optional<ModelOutcome>> outs = BacktestRunner.across(result, model);
            boolean baseline = outs.stream().flatMap(Optional::stream).anyMatch(ModelOutcome::isBaseline);
            double[] mae = new double[c.length];
            List<Double> okOrigins = new ArrayList<>();
            List<double[]> params = new ArrayList<>();
            List<double[]> ses = new ArrayList<>();
            List<String> names = null;
            for (int j = 0; j < c.length; j++) {
                Optional<ModelOutcome> o = outs.get(j);
                mae[j] = o.flatMap(ModelOutcome::result).map(HoldoutResult::mae).orElse(Double.NaN);
                if (o.isPresent() && o.get().succeeded()) {
                    if (names == null) {
                        names = o.get().parameterNames();
                    }
                    if (o.get().parameterNames().equals(names)) {
                        okOrigins.add(c[j]);
                        params.add(o.get().parameters());
                        ses.add(o.get().standardErrors().orElse(null));
                    }
                }
            }
            if (baseline) {
                continue;
            }
            PerformanceDecay d = PerformanceDecay.of(model, c, mae, growth);
            decays.add(d);
            if (d.decayed()) {
                reasons.add(String.format(Locale.ROOT, "%s: holdout MAE grew by %.1f %% from origin %s to origin %s"
                        + " (threshold %.1f %%)", model, 100 * d.growth(), plan.label(d.origins()[0]),
                        plan.label(d.origins()[d.origins().length - 1]), 100 * growth));
            }
            if (names != null && okOrigins.size() >= 2) {
                ParameterDrift p = ParameterDrift.of(model, names,
                        okOrigins.stream().mapToDouble(Double::doubleValue).toArray(),
                        params.toArray(double[][]::new), ses.toArray(double[][]::new), z);
                drifts.add(p);
                for (ParameterDrift.Change ch : p.flagged()) {
                    reasons.add(String.format(Locale.ROOT, "%s: parameter %s moved from %s to %s between origins"
                            + " %s and %s, %.2f standard errors (threshold %.2f)", model, ch.parameter(),
                            OriginPlan.plain(ch.before()), OriginPlan.plain(ch.after()), plan.label(ch.fromOrigin()),
                            plan.label(ch.toOrigin()), ch.z(), z));
                }
                if (p.hasUntested()) {
                    notes.add(model + ": some parameter changes could not be tested (no standard errors)");
                }
            }
        }
        BacktestResult.OriginResult head = result.headline();
        for (ComparisonTable.Row r : result.comparison().headline()) {
            boolean anyBaseline = head.outcomes().stream().anyMatch(o -> o.isBaseline() && o.succeeded());
            if (!r.baseline() && r.status().equals("ok") && anyBaseline && !r.beatsBaselines()) {
                reasons.add(String.format(Locale.ROOT, "%s: at the most recent origin %s its MAE %s does not beat"
                        + " the naive baselines", r.model(), plan.label(r.origin()), OriginPlan.plain(r.mae(), 4)));
            } else if (!r.baseline() && !r.status().equals("ok")) {
                reasons.add(r.model() + ": failed at the most recent origin " + plan.label(r.origin()) + " ("
                        + r.status() + ")");
            }
        }
        return this;
    }

    /**
     * Adds the PSI of the calibration features between two periods' splits: frequency {@code x},
     * recency {@code t_x} and inactivity {@code T - t_x} (time since the last purchase), named
     * {@code "frequency"}, {@code "recency"} and {@code "inactivity"} with {@code prefix} before them.
     *
     * @param prefix put before each feature name (e.g. a period label), may be empty
     * @param reference the reference period's split
     * @param current the current period's split
     * @return this monitor
     */
    public DriftMonitor features(String prefix, HoldoutSplit reference, HoldoutSplit current) {
        var r = reference.calibration();
        var c = current.calibration();
        stability(prefix + "frequency", r.frequencies(), c.frequencies());
        stability(prefix + "recency", r.recencies(), c.recencies());
        stability(prefix + "inactivity", inactivity(r), inactivity(c));
        return this;
    }

    private static double[] inactivity(org.churnkit.model.Histories h) {
        double[] v = new double[h.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = h.age(i) - h.recency(i);
        }
        return v;
    }

    /**
     * Adds the PSI of a score or feature between a reference and a current period.
     *
     * @param name what is compared, for the report
     * @param reference values in the reference period
     * @param current values in the current period
     * @return this monitor
     */
    public DriftMonitor stability(String name, double[] reference, double[] current) {
        return stability(name, PopulationStability.of(reference, current));
    }

    /**
     * Adds an already computed PSI.
     *
     * @param name what is compared, for the report
     * @param psi the population stability index
     * @return this monitor
     */
    public DriftMonitor stability(String name, PopulationStability psi) {
        stability.put(name, psi);
        switch (psi.level()) {
            case SIGNIFICANT -> reasons.add(String.format(Locale.ROOT,
                    "%s: population stability index %.4f >= %.2f (significant shift)", name, psi.value(),
                    PopulationStability.SIGNIFICANT));
            case MODERATE -> notes.add(String.format(Locale.ROOT,
                    "%s: population stability index %.4f in [%.2f, %.2f) (moderate shift, worth a look)", name,
                    psi.value(), PopulationStability.MODERATE, PopulationStability.SIGNIFICANT));
            case STABLE -> { }
        }
        return this;
    }

    /**
     * The verdict so far.
     *
     * @return the report
     */
    public Report assess() {
        return new Report(!reasons.isEmpty(), List.copyOf(reasons), List.copyOf(notes), List.copyOf(drifts),
                List.copyOf(decays), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stability)));
    }

    /**
     * The verdict.
     *
     * @param retrainRecommended whether some threshold was crossed
     * @param reasons why, one sentence each (empty when no retraining is needed)
     * @param notes observations below the thresholds (moderate PSI, untestable changes)
     * @param parameterDrift the parameter drift of each model between origins
     * @param performanceDecay the performance decay of each model over origins
     * @param stability the PSI of each compared score or feature, by name
     */
    public record Report(boolean retrainRecommended, List<String> reasons, List<String> notes,
                         List<ParameterDrift> parameterDrift, List<PerformanceDecay> performanceDecay,
                         Map<String, PopulationStability> stability) {
        /**
         * "retrain recommended: ..." or "no retraining needed".
         *
         * @return one line of text
         */
        public String summary() {
            return retrainRecommended ? "retrain recommended: " + String.join("; ", reasons) : "no retraining needed";
        }
    }
}
