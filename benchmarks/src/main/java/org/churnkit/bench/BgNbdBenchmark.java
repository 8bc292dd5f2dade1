package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.BgNbd;
import org.churnkit.model.BgNbdSimulator;
import org.churnkit.model.FitResult;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.Histories;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BG/NBD hot paths on 1M customers with all-distinct continuous histories, simulated at the CDNOW
 * estimates (r 0.2426, alpha 4.4136, a 0.7929, b 2.4259) with T uniform in [1, 78] weeks, seed 20261124:
 * one log-likelihood + gradient evaluation (what each fitter iteration costs; evaluated in parallel
 * chunks as the fitter does, and on one thread), and scoring (P(alive) and expected transactions
 * over 39 weeks), and the whole maximum-likelihood fit (target: at most 5 s on 2 cores). The discounted expectation (numerical quadrature per customer) is timed on 10,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BgNbdBenchmark {
    private static final int CUSTOMERS = 1_000_000;
    private static final int CHUNK = 65_536;
    private static final double[] PARAMS = {0.2426, 4.4136, 0.7929, 2.4259};

    private Histories histories;
    private Histories small;
    private BgNbd model;

    @Setup(Level.Trial)
    public void setUp() {
        model = BgNbd.of(PARAMS[0], PARAMS[1], PARAMS[2], PARAMS[3]);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20261124L);
        double[] ages = BgNbdSimulator.uniformAges(CUSTOMERS, 1, 78, rng);
        histories = BgNbdSimulator.of(model).simulate(ages, rng, 20261124L).toHistories();
        int n = 10_000;
        small = Histories.of(java.util.Arrays.copyOf(histories.frequencies(), n),
                java.util.Arrays.copyOf(histories.recencies(), n), java.util.Arrays.copyOf(histories.ages(), n));
    }

    @Benchmark
    public double likelihoodAndGradientParallel() {
        int chunks = (histories.size() + CHUNK - 1) / CHUNK;
        return IntStream.range(0, chunks).parallel().mapToDouble(c -> {
            double[] g = new double[4];
            double ll = BgNbd.likelihood().logLikelihood(PARAMS, histories, c * CHUNK,
                    Math.min(histories.size(), (c + 1) * CHUNK), g);
            return ll + g[0] + g[1] + g[2] + g[3];
        }).sum();
    }

    @Benchmark
    public double likelihoodAndGradientOneThread() {
        double[] g = new double[4];
        return BgNbd.likelihood().logLikelihood(PARAMS, histories, 0, histories.size(), g) + g[0] + g[3];
    }

    @Benchmark
    public double scorePAliveAndExpected39() {
        double[] p = model.pAlive(histories);
        double[] e = model.expectedTransactions(histories, 39);
        return p[p.length - 1] + e[e.length - 1];
    }

    @Benchmark
    public double discountedExpectation10k() {
        double[] d = model.discountedExpectedTransactions(small, Math.log(1.15) / 52, 52);
        return d[d.length - 1];
    }

    /** The whole fit of 1M distinct customers: starts, L-BFGS, Hessian and standard errors. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public FitResult<?> fitMillionDistinct() {
        return ModelFitter.of().fitOrThrow(BgNbd.likelihood(), histories);
    }
}
