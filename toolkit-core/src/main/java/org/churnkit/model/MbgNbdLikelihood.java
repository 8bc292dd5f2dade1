package org.churnkit.model;

/**
 * MBG/NBD log-likelihood (Batislam, Denizel and Filiztekin 2007) over {@code (x, t_x, T)} histories, with
 * its analytic gradient on the natural scale (digamma from Commons Numbers); see
 * {@link BetaGeometricNbdLikelihood} for the formulas, which it shares with the
 * BG/NBD. Stateless and thread-safe.
 */
final class MbgNbdLikelihood extends BetaGeometricNbdLikelihood<MbgNbd> {
    private static final MbgNbdLikelihood INSTANCE = new MbgNbdLikelihood();

    private MbgNbdLikelihood() {
        super(true);
    }

    /**
     * The likelihood (stateless, so one shared instance).
     *
     * @return the shared instance
     */
    static MbgNbdLikelihood of() {
        return INSTANCE;
    }

    @Override
    public MbgNbd create(double[] params, FitSummary fit) {
        return MbgNbd.of(params[0], params[1], params[2], params[3], fit);
    }
}
