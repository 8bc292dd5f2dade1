package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;

/**
 * The nonparametric bootstrap of a fit (Efron and Tibshirani 1993, ch. 6): the model is refitted
 * on customers resampled with replacement, and the refits' parameter vectors are returned as
 * {@link ParameterDraws} of method {@link ParameterDraws.Method#BOOTSTRAP}, whose intervals every
 * engine reads as percentile intervals at the refits' order statistics of ranks
 * {@code (B + 1)(1 -+ c)/2} ({@link ParameterDraws.Method#quantileLevels}).
 *
 * <p>How it is made cheap: the data are first merged into distinct histories with weights
 * ({@link CompressedHistories}). Drawing {@code n} customers with replacement from {@code n} is
 * the same as drawing, for each distinct history, how many of the {@code n} draws land on it (a
 * multinomial with probabilities proportional to the weights), so a resample is the distinct rows
 * reweighted, rows drawn zero times left out; no customer-level data are built. Each refit is a
 * single L-BFGS run on the log-parameters (the fitter's minimiser and stopping rule) started at the
 * full-data estimate (a resample's optimum is near it, so a few iterations suffice; no multistart).
 * The one exception is the correlated Pareto/NBD model, whose refits also start from the estimate
 * with omega 0 and keep the better run: near an end of omega's range the warm start alone stops on
 * the bound ({@link CovariatePredictionIntervals#bootstrapDraws}).
 * With non-integer weights (already weighted data) {@code round(W)} customers are drawn with
 * probabilities proportional to the weights.
 *
 * <p>Reproducibility: one 64-bit seed per refit is taken from the injected random source up front,
 * in refit order; refit {@code b} draws its resample from a generator seeded with seed {@code b}
 * alone. Refits run in parallel (common fork-join pool), yet the draws are identical to the bit
 * for the same source state whatever the scheduling or the number of processors (up to the
 * likelihood's own block summation, which depends on the processor count above 8192 distinct rows
 * per processor, see {@link ModelFitter}).
 *
 * <p>Refits that do not converge, that run to the boundary when the estimate did not (judged from
 * the parameters alone, as the fit's own diagnosis does: e.g. a shape pair beyond 1e6 at a fixed
 * ratio), or whose likelihood
 * cannot be evaluated are not silently dropped: they are left out of the draws, counted in {@link #failed()} and described in
 * {@link #failures()}; the caller decides whether that share is acceptable. When every refit
 * fails the bootstrap is an error.
 *
 * <p>The bootstraps of the covariate models ({@link CovariatePredictionIntervals#bootstrapDraws},
 * the correlated model included, and {@link TimeVaryingPredictionIntervals#bootstrapDraws}) run
 * this class's refit loop with their own likelihoods, so every bootstrap resamples, seeds,
 * screens and counts failures alike.
 */
public final class Bootstrap {
    private final ParameterDraws draws;
    private final int requested;
    private final List<String> failures;

    private Bootstrap(ParameterDraws draws, int requested, List<String> failures) {
        this.draws = draws;
        this.requested = requested;
        this.failures = failures;
    }

    /**
     * Bootstraps a fit: the likelihood of the fit's model family ({@link ModelRegistry#likelihood}),
     * refits warm-started at the fit's estimate, with the fit's recorded optimiser settings when it
     * has a provenance record (else {@link ModelFitter.Settings#defaults()}).
     *
     * @param fit the full-data fit
     * @param data the histories it was fitted on
     * @param refits number of resamples, at least 1
     * @param rng the random source (consumed: {@code refits} longs are drawn from it)
     * @return the bootstrap
     * @throws ChurnkitException when every refit failed
     */
    public static Bootstrap of(FitResult<?> fit, Histories data, int refits, UniformRandomProvider rng) {
        ModelFitter.Settings settings = fit.summary().fitProvenance().map(FitProvenance::settings)
                .orElse(ModelFitter.Settings.defaults());
        return of(ModelRegistry.likelihood(fit.model().kind()), data, fit.parameters(), settings, refits, rng);
    }

