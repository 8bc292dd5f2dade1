package org.churnkit.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.churnkit.model.FitPredecessor;
import org.churnkit.model.FitResult;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A warm refit of Pareto/NBD on one million customers against a cold (multistart) fit of the same
 * data (target: warm at most a third of cold). The previous model is a cold fit of last week's data
 * (ages on [20, 78] weeks); this week's data are a new draw a week older (ages on [21, 79]), all
 * rows distinct, so the optimum moves by sampling noise as a week of new data would move it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WarmRefitBenchmark {

    /** Last week's model and this week's data. */
    @State(Scope.Benchmark)
    public static class Weeks {
        Histories thisWeek;
        ParetoNbd previous;
        FitPredecessor link;

        @Setup(Level.Trial)
        public void simulate() {
            ParetoNbd truth = ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639);
            Histories lastWeek = ParetoNbdSimulator.of(truth).simulateHistories(1_000_000, 20, 78, 42L);
            thisWeek = ParetoNbdSimulator.of(truth).simulateHistories(1_000_000, 21, 79, 43L);
            previous = ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), lastWeek).model();
            String json = ModelFiles.toJson(previous);
            link = FitPredecessor.of(FitPredecessor.sha256(json.getBytes(StandardCharsets.UTF_8)), previous);
        }
    }

    @Benchmark
    public FitResult<?> coldFit(Weeks w) {
        return ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), w.thisWeek);
    }

    @Benchmark
    public FitResult<?> warmFit(Weeks w) {
        FitResult<ParetoNbd> r = ModelFitter.of().warmFit(ParetoNbd.likelihood(), w.thisWeek, w.previous, w.link);
        if (!"warm".equals(r.summary().provenance().predecessor().refit())) {
            throw new IllegalStateException("the benchmark's refit was not warm: "
                    + r.summary().provenance().predecessor().reason());
        }
        return r;
    }
}
