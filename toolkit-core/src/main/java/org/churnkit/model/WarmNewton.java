package org.churnkit.model;

import java.util.Locale;

/**
 * The optimiser of a warm refit ({@link ModelFitter#warmFit}): quasi-Newton iterations on the
 * log-parameters from the previous estimates, one pass over the rows (value and gradient) per
 * iteration and no line search.
 *
 * <p>The objective is the fitter's, {@code f(u) = -LL(exp(u)) / W} ({@code LogScaleObjective}).
 * The first inverse Hessian is the previous fit's inverse observed information per unit of weight,
 * {@code W_prev cov_prev(log theta)}: the information per customer of last week's data is that of
 * this week's to a few per cent, so the first step is nearly a Newton step. Each step is the full
 * step {@code u' = u - H g}. After the first, the caller may supply a better {@code H} at the new
 * point (the fitter: the inverse of the information estimated on a sample of the rows, which
 * makes the following steps almost exact Newton steps); after every other step {@code H} gets the
 * BFGS update from the step and the change of the gradient (skipped when the curvature
 * {@code y's} is not positive), so the directions already travelled become exact and the
 * convergence superlinear. It stops, converged, where the
 * largest gradient component is at most the tolerance: the cold fit's rule, so both stop within
 * the same distance of the same optimum.
 *
 * <p>A line search is not needed near a strict maximum, and is harmful at this tolerance: the
 * objective's change over the last steps is below its rounding (about {@code 1e-16 |f|}), so a
 * search for a decrease of the value bisects on noise, which is what made L-BFGS spend four of its
 * nine passes over a million customers on the last iteration. Instead each step must do what a
 * Newton step does near a maximum, or the refit gives up (and the caller runs the multistart fit):
 * the largest gradient component must shrink at least by a quarter (to {@value #MIN_REDUCTION} of itself; a step from a good model of the curvature shrinks it twentyfold) and the objective
 * must not rise beyond rounding. The one exception is a gradient already within 100 times the
 * tolerance, which only rounding keeps from shrinking further: that is accepted as converged, the
 * rule the L-BFGS fit applies when its line search finds no decrease there.
 */
final class WarmNewton {
    /** Each iteration must shrink the largest gradient component at least by this factor. */
    static final double MIN_REDUCTION = 0.75;

    private WarmNewton() {}

    /**
     * The outcome.
     *
     * @param params the estimates (natural scale)
     * @param logLik the total log-likelihood there
     * @param gradient the objective's gradient there ({@code -dLL/dlog theta / W})
     * @param converged whether the gradient met the tolerance
     * @param iterations steps taken
     * @param startGradient largest gradient component at the start
     * @param message why it stopped, in words
     */
    record Outcome(double[] params, double logLik, double[] gradient, boolean converged, int iterations,
                   double startGradient, String message) {}

    /**
     * Runs the iterations.
     *
     * @param model the likelihood
     * @param rows the (merged) rows
     * @param start the previous estimates, natural scale
     * @param inverseHessian the first inverse Hessian of the objective (log scale), not modified
     * @param tol the gradient tolerance
     * @param maxIterations the iteration budget
     * @return the outcome; not converged when the budget ran out or a step did not do what was expected
     * @throws IllegalArgumentException when a start component is not positive and finite
     */
    static Outcome run(LikelihoodFunction<?> model, Histories rows, double[] start, double[][] inverseHessian,
                       double tol, int maxIterations) {
        return run(model, rows, start, inverseHessian, tol, maxIterations, null);
    }