    /**
     * Bootstraps a model read from a file ({@link ModelFiles#read}): refits of its family warm-started
     * at its parameters, with the optimiser settings its fit recorded (else the defaults). The data
     * must be the histories it was fitted on (the summary file given to {@code fit}); this is not
     * checked against the recorded SHA-256, so a bootstrap on other customers is possible on purpose
     * (e.g. the same customers re-summarised).
     *
     * @param model the fitted model
     * @param data the histories
     * @param refits number of resamples, at least 1
     * @param rng the random source (consumed: {@code refits} longs are drawn from it)
     * @return the bootstrap
     * @throws ChurnkitException when every refit failed
     */
    public static Bootstrap of(FittedModel model, Histories data, int refits, UniformRandomProvider rng) {
        ModelFitter.Settings settings = model.fit().flatMap(FitSummary::fitProvenance).map(FitProvenance::settings)
                .orElse(ModelFitter.Settings.defaults());
        return of(ModelRegistry.likelihood(model.kind()), data, model.parameterArray(), settings, refits, rng);
    }

    /**
     * Bootstraps the maximum-likelihood fit of {@code model} to {@code data}.
     *
     * @param model the likelihood
     * @param data the histories (possibly weighted)
     * @param estimate the full-data estimate (natural scale, positive), the start of every refit
     * @param settings optimiser settings (gradient tolerance and iteration limit are used; starts
     *     and screening are not: each refit is one run from {@code estimate})
     * @param refits number of resamples, at least 1
     * @param rng the random source (consumed: {@code refits} longs are drawn from it)
     * @return the bootstrap
     * @throws IllegalArgumentException when {@code refits < 1} or the estimate has the wrong length
     *     or is not positive
     * @throws ChurnkitException when there are no customers or every refit failed
     */
    public static Bootstrap of(LikelihoodFunction<?> model, Histories data, double[] estimate,
            ModelFitter.Settings settings, int refits, UniformRandomProvider rng) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(rng, "rng");
        if (refits < 1) {
            throw new IllegalArgumentException("the number of refits must be at least 1, got " + refits);
        }
        int k = model.kind().parameterNames().size();
        if (estimate.length != k) {
            throw new IllegalArgumentException("the estimate has " + estimate.length + " parameters, "
                    + model.kind().id() + " has " + k);
        }
        double[] start = estimate.clone();
        for (double v : start) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("the estimate must be positive and finite: " + Arrays.toString(start));
            }
        }
        if (data.size() == 0 || !(data.totalWeight() > 0)) {
            throw new ChurnkitException("cannot bootstrap " + model.kind().id() + ": no customers");
        }
        Histories rows = CompressedHistories.compress(data, model.kind().isSpendModel());
        int d = rows.size();
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = rows.weight(i);
        }
        long customers = Math.round(rows.totalWeight());
        if (customers < 1) {
            throw new ChurnkitException("cannot bootstrap " + model.kind().id() + ": total weight "
                    + rows.totalWeight() + " is less than one customer");
        }
        double tol = settings.gradientTolerance();
        int maxIterations = settings.maxIterations();
        Refits<double[]> r = refit(model.kind(), model.kind().id(), start, meanAge(rows), w, customers, refits, rng,
                (b, counts) -> {
                    Multistart.Run run = Multistart.minimise(model, resample(rows, counts), start, tol, maxIterations);
                    double[] p = run.params();
                    return new Refitted<>(p, run.converged(), run.message(), () -> p);
                });
        ParameterDraws draws = ParameterDraws.of(ParameterDraws.Method.BOOTSTRAP, start,
                r.draws().toArray(double[][]::new));
        return new Bootstrap(draws, refits, r.failures());
    }

    /**
     * The refit of one resample: the refitted model's base parameters (natural scale, in the
     * order of {@link ModelKind#parameterNames()}), whether the optimiser converged and its
     * message, and the draw to keep when the refit is accepted (built only then: a refit outside
     * the domain may not make a model).
     *
     * @param base the base parameters, screened for the boundary
     * @param converged whether the optimiser met its tolerance
     * @param message the optimiser's message
     * @param draw the draw
     * @param <T> the draw's type
     */
    record Refitted<T>(double[] base, boolean converged, String message, java.util.function.Supplier<T> draw) {}

    /** Refits one resample: {@code counts[i]} is how often distinct row i was drawn. */
    @FunctionalInterface
    interface Refit<T> {
        Refitted<T> apply(int b, int[] counts);
    }

    /**
     * The accepted refits of a bootstrap, in refit order, and why each other one failed.
     *
     * @param draws the accepted refits
     * @param requested refits asked for
     * @param failures one message per failed refit, in refit order
     * @param <T> the draws' type
     */
    record Refits<T>(List<T> draws, int requested, List<String> failures) {}

    /**
     * The refit loop every bootstrap shares (plain models, covariate models, the correlated and
     * the time-varying Pareto/NBD), so that all of them resample, seed, screen and count
     * failures alike. One seed per refit is drawn from {@code rng} up front, in refit order;
     * refit b draws how often each of the {@code d} distinct rows is hit by {@code customers}
     * draws with replacement (probabilities proportional to {@code w}; an alias sampler on a
     * generator seeded with seed b alone), so refit b depends on seed b only and the refits run
     * in parallel (common fork-join pool) with the same result however they are scheduled.
     *
     * <p>A refit is left out and described when the optimiser did not converge, its base
     * parameters leave the model's domain, or, when {@code estimate} lies inside, they run to the
     * boundary ({@link FitDiagnostics#boundaryFindings}: a refit on resampled customers can run
     * there where the fit did not, e.g. s and beta of Pareto/NBD to infinity together, and one
     * such refit at log s = 15 would dominate any spread); a fit accepted on the boundary has its
     * resamples there too, and those are its draws. A refit whose likelihood cannot be evaluated
     * ({@link ChurnkitException} or {@link IllegalArgumentException}) is a failure too.
     *
     * @param kind the model family whose base parameters are screened
     * @param what the model's name in the error when every refit failed
     * @param estimate the full-data base parameters (natural scale)
     * @param meanT the customers' weighted mean age T, for the boundary screening
     * @param w the distinct rows' weights
     * @param customers how many customers a resample draws, at least 1
     * @param refits number of resamples, at least 1
     * @param rng the random source (consumed: {@code refits} longs)
     * @param refit the refit of one resample
     * @return the accepted refits and the failures
     * @throws ChurnkitException when every refit failed
     */
    static <T> Refits<T> refit(ModelKind kind, String what, double[] estimate, double meanT, double[] w,
            long customers, int refits, UniformRandomProvider rng, Refit<T> refit) {
        if (refits < 1) {
            throw new IllegalArgumentException("the number of refits must be at least 1, got " + refits);
        }
        // Refits are screened for the boundary only when the estimate lies inside: a fit accepted on
        // the boundary has its resamples there too, and those are its draws.
        boolean screen = FitDiagnostics.boundaryFindings(kind, estimate, meanT, "per time unit").isEmpty();
        // One seed per refit, drawn up front in refit order: refit b depends on seed b only.
        long[] seeds = new long[refits];
        for (int b = 0; b < refits; b++) {
            seeds[b] = rng.nextLong();
        }
        int d = w.length;
        SharedStateDiscreteSampler proto = AliasMethodDiscreteSampler.of(RandomSource.XO_RO_SHI_RO_128_PP.create(0L), w);
        Object[] out = new Object[refits];
        String[] errors = new String[refits];
        IntStream.range(0, refits).parallel().forEach(b -> {
            SharedStateDiscreteSampler sampler = proto.withUniformRandomProvider(
                    RandomSource.XO_RO_SHI_RO_128_PP.create(seeds[b]));
            int[] counts = counts(sampler, d, customers);
            try {
                Refitted<T> run = refit.apply(b, counts);
                String outside = ModelRegistry.outsideDomain(kind, run.base());
                List<FitFinding> edge = screen && outside == null
                        ? FitDiagnostics.boundaryFindings(kind, run.base(), meanT, "per time unit") : List.of();
                if (!run.converged()) {
                    errors[b] = "refit " + b + " did not converge: " + run.message();
                } else if (outside != null) {
                    errors[b] = "refit " + b + " ran to the boundary: " + outside;
                } else if (!edge.isEmpty()) {
                    errors[b] = "refit " + b + " ran to the boundary: " + edge.get(0).message();
                } else {
                    out[b] = run.draw().get();
                }
            } catch (ChurnkitException | IllegalArgumentException e) {
                errors[b] = "refit " + b + " failed: " + e.getMessage();
            }
        });
        List<T> ok = new ArrayList<>(refits);
        List<String> failed = new ArrayList<>();
        for (int b = 0; b < refits; b++) {
            if (out[b] != null) {
                @SuppressWarnings("unchecked")
                T draw = (T) out[b];
                ok.add(draw);
            } else {
                failed.add(errors[b]);
            }
        }
        if (ok.isEmpty()) {
            throw new ChurnkitException("bootstrap of " + what + ": all " + refits + " refits failed; the first: "
                    + failed.get(0));
        }
        return new Refits<>(List.copyOf(ok), refits, List.copyOf(failed));
    }

    /** How often each of {@code d} rows is hit by {@code customers} draws of {@code sampler}. */
    static int[] counts(SharedStateDiscreteSampler sampler, int d, long customers) {
        int[] counts = new int[d];
        for (long c = 0; c < customers; c++) {
            counts[sampler.sample()]++;
        }
        return counts;
    }

    /** The weighted mean age T of the rows (what the boundary screening compares rates with). */
    static double meanAge(Histories rows) {
        double ageSum = 0;
        for (int i = 0; i < rows.size(); i++) {
            ageSum += rows.weight(i) * rows.age[i];
        }
        return ageSum / rows.totalWeight();
    }

    /**
     * The distinct rows reweighted by how often each was drawn ({@code counts}; rows never drawn
     * are left out; the order of the rows is kept).
     */
    static Histories resample(Histories rows, int[] counts) {
        int d = rows.size();
        int m = 0;
        for (int i = 0; i < d; i++) {
            if (counts[i] > 0) {
                m++;
            }
        }
        double[] x = new double[m];
        double[] tx = new double[m];
        double[] t = new double[m];
        double[] mv = rows.monetary == null ? null : new double[m];
        double[] w = new double[m];
        String[] ids = rows.ids == null ? null : new String[m];
        int j = 0;
        for (int i = 0; i < d; i++) {
            if (counts[i] == 0) {
                continue;
            }
            x[j] = rows.frequency[i];
            tx[j] = rows.recency[i];
            t[j] = rows.age[i];
            if (mv != null) {
                mv[j] = rows.monetary[i];
            }
            if (ids != null) {
                ids[j] = rows.ids[i];
            }
            w[j] = counts[i];
            j++;
        }
        return Histories.wrap(x, tx, t, mv, w, ids);
    }

    /**
     * The converged refits' parameter vectors, around the full-data estimate.
     *
     * @return the draws (method {@link ParameterDraws.Method#BOOTSTRAP})
     */
    public ParameterDraws draws() {
        return draws;
    }

    /**
     * Refits asked for.
     *
     * @return the number of resamples
     */
    public int requested() {
        return requested;
    }

    /**
     * Refits that failed (did not converge, ran to the boundary or could not be evaluated) and
     * are not among the draws.
     *
     * @return {@code requested() - draws().count()}
     */
    public int failed() {
        return failures.size();
    }

    /**
     * Why each failed refit failed, in refit order.
     *
     * @return one message per failed refit (unmodifiable)
     */
    public List<String> failures() {
        return failures;
    }

    /**
     * Bootstrap standard errors: the standard deviation of each parameter over the draws
     * (divisor {@code count - 1}; 0 for a single draw).
     *
     * @return one standard error per parameter, in the model's order
     */
    public double[] standardErrors() {
        int n = draws.count();
        int k = draws.estimate().length;
        double[] mean = new double[k];
        double[][] all = new double[n][];
        for (int b = 0; b < n; b++) {
            all[b] = draws.draw(b);
            for (int j = 0; j < k; j++) {
                mean[j] += all[b][j] / n;
            }
        }
        double[] se = new double[k];
        if (n < 2) {
            return se;
        }
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int b = 0; b < n; b++) {
                double e = all[b][j] - mean[j];
                s += e * e;
            }
            se[j] = Math.sqrt(s / (n - 1));
        }
        return se;
    }

    @Override
    public String toString() {
        return "Bootstrap[" + draws.count() + " of " + requested + " refits converged, " + failed() + " failed]";
    }
}
