package org.churnkit.model;

/**
 * MBG/NBD log-likelihood (Batislam, Denizel and Filiztekin 2007) over {@code (x, t_x, T)} histories, with
 * its analytic gradient on the natural scale (digamma from Commons Numbers); see
 * {@link BetaGeometricNbdLikelihood} for the formulas. Stateless and thread-safe.
 */
public final class MbgNbdLikelihood implements LikelihoodFunction<MbgNbd> {
    private static final MbgNbdLikelihood INSTANCE = new MbgNbdLikelihood();

    private MbgNbdLikelihood() {}

    /**
     * The likelihood (stateless, so one shared instance).
     *
     * @return the shared instance
     */
    public static MbgNbdLikelihood of() {
        return INSTANCE;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.MBG_NBD;
    }

    @Override
    public double logLikelihood(double[] params, Histories data, int from, int to, double[] gradient) {
        return BetaGeometricNbdLikelihood.logLikelihood(true, params, data, from, to, gradient);
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
    public MbgNbd create(double[] params, FitSummary fit) {
        return MbgNbd.of(params[0], params[1], params[2], params[3], fit);
    }
}
