package org.churnkit.contractual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.churnkit.model.FitSummary;

/**
 * What {@link ContractualFitter} returns: the fitted model, the estimates, the covariance of the
 * estimates on the scale they were fitted on, and the {@link FitSummary} (log-likelihood, standard
 * errors, convergence, status and findings in words). Immutable.
 *
 * <p>Parameters, in order: {@code gamma, delta} (and {@code c} for the BdW), fitted as logarithms;
 * then for covariate fits the coefficients {@code gamma:x} of each covariate on {@code gamma},
 * then {@code delta:x} on {@code delta} (as {@link CovariateTarget} selects), fitted as they are.
 * {@link #covariance()} is on that scale (log for the shapes, plain for the coefficients); the
 * summary's standard errors and covariance are on the natural scale (delta method).
 */
public final class ContractualFit {
    private final ContractualModel model;
    private final List<String> parameterNames;
    private final double[] estimates;
    private final int shapes;
    private final List<String> covariateNames;
    private final CovariateTarget target;
    private final FitSummary summary;
    private final double[][] covariance;

    ContractualFit(ContractualModel model, List<String> parameterNames, double[] estimates, int shapes,
                   List<String> covariateNames, CovariateTarget target, FitSummary summary, double[][] covariance) {
        this.model = model;
        this.parameterNames = List.copyOf(parameterNames);
        this.estimates = estimates.clone();
        this.shapes = shapes;
        this.covariateNames = List.copyOf(covariateNames);
        this.target = target;
        this.summary = Objects.requireNonNull(summary, "summary");
        this.covariance = covariance == null ? null : Arrays.stream(covariance).map(double[]::clone)
                .toArray(double[][]::new);
    }

    /**
     * The fitted model (for a covariate fit, the baseline subscriber with all covariates 0),
     * carrying the summary.
     *
     * @return the model
     */
    public ContractualModel model() {
        return model;
    }

    /**
     * The model family.
     *
     * @return the kind
     */
    public ContractualKind kind() {
        return model.kind();
    }

    /**
     * All parameter names in estimate order (see the class description).
     *
     * @return the names
     */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /**
     * All estimates on the natural scale, in {@link #parameterNames()} order (a copy).
     *
     * @return the estimates
     */
    public double[] estimates() {
        return estimates.clone();
    }

    /**
     * The fit summary: log-likelihood, standard errors (natural scale), convergence, status and findings.
     *
     * @return the summary
     */
    public FitSummary summary() {
        return summary;
    }

    /**
     * The maximised log-likelihood.
     *
     * @return LL
     */
    public double logLikelihood() {
        return summary.logLikelihood();
    }

    /**
     * Covariance of the estimates on the fitted scale (log shapes, plain coefficients), the inverse
     * observed information (a copy); {@code null} when the Hessian was not negative definite.
     *
     * @return the covariance, or {@code null}
     */
    public double[][] covariance() {
        return covariance == null ? null : Arrays.stream(covariance).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * The covariates of a covariate fit (empty otherwise).
     *
     * @return the covariate names
     */
    public List<String> covariateNames() {
        return covariateNames;
    }

    /**
     * Which shapes the covariates scale, or {@code null} without covariates.
     *
     * @return the target
     */
    public CovariateTarget covariateTarget() {
        return covariateNames.isEmpty() ? null : target;
    }

    /**
     * The model of a subscriber with covariates {@code x}: {@code gamma exp(b_gamma' x)},
     * {@code delta exp(b_delta' x)} (and the common {@code c}).
     *
     * @param x the covariate values, one per {@link #covariateNames()} (empty without covariates)
     * @return the subscriber's model (without a fit summary)
     * @throws IllegalArgumentException for the wrong number of values or a value not finite
     */
    public ContractualModel modelFor(double[] x) {
        int k = covariateNames.size();
        if (x.length != k) {
            throw new IllegalArgumentException("expected " + k + " covariate values " + covariateNames + ", got "
                    + x.length);
        }
        double[] p = model.parameterArray();
        double lg = 0;
        double ld = 0;
        int j = shapes;
        for (int i = 0; i < k; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("covariate '" + covariateNames.get(i) + "' must be finite, got " + x[i]);
            }
        }
        if (target != null && target.gamma()) {
            for (int i = 0; i < k; i++) {
                lg += estimates[j++] * x[i];
            }
        }
        if (target != null && target.delta()) {
            for (int i = 0; i < k; i++) {
                ld += estimates[j++] * x[i];
            }
        }
        p[0] *= Math.exp(lg);
        p[1] *= Math.exp(ld);
        return ContractualModel.of(model.kind(), p, null);
    }

    /**
     * The estimates on the scale they were fitted on, the scale of {@link #covariance()}:
     * {@code u = (log gamma, log delta[, log c], coefficients)}.
     */
    double[] fittedVector() {
        double[] u = estimates.clone();
        for (int i = 0; i < shapes; i++) {
            u[i] = Math.log(estimates[i]);
        }
        return u;
    }

