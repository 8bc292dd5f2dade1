package org.churnkit.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.ChurnkitVersion;
import org.churnkit.data.TimeUnit;
import org.churnkit.numerics.Cholesky;
import org.churnkit.numerics.Lbfgs;
import org.churnkit.numerics.StrongWolfeLineSearch;

/**
 * Maximum-likelihood fitting of any {@link LikelihoodFunction}: L-BFGS on the log-parameters with
 * the likelihood's analytic gradient and a strong-Wolfe line search (Nocedal and Wright 2006,
 * algorithms 7.4, 3.5 and 3.6), from several starting points.
 *
 * <ul>
 *   <li>Identical histories are merged first ({@link CompressedHistories}).</li>
 *   <li>The likelihood is evaluated in blocks of rows in parallel (common fork-join pool) and the
 *       block sums are added in a fixed order, so results do not depend on thread timing.</li>
 *   <li>Every start is run to a loose gradient tolerance (1e-4: enough to find its basin); the
 *       best, and any other optimum at a different point within 1e-6 (relative) of its
 *       log-likelihood, are refined to the full tolerance, and the best converged one is kept.
 *       With more distinct rows than {@link Settings#screenRows()}, the starts are run on an
 *       evenly spaced subsample of that size (deterministic: rows sorted by frequency, every
 *       n/m-th) and only the best is continued: to the target tolerance on the subsample, then on
 *       all rows by L-BFGS whose initial inverse Hessian is the subsample's (the first steps are
 *       near-Newton steps, so all rows are evaluated a handful of times). The same stopping rule
 *       holds on all rows. A subsample optimum that is not a safe seed (its refinement ran far or
 *       did not converge, or its Hessian is not negative definite) is not used: all rows are then
 *       fitted from the screened point.</li>
 *   <li>Convergence: the largest gradient component of the mean log-likelihood on the log scale
 *       below {@link Settings#gradientTolerance()}; or a relative change of the objective below
 *       1e-14 over three iterations with that gradient below 1000 times the tolerance (rounding
 *       noise), or a line search that finds no decrease with that gradient below 100 times the
 *       tolerance (the rounding floor). Anything else, including the iteration limit, gives a result flagged as not
 *       converged, which {@link #fitOrThrow} turns into an error.</li>
 *   <li>Standard errors: the Hessian of the total log-likelihood on the log scale by central
 *       differences of the analytic gradient (step 1e-4; above the screening size by forward
 *       differences from the gradient at the estimate, step 1e-6, half the passes over the rows),
 *       inverted, then the delta method
 *       {@code cov(theta_i, theta_j) = theta_i theta_j cov(log theta_i, log theta_j)}.</li>
 *   <li>Diagnosis ({@link FitSummary#status()}, {@link FitSummary#findings()}): parameters that ran
 *       to the boundary (a pair to infinity at a fixed ratio, a rate to 0), a Hessian that is not
 *       negative definite, intervals spanning orders of magnitude, data that cannot identify the
 *       model; each finding names the parameters, the limiting model and what data would identify
 *       them (see {@link FitStatus}). Only {@link FitStatus#CONVERGED} is a plain success.</li>
 *   <li>Provenance: the summary records how the fit was made as data ({@link FitProvenance}:
 *       model, settings with the starts used, data SHA-256, version); {@link #refit} replays it.</li>
 * </ul>
 *
 * <p>This class only orchestrates; the pieces are package-private classes of their own: the
 * multistart policy ({@code Multistart}), the minimiser ({@code Lbfgs}) and its line search
 * ({@code StrongWolfeLineSearch}), the objective on the log scale ({@code LogScaleObjective}),
 * the observed information ({@code Hessians}) and its inversion ({@code Cholesky}).
 */
public final class ModelFitter {
    private final Settings settings;

    private ModelFitter(Settings settings) {
        this.settings = settings;
    }

    /**
     * A fitter with {@link Settings#defaults()}.
     *
     * @return the fitter
     */
    public static ModelFitter of() {
        return new ModelFitter(Settings.defaults());
    }

