package org.churnkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.report.CustomerReport;
import org.churnkit.model.Tracking;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The HTML report over 1M customers, written to a file: from a segmentation in memory, and from
 * one segment name per customer (the path of {@code churnkit report --segments}). Target: at most
 * 5 s and under 2 MB; the teardown fails the run when a report reaches 2 MB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReportBenchmark {
    @Param("1000000")
    public int customers;

    private ScoreColumns scores;
    private Segmentation segmentation;
    private String[] labels;
    private Tracking tracking;
    private Path dir;

    @Setup
    public void setup() throws IOException {
        scores = BenchScores.generate(customers, RandomSource.XO_RO_SHI_RO_128_PP.create(2026L));
        segmentation = Segmenter.of().fit(scores, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        labels = new String[customers];
        for (int i = 0; i < customers; i++) {
            labels[i] = segmentation.nameOf(i);
        }
        double[] period = new double[78];
        double[] actual = new double[78];
        double[] predicted = new double[78];
        for (int i = 0; i < 78; i++) {
            period[i] = i + 1;
            predicted[i] = 1000 + 5 * i;
            actual[i] = predicted[i] * (1 + 0.05 * Math.sin(i));
        }
        tracking = Tracking.of(period, actual, predicted, 39);
        dir = Files.createTempDirectory("churnkit-report-bench");
    }

    @Benchmark
    public Path fromSegmentation() {
        Path out = dir.resolve("from-segmentation.html");
        CustomerReport.builder(scores).segmentation(segmentation).tracking(tracking).build().write(out);
        return out;
    }

    @Benchmark
    public Path fromLabels() {
        Path out = dir.resolve("from-labels.html");
        CustomerReport.builder(scores).segmentLabels(labels).tracking(tracking).build().write(out);
        return out;
    }

    @TearDown
    public void checkSize() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                long size = Files.size(p);
                System.err.println("report " + p.getFileName() + ": " + size + " bytes");
                if (size >= 2_000_000) {
                    throw new IllegalStateException(p + " is " + size + " bytes; the limit is 2 MB");
                }
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
