package org.churnkit.model;

/**
 * BG/NBD log-likelihood (Fader, Hardie and Lee 2005, eq. 6) over {@code (x, t_x, T)} histories, with
 * its analytic gradient on the natural scale (digamma from Commons Numbers); see
 * {@link BetaGeometricNbdLikelihood} for the formulas. Stateless and thread-safe.
 */
public final class BgNbdLikelihood implements LikelihoodFunction<BgNbd> {
    private static final BgNbdLikelihood INSTANCE = new BgNbdLikelihood();

    private BgNbdLikelihood() {}

    /**
     * The likelihood (stateless, so one shared instance).
     *
     * @return the shared instance
     */
    public static BgNbdLikelihood of() {
        return INSTANCE;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.BG_NBD;
    }

    @Override
    public double logLikelihood(double[] params, Histories data, int from, int to, double[] gradient) {
        return BetaGeometricNbdLikelihood.logLikelihood(false, params, data, from, to, gradient);
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public double[][] startingPoints(Histories data) {
        return BetaGeometricNbdLikelihood.startingPoints(data);
    }

    @Override
    public BgNbd create(double[] params, FitSummary fit) {
        return BgNbd.of(params[0], params[1], params[2], params[3], fit);
    }
}
