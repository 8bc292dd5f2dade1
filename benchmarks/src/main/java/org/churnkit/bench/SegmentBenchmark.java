package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.Segmentation;
import org.churnkit.segment.Segmenter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * k-means segmentation of 1M synthetic MBG/NBD customers on all six default features, including
 * the automatic choice of k (silhouette over k = 3..8) and 10 restarts. Target: at most 15 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SegmentBenchmark {
    @Param("1000000")
    public int customers;

    private ScoreColumns scores;
    private long seed;

    @Setup
    public void setup() {
        scores = BenchScores.generate(customers, RandomSource.XO_RO_SHI_RO_128_PP.create(2026L));
    }

    @Benchmark
    public Segmentation segmentAutoK() {
        // A new seed each run, so no run can profit from an earlier one's luck.
        return Segmenter.of().fit(scores, RandomSource.XO_RO_SHI_RO_128_PP.create(++seed));
    }
}
