package org.churnkit.model;


/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting your customers the easy way",
 * Marketing Science 24(2): while alive a customer buys at Poisson rate {@code lambda ~ Gamma(r,
 * alpha)}; right after each repeat purchase they drop out with probability {@code p ~ Beta(a, b)}.
 * Time is continuous, in the unit of the data. Immutable and thread-safe.
 *
 * <p>Formulas (history {@code x, t_x, T}; all evaluated in log space):
 * <ul>
 *   <li>likelihood (eq. 6): {@code B(a,b+x)/B(a,b) G (alpha+T)^-(r+x) + [x>0] B(a+1,b+x-1)/B(a,b) G
 *       (alpha+t_x)^-(r+x)}, {@code G = Gamma(r+x) alpha^r / Gamma(r)};
 *   <li>P(alive) (eq. A.4 of the technical note): {@code 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))};
 *       exactly 1 for {@code x = 0}, because dropout can only follow a repeat purchase;
 *   <li>P(alive at T+t): the probability that the customer has not dropped out by {@code T+t},
 *       whatever they buy meanwhile: {@code P(alive) E[exp(-lambda p t)]} over the posterior
 *       {@code lambda ~ Gamma(r+x, alpha+T)}, {@code p ~ Beta(a, b+x)} (dropouts arrive at rate
 *       {@code lambda p}). It is below P(alive) for {@code t > 0} even for {@code x = 0};
 *   <li>conditional expectation (eq. 10): {@code P(alive) E[(1 - exp(-lambda p t))/p]} over that
 *       posterior, equal to the paper's {@code 2F1} form but summed as a positive series
 *       ({@link org.churnkit.numerics.NegativeBinomialBetaSums});
 *   <li>E[X(t)] (eq. 9) and P(X(t) = n) (eq. 8).
 * </ul>
 * Every method returns a finite value or throws {@link org.churnkit.ChurnkitException} naming its
 * inputs; invalid histories are rejected, never turned into NaN.
 */
public final class BgNbd extends BetaGeometricModel {

    private BgNbd(double r, double alpha, double a, double b, FitSummary fit) {
        super("BG/NBD", r, alpha, a, b, false, fit);
    }

    /**
     * A BG/NBD model with known parameters (all positive and finite).
     *
     * @param r shape of the Gamma distribution of the transaction rate lambda, {@code > 0}
     * @param alpha rate of the Gamma distribution of lambda, per time unit, {@code > 0}
     * @param a first shape of the Beta distribution of the dropout probability p, {@code > 0}
     * @param b second shape of the Beta distribution of p, {@code > 0}
     * @return the model
     */
    public static BgNbd of(double r, double alpha, double a, double b) {
        return new BgNbd(r, alpha, a, b, null);
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
    public static BgNbd of(double r, double alpha, double a, double b, FitSummary fit) {
        return new BgNbd(r, alpha, a, b, fit);
    }

    @Override
    public ModelKind kind() {
        return ModelKind.BG_NBD;
    }

    /**
     * The log-likelihood of this model family, to fit it with {@link ModelFitter}:
     * {@code ModelFitter.of().fitOrThrow(BgNbd.likelihood(), histories).model()} is a
     * {@code BgNbd}. Stateless and thread-safe (one shared instance).
     *
     * @return the likelihood
     */
    public static LikelihoodFunction<BgNbd> likelihood() {
        return BgNbdLikelihood.of();
    }
}
