package org.churnkit.numerics;

/**
 * Limited-memory BFGS minimiser (Nocedal and Wright 2006, algorithm 7.4: two-loop recursion with
 * the last {@value #MEMORY} curvature pairs, initial Hessian scaled by {@code s'y / y'y}) with a
 * {@link StrongWolfeLineSearch}. One instance is one run; {@link #run} may be called again with a
 * tighter tolerance to continue from where it stopped.
 *
 * <p>Safeguards: no coordinate moves by more than {@value #MAX_STEP} in one step; a direction
 * that does not descend resets the memory to steepest descent; curvature pairs with
 * {@code s'y <= 1e-16 |s| |y|} are not stored. An initial inverse Hessian may replace the scaled
 * identity (a Newton-like first step from a good start). Stopping: the largest gradient component at most
 * the tolerance (converged); a relative change of f below 1e-14 for three iterations (converged
 * if the gradient is within 1000 times the tolerance, else stalled); a line search that finds no
 * decrease (converged within 100 times the tolerance, the rounding floor, else failed, after one
 * retry from steepest descent); or the iteration limit (not converged).
 */
public final class Lbfgs {
    /** Curvature pairs kept. */
    public static final int MEMORY = 10;
    /**
     * Largest change of any coordinate in one line-search step. The fitter works on
     * log-parameters, where 5 is a factor e^5 ~ 150.
     */
    public static final double MAX_STEP = 5.0;

    private final DifferentiableObjective obj;
    /** Initial inverse Hessian, or null for {@code s'y / y'y} times the identity. */
    private final double[][] h0;
    private final double[][] sMem = new double[MEMORY][];
    private final double[][] yMem = new double[MEMORY][];
    private final double[] rho = new double[MEMORY];
    private double[] x;
    private double[] g;
    private double f;
    private int mem;
    private int head;
    private int iter;
    private int evaluations;
    private boolean converged;
    private String message = "not run";

    /**
     * Starts a run at {@code x0}, evaluating the objective there once. If it is {@code +infinity}
     * there, {@link #value()} says so and the caller decides (running on would fail at once).
     *
     * @param objective the function to minimise
     * @param x0 the starting point (copied)
     */
    public Lbfgs(DifferentiableObjective objective, double[] x0) {
        this(objective, x0, null);
    }

    /**
     * As {@link #Lbfgs(DifferentiableObjective, double[])}, with {@code h0} (symmetric positive
     * definite, copied) as the initial inverse Hessian of the two-loop recursion in place of the
     * scaled identity: with a good approximation (the inverse Hessian of a subsample's objective)
     * the first steps are already Newton steps.
     *
     * @param objective the function to minimise
     * @param x0 the starting point (copied)
     * @param h0 the initial inverse Hessian, or {@code null} for the scaled identity
     */
    public Lbfgs(DifferentiableObjective objective, double[] x0, double[][] h0) {
        this.h0 = h0 == null ? null : java.util.Arrays.stream(h0).map(double[]::clone).toArray(double[][]::new);
        this.obj = (p, grad) -> {
            evaluations++;
            return objective.value(p, grad);
        };
        x = x0.clone();
        g = new double[x.length];
        f = obj.value(x, g);
    }

    /**
     * The current point (a copy).
     *
     * @return the current point
     */
    public double[] point() {
        return x.clone();
    }

    /**
     * The objective's gradient at the current point (a copy).
     *
     * @return the gradient
     */
    public double[] gradient() {
        return g.clone();
    }

    /**
     * The objective at the current point.
     *
     * @return the value
     */
    public double value() {
        return f;
    }

    /**
     * Whether the last {@link #run} met its convergence criteria.
     *
     * @return whether it converged
     */
    public boolean converged() {
        return converged;
    }

    /**
     * Iterations over all runs so far.
     *
     * @return the iteration count
     */
    public int iterations() {
        return iter;
    }

    /**
     * Objective evaluations over all runs so far, the initial one included.
     *
     * @return the evaluation count
     */
    public int evaluations() {
        return evaluations;
    }

