package org.churnkit.model;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * Simulates transaction logs from a BG/NBD model with known parameters: per customer
 * {@code lambda ~ Gamma(r, alpha)} and {@code p ~ Beta(a, b)} (Commons RNG samplers), a first
 * purchase at time 0, exponential inter-purchase times of rate lambda while alive, and after each repeat purchase the customer drops out with probability p; observation ends at the customer's T. Immutable;
 * randomness is injected.
 */
public final class BgNbdSimulator extends BetaGeometricSimulator {
    private BgNbdSimulator(BgNbd model) {
        super(model);
    }

    /**
     * A simulator for this model.
     *
     * @param model the BG/NBD model to draw from
     * @return the simulator
     */
    public static BgNbdSimulator of(BgNbd model) {
        return new BgNbdSimulator(model);
    }

    /**
     * Histories of customers with their own parameters, as in a model with time-invariant
     * covariates ({@link StaticCovariateModel}): customer c has {@code lambda ~ Gamma(r, rate alphas[c])}
     * and {@code p ~ Beta(as[c], bs[c])}, a first purchase at 0, exponential inter-purchase times
     * while alive and dropout with probability p after each repeat purchase, observed up to T.
     *
     * @param r shape of the purchase-rate distribution, {@code > 0}
     * @param alphas each customer's purchase-rate scale alpha_i, positive and finite
     * @param as each customer's first Beta shape a_i, positive and finite
     * @param bs each customer's second Beta shape b_i, positive and finite
     * @param ages observation length T of each customer, positive and finite
     * @param rng source of randomness
     * @return one history per customer
     * @throws IllegalArgumentException when the arrays differ in length or a value is out of range
     */
    public static Histories simulateHistories(double r, double[] alphas, double[] as, double[] bs, double[] ages,
                                              UniformRandomProvider rng) {
        int n = ages.length;
        if (alphas.length != n || as.length != n || bs.length != n) {
            throw new IllegalArgumentException("need one alpha, a and b per customer for " + n + " customers");
        }
        NbdFamilySimulation.checkAges(ages, false);
        BetaGeometricNbd.checkParameters("BG/NBD", r, 1, 1, 1);
        ContinuousSampler lam = AhrensDieterMarsagliaTsangGammaSampler.of(rng, r, 1);
        double[] x = new double[n];
        double[] tx = new double[n];
        for (int c = 0; c < n; c++) {
            BetaGeometricNbd.checkParameters("BG/NBD customer " + c, r, alphas[c], as[c], bs[c]);
            double lambda = lam.sample() / alphas[c];
            double p = ChengBetaSampler.of(rng, as[c], bs[c]).sample();
            double t = 0;
            double last = 0;
            int count = 0;
            while (true) {
                t += -Math.log1p(-rng.nextDouble()) / lambda;
                if (!(t <= ages[c])) {
                    break;
                }
                count++;
                last = t;
                if (rng.nextDouble() < p) {
                    break;
                }
            }
            x[c] = count;
            tx[c] = last;
        }
        return Histories.wrap(x, tx, ages.clone(), null, null, null);
    }
}
