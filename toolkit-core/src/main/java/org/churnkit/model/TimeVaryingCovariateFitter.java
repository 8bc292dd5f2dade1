package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.Cholesky;
import org.churnkit.numerics.Lbfgs;
import org.churnkit.numerics.Vectors;

/**
 * Maximum-likelihood fitting of the Pareto/NBD model with time-varying covariates
 * ({@link TimeVaryingCovariateModel}; Bachmann, Meierer and Naef 2021), with the pieces of
 * {@link StaticCovariateFitter}: its {@link StaticCovariateFitter.Options} (purchase and dropout
 * covariates, equality constraints, L2 penalty), L-BFGS on {@code (log r, log alpha, log s,
 * log beta, coefficients)} with the analytic gradient, damped Newton steps to finish, the
 * Hessian by central differences of that gradient (forward ones beyond
 * {@link ModelFitter.Settings#screenRows()} rows), standard errors and 95 % intervals as
 * {@link StaticCovariateFit} states them, and the plain model's boundary diagnosis.
 *
 * <p>Starts: the plain Pareto/NBD fit of the same histories (when not on a boundary) and the plain
 * likelihood's data-based starts, each with every coefficient 0, all run to the tolerance. Beyond
 * {@code screenRows} distinct rows the starts are run in turn on an evenly spaced subsample of a
 * quarter of that size (each row costs a quadrature per period) until one converges; Newton steps
 * on all rows with the subsample's curvature scaled up finish (L-BFGS on all rows if they stall),
 * and the standard errors then use the forward-difference Hessian of the last Newton step's
 * start. Customers with equal histories and covariate paths are merged into weighted rows (the
 * optimum is unchanged). Covariates are used untransformed. Thread-safe.
 */
public final class TimeVaryingCovariateFitter {
    private static final double SCREEN_TOLERANCE = 1e-4;
    private static final double STEP = 1e-4;
    private static final double Z95 = 1.959963984540054;
    private static final double EXTREME_EFFECT = 30;
    private static final int MAX_NEWTON = 50;
    private final ModelFitter.Settings settings;
    /** The one start (log base parameters, coefficients) of {@link #fitFrom}; null: the multistart. */
    private final double[] from;

    private TimeVaryingCovariateFitter(ModelFitter.Settings settings) {
        this(settings, null);
    }

    private TimeVaryingCovariateFitter(ModelFitter.Settings settings, double[] from) {
        this.settings = settings;
        this.from = from;
    }

    /**
     * As {@link #fit} from one start only, {@code u0} = (log base parameters, coefficients): for
     * simulation studies that fit hundreds of data sets drawn from known parameters, where the
     * multistart's other starts only cost time (as {@link StaticCovariateFitter#fitFrom}).
     */
    TimeVaryingCovariateFit fitFrom(TimeVaryingCovariates data, StaticCovariateFitter.Options options, double[] u0) {
        return new TimeVaryingCovariateFitter(settings, Objects.requireNonNull(u0, "u0").clone()).fit(data, options);
    }

    /**
     * A fitter with {@link ModelFitter.Settings#defaults()}.
     *
     * @return the fitter
     */
    public static TimeVaryingCovariateFitter of() {
        return new TimeVaryingCovariateFitter(ModelFitter.Settings.defaults());
    }

