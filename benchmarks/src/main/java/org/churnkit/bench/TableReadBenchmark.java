package org.churnkit.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.FileFormat;
import org.churnkit.io.TableIO;
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
 * A 1M-customer summary CSV ({@code customer_id,frequency,recency,T,monetary_value}, numbers with
 * three decimals as {@code churnkit summarize} writes them, about 29 MB) read into a table with the
 * id as text and the four numbers as doubles: the input step of {@code churnkit fit}. Target: well
 * under 1 s on 2 cores.
 *
 * <p>The file is generated once (fixed seed) under {@code benchmarks/target/bench-data/} and
 * reused by later runs; delete it to regenerate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class TableReadBenchmark {

    /** Customers (rows) in the generated summary. */
    static final int CUSTOMERS = 1_000_000;

    private Path file;
    private Map<String, ColumnType> want;

    /**
     * Generates the file on first use and names the columns to read.
     *
     * @throws IOException when the file cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks/target/bench-data") : Path.of("target/bench-data");
        Files.createDirectories(dir);
        file = dir.resolve("summary-1m.csv");
        if (!Files.exists(file)) {
            System.err.println("generating " + file + " (once)...");
            generate(file, new SplittableRandom(15));
        }
        want = new LinkedHashMap<>();
        want.put("customer_id", ColumnType.STRING);
        for (String c : new String[] {"frequency", "recency", "T", "monetary_value"}) {
            want.put(c, ColumnType.DOUBLE);
        }
    }

    /** Reads the summary; returns the row count so nothing is optimised away. */
    @Benchmark
    public int readSummaryCsv() {
        ColumnTable t = TableIO.read(file, FileFormat.CSV, want, false);
        return t.rowCount();
    }

    /** Ids {@code c0...}, ages up to 546 days, half the customers without repeat purchases. */
    static void generate(Path target, SplittableRandom rng) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("customer_id,frequency,recency,T,monetary_value\n");
            for (int c = 0; c < CUSTOMERS; c++) {
                double age = 84 + rng.nextDouble() * 462;
                int x = rng.nextBoolean() ? 0 : rng.nextInt(1, 40);
                double rec = x == 0 ? 0 : rng.nextDouble() * age;
                double m = x == 0 ? 0 : 5 + rng.nextDouble() * 200;
                w.write(String.format(Locale.ROOT, "c%d,%d,%.3f,%.3f,%.2f%n", c, x, rec, age, m));
            }
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads the file a few times and prints each wall time (for a quick look without JMH).
     *
     * @param args ignored
     * @throws IOException when the file cannot be generated
     */
    public static void main(String[] args) throws IOException {
        TableReadBenchmark b = new TableReadBenchmark();
        b.setUp();
        for (int i = 0; i < 8; i++) {
            long t0 = System.nanoTime();
            int rows = b.readSummaryCsv();
            System.out.printf(Locale.ROOT, "%d rows in %.0f ms%n", rows, (System.nanoTime() - t0) / 1e6);
        }
    }
}
