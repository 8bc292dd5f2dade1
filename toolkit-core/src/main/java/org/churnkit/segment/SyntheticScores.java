package org.churnkit.segment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;

/**
 * A seeded synthetic score table with the structure of real BTYD output, for demos, tests and
 * benchmarks. Customers are simulated from the MBG/NBD process (Batislam, Denizel, Filiztekin 2007,
 * "Empirical validation and comparison of models for customer base analysis", IJRM 24:201-209):
 * purchase rate lambda ~ Gamma(r, alpha), dropout probability p ~ Beta(a, b), a chance to drop out
 * after every purchase including the first; spend from the Gamma-Gamma model (Fader, Hardie, Lee
 * 2005, "RFM and CLV: using iso-value curves"). Parameters are close to published CDNOW fits in
 * weeks (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426; p = 6.25, q = 3.74, gamma = 15.44), and
 * T is uniform on [27, 39] weeks as in CDNOW's first-purchase quarter.
 *
 * <p>P(alive) is the exact MBG/NBD formula 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)).
 * Expected transactions over the next {@value #HORIZON} weeks use a closed-form approximation
 * (posterior mean rate x P(alive) x horizon, damped for dropout during the horizon) and CLV is
 * expected transactions x expected spend, undiscounted: realistic in shape, but not a fitted model's
 * output, so never use these as reference values.
 */
public final class SyntheticScores {
    /** Prediction horizon of the expected-transaction column, in weeks. */
    public static final double HORIZON = 39;

    private SyntheticScores() {}

    /** {@code n} synthetic customers with all score columns, ids {@code C0000001...}. */
    public static ScoreColumns generate(int n, UniformRandomProvider rng) {
        final double r = 0.243;
        final double alpha = 4.414;
        final double a = 0.793;
        final double b = 2.426;
        final double p = 6.25;
        final double q = 3.74;
        final double gamma = 15.44;
        ContinuousDistribution.Sampler lambdaS = GammaDistribution.of(r, 1 / alpha).createSampler(rng);
        ContinuousDistribution.Sampler dropS = BetaDistribution.of(a, b).createSampler(rng);
        ContinuousDistribution.Sampler nuS = GammaDistribution.of(q, 1 / gamma).createSampler(rng);
        String[] ids = new String[n];
        double[] freq = new double[n];
        double[] rec = new double[n];
        double[] age = new double[n];
        double[] mon = new double[n];
        double[] alive = new double[n];
        double[] exp = new double[n];
        double[] spend = new double[n];
        double[] clv = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format(java.util.Locale.ROOT, "C%07d", i + 1);
            double lambda = lambdaS.sample();
            double drop = dropS.sample();
            double nu = nuS.sample();
            double tAge = 27 + 12 * rng.nextDouble();
            int x = 0;
            double tx = 0;
            double t = 0;
            boolean isAlive = rng.nextDouble() >= drop;
            double total = 0;
            while (isAlive) {
                t += -Math.log1p(-rng.nextDouble()) / lambda;
                if (t > tAge) {
                    break;
                }
                x++;
                tx = t;
                isAlive = rng.nextDouble() >= drop;
            }
            if (x > 0) {
                // The sum of x Gamma(p, rate nu) spends is Gamma(p x, rate nu).
                total = AhrensDieterMarsagliaTsangGammaSampler.of(rng, p * x, 1 / nu).sample();
            }
            double pa = 1 / (1 + a / (b + x) * Math.pow((alpha + tAge) / (alpha + tx), r + x));
            double rate = (r + x) / (alpha + tAge);
            double dropPost = a / (a + b + x);
            double e = pa * rate * HORIZON / (1 + dropPost * rate * HORIZON / 2);
            double m = x > 0 ? total / x : 0;
            double es = p * (gamma + m * x) / (p * x + q - 1);
            freq[i] = x;
            rec[i] = tx;
            age[i] = tAge;
            mon[i] = m;
            alive[i] = pa;
            exp[i] = e;
            spend[i] = es;
            clv[i] = e * es;
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put(ScoreColumns.FREQUENCY, freq);
        cols.put(ScoreColumns.RECENCY, rec);
        cols.put(ScoreColumns.AGE, age);
        cols.put(ScoreColumns.MONETARY_VALUE, mon);
        cols.put(ScoreColumns.P_ALIVE, alive);
        cols.put(ScoreColumns.EXPECTED_TRANSACTIONS, exp);
        cols.put("expected_spend", spend);
        cols.put(ScoreColumns.CLV, clv);
        return ScoreColumns.of(ids, cols);
    }
}
