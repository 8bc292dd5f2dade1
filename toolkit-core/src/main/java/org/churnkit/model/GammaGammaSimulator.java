package org.churnkit.model;

import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;

/**
 * Adds Gamma-Gamma transaction values to any {@link SimulatedLog}: per customer {@code nu ~
 * Gamma(q, rate gamma)}, and each of their transactions (the first included) is worth
 * {@code Gamma(p, rate nu)}, mean {@code p / nu}. Immutable; randomness is injected.
 */
public final class GammaGammaSimulator {
    private final GammaGamma model;

    private GammaGammaSimulator(GammaGamma model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * A simulator for this model.
     *
     * @param model the Gamma-Gamma model to draw from
     * @return the simulator
     */
    public static GammaGammaSimulator of(GammaGamma model) {
        return new GammaGammaSimulator(model);
    }

    /**
     * The same log with amounts (replacing any it had).
     *
     * @param log a simulated transaction log
     * @param rng source of randomness
     * @return a copy of the log with an amount per transaction
     */
    public SimulatedLog addAmounts(SimulatedLog log, UniformRandomProvider rng) {
        int[] customer = log.customer();
        double[] amount = new double[customer.length];
        var nuSampler = AhrensDieterMarsagliaTsangGammaSampler.of(rng, model.q(), 1.0 / model.gamma());
        int current = -1;
        org.apache.commons.rng.sampling.distribution.ContinuousSampler spend = null;
        for (int i = 0; i < customer.length; i++) {
            if (customer[i] != current) {
                current = customer[i];
                double nu = nuSampler.sample();
                spend = AhrensDieterMarsagliaTsangGammaSampler.of(rng, model.p(), 1.0 / nu);
            }
            amount[i] = spend.sample();
        }
        return new SimulatedLog(customer.clone(), log.time().clone(), amount, log.age().clone(), log.seed());
    }
}
