package org.churnkit.segment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.i18n.Messages;

/**
 * k-means customer segmentation, configured once and immutable.
 *
 * <p>Algorithm, for n customers:
 * <ol>
 *   <li>Fit the {@link FeatureTransform} (log1p of skewed features, standardisation) on all customers.</li>
 *   <li>Draw a random sample of {@code min(n, fitSample)} customers (partial Fisher-Yates with the
 *       injected generator), and a selection sample of {@code min(n, selectionSample)} customers
 *       with a generator of fixed seed {@code SELECTION_SEED}, independent of the caller's.</li>
 *   <li>When k is automatic: for each k in [kMin, kMax], best of {@code selectionRestarts} Smile
 *       k-means runs on the selection sample (fixed seeds), then the mean silhouette of its first
 *       {@code silhouetteSample} customers. The chosen k is {@value #K_RULE} ({@link #chooseK}):
 *       when the fit is equally good, more segments are more actionable. Because the selection uses
 *       only fixed seeds, the chosen k depends on the data alone; reseeding cannot move it (with
 *       caller-seeded selection, CDNOW scores without spend chose k = 4, 5 and 6 for seeds 1 to 3).</li>
 *   <li>Best (lowest distortion) of {@code restarts} Smile k-means runs (k-means++ seeding, the
 *       caller's seeds) on the sample, run on all threads.</li>
 *   <li>Lloyd iterations on all customers from those centroids, and from the fixed-seed solution for
 *       the chosen k, until no centroid moves more than {@value #POLISH_TOL} (at most
 *       {@value #POLISH_MAX_ITER} passes); the one with the lower total distortion over all customers
 *       wins, but the caller's only when it is lower by more than {@value #MEANINGFUL_GAIN} (relative).
 *       The segments then depend on the seed only when the caller's restarts find a clearly better
 *       optimum.</li>
 *   <li>Order the segments by value index and name them from their members' statistics
 *       ({@link SegmentNaming}).</li>
 * </ol>
 * Candidate k never exceeds the number of distinct customer profiles in the sample (a given k that
 * does is an error); restarts that empty a cluster are discarded, and a centroid that attracts no
 * customer after the polish is dropped, so every segment has customers.
 * Deterministic: the same scores and the same generator state give the same segmentation, whatever
 * the thread timing.
 */
public final class Segmenter {
    /** Default features, used when present in the scores. */
    public static final List<Feature> DEFAULT_FEATURES = List.of(Feature.values());
    /**
     * Lloyd polish on all customers: stop when no centroid moves more than 0.001 standard deviations,
     * or after 30 passes. Starting from the optimum of a 50,000-customer sample the centroids are
     * already close; further passes over a million customers only creep along the boundaries.
     */
    static final double POLISH_TOL = 1e-3;
    static final int POLISH_MAX_ITER = 30;
    /** Silhouette difference below which candidate k count as equally good. */
    public static final double SILHOUETTE_TOLERANCE = 0.01;
    /**
     * The rule that chooses k, in words, for output next to the silhouettes.
     */
    public static final String K_RULE = "the largest k whose silhouette is within " + SILHOUETTE_TOLERANCE
            + " of the best";
    /** Relative distortion gain the caller-seeded solution needs to replace the fixed-seed one. */
    static final double MEANINGFUL_GAIN = 0.005;
    /** Seed of the generator that chooses k and draws the fixed-seed candidate (any constant would do). */
    static final long SELECTION_SEED = 0x5E6_2026L;

    private final List<Feature> features;
    private final int k;
    private final int kMin;
    private final int kMax;
    private final int restarts;
    private final int selectionRestarts;
    private final int fitSample;
    private final int selectionSample;
    private final int silhouetteSample;
    private final int maxIter;
    private final double tol;
    private final int threads;

    private Segmenter(Builder b) {
        this.features = b.features == null ? null : List.copyOf(b.features);
        this.k = b.k;
        this.kMin = b.kMin;
        this.kMax = b.kMax;
        this.restarts = b.restarts;
        this.selectionRestarts = b.selectionRestarts;
        this.fitSample = b.fitSample;
        this.selectionSample = b.selectionSample;
        this.silhouetteSample = b.silhouetteSample;
        this.maxIter = b.maxIter;
        this.tol = b.tol;
        this.threads = b.threads;
    }

