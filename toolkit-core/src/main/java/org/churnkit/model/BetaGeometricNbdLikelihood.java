package org.churnkit.model;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.churnkit.NotComputableException;

/**
 * The BG/NBD and MBG/NBD log-likelihood with its analytic gradient, written for speed: everything
 * that depends only on {@code x} (log-gamma, digamma, beta terms) is tabulated once per call for
 * small x, so a row costs two logarithms, one exponential and one {@code log1p}, with no allocation.
 *
 * <p>Per row, with {@code k = r + x}, {@code beta' = b + x + [modified]}, {@code rho = b + x - 1 +
 * [modified]}, {@code A = log a - log rho + k (log(alpha+T) - log(alpha+t_x))} (the log-odds of the
 * dead branch; absent for BG/NBD with x = 0) and {@code s = 1 / (1 + exp(-A))}:
 *
 * <pre>
 *   l       = lnG(k) - lnG(r) + r ln alpha + lnB(a, beta') - lnB(a, b) - k ln(alpha+T) + log(1 + e^A)
 *   dl/dr   = psi(k) - psi(r) + ln alpha - ln(alpha+T) + s (ln(alpha+T) - ln(alpha+t_x))
 *   dl/dal  = r/alpha - k/(alpha+T) + s k (1/(alpha+T) - 1/(alpha+t_x))
 *   dl/da   = psi(a+b) - psi(a+beta') + s/a
 *   dl/db   = psi(beta') - psi(a+beta') - psi(b) + psi(a+b) - s/rho
 * </pre>
 */
abstract class BetaGeometricNbdLikelihood<M extends FittedModel> implements LikelihoodFunction<M> {
    /** x values below this are tabulated per call (cost ~ 8 special functions each). */
    private static final int TABLE = 512;
    /** Up to this many factors, Beta ratios and digamma differences are summed term by term (exact to rounding). */
    private static final int EXACT_SUMS = 64;

    /** MBG/NBD (dropout also possible at time 0) rather than BG/NBD. */
    private final boolean modified;

    BetaGeometricNbdLikelihood(boolean modified) {
        this.modified = modified;
    }

    @Override
    public final ModelKind kind() {
        return modified ? ModelKind.MBG_NBD : ModelKind.BG_NBD;
    }

    @Override
    public final double logLikelihood(double[] params, Histories data, int from, int to, double[] gradient) {
        return logLikelihood(modified, params, data, from, to, gradient, false);
    }

    /**
     * As {@link #logLikelihood}, with the Beta ratios {@code B(a, b+m)/B(a, b)} and the digamma
     * differences summed term by term for {@code m <= 64}: exact to rounding when a and b are
     * large, where the difference of two log-Beta values loses every digit (the covariate model,
     * whose a_i and b_i may run far beyond the plain model's).
     */
    final double logLikelihoodExactRatios(double[] params, Histories data, int from, int to, double[] gradient) {
        return logLikelihood(modified, params, data, from, to, gradient, true);
    }

    @Override
    public final boolean hasGradient() {
        return true;
    }

    @Override
    public final double[][] startingPoints(Histories data) {
        return startingPoints0(data);
    }

