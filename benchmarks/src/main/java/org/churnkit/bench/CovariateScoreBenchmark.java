package org.churnkit.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.BgNbd;
import org.churnkit.model.Covariates;
import org.churnkit.model.Histories;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.Scores;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.StaticCovariateModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scoring 1M customers with two continuous covariates (one purchase, one dropout, uniform on
 * [-1, 1], so that every customer has parameters of its own) against plain scoring of the same
 * histories: P(alive), expected transactions over 52 weeks and DERT at 15 % a year, Pareto/NBD
 * (CDNOW estimates) and BG/NBD (P(alive) and expected transactions). {@code threads} as in
 * {@link ScoreBenchmark}: {@code default} (the common pool) or {@code 1} (the calling thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CovariateScoreBenchmark {
    @Param("1000000")
    public int customers;

    @Param({"default", "1"})
    public String threads;

    private Histories histories;
    private Covariates covariates;
    private StaticCovariateModel pareto;
    private StaticCovariateModel bg;
    private ScoringSettings dert;
    private ScoringSettings plainSettings;

    @Setup
    public void setup() {
        ParetoNbd model = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2026L);
        histories = ParetoNbdSimulator.of(model).simulateHistories(
                ParetoNbdSimulator.uniformAges(customers, 1, 78, rng), rng);
        double[][] z = new double[2][customers];
        for (int i = 0; i < customers; i++) {
            z[0][i] = 2 * rng.nextDouble() - 1;
            z[1][i] = 2 * rng.nextDouble() - 1;
        }
        covariates = Covariates.of(List.of("income", "tenure"), z);
        pareto = StaticCovariateModel.of(model, List.of("income"), new double[] {0.3}, List.of("tenure"),
                new double[] {-0.6}, Map.of());
        bg = StaticCovariateModel.of(BgNbd.of(0.2426, 4.4136, 0.7929, 2.4259), List.of("income"), new double[] {0.3},
                List.of("tenure"), new double[] {-0.6}, Map.of());
        Executor executor = switch (threads) {
            case "default" -> null;
            case "1" -> Runnable::run;
            default -> throw new IllegalArgumentException("threads must be default or 1, got " + threads);
        };
        double delta = org.churnkit.data.TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
        dert = ScoringSettings.of(52).withDiscountRate(delta).withExecutor(executor);
        plainSettings = ScoringSettings.of(52).withExecutor(executor);
    }

    /** @return P(alive), expectation and DERT with each customer's own Pareto/NBD parameters */
    @Benchmark
    public Scores covariateParetoNbdDert() {
        return pareto.score(histories, covariates, dert);
    }

    /** @return the same columns with the plain Pareto/NBD (the reference speed) */
    @Benchmark
    public Scores plainParetoNbdDert() {
        return Scoring.of(pareto.plainModel(), dert).score(histories);
    }

    /** @return P(alive) and expectation with each customer's own BG/NBD parameters */
    @Benchmark
    public Scores covariateBgNbd() {
        return bg.score(histories, covariates, plainSettings);
    }

    /** @return the same columns with the plain BG/NBD */
    @Benchmark
    public Scores plainBgNbd() {
        return Scoring.of(bg.plainModel(), plainSettings).score(histories);
    }
}
