package org.churnkit.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Drift of one model's parameters between consecutive origins of a backtest. For parameter
 * {@code k} between origins {@code j-1} and {@code j}:
 * <pre>
 *   z = |theta_j - theta_{j-1}| / sqrt(se_j^2 + se_{j-1}^2)
 * </pre>
 * (two independent estimates; the fits share early data under an expanding window, which makes the
 * real difference's error smaller, so this test is conservative). A change is flagged when
 * {@code z > threshold}. Where either standard error is missing, NaN or zero, {@code z} is NaN and
 * the change is not tested (it is listed, never silently flagged). Immutable.
 */
public final class ParameterDrift {

    /**
     * One parameter between two consecutive origins.
     *
     * @param z standardised change, NaN when not testable
     * @param parameter the parameter's name
     * @param fromOrigin the earlier origin
     * @param toOrigin the later origin
     * @param before the estimate at the earlier origin
     * @param after the estimate at the later origin
     * @param flagged whether {@code z} exceeds the threshold
     */
    public record Change(String parameter, double fromOrigin, double toOrigin, double before, double after,
                         double z, boolean flagged) {}

    private final String model;
    private final double threshold;
    private final List<Change> changes;

    private ParameterDrift(String model, double threshold, List<Change> changes) {
        this.model = model;
        this.threshold = threshold;
        this.changes = List.copyOf(changes);
    }

    /**
     * Compares each parameter between consecutive origins.
     *
     * @param model model label
     * @param names parameter names
     * @param origins origin of each row of {@code params}
     * @param params parameters per origin, each {@code names.size()} long
     * @param standardErrors standard errors per origin (a row may be {@code null})
     * @param threshold {@code z} above which a change is flagged, {@code > 0}
     * @return the changes between consecutive origins
     */
    public static ParameterDrift of(String model, List<String> names, double[] origins, double[][] params,
                                    double[][] standardErrors, double threshold) {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("z threshold must be positive, got " + threshold);
        }
        if (params.length != origins.length || standardErrors.length != origins.length) {
            throw new IllegalArgumentException("one row of parameters and standard errors per origin is needed");
        }
        List<Change> out = new ArrayList<>();
        for (int j = 1; j < origins.length; j++) {
            for (int k = 0; k < names.size(); k++) {
                double a = params[j - 1][k];
                double b = params[j][k];
                double sa = standardErrors[j - 1] == null ? Double.NaN : standardErrors[j - 1][k];
                double sb = standardErrors[j] == null ? Double.NaN : standardErrors[j][k];
                double se = Math.sqrt(sa * sa + sb * sb);
                double z = Double.isFinite(se) && se > 0 ? Math.abs(b - a) / se : Double.NaN;
                out.add(new Change(names.get(k), origins[j - 1], origins[j], a, b, z, z > threshold));
            }
        }
        return new ParameterDrift(model, threshold, out);
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
     * Threshold on {@code z} above which a change is flagged.
     *
     * @return the threshold
     */
    public double threshold() {
        return threshold;
    }

    /**
     * Every change, by origin then parameter.
     *
     * @return the changes
     */
    public List<Change> changes() {
        return changes;
    }

    /**
     * Flagged changes only.
     *
     * @return the flagged changes
     */
    public List<Change> flagged() {
        return changes.stream().filter(Change::flagged).toList();
    }

    /**
     * Whether some change could not be tested for lack of standard errors.
     *
     * @return true when a standard error was missing
     */
    public boolean hasUntested() {
        return changes.stream().anyMatch(c -> Double.isNaN(c.z()));
    }
}
