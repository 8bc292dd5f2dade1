package org.churnkit.model;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * Simulates Pareto/NBD customers whose purchase and dropout rates are correlated through the
 * Sarmanov mixing distribution of the correlated Pareto/NBD model ({@link
 * StaticCovariateFitter#fitCorrelated(Histories)}; Park and Fader 2004): {@code (lambda, mu)} are drawn from
 * {@code g(lambda) h(mu) [1 + omega phi1(lambda) phi2(mu)]} by rejection (propose from the
 * independent Gammas, accept with probability {@code (1 + omega phi1 phi2) / M}, M the largest
 * value of the bracket over its corners), then each customer's purchases as a Poisson process of
 * rate lambda until an exponential lifetime of rate mu or the end of observation. Seeded by the
 * given generator: the same generator state gives the same histories. Public for simulation studies
 * (the bootstrap coverage check of the benchmarks module).
 */
public final class SarmanovSimulator {
    private SarmanovSimulator() {}

    /**
     * Histories of {@code ages.length} customers.
     *
     * @param r purchase-rate shape
     * @param alpha purchase-rate scale (a rate: lambda ~ Gamma(r, alpha) has mean r/alpha)
     * @param s dropout-rate shape
     * @param beta dropout-rate scale
     * @param omega the Sarmanov parameter, within {@code [-1/max(L1 L2, (1-L1)(1-L2)),
     *     1/max(L1 (1-L2), (1-L1) L2)]}, {@code L1 = (alpha/(alpha+1))^r}, {@code L2 = (beta/(beta+1))^s}
     * @param ages each customer's observation length T
     * @param rng the source of randomness
     * @return one history per customer (no ids, unit weights)
     * @throws IllegalArgumentException when omega is outside the interval where the density is non-negative
     */
    public static Histories simulate(double r, double alpha, double s, double beta, double omega, double[] ages,
                                     UniformRandomProvider rng) {
        return simulate(r, alpha, s, beta, omega, ages, 0, null, rng);
    }

    /**
     * As {@link #simulate(double, double, double, double, double, double[], UniformRandomProvider)},
     * and also each customer's realised count in the holdout window {@code (T, T + holdout]} (the
     * purchases before the lifetime ends there), drawn after the calibration history from the same
     * generator, so the histories are those of the shorter call with the same generator state only
     * when {@code future} is null.
     *
     * @param holdout the holdout window, {@code >= 0}
     * @param future receives the holdout counts, one per customer; null to simulate none
     */
    static Histories simulate(double r, double alpha, double s, double beta, double omega, double[] ages,
                              double holdout, double[] future, UniformRandomProvider rng) {
        ParetoNbd.of(r, alpha, s, beta); // checks the parameters
        double lg1 = SarmanovMixing.logL(r, alpha);
        double lg2 = SarmanovMixing.logL(s, beta);
        double[] c = new double[4];
        SarmanovMixing.corners(lg1, lg2, c);
        if (omega < SarmanovMixing.lower(c) || omega > SarmanovMixing.upper(c)) {
            throw new IllegalArgumentException("omega " + omega + " outside [" + SarmanovMixing.lower(c) + ", "
                    + SarmanovMixing.upper(c) + "]");
        }
        double l1 = Math.exp(lg1);
        double l2 = Math.exp(lg2);
        // phi1 phi2 over the corners: L1 L2 and (1-L1)(1-L2) positive, L1 (1-L2) and (1-L1) L2 negative.
        double bound = 1 + Math.max(omega * c[0], Math.max(omega * c[1], Math.max(-omega * c[2], -omega * c[3])));
        ContinuousSampler gl = AhrensDieterMarsagliaTsangGammaSampler.of(rng, r, 1);
        ContinuousSampler gm = AhrensDieterMarsagliaTsangGammaSampler.of(rng, s, 1);
        int n = ages.length;
        double[] x = new double[n];
        double[] tx = new double[n];
        for (int i = 0; i < n; i++) {
            double lambda;
            double mu;
            do {
                lambda = gl.sample() / alpha;
                mu = gm.sample() / beta;
            } while (rng.nextDouble() * bound > 1 + omega * (Math.exp(-lambda) - l1) * (Math.exp(-mu) - l2));
            double tau = ParetoNbdSimulator.lifetime(mu, rng);
            double end = Math.min(ages[i], tau);
            double[] h = ParetoNbdSimulator.history(lambda, end, rng);
            x[i] = h[0];
            tx[i] = h[1];
            if (future != null) {
                // alive at T: the Poisson process restarts there (memoryless) until death or the window's end
                future[i] = tau > ages[i] ? ParetoNbdSimulator.history(lambda, Math.min(tau, ages[i] + holdout)
                        - ages[i], rng)[0] : 0;
            }
        }
        return Histories.wrap(x, tx, ages.clone(), null, null, null);
    }
}
