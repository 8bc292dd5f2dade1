package org.churnkit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.churnkit.data.TimeUnit;

/**
 * The diagnosis behind {@link FitStatus}: what {@link ModelFitter} checks after the optimiser has
 * stopped, so that an ill-posed fit is never reported as a plain success.
 *
 * <ul>
 *   <li><b>Boundary</b>: a Gamma shape beyond {@value #BIG_SHAPE} (its rate then runs off with it
 *       at a fixed ratio: the mixing distribution has collapsed onto its mean, e.g. Pareto/NBD
 *       {@code s, beta -> infinity} at fixed {@code s/beta} is a common exponential dropout rate,
 *       {@code r, alpha -> infinity} is Poisson purchasing at rate {@code r/alpha}); a mean rate
 *       that ran to 0 relative to the observation period (below {@value #TINY_MEAN} events per
 *       mean T); for BG/NBD and MBG/NBD {@code a, b -> infinity} together (a common dropout
 *       probability {@code a/(a+b)}), {@code a/(a+b) -> 0} (no dropout: the NBD) or
 *       {@code a, b -> 0}; and any other parameter beyond {@code 1e}{@value #EXTREME_LOG10} or
 *       below its reciprocal.</li>
 *   <li><b>Not identified</b>: minus the Hessian of the log-likelihood on the log scale is not
 *       positive definite (its Cholesky factorisation fails; the direction of its smallest
 *       eigenvalue names the parameters that are not separately identified); a 95 % interval
 *       spanning more than {@value #MAX_INTERVAL_DECADES} orders of magnitude; and data that
 *       cannot identify the model at all (no repeat purchase, a single distinct history, fewer
 *       customers than parameters).</li>
 * </ul>
 * The status is BOUNDARY when any boundary finding was made (whatever the optimiser reported:
 * running off to the boundary is why it stalls), else NOT_CONVERGED when the optimiser did not
 * converge, else NOT_IDENTIFIED when any identification finding was made, else CONVERGED.
 */
final class FitDiagnostics {
    /** A Gamma shape (or both Beta shapes) beyond this has collapsed the mixing distribution onto its mean (CV 0.1 %). */
    static final double BIG_SHAPE = 1e6;
    /** A shape below this has put almost all of the mixing distribution's mass at 0. */
    static final double SMALL_SHAPE = 1e-6;
    /** Mean events (purchases or dropouts) per mean T below this: the rate ran to 0. */
    static final double TINY_MEAN = 1e-6;
    /** Any parameter beyond 10^this (or below 10^-this) ran to the boundary. */
    static final int EXTREME_LOG10 = 10;
    /** A 95 % interval wider than this many orders of magnitude leaves the parameter unidentified. */
    static final int MAX_INTERVAL_DECADES = 3;
    private static final double Z95 = 1.959963984540054;
    private static final String ACCEPT = "; or accept the limiting model with --accept-boundary (library: use the fit as it is)";

    private FitDiagnostics() {}

    /** The status and the findings. */
    record Diagnosis(FitStatus status, List<FitFinding> findings) {}

