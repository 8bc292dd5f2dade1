package org.churnkit.contractual;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogBeta;
import org.churnkit.NotComputableException;
import org.churnkit.numerics.DifferentiableObjective;
import org.churnkit.numerics.ParallelRows;

/**
 * The log-likelihood of {@link SubscriberHistories} under the sBG or BdW, optionally with static
 * covariates on the Beta shapes, and its gradient with respect to the fitted vector
 * {@code u = (log gamma, log delta[, log c], b_gamma..., b_delta...)}.
 *
 * <p>Per row: an active subscriber in period {@code t} contributes {@code log S(t - 1)}, a
 * cancellation at {@code t} {@code log P(T = t) = log S(t-1) + log(1 - S(t)/S(t-1))}, with
 * {@code log S(t) = log B(gamma, delta + t^c) - log B(gamma, delta)} and its derivatives
 * {@code d/dgamma = psi(gamma+delta) - psi(gamma+delta+x)},
 * {@code d/ddelta = psi(delta+x) - psi(delta) - psi(gamma+delta+x) + psi(gamma+delta)},
 * {@code d/dc = (psi(delta+x) - psi(gamma+delta+x)) x log t} ({@code x = t^c}). For the sBG
 * {@code 1 - S(t)/S(t-1) = gamma / (gamma + delta + t - 1)} exactly. Rows are summed in chunks
 * in parallel and the chunk sums added in order, so the result does not depend on thread timing.
 */
final class ContractualLikelihood {
    private final ContractualKind kind;
    private final SubscriberHistories data;
    private final int shapes;
    private final int k;
    private final CovariateTarget target;
    private final int dim;

    ContractualLikelihood(ContractualKind kind, SubscriberHistories data, CovariateTarget target) {
        this.kind = kind;
        this.data = data;
        this.shapes = kind.parameterNames().size();
        this.k = target == null ? 0 : data.covariateNames().size();
        this.target = target;
        this.dim = shapes + (k == 0 ? 0 : (target.gamma() ? k : 0) + (target.delta() ? k : 0));
    }

    /** The same likelihood on other rows (a subsample of these). */
    ContractualLikelihood on(SubscriberHistories rows) {
        return new ContractualLikelihood(kind, rows, target);
    }

    int dimension() {
        return dim;
    }

    int shapes() {
        return shapes;
    }

    SubscriberHistories data() {
        return data;
    }

    /** Parameter names in {@code u} order. */
    List<String> names() {
        List<String> n = new ArrayList<>(kind.parameterNames());
        if (k > 0 && target.gamma()) {
            for (String c : data.covariateNames()) {
                n.add("gamma:" + c);
            }
        }
        if (k > 0 && target.delta()) {
            for (String c : data.covariateNames()) {
                n.add("delta:" + c);
            }
        }
        return n;
    }

    /**
     * Total log-likelihood at {@code u}; adds {@code dLL/du} into {@code grad} when not null.
     *
     * @throws NotComputableException naming the first row whose contribution is not finite
     */
    double logLikelihood(double[] u, double[] grad) {
        double gamma = Math.exp(u[0]);
        double delta = Math.exp(u[1]);
        double c = kind == ContractualKind.BDW ? Math.exp(u[2]) : 1.0;
        int n = data.rows();
        int chunks = Math.max(1, (n + ParallelRows.CHUNK - 1) / ParallelRows.CHUNK);
        double[][] part = new double[chunks][dim + 1];
        ParallelRows.forRanges(n, (from, to) -> {
            double[] acc = part[from / ParallelRows.CHUNK];
            double[] g = new double[3];
            for (int i = from; i < to; i++) {
                double gi = gamma;
                double di = delta;
                int j = shapes;
                if (k > 0) {
                    double lg = 0;
                    double ld = 0;
                    if (target.gamma()) {
                        for (int m = 0; m < k; m++) {
                            lg += u[j + m] * data.covariate(i, m);
                        }
                    }
                    if (target.delta()) {
                        int o = target.gamma() ? j + k : j;
                        for (int m = 0; m < k; m++) {
                            ld += u[o + m] * data.covariate(i, m);
                        }
                    }
                    gi = gamma * Math.exp(lg);
                    di = delta * Math.exp(ld);
                }
                double ll = row(data.periods(i), data.cancelled(i), gi, di, c, grad == null ? null : g);
                double w = data.count(i);
                if (!Double.isFinite(ll) || (grad != null && !(Double.isFinite(g[0]) && Double.isFinite(g[1])
                        && Double.isFinite(g[2])))) {
                    throw new NotComputableException(data.describe(i), "the " + kind.displayName()
                            + " log-likelihood of " + data.describe(i) + " is not finite at gamma=" + gi + ", delta="
                            + di + (kind == ContractualKind.BDW ? ", c=" + c : ""));
                }
                acc[0] += w * ll;
                if (grad != null) {
                    // g holds d/dlog gamma_i, d/dlog delta_i, d/dlog c
                    acc[1] += w * g[0];
                    acc[2] += w * g[1];
                    if (shapes == 3) {
                        acc[3] += w * g[2];
                    }
                    if (k > 0) {
                        if (target.gamma()) {
                            for (int m = 0; m < k; m++) {
                                acc[1 + j + m] += w * g[0] * data.covariate(i, m);
                            }
                            j += k;
                        }
                        if (target.delta()) {
                            for (int m = 0; m < k; m++) {
                                acc[1 + j + m] += w * g[1] * data.covariate(i, m);
                            }
                        }
                    }
                }
            }
        });
        double total = 0;
        for (double[] p : part) {
            total += p[0];
            if (grad != null) {
                for (int j = 0; j < dim; j++) {
                    grad[j] += p[1 + j];
                }
            }
        }
        return total;
    }

