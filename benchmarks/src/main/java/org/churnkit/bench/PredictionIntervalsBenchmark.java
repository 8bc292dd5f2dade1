package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.Histories;
import org.churnkit.model.ParameterDraws;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.PredictionIntervals;
import org.churnkit.model.PredictiveDistribution;
import org.churnkit.model.ScoreIntervals;
import org.churnkit.model.ScoringSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Prediction intervals of 1M customers simulated from the CDNOW Pareto/NBD estimates (T uniform in
 * [1, 78] weeks, Gamma spend), issue 16's target: 90 % asymptotic intervals of all seven score
 * columns (P(alive), expected transactions over 52 weeks, expected spend, DERT at 15 % a year, CLV,
 * alive value, value at risk) from 200 draws of the transaction model and 200 of the spend model in
 * at most 10 s on 2 cores.
 * <ul>
 *   <li>{@code data = days}: recency and age in whole days (as a real log gives them, in weeks), so
 *       identical customers are scored once;</li>
 *   <li>{@code data = distinct}: continuous times, every customer distinct (the worst case).</li>
 * </ul>
 * {@code predictive90}: the 90 % predictive intervals of each customer's count over 52 weeks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PredictionIntervalsBenchmark {
    @Param("1000000")
    public int customers;

    @Param({"days", "distinct"})
    public String data;

    @Param("200")
    public int draws;

    private Histories histories;
    private PredictionIntervals intervals;
    private PredictiveDistribution predictive;

    @Setup
    public void setup() {
        ParetoNbd model = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2026L);
        Histories h = ParetoNbdSimulator.of(model).simulateHistories(
                ParetoNbdSimulator.uniformAges(customers, 1, 78, rng), rng);
        double[] x = h.frequencies();
        double[] tx = h.recencies();
        double[] t = h.ages();
        if (data.equals("days")) {
            for (int i = 0; i < x.length; i++) {
                t[i] = Math.ceil(t[i] * 7) / 7;
                tx[i] = Math.min(t[i], Math.round(tx[i] * 7) / 7.0);
                if (x[i] > 0 && tx[i] == 0) {
                    tx[i] = 1 / 7.0;
                }
            }
        }
        double[] m = new double[x.length];
        var spend = AhrensDieterMarsagliaTsangGammaSampler.of(rng, 6.0, 5.0);
        for (int i = 0; i < m.length; i++) {
            m[i] = x[i] > 0 ? Math.round(spend.sample() * 100) / 100.0 : 0;
        }
        histories = Histories.of(x, tx, t, m, null, null);
        // the CDNOW fit's covariance of the log-parameters (2,357 customers): a realistic spread of draws
        double[][] logCov = {
            {0.00741, 0.00589, -0.00940, -0.02181},
            {0.00589, 0.00635, -0.00420, -0.00977},
            {-0.00940, -0.00420, 0.09544, 0.15981},
            {-0.02181, -0.00977, 0.15981, 0.28336}};
        double[][] ggCov = {{0.0305, -0.0010, -0.0270}, {-0.0010, 0.0158, 0.0032}, {-0.0270, 0.0032, 0.0522}};
        ParameterDraws d = ParameterDraws.asymptotic(model.parameterArray(), logCov, draws,
                RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        ParameterDraws sd = ParameterDraws.asymptotic(gg.parameterArray(), ggCov, draws,
                RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        double delta = org.churnkit.data.TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
        intervals = PredictionIntervals.of(model, d, ScoringSettings.of(52).withSpendModel(gg).withDiscountRate(delta)
                .withMargin(0.3)).withSpendDraws(sd);
        predictive = PredictiveDistribution.of(model, 52);
    }

    @Benchmark
    public ScoreIntervals asymptotic90AllColumns() {
        return intervals.score(histories, 0.9);
    }

    @Benchmark
    public double[][] predictive90() {
        return predictive.intervals(histories, 0.9);
    }
}
