package org.churnkit.model;

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
}
