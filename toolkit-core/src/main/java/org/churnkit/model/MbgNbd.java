package org.churnkit.model;


/**
 * The MBG/NBD model of Batislam, Denizel and Filiztekin (2007), "Empirical validation and comparison
 * of models for customer base analysis", IJRM 24(3) (also Hoppe and Wagner 2007): as BG/NBD
 * ({@link BgNbd}) but the customer may also drop out right after the first purchase at time 0, so
 * customers without repeat purchases can be dead. Immutable and thread-safe.
 *
 * <p>Formulas (history {@code x, t_x, T}, log space):
 * <ul>
 *   <li>likelihood: {@code B(a,b+x+1)/B(a,b) G (alpha+T)^-(r+x) + B(a+1,b+x)/B(a,b) G (alpha+t_x)^-(r+x)};
 *   <li>P(alive): {@code 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x))}, below 1 also for x = 0;
 *   <li>P(alive at T+t): probability of no dropout by {@code T+t} (dropouts only follow purchases):
 *       {@code P(alive) E[exp(-lambda p t)]}, posterior {@code lambda ~ Gamma(r+x, alpha+T)},
 *       {@code p ~ Beta(a, b+x+1)};
 *   <li>conditional expectation: {@code P(alive) E[(1 - exp(-lambda p t))/p]} over that posterior
 *       (equal to {@code (a+b+x)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x;
 *       t/(alpha+T+t))]} times P(alive)), summed as a positive series;
 *   <li>E[X(t)] = {@code b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))]}, and
 *       P(X(t) = n) = {@code B(a,b+n+1)/B(a,b) NB(n; r, t/(alpha+t)) + B(a+1,b+n)/B(a,b) P(NB >= n)}.
 * </ul>
 * Every method returns a finite value or throws {@link org.churnkit.ChurnkitException} naming its inputs.
 */
public final class MbgNbd extends BetaGeometricModel {

    private MbgNbd(double r, double alpha, double a, double b, FitSummary fit) {
        super("MBG/NBD", r, alpha, a, b, true, fit);
    }

    /**
     * A MBG/NBD model with known parameters (all positive and finite).
     *
     * @param r shape of the Gamma distribution of the transaction rate lambda, {@code > 0}
     * @param alpha rate of the Gamma distribution of lambda, per time unit, {@code > 0}
     * @param a first shape of the Beta distribution of the dropout probability p, {@code > 0}
     * @param b second shape of the Beta distribution of p, {@code > 0}
     * @return the model
     */
    public static MbgNbd of(double r, double alpha, double a, double b) {
        return new MbgNbd(r, alpha, a, b, null);
    }

    /**
     * A fitted model; {@code fit} may be {@code null} for hand-written parameters.
     *
     * @param r shape of the Gamma distribution of the transaction rate lambda, {@code > 0}
     * @param alpha rate of the Gamma distribution of lambda, per time unit, {@code > 0}
     * @param a first shape of the Beta distribution of the dropout probability p, {@code > 0}
     * @param b second shape of the Beta distribution of p, {@code > 0}
     * @param fit how the model was fitted, or {@code null}
     * @return the model
     */
    public static MbgNbd of(double r, double alpha, double a, double b, FitSummary fit) {
        return new MbgNbd(r, alpha, a, b, fit);
    }

    @Override
    public ModelKind kind() {
        return ModelKind.MBG_NBD;
    }

    /**
     * The log-likelihood of this model family, to fit it with {@link ModelFitter}:
     * {@code ModelFitter.of().fitOrThrow(MbgNbd.likelihood(), histories).model()} is a
     * {@code MbgNbd}. Stateless and thread-safe (one shared instance).
     *
     * @return the likelihood
     */
    public static LikelihoodFunction<MbgNbd> likelihood() {
        return MbgNbdLikelihood.of();
    }
}
