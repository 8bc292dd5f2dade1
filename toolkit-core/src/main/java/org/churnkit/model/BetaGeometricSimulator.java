package org.churnkit.model;

import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * What the BG/NBD and MBG/NBD simulators share: the draw itself ({@link NbdFamilySimulation}, where
 * the variant only decides whether a customer may drop out right after the first purchase), the
 * seeded overload and the staggered ages. Subclasses add only their typed factory.
 */
abstract class BetaGeometricSimulator {
    private final BetaGeometricModel model;

    BetaGeometricSimulator(BetaGeometricModel model) {
        this.model = Objects.requireNonNull(model, "model");
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
    public final SimulatedLog simulate(double[] ages, UniformRandomProvider rng, long seed) {
        return NbdFamilySimulation.simulate(model.f, ages, rng, seed);
    }

    /**
     * As {@link #simulate(double[], UniformRandomProvider, long)} with {@code XO_RO_SHI_RO_128_PP} seeded by {@code seed}.
     *
     * @param ages observation length T of each customer, in the model's time unit, positive and finite
     * @param seed seed of the random generator, recorded in the log
     * @return the simulated transactions, first purchases at time 0
     */
    public final SimulatedLog simulate(double[] ages, long seed) {
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
