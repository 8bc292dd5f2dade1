package org.churnkit.model;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.churnkit.ChurnkitException;

/** The BG/NBD and MBG/NBD data-generating process, shared by their simulators. */
final class NbdFamilySimulation {
    /** Expected transactions per customer above which a simulation is refused (parameters implausible). */
    private static final double MAX_EXPECTED_PER_CUSTOMER = 1e7;

    private NbdFamilySimulation() {}

    static SimulatedLog simulate(BetaGeometricNbd f, double[] ages, UniformRandomProvider rng, long seed) {
        checkAges(ages, false);
        LogBuilder log = new LogBuilder();
        for (int c = 0; c < ages.length; c++) {
            double T = ages[c];
            // lambda ~ Gamma(shape r, rate alpha): the sampler takes a scale.
            double lambda = AhrensDieterMarsagliaTsangGammaSampler.of(rng, f.r, 1.0 / f.alpha).sample();
            double p = ChengBetaSampler.of(rng, f.a, f.b).sample();
            if (lambda * T > MAX_EXPECTED_PER_CUSTOMER) {
                throw new ChurnkitException("simulated customer " + c + " would make about " + lambda * T
                        + " transactions (lambda=" + lambda + ", T=" + T + "): parameters r=" + f.r + ", alpha="
                        + f.alpha + " are implausible for this time scale");
            }
            log.add(c, 0.0);
            // MBG/NBD: the customer may drop out right after the first purchase.
            boolean alive = !(f.modified && rng.nextDouble() < p);
            double t = 0.0;
            while (alive) {
                t += -Math.log(1.0 - rng.nextDouble()) / lambda;
                if (!(t <= T)) {
                    break;
                }
                log.add(c, t);
                alive = !(rng.nextDouble() < p);
            }
        }
        return log.build(ages, seed);
    }

    static void checkAges(double[] ages, boolean whole) {
        for (int c = 0; c < ages.length; c++) {
            double T = ages[c];
            if (!(T > 0) || Double.isInfinite(T) || (whole && T != Math.rint(T))) {
                throw new IllegalArgumentException("customer " + c + ": T must be positive and finite"
                        + (whole ? " and a whole number of opportunities" : "") + ", got " + T);
            }
        }
    }

    /** {@code n} observation lengths drawn uniformly from {@code [min, max]}. */
    static double[] uniformAges(int n, double min, double max, UniformRandomProvider rng) {
        if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("need 0 < min <= max < infinity, got " + min + ", " + max);
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = min + (max - min) * rng.nextDouble();
        }
        return t;
    }
}
