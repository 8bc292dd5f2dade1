package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.Histories;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.Scores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * In-memory scoring of 1M customers with all-distinct continuous (x, t_x, T), simulated from the
 * CDNOW Pareto/NBD estimates over T uniform in [1, 78] weeks, with Gamma-Gamma spend: P(alive),
 * expected transactions over 52 weeks, expected spend, DERT at 15 % a year and CLV
 * ({@link Scoring}). Target (issue 3): at most 2 s on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScoreBenchmark {
    @Param("1000000")
    public int customers;

    private Histories histories;
    private Scoring scoring;

    @Setup
    public void setup() {
        ParetoNbd model = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2026L);
        Histories h = ParetoNbdSimulator.of(model).simulateHistories(
                ParetoNbdSimulator.uniformAges(customers, 1, 78, rng), rng);
        double[] x = h.frequencies();
        double[] m = new double[x.length];
        var spend = AhrensDieterMarsagliaTsangGammaSampler.of(rng, 6.0, 5.0);
        for (int i = 0; i < m.length; i++) {
            m[i] = x[i] > 0 ? spend.sample() : 0;
        }
        histories = Histories.of(x, h.recencies(), h.ages(), m, null, null);
        scoring = Scoring.of(model, ScoringSettings.of(52).withSpendModel(GammaGamma.of(6.25, 3.74, 15.44))
                .withDiscountRate(org.churnkit.data.TimeUnit.WEEKS.continuousRateFromAnnual(0.15)).withMargin(0.3));
    }

    @Benchmark
    public Scores scoreParetoNbdWithClv() {
        return scoring.score(histories);
    }
}
