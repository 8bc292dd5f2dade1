package org.churnkit.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.evaluation.BacktestResult;
import org.churnkit.evaluation.BacktestRunner;
import org.churnkit.evaluation.DriftMonitor;
import org.churnkit.evaluation.OriginPlan;
import org.churnkit.evaluation.OriginSplits;
import org.churnkit.evaluation.Trainer;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.SimulatedLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 6: a rolling-origin backtest of one million customers over four origins in at most two
 * minutes. The log is simulated by {@link ParetoNbdSimulator} at the CDNOW estimates with
 * continuous times (so no two histories compress together): births uniform over the first 52
 * weeks, observation to week 130, origins at weeks 78, 91, 104 and 117 with a 13-week horizon.
 * At each origin Pareto/NBD and BG/NBD (the CLI's default models) are fitted with
 * {@link ModelFitter} and validated beside the two baselines, then drift is assessed. One
 * invocation is the whole backtest (single-shot time).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BacktestBenchmark {

    @State(Scope.Benchmark)
    public static class Log {
        OriginSplits splits;
        OriginPlan plan;

        @Setup(Level.Trial)
        public void simulate() {
            int n = 1_000_000;
            double end = 130;
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20261124L);
            double[] birth = new double[n];
            double[] ages = new double[n];
            for (int i = 0; i < n; i++) {
                birth[i] = 52 * rng.nextDouble();
                ages[i] = end - birth[i];
            }
            SimulatedLog log = ParetoNbdSimulator.of(ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639))
                    .simulate(ages, rng, 20261124L);
            int[] customer = log.customer();
            double[] time = new double[customer.length];
            for (int j = 0; j < time.length; j++) {
                time[j] = birth[customer[j]] + log.time()[j];
            }
            splits = OriginSplits.of(customer, time, null);
            plan = OriginPlan.builder(0, end).origins(78, 91, 104, 117).horizon(13).build();
        }
    }

    @Benchmark
    public DriftMonitor.Report backtestMillionFourOrigins(Log log) {
        ModelFitter fitter = ModelFitter.of();
        BacktestResult r = BacktestRunner.of().run(log.plan, o -> log.splits.at(o, 13),
                List.of(Trainer.fitted(ModelKind.PARETO_NBD, fitter), Trainer.fitted(ModelKind.BG_NBD, fitter)));
        return DriftMonitor.of().backtest(r).assess();
    }
}
