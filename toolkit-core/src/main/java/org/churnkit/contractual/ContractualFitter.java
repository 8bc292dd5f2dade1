package org.churnkit.contractual;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.churnkit.ChurnkitException;
import org.churnkit.ChurnkitVersion;
import org.churnkit.model.FitFinding;
import org.churnkit.model.FitStatus;
import org.churnkit.model.FitSummary;
import org.churnkit.model.ModelFitter;
import org.churnkit.numerics.Cholesky;
import org.churnkit.numerics.Lbfgs;

/**
 * Maximum-likelihood fits of the sBG and BdW, from cohort survivor counts or from individual
 * subscribers (right-censored), with the optimiser of the transaction models (L-BFGS with a
 * strong-Wolfe line search on the log-parameters, {@code org.churnkit.numerics.Lbfgs}) and
 * {@link ModelFitter.Settings} (iteration limit, gradient tolerance on the mean log-likelihood,
 * screening size, starting points).
 *
 * <ul>
 *   <li>Fitted vector {@code u = (log gamma, log delta[, log c], coefficients)}: the shapes stay
 *       positive without bounds. Several starts (the settings', or a moment start
 *       {@code gamma/(gamma+delta)} = the first period's churn rate with {@code gamma + delta} in
 *       {1, 4}, and {@code (1, 1)}; for the BdW each with {@code c} in {1, 0.5, 2}); each run to
 *       the tolerance; the converged run with the highest log-likelihood is kept. Above
 *       {@link ModelFitter.Settings#screenRows()} distinct rows (continuous covariates) the starts
 *       are run on an evenly spaced subsample of that many rows to a gradient tolerance of 1e-4
 *       and only the best is run on all rows.</li>
 *   <li>Standard errors: minus the Hessian of the total log-likelihood in {@code u} by central
 *       differences of the analytic gradient (step 1e-4), inverted by Cholesky; for the shapes the
 *       delta method {@code se(theta) = theta se(log theta)}; 95 % intervals
 *       {@code theta exp(+-1.96 se(log theta))}.</li>
 *   <li>Diagnosis (the summary's {@link FitSummary#status()} and {@link FitSummary#findings()}):
 *       {@code gamma, delta -> infinity} together (no heterogeneity: one geometric churn
 *       probability for all; detected as a coefficient of variation of the churn probability
 *       below 1 %, since the likelihood flattens before the shapes get far), {@code gamma -> 0} (nobody cancels), {@code delta -> 0} (everyone
 *       cancels), {@code gamma, delta -> 0} (a share cancels at once, the rest never),
 *       {@code c -> 0 or infinity}; a Hessian that is not negative definite; an interval spanning
 *       more than 3 orders of magnitude; data that cannot identify the model (no cancellation,
 *       fewer than 2 observed renewal decisions for the sBG or 3 for the BdW). Each finding says
 *       what happened, what model the data fit instead and what data would settle it.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class ContractualFitter {
    /** A shape beyond this has run to infinity. */
    static final double BIG = 1e6;
    /** A churn probability whose coefficient of variation across subscribers is below this is one for all. */
    static final double MIN_CV = 0.01;
    /** A shape below this has run to 0. */
    static final double SMALL = 1e-6;
    /** Central-difference step of the Hessian in {@code u}. */
    static final double STEP = 1e-4;
    private static final double Z95 = 1.959963984540054;
    /** Gradient tolerance of the screening runs on a subsample. */
    static final double SCREEN_TOLERANCE = 1e-4;

    private final ModelFitter.Settings settings;

    private ContractualFitter(ModelFitter.Settings settings) {
        this.settings = settings;
    }

    /**
     * A fitter with {@link ModelFitter.Settings#defaults()} (1000 iterations, tolerance 1e-8).
     *
     * @return the fitter
     */
    public static ContractualFitter of() {
        return new ContractualFitter(ModelFitter.Settings.defaults());
    }

    /**
     * A fitter with these settings: the iteration limit, the gradient tolerance and, when given,
     * the starting points (natural scale, {@code gamma, delta[, c]}; coefficients start at 0).
     * The time unit does not apply.
     *
     * @param settings the optimiser settings
     * @return the fitter
     */
    public static ContractualFitter of(ModelFitter.Settings settings) {
        return new ContractualFitter(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Fits a model to individual subscribers (their covariates, if any, are ignored: see
     * {@link #fitWithCovariates}).
     *
     * @param kind sBG or BdW
     * @param data the subscribers
     * @return the fit, converged or not (see the summary's status)
     * @throws ChurnkitException when there are no subscribers or the likelihood fails at every start
     */
    public ContractualFit fit(ContractualKind kind, SubscriberHistories data) {
        return run(new ContractualLikelihood(kind, data.withoutCovariates(), null));
    }

    /**
     * Fits a model to a cohort's survivor counts (Fader and Hardie 2007, eq. 7): the same as
     * fitting {@link SurvivorCurve#toHistories()}.
     *
     * @param kind sBG or BdW
     * @param cohort the survivors at the end of periods 0..n
     * @return the fit
     */
    public ContractualFit fit(ContractualKind kind, SurvivorCurve cohort) {
        return fit(kind, cohort.toHistories());
    }

    /**
     * Fits a model with static covariates on the Beta shapes:
     * {@code gamma_i = gamma exp(b_gamma' x_i)}, {@code delta_i = delta exp(b_delta' x_i)} (see
     * {@link CovariateTarget}). Coefficients get standard errors and Wald intervals like the
     * shapes; the BdW's {@code c} is common to all subscribers.
     *
     * @param kind sBG or BdW
     * @param data subscribers with covariates
     * @param target which shapes the covariates scale
     * @return the fit; {@link ContractualFit#modelFor(double[])} gives a subscriber's model
     * @throws IllegalArgumentException when the subscribers carry no covariates
     */
    public ContractualFit fitWithCovariates(ContractualKind kind, SubscriberHistories data, CovariateTarget target) {
        Objects.requireNonNull(target, "target");
        if (!data.hasCovariates()) {
            throw new IllegalArgumentException("the subscribers carry no covariates: use fit()");
        }
        return run(new ContractualLikelihood(kind, data, target));
    }

    /**
     * One model per cohort, each fitted on its own.
     *
     * @param kind sBG or BdW
     * @param cohorts the cohorts, with distinct names
     * @return the fits by cohort name, in the given order
     */
    public Map<String, ContractualFit> fitEach(ContractualKind kind, List<SurvivorCurve> cohorts) {
        distinctNames(cohorts);
        Map<String, ContractualFit> out = new LinkedHashMap<>();
        for (SurvivorCurve c : cohorts) {
            out.put(c.cohort(), fit(kind, c));
        }
        return out;
    }

    /**
     * Several cohorts with shared parameters and cohort effects: the first cohort is the
     * baseline, each other cohort {@code j} gets an indicator covariate {@code cohort=name} whose
     * coefficients scale the baseline's shapes ({@code target}: {@link CovariateTarget#GAMMA} or
     * {@link CovariateTarget#DELTA} share one shape across cohorts; {@link CovariateTarget#BOTH}
     * is as flexible as separate fits but gives the differences with standard errors). The BdW's
     * {@code c} is shared.
     *
     * @param kind sBG or BdW
     * @param cohorts at least two cohorts with distinct names; the first is the baseline
     * @param target which shapes differ between cohorts
     * @return the fit; {@code modelFor} with the indicator values gives a cohort's model (use
     *     {@link #cohortModel})
     */
    public ContractualFit fitCohorts(ContractualKind kind, List<SurvivorCurve> cohorts, CovariateTarget target) {
        distinctNames(cohorts);
        if (cohorts.size() < 2) {
            throw new IllegalArgumentException("cohort effects need at least two cohorts, got " + cohorts.size());
        }
        List<String> names = new ArrayList<>();
        for (int j = 1; j < cohorts.size(); j++) {
            names.add("cohort=" + cohorts.get(j).cohort());
        }
        List<Integer> periods = new ArrayList<>();
        List<Boolean> cancelled = new ArrayList<>();
        List<double[]> x = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (int j = 0; j < cohorts.size(); j++) {
            SubscriberHistories h = cohorts.get(j).toHistories();
            double[] dummy = new double[cohorts.size() - 1];
            if (j > 0) {
                dummy[j - 1] = 1;
            }
            for (int r = 0; r < h.rows(); r++) {
                periods.add(h.periods(r));
                cancelled.add(h.cancelled(r));
                x.add(dummy);
                counts.add(h.count(r));
            }
        }
        // expand counts to subscribers would be wasteful: build compressed rows directly
        SubscriberHistories data = SubscriberHistories.ofCounts(
                periods.stream().mapToInt(Integer::intValue).toArray(), toArray(cancelled),
                counts.stream().mapToDouble(Double::doubleValue).toArray(), names, x.toArray(new double[0][]));
        return fitWithCovariates(kind, data, target);
    }

    /**
     * A cohort's model from a {@link #fitCohorts} fit.
     *
     * @param fit the fit
     * @param cohort the cohort's name (the baseline's, or one named by an indicator)
     * @return the model of that cohort
     * @throws IllegalArgumentException for a cohort the fit does not know
     */
    public static ContractualModel cohortModel(ContractualFit fit, String cohort) {
        List<String> names = fit.covariateNames();
        double[] x = new double[names.size()];
        int j = names.indexOf("cohort=" + cohort);
        if (j >= 0) {
            x[j] = 1;
        } else if (names.stream().anyMatch(n -> !n.startsWith("cohort="))) {
            throw new IllegalArgumentException("the fit is not a cohort fit: covariates " + names);
        }
        return fit.modelFor(x);
    }

    /**
     * The sBG against the BdW on the same subscribers, by likelihood ratio.
     *
     * @param data the subscribers
     * @return the test, with both fits
     */
    public LikelihoodRatio compare(SubscriberHistories data) {
        return LikelihoodRatio.of(fit(ContractualKind.SBG, data), fit(ContractualKind.BDW, data));
    }

    /**
     * As {@link #fit(ContractualKind, SubscriberHistories)}, insisting on convergence.
     *
     * @param kind sBG or BdW
     * @param data the subscribers
     * @return the converged fit (possibly on the boundary: see its status)
     * @throws ChurnkitException naming the model, the reason and the last estimates when the
     *     optimiser did not converge
     */
    public ContractualFit fitOrThrow(ContractualKind kind, SubscriberHistories data) {
        ContractualFit f = fit(kind, data);
        if (!f.summary().converged()) {
            throw new ChurnkitException("the " + kind.displayName() + " fit did not converge: " + f.summary().message()
                    + "; last estimates " + f.parameterNames() + " = " + Arrays.toString(f.estimates()));
        }
        return f;
    }

    private static void distinctNames(List<SurvivorCurve> cohorts) {
        Set<String> seen = new java.util.HashSet<>();
        for (SurvivorCurve c : cohorts) {
            if (!seen.add(c.cohort())) {
                throw new IllegalArgumentException("cohort '" + c.cohort() + "' is given twice: cohort names must be distinct");
            }
        }
    }

    private static boolean[] toArray(List<Boolean> b) {
        boolean[] a = new boolean[b.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = b.get(i);
        }
        return a;
    }

    /** Starting points for {@code u}. */
    private List<double[]> starts(ContractualLikelihood lik) {
        int shapes = lik.shapes();
        int dim = lik.dimension();
        List<double[]> natural = new ArrayList<>();
        double[][] given = settings.starts();
        if (given != null) {
            for (double[] s : given) {
                if (s.length != shapes) {
                    throw new IllegalArgumentException("a start has " + s.length + " values, the model needs "
                            + shapes + " (gamma, delta" + (shapes == 3 ? ", c)" : ")"));
                }
                natural.add(s.clone());
            }
        } else {
            SubscriberHistories d = lik.data();
            double atRisk = 0;
            double first = 0;
            for (int i = 0; i < d.rows(); i++) {
                if (d.cancelled(i) || d.periods(i) > 1) {
                    atRisk += d.count(i);
                }
                if (d.cancelled(i) && d.periods(i) == 1) {
                    first += d.count(i);
                }
            }
            double p = atRisk > 0 ? Math.min(0.95, Math.max(0.01, first / atRisk)) : 0.2;
            double[][] base = {{p, 1 - p}, {4 * p, 4 * (1 - p)}, {1, 1}};
            double[] cs = shapes == 3 ? new double[] {1, 0.5, 2} : new double[] {1};
            for (double[] b : base) {
                for (double c : cs) {
                    natural.add(shapes == 3 ? new double[] {b[0], b[1], c} : b.clone());
                }
            }
        }
        List<double[]> out = new ArrayList<>();
        for (double[] s : natural) {
            double[] u = new double[dim];
            for (int j = 0; j < shapes; j++) {
                if (!(s[j] > 0) || Double.isInfinite(s[j])) {
                    throw new IllegalArgumentException("starting points must be positive and finite: "
                            + Arrays.toString(s));
                }
                u[j] = Math.log(s[j]);
            }
            out.add(u);
        }
        return out;
    }

    private ContractualFit run(ContractualLikelihood lik) {
        SubscriberHistories data = lik.data();
        if (data.rows() == 0 || !(data.subscribers() > 0)) {
            throw new ChurnkitException("cannot fit " + lik.names().subList(0, lik.shapes()) + ": no subscribers");
        }
        ContractualKind kind = lik.shapes() == 3 ? ContractualKind.BDW : ContractualKind.SBG;
        List<double[]> starts = starts(lik);
        // Many distinct rows (continuous covariates): the starts are screened on an evenly spaced
        // subsample to a loose tolerance (only the basin matters) and the best one alone is run on
        // all rows, as the transaction models' fitter does (Multistart).
        boolean screen = data.rows() > settings.screenRows() && starts.size() > 1;
        ContractualLikelihood screenLik = screen ? lik.on(data.subsample(settings.screenRows())) : lik;
        double screenTol = screen ? Math.max(SCREEN_TOLERANCE, settings.gradientTolerance()) : settings.gradientTolerance();
        Lbfgs best = null;
        List<String> failures = new ArrayList<>();
        int converged = 0;
        for (double[] u0 : starts) {
            Lbfgs run = new Lbfgs(screenLik.objective(), u0);
            if (run.value() == Double.POSITIVE_INFINITY) {
                failures.add("the log-likelihood is not finite at the start " + Arrays.toString(natural(u0, lik.shapes())));
                continue;
            }
            run.run(screenTol, settings.maxIterations());
            converged += run.converged() ? 1 : 0;
            if (best == null || (run.converged() && !best.converged())
                    || (run.converged() == best.converged() && run.value() < best.value())) {
                best = run;
            }
        }
        if (best == null) {
            // let the likelihood name the subscriber it fails on
            lik.logLikelihood(starts.get(0), null);
            throw new ChurnkitException("cannot fit the " + kind.displayName() + ": " + String.join("; ", failures));
        }
        if (screen) {
            Lbfgs all = new Lbfgs(lik.objective(), best.point());
            all.run(settings.gradientTolerance(), settings.maxIterations());
            best = all;
            converged = all.converged() ? 1 : 0;
        }
        double[] u = best.point();
        int dim = u.length;
        double ll = lik.logLikelihood(u, null);
        double[][] negH = negativeHessian(lik, u);
        double[][] cov = negH == null ? null : Cholesky.invertPositiveDefinite(negH);
        double[] est = natural(u, lik.shapes());
        double[] se = new double[dim];
        double[] covNat = null;
        if (cov != null) {
            covNat = new double[dim * dim];
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    double ji = i < lik.shapes() ? est[i] : 1;
                    double jj = j < lik.shapes() ? est[j] : 1;
                    covNat[i * dim + j] = ji * jj * cov[i][j];
                }
                se[i] = Math.sqrt(covNat[i * dim + i]);
            }
        } else {
            Arrays.fill(se, Double.NaN);
        }
        List<FitFinding> findings = new ArrayList<>();
        FitStatus status = diagnose(kind, lik, est, negH, cov, best.converged(), findings);
        String message = best.message() + ", " + best.evaluations() + " evaluations (" + starts.size() + " starts"
                + (screen ? " screened on " + settings.screenRows() + " rows, the best run on all rows" : ", "
                + converged + " converged") + (failures.isEmpty() ? "" : ", " + failures.size() + " failed") + ")"
                + (cov == null ? "; the Hessian is not negative definite, standard errors unavailable" : "");
        String how = "L-BFGS on (log gamma, log delta" + (lik.shapes() == 3 ? ", log c" : "") + "), gradient tolerance "
                + settings.gradientTolerance() + " (mean log-likelihood), max " + settings.maxIterations()
                + " iterations, " + starts.size() + " starts, Hessian by central differences (step " + STEP + ")";
        FitSummary.Provenance prov = new FitSummary.Provenance(digest(data, lik.names()), Instant.now(),
                ChurnkitVersion.get(), how);
        FitSummary summary = new FitSummary(ll, se, covNat, data.subscribers(), data.rows(), best.converged(),
                best.iterations(), message, null, prov, status, findings);
        double[] shapes = Arrays.copyOf(est, lik.shapes());
        ContractualModel model = ContractualModel.of(kind, shapes, summary);
        return new ContractualFit(model, lik.names(), est, lik.shapes(), lik.data().hasCovariates()
                && dim > lik.shapes() ? data.covariateNames() : List.of(), covariateTarget(lik), summary, cov);
    }

    /**
     * One L-BFGS run of {@code lik} from {@code u0} to the settings' tolerance (no other start, no
     * screening, no Hessian): a bootstrap refit, warm-started at the full-data estimate.
     *
     * @return the fitted vector, or {@code null} when the run did not converge; the message in {@code why[0]}
     */
    double[] refit(ContractualLikelihood lik, double[] u0, String[] why) {
        Lbfgs run = new Lbfgs(lik.objective(), u0);
        if (run.value() == Double.POSITIVE_INFINITY) {
            why[0] = "the log-likelihood is not finite at the estimate";
            return null;
        }
        run.run(settings.gradientTolerance(), settings.maxIterations());
        if (!run.converged()) {
            why[0] = "did not converge: " + run.message();
            return null;
        }
        return run.point();
    }

    private static CovariateTarget covariateTarget(ContractualLikelihood lik) {
        List<String> n = lik.names();
        boolean g = n.stream().anyMatch(s -> s.startsWith("gamma:"));
        boolean d = n.stream().anyMatch(s -> s.startsWith("delta:"));
        return g && d ? CovariateTarget.BOTH : g ? CovariateTarget.GAMMA : d ? CovariateTarget.DELTA : null;
    }

    private static double[] natural(double[] u, int shapes) {
        double[] p = u.clone();
        for (int j = 0; j < shapes; j++) {
            p[j] = Math.exp(u[j]);
        }
        return p;
    }

    /** Minus the Hessian of the total LL in {@code u}, central differences of the gradient, symmetrised; null if not finite. */
    private static double[][] negativeHessian(ContractualLikelihood lik, double[] u) {
        int dim = u.length;
        double[][] h = new double[dim][dim];
        try {
            for (int j = 0; j < dim; j++) {
                double[] up = u.clone();
                double[] dn = u.clone();
                up[j] += STEP;
                dn[j] -= STEP;
                double[] gu = new double[dim];
                double[] gd = new double[dim];
                lik.logLikelihood(up, gu);
                lik.logLikelihood(dn, gd);
                for (int i = 0; i < dim; i++) {
                    h[i][j] = -(gu[i] - gd[i]) / (2 * STEP);
                }
            }
        } catch (ChurnkitException e) {
            return null;
        }
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = m;
                h[j][i] = m;
            }
            for (int j = 0; j < dim; j++) {
                if (!Double.isFinite(h[i][j])) {
                    return null;
                }
            }
        }
        return h;
    }

    private static final String ACCEPT = "; or accept the limiting model (library: use the fit as it is)";

    /** Fills {@code out} with the findings and returns the status (see the class description). */
    static FitStatus diagnose(ContractualKind kind, ContractualLikelihood lik, double[] est, double[][] negH,
                              double[][] cov, boolean converged, List<FitFinding> out) {
        List<FitFinding> boundary = boundaryFindings(kind, est);
        List<String> names = lik.names();
        List<FitFinding> ident = new ArrayList<>();
        SubscriberHistories data = lik.data();
        int decisions = 0;
        for (int i = 0; i < data.rows(); i++) {
            decisions = Math.max(decisions, data.cancelled(i) ? data.periods(i) : data.periods(i) - 1);
        }
        int needed = kind == ContractualKind.BDW ? 3 : 2;
        if (data.cancellations() == 0) {
            ident.add(new FitFinding(FitStatus.NOT_IDENTIFIED, names.subList(0, lik.shapes()), "",
                    "no subscriber cancelled: the churn probability is not identified (its estimate is 0). Data with "
                    + "cancellations would identify it"));
        } else if (decisions < needed) {
            ident.add(new FitFinding(FitStatus.NOT_IDENTIFIED, names.subList(0, lik.shapes()), "",
                    "only " + decisions + " renewal decision(s) per subscriber observed: the " + kind.displayName()
                    + " needs at least " + needed + " (the rise of the retention rate" + (needed == 3
                    ? " and its curvature" : "") + " over the periods is what identifies "
                    + String.join(", ", names.subList(0, lik.shapes())) + "). Longer observation would identify them"));
        }
        if (data.subscribers() <= lik.dimension()) {
            ident.add(new FitFinding(FitStatus.NOT_IDENTIFIED, names, "",
                    "there are " + fmt(data.subscribers()) + " subscribers for " + lik.dimension() + " parameters: "
                    + "more subscribers would identify them"));
        }
        if (cov == null) {
            ident.add(new FitFinding(FitStatus.NOT_IDENTIFIED, names, "",
                    "the Hessian of the log-likelihood is not negative definite at the estimate"
                    + (negH == null ? " (it cannot be evaluated there)" : "") + ": the likelihood is flat or not "
                    + "concave in some direction, so the parameters are not all identified by these data and standard "
                    + "errors cannot be computed (shown as 'not identified')"));
        } else {
            for (int i = 0; i < lik.shapes(); i++) {
                double w = 2 * Z95 * Math.sqrt(cov[i][i]) / Math.log(10);
                if (w > 3) {
                    ident.add(new FitFinding(FitStatus.NOT_IDENTIFIED, List.of(names.get(i)), "",
                            "the 95 % interval of " + names.get(i) + " spans " + fmt(w) + " orders of magnitude: "
                            + names.get(i) + " is not identified by these data. More subscribers or more periods would "
                            + "identify it"));
                }
            }
        }
        out.addAll(boundary);
        if (boundary.isEmpty() && !converged) {
            out.add(new FitFinding(FitStatus.NOT_CONVERGED, List.of(), "", "the optimiser did not converge: raise the "
                    + "iteration limit or give starting points"));
        }
        out.addAll(ident);
        if (!boundary.isEmpty()) {
            return FitStatus.BOUNDARY;
        }
        if (!converged) {
            return FitStatus.NOT_CONVERGED;
        }
        return ident.isEmpty() ? FitStatus.CONVERGED : FitStatus.NOT_IDENTIFIED;
    }

    /**
     * The findings of a shape estimate on the boundary of the parameter space (see the class
     * description), judged from the shapes alone: what the diagnosis reports and what a bootstrap
     * screens its refits with.
     */
    static List<FitFinding> boundaryFindings(ContractualKind kind, double[] est) {
        double g = est[0];
        double d = est[1];
        List<FitFinding> boundary = new ArrayList<>();
        String gd = "gamma = " + fmt(g) + ", delta = " + fmt(d);
        // coefficient of variation of theta ~ Beta(gamma, delta): below 1 % the mixing distribution has
        // collapsed onto its mean, however far the optimiser carried gamma and delta before the
        // likelihood went flat (it flattens like 1 / (gamma + delta))
        double cv = Math.sqrt(d / (g * (g + d + 1)));
        if ((g > BIG && d > BIG) || cv < MIN_CV) {
            String lim = "one churn probability gamma/(gamma+delta) = " + fmt(g / (g + d)) + " per period for every "
                    + "subscriber (a geometric lifetime, no heterogeneity)";
            boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of("gamma", "delta"), lim,
                    "gamma and delta ran to infinity together (" + gd + "; the churn probability's coefficient of "
                    + "variation across subscribers is " + fmt(cv) + "): the subscribers do not differ in their churn "
                    + "probability as far as these data show, so the retention rate does not rise; the data fit " + lim
                    + ". More periods per subscriber would identify how they differ" + ACCEPT));
        } else if (g < SMALL && d < SMALL) {
            String lim = "a share gamma/(gamma+delta) = " + fmt(g / (g + d)) + " cancels at the first renewal, the rest "
                    + "never";
            boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of("gamma", "delta"), lim,
                    "gamma and delta ran to 0 together (" + gd + "): the data fit " + lim + ". Longer observation, "
                    + "with cancellations after the first renewal, would identify the model" + ACCEPT));
        } else if (g < SMALL) {
            String lim = "nobody cancels";
            boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of("gamma"), lim,
                    "gamma ran to 0 (" + gd + "): the mean churn probability is 0, the data fit a model in which "
                    + lim + ". Data with cancellations would identify it" + ACCEPT));
        } else if (d < SMALL) {
            String lim = "everyone cancels at the end of the first period";
            boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of("delta"), lim,
                    "delta ran to 0 (" + gd + "): the mean churn probability is 1, the data fit a model in which "
                    + lim + ". Data with renewals would identify it" + ACCEPT));
        } else {
            for (int i = 0; i < 2; i++) {
                if (Math.abs(Math.log10(est[i])) > 10) {
                    String n = i == 0 ? "gamma" : "delta";
                    boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of(n), "", n + " ran to "
                            + (est[i] > 1 ? "infinity" : "0") + " (" + gd + "): it is not identified by these data. "
                            + "More subscribers or more periods would identify it" + ACCEPT));
                }
            }
        }
        if (kind == ContractualKind.BDW) {
            double c = est[2];
            if (c < 1e-3) {
                String lim = "subscribers who renew once never cancel";
                boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of("c"), lim, "c ran to 0 (c = " + fmt(c)
                        + "): the churn probability collapses after the first period; the data fit a model in which "
                        + lim + ". More periods of observation would identify c" + ACCEPT));
            } else if (c > 1e3) {
                String lim = "every subscriber cancels after a fixed tenure";
                boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of("c"), lim, "c ran to infinity (c = " + fmt(c)
                        + "): the individual churn probability rises without bound with tenure; the data fit a model "
                        + "in which " + lim + ". More periods of observation would identify c" + ACCEPT));
            }
        }
        return boundary;
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return v > 0 ? "infinity" : "not finite";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(java.util.Locale.ROOT, "%.2e", v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /** SHA-256 of the fitted rows (periods, cancelled, count, covariates) and parameter names, hex. */
    static String digest(SubscriberHistories data, List<String> names) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.join(",", names).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            int k = data.covariateNames().size();
            ByteBuffer b = ByteBuffer.allocate(13 + 8 * k);
            for (int i = 0; i < data.rows(); i++) {
                b.clear();
                b.putInt(data.periods(i)).put((byte) (data.cancelled(i) ? 1 : 0)).putDouble(data.count(i));
                for (int j = 0; j < k; j++) {
                    b.putDouble(data.covariate(i, j));
                }
                md.update(b.array(), 0, b.position());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
