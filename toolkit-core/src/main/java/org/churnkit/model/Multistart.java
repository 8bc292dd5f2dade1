package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.Cholesky;
import org.churnkit.numerics.DifferentiableObjective;
import org.churnkit.numerics.Lbfgs;
import org.churnkit.numerics.Vectors;

/**
 * The multistart policy of the fitter: which starts are run, to what tolerance, on which rows,
 * and which optimum is kept.
 *
 * <ul>
 *   <li>At most {@code screenRows} distinct rows (or a single start): every start is run to a
 *       loose gradient tolerance ({@value #SCREEN_TOLERANCE}, or the target if looser: enough
 *       to find its basin); the best, and any other optimum at a different point (log-parameters
 *       more than 1e-3 apart) within 1e-6 (relative) of its log-likelihood, are continued to the
 *       target tolerance.</li>
 *   <li>More rows: the starts are run on an evenly spaced subsample of {@code screenRows} rows;
 *       only the best is continued, to the target tolerance on the subsample, then on all rows
 *       with the subsample's inverse Hessian as L-BFGS's initial one (see {@code polish}).</li>
 *   <li>The best is the converged run with the highest log-likelihood (any converged run beats
 *       any unconverged one).</li>
 * </ul>
 * Starts run concurrently (small data sets fit in one evaluation block, so this is what puts a
 * second core to work); results are collected in start order, so the outcome does not depend on
 * scheduling.
 */
final class Multistart {
    /** Gradient tolerance when screening starts: only the basin matters there. */
    static final double SCREEN_TOLERANCE = 1e-4;
    /**
     * Largest move (log-parameters) of the refinement on the subsample for its optimum to seed the
     * full-data run; beyond it the subsample is running off to a limit of its own.
     */
    static final double MAX_REFINE_MOVE = 1.0;
    /** Iteration budget of that refinement (see {@link #MAX_REFINE_MOVE}). */
    static final int MAX_REFINE_ITERATIONS = 50;

    private Multistart() {}

    /**
     * One optimiser run, on the natural scale.
     *
     * @param params the estimates
     * @param logLik the total log-likelihood there
     * @param converged whether the run met its criteria
     * @param iterations iterations so far
     * @param message why it stopped, with the evaluation count
     * @param state the minimiser, to continue the run
     * @param scale the objective's {@code 1 / W}, to turn its value back into a log-likelihood
     */
    record Run(double[] params, double logLik, boolean converged, int iterations, String message, Lbfgs state,
               double scale) {
        /**
         * The gradient of the total log-likelihood with respect to the log-parameters at
         * {@code theta}, from the minimiser's state ({@code -g / scale}), or null when the state is
         * not at {@code theta} (it moved on) or has no state.
         */
        double[] totalLogGradientAt(double[] theta) {
            if (state == null) {
                return null;
            }
            double[] x = state.point();
            for (int j = 0; j < x.length; j++) {
                if (Math.exp(x[j]) != theta[j]) {
                    return null;
                }
            }
            double[] g = state.gradient();
            for (int j = 0; j < g.length; j++) {
                g[j] = -g[j] / scale;
                if (!Double.isFinite(g[j])) {
                    return null;
                }
            }
            return g;
        }

        static Run of(Lbfgs state, double scale) {
            double[] x = state.point();
            double[] p = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                p[j] = Math.exp(x[j]);
            }
            return new Run(p, -state.value() / scale, state.converged(), state.iterations(),
                    state.message() + ", " + state.evaluations() + " evaluations", state, scale);
        }