    private static double logLikelihood(boolean modified, double[] params, Histories data, int from, int to,
                                        double[] gradient, boolean exact) {
        double r = params[0];
        double alpha = params[1];
        double a = params[2];
        double b = params[3];
        BetaGeometricNbd.checkParameters(modified ? "MBG/NBD" : "BG/NBD", r, alpha, a, b);
        final double[] xs = data.frequency;
        final double[] txs = data.recency;
        final double[] ts = data.age;
        final double[] ws = data.weight;
        int maxX = 0;
        for (int i = from; i < to; i++) {
            maxX = Math.max(maxX, (int) Math.min(xs[i], TABLE));
        }
        int size = Math.min(maxX + 1, TABLE);
        boolean grad = gradient != null;
        double lnAlpha = Math.log(alpha);
        double lnA = Math.log(a);
        double lgR = LogGamma.value(r);
        double logBetaAB = LogBeta.value(a, b);
        double psiR = grad ? Digamma.value(r) : 0;
        double psiB = grad ? Digamma.value(b) : 0;
        double psiAB = grad ? Digamma.value(a + b) : 0;
        int shift = modified ? 1 : 0;
        // Per-x tables: constant part of l, log-odds constant, gradient constants, 1/rho.
        double[] c0 = new double[size];
        double[] oddsConst = new double[size];
        double[] invRho = new double[size];
        double[] dr0 = grad ? new double[size] : null;
        double[] da0 = grad ? new double[size] : null;
        double[] db0 = grad ? new double[size] : null;
        for (int x = 0; x < size; x++) {
            fill(x, r, a, b, shift, lnAlpha, lnA, lgR, logBetaAB, psiR, psiB, psiAB, grad, c0, oddsConst, invRho,
                    dr0, da0, db0, x, exact);
        }
        double[] one = new double[1];
        double[] oneOdds = new double[1];
        double[] oneInv = new double[1];
        double[] oneDr = grad ? new double[1] : null;
        double[] oneDa = grad ? new double[1] : null;
        double[] oneDb = grad ? new double[1] : null;
        double sum = 0;
        double gR = 0;
        double gAl = 0;
        double gA = 0;
        double gB = 0;
        for (int i = from; i < to; i++) {
            double w = ws == null ? 1.0 : ws[i];
            if (w == 0) {
                continue;
            }
            double x = xs[i];
            double tx = txs[i];
            double T = ts[i];
            int xi = (int) x;
            double cst;
            double oc;
            double ir;
            double dr;
            double da;
            double db;
            if (xi < size) {
                cst = c0[xi];
                oc = oddsConst[xi];
                ir = invRho[xi];
                dr = grad ? dr0[xi] : 0;
                da = grad ? da0[xi] : 0;
                db = grad ? db0[xi] : 0;
            } else {
                fill(xi, r, a, b, shift, lnAlpha, lnA, lgR, logBetaAB, psiR, psiB, psiAB, grad, one, oneOdds, oneInv,
                        oneDr, oneDa, oneDb, 0, exact);
                cst = one[0];
                oc = oneOdds[0];
                ir = oneInv[0];
                dr = grad ? oneDr[0] : 0;
                da = grad ? oneDa[0] : 0;
                db = grad ? oneDb[0] : 0;
            }
            double k = r + x;
            double lnT = Math.log(alpha + T);
            double l = cst - k * lnT;
            boolean dead = modified || xi > 0;
            double s = 0;
            double lnTx = lnT;
            if (dead) {
                lnTx = tx == T ? lnT : tx == 0 ? lnAlpha : Math.log(alpha + tx); // x = 0 (MBG/NBD): no log
                double odds = oc + k * (lnT - lnTx);
                double e = Math.exp(-Math.abs(odds));
                l += Math.max(odds, 0) + Math.log1p(e);
                s = odds > 0 ? 1 / (1 + e) : e / (1 + e);
            }
            if (!(l > Double.NEGATIVE_INFINITY && l < Double.POSITIVE_INFINITY)) {
                throw new NotComputableException(data.describe(i), "cannot compute the " + (modified ? "MBG/NBD" : "BG/NBD")
                        + " log-likelihood for " + data.describe(i) + " at r=" + r + ", alpha=" + alpha + ", a=" + a
                        + ", b=" + b + ": the result is " + l);
            }
            sum += w * l;
            if (grad) {
                double invT = 1 / (alpha + T);
                gR += w * (dr - lnT + s * (lnT - lnTx));
                gAl += w * (r / alpha - k * invT + (dead ? s * k * (invT - 1 / (alpha + tx)) : 0));
                gA += w * (da + s / a);
                gB += w * (db - s * ir);
            }
        }
        if (grad) {
            gradient[0] += gR;
            gradient[1] += gAl;
            gradient[2] += gA;
            gradient[3] += gB;
        }
        return sum;
    }

    private static void fill(int x, double r, double a, double b, int shift, double lnAlpha, double lnA, double lgR,
            double logBetaAB, double psiR, double psiB, double psiAB, boolean grad, double[] c0,
            double[] oddsConst, double[] invRho, double[] dr0, double[] da0, double[] db0, int at, boolean exact) {
        double betaA = b + x + shift;
        double rho = b + x - 1 + shift;
        int m = x + shift;
        oddsConst[at] = rho > 0 ? lnA - Math.log(rho) : 0;
        invRho[at] = rho > 0 ? 1 / rho : 0;
        if (exact && m <= EXACT_SUMS) {
            // B(a, b+m)/B(a, b) = prod_{j<m} (b+j)/(a+b+j), and the digamma differences as sums: the
            // difference of two log-Beta values of order (a+b) log(a+b) loses everything when a
            // and b are large (a boundary fit, or a covariate that scales them per customer).
            double lb = 0;
            double sa = 0;
            double sb = 0;
            for (int j = 0; j < m; j++) {
                lb -= Math.log1p(a / (b + j));
                sa += 1 / (a + b + j);
                sb += 1 / (b + j);
            }
            c0[at] = LogGamma.value(r + x) - lgR + r * lnAlpha + lb;
            if (grad) {
                dr0[at] = Digamma.value(r + x) - psiR + lnAlpha;
                da0[at] = -sa;
                db0[at] = sb - sa;
            }
            return;
        }
        c0[at] = LogGamma.value(r + x) - lgR + r * lnAlpha + LogBeta.value(a, betaA) - logBetaAB;
        if (grad) {
            double psiABx = Digamma.value(a + betaA);
            dr0[at] = Digamma.value(r + x) - psiR + lnAlpha;
            da0[at] = psiAB - psiABx;
            db0[at] = Digamma.value(betaA) - psiABx - psiB + psiAB;
        }
    }

    /**
     * Starting points from the data: the Poisson rate {@code r/alpha} matched to the mean repeat
     * rate {@code sum x / sum T}, with several shapes for the rate and dropout distributions.
     */
    private static double[][] startingPoints0(Histories data) {
        double sx = 0;
        double st = 0;
        for (int i = 0; i < data.size(); i++) {
            double w = data.weight(i);
            sx += w * data.frequency[i];
            st += w * data.age[i];
        }
        double rate = sx > 0 && st > 0 ? sx / st : 1.0;
        // Observed purchases understate the rate of customers still alive; 1.5x is a neutral start.
        double lam = Math.max(rate * 1.5, 1e-6);
        return new double[][] {
            {1.0, 1.0 / lam, 1.0, 1.0},
            {0.5, 0.5 / lam, 0.8, 2.5},
            {0.25, 0.25 / lam, 0.5, 5.0},
            {2.0, 2.0 / lam, 2.0, 2.0},
        };
    }
}