    /**
     * The same fit (names, covariates, target, summary) at another fitted vector {@code u} (see
     * {@link #fittedVector()}): a parameter draw or a bootstrap refit, scored exactly as the
     * estimate is. It carries no covariance of its own.
     *
     * @throws IllegalArgumentException when a shape {@code exp(u_i)} is not positive and finite
     */
    ContractualFit atFittedVector(double[] u) {
        if (u.length != estimates.length) {
            throw new IllegalArgumentException("expected " + estimates.length + " values " + parameterNames + ", got "
                    + u.length);
        }
        double[] e = u.clone();
        for (int i = 0; i < shapes; i++) {
            e[i] = Math.exp(u[i]);
        }
        ContractualModel m = ContractualModel.of(model.kind(), Arrays.copyOf(e, shapes), null);
        return new ContractualFit(m, parameterNames, e, shapes, covariateNames, target, summary, null);
    }

    /**
     * Wald confidence intervals at {@code level}: {@code theta exp(+- z se(log theta))} for the
     * shapes (positive like them), {@code b +- z se(b)} for coefficients. Rows are parameters,
     * columns {lower, upper}; NaN where the standard errors are unavailable.
     *
     * @param level the confidence level, in (0, 1)
     * @return {lower, upper} per parameter
     */
    public double[][] confidenceIntervals(double level) {
        double z = z(level);
        double[][] ci = new double[estimates.length][2];
        for (int i = 0; i < estimates.length; i++) {
            double se = covariance == null ? Double.NaN : Math.sqrt(covariance[i][i]);
            if (i < shapes) {
                ci[i][0] = estimates[i] * Math.exp(-z * se);
                ci[i][1] = estimates[i] * Math.exp(z * se);
            } else {
                ci[i][0] = estimates[i] - z * se;
                ci[i][1] = estimates[i] + z * se;
            }
        }
        return ci;
    }

    private static double z(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
        return NormalDistribution.of(0, 1).inverseCumulativeProbability(0.5 + level / 2);
    }

    /**
     * Pointwise intervals of the baseline survivor curve {@code S(0..n)} by the delta method on
     * {@code log(-log S(t))} (which keeps them inside (0, 1)), from the covariance of the log
     * shapes: what a projection of the survivors forward is shown with. Rows are periods
     * {@code 0..n}, columns {lower, upper}; {@code S(0) = 1} exactly; NaN where standard errors
     * are unavailable.
     *
     * @param n the last period, {@code >= 0}
     * @param level the confidence level, in (0, 1)
     * @return {lower, upper} per period
     */
    public double[][] survivalIntervals(int n, double level) {
        double z = z(level);
        double[][] out = new double[n + 1][2];
        out[0][0] = 1;
        out[0][1] = 1;
        double[] u = new double[shapes];
        for (int i = 0; i < shapes; i++) {
            u[i] = Math.log(estimates[i]);
        }
        double h = 1e-6;
        for (int t = 1; t <= n; t++) {
            double ls = model.logSurvival(t);
            double eta = Math.log(-ls);
            double var = Double.NaN;
            if (covariance != null) {
                double[] g = new double[shapes];
                for (int i = 0; i < shapes; i++) {
                    double[] up = u.clone();
                    double[] dn = u.clone();
                    up[i] += h;
                    dn[i] -= h;
                    g[i] = (Math.log(-at(up).logSurvival(t)) - Math.log(-at(dn).logSurvival(t))) / (2 * h);
                }
                var = 0;
                for (int i = 0; i < shapes; i++) {
                    for (int j = 0; j < shapes; j++) {
                        var += g[i] * covariance[i][j] * g[j];
                    }
                }
            }
            double se = Math.sqrt(var);
            // S = exp(-exp(eta)): a larger eta is a lower S
            out[t][0] = Math.exp(-Math.exp(eta + z * se));
            out[t][1] = Math.exp(-Math.exp(eta - z * se));
        }
        return out;
    }

    private ContractualModel at(double[] logShapes) {
        double[] p = new double[logShapes.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logShapes[i]);
        }
        return ContractualModel.of(model.kind(), p, null);
    }

    /**
     * The estimates with their standard errors and 95 % intervals, one line per parameter, then
     * the log-likelihood and the diagnosis: what a command line prints.
     *
     * @return the table in words
     */
    public String describe() {
        List<String> lines = new ArrayList<>();
        double[] se = summary.standardErrors();
        double[][] ci = confidenceIntervals(0.95);
        lines.add(model.kind().displayName() + " fit to " + fmt(summary.customers()) + " subscribers");
        for (int i = 0; i < estimates.length; i++) {
            lines.add(String.format(java.util.Locale.ROOT, "  %-16s %12.6g  se %s  95%% [%s, %s]",
                    parameterNames.get(i), estimates[i], FitSummary.formatStandardError(se[i]),
                    Double.isFinite(ci[i][0]) ? String.format(java.util.Locale.ROOT, "%.6g", ci[i][0]) : "-",
                    Double.isFinite(ci[i][1]) ? String.format(java.util.Locale.ROOT, "%.6g", ci[i][1]) : "-"));
        }
        lines.add(String.format(java.util.Locale.ROOT, "  log-likelihood %.6f", summary.logLikelihood()));
        lines.add("  " + summary.diagnosis());
        return String.join(System.lineSeparator(), lines);
    }

    private static String fmt(double w) {
        return w == Math.rint(w) && w < 1e15 ? String.format(java.util.Locale.ROOT, "%,d", (long) w)
                : String.format(java.util.Locale.ROOT, "%.6g", w);
    }

    @Override
    public String toString() {
        return "ContractualFit[" + model + ", " + parameterNames + "=" + Arrays.toString(estimates) + ", LL="
                + summary.logLikelihood() + ", " + summary.status().label() + "]";
    }
}
