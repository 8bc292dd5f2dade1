package org.churnkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.Summarizer;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReader;
import org.churnkit.io.TableIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 10M-row transaction log (1M customers over two years, sorted by date as exported logs
 * usually are) read from CSV, Parquet or Arrow IPC and summarised per customer in weeks: the path
 * {@code churnkit summarize} takes. Targets: 5 s from CSV, 2 s from Parquet or Arrow, within a
 * 2 GB heap ({@code BENCH_HEAP=2g ./bench Summar}).
 *
 * <p>Heap: JMH runs it with the heap {@code BENCH_HEAP} allows; {@link #main} (run with
 * {@code -Xmx1g}) also prints the live heap after a full GC with the log and its summaries held.
 *
 * <p>The files are generated once (fixed seed) under {@code benchmarks/target/bench-data/} and
 * reused by later runs; delete them to regenerate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class SummarizeBenchmark {

    /** Rows in the generated log. */
    static final int ROWS = 10_000_000;
    /** Distinct customers. */
    static final int CUSTOMERS = 1_000_000;

    @Param({"csv", "parquet", "arrow"})
    public String format;

    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks/target/bench-data") : Path.of("target/bench-data");
        Files.createDirectories(dir);
        file = dir.resolve("transactions-10m." + format);
        if (!Files.exists(file)) {
            System.err.println("generating " + file + " (once)...");
            TransactionLog log = generate(RandomSource.XO_RO_SHI_RO_128_PP.create(20_240_101L));
            TableIO.write(log.toTable(), file);
        }
    }

    /** Reads the log and summarises it; returns the customer count so nothing is optimised away. */
    @Benchmark
    public int readAndSummarize() {
        TransactionLog log = TransactionReader.read(file);
        CustomerSummaries s = Summarizer.summarize(log, SummaryOptions.defaults());
        return s.size();
    }

    /**
     * 10M rows over 2024-01-01 to 2025-12-31 in date order, customer ids {@code C0000001...} drawn
     * uniformly, amounts 1.00 to 250.00.
     */
    static TransactionLog generate(UniformRandomProvider rng) {
        String[] ids = new String[CUSTOMERS];
        for (int c = 0; c < CUSTOMERS; c++) {
            ids[c] = String.format("C%07d", c + 1);
        }
        String[] cust = new String[ROWS];
        long[] time = new long[ROWS];
        double[] amount = new double[ROWS];
        long start = java.time.LocalDate.of(2024, 1, 1).toEpochDay();
        int days = 731;
        for (int i = 0; i < ROWS; i++) {
            cust[i] = ids[rng.nextInt(CUSTOMERS)];
            time[i] = (start + (long) i * days / ROWS) * 86_400L;
            amount[i] = (100 + rng.nextInt(24_901)) / 100.0;
        }
        return TransactionLog.of(cust, time, amount);
    }

    /** Times one pass of each format without JMH, for a quick look: {@code java ... SummarizeBenchmark}. */
    public static void main(String[] args) throws IOException {
        for (String f : args.length > 0 ? args : new String[] {"csv", "parquet", "arrow"}) {
            SummarizeBenchmark b = new SummarizeBenchmark();
            b.format = f;
            b.setUp();
            var mx = ManagementFactory.getThreadMXBean();
            for (int r = 0; r < Integer.getInteger("rounds", 3); r++) {
                long t0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                TransactionLog log = TransactionReader.read(b.file);
                long t1 = System.nanoTime();
                long c1 = mx.getCurrentThreadCpuTime();
                CustomerSummaries summaries = Summarizer.summarize(log, SummaryOptions.defaults());
                int n = summaries.size();
                long t2 = System.nanoTime();
                long c2 = mx.getCurrentThreadCpuTime();
                // live heap while both the log and the summaries are still referenced
                System.gc();
                Runtime rt = Runtime.getRuntime();
                System.err.printf("%s: live heap after GC with log and summaries held: %.0f MB (%d rows, %d customers)%n",
                        f, (rt.totalMemory() - rt.freeMemory()) / 1048576.0, log.size(), summaries.size());
                // wall and this thread's CPU time: on a shared machine the second shows the work itself
                System.err.printf("%s: read %.0f ms (cpu %.0f), summarise %.0f ms (cpu %.0f), %d customers%n", f,
                        (t1 - t0) / 1e6, (c1 - c0) / 1e6, (t2 - t1) / 1e6, (c2 - c1) / 1e6, n);
            }
        }
    }
}
