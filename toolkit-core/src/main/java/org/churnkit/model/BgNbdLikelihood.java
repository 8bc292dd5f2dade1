package org.churnkit.model;

/**
 * BG/NBD log-likelihood (Fader, Hardie and Lee 2005, eq. 6) over {@code (x, t_x, T)} histories, with
 * its analytic gradient on the natural scale (digamma from Commons Numbers); see
 * {@link BetaGeometricNbdLikelihood} for the formulas, which it shares with the
 * MBG/NBD. Stateless and thread-safe.
 */
final class BgNbdLikelihood extends BetaGeometricNbdLikelihood<BgNbd> {
    private static final BgNbdLikelihood INSTANCE = new BgNbdLikelihood();

    private BgNbdLikelihood() {
        super(false);
    }

    /**
     * The likelihood (stateless, so one shared instance).
     *
     * @return the shared instance
     */
    static BgNbdLikelihood of() {
        return INSTANCE;
    }

    @Override
    public BgNbd create(double[] params, FitSummary fit) {
        return BgNbd.of(params[0], params[1], params[2], params[3], fit);
    }
}