    /**
     * Why the last {@link #run} stopped.
     *
     * @return the reason
     */
    public String message() {
        return message;
    }

    /**
     * Iterates until a stopping rule holds (see the class comment).
     *
     * @param tol gradient tolerance, positive
     * @param maxIterations iterations allowed in this call
     */
    public void run(double tol, int maxIterations) {
        int k = x.length;
        int stall = 0;
        converged = false;
        message = null;
        int limit = iter + maxIterations;
        for (; iter < limit; iter++) {
            double gmax = Vectors.maxAbs(g);
            if (gmax <= tol) {
                converged = true;
                message = String.format("converged: largest gradient %.2e <= %.1e after %d iterations", gmax, tol, iter);
                return;
            }
            double[] d = direction(gmax);
            double dg = Vectors.dot(d, g);
            if (!(dg < 0)) {
                // Not a descent direction: forget the curvature pairs and use steepest descent.
                mem = 0;
                d = g.clone();
                Vectors.scale(-1.0 / Math.max(1.0, gmax), d);
                dg = Vectors.dot(d, g);
            }
            double stepMax = MAX_STEP / Vectors.maxAbs(d);
            double[] xNew = new double[k];
            double[] gNew = new double[k];
            double fNew = StrongWolfeLineSearch.search(obj, x, f, d, dg, Math.min(1.0, stepMax), stepMax, xNew, gNew);
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
            remember(xNew, gNew);
            double change = Math.abs(f - fNew) / Math.max(1.0, Math.abs(f));
            x = xNew;
            g = gNew;
            f = fNew;
            stall = change < 1e-14 ? stall + 1 : 0;
            if (stall >= 3) {
                double gm = Vectors.maxAbs(g);
                converged = gm <= 1000 * tol;
                message = String.format("%s: objective unchanged (relative %.1e) for 3 iterations, largest "
                        + "gradient %.2e, after %d iterations", converged ? "converged" : "stalled", change, gm,
                        iter + 1);
                iter++;
                return;
            }
        }
        message = String.format("iteration limit %d reached with largest gradient %.2e", maxIterations,
                Vectors.maxAbs(g));
    }

    /** The quasi-Newton direction {@code -H g} by the two-loop recursion. */
    private double[] direction(double gmax) {
        double[] d = g.clone();
        double[] a = new double[MEMORY];
        for (int m = 0; m < mem; m++) {
            int i = Math.floorMod(head - 1 - m, MEMORY);
            a[i] = rho[i] * Vectors.dot(sMem[i], d);
            Vectors.axpy(-a[i], yMem[i], d);
        }
        if (h0 != null) {
            double[] q = d.clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = Vectors.dot(h0[i], q);
            }
        } else if (mem > 0) {
            int last = Math.floorMod(head - 1, MEMORY);
            double gamma = Vectors.dot(sMem[last], yMem[last]) / Vectors.dot(yMem[last], yMem[last]);
            Vectors.scale(gamma, d);
        } else {
            Vectors.scale(1.0 / Math.max(1.0, gmax), d);
        }
        for (int m = mem - 1; m >= 0; m--) {
            int i = Math.floorMod(head - 1 - m, MEMORY);
            double b = rho[i] * Vectors.dot(yMem[i], d);
            Vectors.axpy(a[i] - b, sMem[i], d);
        }
        Vectors.scale(-1, d);
        return d;
    }

    /** Stores the curvature pair of the step to {@code xNew} when it has positive curvature. */
    private void remember(double[] xNew, double[] gNew) {
        int k = x.length;
        double[] sv = new double[k];
        double[] yv = new double[k];
        for (int j = 0; j < k; j++) {
            sv[j] = xNew[j] - x[j];
            yv[j] = gNew[j] - g[j];
        }
        double sy = Vectors.dot(sv, yv);
        if (sy > 1e-16 * Math.sqrt(Vectors.dot(sv, sv) * Vectors.dot(yv, yv))) {
            sMem[head] = sv;
            yMem[head] = yv;
            rho[head] = 1 / sy;
            head = (head + 1) % MEMORY;
            mem = Math.min(mem + 1, MEMORY);
        }
    }
}
