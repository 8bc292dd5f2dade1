package org.churnkit.bench;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.BgNbd;
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
 * CDNOW Pareto/NBD estimates over T uniform in [1, 78] weeks ({@link Scoring}):
 * <ul>
 *   <li>{@code scoreParetoNbdWithClv}: with Gamma-Gamma spend, P(alive), expected transactions over
 *       52 weeks, expected spend, DERT at 15 % a year and CLV. Target (issue 3): at most 2 s on 2 cores;</li>
 *   <li>{@code scoreParetoNbdDert}: P(alive), expected transactions over 52 weeks and DERT at 15 % a
 *       year, the peer comparison of issue 14 (lifetimes 0.57 s and CLVTools 1.0 s on one core; target
 *       at least 3 times lifetimes per core, so at most about 0.19 s on one thread);</li>
 *   <li>{@code scoreBgNbd}: BG/NBD (CDNOW estimates) P(alive) and expected transactions over 52
 *       weeks for the same histories.</li>
 * </ul>
 * {@code threads} is {@code default} (the common fork-join pool, every core) or {@code 1} (the
 * calling thread only, {@code withExecutor(Runnable::run)}): per-core figures come from the latter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScoreBenchmark {
    @Param("1000000")
    public int customers;

    @Param({"default", "1"})
    public String threads;

    private Histories histories;
    private Scoring scoring;
    private Scoring dert;
    private Scoring bgNbd;

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
        Executor executor = switch (threads) {
            case "default" -> null;
            case "1" -> Runnable::run;
            default -> throw new IllegalArgumentException("threads must be default or 1, got " + threads);
        };
        double delta = org.churnkit.data.TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
        scoring = Scoring.of(model, ScoringSettings.of(52).withSpendModel(GammaGamma.of(6.25, 3.74, 15.44))
                .withDiscountRate(delta).withMargin(0.3).withExecutor(executor));
        dert = Scoring.of(model, ScoringSettings.of(52).withDiscountRate(delta).withExecutor(executor));
        bgNbd = Scoring.of(BgNbd.of(0.2426, 4.4136, 0.7929, 2.4259), ScoringSettings.of(52).withExecutor(executor));
    }

    @Benchmark
    public Scores scoreParetoNbdWithClv() {
        return scoring.score(histories);
    }

    @Benchmark
    public Scores scoreParetoNbdDert() {
        return dert.score(histories);
    }

    @Benchmark
    public Scores scoreBgNbd() {
        return bgNbd.score(histories);
    }
}
