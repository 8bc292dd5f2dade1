package org.churnkit.model;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Simulates customers from a {@link ParetoNbd} model with known parameters: per customer
 * {@code lambda ~ Gamma(r, rate alpha)}, {@code mu ~ Gamma(s, rate beta)}, a lifetime
 * {@code tau ~ Exponential(mu)}, and repeat transactions of a Poisson process of rate lambda on
 * {@code (0, min(tau, T)]} after a first transaction at 0. Randomness is injected; the
 * {@code long seed} overloads use {@code XO_RO_SHI_RO_128_PP}. Immutable.
 */
public final class ParetoNbdSimulator {
    private final ParetoNbd model;

    private ParetoNbdSimulator(ParetoNbd model) {
        this.model = model;
    }

    /**
     * A simulator for this model.
     *
     * @param model the Pareto/NBD model to draw from
     * @return the simulator
     */
    public static ParetoNbdSimulator of(ParetoNbd model) {
        return new ParetoNbdSimulator(Objects.requireNonNull(model, "model"));
    }

    /**
     * Draws each customer's T uniformly from {@code [tMin, tMax]}.
     *
     * @param customers number of customers
     * @param tMin shortest T
     * @param tMax longest T, {@code >= tMin}
     * @param rng source of randomness
     * @return one T per customer
     */
    public static double[] uniformAges(int customers, double tMin, double tMax, UniformRandomProvider rng) {
        if (!(tMin > 0) || !(tMax >= tMin) || Double.isInfinite(tMax)) {
            throw new IllegalArgumentException("need 0 < tMin <= tMax < infinity, got " + tMin + ", " + tMax);
        }
        double[] t = new double[customers];
        for (int i = 0; i < customers; i++) {
            t[i] = tMin + (tMax - tMin) * rng.nextDouble();
        }
        return t;
    }

    /**
     * A transaction log for customers with the given T (one per customer).
     *
     * @param ages observation length T of each customer, in the model's time unit, positive and finite
     * @param rng source of randomness
     * @param seedForRecord seed recorded in the log for provenance (the seed {@code rng} was created from)
     * @return the simulated transactions, first purchases at time 0
     */
    public SimulatedLog simulate(double[] ages, UniformRandomProvider rng, long seedForRecord) {
        int n = ages.length;
        ContinuousSampler lam = AhrensDieterMarsagliaTsangGammaSampler.of(rng, model.r(), 1 / model.alpha());
        ContinuousSampler mu = AhrensDieterMarsagliaTsangGammaSampler.of(rng, model.s(), 1 / model.beta());
        int[] cust = new int[Math.max(16, 2 * n)];
        double[] time = new double[cust.length];
        int m = 0;
        for (int c = 0; c < n; c++) {
            double end = Math.min(ages[c], lifetime(mu.sample(), rng));
            double rate = lam.sample();
            if (m == cust.length) {
                cust = Arrays.copyOf(cust, cust.length * 2);
                time = Arrays.copyOf(time, time.length * 2);
            }
            cust[m] = c;
            time[m++] = 0.0;
            double t = 0;
            while (true) {
                t += exponential(rate, rng);
                if (!(t <= end)) {
                    break;
                }
                if (m == cust.length) {
                    cust = Arrays.copyOf(cust, cust.length * 2);
                    time = Arrays.copyOf(time, time.length * 2);
                }
                cust[m] = c;
                time[m++] = t;
            }
        }
        return new SimulatedLog(Arrays.copyOf(cust, m), Arrays.copyOf(time, m), null, ages.clone(), seedForRecord);
    }

    /**
     * A transaction log of {@code customers} with T uniform on {@code [tMin, tMax]}, seeded.
     *
     * @param customers number of customers
     * @param tMin shortest T
     * @param tMax longest T, {@code >= tMin}
     * @param seed seed of the random generator, recorded in the log
     * @return the simulated transactions, first purchases at time 0
     */
    public SimulatedLog simulate(int customers, double tMin, double tMax, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        return simulate(uniformAges(customers, tMin, tMax, rng), rng, seed);
    }

