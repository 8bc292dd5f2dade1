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
    /** The fitter's loose tolerance for screening starts: only the basin matters there. */
    private static final double SCREEN_TOLERANCE = Multistart.SCREEN_TOLERANCE;
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
        CovariateFitting.Layout layout = CovariateFitting.Layout.of(options);
        int[] pi = layout.purchase();
        int[] di = layout.dropout();
        List<String> coefNames = layout.names();
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
            int[] sub = CovariateFitting.evenlySpaced(n, Math.max(100, settings.screenRows() / 4));
            screen = new TimeVaryingCovariateLikelihood(rows.select(sub, null), pc, dc, pi, di, coefNames.size(),
                    options.purchasePenalty(), options.dropoutPenalty());
        }
        if (from != null && from.length != dim) {
            throw new IllegalArgumentException("the start has " + from.length + " values; the model has " + dim);
        }
        List<double[]> starts = from != null ? List.of(from)
                : CovariateFitting.plainStarts(settings, ModelKind.PARETO_NBD, screen.data.histories());
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
            if (CovariateFitting.better(run, best)) {
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
            CovariateFitting.Stop stop = CovariateFitting.newtonFromSubsample(lik, screen, u, settings.gradientTolerance());
            if (stop != null && stop.converged()) {
                u = stop.point();
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
        double[][] negH = CovariateFitting.negativeHessian(lik, u, big ? grad : null);
        int newton = 0;
        // Damped Newton steps: L-BFGS stops where the objective's changes reach its rounding,
        // while the analytic gradient still points somewhere; a few Newton steps take the
        // gradient norm down by orders of magnitude. The Hessian is kept while steps succeed.
        for (; newton < MAX_NEWTON && negH != null; newton++) {
            if (Math.sqrt(Vectors.dot(grad, grad)) <= 1e-9 * w) {
                break;
            }
            double[] d = CovariateFitting.dampedNewton(negH, grad);
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
            negH = CovariateFitting.negativeHessian(lik, u, null);
        }
        converged |= Vectors.maxAbs(grad) / w <= settings.gradientTolerance();
        double gnorm = Math.sqrt(Vectors.dot(grad, grad));
        double[][] cov = negH == null ? null : Cholesky.invertPositiveDefinite(negH);

        List<String> names = new ArrayList<>(ModelKind.PARETO_NBD.parameterNames());
        names.addAll(coefNames);
        CovariateFitting.Estimates estimates = CovariateFitting.Estimates.of(names, u, cov);
        double[] theta = estimates.theta();
        List<StaticCovariateFit.Estimate> est = estimates.list();

        CovariateFitting.Findings diagnosis = new CovariateFitting.Findings();
        diagnosis.addBase(ModelKind.PARETO_NBD, theta, negH, cov, converged, hist, rows.unit());
        int width = rows.names.size();
        diagnosis.addRunOffCoefficients(layout, u, k -> CovariateFitting.maxAbs(rows.levels, width, pc[k]),
                k -> CovariateFitting.maxAbs(rows.levels, width, dc[k]), "the coefficient %s ran off (%s): it "
                        + "multiplies a rate by more than e^%.0f between periods or customers, so its effect is not "
                        + "identified. More data on both sides of the covariate, or an L2 penalty, would identify it");
        if (negH == null || cov == null) {
            diagnosis.identification.add(CovariateFitting.hessianFinding(names, negH));
        }
        List<FitFinding> findings = diagnosis.all();
        FitStatus status = diagnosis.status(converged);
        message = message + (newton > 0 ? String.format(Locale.ROOT, "; then %d Newton step(s) to gradient norm %.2e",
                newton, gnorm) : "") + " (" + tried + " of " + starts.size() + " starts" + (big ? " screened on " + screen.data.size()
                + " rows" : "") + (failures.isEmpty() ? "" : "; " + failures.size() + " start(s) failed") + ")"
                + (cov == null ? "; the Hessian is not negative definite, standard errors unavailable" : "");
        FitSummary summary = new FitSummary(ll, estimates.seBase(), estimates.covBase(), w, n, converged, iterations, message, rows.unit(), null,
                status, findings);
        ParetoNbd plain = ParetoNbd.of(theta, summary);
        TimeVaryingCovariateModel model = TimeVaryingCovariateModel.of(plain, options.purchase(),
                lik.purchaseCoefficients(u), options.dropout(), lik.dropoutCoefficients(u), rows.referenceLevels(),
                rows.unit(), rows.periodLength());
        if (cov != null) {
            // The joint covariance of (log base parameters, coefficients), symmetrised: what
            // prediction intervals draw from. Not finite (an ill-conditioned inversion): left
            // unrecorded, intervals then say to refit.
            double[][] joint = new double[dim][dim];
            if (CovariateFitting.symmetrise(cov, joint, dim)) {
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
        CovariateFitting.Layout layout = CovariateFitting.Layout.of(purchase, dropout, m.covarianceNames());
        double[] theta = m.plainModel().parameterArray();
        double[] u0 = layout.start(theta, m.purchaseCoefficients(), m.dropoutCoefficients(), 0);
        double[][] hess0 = CovariateFitting.initialInverseHessian(m.covariance().orElse(null), null, u0.length,
                rows.totalWeight());
        int d = rows.size();
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = rows.weight(i);
        }
        long customers = CovariateFitting.resampleSize(rows.totalWeight(), what);
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
                    Lbfgs opt = CovariateFitting.refit(lik, u0, hess0, settings);
                    double[] u = opt.point();
                    double[] th = CovariateFitting.naturalBase(u);
                    return new Bootstrap.Refitted<>(th, opt.converged(), opt.message(), () -> TimeVaryingCovariateModel.of(
                            ParetoNbd.of(th[0], th[1], th[2], th[3]), purchase, lik.purchaseCoefficients(u), dropout,
                            lik.dropoutCoefficients(u), m.referenceLevels(), m.unit(), m.periodLength()));
                });
    }
}
