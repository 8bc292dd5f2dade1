package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.cost.Lift;
import org.churnkit.model.CompressedHistories;
import org.churnkit.model.Histories;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The two users of the stable radix sort on long keys: merging a million histories into distinct
 * weighted rows, and ranking ten million scores (the index permutation behind lift, EMPB, AUEPC
 * and targeting). Two kinds of histories, because the sort skips the digits every key shares:
 * whole-day units (few distinct values per column, most digits skipped) and continuous times (every
 * row distinct, every digit sorted). Fixed seeds; one call per measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SortBenchmark {
    Histories daily;
    Histories continuous;
    int[] y;
    double[] s;

    @Setup
    public void setup() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        int n = 1_000_000;
        double[][] d = new double[3][n];
        double[][] c = new double[3][n];
        for (int i = 0; i < n; i++) {
            double age = 1 + rng.nextInt(365);
            double recency = rng.nextInt((int) age + 1);
            d[0][i] = recency == 0 ? 0 : 1 + rng.nextInt(20);
            d[1][i] = recency;
            d[2][i] = age;
            double cAge = 52 * rng.nextDouble();
            double cRecency = cAge * rng.nextDouble();
            c[0][i] = rng.nextInt(30) + 1;
            c[1][i] = cRecency;
            c[2][i] = cAge;
        }
        daily = Histories.of(d[0], d[1], d[2]);
        continuous = Histories.of(c[0], c[1], c[2]);
        int m = 10_000_000;
        y = new int[m];
        s = new double[m];
        for (int i = 0; i < m; i++) {
            y[i] = rng.nextDouble() < 0.2 ? 1 : 0;
            s[i] = Math.rint((0.6 * rng.nextDouble() + 0.4 * y[i] * rng.nextDouble()) * 1e6) / 1e6;
        }
    }

    @Benchmark
    public Histories compressDaily() {
        return CompressedHistories.compress(daily);
    }

    @Benchmark
    public Histories compressContinuous() {
        return CompressedHistories.compress(continuous);
    }

    @Benchmark
    public double rankLift() {
        return Lift.at(y, s, 0.1);
    }
}
