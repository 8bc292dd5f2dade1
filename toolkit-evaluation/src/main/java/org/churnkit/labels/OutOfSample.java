package org.churnkit.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.ParallelRows;

/**
 * Out-of-sample probabilities of label 1, one per row: each row's probability comes from a model
 * that did not see that row. Three methods, named in every output ({@link Method}):
 *
 * <ul>
 *   <li>{@link #approximateLeaveOneOut}: for {@link AuditLogit}, leave-one-out by one Newton step
 *       from the full fit (Pregibon 1981, <i>Logistic regression diagnostics</i>, Ann. Statist.
 *       9(4):705–724; Rad and Maleki 2020, <i>A scalable estimate of the out-of-sample prediction
 *       error via approximate leave-one-out</i>, JRSS B 82(4)). With H the negative Hessian of the
 *       penalised log-likelihood at the full fit β̂, {@code q_i = z_iᵀ H⁻¹ z_i} and the hat-matrix
 *       diagonal {@code h_i = w_i p_i(1−p_i) q_i},
 *       <pre>  η_{−i} = η_i − w_i (y_i − p_i) q_i / (1 − h_i),   p_{−i} = σ(η_{−i})</pre>
 *       which is exactly one Newton step of the fit without row i started at β̂ (Sherman–Morrison).
 *       One fit and O(n p²) work: 100,000 rows take well under a second. It agrees with exact
 *       refits within 2e-3 in probability for every row (mean 1e-4) at n = 300, four features
 *       (tested; measured 4e-4 and 3e-5), and better as n grows. The features are standardised
 *       once, with the whole table's means and standard deviations, for the full fit and every
 *       left-out fit alike.</li>
 *   <li>{@link #exactLeaveOneOut}: n refits without one row each, Newton warm-started at β̂
 *       (usually two or three iterations): O(n² p²), offered up to {@value #EXACT_LIMIT} rows.</li>
 *   <li>{@link #kFold}: any {@link AuditTrainer} (the gradient-boosted baseline), stratified K-fold
 *       with a seeded shuffle: each row's probability from the model fitted on the other folds.</li>
 * </ul>
 * Immutable; the array accessor returns a copy.
 */
public final class OutOfSample {
    /** Largest number of rows {@link #exactLeaveOneOut} accepts (n refits of n rows each). */
    public static final int EXACT_LIMIT = 5_000;

    /** How the probabilities were computed. */
    public enum Method {
        /** One Newton step from the full logistic fit, per row (closed form with the hat matrix). */
        APPROXIMATE_LEAVE_ONE_OUT("loo-newton",
                "leave-one-out by one Newton step from the full logistic fit (hat-matrix diagonal; Pregibon 1981)"),
        /** n warm-started logistic refits. */
        EXACT_LEAVE_ONE_OUT("loo-exact", "exact leave-one-out: one warm-started logistic refit per row"),
        /** Stratified K-fold cross-fitting. */
        K_FOLD("kfold", "stratified K-fold: each row scored by the model fitted on the other folds");

        private final String id;
        private final String description;

        Method(String id, String description) {
            this.id = id;
            this.description = description;
        }

        /**
         * Short name, as written in output files.
         *
         * @return e.g. {@code loo-newton}
         */
        public String id() {
            return id;
        }

        /**
         * One sentence saying what the method does.
         *
         * @return the description
         */
        public String description() {
            return description;
        }
    }

    /** Computes out-of-sample probabilities for a labelled table. */
    @FunctionalInterface
    public interface Estimator {
        /**
         * Out-of-sample probabilities of label 1 for every row.
         *
         * @param x features, one row per case, finite
         * @param y labels 0 or 1, both present
         * @return the probabilities with the method used
         */
        OutOfSample estimate(double[][] x, int[] y);
    }

    private final double[] probabilityOfOne;
    private final Method method;
    private final String detail;

    private OutOfSample(double[] probabilityOfOne, Method method, String detail) {
        this.probabilityOfOne = probabilityOfOne;
        this.method = method;
        this.detail = detail;
    }

