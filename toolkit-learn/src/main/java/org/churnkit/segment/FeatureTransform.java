package org.churnkit.segment;

import java.util.List;
import java.util.Objects;
import org.churnkit.ChurnkitException;

/**
 * The map from raw features to the space k-means works in: for feature j,
 * <pre>  z_j = (g_j(v_j) - mean_j) / sd_j,   g_j(v) = log1p(v) if the feature is log-transformed, else v</pre>
 * where mean_j and sd_j are the mean and (population) standard deviation of g_j over the customers
 * the transform was fitted on.
 *
 * <p>Rule for the log transform, fixed so the same data always gives the same transform: a feature
 * is log-transformed when all its values are &ge; 0 and its sample skewness m3 / m2^1.5 exceeds
 * {@value #SKEW_THRESHOLD}. BTYD frequency, monetary value, expected transactions and CLV are
 * right-skewed with long tails; without the log a handful of big spenders would dominate Euclidean
 * distances and get clusters of their own. A constant feature (sd = 0) gets sd = 1, so it maps to 0
 * and plays no part in the distances.
 *
 * <p>NaN or infinite inputs are rejected with {@link ChurnkitException} naming the customer.
 */
public final class FeatureTransform {
    /** Skewness above which a non-negative feature is log1p-transformed. */
    public static final double SKEW_THRESHOLD = 1.0;

    private final List<Feature> features;
    private final boolean[] log1p;
    private final double[] mean;
    private final double[] sd;

    private FeatureTransform(List<Feature> features, boolean[] log1p, double[] mean, double[] sd) {
        this.features = List.copyOf(features);
        this.log1p = log1p.clone();
        this.mean = mean.clone();
        this.sd = sd.clone();
    }