    /**
     * A fitter with these optimiser settings (iterations, tolerance, screening size; the starts are
     * not used).
     *
     * @param settings the settings
     * @return the fitter
     */
    public static TimeVaryingCovariateFitter of(ModelFitter.Settings settings) {
        return new TimeVaryingCovariateFitter(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Fits the model and returns it with its estimates and diagnosis, converged or not.
     *
     * @param data the customers' covariate paths
     * @param options which covariates enter which process (names of {@link TimeVaryingCovariates#names()})
     * @return the fit
     * @throws ChurnkitException when there are no customers, a covariate is missing, or the
     *     likelihood cannot be evaluated at any start
     */
    public TimeVaryingCovariateFit fit(TimeVaryingCovariates data, StaticCovariateFitter.Options options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        if (data.size() == 0 || !(data.totalWeight() > 0)) {
            throw new ChurnkitException("cannot fit pareto-nbd with time-varying covariates: no customers");
        }
        TimeVaryingCovariates rows = data.merged();
        int p = options.purchase().size();
        int q = options.dropout().size();
        int[] pc = TimeVaryingCovariateModel.columns(rows, options.purchase());
        int[] dc = TimeVaryingCovariateModel.columns(rows, options.dropout());
        int[] pi = new int[p];
        int[] di = new int[q];
        List<String> coefNames = new ArrayList<>();
        for (int k = 0; k < p; k++) {
            String nm = options.purchase().get(k);
            pi[k] = coefNames.size();
            coefNames.add((options.equal().contains(nm) ? "purchase=dropout:" : "purchase:") + nm);
        }
        for (int k = 0; k < q; k++) {
            String nm = options.dropout().get(k);
            if (options.equal().contains(nm)) {
                di[k] = pi[options.purchase().indexOf(nm)];
            } else {
                di[k] = coefNames.size();
                coefNames.add("dropout:" + nm);
            }
        }
        TimeVaryingCovariateLikelihood lik = new TimeVaryingCovariateLikelihood(rows, pc, dc, pi, di, coefNames.size(),
                options.purchasePenalty(), options.dropoutPenalty());
        int dim = lik.dimension();
        int n = rows.size();
        double w = rows.totalWeight();
        Histories hist = rows.histories();

        boolean big = n > settings.screenRows();
        TimeVaryingCovariateLikelihood screen = lik;
        if (big) {
            // A quarter of the plain models' screening size: each row costs a quadrature per period.
            int m = Math.max(100, settings.screenRows() / 4);
            int[] sub = new int[m];
            for (int k = 0; k < m; k++) {
                sub[k] = (int) ((long) k * n / m);
            }
            screen = new TimeVaryingCovariateLikelihood(rows.select(sub, null), pc, dc, pi, di, coefNames.size(),
                    options.purchasePenalty(), options.dropoutPenalty());
        }
        if (from != null && from.length != dim) {
            throw new IllegalArgumentException("the start has " + from.length + " values; the model has " + dim);
        }
        List<double[]> starts = from != null ? List.of(from) : starts(screen.data.histories());
        Lbfgs best = null;
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (double[] st : starts) {
            if (big && best != null && best.converged()) {
                break; // on large data the first start that converges is kept (each start costs a fit)
            }
            tried++;
            // the starts are base parameters with every coefficient 0; fitFrom's is already u
            double[] u = from != null ? from.clone() : new double[dim];
            for (int j = 0; j < 4 && from == null; j++) {
                u[j] = Math.log(st[j]);
            }
            Lbfgs run = new Lbfgs(screen.objective(), u);
            if (run.value() == Double.POSITIVE_INFINITY) {
                failures.add("the log-likelihood is not finite at the start " + Arrays.toString(st));
                continue;
            }
            run.run(big ? Math.max(SCREEN_TOLERANCE, settings.gradientTolerance()) : settings.gradientTolerance(),
                    settings.maxIterations());
            if (best == null || (run.converged() != best.converged() ? run.converged() : run.value() < best.value())) {
                best = run;
            }
        }
        if (best == null) {
            throw new ChurnkitException("cannot fit pareto-nbd with time-varying covariates: " + String.join("; ", failures));
        }
        int iterations = best.iterations();
        String message = best.message();
        double[] u = best.point();
        boolean converged = best.converged();
        if (big) {
            // Newton steps on all rows with the subsample's curvature scaled up (one gradient per
            // step); L-BFGS on all rows when they stall.
            double[] v = subsampleNewton(lik, screen, u);
            if (v != null) {
                u = v;
                message = "screened on " + screen.data.size() + " rows: " + message + "; then Newton steps on all rows";
            } else {
                Lbfgs run = new Lbfgs(lik.objective(), u);
                run.run(settings.gradientTolerance(), settings.maxIterations());
                iterations += run.iterations();
                message = "screened on " + screen.data.size() + " rows: " + message + "; all rows: " + run.message();
                u = run.point();
            }
            converged = false; // decided by the gradient below
        }
        double[] grad = new double[dim];
        double ll = lik.logLikelihood(u, grad);
        lik.penalise(u, grad);
        double pl = ll - lik.penalty(u);
        double[][] negH = negativeHessian(lik, u, big ? grad : null);
        int newton = 0;
        // Damped Newton steps: L-BFGS stops where the objective's changes reach its rounding,
        // while the analytic gradient still points somewhere; a few Newton steps take the
        // gradient norm down by orders of magnitude. The Hessian is kept while steps succeed.
        for (; newton < MAX_NEWTON && negH != null; newton++) {
            if (Math.sqrt(Vectors.dot(grad, grad)) <= 1e-9 * w) {
                break;
            }
            double[] d = StaticCovariateFitter.dampedNewton(negH, grad);
            if (d == null) {
                break;
            }
            double cap = Vectors.maxAbs(d);
            if (cap > 1) {
                Vectors.scale(1 / cap, d);
            }
            boolean moved = false;
            for (int half = 0; half < 20 && !moved; half++) {
                double[] v = u.clone();
                Vectors.axpy(1, d, v);
                double[] g2 = new double[dim];
                double ll2;
                try {
                    ll2 = lik.logLikelihood(v, g2);
                } catch (ChurnkitException e) {
                    Vectors.scale(0.5, d);
                    continue;
                }
                lik.penalise(v, g2);
                double pl2 = ll2 - lik.penalty(v);
                // accept a step that does not lower the objective beyond rounding and lowers the gradient
                if (pl2 >= pl - 1e-12 * Math.abs(pl) && Vectors.dot(g2, g2) < Vectors.dot(grad, grad)) {
                    u = v;
                    ll = ll2;
                    pl = pl2;
                    grad = g2;
                    moved = true;
                } else {
                    Vectors.scale(0.5, d);
                }
            }
            if (!moved) {
                break;
            }
        }
        if (newton > 0 && !big) {
            // at the final point; on large data the Hessian of the last Newton step's start is
            // kept (a step of the size the gradient tolerance allows changes it negligibly)
            negH = negativeHessian(lik, u, null);
        }
        converged |= Vectors.maxAbs(grad) / w <= settings.gradientTolerance();
        double gnorm = Math.sqrt(Vectors.dot(grad, grad));
        double[][] cov = negH == null ? null : Cholesky.invertPositiveDefinite(negH);

        double[] theta = new double[4];
        for (int j = 0; j < 4; j++) {
            theta[j] = Math.exp(u[j]);
        }
        List<String> names = new ArrayList<>(ModelKind.PARETO_NBD.parameterNames());
        names.addAll(coefNames);
        List<StaticCovariateFit.Estimate> est = new ArrayList<>();
        double[] seBase = new double[4];
        double[] covBaseNat = cov == null ? null : new double[16];
        for (int j = 0; j < dim; j++) {
            double seU = cov == null ? Double.NaN : Math.sqrt(cov[j][j]);
            if (j < 4) {
                seBase[j] = theta[j] * seU;
                est.add(new StaticCovariateFit.Estimate(names.get(j), theta[j], seBase[j], theta[j] * Math.exp(-Z95 * seU),
                        theta[j] * Math.exp(Z95 * seU)));
                if (covBaseNat != null) {
                    for (int l = 0; l < 4; l++) {
                        covBaseNat[j * 4 + l] = theta[j] * theta[l] * cov[j][l];
                    }
                }
            } else {
                est.add(new StaticCovariateFit.Estimate(names.get(j), u[j], seU, u[j] - Z95 * seU, u[j] + Z95 * seU));
            }
        }

        double[][] negHBase = negH == null ? null : block(negH);
        double[][] covBase = cov == null ? null : block(cov);
        FitDiagnostics.Diagnosis base = FitDiagnostics.diagnose(ModelKind.PARETO_NBD, theta, cov == null ? null : negHBase,
                covBase, converged, hist, rows.unit());
        List<FitFinding> boundary = new ArrayList<>();
        List<FitFinding> identification = new ArrayList<>();
        for (FitFinding f : base.findings()) {
            if (cov == null && f.message().startsWith("the curvature")) {
                continue;
            }
            (f.status() == FitStatus.BOUNDARY ? boundary : identification).add(f);
        }
        for (int c = 0; c < coefNames.size(); c++) {
            double maxZ = 0;
            for (int k = 0; k < p; k++) {
                if (pi[k] == c) {
                    maxZ = Math.max(maxZ, maxAbs(rows, pc[k]));
                }
            }
            for (int k = 0; k < q; k++) {
                if (di[k] == c) {
                    maxZ = Math.max(maxZ, maxAbs(rows, dc[k]));
                }
            }
            double g = u[4 + c];
            if (Math.abs(g) * maxZ > EXTREME_EFFECT) {
                String nm = coefNames.get(c);
                boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of(nm), "",
                        String.format(Locale.ROOT, "the coefficient %s ran off (%s): it multiplies a rate by more "
                                + "than e^%.0f between periods or customers, so its effect is not identified. More "
                                + "data on both sides of the covariate, or an L2 penalty, would identify it",
                                nm, FitDiagnostics.fmt(g), EXTREME_EFFECT)));
            }
        }
        if (negH == null || cov == null) {
            identification.add(StaticCovariateFitter.hessianFinding(names, negH));
        }
        List<FitFinding> findings = new ArrayList<>(boundary);
        findings.addAll(identification);
        FitStatus status = !boundary.isEmpty() ? FitStatus.BOUNDARY : !converged ? FitStatus.NOT_CONVERGED
                : !identification.isEmpty() ? FitStatus.NOT_IDENTIFIED : FitStatus.CONVERGED;
        message = message + (newton > 0 ? String.format(Locale.ROOT, "; then %d Newton step(s) to gradient norm %.2e",
                newton, gnorm) : "") + " (" + tried + " of " + starts.size() + " starts" + (big ? " screened on " + screen.data.size()
                + " rows" : "") + (failures.isEmpty() ? "" : "; " + failures.size() + " start(s) failed") + ")"
                + (cov == null ? "; the Hessian is not negative definite, standard errors unavailable" : "");
        FitSummary summary = new FitSummary(ll, seBase, covBaseNat, w, n, converged, iterations, message, rows.unit(), null,
                status, findings);
        ParetoNbd plain = ParetoNbd.of(theta, summary);
        TimeVaryingCovariateModel model = TimeVaryingCovariateModel.of(plain, options.purchase(),
                lik.purchaseCoefficients(u), options.dropout(), lik.dropoutCoefficients(u), rows.referenceLevels(),
                rows.unit(), rows.periodLength());
        if (cov != null) {
            // The joint covariance of (log base parameters, coefficients), symmetrised (the inversion
            // is symmetric up to rounding only): what prediction intervals draw from. Not finite (an
            // ill-conditioned inversion): left unrecorded, intervals then say to refit.
            double[][] joint = new double[dim][dim];
            boolean finite = true;
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    joint[i][j] = 0.5 * (cov[i][j] + cov[j][i]);
                    finite &= Double.isFinite(joint[i][j]);
                }
                finite &= joint[i][i] >= 0;
            }
            if (finite) {
                try {
                    model = model.withCovariance(names, joint);
                } catch (IllegalArgumentException e) {
                    // unrecordable (cannot happen for a finite symmetric matrix): intervals will say to refit
                }
            }
        }
        return new TimeVaryingCovariateFit(model, est, ll, lik.penalty(u), gnorm, converged, iterations, status, findings,
                message, w, n);
    }