    /**
     * Diagnoses a fit.
     *
     * @param kind the model family
     * @param theta the estimates (natural scale)
     * @param negHessianLog minus the Hessian of the total log-likelihood on the log scale, or null
     *     when it could not be evaluated
     * @param covLog its inverse, or null when it is not positive definite
     * @param converged whether the optimiser converged
     * @param data the fitted rows (compressed, weighted)
     * @param timeUnit the unit of time, or null
     */
    static Diagnosis diagnose(ModelKind kind, double[] theta, double[][] negHessianLog, double[][] covLog,
                              boolean converged, Histories data, TimeUnit timeUnit) {
        List<String> names = kind.parameterNames();
        int k = theta.length;
        String per = timeUnit == null ? "per time unit" : "per " + timeUnit.label();
        double w = 0;
        double sumT = 0;
        boolean anyRepeat = false;
        for (int i = 0; i < data.size(); i++) {
            double wi = data.weight(i);
            w += wi;
            sumT += wi * data.age[i];
            anyRepeat |= wi > 0 && data.frequency[i] > 0;
        }
        double meanT = w > 0 ? sumT / w : 1;
        List<FitFinding> boundary = boundaryFindings(kind, theta, meanT, per);
        List<FitFinding> identification = new ArrayList<>();
        if (kind != ModelKind.GAMMA_GAMMA && !anyRepeat) {
            identification.add(new FitFinding(FitStatus.NOT_IDENTIFIED, names, "",
                    "no customer made a repeat purchase (every frequency is 0): purchasing and dropout cannot be "
                    + "told apart, so no parameter is identified. A longer calibration period, in which customers "
                    + "buy again, would identify them"));
        }
        if (data.size() == 1 && w > 1) {
            identification.add(new FitFinding(FitStatus.NOT_IDENTIFIED, names, "",
                    "all " + fmtCount(w) + " customers have the same history (frequency " + fmtPlain(data.frequency[0])
                    + ", recency " + fmtPlain(data.recency[0]) + ", T " + fmtPlain(data.age[0]) + "): differences "
                    + "between customers (the heterogeneity the model's mixing distributions describe) cannot be "
                    + "identified. Customers with differing histories would identify it"));
        }
        if (w <= k) {
            identification.add(new FitFinding(FitStatus.NOT_IDENTIFIED, names, "",
                    "only " + fmtCount(w) + " customer" + (w == 1 ? "" : "s") + " for " + k + " parameters: the "
                    + "model cannot be identified. Fit it to many more customers (hundreds at least)"));
        }
        if (negHessianLog == null || covLog == null) {
            identification.add(hessianFinding(names, negHessianLog));
        } else {
            for (int i = 0; i < k; i++) {
                double seLog = Math.sqrt(covLog[i][i]);
                double decades = 2 * Z95 * seLog / Math.log(10);
                if (!(decades <= MAX_INTERVAL_DECADES)) {
                    String n = names.get(i);
                    identification.add(new FitFinding(FitStatus.NOT_IDENTIFIED, List.of(n), "",
                            String.format(Locale.ROOT, "the 95 %% interval of %s spans %.1f orders of magnitude "
                                    + "(%s to %s around %s): %s is hardly identified by these data. More customers, "
                                    + "or a longer calibration period, would narrow it", n, decades,
                                    fmt(theta[i] * Math.exp(-Z95 * seLog)), fmt(theta[i] * Math.exp(Z95 * seLog)),
                                    fmt(theta[i]), n)));
                }
            }
        }
        List<FitFinding> all = new ArrayList<>(boundary);
        all.addAll(identification);
        FitStatus status;
        if (!boundary.isEmpty()) {
            status = FitStatus.BOUNDARY;
        } else if (!converged) {
            status = FitStatus.NOT_CONVERGED;
        } else if (!identification.isEmpty()) {
            status = FitStatus.NOT_IDENTIFIED;
        } else {
            status = FitStatus.CONVERGED;
        }
        return new Diagnosis(status, all);
    }

    /**
     * The boundary findings of the parameters alone (no Hessian, no data beyond the mean age): a
     * shape pair run to infinity at a fixed ratio, a mean rate run to 0, any other parameter beyond
     * 1e-10 or 1e10. {@link #diagnose} reports them for a fit; bootstrap refits are screened with
     * them, because a refit on resampled customers can run to the boundary where the fit did not.
     *
     * @param kind the model
     * @param theta the parameters
     * @param meanT the customers' mean age T, in the model's unit
     * @param per the unit's words, e.g. "per week"
     * @return the findings, empty when the parameters lie inside
     */
    static List<FitFinding> boundaryFindings(ModelKind kind, double[] theta, double meanT, String per) {
        List<String> names = kind.parameterNames();
        int k = theta.length;
        List<FitFinding> boundary = new ArrayList<>();
        boolean[] covered = new boolean[k];
        if (kind == ModelKind.PARETO_NBD || kind == ModelKind.BG_NBD || kind == ModelKind.MBG_NBD) {
            purchaseRate(theta, meanT, per, boundary, covered);
            if (kind == ModelKind.PARETO_NBD) {
                dropoutRate(theta, meanT, per, boundary, covered);
            } else {
                dropoutProbability(theta, boundary, covered);
            }
        }
        for (int i = 0; i < k; i++) {
            if (!covered[i] && Math.abs(Math.log10(theta[i])) > EXTREME_LOG10) {
                String n = names.get(i);
                boundary.add(new FitFinding(FitStatus.BOUNDARY, List.of(n), "",
                        n + " ran to " + (theta[i] > 1 ? "infinity" : "0") + " (" + n + " = " + fmt(theta[i])
                        + "): the likelihood is maximised at the edge of the parameter space, so " + n
                        + " is not identified by these data. More customers, or a longer calibration period, would "
                        + "identify it" + ACCEPT));
            }
        }
        return boundary;
    }

