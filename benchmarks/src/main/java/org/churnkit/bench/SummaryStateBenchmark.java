package org.churnkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.SummaryState;
import org.churnkit.data.SummaryStateFile;
import org.churnkit.data.TransactionLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code churnkit update} at scale: a summary state of 10M customers (18 months of history, 15M
 * transactions, ids {@code C00000001...}) takes a day of 1M new transactions (90 % from 900k
 * returning customers, 10 % from 100k new ones). Goal: at most 3 s on 2 cores.
 *
 * <ul>
 *   <li>{@link #updateInMemory}: the state in memory, the day's transactions already read (a
 *       {@link TransactionLog}): the update itself.</li>
 *   <li>{@link #read}: the state file read (checked, its id table built).</li>
 *   <li>{@link #readUpdateWrite}: the state read from its file, updated and written back to a
 *       new file (atomically, flushed to disk): what the command does besides parsing the day's
 *       CSV.</li>
 * </ul>
 *
 * <p>The state is copied (or read) before each invocation, outside the measured time, because an
 * update changes it. Run with {@code ./bench SummaryState} (8 GB heap).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class SummaryStateBenchmark {
    /** Customers in the state. */
    static final int CUSTOMERS = 10_000_000;
    /** New transactions in the batch. */
    static final int BATCH = 1_000_000;

    private SummaryState base;
    private SummaryState work;
    private TransactionLog day;
    private PeriodEnd asOf;
    private Path file;
    private Path out;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20_250_701L);
        String[] ids = new String[CUSTOMERS];
        for (int c = 0; c < CUSTOMERS; c++) {
            ids[c] = String.format("C%08d", c + 1);
        }
        long start = LocalDate.of(2024, 1, 1).toEpochDay();
        int days = 547; // to 2025-06-30
        // first purchases spread over the period, then 5M repeat purchases after them
        int rows = CUSTOMERS + CUSTOMERS / 2;
        String[] cust = new String[rows];
        long[] time = new long[rows];
        double[] amount = new double[rows];
        int[] firstDay = new int[CUSTOMERS];
        for (int c = 0; c < CUSTOMERS; c++) {
            firstDay[c] = rng.nextInt(days);
            cust[c] = ids[c];
            time[c] = (start + firstDay[c]) * 86_400L + rng.nextInt(86_400);
            amount[c] = (100 + rng.nextInt(24_901)) / 100.0;
        }
        for (int i = CUSTOMERS; i < rows; i++) {
            int c = rng.nextInt(CUSTOMERS);
            cust[i] = ids[c];
            time[i] = (start + firstDay[c] + rng.nextInt(days - firstDay[c])) * 86_400L + rng.nextInt(86_400);
            amount[i] = (100 + rng.nextInt(24_901)) / 100.0;
        }
        base = SummaryState.of(TransactionLog.of(cust, time, amount), SummaryOptions.defaults(), PeriodEnd.parse("2025-06-30"));
        cust = null;
        time = null;
        amount = null;
        String[] dc = new String[BATCH];
        long[] dt = new long[BATCH];
        double[] da = new double[BATCH];
        long next = LocalDate.of(2025, 7, 1).toEpochDay() * 86_400L;
        for (int i = 0; i < BATCH; i++) {
            dc[i] = i % 10 == 9 ? String.format("N%08d", i / 10) : ids[rng.nextInt(CUSTOMERS)];
            dt[i] = next + (long) i * 86_400L / BATCH;
            da[i] = (100 + rng.nextInt(24_901)) / 100.0;
        }
        day = TransactionLog.of(dc, dt, da);
        asOf = PeriodEnd.parse("2025-07-01");
        Path dir = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks/target/bench-data") : Path.of("target/bench-data");
        Files.createDirectories(dir);
        file = dir.resolve("state-10m.ckstate");
        out = dir.resolve("state-10m-next.ckstate");
        SummaryStateFile.write(base, file);
    }

    @Setup(Level.Invocation)
    public void fresh() {
        work = base.copy();
    }

    /** The update alone, state in memory. */
    @Benchmark
    public long updateInMemory() {
        return work.update(day, asOf, SummaryState.Late.REFUSE, false).customers();
    }

    /**
     * Read the state file alone (900 MB: 10M ids, then the columns): the id table and the id
     * strings are built while reading, so a lookup or an update can follow at once.
     */
    @Benchmark
    public int read() {
        return SummaryStateFile.read(file).idCount();
    }

    /** Read the state file, update, write the new state file. */
    @Benchmark
    public long readUpdateWrite() {
        SummaryState s = SummaryStateFile.read(file);
        long c = s.update(day, asOf, SummaryState.Late.REFUSE, false).customers();
        SummaryStateFile.write(s, out);
        return c;
    }

    /** One timed pass of each step without JMH: {@code java ... SummaryStateBenchmark}. */
    public static void main(String[] args) throws IOException {
        SummaryStateBenchmark b = new SummaryStateBenchmark();
        long t0 = System.nanoTime();
        b.setUp();
        System.out.printf("setup %.1f s, file %,d bytes%n", (System.nanoTime() - t0) / 1e9, Files.size(b.file));
        // wall-clock and this thread's CPU time: on a shared machine the CPU time is what the step costs
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < Integer.getInteger("rounds", 3); r++) {
            b.fresh();
            long a = System.nanoTime();
            long ca = mx.getCurrentThreadCpuTime();
            b.updateInMemory();
            long c = System.nanoTime();
            long cc = mx.getCurrentThreadCpuTime();
            SummaryState s = SummaryStateFile.read(b.file);
            long d = System.nanoTime();
            long cd = mx.getCurrentThreadCpuTime();
            s.update(b.day, b.asOf, SummaryState.Late.REFUSE, false);
            long e = System.nanoTime();
            long ce = mx.getCurrentThreadCpuTime();
            SummaryStateFile.write(s, b.out);
            long f = System.nanoTime();
            long cf = mx.getCurrentThreadCpuTime();
            System.out.printf("wall: update in memory %.2f s; read %.2f s, update %.2f s, write %.2f s%n",
                    (c - a) / 1e9, (d - c) / 1e9, (e - d) / 1e9, (f - e) / 1e9);
            System.out.printf("cpu:  update in memory %.2f s; read %.2f s, update %.2f s, write %.2f s%n",
                    (cc - ca) / 1e9, (cd - cc) / 1e9, (ce - cd) / 1e9, (cf - ce) / 1e9);
        }
    }
}
