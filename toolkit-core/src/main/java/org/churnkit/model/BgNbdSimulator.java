package org.churnkit.model;

import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Simulates transaction logs from a BG/NBD model with known parameters: per customer
 * {@code lambda ~ Gamma(r, alpha)} and {@code p ~ Beta(a, b)} (Commons RNG samplers), a first
 * purchase at time 0, exponential inter-purchase times of rate lambda while alive, and after each repeat purchase the customer drops out with probability p; observation ends at the customer's T. Immutable;
 * randomness is injected.
 */
public final class BgNbdSimulator {
    private final BgNbd model;

    private BgNbdSimulator(BgNbd model) {
        this.model = Objects.requireNonNull(model, "model");
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
     * One log for customers observed for {@code ages[c]} time units each.
     *
     * @param seed recorded in the log for provenance (the seed {@code rng} was created from)
     * @throws IllegalArgumentException for a non-positive or infinite T
     * @throws org.churnkit.ChurnkitException if a customer would make an implausible number (over 1e7) of transactions
     * @param ages observation length T of each customer, in the model's time unit, positive and finite
     * @param rng source of randomness
     * @return the simulated transactions, first purchases at time 0
     */
    public SimulatedLog simulate(double[] ages, UniformRandomProvider rng, long seed) {
        return NbdFamilySimulation.simulate(new BetaGeometricNbd(model.r(), model.alpha(), model.a(), model.b(),
                model.kind() == ModelKind.MBG_NBD), ages, rng, seed);
    }

    /**
     * As {@link #simulate(double[], UniformRandomProvider, long)} with {@code XO_RO_SHI_RO_128_PP} seeded by {@code seed}.
     *
     * @param ages observation length T of each customer, in the model's time unit, positive and finite
     * @param seed seed of the random generator, recorded in the log
     * @return the simulated transactions, first purchases at time 0
     */
    public SimulatedLog simulate(double[] ages, long seed) {
        return simulate(ages, RandomSource.XO_RO_SHI_RO_128_PP.create(seed), seed);
    }

    /**
     * {@code n} customers' T drawn uniformly from {@code [min, max]} (e.g. staggered first purchases).
     *
     * @param n number of customers
     * @param min shortest T
     * @param max longest T, {@code >= min}
     * @param rng source of randomness
     * @return one T per customer
     */
    public static double[] uniformAges(int n, double min, double max, UniformRandomProvider rng) {
        return NbdFamilySimulation.uniformAges(n, min, max, rng);
    }
}
