package org.churnkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.churnkit.model.FitResult;
import org.churnkit.model.Histories;
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
 * Pareto/NBD: the CDNOW calibration fit (target 50 ms warm), a fit of one million customers with
 * all-distinct continuous histories (target 20 s on 2 cores) and scoring one million customers:
 * P(alive), expected transactions over 39 weeks and DERT at 15 % a year (target 2 s).
 */
@BenchmarkMode(Mode.AverageTime)
public class ParetoNbdBenchmark {

    /** The CDNOW calibration summary from ../shared (beside the project, or an ancestor's sibling). */
    @State(Scope.Benchmark)
    public static class Cdnow {
        Histories histories;

        @Setup(Level.Trial)
        public void load() throws IOException {
            Path file = null;
            for (Path d = Path.of("").toAbsolutePath(); d != null && file == null; d = d.getParent()) {
                Path c = d.resolveSibling("shared").resolve("datasets/cdnow/cdnow_summary_calibration.csv");
                if (Files.exists(c)) {
                    file = c;
                }
            }
            String prop = System.getProperty("churnkit.shared.dir");
            if (prop != null) {
                file = Path.of(prop, "datasets/cdnow/cdnow_summary_calibration.csv");
            }
            if (file == null) {
                throw new IllegalStateException("CDNOW summary not found: run from the project beside ../shared");
            }
            List<String> lines = Files.readAllLines(file);
            int n = lines.size() - 1;
            double[] x = new double[n];
            double[] tx = new double[n];
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",");
                x[i] = Double.parseDouble(f[1]);
                tx[i] = Double.parseDouble(f[2]);
                t[i] = Double.parseDouble(f[3]);
            }
            histories = Histories.of(x, tx, t);
        }
    }

    /** One million simulated customers at the CDNOW estimates, T continuous on [20, 78] weeks: all rows distinct. */
    @State(Scope.Benchmark)
    public static class Million {
        Histories histories;
        ParetoNbd model;

        @Setup(Level.Trial)
        public void simulate() {
            model = ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639);
            histories = ParetoNbdSimulator.of(model).simulateHistories(1_000_000, 20, 78, 42L);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public FitResult<?> fitCdnow(Cdnow data) {
        return ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), data.histories);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public FitResult<?> fitMillionDistinct(Million data) {
        return ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), data.histories);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public org.churnkit.model.Scores scoreMillion(Million data) {
        return org.churnkit.model.Scoring.of(data.model,
                org.churnkit.model.ScoringSettings.of(39).withDiscountRate(Math.log(1.15) / 52)).score(data.histories);
    }
}