    /**
     * The nonparametric bootstrap of a fitted model, with the refit loop of {@link Bootstrap}
     * ({@link Bootstrap#refit}: one seed per refit, refits that do not converge, leave the domain
     * or run to the boundary where the estimate did not left out and described), as {@link
     * StaticCovariateFitter} does it for static covariates: the customers merged into distinct
     * rows of history and covariate path ({@link TimeVaryingCovariates#merged}), a resample those
     * rows reweighted by how many of the {@code round(W)} draws with replacement land on each,
     * each refitted by one L-BFGS run on (log r, log alpha, log s, log beta, coefficients) started
     * at {@code m}'s estimate with the recorded covariance (times W) as its initial inverse
     * Hessian, with this fitter's tolerance and iteration limit. A coefficient shared by both
     * processes ({@code purchase=dropout:x} in the covariance) stays shared; refits are
     * unpenalised (a model file records no penalty). A prediction window the paths hold is not
     * used (the likelihood ends at each customer's T).
     */
    Bootstrap.Refits<TimeVaryingCovariateModel> bootstrap(TimeVaryingCovariateModel m, TimeVaryingCovariates data,
                                                          int refits, org.apache.commons.rng.UniformRandomProvider rng) {
        Objects.requireNonNull(m, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(rng, "rng");
        String what = "pareto-nbd with time-varying covariates";
        if (data.size() == 0 || !(data.totalWeight() > 0)) {
            throw new ChurnkitException("cannot bootstrap " + what + ": no customers");
        }
        m.likelihood(data); // the same unit, period and covariates as the model, else refused here
        TimeVaryingCovariates rows = data.merged();
        List<String> purchase = m.purchaseCovariates();
        List<String> dropout = m.dropoutCovariates();
        int[] pc = TimeVaryingCovariateModel.columns(rows, purchase);
        int[] dc = TimeVaryingCovariateModel.columns(rows, dropout);
        StaticCovariateFitter.Layout layout = StaticCovariateFitter.Layout.of(purchase, dropout, m.covarianceNames());
        double[] theta = m.plainModel().parameterArray();
        double[] u0 = layout.start(theta, m.purchaseCoefficients(), m.dropoutCoefficients(), 0);
        double[][] hess0 = StaticCovariateFitter.initialInverseHessian(m.covariance().orElse(null), null, u0.length,
                rows.totalWeight());
        int d = rows.size();
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = rows.weight(i);
        }
        long customers = Math.round(rows.totalWeight());
        if (customers < 1) {
            throw new ChurnkitException("cannot bootstrap " + what + ": total weight " + rows.totalWeight()
                    + " is less than one customer");
        }
        return Bootstrap.refit(ModelKind.PARETO_NBD, what, theta, Bootstrap.meanAge(rows.histories()), w, customers,
                refits, rng, (b, counts) -> {
                    int nb = 0;
                    for (int c : counts) {
                        nb += c > 0 ? 1 : 0;
                    }
                    int[] drawn = new int[nb];
                    double[] wb = new double[nb];
                    for (int i = 0, j = 0; i < d; i++) {
                        if (counts[i] > 0) {
                            drawn[j] = i;
                            wb[j++] = counts[i];
                        }
                    }
                    TimeVaryingCovariateLikelihood lik = new TimeVaryingCovariateLikelihood(rows.select(drawn, wb), pc, dc,
                            layout.purchase(), layout.dropout(), layout.free(), 0, 0);
                    Lbfgs opt = new Lbfgs(lik.objective(), u0, hess0);
                    if (opt.value() == Double.POSITIVE_INFINITY) {
                        throw new ChurnkitException("the log-likelihood is not finite at the estimate");
                    }
                    opt.run(settings.gradientTolerance(), settings.maxIterations());
                    double[] u = opt.point();
                    double[] th = new double[4];
                    for (int j = 0; j < 4; j++) {
                        th[j] = Math.exp(u[j]);
                    }
                    return new Bootstrap.Refitted<>(th, opt.converged(), opt.message(), () -> TimeVaryingCovariateModel.of(
                            ParetoNbd.of(th[0], th[1], th[2], th[3]), purchase, lik.purchaseCoefficients(u), dropout,
                            lik.dropoutCoefficients(u), m.referenceLevels(), m.unit(), m.periodLength()));
                });
    }