    /** (r, alpha): Gamma mixing of the purchase rate, parameters 0 and 1 of every NBD-family model. */
    private static void purchaseRate(double[] t, double meanT, String per, List<FitFinding> out, boolean[] covered) {
        double r = t[0];
        double alpha = t[1];
        double mean = r / alpha;
        if (r > BIG_SHAPE) {
            covered[0] = covered[1] = true;
            String lim = "Poisson purchasing at a common rate lambda = r/alpha = " + fmt(mean) + " " + per;
            out.add(new FitFinding(FitStatus.BOUNDARY, List.of("r", "alpha"), lim,
                    "r and alpha ran to infinity together (r = " + fmt(r) + ", alpha = " + fmt(alpha) + "; r/alpha = "
                    + fmt(mean) + " " + per + "): heterogeneity of the purchase rate is not identified; the data fit "
                    + lim + ". More customers, with differing purchase frequencies, would identify it" + ACCEPT));
        } else if (mean * meanT < TINY_MEAN) {
            covered[0] = covered[1] = true;
            out.add(new FitFinding(FitStatus.BOUNDARY, List.of("r", "alpha"), "no repeat purchases",
                    "the mean purchase rate r/alpha ran to 0 (r = " + fmt(r) + ", alpha = " + fmt(alpha) + "; r/alpha = "
                    + fmt(mean) + " " + per + "): the data show almost no repeat purchases, so purchasing is not "
                    + "identified. Customers with repeat purchases (a longer calibration period) would identify it"
                    + ACCEPT));
        } else if (r < SMALL_SHAPE) {
            covered[0] = true;
            out.add(new FitFinding(FitStatus.BOUNDARY, List.of("r"), "",
                    "r ran to 0 (r = " + fmt(r) + "): the purchase rates are spread as widely as the Gamma "
                    + "distribution allows, which the data cannot identify. More customers would" + ACCEPT));
        }
    }

    /** (s, beta): Gamma mixing of the Pareto/NBD dropout rate. */
    private static void dropoutRate(double[] t, double meanT, String per, List<FitFinding> out, boolean[] covered) {
        double s = t[2];
        double beta = t[3];
        double mean = s / beta;
        if (s > BIG_SHAPE) {
            covered[2] = covered[3] = true;
            String lim = "exponential lifetimes with a common dropout rate mu = s/beta = " + fmt(mean) + " " + per;
            out.add(new FitFinding(FitStatus.BOUNDARY, List.of("s", "beta"), lim,
                    "s and beta ran to infinity together (s = " + fmt(s) + ", beta = " + fmt(beta) + "; s/beta = "
                    + fmt(mean) + " " + per + "): dropout heterogeneity is not identified; the data fit a common "
                    + "dropout rate (" + lim + "). More customers or a longer calibration period with observed "
                    + "dropouts would identify it" + ACCEPT));
        } else if (mean * meanT < TINY_MEAN || s < SMALL_SHAPE) {
            covered[2] = covered[3] = true;
            String lim = "the NBD model: nobody drops out";
            out.add(new FitFinding(FitStatus.BOUNDARY, List.of("s", "beta"), lim,
                    "the dropout rate ran to 0 (s = " + fmt(s) + ", beta = " + fmt(beta) + "; mean dropout rate s/beta = "
                    + fmt(mean) + " " + per + "): the data show no dropout, so dropout is not identified; they fit "
                    + lim + ". A longer calibration period, in which some customers stop buying, would identify it"
                    + ACCEPT));
        }
    }

