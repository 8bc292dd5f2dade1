package org.churnkit.evaluation;

import java.util.Arrays;

/**
 * Performance decay of one model across origins: its holdout error (per-customer MAE) at each
 * origin, the relative growth from the first to the most recent origin,
 * {@code g = e_K / e_1 - 1}, and the least-squares slope of the error per origin step. Decay is
 * flagged when {@code g} exceeds a threshold (default 0.25: a quarter more error than when first
 * backtested). Origins where the model failed are left out. Immutable.
 */
public final class PerformanceDecay {
    private final String model;
    private final double[] origins;
    private final double[] errors;
    private final double growth;
    private final double slope;
    private final double threshold;

    private PerformanceDecay(String model, double[] origins, double[] errors, double growth, double slope,
                             double threshold) {
        this.model = model;
        this.origins = origins;
        this.errors = errors;
        this.growth = growth;
        this.slope = slope;
        this.threshold = threshold;
    }

    /**
     * Growth and trend of a model's error over the origins.
     *
     * @param errors error per origin, oldest first; NaN marks an origin where the model failed
     * @param threshold relative growth above which decay is flagged, {@code > 0}
     * @param model model label
     * @param origins the origins, oldest first
     * @return the decay assessment
     */
    public static PerformanceDecay of(String model, double[] origins, double[] errors, double threshold) {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("growth threshold must be positive, got " + threshold);
        }
        if (origins.length != errors.length) {
            throw new IllegalArgumentException("one error per origin is needed");
        }
        int n = 0;
        double[] o = new double[origins.length];
        double[] e = new double[errors.length];
        for (int i = 0; i < errors.length; i++) {
            if (Double.isFinite(errors[i])) {
                o[n] = origins[i];
                e[n] = errors[i];
                n++;
            }
        }
        o = Arrays.copyOf(o, n);
        e = Arrays.copyOf(e, n);
        double growth = n >= 2 && e[0] > 0 ? e[n - 1] / e[0] - 1 : Double.NaN;
        double slope = Double.NaN;
        if (n >= 2) {
            double mx = (n - 1) / 2.0;
            double my = 0;
            for (double v : e) {
                my += v;
            }
            my /= n;
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < n; i++) {
                sxy += (i - mx) * (e[i] - my);
                sxx += (i - mx) * (i - mx);
            }
            slope = sxy / sxx;
        }
        return new PerformanceDecay(model, o, e, growth, slope, threshold);
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
     * Origins with a finite error (a copy).
     *
     * @return the origins
     */
    public double[] origins() {
        return origins.clone();
    }

    /**
     * Errors at those origins (a copy).
     *
     * @return the errors
     */
    public double[] errors() {
        return errors.clone();
    }

    /**
     * {@code e_K / e_1 - 1}; NaN with fewer than two origins or a zero first error.
     *
     * @return the relative growth of the error
     */
    public double growth() {
        return growth;
    }

    /**
     * Least-squares slope of the error per origin step; NaN with fewer than two origins.
     *
     * @return the slope
     */
    public double slope() {
        return slope;
    }

    /**
     * Relative growth above which decay is flagged.
     *
     * @return the threshold
     */
    public double threshold() {
        return threshold;
    }

    /**
     * Whether the error grew by more than the threshold.
     *
     * @return {@code growth() > threshold()}
     */
    public boolean decayed() {
        return growth > threshold;
    }
}