    /**
     * A fitter with these settings.
     *
     * @param settings the optimiser settings
     * @return the fitter
     */
    public static ModelFitter of(Settings settings) {
        return new ModelFitter(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * The optimiser settings.
     *
     * @return the settings
     */
    public Settings settings() {
        return settings;
    }

    /**
     * Optimiser settings.
     *
     * @param maxIterations L-BFGS iterations per start
     * @param gradientTolerance convergence threshold on the largest gradient component of the mean
     *     per-customer log-likelihood with respect to the log-parameters
     * @param screenRows above this many distinct rows, starts are screened on a subsample
     * @param starts starting points (natural scale), or {@code null} for the likelihood's own
     * @param timeUnit unit of recency and age recorded in the fit, or {@code null} when unknown
     */
    public record Settings(int maxIterations, double gradientTolerance, int screenRows, double[][] starts,
                           TimeUnit timeUnit) {
        /**
         * Checks the settings and copies the starts.
         *
         * @throws IllegalArgumentException when maxIterations &lt; 1, gradientTolerance is not positive or screenRows &lt; 100
         */
        public Settings {
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1");
            }
            if (!(gradientTolerance > 0)) {
                throw new IllegalArgumentException("gradientTolerance must be > 0");
            }
            if (screenRows < 100) {
                throw new IllegalArgumentException("screenRows must be >= 100");
            }
            starts = starts == null ? null : Arrays.stream(starts).map(double[]::clone).toArray(double[][]::new);
        }

        /**
         * Default settings: 1000 iterations, tolerance 1e-8, screening above 20,000 rows, the likelihood's own starts.
         *
         * @return the defaults
         */
        public static Settings defaults() {
            return new Settings(1000, 1e-8, 20_000, null, null);
        }

        /**
         * The same settings with this time unit.
         *
         * @param unit unit of recency and age, or {@code null}
         * @return a copy
         */
        public Settings withTimeUnit(TimeUnit unit) {
            return new Settings(maxIterations, gradientTolerance, screenRows, starts, unit);
        }

        /**
         * The same settings with these starts.
         *
         * @param s starting points on the natural scale, or {@code null}
         * @return a copy
         */
        public Settings withStarts(double[][] s) {
            return new Settings(maxIterations, gradientTolerance, screenRows, s, timeUnit);
        }

        /**
         * The same settings with this iteration limit.
         *
         * @param n L-BFGS iterations per start, {@code >= 1}
         * @return a copy
         */
        public Settings withMaxIterations(int n) {
            return new Settings(n, gradientTolerance, screenRows, starts, timeUnit);
        }

        /**
         * The same settings with this tolerance.
         *
         * @param g gradient tolerance, {@code > 0}
         * @return a copy
         */
        public Settings withGradientTolerance(double g) {
            return new Settings(maxIterations, g, screenRows, starts, timeUnit);
        }

        /**
         * The same settings with this screening threshold.
         *
         * @param rows distinct rows above which starts are screened on a subsample, {@code >= 100}
         * @return a copy
         */
        public Settings withScreenRows(int rows) {
            return new Settings(maxIterations, gradientTolerance, rows, starts, timeUnit);
        }

        /**
         * Starting points (a copy), or {@code null}.
         *
         * @return the starts, or {@code null}
         */
        @Override
        public double[][] starts() {
            return starts == null ? null : Arrays.stream(starts).map(double[]::clone).toArray(double[][]::new);
        }

        /**
         * Equal when every setting is, the starts compared by value.
         *
         * @param o another object
         * @return whether {@code o} is the same settings
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Settings t && t.maxIterations == maxIterations
                    && Double.compare(t.gradientTolerance, gradientTolerance) == 0 && t.screenRows == screenRows
                    && Arrays.deepEquals(t.starts, starts) && t.timeUnit == timeUnit;
        }

        /**
         * A hash consistent with {@link #equals}.
         *
         * @return the hash
         */
        @Override
        public int hashCode() {
            return Objects.hash(maxIterations, gradientTolerance, screenRows, Arrays.deepHashCode(starts), timeUnit);
        }

        /**
         * The settings with the starts' values.
         *
         * @return the text
         */
        @Override
        public String toString() {
            return "Settings[maxIterations=" + maxIterations + ", gradientTolerance=" + gradientTolerance
                    + ", screenRows=" + screenRows + ", starts=" + Arrays.deepToString(starts) + ", timeUnit="
                    + (timeUnit == null ? "unknown" : timeUnit.label()) + "]";
        }

        String describe() {
            return "L-BFGS(m=" + Lbfgs.MEMORY + ", strong Wolfe c1=" + StrongWolfeLineSearch.C1 + " c2="
                    + StrongWolfeLineSearch.C2 + ") on log-parameters, "
                    + "gradient tolerance " + gradientTolerance + " (mean log-likelihood), max " + maxIterations
                    + " iterations, " + (starts == null ? "default starts" : starts.length + " given starts")
                    + ", screening subsample " + screenRows + " rows (its refined optimum and inverse Hessian seeding "
                    + "the run on all rows), Hessian by central differences (step "
                    + Hessians.STEP + "; above " + screenRows + " rows forward differences from the final gradient, step "
                    + Hessians.FORWARD_STEP + ")";
        }
    }

    /**
     * Fits and returns the result even if the optimiser did not converge (then
     * {@code result.summary().converged()} is false and the message says why).
     *
     * @throws ChurnkitException if the data are empty or the likelihood cannot be evaluated at any start
     * @param <M> the type of the model fitted
     * @param model the likelihood to maximise
     * @param data the histories, possibly weighted
     * @return the fit, converged or not
     */
    public <M extends FittedModel> FitResult<M> fit(LikelihoodFunction<M> model, Histories data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        if (data.size() == 0 || !(data.totalWeight() > 0)) {
            throw new ChurnkitException("cannot fit " + model.kind().id() + ": no customers");
        }
        String sha = FitProvenance.digest(model.kind(), data);
        Histories rows = CompressedHistories.compress(data, model.kind().isSpendModel());
        double[][] starts = settings.starts != null ? settings.starts() : model.startingPoints(rows);
        int k = model.kind().parameterNames().size();
        for (double[] s : starts) {
            if (s.length != k) {
                throw new IllegalArgumentException("a start has " + s.length + " parameters, " + model.kind().id()
                        + " needs " + k);
            }
        }
        Multistart.Outcome outcome = Multistart.run(model, rows, starts, settings);
        return result(model, data, rows, sha, starts, outcome, "", null);
    }

    /** Standard errors, diagnosis and provenance of the optimum {@code outcome} found. */
    private <M extends FittedModel> FitResult<M> result(LikelihoodFunction<M> model, Histories data, Histories rows,
                                                        String sha, double[][] starts, Multistart.Outcome outcome,
                                                        String note, FitPredecessor predecessor) {
        Multistart.Run best = outcome.best();
        double[] theta = best.params();
        // Above the screening size every pass over the rows counts: the Hessian is taken by forward
        // differences from the gradient the optimiser holds at the estimate (Hessians).
        double[] g0 = rows.size() > settings.screenRows ? best.totalLogGradientAt(theta) : null;
        double[][] negHessian = g0 != null ? Hessians.negativeHessianLogForward(model, rows, theta, g0)
                : Hessians.negativeHessianLog(model, rows, theta);
        return result(model, data, rows, sha, starts, outcome, note, predecessor, negHessian, settings.describe());
    }

    /** As above, with the observed information already taken ({@code null}: it could not be) and the settings in words. */
    private <M extends FittedModel> FitResult<M> result(LikelihoodFunction<M> model, Histories data, Histories rows,
                                                        String sha, double[][] starts, Multistart.Outcome outcome,
                                                        String note, FitPredecessor predecessor,
                                                        double[][] negHessian, String described) {
        int k = model.kind().parameterNames().size();
        Multistart.Run best = outcome.best();
        double[] theta = best.params();
        double[][] covLog = negHessian == null ? null : Cholesky.invertPositiveDefinite(negHessian);
        double[] se = new double[k];
        double[] cov = null;
        String hessianNote = "";
        if (covLog != null) {
            // Delta method: cov(theta_i, theta_j) = theta_i theta_j cov(log theta_i, log theta_j).
            cov = new double[k * k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    cov[i * k + j] = theta[i] * theta[j] * covLog[i][j];
                }
                se[i] = Math.sqrt(cov[i * k + i]);
            }
        } else {
            Arrays.fill(se, Double.NaN);
            hessianNote = "; the Hessian is not negative definite, standard errors unavailable";
        }
        List<String> failures = outcome.failures();
        String message = best.message() + note + " (" + starts.length + " starts; best of " + outcome.refined()
                + " refined run(s), " + outcome.converged() + " converged"
                + (outcome.screenedOnSubsample()
                        ? "; " + starts.length + " starts screened on " + settings.screenRows + " rows" : "")
                + (failures.isEmpty() ? "" : "; " + failures.size() + " start(s) failed") + ")" + hessianNote;
        String version = ChurnkitVersion.get();
        FitProvenance recipe = FitProvenance.of(model.kind(), settings.withStarts(starts), sha, version);
        FitSummary.Provenance prov = new FitSummary.Provenance(sha, Instant.now(), version, described,
                recipe, predecessor);
        FitDiagnostics.Diagnosis diagnosis = FitDiagnostics.diagnose(model.kind(), theta, negHessian, covLog,
                best.converged(), rows, settings.timeUnit);
        FitSummary summary = new FitSummary(best.logLik(), se, cov, data.totalWeight(), rows.size(), best.converged(),
                best.iterations(), message, settings.timeUnit, prov, diagnosis.status(), diagnosis.findings());
        return new FitResult<>(model.create(theta, summary), theta, summary, covLog);
    }