    /**
     * Wraps probabilities computed elsewhere (e.g. by a model validated out of sample already).
     *
     * @param probabilityOfOne one probability of label 1 per row, in [0, 1]
     * @param method how they were computed
     * @param detail a short note for outputs (model, folds, seed), may be empty
     * @return the probabilities
     */
    public static OutOfSample of(double[] probabilityOfOne, Method method, String detail) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(detail, "detail");
        for (int i = 0; i < probabilityOfOne.length; i++) {
            double p = probabilityOfOne[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability of row " + i + " is " + p + "; expected a number in [0, 1]");
            }
        }
        return new OutOfSample(probabilityOfOne.clone(), method, detail);
    }

    /**
     * Approximate leave-one-out probabilities of {@link AuditLogit} (formula in the class comment).
     *
     * @param x features, one row per case, finite
     * @param y labels 0 or 1, both present
     * @param o the logistic model's options
     * @return the probabilities, method {@link Method#APPROXIMATE_LEAVE_ONE_OUT}
     * @throws ChurnkitException when a row alone determines the fit (h_i = 1), naming the row
     */
    public static OutOfSample approximateLeaveOneOut(double[][] x, int[] y, AuditLogit.Options o) {
        AuditChecks.rows(x, y);
        AuditChecks.bothClasses(y, "the table");
        double[] w = AuditChecks.weights(null, y.length);
        AuditLogit fit = AuditLogit.fit(x, y, w, o);
        AuditLogit.Design d = fit.design();
        double[] b = fit.standardisedBeta();
        int k = d.cols;
        double[] grad = new double[k];
        double[] hess = new double[k * k];
        AuditLogit.gradientHessian(d, y, w, -1, b, o.ridge(), grad, hess);
        double[] l = AuditLogit.cholesky(hess, k);
        double[] out = new double[y.length];
        ParallelRows.forRanges(y.length, (from, to) -> {
            double[] u = new double[k];
            for (int i = from; i < to; i++) {
                AuditLogit.forward(l, k, d.z, i * k, u);
                double q = 0;
                for (double v : u) {
                    q += v * v;
                }
                double eta = d.eta(i, b);
                double p = AuditLogit.sigmoid(eta);
                double h = w[i] * p * (1 - p) * q;
                if (!(1 - h > 1e-12)) {
                    throw new ChurnkitException("row " + i + " alone determines the logistic fit (leverage "
                            + h + "): its leave-one-out prediction is undefined; use --method kfold");
                }
                out[i] = AuditLogit.sigmoid(eta - w[i] * (y[i] - p) * q / (1 - h));
            }
        });
        return new OutOfSample(out, Method.APPROXIMATE_LEAVE_ONE_OUT, "logit, ridge " + o.ridge());
    }

    /**
     * Exact leave-one-out probabilities of {@link AuditLogit}: one refit per row, warm-started at
     * the full fit, in parallel over rows.
     *
     * @param x features, one row per case, finite, at most {@value #EXACT_LIMIT} rows
     * @param y labels 0 or 1, both present
     * @param o the logistic model's options
     * @return the probabilities, method {@link Method#EXACT_LEAVE_ONE_OUT}
     * @throws IllegalArgumentException with more than {@value #EXACT_LIMIT} rows
     */
    public static OutOfSample exactLeaveOneOut(double[][] x, int[] y, AuditLogit.Options o) {
        int n = AuditChecks.rows(x, y);
        if (n > EXACT_LIMIT) {
            throw new IllegalArgumentException("exact leave-one-out refits the model once per row: at most "
                    + EXACT_LIMIT + " rows, got " + n + "; the approximate method agrees closely at this size");
        }
        AuditChecks.bothClasses(y, "the table");
        double[] w = AuditChecks.weights(null, n);
        AuditLogit fit = AuditLogit.fit(x, y, w, o);
        AuditLogit.Design d = fit.design();
        double[] b = fit.standardisedBeta();
        double[] out = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] bi = AuditLogit.newton(d, y, w, i, b, o).beta();
            out[i] = AuditLogit.sigmoid(d.eta(i, bi));
        });
        return new OutOfSample(out, Method.EXACT_LEAVE_ONE_OUT, "logit, ridge " + o.ridge());
    }

    /**
     * Stratified K-fold out-of-sample probabilities from any trainer: the rows of each label are
     * shuffled with {@code seed} and dealt to the folds in turn, so every fold holds each label in
     * about its overall share; each fold is scored by the model trained on the others (weights 1).
     *
     * @param x features, one row per case, finite
     * @param y labels 0 or 1, each held by at least {@code folds} rows
     * @param trainer the model
     * @param folds K, at least 2
     * @param seed seed of the shuffle; the same seed gives the same folds
     * @return the probabilities, method {@link Method#K_FOLD}
     */
    public static OutOfSample kFold(double[][] x, int[] y, AuditTrainer trainer, int folds, long seed) {
        int n = AuditChecks.rows(x, y);
        Objects.requireNonNull(trainer, "trainer");
        if (folds < 2) {
            throw new IllegalArgumentException("K-fold needs at least 2 folds, got " + folds);
        }
        int[] fold = stratifiedFolds(y, folds, seed);
        double[] out = new double[n];
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (fold[i] == f ? test : train).add(i);
            }
            double[][] xt = new double[train.size()][];
            int[] yt = new int[train.size()];
            for (int r = 0; r < xt.length; r++) {
                xt[r] = x[train.get(r)];
                yt[r] = y[train.get(r)];
            }
            double[] ones = AuditChecks.weights(null, xt.length);
            AuditTrainer.Model m = trainer.train(xt, yt, ones);
            double[][] xs = new double[test.size()][];
            for (int r = 0; r < xs.length; r++) {
                xs[r] = x[test.get(r)];
            }
            double[] p = m.probabilityOfOne(xs);
            for (int r = 0; r < xs.length; r++) {
                int i = test.get(r);
                if (!(p[r] >= 0 && p[r] <= 1)) {
                    throw new ChurnkitException("the " + trainer.name() + " model gave row " + i + " the probability "
                            + p[r] + ", not a number in [0, 1]");
                }
                out[i] = p[r];
            }
        }
        return new OutOfSample(out, Method.K_FOLD, trainer.name() + ", " + folds + " folds, seed " + seed);
    }

    /** Fold of each row: per label, a seeded shuffle dealt round-robin, continuing across labels. */
    static int[] stratifiedFolds(int[] y, int folds, long seed) {
        int n = y.length;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int[] fold = new int[n];
        int next = 0;
        for (int label = 0; label <= 1; label++) {
            int count = 0;
            for (int v : y) {
                count += v == label ? 1 : 0;
            }
            if (count < folds) {
                throw new IllegalArgumentException(count + " rows have label " + label + ", fewer than the " + folds
                        + " folds: every fold's training rows must hold both labels");
            }
            int[] idx = new int[count];
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (y[i] == label) {
                    idx[c++] = i;
                }
            }
            for (int i = count - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            for (int i : idx) {
                fold[i] = next;
                next = (next + 1) % folds;
            }
        }
        return fold;
    }

    /**
     * The approximate leave-one-out estimator ({@link #approximateLeaveOneOut}).
     *
     * @param o the logistic model's options
     * @return the estimator
     */
    public static Estimator leaveOneOut(AuditLogit.Options o) {
        Objects.requireNonNull(o, "options");
        return (x, y) -> approximateLeaveOneOut(x, y, o);
    }

    /**
     * The K-fold estimator ({@link #kFold}).
     *
     * @param trainer the model
     * @param folds K, at least 2
     * @param seed the shuffle's seed
     * @return the estimator
     */
    public static Estimator kFold(AuditTrainer trainer, int folds, long seed) {
        Objects.requireNonNull(trainer, "trainer");
        return (x, y) -> kFold(x, y, trainer, folds, seed);
    }

    /**
     * Out-of-sample probability of label 1 per row (a copy).
     *
     * @return one probability per row, in [0, 1]
     */
    public double[] probabilityOfOne() {
        return probabilityOfOne.clone();
    }

    double[] probabilitiesView() {
        return probabilityOfOne;
    }

    /**
     * Number of rows.
     *
     * @return n
     */
    public int size() {
        return probabilityOfOne.length;
    }

    /**
     * How the probabilities were computed.
     *
     * @return the method
     */
    public Method method() {
        return method;
    }

    /**
     * The method's description with its settings, for outputs.
     *
     * @return e.g. {@code "leave-one-out by one Newton step ... (logit, ridge 1.0)"}
     */
    public String describe() {
        return method.description() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
