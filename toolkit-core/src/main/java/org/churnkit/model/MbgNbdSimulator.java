package org.churnkit.model;

/**
 * Simulates transaction logs from a MBG/NBD model with known parameters: per customer
 * {@code lambda ~ Gamma(r, alpha)} and {@code p ~ Beta(a, b)} (Commons RNG samplers), a first
 * purchase at time 0, exponential inter-purchase times of rate lambda while alive, and after every purchase, the first at time 0 included, the customer drops out with probability p; observation ends at the customer's T. Immutable;
 * randomness is injected.
 */
public final class MbgNbdSimulator extends BetaGeometricSimulator {
    private MbgNbdSimulator(MbgNbd model) {
        super(model);
    }

    /**
     * A simulator for this model.
     *
     * @param model the MBG/NBD model to draw from
     * @return the simulator
     */
    public static MbgNbdSimulator of(MbgNbd model) {
        return new MbgNbdSimulator(model);
    }
}