    /**
     * The {@code (x, t_x, T)} summaries directly, without materialising the log (same process:
     * counting Poisson arrivals up to {@code min(tau, T)}).
     *
     * @param ages observation length T of each customer, in the model's time unit, positive and finite
     * @param rng source of randomness
     * @return one history per customer
     */
    public Histories simulateHistories(double[] ages, UniformRandomProvider rng) {
        int n = ages.length;
        ContinuousSampler lam = AhrensDieterMarsagliaTsangGammaSampler.of(rng, model.r(), 1 / model.alpha());
        ContinuousSampler mu = AhrensDieterMarsagliaTsangGammaSampler.of(rng, model.s(), 1 / model.beta());
        double[] x = new double[n];
        double[] tx = new double[n];
        for (int c = 0; c < n; c++) {
            double end = Math.min(ages[c], lifetime(mu.sample(), rng));
            double[] h = history(lam.sample(), end, rng);
            x[c] = h[0];
            tx[c] = h[1];
        }
        return Histories.wrap(x, tx, ages.clone(), null, null, null);
    }

    /**
     * {@link #simulateHistories(double[], UniformRandomProvider)} with T uniform on {@code [tMin, tMax]}, seeded.
     *
     * @param customers number of customers
     * @param tMin shortest T
     * @param tMax longest T, {@code >= tMin}
     * @param seed seed of the random generator
     * @return one history per customer
     */
    public Histories simulateHistories(int customers, double tMin, double tMax, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        return simulateHistories(uniformAges(customers, tMin, tMax, rng), rng);
    }

    /**
     * Histories of customers with their own Gamma scales, as in a model with time-invariant
     * covariates ({@link StaticCovariateModel}): customer c has {@code lambda ~ Gamma(r, rate alphas[c])}
     * and {@code mu ~ Gamma(s, rate betas[c])}, otherwise the process of
     * {@link #simulateHistories(double[], UniformRandomProvider)}.
     *
     * @param r shape of the purchase-rate distribution, {@code > 0}
     * @param alphas each customer's purchase-rate scale alpha_i, positive and finite
     * @param s shape of the dropout-rate distribution, {@code > 0}
     * @param betas each customer's dropout-rate scale beta_i, positive and finite
     * @param ages observation length T of each customer, positive and finite
     * @param rng source of randomness
     * @return one history per customer
     * @throws IllegalArgumentException when the arrays differ in length or a value is out of range
     */
    public static Histories simulateHistories(double r, double[] alphas, double s, double[] betas, double[] ages,
                                              UniformRandomProvider rng) {
        int n = ages.length;
        if (alphas.length != n || betas.length != n) {
            throw new IllegalArgumentException("need one alpha and one beta per customer: " + alphas.length + ", "
                    + betas.length + " for " + n);
        }
        ParetoNbd.of(r, 1, s, 1); // checks the shapes
        ContinuousSampler lam = AhrensDieterMarsagliaTsangGammaSampler.of(rng, r, 1);
        ContinuousSampler mu = AhrensDieterMarsagliaTsangGammaSampler.of(rng, s, 1);
        double[] x = new double[n];
        double[] tx = new double[n];
        for (int c = 0; c < n; c++) {
            if (!(alphas[c] > 0) || !(betas[c] > 0) || Double.isInfinite(alphas[c]) || Double.isInfinite(betas[c])
                    || !(ages[c] > 0) || Double.isInfinite(ages[c])) {
                throw new IllegalArgumentException("customer " + c + ": alpha " + alphas[c] + ", beta " + betas[c]
                        + " and T " + ages[c] + " must be positive and finite");
            }
            // Gamma(shape, rate) = Gamma(shape, 1) / rate.
            double end = Math.min(ages[c], lifetime(mu.sample() / betas[c], rng));
            double[] h = history(lam.sample() / alphas[c], end, rng);
            x[c] = h[0];
            tx[c] = h[1];
        }
        return Histories.wrap(x, tx, ages.clone(), null, null, null);
    }

    /** {x, t_x} of a Poisson process of rate {@code lambda} observed on (0, end]. */
    static double[] history(double lambda, double end, UniformRandomProvider rng) {
        double t = 0;
        double last = 0;
        int count = 0;
        while (true) {
            t += exponential(lambda, rng);
            if (!(t <= end)) {
                break;
            }
            count++;
            last = t;
        }
        return new double[] {count, last};
    }

    static double lifetime(double mu, UniformRandomProvider rng) {
        return exponential(mu, rng);
    }

    /** Exponential with the given rate; infinity for a zero rate (never dies / never buys). */
    private static double exponential(double rate, UniformRandomProvider rng) {
        return -Math.log1p(-rng.nextDouble()) / rate;
    }
}
