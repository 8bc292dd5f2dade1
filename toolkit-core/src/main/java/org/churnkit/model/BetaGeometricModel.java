package org.churnkit.model;

import java.util.Optional;

/**
 * What BG/NBD and MBG/NBD share: both delegate every formula to {@link BetaGeometricNbd}, which
 * differs between them only in whether a customer can drop out at time 0, and wrap each result in
 * the same finiteness check. The public classes add their factories, kind and javadoc.
 */
abstract sealed class BetaGeometricModel implements TransactionModel permits BgNbd, MbgNbd {
    final BetaGeometricNbd f;
    private final FitSummary fit;

    BetaGeometricModel(String name, double r, double alpha, double a, double b, boolean dropAtZero, FitSummary fit) {
        BetaGeometricNbd.checkParameters(name, r, alpha, a, b);
        this.f = new BetaGeometricNbd(r, alpha, a, b, dropAtZero);
        this.fit = fit;
    }

    /**
     * Shape of the Gamma distribution of the transaction rate lambda.
     *
     * @return r
     */
    public final double r() {
        return f.r;
    }

    /**
     * Rate of the Gamma distribution of the transaction rate lambda, per time unit.
     *
     * @return alpha
     */
    public final double alpha() {
        return f.alpha;
    }

    /**
     * First shape of the Beta distribution of the dropout probability p.
     *
     * @return a
     */
    public final double a() {
        return f.a;
    }

    /**
     * Second shape of the Beta distribution of the dropout probability p.
     *
     * @return b
     */
    public final double b() {
        return f.b;
    }

    @Override
    public final double[] parameterArray() {
        return new double[] {f.r, f.alpha, f.a, f.b};
    }

    @Override
    public final Optional<FitSummary> fit() {
        return Optional.ofNullable(fit);
    }

    @Override
    public final double logLikelihood(double x, double tx, double T) {
        return BetaGeometricNbd.finite(f.logLikelihood(x, tx, T), "log-likelihood", this, x, tx, T, 0);
    }

    @Override
    public final double pAlive(double x, double tx, double T) {
        return BetaGeometricNbd.finite(Math.exp(f.logPAlive(x, tx, T)), "P(alive)", this, x, tx, T, 0);
    }

    @Override
    public final double pAliveAt(double x, double tx, double T, double t) {
        return BetaGeometricNbd.finite(f.pAliveAt(x, tx, T, t), "P(alive at T+t)", this, x, tx, T, t);
    }

    @Override
    public final double expectedTransactions(double x, double tx, double T, double t) {
        return BetaGeometricNbd.finite(f.expectedTransactions(x, tx, T, t), "expected transactions", this, x, tx, T, t);
    }

    /**
     * P(alive) and the expected transactions over {@code t} into {@code out} at the
     * {@link CustomerScore} indices, with log P(alive) computed once: the values of
     * {@link #pAlive} and {@link #expectedTransactions(double, double, double, double)}, bit for bit.
     * The kernel of {@link Scoring}.
     */
    final void scoreInto(double x, double tx, double T, double t, double[] out) {
        BetaGeometricNbd.checkHorizon(t);
        double lp = f.logPAlive(x, tx, T);
        out[CustomerScore.P_ALIVE] = BetaGeometricNbd.finite(Math.exp(lp), "P(alive)", this, x, tx, T, 0);
        out[CustomerScore.EXPECTED] = BetaGeometricNbd.finite(f.expectedGivenLogPAlive(lp, x, T, t),
                "expected transactions", this, x, tx, T, t);
    }

    @Override
    public final double expectedTransactions(double t) {
        return BetaGeometricNbd.finite(f.expectedTransactions(t), "E[X(t)]", this, 0, 0, 0, t);
    }

    @Override
    public final double probabilityOfTransactions(int n, double t) {
        return BetaGeometricNbd.finite(f.probabilityOfTransactions(n, t), "P(X(t) = " + n + ")", this, 0, 0, 0, t);
    }

    /** Numerical (adaptive Gauss-Kronrod) via {@link DiscountedExpectation}; no closed form is known. */
    @Override
    public final double discountedExpectedTransactions(double x, double tx, double T, double delta, double horizon) {
        return BetaGeometricNbd.finite(f.discounted(x, tx, T, delta, horizon), "discounted expected transactions",
                this, x, tx, T, horizon);
    }

    /**
     * The same numerical discounted expectation over the posterior given alive, without the
     * P(alive) factor: {@code E[(1 - exp(-lambda p t))/p]}-type expectation of the model, discounted.
     */
    @Override
    public final double discountedExpectedTransactionsIfAlive(double x, double tx, double T, double delta,
            double horizon) {
        return BetaGeometricNbd.finite(f.discounted(x, tx, T, delta, horizon, true),
                "discounted expected transactions given alive", this, x, tx, T, horizon);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[r=" + f.r + ", alpha=" + f.alpha + ", a=" + f.a + ", b=" + f.b + "]";
    }
}