        /** Continues this run to {@code tol}; the continued run. */
        Run refine(double tol, int maxIterations) {
            state.run(tol, maxIterations);
            return of(state, scale);
        }
    }

    /**
     * What the policy found.
     *
     * @param best the run kept
     * @param refined runs taken to the target tolerance (at least one)
     * @param converged how many of those converged
     * @param failures messages of starts at which the likelihood could not be evaluated
     * @param screenedOnSubsample whether the starts were screened on a subsample
     */
    record Outcome(Run best, int refined, int converged, List<String> failures, boolean screenedOnSubsample) {}

    /**
     * Runs the policy.
     *
     * @throws ChurnkitException when the likelihood failed at every start
     */
    static Outcome run(LikelihoodFunction<?> model, Histories rows, double[][] starts, ModelFitter.Settings settings) {
        List<Run> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int maxIterations = settings.maxIterations();
        double tolerance = settings.gradientTolerance();
        boolean subsampled = rows.size() > settings.screenRows() && starts.length > 1;
        if (subsampled) {
            Histories sub = subsample(rows, settings.screenRows());
            Run best = null;
            for (Run run : screen(model, sub, starts, SCREEN_TOLERANCE, maxIterations, failures)) {
                if (best == null || better(run, best)) {
                    best = run;
                }
            }
            if (best == null) {
                throw allFailed(model, failures);
            }
            runs.add(polish(model, rows, sub, best, tolerance, maxIterations));
        } else {
            // Every start to a loose tolerance (only the basin matters), then the best ones refined.
            List<Run> screened = screen(model, rows, starts, Math.max(SCREEN_TOLERANCE, tolerance), maxIterations,
                    failures);
            if (screened.isEmpty()) {
                throw allFailed(model, failures);
            }
            screened.sort((u, v) -> better(u, v) ? -1 : better(v, u) ? 1 : 0);
            Run top = screened.get(0);
            for (Run run : screened) {
                // Refine every start that ended within 1e-6 (relative) of the best: distinct local
                // optima of similar height all get a full run; clearly worse ones do not.
                if (run == top || Math.abs(run.logLik - top.logLik) <= 1e-6 * Math.abs(top.logLik)) {
                    if (run != top && samePoint(run.params, top.params)) {
                        continue;
                    }
                    runs.add(run.refine(tolerance, maxIterations));
                }
            }
        }
        Run best = runs.get(0);
        for (Run run : runs) {
            if (better(run, best)) {
                best = run;
            }
        }
        int converged = (int) runs.stream().filter(Run::converged).count();
        return new Outcome(best, runs.size(), converged, List.copyOf(failures), subsampled);
    }

    /**
     * The full-data run of the subsampled path. The screened best is first taken to the target
     * tolerance on the subsample (cheap); the subsample's observed information there, per unit of
     * weight, approximates the full data's, so its inverse seeds L-BFGS on all rows
     * ({@link Lbfgs#Lbfgs(DifferentiableObjective, double[], double[][])}): the first steps are
     * near-Newton steps, and the run meets the same stopping rule on all rows in a handful of
     * evaluations instead of a few dozen. Where the refinement does not converge (within
     * {@value #MAX_REFINE_ITERATIONS} iterations), moves the
     * log-parameters by more than {@value #MAX_REFINE_MOVE} or ends where the subsample's Hessian is
     * not negative definite, or the seeded run does not converge, the full-data run is the plain
     * one from the screened point (the path before the seeding).
     */
    private static Run polish(LikelihoodFunction<?> model, Histories rows, Histories sub, Run screened, double tol,
                              int maxIterations) {
        double[] basin = screened.params.clone();
        // A refinement from the screening tolerance takes tens of iterations; one that needs more is
        // running off to a limit of the subsample's own, and is cut short.
        Run onSub = screened.refine(tol, Math.min(maxIterations, MAX_REFINE_ITERATIONS));
        double[][] inv = null;
        if (onSub.converged && maxLogDistance(basin, onSub.params) <= MAX_REFINE_MOVE) {
            double[][] negHessian = Hessians.negativeHessianLog(model, sub, onSub.params);
            inv = negHessian == null ? null : Cholesky.invertPositiveDefinite(negHessian);
        }
        if (inv == null) {
            // The subsample's own optimum is not a safe seed: it ran far from the screened basin (a
            // small subsample can prefer the boundary, s and beta to infinity, that the full data
            // do not), or it is not a strict maximum. All rows decide from the screened point.
            return minimise(model, rows, basin, tol, maxIterations);
        }
        // the objective is -LL / W: its Hessian is negHessian / W, the inverse W * inv
        double w = sub.totalWeight();
        double[][] h0 = new double[inv.length][];
        for (int i = 0; i < inv.length; i++) {
            h0[i] = inv[i].clone();
            Vectors.scale(w, h0[i]);
        }
        Run seeded = minimise(model, rows, onSub.params, tol, maxIterations, h0);
        if (!seeded.converged) {
            return minimise(model, rows, basin, tol, maxIterations);
        }
        return new Run(seeded.params, seeded.logLik, true, seeded.iterations,
                seeded.message + " on all rows, seeded with the subsample's inverse Hessian", seeded.state, seeded.scale);
    }

    /** Largest distance between the log-parameters of two points. */
    private static double maxLogDistance(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(Math.log(a[i] / b[i])));
        }
        return d;
    }

    private static ChurnkitException allFailed(LikelihoodFunction<?> model, List<String> failures) {
        return new ChurnkitException("cannot fit " + model.kind().id() + ": the likelihood failed at every start: "
                + String.join("; ", failures));
    }

    /**
     * Runs from every start to {@code tolerance}, concurrently; results in start order. Starts
     * whose likelihood failed add their message to {@code failures}.
     */
    private static List<Run> screen(LikelihoodFunction<?> model, Histories data, double[][] starts, double tolerance,
                                    int maxIterations, List<String> failures) {
        Run[] runs = new Run[starts.length];
        String[] errors = new String[starts.length];
        IntStream.range(0, starts.length).parallel().forEach(i -> {
            try {
                runs[i] = minimise(model, data, starts[i], tolerance, maxIterations);
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
     * One L-BFGS run on the log-parameters from {@code start} (natural scale).
     *
     * @throws IllegalArgumentException when a start component is not positive and finite
     * @throws ChurnkitException when the likelihood cannot be evaluated at the start (with the
     *     likelihood's own reason where it gives one)
     */
    static Run minimise(LikelihoodFunction<?> model, Histories data, double[] start, double tol, int maxIterations) {
        return minimise(model, data, start, tol, maxIterations, null);
    }

    /** As {@link #minimise(LikelihoodFunction, Histories, double[], double, int)}, L-BFGS seeded with the inverse Hessian {@code h0} (or null). */
    static Run minimise(LikelihoodFunction<?> model, Histories data, double[] start, double tol, int maxIterations,
                        double[][] h0) {
        return minimise(model, data, start, tol, maxIterations, h0, null);
    }

    /**
     * As {@link #minimise(LikelihoodFunction, Histories, double[], double, int, double[][])}, and
     * when {@code startGradient} is not null, writes into it the objective's gradient at the start
     * ({@code -d LL / d log theta / W}, the minimiser's first evaluation: no extra pass).
     */
    static Run minimise(LikelihoodFunction<?> model, Histories data, double[] start, double tol, int maxIterations,
                        double[][] h0, double[] startGradient) {
        LogScaleObjective obj = new LogScaleObjective(model, data);
        int k = start.length;
        double[] x = new double[k];
        for (int j = 0; j < k; j++) {
            if (!(start[j] > 0) || Double.isInfinite(start[j])) {
                throw new IllegalArgumentException("starting point must be positive: " + Arrays.toString(start));
            }
            x[j] = Math.log(start[j]);
        }
        Lbfgs opt = new Lbfgs(obj, x, h0);
        if (opt.value() == Double.POSITIVE_INFINITY) {
            // Let the caller see why: evaluate once more without catching.
            LogScaleObjective.evaluate(model, data, start.clone(), new double[k]);
            throw new ChurnkitException("the " + model.kind().id() + " log-likelihood is not finite at the start "
                    + Arrays.toString(start));
        }
        if (startGradient != null) {
            System.arraycopy(opt.gradient(), 0, startGradient, 0, k);
        }
        opt.run(tol, maxIterations);
        return Run.of(opt, obj.scale);
    }

    /** Converged beats unconverged; then the higher log-likelihood. */
    static boolean better(Run a, Run b) {
        if (a.converged != b.converged) {
            return a.converged;
        }
        return a.logLik > b.logLik;
    }

    /** Whether two screened optima are the same point (log-parameters within 1e-3). */
    static boolean samePoint(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(Math.log(a[i] / b[i])) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    /** {@code m} rows evenly spaced over {@code rows} (row {@code floor(i n / m)}), weights and spend kept. */
    static Histories subsample(Histories rows, int m) {
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
}
