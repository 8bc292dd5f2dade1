package org.churnkit.model;

import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Simulates BG/BB logs (Fader, Hardie and Shang 2010) with known parameters: per customer
 * {@code p ~ Beta(alpha, beta)} and {@code theta ~ Beta(gamma, delta)}; a first transaction at
 * opportunity 0; at each opportunity {@code i = 1..n} the customer, if alive, first dies with
 * probability theta and otherwise transacts with probability p (the transaction's time is i).
 * {@link SimulatedLog#toHistories()} then gives x, t_x and n. Immutable; randomness is injected.
 */
public final class BgBbSimulator {
    private final BgBb model;

    private BgBbSimulator(BgBb model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * A simulator for this model.
     *
     * @param model the BG/BB model to draw from
     * @return the simulator
     */
    public static BgBbSimulator of(BgBb model) {
        return new BgBbSimulator(model);
    }

    /**
     * One log for customers with {@code opportunities[c]} transaction opportunities each.
     *
     * @param opportunities n per customer, whole and positive
     * @param seed recorded in the log (the seed {@code rng} was created from)
     * @param rng source of randomness
     * @return the simulated transactions, time counted in opportunities
     */
    public SimulatedLog simulate(double[] opportunities, UniformRandomProvider rng, long seed) {
        NbdFamilySimulation.checkAges(opportunities, true);
        LogBuilder log = new LogBuilder();
        for (int c = 0; c < opportunities.length; c++) {
            double p = ChengBetaSampler.of(rng, model.alpha(), model.beta()).sample();
            double theta = ChengBetaSampler.of(rng, model.gamma(), model.delta()).sample();
            log.add(c, 0.0);
            long n = (long) opportunities[c];
            for (long i = 1; i <= n; i++) {
                if (rng.nextDouble() < theta) {
                    break;
                }
                if (rng.nextDouble() < p) {
                    log.add(c, i);
                }
            }
        }
        return log.build(opportunities, seed);
    }

    /**
     * As {@link #simulate(double[], UniformRandomProvider, long)} with {@code XO_RO_SHI_RO_128_PP} seeded by {@code seed}.
     *
     * @param opportunities n per customer, whole and positive
     * @param seed seed of the random generator, recorded in the log
     * @return the simulated transactions
     */
    public SimulatedLog simulate(double[] opportunities, long seed) {
        return simulate(opportunities, RandomSource.XO_RO_SHI_RO_128_PP.create(seed), seed);
    }
}
