package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.churnkit.numerics.Cholesky;
import org.churnkit.numerics.Lbfgs;
import org.churnkit.numerics.Vectors;

/**
 * The steps that {@link StaticCovariateFitter} and {@link TimeVaryingCovariateFitter} take alike:
 * the coefficient layout and names, the plain model's starts, the Hessian by differences of the
 * analytic gradient, Newton steps with a subsample's curvature, the estimates on their natural
 * scales with 95 % intervals, the findings on the base parameters and on coefficients that ran
 * off, and the symmetrised joint covariance a model records.
 *
 * <p>Kept in one place so that the two covariate models report, diagnose and refine a fit the
 * same way: a fix to one (a step, a finding's wording, how standard errors are carried to the
 * natural scale) reaches the other. What differs stays in each fitter: the static one runs its
 * starts in parallel to the full tolerance and finishes with a line search on the gradient; the
 * time-varying one, whose rows each cost a quadrature per period, keeps the first start that
 * converges on a large data set and finishes with halved Newton steps.
 */
final class CovariateFitting {
    /** Step of the gradient differences of {@link #negativeHessian}, on u's scale. */
    private static final double STEP = 1e-4;
    /** The 97.5 % point of the standard normal: 95 % intervals. */
    static final double Z95 = 1.959963984540054;
    /** |gamma| max|z| beyond this: a factor beyond e^30 between customers, a coefficient run off. */
    private static final double EXTREME_EFFECT = 30;
    /** Prefix of a coefficient shared by both processes (an equality constraint). */
    private static final String SHARED = "purchase=dropout:";

    private CovariateFitting() {}

    /**
     * The coefficient layout of a covariate fit: where each purchase and dropout coefficient sits
     * among the free coefficients (a coefficient shared by both processes is one free variable)
     * and the names the fit reports them by ({@code purchase:x}, {@code dropout:x}, {@code
     * purchase=dropout:x}), purchase ones first.
     *
     * @param purchase where each purchase coefficient sits among the free coefficients
     * @param dropout where each dropout coefficient sits
     * @param names the free coefficients' names, in order
     */
    record Layout(int[] purchase, int[] dropout, List<String> names) {
        /** The number of free coefficients. */
        int free() {
            return names.size();
        }

        /** The layout a fit with these options makes: the covariates in {@code equal} shared. */
        static Layout of(StaticCovariateFitter.Options options) {
            return sharing(options.purchase(), options.dropout(), options.equal());
        }

        /**
         * The layout of a fitted model, as its fit made it: the covariates its covariance names
         * {@code purchase=dropout:x} shared.
         */
        static Layout of(List<String> purchaseNames, List<String> dropoutNames, List<String> covarianceNames) {
            return sharing(purchaseNames, dropoutNames, covarianceNames.stream().filter(nm -> nm.startsWith(SHARED))
                    .map(nm -> nm.substring(SHARED.length())).toList());
        }

        private static Layout sharing(List<String> purchaseNames, List<String> dropoutNames, List<String> shared) {
            int p = purchaseNames.size();
            int q = dropoutNames.size();
            int[] pi = new int[p];
            int[] di = new int[q];
            List<String> names = new ArrayList<>();
            for (int k = 0; k < p; k++) {
                String nm = purchaseNames.get(k);
                pi[k] = names.size();
                names.add((shared.contains(nm) ? SHARED : "purchase:") + nm);
            }
            for (int k = 0; k < q; k++) {
                String nm = dropoutNames.get(k);
                int kp = purchaseNames.indexOf(nm);
                if (kp >= 0 && shared.contains(nm)) {
                    di[k] = pi[kp];
                } else {
                    di[k] = names.size();
                    names.add("dropout:" + nm);
                }
            }
            return new Layout(pi, di, List.copyOf(names));
        }

        /**
         * The optimiser's point of these parameters: (log base parameters, free coefficients),
         * then {@code extra} zeros (omega's v, set by the caller).
         */
        double[] start(double[] base, double[] gp, double[] gd, int extra) {
            double[] u = new double[base.length + free() + extra];
            for (int j = 0; j < base.length; j++) {
                u[j] = Math.log(base[j]);
            }
            for (int k = 0; k < purchase.length; k++) {
                u[base.length + purchase[k]] = gp[k];
            }
            for (int k = 0; k < dropout.length; k++) {
                u[base.length + dropout[k]] = gd[k];
            }
            return u;
        }
    }

