package org.churnkit.model;

import java.util.Arrays;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.DifferentiableObjective;

/**
 * What the static and time-varying covariate likelihoods have in common: the optimiser's point
 * {@code u = (log r, log alpha, log s|a, log beta|b, c_1, ..., c_m[, v of omega])}, the coefficient
 * map (purchase coefficient k is {@code c[purchaseIndex[k]]}, dropout coefficient k is {@code
 * c[dropoutIndex[k]]}; an equality constraint maps both to one c), the L2 penalty {@code lambda_P
 * sum gamma_P^2 + lambda_D sum gamma_D^2} with its gradient, the in-order sum of the rows' block
 * results, and the optimiser's objective {@code -(LL - penalty) / W}.
 *
 * <p>One class for both, so that the two fitters run their Newton steps, Hessians and
 * subsample refinement ({@link CovariateFitting}) on one type, and a change to the coefficient
 * map or the penalty cannot reach one model and miss the other. The per-row terms (the plain
 * models' closed forms, or the time-varying quadrature) are the subclasses' own.
 */
abstract sealed class CovariateLikelihood permits StaticCovariateLikelihood, TimeVaryingCovariateLikelihood {
    /** Number of base parameters at the front of u. */
    static final int BASE = 4;
    /** Number of purchase covariates. */
    final int p;
    /** Number of dropout covariates. */
    final int q;
    final int[] purchaseIndex;
    final int[] dropoutIndex;
    /** Number of distinct coefficients. */
    final int free;
    final double lambdaP;
    final double lambdaD;

    CovariateLikelihood(int p, int q, int[] purchaseIndex, int[] dropoutIndex, int free, double lambdaP,
                        double lambdaD) {
        this.p = p;
        this.q = q;
        this.purchaseIndex = purchaseIndex;
        this.dropoutIndex = dropoutIndex;
        this.free = free;
        this.lambdaP = lambdaP;
        this.lambdaD = lambdaD;
    }

    /** Number of free variables of u. */
    abstract int dimension();

    /** Total weight of the rows. */
    abstract double totalWeight();

    /**
     * The unpenalised total log-likelihood at {@code u}; when {@code grad != null}, its gradient
     * with respect to {@code u} is written there (penalty not included).
     *
     * @throws ChurnkitException naming the customer when a term cannot be computed
     */
    abstract double logLikelihood(double[] u, double[] grad);

    /** The purchase coefficients expanded from {@code u}. */
    final double[] purchaseCoefficients(double[] u) {
        double[] g = new double[p];
        for (int k = 0; k < p; k++) {
            g[k] = u[BASE + purchaseIndex[k]];
        }
        return g;
    }

    /** The dropout coefficients expanded from {@code u}. */
    final double[] dropoutCoefficients(double[] u) {
        double[] g = new double[q];
        for (int k = 0; k < q; k++) {
            g[k] = u[BASE + dropoutIndex[k]];
        }
        return g;
    }

    /** The penalty {@code lambda_P |gamma_P|^2 + lambda_D |gamma_D|^2}. */
    final double penalty(double[] u) {
        double pen = 0;
        for (double g : purchaseCoefficients(u)) {
            pen += lambdaP * g * g;
        }
        for (double g : dropoutCoefficients(u)) {
            pen += lambdaD * g * g;
        }
        return pen;
    }

    /** Adds the penalty's gradient (minus) to a log-likelihood gradient. */
    final void penalise(double[] u, double[] grad) {
        double[] gp = purchaseCoefficients(u);
        double[] gd = dropoutCoefficients(u);
        for (int j = 0; j < p; j++) {
            grad[BASE + purchaseIndex[j]] -= 2 * lambdaP * gp[j];
        }
        for (int j = 0; j < q; j++) {
            grad[BASE + dropoutIndex[j]] -= 2 * lambdaD * gd[j];
        }
    }

    /**
     * The blocks' log-likelihoods added in block order, and (when {@code grad != null}) their
     * gradients {@code grads} into {@code grad}, overwritten: in order, so that a sum does not
     * depend on which thread finished first.
     */
    static double sumBlocks(double[] ll, double[][] grads, double[] grad) {
        double total = 0;
        if (grad != null) {
            Arrays.fill(grad, 0);
        }
        for (int b = 0; b < ll.length; b++) {
            total += ll[b];
            if (grad != null) {
                for (int j = 0; j < grads[b].length; j++) {
                    grad[j] += grads[b][j];
                }
            }
        }
        return total;
    }

    /**
     * Adds one block's sums into the gradient {@code g} of u: those of the four base parameters'
     * logs, and {@code dp}, {@code dd} of the purchase and dropout coefficients at their free slots.
     */
    final void addBlockGradient(double[] g, double g0, double g1, double g2, double g3, double[] dp, double[] dd) {
        g[0] += g0;
        g[1] += g1;
        g[2] += g2;
        g[3] += g3;
        for (int j = 0; j < p; j++) {
            g[BASE + purchaseIndex[j]] += dp[j];
        }
        for (int j = 0; j < q; j++) {
            g[BASE + dropoutIndex[j]] += dd[j];
        }
    }

    /**
     * The optimiser's objective: {@code -(LL - penalty) / W} and its gradient; {@code +infinity}
     * where it cannot be evaluated.
     */
    final DifferentiableObjective objective() {
        double scale = 1.0 / totalWeight();
        return (u, g) -> {
            double ll;
            try {
                ll = logLikelihood(u, g);
            } catch (ChurnkitException | ArithmeticException e) {
                Arrays.fill(g, Double.NaN);
                return Double.POSITIVE_INFINITY;
            }
            double f = -(ll - penalty(u)) * scale;
            if (!Double.isFinite(f)) {
                return Double.POSITIVE_INFINITY;
            }
            penalise(u, g);
            for (int j = 0; j < g.length; j++) {
                g[j] *= -scale;
                if (!Double.isFinite(g[j])) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            return f;
        };
    }
}