    /**
     * A transform with given parameters (as stored in a model file).
     *
     * @throws ChurnkitException when lengths differ, a mean is not finite or an sd is not finite and positive
     * @param features the features, in column order
     * @param log1p per feature, whether {@code log1p} is applied before standardising
     * @param mean per feature, the mean after the optional log
     * @param sd per feature, the standard deviation after the optional log, {@code > 0}
     * @return the transform
     */
    public static FeatureTransform of(List<Feature> features, boolean[] log1p, double[] mean, double[] sd) {
        Objects.requireNonNull(features, "features");
        int d = features.size();
        if (d == 0 || log1p.length != d || mean.length != d || sd.length != d) {
            throw new ChurnkitException("feature transform: " + d + " features but " + log1p.length + " log flags, "
                    + mean.length + " means and " + sd.length + " standard deviations");
        }
        if (features.stream().distinct().count() != d) {
            throw new ChurnkitException("feature transform: a feature is listed twice in " + features);
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(mean[j]) || !Double.isFinite(sd[j]) || sd[j] <= 0) {
                throw new ChurnkitException("feature transform: " + features.get(j).column() + " has mean " + mean[j]
                        + " and sd " + sd[j] + "; expected a finite mean and a finite positive sd");
            }
        }
        return new FeatureTransform(features, log1p, mean, sd);
    }

    /**
     * Fits the transform to the customers in {@code scores}: decides the log transforms by the rule
     * above and computes means and standard deviations.
     *
     * @throws ChurnkitException when a feature column is missing, or a value is NaN or infinite (naming the customer)
     * @param features the features to use
     * @param scores the customers' score columns
     * @return the fitted transform
     */
    public static FeatureTransform fit(List<Feature> features, ScoreColumns scores) {
        int d = features.size();
        if (d == 0) {
            throw new ChurnkitException("no features to segment on");
        }
        int n = scores.size();
        if (n == 0) {
            throw new ChurnkitException("no customers to segment");
        }
        boolean[] log = new boolean[d];
        double[] mean = new double[d];
        double[] sd = new double[d];
        double[][] cols = new double[d][];
        for (int j = 0; j < d; j++) {
            // Checked in feature order first, so the error for bad input does not depend on thread timing.
            cols[j] = scores.require(features.get(j).column());
            checkFinite(features.get(j), cols[j], scores);
        }
        // One feature per task: the passes over a million customers are independent per feature.
        java.util.stream.IntStream.range(0, d).parallel().forEach(j -> {
            double[] v = cols[j];
            double min = Double.POSITIVE_INFINITY;
            for (double x : v) {
                min = Math.min(min, x);
            }
            log[j] = min >= 0 && skewness(v, false) > SKEW_THRESHOLD;
            double m = 0;
            for (double x : v) {
                m += log[j] ? Math.log1p(x) : x;
            }
            m /= n;
            double ss = 0;
            for (double x : v) {
                double z = (log[j] ? Math.log1p(x) : x) - m;
                ss += z * z;
            }
            double s = Math.sqrt(ss / n);
            mean[j] = m;
            sd[j] = s > 0 && Double.isFinite(s) ? s : 1.0;
        });
        return new FeatureTransform(features, log, mean, sd);
    }

    /** Sample skewness m3 / m2^1.5 of {@code v} (or of log1p(v)); 0 for a constant column. */
    static double skewness(double[] v, boolean log) {
        int n = v.length;
        double m = 0;
        for (double x : v) {
            m += log ? Math.log1p(x) : x;
        }
        m /= n;
        double m2 = 0;
        double m3 = 0;
        for (double x : v) {
            double z = (log ? Math.log1p(x) : x) - m;
            m2 += z * z;
            m3 += z * z * z;
        }
        m2 /= n;
        m3 /= n;
        return m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0.0;
    }

    static void checkFinite(Feature f, double[] v, ScoreColumns scores) {
        int bad = ScoreColumns.firstNonFinite(v);
        if (bad >= 0) {
            throw new ChurnkitException("customer " + scores.id(bad) + ": " + f.column() + " is " + v[bad]
                    + "; segmentation needs a finite value");
        }
    }

    /**
     * The features, in column order of the transformed space.
     *
     * @return the features
     */
    public List<Feature> features() {
        return features;
    }

    /**
     * Number of features.
     *
     * @return the number of features
     */
    public int dimension() {
        return features.size();
    }

    /**
     * Whether feature j is log1p-transformed.
     *
     * @param j feature index, {@code 0 <= j < dimension()}
     * @return true when log1p is applied
     */
    public boolean isLog(int j) {
        return log1p[j];
    }

    /**
     * Mean of feature j after the optional log.
     *
     * @param j feature index, {@code 0 <= j < dimension()}
     * @return the mean
     */
    public double mean(int j) {
        return mean[j];
    }

    /**
     * Standard deviation of feature j after the optional log.
     *
     * @param j feature index, {@code 0 <= j < dimension()}
     * @return the standard deviation
     */
    public double sd(int j) {
        return sd[j];
    }

    /**
     * Transformed value of feature j.
     *
     * @param j feature index, {@code 0 <= j < dimension()}
     * @param raw the feature value in its own unit
     * @return the standardised value
     */
    public double apply(int j, double raw) {
        return ((log1p[j] ? Math.log1p(raw) : raw) - mean[j]) / sd[j];
    }

    /**
     * Inverse of {@link #apply(int, double)}: raw feature value at standardised {@code z}.
     *
     * @param j feature index, {@code 0 <= j < dimension()}
     * @param z the standardised value
     * @return the raw feature value
     */
    public double invert(int j, double z) {
        double g = z * sd[j] + mean[j];
        return log1p[j] ? Math.expm1(g) : g;
    }

    /**
     * All customers in the transformed space, one row per customer.
     *
     * @throws ChurnkitException when a feature column is missing or holds a NaN or infinite value
     * @param scores the customers' score columns
     * @return one row of {@link #dimension()} values per customer
     */
    public double[][] apply(ScoreColumns scores) {
        int d = dimension();
        double[][] cols = new double[d][];
        for (int j = 0; j < d; j++) {
            cols[j] = scores.require(features.get(j).column());
            checkFinite(features.get(j), cols[j], scores);
        }
        int n = scores.size();
        double[][] x = new double[n][d];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            double[] row = x[i];
            for (int j = 0; j < d; j++) {
                row[j] = apply(j, cols[j][i]);
            }
        });
        return x;
    }
}
