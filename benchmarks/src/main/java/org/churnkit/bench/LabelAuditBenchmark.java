package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.labels.AuditLogit;
import org.churnkit.labels.LabelAudit;
import org.churnkit.labels.OutOfSample;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Leave-one-out label audit of 100,000 rows with the logistic model (target: at most 30 s on 2
 * cores): the full fit, the one-Newton-step leave-one-out probability of every row, and the
 * confident-learning flags. Nine standard normal features (as many as the churn data set has),
 * labels from a logistic model with 10 % of them flipped; fixed seed. One invocation per
 * measurement (single-shot).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LabelAuditBenchmark {
    @Param({"100000"})
    int n;

    double[][] x;
    int[] y;

    @Setup
    public void setup() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(17L);
        x = new double[n][9];
        y = new int[n];
        for (int i = 0; i < n; i++) {
            double eta = -0.5;
            for (int j = 0; j < 9; j++) {
                x[i][j] = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                eta += (j % 3 == 0 ? 1.0 : -0.5) * x[i][j];
            }
            y[i] = rng.nextDouble() < 1 / (1 + Math.exp(-3 * eta)) ? 1 : 0;
            if (rng.nextDouble() < 0.1) {
                y[i] = 1 - y[i];
            }
        }
    }

    @Benchmark
    public int leaveOneOutAudit() {
        OutOfSample oos = OutOfSample.approximateLeaveOneOut(x, y, AuditLogit.Options.defaults());
        return LabelAudit.of(null, y, oos).flags().size();
    }
}
