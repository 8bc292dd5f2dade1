package org.churnkit.model;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.ChurnkitVersion;

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
 *       evenly spaced subsample of that size and only the best is refined on all rows.</li>
 *   <li>Convergence: the largest gradient component of the mean log-likelihood on the log scale
 *       below {@link Settings#gradientTolerance()}; or a relative change of the objective below
 *       1e-14 over three iterations with that gradient below 1000 times the tolerance (rounding
 *       noise), or a line search that finds no decrease with that gradient below 100 times the
 *       tolerance (the rounding floor). Anything else, including the iteration limit, gives a result flagged as not
 *       converged, which {@link #fitOrThrow} turns into an error.</li>
 *   <li>Standard errors: the Hessian of the total log-likelihood on the log scale by central
 *       differences of the analytic gradient (step 1e-4), inverted, then the delta method
 *       {@code cov(theta_i, theta_j) = theta_i theta_j cov(log theta_i, log theta_j)}.</li>
 *   <li>Diagnosis ({@link FitSummary#status()}, {@link FitSummary#findings()}): parameters that ran
 *       to the boundary (a pair to infinity at a fixed ratio, a rate to 0), a Hessian that is not
 *       negative definite, intervals spanning orders of magnitude, data that cannot identify the
 *       model; each finding names the parameters, the limiting model and what data would identify
 *       them (see {@link FitStatus}). Only {@link FitStatus#CONVERGED} is a plain success.</li>
 * </ul>
 */
public final class ModelFitter {
    private static final int MEMORY = 10;
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    /** Largest change of any log-parameter in one line-search step (a factor e^5 ~ 150). */
    private static final double MAX_LOG_STEP = 5.0;
    private static final double HESSIAN_STEP = 1e-4;
    /** Gradient tolerance when screening starts on a subsample: only the basin matters there. */
    private static final double SCREEN_TOLERANCE = 1e-4;

    private final Settings settings;

    private ModelFitter(Settings settings) {
        this.settings = settings;
    }

    /**
     * A fitter with {@link Settings#defaults()}.
     *
     * @return the fitter
     */
    public static ModelFitter create() {
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
     * @param timeUnit unit of recency and age recorded in the fit (e.g. {@code week}), may be null
     */
    public record Settings(int maxIterations, double gradientTolerance, int screenRows, double[][] starts,
                           String timeUnit) {
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
        public Settings withTimeUnit(String unit) {
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

        String describe() {
            return "L-BFGS(m=" + MEMORY + ", strong Wolfe c1=" + C1 + " c2=" + C2 + ") on log-parameters, "
                    + "gradient tolerance " + gradientTolerance + " (mean log-likelihood), max " + maxIterations
                    + " iterations, " + (starts == null ? "default starts" : starts.length + " given starts")
                    + ", screening subsample " + screenRows + " rows, Hessian by central differences (step "
                    + HESSIAN_STEP + ")";
        }
    }

    /**
     * Runs the optimiser from every start to {@code tolerance}, the starts concurrently (small data
     * sets fit in one evaluation block, so this is what puts the second core to work). Results come
     * back in start order, so the outcome does not depend on scheduling; starts whose likelihood
     * failed add their message to {@code failures}.
     */
    private List<Run> screen(LikelihoodFunction<?> model, Histories data, double[][] starts, double tolerance,
                             List<String> failures) {
        Run[] runs = new Run[starts.length];
        String[] errors = new String[starts.length];
        java.util.stream.IntStream.range(0, starts.length).parallel().forEach(i -> {
            try {
                runs[i] = minimise(model, data, starts[i], tolerance);
            } catch (ChurnkitException e) {
                errors[i] = e.getMessage();
            }
        });
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            if (runs[i] != null) {
                out.add(runs[i]);
            } else {
                failures.add(errors[i]);
            }
        }
        return out;
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
        String sha = sha256(data);
        Histories rows = CompressedHistories.compress(data, model.kind().isSpendModel());
        double[][] starts = settings.starts != null ? settings.starts() : model.startingPoints(rows);
        int k = model.kind().parameterNames().size();
        for (double[] s : starts) {
            if (s.length != k) {
                throw new IllegalArgumentException("a start has " + s.length + " parameters, " + model.kind().id()
                        + " needs " + k);
            }
        }
        List<Run> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (rows.size() > settings.screenRows && starts.length > 1) {
            Histories sub = subsample(rows, settings.screenRows);
            Run best = null;
            for (Run run : screen(model, sub, starts, SCREEN_TOLERANCE, failures)) {
                if (best == null || better(run, best)) {
                    best = run;
                }
            }
            if (best == null) {
                throw new ChurnkitException("cannot fit " + model.kind().id() + ": the likelihood failed at every start: "
                        + String.join("; ", failures));
            }
            runs.add(minimise(model, rows, best.params, settings.gradientTolerance));
        } else {
            // Every start to a loose tolerance (only the basin matters), then the best ones refined.
            List<Run> screened = screen(model, rows, starts,
                    Math.max(SCREEN_TOLERANCE, settings.gradientTolerance), failures);
            if (screened.isEmpty()) {
                throw new ChurnkitException("cannot fit " + model.kind().id() + ": the likelihood failed at every start: "
                        + String.join("; ", failures));
            }
            screened.sort((u, v) -> better(u, v) ? -1 : better(v, u) ? 1 : 0);
            double bestLl = screened.get(0).logLik;
            for (Run run : screened) {
                // Refine every start that ended within 1e-6 (relative) of the best: distinct local
                // optima of similar height all get a full run; clearly worse ones do not.
                if (run == screened.get(0) || Math.abs(run.logLik - bestLl) <= 1e-6 * Math.abs(bestLl)) {
                    if (run != screened.get(0) && samePoint(run.params, screened.get(0).params)) {
                        continue;
                    }
                    run.state.run(settings.gradientTolerance, settings.maxIterations);
                    runs.add(run.state.result());
                }
            }
        }
        Run best = runs.get(0);
        for (Run run : runs) {
            if (better(run, best)) {
                best = run;
            }
        }
        int convergedRuns = (int) runs.stream().filter(r -> r.converged).count();
        int startCount = starts.length;
        double[] theta = best.params;
        double[][] negHessian = negativeHessianLog(model, rows, theta);
        double[][] covLog = negHessian == null ? null : invertPositiveDefinite(negHessian);
        double[] se = new double[k];
        double[] cov = null;
        String hessianNote = "";
        if (covLog != null) {
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
        String message = best.message + " (" + startCount + " starts; best of " + runs.size() + " refined run(s), "
                + convergedRuns + " converged"
                + (rows.size() > settings.screenRows && starts.length > 1
                        ? "; " + starts.length + " starts screened on " + settings.screenRows + " rows" : "")
                + (failures.isEmpty() ? "" : "; " + failures.size() + " start(s) failed") + ")" + hessianNote;
        FitSummary.Provenance prov = new FitSummary.Provenance(sha, Instant.now(), ChurnkitVersion.get(),
                settings.describe());
        FitDiagnostics.Diagnosis diagnosis = FitDiagnostics.diagnose(model.kind(), theta, negHessian, covLog,
                best.converged, rows, settings.timeUnit);
        FitSummary summary = new FitSummary(best.logLik, se, cov, data.totalWeight(), rows.size(), best.converged,
                best.iterations, message, settings.timeUnit, prov, diagnosis.status(), diagnosis.findings());
        return new FitResult<>(model.create(theta, summary), theta, summary, covLog);
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

    private static boolean better(Run a, Run b) {
        if (a.converged != b.converged) {
            return a.converged;
        }
        return a.logLik > b.logLik;
    }

    /** Whether two screened optima are the same point (log-parameters within 1e-3). */
    private static boolean samePoint(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(Math.log(a[i] / b[i])) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    private static Histories subsample(Histories rows, int m) {
        int n = rows.size();
        double[] x = new double[m];
        double[] tx = new double[m];
        double[] t = new double[m];
        double[] w = new double[m];
        double[] mv = rows.monetary == null ? null : new double[m]; // spend models need it
        for (int i = 0; i < m; i++) {
            int j = (int) ((long) i * n / m);
            x[i] = rows.frequency[j];
            tx[i] = rows.recency[j];
            t[i] = rows.age[j];
            w[i] = rows.weight(j);
            if (mv != null) {
                mv[i] = rows.monetary[j];
            }
        }
        return Histories.of(x, tx, t, mv, w, null);
    }

    // ------------------------------------------------------------------ evaluation

    /** Total weighted log-likelihood and (natural-scale) gradient, in parallel blocks. */
    static double evaluate(LikelihoodFunction<?> model, Histories data, double[] params, double[] gradient) {
        int n = data.size();
        int k = params.length;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int block = Math.max(2048, (n + 4 * threads - 1) / (4 * threads));
        int blocks = (n + block - 1) / block;
        double[] ll = new double[blocks];
        double[][] grads = gradient != null ? new double[blocks][k] : null;
        if (blocks == 1) {
            ll[0] = model.logLikelihood(params, data, 0, n, gradient != null ? grads[0] : null);
        } else {
            IntStream.range(0, blocks).parallel().forEach(b -> {
                int from = b * block;
                int to = Math.min(n, from + block);
                ll[b] = model.logLikelihood(params, data, from, to, grads != null ? grads[b] : null);
            });
        }
        double total = 0;
        for (int b = 0; b < blocks; b++) {
            total += ll[b];
            if (gradient != null) {
                for (int j = 0; j < k; j++) {
                    gradient[j] += grads[b][j];
                }
            }
        }
        if (!model.hasGradient() && gradient != null) {
            numericalGradient(model, data, params, gradient);
        }
        return total;
    }

    private static void numericalGradient(LikelihoodFunction<?> model, Histories data, double[] params, double[] g) {
        for (int j = 0; j < params.length; j++) {
            double[] p = params.clone();
            double h = 1e-6 * params[j];
            p[j] = params[j] + h;
            double up = evaluate(model, data, p, null);
            p[j] = params[j] - h;
            double down = evaluate(model, data, p, null);
            g[j] = (up - down) / (2 * h);
        }
    }

    /** The objective on the log scale: f = -LL / W, g = -dLL/dtheta * theta / W. */
    private static final class Objective {
        final LikelihoodFunction<?> model;
        final Histories data;
        final double scale;
        int evaluations;

        Objective(LikelihoodFunction<?> model, Histories data) {
            this.model = model;
            this.data = data;
            this.scale = 1.0 / data.totalWeight();
        }

        /** Returns f, fills g; +infinity (and NaN gradient) where the likelihood cannot be evaluated. */
        double value(double[] logParams, double[] g) {
            evaluations++;
            int k = logParams.length;
            double[] p = new double[k];
            for (int j = 0; j < k; j++) {
                p[j] = Math.exp(logParams[j]);
                if (!(p[j] > 0) || Double.isInfinite(p[j])) {
                    Arrays.fill(g, Double.NaN);
                    return Double.POSITIVE_INFINITY;
                }
            }
            double[] nat = new double[k];
            double ll;
            try {
                ll = evaluate(model, data, p, nat);
            } catch (ChurnkitException | ArithmeticException e) {
                Arrays.fill(g, Double.NaN);
                return Double.POSITIVE_INFINITY;
            }
            for (int j = 0; j < k; j++) {
                g[j] = -nat[j] * p[j] * scale;
            }
            double f = -ll * scale;
            if (!Double.isFinite(f)) {
                Arrays.fill(g, Double.NaN);
                return Double.POSITIVE_INFINITY;
            }
            for (double gj : g) {
                if (!Double.isFinite(gj)) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            return f;
        }
    }

    private record Run(double[] params, double logLik, boolean converged, int iterations, String message,
                       Lbfgs state) {}

    // ------------------------------------------------------------------ L-BFGS

    private Run minimise(LikelihoodFunction<?> model, Histories data, double[] start, double tol) {
        Lbfgs opt = new Lbfgs(new Objective(model, data), model, data, start);
        opt.run(tol, settings.maxIterations);
        return opt.result();
    }

    /** One L-BFGS run; {@link #run} can be called again with a tighter tolerance to continue it. */
    private static final class Lbfgs {
        final Objective obj;
        double[] x;
        double[] g;
        double f;
        final double[][] sMem = new double[MEMORY][];
        final double[][] yMem = new double[MEMORY][];
        final double[] rho = new double[MEMORY];
        int mem;
        int head;
        int iter;
        boolean converged;
        String message;

        Lbfgs(Objective obj, LikelihoodFunction<?> model, Histories data, double[] start) {
            this.obj = obj;
            int k = start.length;
            x = new double[k];
            for (int j = 0; j < k; j++) {
                if (!(start[j] > 0) || Double.isInfinite(start[j])) {
                    throw new IllegalArgumentException("starting point must be positive: " + Arrays.toString(start));
                }
                x[j] = Math.log(start[j]);
            }
            g = new double[k];
            f = obj.value(x, g);
            if (f == Double.POSITIVE_INFINITY) {
                // Let the caller see why: evaluate once more without catching.
                evaluate(model, data, start.clone(), new double[k]);
                throw new ChurnkitException("the " + model.kind().id() + " log-likelihood is not finite at the start "
                        + Arrays.toString(start));
            }
        }

        Run result() {
            double[] p = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                p[j] = Math.exp(x[j]);
            }
            return new Run(p, -f / obj.scale, converged, iter, message + ", " + obj.evaluations + " evaluations", this);
        }

        void run(double tol, int maxIterations) {
            int k = x.length;
            int stall = 0;
            converged = false;
            message = null;
            int limit = iter + maxIterations;
            for (; iter < limit; iter++) {
                double gmax = maxAbs(g);
                if (gmax <= tol) {
                    converged = true;
                    message = String.format("converged: largest gradient %.2e <= %.1e after %d iterations", gmax, tol, iter);
                    return;
                }
                // Two-loop recursion.
                double[] d = g.clone();
                double[] a = new double[MEMORY];
                for (int m = 0; m < mem; m++) {
                    int i = Math.floorMod(head - 1 - m, MEMORY);
                    a[i] = rho[i] * dot(sMem[i], d);
                    axpy(-a[i], yMem[i], d);
                }
                if (mem > 0) {
                    int last = Math.floorMod(head - 1, MEMORY);
                    double gamma = dot(sMem[last], yMem[last]) / dot(yMem[last], yMem[last]);
                    scale(gamma, d);
                } else {
                    scale(1.0 / Math.max(1.0, gmax), d);
                }
                for (int m = mem - 1; m >= 0; m--) {
                    int i = Math.floorMod(head - 1 - m, MEMORY);
                    double b = rho[i] * dot(yMem[i], d);
                    axpy(a[i] - b, sMem[i], d);
                }
                scale(-1, d);
                double dg = dot(d, g);
                if (!(dg < 0)) {
                    // Not a descent direction: forget the curvature pairs and use steepest descent.
                    mem = 0;
                    d = g.clone();
                    scale(-1.0 / Math.max(1.0, gmax), d);
                    dg = dot(d, g);
                }
                double stepMax = MAX_LOG_STEP / maxAbs(d);
                double[] xNew = new double[k];
                double[] gNew = new double[k];
                double fNew = lineSearch(obj, x, f, g, d, dg, Math.min(1.0, stepMax), stepMax, xNew, gNew);
                if (Double.isNaN(fNew)) {
                    if (mem > 0 && gmax > 100 * tol) {
                        mem = 0; // retry once from steepest descent
                        continue;
                    }
                    // No decrease can be found: at a small gradient that is the rounding floor of
                    // the objective (converged); anywhere else a failure.
                    converged = gmax <= 100 * tol;
                    message = String.format("%s: line search found no decrease at largest gradient %.2e after %d "
                            + "iterations", converged ? "converged" : "line search failed", gmax, iter);
                    return;
                }
                double[] sv = new double[k];
                double[] yv = new double[k];
                for (int j = 0; j < k; j++) {
                    sv[j] = xNew[j] - x[j];
                    yv[j] = gNew[j] - g[j];
                }
                double sy = dot(sv, yv);
                if (sy > 1e-16 * Math.sqrt(dot(sv, sv) * dot(yv, yv))) {
                    sMem[head] = sv;
                    yMem[head] = yv;
                    rho[head] = 1 / sy;
                    head = (head + 1) % MEMORY;
                    mem = Math.min(mem + 1, MEMORY);
                }
                double change = Math.abs(f - fNew) / Math.max(1.0, Math.abs(f));
                x = xNew;
                g = gNew;
                f = fNew;
                stall = change < 1e-14 ? stall + 1 : 0;
                if (stall >= 3) {
                    double gm = maxAbs(g);
                    converged = gm <= 1000 * tol;
                    message = String.format("%s: objective unchanged (relative %.1e) for 3 iterations, largest "
                            + "gradient %.2e, after %d iterations", converged ? "converged" : "stalled", change, gm,
                            iter + 1);
                    iter++;
                    return;
                }
            }
            message = String.format("iteration limit %d reached with largest gradient %.2e", maxIterations, maxAbs(g));
        }
    }

    /**
     * Strong-Wolfe line search (Nocedal and Wright algorithm 3.5 with zoom 3.6, cubic
     * interpolation safeguarded by bisection). Returns the new f (x, g written to xOut, gOut), or
     * NaN when no acceptable step was found.
     */
    private static double lineSearch(Objective obj, double[] x, double f0, double[] g0, double[] d, double dg0,
                                     double step, double stepMax, double[] xOut, double[] gOut) {
        int k = x.length;
        double aPrev = 0;
        double fPrev = f0;
        double dPrev = dg0;
        double a = step;
        double[] xt = new double[k];
        double[] gt = new double[k];
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < k; j++) {
                xt[j] = x[j] + a * d[j];
            }
            double fa = obj.value(xt, gt);
            double da = fa == Double.POSITIVE_INFINITY ? Double.NaN : dot(gt, d);
            if (fa > f0 + C1 * a * dg0 || (i > 0 && fa >= fPrev) || Double.isNaN(da)) {
                return zoom(obj, x, f0, dg0, d, aPrev, fPrev, dPrev, a, fa, da, xOut, gOut);
            }
            if (Math.abs(da) <= -C2 * dg0) {
                System.arraycopy(xt, 0, xOut, 0, k);
                System.arraycopy(gt, 0, gOut, 0, k);
                return fa;
            }
            if (da >= 0) {
                return zoom(obj, x, f0, dg0, d, a, fa, da, aPrev, fPrev, dPrev, xOut, gOut);
            }
            if (a >= stepMax) {
                // Accept the longest allowed step: sufficient decrease holds.
                System.arraycopy(xt, 0, xOut, 0, k);
                System.arraycopy(gt, 0, gOut, 0, k);
                return fa;
            }
            aPrev = a;
            fPrev = fa;
            dPrev = da;
            a = Math.min(4 * a, stepMax);
        }
        return Double.NaN;
    }

    private static double zoom(Objective obj, double[] x, double f0, double dg0, double[] d,
                               double lo, double fLo, double dLo, double hi, double fHi, double dHi,
                               double[] xOut, double[] gOut) {
        int k = x.length;
        double[] xt = new double[k];
        double[] gt = new double[k];
        double dMax = maxAbs(d);
        for (int i = 0; i < 30; i++) {
            double width = hi - lo;
            if (Math.abs(width) * dMax < 1e-12) {
                break; // the bracket is below the resolution of the log-parameters
            }
            double a = cubicMin(lo, fLo, dLo, hi, fHi, dHi);
            double lower = Math.min(lo, hi) + 0.1 * Math.abs(width);
            double upper = Math.max(lo, hi) - 0.1 * Math.abs(width);
            if (!(a >= lower && a <= upper)) {
                a = 0.5 * (lo + hi);
            }
            if (Math.abs(width) < 1e-16 * Math.max(1.0, Math.abs(lo))) {
                break;
            }
            for (int j = 0; j < k; j++) {
                xt[j] = x[j] + a * d[j];
            }
            double fa = obj.value(xt, gt);
            double da = fa == Double.POSITIVE_INFINITY ? Double.NaN : dot(gt, d);
            if (fa > f0 + C1 * a * dg0 || fa >= fLo || Double.isNaN(da)) {
                hi = a;
                fHi = fa;
                dHi = da;
            } else {
                if (Math.abs(da) <= -C2 * dg0) {
                    System.arraycopy(xt, 0, xOut, 0, k);
                    System.arraycopy(gt, 0, gOut, 0, k);
                    return fa;
                }
                if (da * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dHi = dLo;
                }
                lo = a;
                fLo = fa;
                dLo = da;
            }
        }
        // No strong-Wolfe point, but lo (if it moved) decreased f: take it rather than stop.
        if (lo != 0 && fLo < f0) {
            for (int j = 0; j < k; j++) {
                xOut[j] = x[j] + lo * d[j];
            }
            return obj.value(xOut, gOut);
        }
        return Double.NaN;
    }

    /** Minimiser of the cubic through (a, fa, da) and (b, fb, db); NaN when undefined. */
    private static double cubicMin(double a, double fa, double da, double b, double fb, double db) {
        if (!Double.isFinite(fa) || !Double.isFinite(fb) || Double.isNaN(da) || Double.isNaN(db)) {
            return Double.NaN;
        }
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (disc < 0) {
            return Double.NaN;
        }
        double d2 = Math.signum(b - a) * Math.sqrt(disc);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    // ------------------------------------------------------------------ Hessian

    /** Minus the Hessian of the total log-likelihood on the log scale (symmetrised), or null where it cannot be evaluated. */
    private static double[][] negativeHessianLog(LikelihoodFunction<?> model, Histories data, double[] theta) {
        int k = theta.length;
        double[][] h = new double[k][k];
        for (int j = 0; j < k; j++) {
            double[] up = logGradient(model, data, theta, j, HESSIAN_STEP);
            double[] down = logGradient(model, data, theta, j, -HESSIAN_STEP);
            if (up == null || down == null) {
                return null;
            }
            for (int i = 0; i < k; i++) {
                h[i][j] = -(up[i] - down[i]) / (2 * HESSIAN_STEP);
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = m;
                h[j][i] = m;
            }
        }
        for (double[] row : h) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return null;
                }
            }
        }
        return h;
    }

    /** Gradient of the total LL w.r.t. log-parameters at log(theta) + step e_j. */
    private static double[] logGradient(LikelihoodFunction<?> model, Histories data, double[] theta, int j, double step) {
        double[] p = theta.clone();
        p[j] = theta[j] * Math.exp(step);
        double[] g = new double[p.length];
        try {
            evaluate(model, data, p, g);
        } catch (ChurnkitException e) {
            return null;
        }
        for (int i = 0; i < p.length; i++) {
            g[i] *= p[i];
        }
        return g;
    }

    /** Inverse by Cholesky; null if not positive definite. */
    static double[][] invertPositiveDefinite(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = i == c ? 1 : 0;
                for (int m = 0; m < i; m++) {
                    s -= l[i][m] * y[m];
                }
                y[i] = s / l[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int m = i + 1; m < n; m++) {
                    s -= l[m][i] * inv[m][c];
                }
                inv[i][c] = s / l[i][i];
            }
        }
        for (double[] row : inv) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return null;
                }
            }
        }
        return inv;
    }

    // ------------------------------------------------------------------ helpers

    /** SHA-256 of the histories' x, t_x, T and weight columns (big-endian doubles, row by row). */
    static String sha256(Histories h) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(32 * 4096);
        for (int i = 0; i < h.size(); i++) {
            if (buf.remaining() < 32) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putDouble(h.frequency[i]).putDouble(h.recency[i]).putDouble(h.age[i]).putDouble(h.weight(i));
        }
        md.update(buf.array(), 0, buf.position());
        return HexFormat.of().formatHex(md.digest());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