    /**
     * As {@link #run(LikelihoodFunction, Histories, double[], double[][], double, int)}; after the
     * first step, when the gradient has not yet met the tolerance, {@code curvature} (if not null)
     * is asked for a better inverse Hessian at the new point (natural-scale parameters in; null
     * out keeps the current one).
     */
    static Outcome run(LikelihoodFunction<?> model, Histories rows, double[] start, double[][] inverseHessian,
                       double tol, int maxIterations, java.util.function.Function<double[], double[][]> curvature) {
        int k = start.length;
        LogScaleObjective obj = new LogScaleObjective(model, rows);
        double[] u = new double[k];
        for (int j = 0; j < k; j++) {
            if (!(start[j] > 0) || Double.isInfinite(start[j])) {
                throw new IllegalArgumentException("starting point must be positive: " + java.util.Arrays.toString(start));
            }
            u[j] = Math.log(start[j]);
        }
        double[][] h = new double[k][];
        for (int i = 0; i < k; i++) {
            h[i] = inverseHessian[i].clone();
        }
        double[] g = new double[k];
        double f = obj.value(u, g);
        if (f == Double.POSITIVE_INFINITY) {
            return stop(u, f, g, obj, false, 0, Double.NaN, "the likelihood cannot be evaluated at the previous estimates");
        }
        double g0 = max(g);
        double gmax = g0;
        for (int iter = 0; ; iter++) {
            if (gmax <= tol) {
                return stop(u, f, g, obj, true, iter, g0, String.format(Locale.ROOT,
                        "converged: largest gradient %.2e <= %.1e after %d Newton iterations, %d evaluations", gmax, tol,
                        iter, iter + 1));
            }
            if (iter == maxIterations) {
                return stop(u, f, g, obj, false, iter, g0, String.format(Locale.ROOT,
                        "iteration limit %d reached with largest gradient %.2e", maxIterations, gmax));
            }
            double[] s = new double[k];
            for (int i = 0; i < k; i++) {
                double v = 0;
                for (int j = 0; j < k; j++) {
                    v -= h[i][j] * g[j];
                }
                s[i] = v;
            }
            double[] u2 = new double[k];
            for (int j = 0; j < k; j++) {
                u2[j] = u[j] + s[j];
            }
            double[] g2 = new double[k];
            double f2 = obj.value(u2, g2);
            double gmax2 = max(g2);
            boolean roundingFloor = gmax2 <= 100 * tol;
            if (f2 == Double.POSITIVE_INFINITY) {
                return stop(u, f, g, obj, false, iter + 1, g0, "a Newton step left the region where the likelihood "
                        + "can be evaluated");
            }
            if (!roundingFloor && (!(gmax2 <= MIN_REDUCTION * gmax) || f2 > f + 1e-12 * Math.abs(f))) {
                return stop(u, f, g, obj, false, iter + 1, g0, String.format(Locale.ROOT,
                        "Newton iteration %d did not do what a Newton step near a maximum does: largest gradient "
                        + "%.2e -> %.2e (at most %.1f times wanted), objective %s", iter + 1, gmax, gmax2,
                        MIN_REDUCTION, f2 > f + 1e-12 * Math.abs(f) ? "rose" : "did not rise"));
            }
            if (roundingFloor && !(gmax2 <= tol) && !(gmax2 <= MIN_REDUCTION * gmax)) {
                // within 100 tol the gradient is rounding noise: accept, as L-BFGS does there
                return stop(u2, f2, g2, obj, true, iter + 1, g0, String.format(Locale.ROOT,
                        "converged: largest gradient %.2e (within 100 times the tolerance %.1e, the rounding floor) "
                        + "after %d Newton iterations, %d evaluations", gmax2, tol, iter + 1, iter + 2));
            }
            double[][] fresh = iter == 0 && curvature != null && gmax2 > tol ? curvature.apply(natural(u2)) : null;
            if (fresh != null) {
                h = fresh;
            } else {
                bfgs(h, s, g, g2);
            }
            u = u2;
            f = f2;
            g = g2;
            gmax = gmax2;
        }
    }

    /** BFGS update of the inverse Hessian {@code h} (Nocedal and Wright 2006, eq. 6.17); skipped unless {@code y's > 0}. */
    private static void bfgs(double[][] h, double[] s, double[] gOld, double[] gNew) {
        int k = s.length;
        double[] y = new double[k];
        double ys = 0;
        for (int j = 0; j < k; j++) {
            y[j] = gNew[j] - gOld[j];
            ys += y[j] * s[j];
        }
        if (!(ys > 0)) {
            return;
        }
        double rho = 1 / ys;
        double[] hy = new double[k];
        double yhy = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                hy[i] += h[i][j] * y[j];
            }
            yhy += y[i] * hy[i];
        }
        // H' = H - rho (H y s' + s y' H) + (rho^2 y'Hy + rho) s s'
        double c = rho * rho * yhy + rho;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + c * s[i] * s[j];
            }
        }
    }

    private static Outcome stop(double[] u, double f, double[] g, LogScaleObjective obj, boolean converged, int iter,
                                double g0, String message) {
        double[] p = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            p[j] = Math.exp(u[j]);
        }
        return new Outcome(p, -f / obj.scale, g.clone(), converged, iter, g0, message);
    }

    private static double[] natural(double[] u) {
        double[] p = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            p[j] = Math.exp(u[j]);
        }
        return p;
    }

    private static double max(double[] g) {
        double m = 0;
        for (double v : g) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