    /**
     * A builder with the defaults: automatic k in [3, 8], 10 restarts, 50,000-customer fit sample.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Segmenter with all defaults.
     *
     * @return the segmenter
     */
    public static Segmenter of() {
        return builder().build();
    }

    /**
     * Features this segmenter uses on {@code scores}: the configured ones, or the defaults present.
     *
     * @param scores the customers' score columns
     * @return the features, in order
     */
    public List<Feature> featuresFor(ScoreColumns scores) {
        if (features != null) {
            return features;
        }
        List<Feature> out = new ArrayList<>();
        for (Feature f : DEFAULT_FEATURES) {
            if (scores.has(f.column())) {
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            throw new ChurnkitException("the scores have none of the segmentation features " + DEFAULT_FEATURES.stream()
                    .map(Feature::column).toList() + " (columns present: " + scores.names() + ")");
        }
        return out;
    }

    /**
     * Segments the customers in {@code scores}.
     *
     * @param rng source of all randomness (samples and k-means++ seeds)
     * @throws ChurnkitException when a feature is missing or not finite, or there are fewer customers than segments
     * @param scores the customers' score columns
     * @return the segment of each customer, the model and the profiles
     */
    public Segmentation fit(ScoreColumns scores, UniformRandomProvider rng) {
        Objects.requireNonNull(rng, "rng");
        List<Feature> fs = featuresFor(scores);
        int n = scores.size();
        int minK = k > 0 ? k : kMin;
        if (n < minK) {
            throw new ChurnkitException("cannot form " + minK + " segments from " + n + " customers");
        }
        FeatureTransform transform = FeatureTransform.fit(fs, scores);
        double[][] x = transform.apply(scores);

        int m = Math.min(n, fitSample);
        double[][] sample = sample(x, m, rng);

        // k-means cannot form more non-empty segments than there are distinct customer profiles.
        int distinct = KMeansEngine.distinctRows(sample, Math.max(k, kMax) + 1);
        if (k > 0 && distinct < k) {
            throw new ChurnkitException("only " + distinct + " distinct customer profiles on " + fs.stream()
                    .map(Feature::column).toList() + "; cannot form " + k + " segments");
        }
        if (k <= 0 && distinct < kMin) {
            throw new ChurnkitException("only " + distinct + " distinct customer profiles on " + fs.stream()
                    .map(Feature::column).toList() + "; need at least " + kMin + " for automatic segmentation (or give k)");
        }
        // The choice of k, and one candidate solution per k, come from a generator with a fixed seed,
        // not from the caller's: k is then a property of the data, and reseeding cannot move it.
        UniformRandomProvider fixed = RandomSource.XO_RO_SHI_RO_128_PP.create(SELECTION_SEED);
        int ms = Math.min(n, selectionSample);
        double[][] sel = sample(x, ms, fixed);
        SortedMap<Integer, Double> sil = new TreeMap<>();
        Map<Integer, KMeansEngine.Fit> fixedFits = new HashMap<>();
        int chosen = k;
        if (k <= 0) {
            double[][] silX = java.util.Arrays.copyOf(sel, Math.min(ms, silhouetteSample));
            double best = Double.NEGATIVE_INFINITY;
            for (int kk = kMin; kk <= Math.min(Math.min(kMax, ms), distinct); kk++) {
                KMeansEngine.Fit fit = KMeansEngine.bestOf(sel, kk, seeds(fixed, selectionRestarts), maxIter, tol, threads);
                fixedFits.put(kk, fit);
                int[] lab = KMeansEngine.assign(fit.centroids(), silX);
                double s = KMeansEngine.silhouette(silX, lab, kk);
                sil.put(kk, s);
                best = Math.max(best, s);
            }
            chosen = chooseK(sil);
        } else if (ms >= k && KMeansEngine.distinctRows(sel, k) >= k) {
            fixedFits.put(k, KMeansEngine.bestOf(sel, k, seeds(fixed, selectionRestarts), maxIter, tol, threads));
        }
        // Two candidates, each polished on all customers: the best of the caller's restarts on the
        // sample, and the fixed-seed solution. The caller's wins only when its total distortion is
        // lower by more than MEANINGFUL_GAIN: near-equal optima differ only in where a flat boundary
        // falls, and letting the seed pick between them is what moved segment sizes by 5 %.
        KMeansEngine.Fit fit = KMeansEngine.bestOf(sample, chosen, seeds(rng, restarts), maxIter, tol, threads);
        double[][] centroids = KMeansEngine.polish(x, fit.centroids(), POLISH_MAX_ITER, POLISH_TOL);
        KMeansEngine.Fit fixedFit = fixedFits.get(chosen);
        if (fixedFit != null) {
            double[][] alt = KMeansEngine.polish(x, fixedFit.centroids(), POLISH_MAX_ITER, POLISH_TOL);
            if (KMeansEngine.distortion(centroids, x) >= (1 - MEANINGFUL_GAIN) * KMeansEngine.distortion(alt, x)) {
                centroids = alt;
            }
        }
        int[] raw = KMeansEngine.assign(centroids, x);
        long[] used = new long[chosen];
        for (int a : raw) {
            used[a]++;
        }
        int nonEmpty = 0;
        for (long u : used) {
            nonEmpty += u > 0 ? 1 : 0;
        }
        if (nonEmpty < chosen) {
            // A centroid that attracts no customer is not a segment: drop it and renumber.
            int[] map = new int[chosen];
            double[][] kept = new double[nonEmpty][];
            for (int c = 0, j = 0; c < chosen; c++) {
                map[c] = used[c] > 0 ? j : -1;
                if (used[c] > 0) {
                    kept[j++] = centroids[c];
                }
            }
            for (int i = 0; i < n; i++) {
                raw[i] = map[raw[i]];
            }
            centroids = kept;
            chosen = nonEmpty;
        }

        // Order the clusters by value (then size), then name them from their members' statistics.
        List<SegmentNaming.Stats> pre = SegmentNaming.stats(raw, chosen, scores);
        double[] vi = new double[chosen];
        long[] size = new long[chosen];
        for (int c = 0; c < chosen; c++) {
            vi[c] = pre.get(c).valueIndex();
            size[c] = pre.get(c).customers();
        }
        Integer[] order = SegmentNaming.order(vi, size);
        int[] rankOf = new int[chosen];
        double[][] ordered = new double[chosen][];
        List<SegmentNaming.Stats> orderedStats = new ArrayList<>();
        for (int r = 0; r < chosen; r++) {
            int c = order[r];
            rankOf[c] = r;
            ordered[r] = centroids[c];
            orderedStats.add(pre.get(c));
        }
        List<SegmentNaming.Name> parts = SegmentNaming.names(orderedStats);
        Messages en = Messages.english();
        List<String> names = parts.stream().map(p -> p.render(en)).toList();
        List<String> actions = parts.stream().map(p -> p.action(en)).toList();
        int[] seg = new int[n];
        for (int i = 0; i < n; i++) {
            seg[i] = rankOf[raw[i]];
        }
        SegmentationModel model = SegmentationModel.of(transform, ordered, names, actions);
        List<SegmentProfile> profiles = SegmentProfile.compute(seg, names.toArray(String[]::new),
                actions.toArray(String[]::new), scores);
        return new Segmentation(model, seg, profiles, Collections.unmodifiableSortedMap(sil));
    }

    /**
     * The rule that chooses k from the mean silhouette of each candidate: the largest k whose
     * silhouette is within {@value #SILHOUETTE_TOLERANCE} of the best.
     *
     * @param silhouetteByK mean silhouette per candidate k (not empty)
     * @return the chosen k
     */
    public static int chooseK(SortedMap<Integer, Double> silhouetteByK) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : silhouetteByK.values()) {
            best = Math.max(best, v);
        }
        int chosen = silhouetteByK.firstKey();
        for (var e : silhouetteByK.entrySet()) {
            if (e.getValue() >= best - SILHOUETTE_TOLERANCE) {
                chosen = e.getKey();
            }
        }
        return chosen;
    }

    /** The first m rows of a random permutation of x (partial Fisher-Yates with rng). */
    private static double[][] sample(double[][] x, int m, UniformRandomProvider rng) {
        int n = x.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[][] out = new double[m][];
        for (int i = 0; i < m; i++) {
            out[i] = x[perm[i]];
        }
        return out;
    }

    private static long[] seeds(UniformRandomProvider rng, int count) {
        long[] s = new long[count];
        for (int i = 0; i < count; i++) {
            s[i] = rng.nextLong();
        }
        return s;
    }

    /** Configures a {@link Segmenter}. */
    public static final class Builder {
        private List<Feature> features;
        private int k = 0;
        private int kMin = 3;
        private int kMax = 8;
        private int restarts = 10;
        private int selectionRestarts = 10;
        private int fitSample = 50_000;
        private int selectionSample = 20_000;
        private int silhouetteSample = 3_000;
        private int maxIter = 100;
        private double tol = 1e-4;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /**
         * Features to cluster on (default: every {@link Feature} present in the scores).
         *
         * @param f the features, or {@code null} for the default
         * @return this builder
         */
        public Builder features(List<Feature> f) {
            if (f.isEmpty() || f.stream().distinct().count() != f.size()) {
                throw new ChurnkitException("features must be non-empty and distinct: " + f);
            }
            this.features = List.copyOf(f);
            return this;
        }

        /**
         * Number of segments; 0 (the default) chooses k by silhouette.
         *
         * @param v number of segments: 0 for automatic, else {@code >= 2}
         * @return this builder
         */
        public Builder k(int v) {
            if (v < 0 || v == 1) {
                throw new ChurnkitException("k must be 0 (automatic) or at least 2, got " + v);
            }
            this.k = v;
            return this;
        }

        /**
         * Range of k tried when k is automatic (default 3 to 8).
         *
         * @param min smallest k tried, {@code >= 2}
         * @param max largest k tried, {@code >= min}
         * @return this builder
         */
        public Builder kRange(int min, int max) {
            if (min < 2 || max < min) {
                throw new ChurnkitException("k range must satisfy 2 <= min <= max, got " + min + ".." + max);
            }
            this.kMin = min;
            this.kMax = max;
            return this;
        }

        /**
         * k-means restarts for the final fit (default 10).
         *
         * @param v number of restarts, {@code >= 1}
         * @return this builder
         */
        public Builder restarts(int v) {
            this.restarts = positive(v, "restarts");
            return this;
        }

        /**
         * Restarts per candidate k while choosing k (default 10).
         *
         * @param v number of restarts, {@code >= 1}
         * @return this builder
         */
        public Builder selectionRestarts(int v) {
            this.selectionRestarts = positive(v, "selection restarts");
            return this;
        }

        /**
         * Customers sampled for the restarts (default 50,000).
         *
         * @param v number of customers, {@code >= 1}
         * @return this builder
         */
        public Builder fitSample(int v) {
            this.fitSample = positive(v, "fit sample");
            return this;
        }

        /**
         * Customers sampled to fit each candidate k (default 20,000) and for the silhouette (default 3,000).
         *
         * @param fitPerK customers per candidate k, {@code >= 1}
         * @param silhouette customers for the silhouette, {@code >= 1}
         * @return this builder
         */
        public Builder selectionSample(int fitPerK, int silhouette) {
            this.selectionSample = positive(fitPerK, "selection sample");
            this.silhouetteSample = positive(silhouette, "silhouette sample");
            return this;
        }

        /**
         * Threads for restarts (default: available processors).
         *
         * @param v number of threads, {@code >= 1}
         * @return this builder
         */
        public Builder threads(int v) {
            this.threads = positive(v, "threads");
            return this;
        }

        /**
         * Builds the segmenter.
         *
         * @return the segmenter
         */
        public Segmenter build() {
            return new Segmenter(this);
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new ChurnkitException(what + " must be at least 1, got " + v);
            }
            return v;
        }
    }
}