    /** Iteration budget of a warm refit: beyond it, the optimum has moved too far for a warm start. */
    public static final int WARM_ITERATIONS = 50;
    /** Largest move of any log-parameter a warm refit may make before a full multistart refit is run. */
    public static final double WARM_MAX_LOG_MOVE = 0.5;
    /**
     * The stopping rule of a warm refit: it stops at the first point evaluated on all rows where
     * the Newton step still to go is at most this many standard errors (see {@link #warmFit}).
     */
    public static final double WARM_STEP_SE = 0.01;
    /**
     * Distinct rows above which a warm refit takes the observed information (its Newton matrix and
     * its standard errors) on a systematic sample of this many rows (see {@link #warmFit}).
     */
    public static final int WARM_INFORMATION_SAMPLE = 50_000;
    /** Seed of that sample, recorded with it in the model file. */
    public static final long WARM_INFORMATION_SEED = 18L;

    /**
     * Refits from a previous model's parameters (a warm start) when that is safe, and by a full
     * multistart {@link #fit} when it is not.
     *
     * <p><b>The warm refit.</b> Newton steps on all rows from the previous estimates, one pass over
     * the rows (value and gradient) per step, no line search. The first step uses the previous
     * fit's inverse observed information per unit of weight (its covariance of the log-parameters
     * times its customers, i.e. its information rescaled by the ratio of customer counts); every
     * later one the observed information {@code I} at the current point (on a sample of the rows
     * above {@value #WARM_INFORMATION_SAMPLE} distinct rows, see below).
     *
     * <p><b>The stopping rule.</b> At a point evaluated on all rows, with {@code G} the gradient of
     * the total log-likelihood on the log scale, the Newton step still to go is {@code I^-1 G}, and
     * its length in standard errors is {@code d = sqrt(G' I^-1 G)}. The refit stops at the first
     * point with {@code d <= }{@value #WARM_STEP_SE} and returns that point, whose log-likelihood is
     * computed on all rows. It is then within {@value #WARM_STEP_SE} standard errors of the exact
     * maximum in every direction: every log-parameter, and to first order every function of the
     * parameters (a customer's P(alive), expected transactions), differs from its value at the
     * maximum by at most a hundredth of its own standard error, which changes its
     * root-mean-square error by a factor {@code sqrt(1 + 0.01^2)}, five parts in a hundred
     * thousand. {@link #fit} stops at {@link Settings#gradientTolerance()}, far tighter than this on
     * large data (on a million customers about {@code 5e-5} standard errors) and pointless there:
     * the warm refit stops as soon as the remaining step cannot matter. With a week's new
     * transactions of a million simulated customers (the optimum moved by 0.11 standard errors) it
     * takes one Newton step: 2 passes over the rows and a quarter of a pass for the sampled
     * information, against the cold fit's 9.6 passes. The first step, with last week's information
     * (this week's to about 2 %: a week more of every customer tells more about dropout), leaves
     * 1-5 % of the distance: one step sufficed in six of seven simulated weeks of 200,000
     * customers (the optimum moving by 0.04 to 0.32 standard errors). When the week moved it
     * further (0.46 standard errors in the seventh), or the whole customer base is replaced by a
     * fresh sample of the same population (2.9 standard errors), it takes two steps (3 passes and
     * a half).
     *
     * <p><b>Standard errors of a warm refit.</b> From the observed information at the returned
     * estimate, the matrix of the stopping test. Up to {@link Settings#screenRows()} distinct
     * rows, exactly as in {@link #fit} (central differences on all rows); up to
     * {@value #WARM_INFORMATION_SAMPLE} rows, forward differences on all rows from the gradient at
     * the estimate. Above, on a sample of {@code m = }{@value #WARM_INFORMATION_SAMPLE} of the
     * {@code n} distinct rows, each row's weight multiplied by {@code n / m}, by forward
     * differences of the gradient. The sample is systematic: every {@code n/m}-th row of the rows in
     * their canonical order ({@code x, t_x, T} ascending) from a random start drawn with seed
     * {@value #WARM_INFORMATION_SEED}; each row has inclusion probability {@code m / n}, so the
     * estimate is the Horvitz-Thompson estimate of the full information: unbiased, consistent,
     * with relative error at most of order {@code m^-1/2}, and much less in practice because the
     * order spreads the sample evenly over frequencies and recencies (a stratified sample). On a
     * million simulated Pareto/NBD customers the standard errors agree with the full-data
     * Hessian's to 0.4 % (a simple random sample of the same size: 1-12 %, by seed), far inside
     * their own uncertainty, at a sixteenth of the cost (a quarter of a pass over the rows instead
     * of four). The stopping rule, the estimator, sample size and seed are recorded in the model
     * file ({@code provenance.settings}). The diagnosis (boundary, a Hessian that is not negative
     * definite, wide intervals) is made on this matrix as in {@link #fit}; any finding sends the
     * refit to the full fit, whose diagnosis uses all rows.
     *
     * <p><b>The criterion for a full refit</b>, checked in this order (the first that holds is
     * recorded as the reason):
     * <ol>
     *   <li>the previous model is of another family, has no fit summary or covariance, or its fit
     *       was not {@link FitStatus#CONVERGED} (boundary, unidentified, not converged): its point
     *       is no safe start;</li>
     *   <li>a Newton iteration did not do what a Newton step near a maximum does: the largest
     *       gradient component did not shrink by at least a quarter (to 3/4 of itself at most), or
     *       the objective rose (the previous information is then no good model of this week's
     *       surface, as when the optimum has moved far or the data changed in kind), the observed
     *       information at an iterate is not positive definite, or the stopping rule was not met
     *       within {@value #WARM_ITERATIONS} iterations;</li>
     *   <li>some log-parameter moved by more than {@value #WARM_MAX_LOG_MOVE} (a factor of about
     *       1.65): the likelihood surface changed enough that another basin may now be higher, which
     *       only the multistart looks for;</li>
     *   <li>the warm optimum's diagnosis is not {@link FitStatus#CONVERGED} (it ran to a boundary or
     *       its Hessian is not negative definite).</li>
     * </ol>
     * The result's provenance records the predecessor ({@link FitPredecessor}: its file's SHA-256,
     * version and fit date, and whether the refit was warm or full and why). The log-likelihood
     * gradient at the previous estimates (largest component, mean per customer, log scale) and the
     * Newton step still to go at the estimate are in the reason.
     *
     * @param <M> the type of the model fitted
     * @param model the likelihood to maximise
     * @param data the histories, possibly weighted
     * @param previous the previous model, as read from its file
     * @param link the link to the previous model's file ({@link FitPredecessor#of})
     * @return the fit, warm or full, converged or not
     * @throws ChurnkitException as {@link #fit}
     */
    public <M extends FittedModel> FitResult<M> warmFit(LikelihoodFunction<M> model, Histories data,
                                                        FittedModel previous, FitPredecessor link) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(link, "link");
        if (data.size() == 0 || !(data.totalWeight() > 0)) {
            throw new ChurnkitException("cannot fit " + model.kind().id() + ": no customers");
        }
        String refused = warmRefusal(model.kind(), previous);
        if (refused != null) {
            return full(model, data, link, refused);
        }
        FitSummary prev = previous.fit().orElseThrow();
        double[] theta0 = previous.parameterArray();
        int k = theta0.length;
        double[] cov = prev.covariance();
        double w0 = Double.isFinite(prev.customers()) && prev.customers() > 0 ? prev.customers() : data.totalWeight();
        // The objective is -LL / W: its inverse Hessian is W cov(log theta), the same per unit of
        // weight last week as this week to first order, so W_prev cov_prev(log theta).
        double[][] h0 = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                h0[i][j] = w0 * cov[i * k + j] / (theta0[i] * theta0[j]);
            }
        }
        String sha = FitProvenance.digest(model.kind(), data);
        Histories rows = CompressedHistories.compress(data, model.kind().isSpendModel());
        WarmNewton.Information information;
        String described;
        if (rows.size() > WARM_INFORMATION_SAMPLE) {
            Histories sample = Hessians.sample(rows, WARM_INFORMATION_SAMPLE, WARM_INFORMATION_SEED);
            information = (p, g) -> Hessians.negativeHessianLogSampled(model, sample, p, sample.size(), 0L);
            described = "observed information on a systematic sample of " + WARM_INFORMATION_SAMPLE + " of the "
                    + rows.size() + " distinct rows in (x, t_x, T) order (random start, seed " + WARM_INFORMATION_SEED
                    + "), weights times n/m, forward differences (step " + Hessians.FORWARD_STEP + ")";
        } else if (rows.size() > settings.screenRows) {
            information = (p, g) -> Hessians.negativeHessianLogForward(model, rows, p, g);
            described = "observed information on all rows, forward differences (step " + Hessians.FORWARD_STEP + ")";
        } else {
            information = (p, g) -> Hessians.negativeHessianLog(model, rows, p);
            described = "observed information on all rows, central differences (step " + Hessians.STEP + ")";
        }
        int budget = Math.min(WARM_ITERATIONS, settings.maxIterations());
        WarmNewton.Outcome run;
        try {
            run = WarmNewton.run(model, rows, theta0, h0, WARM_STEP_SE, budget, information);
        } catch (ChurnkitException | IllegalArgumentException e) {
            return full(model, data, rows, sha, link, "the warm start failed: " + e.getMessage());
        }
        String atStart = String.format(java.util.Locale.ROOT, "gradient %.3g at the previous estimates",
                run.startGradient());
        if (!run.converged()) {
            return full(model, data, rows, sha, link, "the warm start did not converge: " + run.message() + " ("
                    + atStart + ")");
        }
        double move = 0;
        int moved = 0;
        for (int j = 0; j < k; j++) {
            double d = Math.abs(Math.log(run.params()[j] / theta0[j]));
            if (d > move) {
                move = d;
                moved = j;
            }
        }
        if (move > WARM_MAX_LOG_MOVE) {
            return full(model, data, rows, sha, link, String.format(java.util.Locale.ROOT,
                    "%s moved by a factor %.3g (more than exp(%s)) from the previous estimate (%s)",
                    model.kind().parameterNames().get(moved), Math.exp(move), WARM_MAX_LOG_MOVE, atStart));
        }
        double[] theta = run.params();
        String settingsText = "warm refit: Newton steps on log-parameters from the previous estimates (the first with "
                + "the previous fit's inverse information, then with the observed information at each point; full "
                + "steps, no line search, each shrinking the largest gradient component to 3/4 at most), stopped at "
                + "the first point evaluated on all rows where the Newton step still to go is at most " + WARM_STEP_SE
                + " standard errors (sqrt(G' I^-1 G), G the log-likelihood gradient and I the observed information "
                + "there, log scale), at most " + budget + " iterations; Newton matrix and standard errors from the "
                + described;
        double[][] starts = {theta0.clone()};
        Multistart.Run best = new Multistart.Run(theta, run.logLik(), true, run.iterations(), run.message(), null,
                1.0 / rows.totalWeight());
        Multistart.Outcome outcome = new Multistart.Outcome(best, 1, 1, List.of(), false);
        String why = String.format(java.util.Locale.ROOT, "converged in %d Newton iteration(s) from the previous "
                + "estimates (%s; Newton step still to go %.2g standard errors, at most %s; largest log-parameter move "
                + "%.3g, at most %s allowed)", run.iterations(), atStart, run.decrement(), WARM_STEP_SE, move,
                WARM_MAX_LOG_MOVE);
        FitResult<M> warm = result(model, data, rows, sha, starts, outcome, ", warm start", link.decided("warm", why),
                run.negHessian(), settingsText);
        if (warm.summary().status() != FitStatus.CONVERGED) {
            return full(model, data, rows, sha, link, "the warm optimum's diagnosis is " + warm.summary().status().label());
        }
        return warm;
    }

    /** Why a previous model is no safe warm start, or null when it is. */
    private static String warmRefusal(ModelKind kind, FittedModel previous) {
        if (previous.kind() != kind) {
            return "the previous model is " + previous.kind().id() + ", not " + kind.id();
        }
        if (previous.fit().isEmpty()) {
            return "the previous model has no fit summary";
        }
        FitSummary f = previous.fit().get();
        if (f.status() != FitStatus.CONVERGED) {
            return "the previous fit's status is " + f.status().label();
        }
        double[] cov = f.covariance();
        if (cov == null) {
            return "the previous fit has no covariance";
        }
        for (double v : cov) {
            if (!Double.isFinite(v)) {
                return "the previous fit's covariance is incomplete";
            }
        }
        return null;
    }

    private <M extends FittedModel> FitResult<M> full(LikelihoodFunction<M> model, Histories data, FitPredecessor link,
                                                      String why) {
        return full(model, data, CompressedHistories.compress(data, model.kind().isSpendModel()),
                FitProvenance.digest(model.kind(), data), link, why);
    }

    /** The full refit on rows already merged and digested by the warm attempt (neither is redone). */
    private <M extends FittedModel> FitResult<M> full(LikelihoodFunction<M> model, Histories data, Histories rows,
                                                      String sha, FitPredecessor link, String why) {
        double[][] starts = settings.starts != null ? settings.starts() : model.startingPoints(rows);
        Multistart.Outcome outcome = Multistart.run(model, rows, starts, settings);
        return result(model, data, rows, sha, starts, outcome, ", full refit", link.decided("full", why));
    }

    /**
     * Replays a recorded fit: fits the recorded model family's likelihood
     * ({@link ModelRegistry#likelihood}) to {@code data} with the recorded settings (starting
     * points included). On the same data, with the same churnkit version (and, when the distinct
     * rows exceed 8192 per processor on either machine, the same processor count; see
     * {@link FitProvenance}), the parameters are identical to the recorded fit's. A warm refit's
     * record ({@link #warmFit}) replays as the full fit from its start, the previous estimates,
     * which agrees with it within {@value #WARM_STEP_SE} standard errors; the warm refit itself is
     * replayed, identically, by {@link #warmFit} with the predecessor file its provenance names
     * (by SHA-256).
     *
     * @param provenance the record, e.g. {@code ModelFiles.read(file).fit().flatMap(FitSummary::fitProvenance)}
     * @param data the histories the fit was made on
     * @return the fit, converged or not (as the recorded one)
     * @throws ChurnkitException when {@code data} are not the recorded data (different SHA-256),
     *     when this build does not implement the model, or as {@link #fit}
     */
    public static FitResult<?> refit(FitProvenance provenance, Histories data) {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(data, "data");
        provenance.requireSameData(data);
        return of(provenance.settings()).fit(ModelRegistry.likelihood(provenance.model()), data);
    }

    /**
     * Fits and insists on convergence of the optimiser. A fit that converged onto the boundary or
     * to parameters that are not identified is returned, with its {@link FitSummary#status()}
     * and {@link FitSummary#findings()} saying so: callers decide whether the limiting model will do.
     *
     * @throws NotConvergedException naming the model, the reason and the last estimates when the
     *     optimiser did not converge
     * @param <M> the type of the model fitted
     * @param model the likelihood to maximise
     * @param data the histories, possibly weighted
     * @return the converged fit
     */
    public <M extends FittedModel> FitResult<M> fitOrThrow(LikelihoodFunction<M> model, Histories data) {
        FitResult<M> r = fit(model, data);
        if (!r.summary().converged()) {
            throw new NotConvergedException(model.kind(), r.summary(), "the " + model.kind().id() + " fit did not converge: "
                    + r.summary().message()
                    + "; last estimates " + r.model().parameters() + ", log-likelihood " + r.summary().logLikelihood());
        }
        return r;
    }
}
