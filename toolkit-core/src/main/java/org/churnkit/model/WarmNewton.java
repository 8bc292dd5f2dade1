package org.churnkit.model;

import java.util.Locale;
import org.churnkit.numerics.Cholesky;

/**
 * The optimiser of a warm refit ({@link ModelFitter#warmFit}): Newton steps on the log-parameters
 * from the previous estimates, one pass over the rows (value and gradient) per step, no line
 * search, stopped by a statistical rule.
 *
 * <p>The objective is the fitter's, {@code f(u) = -LL(exp(u)) / W} ({@code LogScaleObjective}),
 * with gradient {@code g}. The first step uses the previous fit's inverse information per unit of
 * weight, {@code W_prev cov_prev(log theta)}: the information per customer of last week's data is
 * that of this week's to a few per cent. Every later step, and the stopping test, use the observed
 * information {@code I(u)} at the current point, supplied by the caller (on a sample of the rows
 * when they are many): {@code u' = u - W I(u)^-1 g}.
 *
 * <p><b>The stopping rule.</b> At an evaluated point {@code u}, the Newton step still to go is
 * {@code s = -I(u)^-1 G} ({@code G = -W g}, the gradient of the total log-likelihood), and its
 * length in standard errors is the Newton decrement {@code d = sqrt(G' I(u)^-1 G) = sqrt(s' I(u) s)}.
 * The run stops, converged, at the first evaluated point with {@code d <= stepSe}, and returns that
 * point (whose log-likelihood and gradient were computed on all rows) with the information there.
 * Since {@code |a's| <= sqrt(a' I^-1 a) d} for every vector {@code a} (Cauchy-Schwarz), the point is
 * then within {@code stepSe} standard errors of the optimum in every direction: each
 * log-parameter, and (to first order) every function of the parameters such as a customer's
 * P(alive) or expected transactions, is within {@code stepSe} of its own standard error of the
 * value at the exact maximum, to the accuracy of the quadratic model ({@code I} estimated on a
 * sample: about 1 % relative). That is a statistical tolerance: an estimate {@code d} standard
 * errors from the maximum-likelihood estimate has root-mean-square error
 * {@code sqrt(1 + d^2)} standard errors, a relative excess of {@code 5e-5} at {@code d = 0.01}.
 *
 * <p>A line search is not needed near a strict maximum, and is harmful there: the objective's
 * change over the last steps is near its rounding (about {@code 1e-16 |f|}). Instead each step
 * must do what a Newton step does near a maximum, or the refit gives up (and the caller runs the
 * multistart fit): the largest gradient component must shrink at least by a quarter (to
 * {@value #MIN_REDUCTION} of itself; a Newton step from a good model of the curvature shrinks it
 * twentyfold or more) and the objective must not rise beyond rounding; and the information must be
 * positive definite at every point where it is taken.
 */
final class WarmNewton {
    /** Each iteration must shrink the largest gradient component at least by this factor. */
    static final double MIN_REDUCTION = 0.75;

    private WarmNewton() {}

    /** The observed information (minus the Hessian of the total log-likelihood, log scale) at a point. */
    @FunctionalInterface
    interface Information {
        /**
         * The information at {@code theta}.
         *
         * @param theta the point, natural scale
         * @param totalLogGradient the gradient of the total log-likelihood with respect to the
         *     log-parameters there (for forward differences)
         * @return the matrix, or null where it cannot be computed
         */
        double[][] at(double[] theta, double[] totalLogGradient);
    }

    /**
     * The outcome.
     *
     * @param params the estimates (natural scale)
     * @param logLik the total log-likelihood there
     * @param gradient the objective's gradient there ({@code -dLL/dlog theta / W})
     * @param negHessian the observed information at {@code params} (null unless converged)
     * @param converged whether the stopping rule was met
     * @param iterations steps taken
     * @param passes evaluations of the likelihood on all rows
     * @param startGradient largest gradient component at the start
     * @param decrement the Newton step still to go at {@code params}, in standard errors (NaN when
     *     no information was taken there)
     * @param message why it stopped, in words
     */
    record Outcome(double[] params, double logLik, double[] gradient, double[][] negHessian, boolean converged,
                   int iterations, int passes, double startGradient, double decrement, String message) {}