    /**
     * One subscriber's log-likelihood; {@code g} receives its derivatives with respect to
     * {@code log gamma, log delta, log c} when not null.
     */
    private double row(int t, boolean cancelled, double gamma, double delta, double c, double[] g) {
        double gd = gamma + delta;
        double psiGd = g == null ? 0 : Digamma.value(gd);
        double psiD = g == null ? 0 : Digamma.value(delta);
        double[] a = new double[3];
        double la = logSurvival(t - 1, gamma, delta, c, psiGd, psiD, g == null ? null : a);
        if (!cancelled) {
            if (g != null) {
                g[0] = a[0] * gamma;
                g[1] = a[1] * delta;
                g[2] = a[2] * c;
            }
            return la;
        }
        if (kind == ContractualKind.SBG) {
            double q = gd + (t - 1);
            if (g != null) {
                g[0] = (a[0] + 1 / gamma - 1 / q) * gamma;
                g[1] = (a[1] - 1 / q) * delta;
                g[2] = 0;
            }
            return la + Math.log(gamma / q);
        }
        double[] b = new double[3];
        double lb = logSurvival(t, gamma, delta, c, psiGd, psiD, g == null ? null : b);
        double diff = Math.min(lb - la, -Double.MIN_NORMAL);
        double oneMinus = -Math.expm1(diff);
        if (g != null) {
            // d log(S(t-1) - S(t)) = dA + R/(1-R) (dA - dB), R = S(t)/S(t-1)
            double w = Math.exp(diff) / oneMinus;
            g[0] = (a[0] + w * (a[0] - b[0])) * gamma;
            g[1] = (a[1] + w * (a[1] - b[1])) * delta;
            g[2] = (a[2] + w * (a[2] - b[2])) * c;
        }
        return la + Math.log(oneMinus);
    }

    /** {@code log S(t)} and its natural-scale derivatives into {@code d} (gamma, delta, c). */
    private static double logSurvival(int t, double gamma, double delta, double c, double psiGd, double psiD,
                                      double[] d) {
        if (t == 0) {
            if (d != null) {
                d[0] = 0;
                d[1] = 0;
                d[2] = 0;
            }
            return 0;
        }
        double x = c == 1.0 || t == 1 ? t : Math.pow(t, c);
        double ls = LogBeta.value(gamma, delta + x) - LogBeta.value(gamma, delta);
        if (d != null) {
            double psiGdx = Digamma.value(gamma + delta + x);
            double psiDx = Digamma.value(delta + x);
            d[0] = psiGd - psiGdx;
            d[1] = psiDx - psiD - psiGdx + psiGd;
            d[2] = (psiDx - psiGdx) * x * Math.log(t);
        }
        return Math.min(0.0, ls);
    }

    /** {@code -LL(u) / W} and its gradient: what the optimiser minimises; {@code +infinity} where undefined. */
    DifferentiableObjective objective() {
        double scale = 1.0 / data.subscribers();
        return (u, g) -> {
            for (double v : u) {
                if (!Double.isFinite(v) || Math.abs(v) > 700) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            double[] grad = new double[dim];
            double ll;
            try {
                ll = logLikelihood(u, grad);
            } catch (NotComputableException | ArithmeticException | IllegalArgumentException e) {
                return Double.POSITIVE_INFINITY;
            }
            for (int j = 0; j < dim; j++) {
                g[j] = -grad[j] * scale;
                if (!Double.isFinite(g[j])) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            double f = -ll * scale;
            return Double.isFinite(f) ? f : Double.POSITIVE_INFINITY;
        };
    }
}