    /** (a, b): Beta mixing of the BG/NBD and MBG/NBD dropout probability. */
    private static void dropoutProbability(double[] t, List<FitFinding> out, boolean[] covered) {
        double a = t[2];
        double b = t[3];
        double p = a / (a + b);
        String ab = "a = " + fmt(a) + ", b = " + fmt(b) + "; a/(a+b) = " + fmt(p);
        if (a > BIG_SHAPE && b > BIG_SHAPE) {
            covered[2] = covered[3] = true;
            String lim = "a common dropout probability p = a/(a+b) = " + fmt(p) + " after each purchase";
            out.add(new FitFinding(FitStatus.BOUNDARY, List.of("a", "b"), lim,
                    "a and b ran to infinity together (" + ab + "): heterogeneity of the dropout probability is not "
                    + "identified; the data fit " + lim + ". More customers or a longer calibration period with "
                    + "observed dropouts would identify it" + ACCEPT));
        } else if (p < TINY_MEAN) {
            covered[2] = covered[3] = true;
            String lim = "the NBD model: nobody drops out";
            out.add(new FitFinding(FitStatus.BOUNDARY, List.of("a", "b"), lim,
                    "the mean dropout probability a/(a+b) ran to 0 (" + ab + "): the data show no dropout, so "
                    + "dropout is not identified; they fit " + lim + ". A longer calibration period, in which some "
                    + "customers stop buying, would identify it" + ACCEPT));
        } else if (a < SMALL_SHAPE && b < SMALL_SHAPE) {
            covered[2] = covered[3] = true;
            String lim = "a share a/(a+b) = " + fmt(p) + " of customers drops out at the first chance, the rest never";
            out.add(new FitFinding(FitStatus.BOUNDARY, List.of("a", "b"), lim,
                    "a and b ran to 0 together (" + ab + "): the dropout probability is not identified; the data fit "
                    + lim + ". More customers with observed dropouts would identify it" + ACCEPT));
        } else if (p > 1 - TINY_MEAN) {
            covered[2] = covered[3] = true;
            String lim = "every customer drops out at the first chance";
            out.add(new FitFinding(FitStatus.BOUNDARY, List.of("a", "b"), lim,
                    "the mean dropout probability a/(a+b) ran to 1 (" + ab + "): the data fit a model in which "
                    + lim + ". More customers with repeat purchases would identify it" + ACCEPT));
        }
    }

    private static FitFinding hessianFinding(List<String> names, double[][] h) {
        if (h == null) {
            return new FitFinding(FitStatus.NOT_IDENTIFIED, names, "",
                    "the curvature of the log-likelihood cannot be evaluated at the estimate, so the parameters' "
                    + "standard errors cannot be computed (shown as 'not identified')");
        }
        int k = h.length;
        double[] vec = new double[k];
        double lambda = smallestEigen(h, vec);
        List<String> involved = new ArrayList<>();
        StringBuilder dir = new StringBuilder();
        for (int i = 0; i < k; i++) {
            if (Math.abs(vec[i]) >= 0.3) {
                involved.add(names.get(i));
                dir.append(dir.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "log %s %+.2f",
                        names.get(i), vec[i]));
            }
        }
        if (involved.isEmpty()) {
            involved.addAll(names);
        }
        String who = String.join(" and ", involved);
        return new FitFinding(FitStatus.NOT_IDENTIFIED, involved, "",
                "the Hessian of the log-likelihood is not negative definite at the estimate (its Cholesky "
                + "factorisation fails; curvature " + fmt(-lambda) + " along " + dir + "): the likelihood is flat "
                + "or not concave when " + who + " change" + (involved.size() == 1 ? "s" : " together") + ", so "
                + (involved.size() == 1 ? "it is" : "they are") + " not identified by these data and standard "
                + "errors cannot be computed (shown as 'not identified')");
    }

    /**
     * The smallest eigenvalue of a symmetric matrix and its unit eigenvector (cyclic Jacobi; the
     * matrices are 3x3 or 4x4). The sign of the vector is chosen so its largest component is positive.
     */
    static double smallestEigen(double[][] m, double[] vec) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (!(off > 1e-30 * diag)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < n; r++) {
                        double arp = a[r][p];
                        double arq = a[r][q];
                        a[r][p] = c * arp - s * arq;
                        a[r][q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < n; r++) {
                        double apr = a[p][r];
                        double aqr = a[q][r];
                        a[p][r] = c * apr - s * aqr;
                        a[q][r] = s * apr + c * aqr;
                    }
                    for (int r = 0; r < n; r++) {
                        double vrp = v[r][p];
                        double vrq = v[r][q];
                        v[r][p] = c * vrp - s * vrq;
                        v[r][q] = s * vrp + c * vrq;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (a[i][i] < a[best][best]) {
                best = i;
            }
        }
        int big = 0;
        for (int i = 0; i < n; i++) {
            vec[i] = v[i][best];
            if (Math.abs(vec[i]) > Math.abs(vec[big])) {
                big = i;
            }
        }
        if (vec[big] < 0) {
            for (int i = 0; i < n; i++) {
                vec[i] = -vec[i];
            }
        }
        return a[best][best];
    }

    /** Three significant digits, plain for moderate magnitudes, scientific otherwise; never NaN. */
    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return v > 0 ? "infinity" : "not finite";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static String fmtPlain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : fmt(v);
    }

    private static String fmtCount(double w) {
        return w == Math.rint(w) && w < 1e15 ? String.format(Locale.ROOT, "%,d", (long) w) : fmt(w);
    }
}