    /** The base parameters of u on their natural scale. */
    static double[] naturalBase(double[] u) {
        double[] t = new double[4];
        for (int j = 0; j < 4; j++) {
            t[j] = Math.exp(u[j]);
        }
        return t;
    }

    /** {@code m} evenly spaced rows of {@code n}: the screening subsample. */
    static int[] evenlySpaced(int n, int m) {
        int[] rows = new int[m];
        for (int k = 0; k < m; k++) {
            rows[k] = (int) ((long) k * n / m);
        }
        return rows;
    }

    /**
     * The plain likelihood's starts and, first, the plain model's own fit of the same histories
     * (when it can be made and is not on a boundary).
     */
    static List<double[]> plainStarts(ModelFitter.Settings settings, ModelKind kind, Histories data) {
        LikelihoodFunction<?> plain = ModelRegistry.likelihood(kind);
        List<double[]> out = new ArrayList<>(Arrays.asList(plain.startingPoints(data)));
        try {
            double[] fitted = ModelFitter.of(settings.withStarts(null)).fit(plain, data).parameters();
            boolean usable = true;
            for (double v : fitted) {
                // A boundary fit (a shape run off to 1e8) is a poor start for a model whose
                // covariates may identify it; the data-based starts cover that case.
                usable &= v > 1e-6 && v < 1e6;
            }
            if (usable) {
                out.add(0, fitted);
            }
        } catch (ChurnkitException e) {
            // The data-based starts remain.
        }
        return out;
    }

    /** Whether {@code run} beats {@code best} (null: nothing yet): converged first, then the lower objective. */
    static boolean better(Lbfgs run, Lbfgs best) {
        return best == null || (run.converged() != best.converged() ? run.converged() : run.value() < best.value());
    }

    /**
     * Minus the Hessian of the penalised log-likelihood in u, by differences of its gradient
     * (step {@value #STEP}): central differences, or forward ones from {@code gradAtU} when it is
     * given (half the evaluations, for large data; error of order the step, 1e-4 relative, far
     * below the sampling error of the standard errors), then symmetrised. Null when not finite.
     */
    static double[][] negativeHessian(CovariateLikelihood lik, double[] u, double[] gradAtU) {
        int k = u.length;
        double[][] h = new double[k][k];
        for (int j = 0; j < k; j++) {
            double[] up = new double[k];
            double[] down = gradAtU;
            double[] v = u.clone();
            try {
                v[j] = u[j] + STEP;
                lik.logLikelihood(v, up);
                lik.penalise(v, up);
                if (down == null) {
                    down = new double[k];
                    v[j] = u[j] - STEP;
                    lik.logLikelihood(v, down);
                    lik.penalise(v, down);
                }
            } catch (ChurnkitException e) {
                return null;
            }
            double width = gradAtU == null ? 2 * STEP : STEP;
            for (int i = 0; i < k; i++) {
                h[i][j] = -(up[i] - down[i]) / width;
            }
        }
        return Hessians.symmetricFinite(h);
    }

    /** {@code (H + mu I)^-1 g} with the smallest {@code mu >= 0} (from a doubling search) that makes it positive definite. */
    static double[] dampedNewton(double[][] negH, double[] g) {
        int k = g.length;
        double scale = 0;
        for (int i = 0; i < k; i++) {
            scale = Math.max(scale, Math.abs(negH[i][i]));
        }
        if (!(scale > 0)) {
            return null;
        }
        double mu = 0;
        for (int attempt = 0; attempt < 60; attempt++) {
            double[][] m = new double[k][];
            for (int i = 0; i < k; i++) {
                m[i] = negH[i].clone();
                m[i][i] += mu;
            }
            double[][] inv = Cholesky.invertPositiveDefinite(m);
            if (inv != null) {
                return times(inv, g);
            }
            mu = mu == 0 ? 1e-10 * scale : 4 * mu;
        }
        return null;
    }

