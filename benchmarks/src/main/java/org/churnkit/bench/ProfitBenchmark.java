package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.cost.EmpIndividual;
import org.churnkit.cost.Empc;
import org.churnkit.cost.ProfitCurve;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * EMPC and the profit curve over 10M scores (target: at most 3 s each). The scores come from a
 * fixed seed: churners score higher on average; scores are rounded to 1e-6 so that ties occur, as
 * they do with real model outputs. One invocation per measurement (single-shot): each call sorts
 * the whole input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProfitBenchmark {
    @Param({"10000000"})
    int n;

    int[] y;
    double[] s;
    double[] clv;

    @Setup
    public void setup() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
        y = new int[n];
        s = new double[n];
        clv = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextDouble() < 0.2 ? 1 : 0;
            double raw = 0.6 * rng.nextDouble() + 0.4 * y[i] * rng.nextDouble();
            s[i] = Math.rint(raw * 1e6) / 1e6;
            clv[i] = 50 + 400 * rng.nextDouble();
        }
    }

    @Benchmark
    public Empc.Result empc() {
        return Empc.compute(y, s, 6, 14, 200, 10, 1);
    }

    @Benchmark
    public double profitCurve() {
        return ProfitCurve.churn(y, s, 200, 0.3, 10, 1, 0).optimalFraction();
    }

    @Benchmark
    public double profitCurveIndividualValues() {
        return ProfitCurve.churn(y, s, clv, 0.3, 10, 1, 0).optimalFraction();
    }

    @Benchmark
    public EmpIndividual.Result empIndividual() {
        return EmpIndividual.compute(y, s, clv, 6, 14, 10, 0, 1);
    }
}
