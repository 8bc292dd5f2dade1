package org.churnkit.evaluation;

import java.util.Optional;
import org.churnkit.model.FitSummary;
import org.churnkit.model.ModelKind;
import org.churnkit.model.TransactionModel;
import org.churnkit.numerics.Hypergeometric2F1;

/**
 * Test-only Pareto/NBD with the three quantities holdout validation and tracking need, from Fader
 * and Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions":
 * <pre>
 *   E[X(t)]            = r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s-1)]
 *   P(alive | x,tx,T)  = 1 / (1 + s / (r+s+x) (alpha+T)^(r+x) (beta+T)^s A0)
 *   E[Y(t) | x,tx,T]   = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive)
 * </pre>
 * with A0 from Gauss 2F1 (the two cases alpha >= beta and alpha < beta). The project's real model
 * lives elsewhere; this one only checks the evaluation pipeline against the CDNOW figures.
 */
final class ParetoNbdOracle implements TransactionModel {
    private final double r;
    private final double alpha;
    private final double s;
    private final double beta;

    ParetoNbdOracle(double r, double alpha, double s, double beta) {
        this.r = r;
        this.alpha = alpha;
        this.s = s;
        this.beta = beta;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.PARETO_NBD;
    }

    @Override
    public double[] parameterArray() {
        return new double[] {r, alpha, s, beta};
    }

    @Override
    public Optional<FitSummary> fit() {
        return Optional.empty();
    }

    @Override
    public double pAlive(double x, double tx, double T) {
        double a = r + s + x;
        double logA0;
        if (alpha >= beta) {
            double b = s + 1;
            double l1 = Hypergeometric2F1.log(a, b, a + 1, (alpha - beta) / (alpha + tx)) - a * Math.log(alpha + tx);
            double l2 = Hypergeometric2F1.log(a, b, a + 1, (alpha - beta) / (alpha + T)) - a * Math.log(alpha + T);
            logA0 = l1 + Math.log1p(-Math.exp(l2 - l1));
        } else {
            double b = r + x;
            double l1 = Hypergeometric2F1.log(a, b, a + 1, (beta - alpha) / (beta + tx)) - a * Math.log(beta + tx);
            double l2 = Hypergeometric2F1.log(a, b, a + 1, (beta - alpha) / (beta + T)) - a * Math.log(beta + T);
            logA0 = l1 + Math.log1p(-Math.exp(l2 - l1));
        }
        double logTerm = Math.log(s / a) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + logA0;
        return 1 / (1 + Math.exp(logTerm));
    }

    @Override
    public double expectedTransactions(double x, double tx, double T, double t) {
        double head = (r + x) * (beta + T) / ((alpha + T) * (s - 1));
        return head * -Math.expm1((s - 1) * Math.log((beta + T) / (beta + T + t))) * pAlive(x, tx, T);
    }

    @Override
    public double expectedTransactions(double t) {
        return r * beta / (alpha * (s - 1)) * -Math.expm1((s - 1) * Math.log(beta / (beta + t)));
    }

    @Override
    public double logLikelihood(double x, double tx, double T) {
        throw new UnsupportedOperationException();
    }

    @Override
    public double pAliveAt(double x, double tx, double T, double t) {
        throw new UnsupportedOperationException();
    }

    @Override
    public double probabilityOfTransactions(int n, double t) {
        throw new UnsupportedOperationException();
    }

    @Override
    public double discountedExpectedTransactions(double x, double tx, double T, double delta, double horizon) {
        throw new UnsupportedOperationException();
    }
}