    private static double[] times(double[][] m, double[] g) {
        int k = g.length;
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                d[i] += m[i][j] * g[j];
            }
        }
        return d;
    }

    /** Where a run stopped. */
    record Stop(double[] point, boolean converged, int iterations, int evaluations, String message) {
        /** The L-BFGS run's stop, counting the steps of an earlier stage too. */
        static Stop of(Lbfgs run, Stop before) {
            int it = before == null ? 0 : before.iterations;
            int ev = before == null ? 0 : before.evaluations;
            String m = before == null ? run.message() : before.message + "; then L-BFGS: " + run.message();
            return new Stop(run.point(), run.converged(), it + run.iterations(), ev + run.evaluations(), m);
        }
    }

    /**
     * Newton iterations on all rows from {@code u0} with minus the Hessian of the subsample
     * {@code sub} scaled by the ratio of total weights (the subsample's optimum is close, and
     * each step costs one gradient; L-BFGS, starting without curvature, needs several times as
     * many); each step halved (up to 8 times) until the penalised log-likelihood does not fall
     * beyond rounding, for at most 50 steps. Converged when the largest gradient component per
     * unit weight meets {@code tolerance}. Null when the subsample's curvature is not positive
     * definite or the likelihood cannot be evaluated at {@code u0}.
     */
    static Stop newtonFromSubsample(CovariateLikelihood lik, CovariateLikelihood sub, double[] u0, double tolerance) {
        double[][] h = negativeHessian(sub, u0, null);
        if (h == null) {
            return null;
        }
        double ratio = lik.totalWeight() / sub.totalWeight();
        for (double[] row : h) {
            Vectors.scale(ratio, row);
        }
        double[][] inv = Cholesky.invertPositiveDefinite(h);
        if (inv == null) {
            return null;
        }
        int k = u0.length;
        double w = lik.totalWeight();
        double[] u = u0.clone();
        double[] g = new double[k];
        double pl;
        try {
            pl = lik.logLikelihood(u, g) - lik.penalty(u);
        } catch (ChurnkitException e) {
            return null;
        }
        lik.penalise(u, g);
        int evaluations = 1;
        int it = 0;
        for (; it < 50; it++) {
            if (Vectors.maxAbs(g) / w <= tolerance) {
                return new Stop(u, true, it, evaluations, String.format(Locale.ROOT,
                        "converged: largest gradient %.2e <= %.1e after %d Newton iterations with the subsample's "
                        + "curvature", Vectors.maxAbs(g) / w, tolerance, it));
            }
            double[] d = times(inv, g);
            double cap = Vectors.maxAbs(d);
            if (cap > 1) {
                Vectors.scale(1 / cap, d);
            }
            boolean moved = false;
            for (int half = 0; half < 8 && !moved; half++) {
                double[] v = u.clone();
                Vectors.axpy(1, d, v);
                double[] g2 = new double[k];
                double pl2;
                try {
                    pl2 = lik.logLikelihood(v, g2) - lik.penalty(v);
                } catch (ChurnkitException e) {
                    pl2 = Double.NEGATIVE_INFINITY;
                }
                evaluations++;
                if (pl2 >= pl - 1e-12 * Math.abs(pl)) {
                    lik.penalise(v, g2);
                    u = v;
                    g = g2;
                    pl = pl2;
                    moved = true;
                } else {
                    Vectors.scale(0.5, d);
                }
            }
            if (!moved) {
                break;
            }
        }
        return new Stop(u, false, it, evaluations, String.format(Locale.ROOT,
                "Newton iterations with the subsample's curvature stalled at largest gradient %.2e", Vectors.maxAbs(g) / w));
    }

    /**
     * The initial inverse Hessian of a refit's L-BFGS: the objective is {@code -LL / W}, so its
     * inverse Hessian at the estimate is the recorded covariance times W, and the first steps are
     * then Newton steps (a refit takes a few iterations instead of dozens). A correlated model's
     * covariance has omega's row on omega's scale; {@code og = d omega / d u} carries it to v's
     * ({@code v = (omega - og_u' u) / og_v} to first order). Null (the scaled identity) without a
     * covariance of this size or when it is not positive definite (a coefficient held fixed).
     */
    static double[][] initialInverseHessian(double[][] cov, double[] og, int dim, double totalWeight) {
        if (cov == null || cov.length != dim) {
            return null;
        }
        double[][] c = cov;
        if (og != null) {
            int o = dim - 1;
            double[][] t = new double[dim][dim];
            for (int i = 0; i < o; i++) {
                t[i][i] = 1;
                t[o][i] = -og[i] / og[o];
            }
            t[o][o] = 1 / og[o];
            c = new double[dim][dim];
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    double sum = 0;
                    for (int k = 0; k < dim; k++) {
                        for (int l = 0; l < dim; l++) {
                            sum += t[i][k] * cov[k][l] * t[j][l];
                        }
                    }
                    c[i][j] = sum;
                }
            }
        }
        double[][] h0 = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                h0[i][j] = c[i][j] * totalWeight;
                if (!Double.isFinite(h0[i][j])) {
                    return null;
                }
            }
        }
        return Cholesky.factor(h0) == null ? null : h0;
    }

    /**
     * The number of draws with replacement of a bootstrap resample of rows of this total weight:
     * the weight rounded, so that a resample holds as many customers as the data.
     *
     * @throws ChurnkitException naming {@code what} is bootstrapped when that is less than one customer
     */
    static long resampleSize(double totalWeight, String what) {
        long customers = Math.round(totalWeight);
        if (customers < 1) {
            throw new ChurnkitException("cannot bootstrap " + what + ": total weight " + totalWeight
                    + " is less than one customer");
        }
        return customers;
    }

    /**
     * One bootstrap refit: a single L-BFGS run from the estimate {@code u0} with the initial
     * inverse Hessian {@code hess0} (null: the scaled identity).
     *
     * @throws ChurnkitException when the log-likelihood is not finite at the estimate
     */
    static Lbfgs refit(CovariateLikelihood lik, double[] u0, double[][] hess0, ModelFitter.Settings settings) {
        Lbfgs opt = new Lbfgs(lik.objective(), u0, hess0);
        if (opt.value() == Double.POSITIVE_INFINITY) {
            throw new ChurnkitException("the log-likelihood is not finite at the estimate");
        }
        opt.run(settings.gradientTolerance(), settings.maxIterations());
        return opt;
    }

    /**
     * The estimates of a fit: base parameters on their natural scale (standard error by the delta
     * method, the interval the exponential of u's Wald interval), coefficients as they are.
     *
     * @param theta the base parameters, {@link #naturalBase} of u
     * @param list one estimate per entry of u, named by {@code names}
     * @param seBase standard errors of the base parameters (NaN without a covariance)
     * @param covBase covariance of the base parameters on their natural scale, row-major 4 x 4;
     *     null without a covariance
     */
    record Estimates(double[] theta, List<StaticCovariateFit.Estimate> list, double[] seBase, double[] covBase) {
        /** The estimates at u with covariance {@code cov} of u (null when unavailable). */
        static Estimates of(List<String> names, double[] u, double[][] cov) {
            double[] theta = naturalBase(u);
            List<StaticCovariateFit.Estimate> est = new ArrayList<>();
            double[] seBase = new double[4];
            double[] covBaseNat = cov == null ? null : new double[16];
            for (int j = 0; j < u.length; j++) {
                double seU = cov == null ? Double.NaN : Math.sqrt(cov[j][j]);
                if (j < 4) {
                    seBase[j] = theta[j] * seU;
                    est.add(new StaticCovariateFit.Estimate(names.get(j), theta[j], seBase[j],
                            theta[j] * Math.exp(-Z95 * seU), theta[j] * Math.exp(Z95 * seU)));
                    if (covBaseNat != null) {
                        for (int l = 0; l < 4; l++) {
                            covBaseNat[j * 4 + l] = theta[j] * theta[l] * cov[j][l];
                        }
                    }
                } else {
                    est.add(new StaticCovariateFit.Estimate(names.get(j), u[j], seU, u[j] - Z95 * seU, u[j] + Z95 * seU));
                }
            }
            return new Estimates(theta, est, seBase, covBaseNat);
        }
    }

    /** The boundary and identification findings of a covariate fit, in the order a fit reports them. */
    static final class Findings {
        final List<FitFinding> boundary = new ArrayList<>();
        final List<FitFinding> identification = new ArrayList<>();

        /**
         * The plain model's diagnosis on the base block of minus the Hessian and of the
         * covariance; without a covariance, its finding on the curvature of the base block is
         * left out (the finding on the full matrix, {@link #hessianFinding}, replaces it).
         */
        void addBase(ModelKind kind, double[] theta, double[][] negH, double[][] cov, boolean converged,
                     Histories data, TimeUnit unit) {
            double[][] negHBase = negH == null ? null : block(negH);
            double[][] covBase = cov == null ? null : block(cov);
            FitDiagnostics.Diagnosis base = FitDiagnostics.diagnose(kind, theta, cov == null ? null : negHBase, covBase,
                    converged, data, unit);
            for (FitFinding f : base.findings()) {
                if (cov == null && f.message().startsWith("the curvature")) {
                    continue;
                }
                (f.status() == FitStatus.BOUNDARY ? boundary : identification).add(f);
            }
        }

        /**
         * A boundary finding for each coefficient whose effect {@code |gamma| max|z|} exceeds
         * {@link #EXTREME_EFFECT}, {@code max|z|} over the covariates it multiplies ({@code
         * purchaseMax} and {@code dropoutMax} of a purchase or dropout covariate's index).
         * {@code message} is formatted with the coefficient's name, its value and the bound.
         */
        void addRunOffCoefficients(Layout layout, double[] u, IntToDoubleFunction purchaseMax,
                                   IntToDoubleFunction dropoutMax, String message) {
            int[] pi = layout.purchase();
            int[] di = layout.dropout();
            for (int c = 0; c < layout.free(); c++) {
                double maxZ = 0;
                for (int k = 0; k < pi.length; k++) {
                    if (pi[k] == c) {
                        maxZ = Math.max(maxZ, purchaseMax.applyAsDouble(k));
                    }
                }
                for (int k = 0; k < di.length; k++) {
                    if (di[k] == c) {
                        maxZ = Math.max(maxZ, dropoutMax.applyAsDouble(k));
                    }
                }
                double g = u[4 + c];
                if (Math.abs(g) * maxZ > EXTREME_EFFECT) {
                    String nm = layout.names().get(c);
                    boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of(nm), "",
                            String.format(Locale.ROOT, message, nm, FitDiagnostics.fmt(g), EXTREME_EFFECT)));
                }
            }
        }

        /** Boundary findings, then identification ones. */
        List<FitFinding> all() {
            List<FitFinding> findings = new ArrayList<>(boundary);
            findings.addAll(identification);
            return findings;
        }

        /** The fit's status: a boundary first, then not converged, then not identified. */
        FitStatus status(boolean converged) {
            return !boundary.isEmpty() ? FitStatus.BOUNDARY : !converged ? FitStatus.NOT_CONVERGED
                    : !identification.isEmpty() ? FitStatus.NOT_IDENTIFIED : FitStatus.CONVERGED;
        }
    }

    /** The largest |z| of column {@code col} of a row-major matrix {@code width} columns wide. */
    static double maxAbs(double[] z, int width, int col) {
        double m = 0;
        for (int i = col; i < z.length; i += width) {
            m = Math.max(m, Math.abs(z[i]));
        }
        return m;
    }

    private static double[][] block(double[][] m) {
        double[][] b = new double[4][4];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(m[i], 0, b[i], 0, 4);
        }
        return b;
    }

    /**
     * The finding of a Hessian that cannot be evaluated ({@code h} null) or is not negative
     * definite, naming the parameters of its flattest direction.
     */
    static FitFinding hessianFinding(List<String> names, double[][] h) {
        if (h == null) {
            return new FitFinding(FitStatus.NOT_IDENTIFIED, names, "",
                    "the curvature of the log-likelihood cannot be evaluated at the estimate, so standard errors "
                    + "cannot be computed");
        }
        double[] vec = new double[h.length];
        double lambda = FitDiagnostics.smallestEigen(h, vec);
        List<String> involved = new ArrayList<>();
        for (int i = 0; i < vec.length; i++) {
            if (Math.abs(vec[i]) >= 0.3) {
                involved.add(names.get(i));
            }
        }
        if (involved.isEmpty()) {
            involved.addAll(names);
        }
        return new FitFinding(FitStatus.NOT_IDENTIFIED, involved, "",
                "the Hessian of the log-likelihood is not negative definite at the estimate (curvature "
                + FitDiagnostics.fmt(-lambda) + "): the likelihood is flat when " + String.join(" and ", involved)
                + " change together, so they are not identified by these data and standard errors cannot be computed");
    }

    /**
     * The leading {@code k x k} block of {@code joint} set to the symmetrised covariance {@code
     * (C + C')/2} (the inversion is symmetric up to rounding only, which an ill-conditioned
     * Hessian magnifies); whether every entry is finite and every variance non-negative, without
     * which a model does not record it (rather than write a file that cannot be read).
     */
    static boolean symmetrise(double[][] cov, double[][] joint, int k) {
        boolean finite = true;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                joint[i][j] = 0.5 * (cov[i][j] + cov[j][i]);
                finite &= Double.isFinite(joint[i][j]);
            }
            finite &= joint[i][i] >= 0;
        }
        return finite;
    }
}
