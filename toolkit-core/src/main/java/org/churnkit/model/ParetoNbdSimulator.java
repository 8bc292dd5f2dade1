package org.churnkit.model;

import java.util.Arrays;
import java.util.List;
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

    /**
     * Customers of a Pareto/NBD model with time-varying covariates ({@link TimeVaryingCovariateModel}):
     * per customer {@code lambda ~ Gamma(r, alpha)}, {@code mu ~ Gamma(s, beta)}; the lifetime
     * solves {@code mu B(tau) = E}, {@code E ~ Exponential(1)}; the repeat purchases are the
     * unit-rate Poisson arrivals {@code e_1 < e_2 < ...} mapped through {@code lambda A(t) = e_j}
     * (the piecewise-exponential time change: exact for rates constant within periods) on
     * {@code (0, min(tau, T)]}. Period k of customer i covers
     * {@code [k L - offset_i, (k + 1) L - offset_i)} of his time axis.
     *
     * @param model the coefficients (one purchase and one dropout coefficient per name; a
     *     covariate outside a process has coefficient 0 there) and base parameters
     * @param names the covariate names, all in the model's purchase or dropout lists or ignored
     * @param offsets each customer's position of his first purchase in period 0, in {@code [0, L)}
     * @param ages each customer's T
     * @param z per customer, the covariate vectors of periods 0, 1, ... (row-major,
     *     {@code names.size()} wide), up to the period holding {@code T + horizon}
     * @param horizon prediction window to hold after each T (its covariates must be in z)
     * @param rng source of randomness
     * @return the customers' covariate paths with their simulated purchases
     * @throws IllegalArgumentException when the arrays disagree or periods are missing
     */
    public static TimeVaryingCovariates simulateTimeVarying(TimeVaryingCovariateModel model, List<String> names,
                                                           double[] offsets, double[] ages, double[][] z,
                                                           double horizon, UniformRandomProvider rng) {
        return simulateTimeVarying(model, names, offsets, ages, z, horizon, null, rng);
    }

    /**
     * As {@link #simulateTimeVarying(TimeVaryingCovariateModel, List, double[], double[], double[][],
     * double, UniformRandomProvider)}, and also each customer's realised count in the holdout window
     * {@code (T, T + horizon]} (the same lifetime and purchase process continued with the window's
     * covariates); with {@code future} null it is that method, draw for draw.
     *
     * @param future receives the holdout counts, one per customer; null to simulate none
     */
    static TimeVaryingCovariates simulateTimeVarying(TimeVaryingCovariateModel model, List<String> names,
                                                     double[] offsets, double[] ages, double[][] z, double horizon,
                                                     double[] future, UniformRandomProvider rng) {
        int n = ages.length;
        if (offsets.length != n || z.length != n) {
            throw new IllegalArgumentException("need one offset and one covariate path per customer");
        }
        int c = names.size();
        double[] gp = new double[c];
        double[] gd = new double[c];
        double[] mp = model.purchaseCoefficients();
        double[] md = model.dropoutCoefficients();
        for (int j = 0; j < c; j++) {
            int a = model.purchaseCovariates().indexOf(names.get(j));
            int b = model.dropoutCovariates().indexOf(names.get(j));
            gp[j] = a < 0 ? 0 : mp[a];
            gd[j] = b < 0 ? 0 : md[b];
        }
        ParetoNbd base = model.plainModel();
        double len = model.periodLength();
        ContinuousSampler lam = AhrensDieterMarsagliaTsangGammaSampler.of(rng, base.r(), 1);
        ContinuousSampler mu = AhrensDieterMarsagliaTsangGammaSampler.of(rng, base.s(), 1);
        TimeVaryingCovariates.Builder out = TimeVaryingCovariates.builder(names, len, model.unit(), horizon);
        for (int i = 0; i < n; i++) {
            double lambda = lam.sample() / base.alpha();
            double m = mu.sample() / base.beta();
            double off = offsets[i];
            double t = ages[i];
            // how far the processes run: to T, or to the end of the holdout window
            double until = future == null ? t : t + horizon;
            int periods = z[i].length / Math.max(1, c);
            // lifetime: walk the periods until mu B reaches an Exponential(1) draw
            double need = -Math.log1p(-rng.nextDouble());
            double tau = Double.POSITIVE_INFINITY;
            double at = 0;
            for (int k = 0; k < periods && at < until; k++) {
                double end = (k + 1) * len - off;
                double rate = m * Math.exp(dot(gd, z[i], k * c, c));
                double step = (end - at) * rate;
                if (step >= need) {
                    tau = at + need / rate;
                    break;
                }
                need -= step;
                at = end;
            }
            double stop = Math.min(tau, until);
            int[] counts = new int[periods];
            double next = -Math.log1p(-rng.nextDouble());
            double last = 0;
            at = 0;
            for (int k = 0; k < periods && at < stop; k++) {
                double end = Math.min((k + 1) * len - off, stop);
                double rate = lambda * Math.exp(dot(gp, z[i], k * c, c));
                // arrivals in this period: the unit-rate clock advances by rate per unit of time
                double pos = at;
                while (next <= (end - pos) * rate) {
                    pos += next / rate;
                    if (future == null || pos <= t) {
                        counts[k]++;
                        last = pos;
                    } else {
                        future[i]++; // only when the processes run past T
                    }
                    next = -Math.log1p(-rng.nextDouble());
                }
                next -= (end - pos) * rate;
                at = end;
            }
            out.add(null, off, t, last, counts, z[i]);
        }
        return out.build();
    }

    /** The covariates of {@link #simulateWeeklyCohorts}, in the order of its paths' columns. */
    public static final List<String> WEEKLY_COHORT_COVARIATES = List.of("season", "campaign", "gender");

    /**
     * A simulation design with time-varying covariates, shared by the recovery and coverage
     * studies (tests and the bootstrap coverage check of the benchmarks module): {@code customers}
     * join on days drawn uniformly over the first half year (26 weeks) and are observed to a common
     * end at week 52 (T = (364 - join day) / 7 weeks); their weekly covariates ({@link
     * #WEEKLY_COHORT_COVARIATES}) are a calendar season (1 in calendar weeks 20-31), a campaign flag
     * that starts on with probability 0.3 and switches each week with probability 0.2, and a fixed
     * 0/1 indicator drawn with probability 1/2; then the purchases are drawn from {@code model} by
     * {@link #simulateTimeVarying}. Everything comes from one XoRoShiRo128++ generator seeded with
     * {@code seed}, in that order, so the same arguments give the same customers to the bit.
     *
     * @param model weekly model (unit weeks, period length 1) over some of the three covariates
     * @param customers number of customers
     * @param seed the seed
     * @param horizon prediction window each path holds after T, in weeks
     * @return the customers' covariate paths with their simulated purchases
     */
    public static TimeVaryingCovariates simulateWeeklyCohorts(TimeVaryingCovariateModel model, int customers, long seed,
                                                              double horizon) {
        return simulateWeeklyCohorts(model, customers, seed, horizon, null);
    }

    /**
     * As {@link #simulateWeeklyCohorts(TimeVaryingCovariateModel, int, long, double)}, and each
     * customer's realised count in {@code (T, T + horizon]} into {@code future} unless it is null.
     */
    static TimeVaryingCovariates simulateWeeklyCohorts(TimeVaryingCovariateModel model, int customers, long seed,
                                                       double horizon, double[] future) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int n = customers;
        double[] offsets = new double[n];
        double[] ages = new double[n];
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            int joinDay = rng.nextInt(26 * 7);
            int week = joinDay / 7;
            offsets[i] = (joinDay % 7) / 7.0;
            ages[i] = (52 * 7 - joinDay) / 7.0;
            int periods = 54 - week + (int) Math.ceil(horizon) + 1;
            z[i] = new double[periods * 3];
            boolean on = rng.nextDouble() < 0.3;
            double gender = rng.nextInt(2);
            for (int k = 0; k < periods; k++) {
                int cal = (week + k) % 52;
                z[i][3 * k] = cal >= 20 && cal < 32 ? 1 : 0;
                if (rng.nextDouble() < 0.2) {
                    on = !on;
                }
                z[i][3 * k + 1] = on ? 1 : 0;
                z[i][3 * k + 2] = gender;
            }
        }
        return simulateTimeVarying(model, WEEKLY_COHORT_COVARIATES, offsets, ages, z, horizon, future, rng);
    }

    private static double dot(double[] g, double[] z, int off, int c) {
        double v = 0;
        for (int j = 0; j < c; j++) {
            v += g[j] * z[off + j];
        }
        return v;
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