    /**
     * Newton iterations on all rows from {@code u0} with minus the subsample's Hessian scaled by
     * the ratio of total weights, each step halved (up to 8 times) until the penalised
     * log-likelihood does not fall beyond rounding; the point reached when the largest gradient
     * component per customer meets the tolerance, else null.
     */
    private double[] subsampleNewton(TimeVaryingCovariateLikelihood lik, TimeVaryingCovariateLikelihood sub, double[] u0) {
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
        for (int it = 0; it < 50; it++) {
            if (Vectors.maxAbs(g) / w <= settings.gradientTolerance()) {
                return u;
            }
            double[] d = new double[k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    d[i] += inv[i][j] * g[j];
                }
            }
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
                return null;
            }
        }
        return null;
    }

    /** The plain fit (when not on a boundary) and the plain likelihood's starts. */
    private List<double[]> starts(Histories h) {
        ParetoNbdLikelihood plain = ParetoNbdLikelihood.of();
        List<double[]> out = new ArrayList<>(Arrays.asList(plain.startingPoints(h)));
        try {
            double[] fitted = ModelFitter.of(settings.withStarts(null)).fit(plain, h).parameters();
            boolean usable = true;
            for (double v : fitted) {
                usable &= v > 1e-6 && v < 1e6;
            }
            if (usable) {
                out.add(0, fitted);
            }
        } catch (ChurnkitException e) {
            // the data-based starts remain
        }
        return out;
    }

    /**
     * Minus the Hessian of the penalised log-likelihood by differences of its analytic gradient
     * (step {@value #STEP}; central, or forward from {@code gradAtU} when given), symmetrised;
     * null when not finite.
     */
    static double[][] negativeHessian(TimeVaryingCovariateLikelihood lik, double[] u, double[] gradAtU) {
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

    private static double[][] block(double[][] m) {
        double[][] b = new double[4][4];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(m[i], 0, b[i], 0, 4);
        }
        return b;
    }

    private static double maxAbs(TimeVaryingCovariates d, int col) {
        int c = d.names.size();
        double m = 0;
        for (int i = col; i < d.levels.length; i += c) {
            m = Math.max(m, Math.abs(d.levels[i]));
        }
        return m;
    }
}