    /**
     * Runs the iterations.
     *
     * @param model the likelihood
     * @param rows the (merged) rows
     * @param start the previous estimates, natural scale
     * @param inverseHessian the first inverse Hessian of the objective (log scale), not modified
     * @param stepSe the stopping rule: the Newton step still to go, in standard errors
     * @param maxIterations the iteration budget
     * @param information the observed information at a point
     * @return the outcome; not converged when the budget ran out, a step did not do what was
     *     expected or the information was not positive definite
     * @throws IllegalArgumentException when a start component is not positive and finite
     */
    static Outcome run(LikelihoodFunction<?> model, Histories rows, double[] start, double[][] inverseHessian,
                       double stepSe, int maxIterations, Information information) {
        int k = start.length;
        LogScaleObjective obj = new LogScaleObjective(model, rows);
        double w = rows.totalWeight();
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
        int passes = 1;
        if (f == Double.POSITIVE_INFINITY) {
            return stop(u, f, g, null, obj, false, 0, passes, Double.NaN, Double.NaN,
                    "the likelihood cannot be evaluated at the previous estimates");
        }
        double g0 = max(g);
        double gmax = g0;
        for (int iter = 0; ; iter++) {
            double[][] info = null;
            double d = decrement(h, g, w);
            // After the first step the information is always needed: for the covariance if the
            // point passes the test, as the Newton matrix if it does not. At the start only when
            // the previous information says the point may already pass.
            if (iter > 0 || d <= stepSe) {
                double[] p = natural(u);
                double[] total = new double[k];
                for (int j = 0; j < k; j++) {
                    total[j] = -g[j] * w;
                }
                info = information.at(p, total);
                double[][] cov = info == null ? null : Cholesky.invertPositiveDefinite(info);
                if (cov == null) {
                    return stop(u, f, g, null, obj, false, iter, passes, g0, Double.NaN, String.format(Locale.ROOT,
                            "the observed information after %d Newton iteration(s) is not positive definite", iter));
                }
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        h[i][j] = cov[i][j] * w;
                    }
                }
                d = decrement(h, g, w);
                if (d <= stepSe) {
                    return stop(u, f, g, info, obj, true, iter, passes, g0, d, String.format(Locale.ROOT,
                            "converged: Newton step still to go %.2g standard errors (at most %s) after %d Newton "
                            + "iteration(s), %d passes over the rows", d, stepSe, iter, passes));
                }
            }
            if (iter == maxIterations) {
                return stop(u, f, g, null, obj, false, iter, passes, g0, d, String.format(Locale.ROOT,
                        "iteration limit %d reached with the Newton step still to go %.2g standard errors",
                        maxIterations, d));
            }
            double[] u2 = new double[k];
            for (int i = 0; i < k; i++) {
                double v = u[i];
                for (int j = 0; j < k; j++) {
                    v -= h[i][j] * g[j];
                }
                u2[i] = v;
            }
            double[] g2 = new double[k];
            double f2 = obj.value(u2, g2);
            passes++;
            if (f2 == Double.POSITIVE_INFINITY) {
                return stop(u, f, g, null, obj, false, iter + 1, passes, g0, d, "a Newton step left the region "
                        + "where the likelihood can be evaluated");
            }
            double gmax2 = max(g2);
            boolean rose = f2 > f + 1e-12 * Math.abs(f);
            if (!(gmax2 <= MIN_REDUCTION * gmax) || rose) {
                return stop(u, f, g, null, obj, false, iter + 1, passes, g0, d, String.format(Locale.ROOT,
                        "Newton iteration %d did not do what a Newton step near a maximum does: largest gradient "
                        + "%.2e -> %.2e (at most %.2f times wanted), objective %s", iter + 1, gmax, gmax2,
                        MIN_REDUCTION, rose ? "rose" : "did not rise"));
            }
            u = u2;
            f = f2;
            g = g2;
            gmax = gmax2;
        }
    }

    /**
     * The Newton decrement in standard errors, {@code sqrt(W g' h g)} for the objective's gradient
     * {@code g} and inverse Hessian {@code h = W I^-1}: {@code sqrt(G' I^-1 G)} with {@code G = -W g}.
     */
    static double decrement(double[][] h, double[] g, double w) {
        double q = 0;
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                q += g[i] * h[i][j] * g[j];
            }
        }
        double d = Math.sqrt(Math.max(0, q) * w);
        return Double.isFinite(d) ? d : Double.POSITIVE_INFINITY;
    }

    private static Outcome stop(double[] u, double f, double[] g, double[][] info, LogScaleObjective obj,
                                boolean converged, int iter, int passes, double g0, double d, String message) {
        return new Outcome(natural(u), -f / obj.scale, g.clone(), info, converged, iter, passes, g0, d, message);
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
