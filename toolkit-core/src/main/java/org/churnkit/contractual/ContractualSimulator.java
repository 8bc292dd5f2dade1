package org.churnkit.contractual;

import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * Draws subscribers from an sBG or BdW model: per subscriber {@code theta ~ Beta(gamma, delta)},
 * then the lifetime {@code T} with {@code P(T > t | theta) = (1 - theta)^(t^c)} ({@code c = 1} for
 * the sBG) by inversion, {@code T = max(1, ceil((log U / log(1 - theta))^(1/c)))}. Same seed, same
 * draws. Immutable.
 */
public final class ContractualSimulator {
    private final ContractualModel model;
    private final double gamma;
    private final double delta;
    private final double c;

    private ContractualSimulator(ContractualModel model) {
        this.model = model;
        double[] p = model.parameterArray();
        this.gamma = p[0];
        this.delta = p[1];
        this.c = p.length > 2 ? p[2] : 1.0;
    }

    /**
     * A simulator of this model.
     *
     * @param model the model
     * @return the simulator
     */
    public static ContractualSimulator of(ContractualModel model) {
        return new ContractualSimulator(Objects.requireNonNull(model, "model"));
    }

    /**
     * The model simulated.
     *
     * @return the model
     */
    public ContractualModel model() {
        return model;
    }

    /**
     * One subscriber's lifetime {@code T >= 1} (periods paid for), capped at {@link Integer#MAX_VALUE}.
     *
     * @param beta the sampler of {@code theta}
     * @param rng the randomness
     * @return T
     */
    private int lifetime(ContinuousSampler beta, UniformRandomProvider rng) {
        double theta = beta.sample();
        double u = rng.nextDouble();
        // log U / log(1 - theta): the number of "t^c units" survived; theta = 0 never churns
        double e = -Math.log1p(-theta) > 0 ? Math.log(u) / Math.log1p(-theta) : Double.POSITIVE_INFINITY;
        double t = Math.ceil(c == 1 ? e : Math.pow(e, 1.0 / c));
        return t >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(1.0, t);
    }

    /**
     * A cohort of {@code size} subscribers acquired together, observed to the end of period {@code n}.
     *
     * @param size the cohort's size, {@code >= 1}
     * @param n the last period, {@code >= 0}
     * @param rng the randomness
     * @return the survivors at the end of periods 0..n
     */
    public SurvivorCurve cohort(long size, int n, UniformRandomProvider rng) {
        if (size < 1 || n < 0) {
            throw new IllegalArgumentException("need size >= 1 and n >= 0, got " + size + " and " + n);
        }
        long[] churnedAt = new long[n + 2];
        ContinuousSampler beta = ChengBetaSampler.of(rng, gamma, delta);
        for (long i = 0; i < size; i++) {
            int t = lifetime(beta, rng);
            churnedAt[Math.min(t, n + 1)]++;
        }
        long[] s = new long[n + 1];
        s[0] = size;
        for (int t = 1; t <= n; t++) {
            s[t] = s[t - 1] - churnedAt[t];
        }
        return SurvivorCurve.of("simulated", s);
    }

    /**
     * Subscribers acquired at staggered times: each is observed for {@code w} periods, {@code w}
     * uniform on {@code minPeriods..maxPeriods} (the tenure they would have reached at the end of
     * the data); one whose lifetime {@code T < w} is {@code (T, cancelled)}, any other
     * {@code (w, active)} (in period {@code w}, its renewal not yet known).
     *
     * @param n subscribers, {@code >= 1}
     * @param minPeriods the shortest observation, {@code >= 1}
     * @param maxPeriods the longest observation, {@code >= minPeriods}
     * @param rng the randomness
     * @return the histories
     */
    public SubscriberHistories subscribers(int n, int minPeriods, int maxPeriods, UniformRandomProvider rng) {
        if (n < 1 || minPeriods < 1 || maxPeriods < minPeriods) {
            throw new IllegalArgumentException("need n >= 1 and 1 <= minPeriods <= maxPeriods, got " + n + ", "
                    + minPeriods + ", " + maxPeriods);
        }
        int[] periods = new int[n];
        boolean[] cancelled = new boolean[n];
        ContinuousSampler beta = ChengBetaSampler.of(rng, gamma, delta);
        int span = maxPeriods - minPeriods + 1;
        for (int i = 0; i < n; i++) {
            int w = minPeriods + rng.nextInt(span);
            int t = lifetime(beta, rng);
            if (t < w) {
                periods[i] = t;
                cancelled[i] = true;
            } else {
                periods[i] = w;
            }
        }
        return SubscriberHistories.of(periods, cancelled);
    }
}
