package org.churnkit.cost;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Monte Carlo of a planned retention campaign: the distribution of its profit, not only its
 * expectation, compared with contacting nobody and with contacting the same number of customers by
 * churn probability alone.
 *
 * <p>One draw, for every customer on either list: first (with {@link Uncertainty}) the model's
 * parameters are drawn and each customer's churn probability p_i and value at stake V_i recomputed
 * under them; then the customer churns with probability p_i; a contacted would-be churner accepts
 * with probability γ and is kept, bringing V_i − d; a loyal customer takes the incentive with
 * probability ψ, costing d; every contact costs f. These are {@link Targeting}'s definitions, so
 * with fixed p_i and V_i the expectation of a draw's profit is exactly
 * {@link Targeting.Campaign#expectedProfit()} ({@link Targeting#expectedProfit} summed over the list).
 * V_i is the customer's expected value once kept (an expectation, not a simulated purchase stream).
 * Both lists see the same churn and acceptance outcomes in a draw (common random numbers), so their
 * difference is measured with less noise than either profit. Contacting nobody earns 0 in every draw.
 *
 * <p>Reproducibility: one seed per draw is taken from the injected random source up front, in draw
 * order; draw d uses its own generator seeded with seed d (and parameter draw d). Draws run in
 * parallel (common fork-join pool) and the result is identical to the bit for the same source state
 * whatever the scheduling. Memory and time: primitive arrays of the customers on either list, no
 * allocation per customer; the work is draws × listed customers.
 *
 * <p>Immutable; accessors return copies.
 */
public final class CampaignSimulation {
    /** Draws simulated together over one pass of the customers. */
    private static final int GROUP = 8;
    /** Customers per pass: their data for a group of draws stays in cache. */
    private static final int CHUNK = 4096;

    /**
     * How parameter uncertainty enters: per draw, new churn probabilities and values at stake.
     * Implementations must be deterministic (a draw's values depend on the draw index only) and
     * safe to call concurrently for different draws.
     */
    public interface Uncertainty {
        /**
         * Prepares the draws for a set of customers.
         *
         * @param customers indices into the campaign's arrays, ascending, each once
         * @return the per-draw values of these customers
         */
        Draws prepare(int[] customers);

    }

    /** The churn probabilities and values at stake of prepared customers under each parameter draw. */
    public interface Draws {
        /**
         * Parameter draws available; simulation draw d uses parameter draw {@code d % count()}.
         *
         * @return the count, at least 1
         */
        int count();

        /**
         * One parameter draw, ready to give the prepared customers' values.
         *
         * @param d the parameter draw, {@code 0 <= d < count()}
         * @return the draw
         */
        Draw at(int d);

        /**
         * How the uncertainty is made, in words (e.g. "400 draws from the asymptotic normal of the
         * log-parameters of pareto-nbd").
         *
         * @return the description
         */
        String describe();
    }

    /** The prepared customers' churn probabilities and values under one parameter draw. */
    public interface Draw {
        /**
         * Writes the values of prepared customers {@code from} to {@code to - 1} (in the order they
         * were prepared) to positions {@code 0} to {@code to - from - 1}.
         *
         * @param from first customer, inclusive
         * @param to last customer, exclusive
         * @param pChurn churn probabilities (written), in [0, 1]
         * @param value values at stake (written), finite
         */
        void fill(int from, int to, double[] pChurn, double[] value);
    }

    /**
     * A draw whose values are a base times {@code exp(logFactor)}: the simulation takes the
     * exponential only for the customers whose value it uses (a churner who accepts), most
     * customers of a draw never need it. The value, when used, is {@code base * Math.exp(logFactor)},
     * the expression {@link #fill} evaluates, so the result does not change.
     */
    interface LazyDraw extends Draw {
        /**
         * As {@link #fill}, with the value split into its base and the logarithm of its factor.
         *
         * @param from first customer, inclusive
         * @param to last customer, exclusive
         * @param pChurn churn probabilities (written)
         * @param base values at the estimate (written)
         * @param logFactor logarithms of the draw's factors on them (written)
         */
        void fillLog(int from, int to, double[] pChurn, double[] base, double[] logFactor);
    }

    /**
     * One list's profit distribution.
     *
     * @param contacted customers contacted
     * @param expected closed-form expected profit at the point estimates (Σ E[ΔΠ_i] of {@link Targeting})
     * @param mean mean profit over the draws
     * @param standardError Monte Carlo standard error of the mean (standard deviation / √draws)
     * @param p5 5th percentile of the profit
     * @param p95 95th percentile of the profit
     * @param lossProbability share of draws with a profit below 0
     */
    public record Summary(int contacted, double expected, double mean, double standardError, double p5, double p95,
                          double lossProbability) {}

    private final double[] chosen;
    private final double[] byChurn;
    private final Summary chosenSummary;
    private final Summary byChurnSummary;
    private final double beatsChurn;
    private final String uncertainty;

    private CampaignSimulation(double[] chosen, double[] byChurn, Summary a, Summary b, double beatsChurn,
            String uncertainty) {
        this.chosen = chosen;
        this.byChurn = byChurn;
        this.chosenSummary = a;
        this.byChurnSummary = b;
        this.beatsChurn = beatsChurn;
        this.uncertainty = uncertainty;
    }

    /**
     * Simulates without parameter uncertainty: p_i and V_i fixed at the given values; only who
     * churns and who accepts is drawn.
     *
     * @param pChurn churn probability per customer, in [0, 1] (the arrays the campaign was planned on)
     * @param value value at stake per customer, finite
     * @param offer the campaign economics
     * @param campaign the planned campaign ({@link Targeting#plan})
     * @param draws number of simulated campaigns, at least 2
     * @param rng the random source (consumed: {@code draws} longs)
     * @return the simulation
     */
    public static CampaignSimulation of(double[] pChurn, double[] value, Targeting.Offer offer,
            Targeting.Campaign campaign, int draws, UniformRandomProvider rng) {
        return of(pChurn, value, offer, campaign, draws, rng, null, null);
    }

    /**
     * Simulates with parameter uncertainty.
     *
     * @param pChurn churn probability per customer at the point estimate, in [0, 1]
     * @param value value at stake per customer at the point estimate, finite
     * @param offer the campaign economics
     * @param campaign the planned campaign ({@link Targeting#plan} on {@code pChurn} and {@code value})
     * @param draws number of simulated campaigns, at least 2
     * @param rng the random source (consumed: {@code draws} longs)
     * @param uncertainty per-draw churn probabilities and values, or {@code null} for none
     * @param progress told the number of draws done so far (from any thread), or {@code null}
     * @return the simulation
     * @throws IllegalArgumentException when sizes differ, a probability is outside [0, 1], a value
     *     is not finite, or {@code draws < 2}
     */
    public static CampaignSimulation of(double[] pChurn, double[] value, Targeting.Offer offer,
            Targeting.Campaign campaign, int draws, UniformRandomProvider rng, Uncertainty uncertainty,
            IntConsumer progress) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(rng, "rng");
        int n = pChurn.length;
        Checks.probabilities(pChurn);
        Checks.sameLength(n, value, "value at stake");
        Checks.finite(value, "value at stake");
        int[] ranking = campaign.ranking();
        if (ranking.length != n) {
            throw new IllegalArgumentException("the campaign was planned for " + ranking.length + " customers, not " + n);
        }
        if (draws < 2) {
            throw new IllegalArgumentException("at least 2 draws are needed, got " + draws);
        }
        int k = campaign.targetedCount();
        // The comparison list: the same number of customers, highest churn probability first.
        int[] churnOrder = ScoreOrder.descending(pChurn);
        byte[] member = new byte[n];
        for (int r = 0; r < k; r++) {
            member[ranking[r]] |= 1;
            member[churnOrder[r]] |= 2;
        }
        int listed = 0;
        for (int i = 0; i < n; i++) {
            if (member[i] != 0) {
                listed++;
            }
        }
        final int m = listed;
        int[] who = new int[m];
        double[] inA = new double[m];
        double[] inB = new double[m];
        double[] p0 = new double[m];
        double[] v0 = new double[m];
        double expA = 0;
        double expB = 0;
        for (int i = 0, j = 0; i < n; i++) {
            if (member[i] != 0) {
                who[j] = i;
                inA[j] = member[i] & 1;
                inB[j] = (member[i] >> 1) & 1;
                p0[j] = pChurn[i];
                v0[j] = value[i];
                double e = Targeting.expectedProfit(pChurn[i], value[i], offer);
                if ((member[i] & 1) != 0) {
                    expA += e;
                }
                if ((member[i] & 2) != 0) {
                    expB += e;
                }
                j++;
            }
        }
        long[] seeds = new long[draws];
        for (int d = 0; d < draws; d++) {
            seeds[d] = rng.nextLong();
        }
        Draws parameterDraws = uncertainty == null || m == 0 ? null : uncertainty.prepare(who.clone());
        double[] profitA = new double[draws];
        double[] profitB = new double[draws];
        double gamma = offer.acceptance();
        double psi = offer.nonChurnerAcceptance();
        double incentive = offer.incentive();
        double contact = offer.contactCost();
        // Draws in groups of GROUP, customers in chunks of CHUNK: a chunk's data (and with parameter
        // uncertainty its slopes) is read once from memory for the whole group of draws and stays in
        // cache. Each draw keeps its own generator, consumed customer by customer in list order, and
        // its sums are added in list order, so the chunking does not change a bit of the result.
        int groups = (draws + GROUP - 1) / GROUP;
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, groups).parallel().forEach(grp -> {
            int first = grp * GROUP;
            int size = Math.min(GROUP, draws - first);
            UniformRandomProvider[] gens = new UniformRandomProvider[size];
            Draw[] at = parameterDraws == null ? null : new Draw[size];
            for (int q = 0; q < size; q++) {
                gens[q] = RandomSource.XO_RO_SHI_RO_128_PP.create(seeds[first + q]);
                if (at != null) {
                    at[q] = parameterDraws.at((first + q) % parameterDraws.count());
                }
            }
            double[] a = new double[size];
            double[] c = new double[size];
            double[] p = at == null ? p0 : new double[Math.min(m, CHUNK)];
            double[] v = at == null ? v0 : new double[Math.min(m, CHUNK)];
            double[] lf = at != null && at[0] instanceof LazyDraw ? new double[Math.min(m, CHUNK)] : null;
            for (int from = 0; from < m; from += CHUNK) {
                int to = Math.min(m, from + CHUNK);
                int off = at == null ? 0 : from;
                for (int q = 0; q < size; q++) {
                    if (at != null && at[q] instanceof LazyDraw lazy) {
                        lazy.fillLog(from, to, p, v, lf);
                        lazyRun(gens[q], from, to, off, p, v, lf, inA, inB, who,
                                (first + q) % parameterDraws.count(), gamma, psi,
                                incentive, contact, a, c, q);
                        continue;
                    }
                    if (at != null) {
                        at[q].fill(from, to, p, v);
                    }
                    UniformRandomProvider g = gens[q];
                    double sa = a[q];
                    double sc = c[q];
                    for (int j = from; j < to; j++) {
                        // One 64-bit draw gives both uniforms (32 bits each: a probability is resolved
                        // to 2^-32, p = 1 always churns, p = 0 never), used without branches on them.
                        long bits = g.nextLong();
                        double churnU = (bits >>> 32) * 0x1.0p-32;
                        double acceptU = (bits & 0xffffffffL) * 0x1.0p-32;
                        // A kept churner brings V - d; a loyal customer who takes the offer costs d; all cost f.
                        double kept = acceptU < gamma ? v[j - off] - incentive : 0;
                        double gift = acceptU < psi ? -incentive : 0;
                        double x = (churnU < p[j - off] ? kept : gift) - contact;
                        sa += x * inA[j];
                        sc += x * inB[j];
                    }
                    a[q] = sa;
                    c[q] = sc;
                }
            }
            for (int q = 0; q < size; q++) {
                profitA[first + q] = a[q];
                profitB[first + q] = c[q];
            }
            if (progress != null) {
                progress.accept(done.addAndGet(size));
            }
        });
        int wins = 0;
        for (int d = 0; d < draws; d++) {
            if (profitA[d] > profitB[d]) {
                wins++;
            }
        }
        String how = parameterDraws == null ? "none: churn probabilities and values fixed at the point estimates"
                : parameterDraws.describe();
        return new CampaignSimulation(profitA, profitB, summary(k, expA, profitA), summary(k, expB, profitB),
                wins / (double) draws, how);
    }

    /**
     * The loop of one draw over customers {@code from .. to - 1} with lazy values: the same
     * uniforms, decisions and sums as the plain loop, the value {@code base * exp(logFactor)}
     * computed only for a churner who accepts. Adds to {@code a[q]} and {@code c[q]}.
     */
    private static void lazyRun(UniformRandomProvider g, int from, int to, int off, double[] p, double[] base,
            double[] lf, double[] inA, double[] inB, int[] who, int draw, double gamma, double psi, double incentive,
            double contact, double[] a, double[] c, int q) {
        double sa = a[q];
        double sc = c[q];
        for (int j = from; j < to; j++) {
            long bits = g.nextLong();
            double churnU = (bits >>> 32) * 0x1.0p-32;
            double acceptU = (bits & 0xffffffffL) * 0x1.0p-32;
            double x;
            if (churnU < p[j - off]) {
                double kept = 0;
                if (acceptU < gamma) {
                    double value = base[j - off] * Math.exp(lf[j - off]);
                    if (!Double.isFinite(value)) {
                        throw new org.churnkit.ChurnkitException("customer " + who[j] + ": value at stake under "
                                + "parameter draw " + draw + " is " + value);
                    }
                    kept = value - incentive;
                }
                x = kept - contact;
            } else {
                x = (acceptU < psi ? -incentive : 0) - contact;
            }
            sa += x * inA[j];
            sc += x * inB[j];
        }
        a[q] = sa;
        c[q] = sc;
    }

    /** Mean, standard error, 5th and 95th percentiles (linear interpolation) and the share below 0. */
    static Summary summary(int contacted, double expected, double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        int losses = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
            if (v < 0) {
                losses++;
            }
        }
        double sd = Math.sqrt(ss / (n - 1));
        double[] s = x.clone();
        Arrays.sort(s);
        return new Summary(contacted, Checks.plusZero(expected), Checks.plusZero(mean), sd / Math.sqrt(n),
                Checks.plusZero(quantile(s, 0.05)), Checks.plusZero(quantile(s, 0.95)), losses / (double) n);
    }

    /** The q-quantile of sorted values, interpolating linearly between order statistics (Hyndman and Fan type 7). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The chosen list's profit in each draw (a copy, in draw order), e.g. for a histogram.
     *
     * @return one profit per draw
     */
    public double[] profits() {
        return chosen.clone();
    }

    /**
     * The profit in each draw of contacting the same number of customers by churn probability
     * alone (a copy, in draw order; same outcomes as {@link #profits()} draw by draw).
     *
     * @return one profit per draw
     */
    public double[] churnRankingProfits() {
        return byChurn.clone();
    }

    /**
     * The chosen list's profit distribution.
     *
     * @return the summary
     */
    public Summary chosen() {
        return chosenSummary;
    }

    /**
     * The distribution of contacting the same number of customers by churn probability alone.
     *
     * @return the summary
     */
    public Summary churnRanking() {
        return byChurnSummary;
    }

    /**
     * Share of draws in which the chosen list earned more than the churn-probability list.
     *
     * @return a probability in [0, 1]
     */
    public double probabilityBeatsChurnRanking() {
        return beatsChurn;
    }

    /**
     * Number of simulated campaigns.
     *
     * @return the draws
     */
    public int draws() {
        return chosen.length;
    }

    /**
     * How parameter uncertainty was included, in words ("none: ..." when it was not).
     *
     * @return the description
     */
    public String uncertainty() {
        return uncertainty;
    }

    @Override
    public String toString() {
        return "CampaignSimulation[" + chosen.length + " draws, chosen " + chosenSummary + ", by churn " + byChurnSummary
                + "]";
    }
}
