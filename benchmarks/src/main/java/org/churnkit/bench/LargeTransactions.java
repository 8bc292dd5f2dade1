package org.churnkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.Summarizer;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.SimulatedLogs;

/**
 * A transaction log larger than memory, for summarising on a cluster: a Parquet directory written
 * block by block, so that neither this program nor a reader ever has to hold it, and a check of a
 * sample of customers' summaries against the core's {@link Summarizer}.
 *
 * <p>The log: {@code customers} Pareto/NBD customers ({@link #MODEL}, weeks) with Gamma-Gamma
 * amounts ({@link #SPEND}), joining uniformly over the first 52 of 104 weeks from 2024-01-01, dates
 * as whole days (about 10 transactions per customer: 10M customers give about 100M rows). Customers
 * are simulated in blocks of {@code block} with {@link SimulatedLogs#simulate}; block {@code b} has
 * its own generator seeded from {@code (seed, b)}, so any block can be drawn again alone, in any
 * order, on any number of threads, and gives the same rows. Block {@code b} is the file
 * {@code part-b.parquet} with columns {@code customer_id} ({@code C} and 9 digits, numbered from 1
 * across blocks), {@code date} (timestamp) and {@code amount}; {@code _generator.properties} records
 * the parameters and the row count once every block is written (its name starts with {@code _}, so
 * Spark and Arrow ignore it).
 *
 * <p>Generate (each thread holds one block, about 1M rows, at a time; 2 threads by default):
 * <pre>{@code
 * java -Xmx1g -cp "$CP" org.churnkit.bench.LargeTransactions generate \
 *     --output /tmp/tx-100m --customers 10000000 [--block 100000] [--seed 20261205] [--threads 2]
 * }</pre>
 * Check a summaries directory written from it (e.g. by {@code SummariseJob} with
 * {@code --observation-end 2025-12-28}, the day {@code generate} prints): regenerates up to 10
 * blocks spread over the whole range and takes {@code --sample} customers spread within them,
 * summarises their rows with the
 * core (weeks, merged by day, the same observation end) and compares every column written exactly, reading
 * the summaries one part file at a time; exits 1 on any difference or missing customer.
 * <pre>{@code
 * java -Xmx1g -cp "$CP" org.churnkit.bench.LargeTransactions verify \
 *     --data /tmp/tx-100m --summaries /tmp/summaries-100m [--sample 1000]
 * }</pre>
 * {@code $CP} is {@code benchmarks/target/classes} and the runtime class path of the module (see
 * {@code ./bench-spark}, which runs both around a cluster job).
 */
public final class LargeTransactions {
    /** Transactions: about 10 per customer over the observation (first purchase included). */
    static final ParetoNbd MODEL = ParetoNbd.of(1.9, 10, 0.8, 40);
    /** Amounts: CDNOW's Gamma-Gamma estimates (Fader, Hardie and Lee 2005). */
    static final GammaGamma SPEND = GammaGamma.of(6.25, 3.74, 15.44);
    static final LocalDate START = LocalDate.of(2024, 1, 1);
    static final double WEEKS = 104;
    static final double JOIN_WEEKS = 52;
    /** Width of the customer number: up to 999,999,999 customers sort in numeric order as text. */
    static final int DIGITS = 9;
    static final String MANIFEST = "_generator.properties";

    private LargeTransactions() {}

    /**
     * {@code generate} or {@code verify}, with the options of the class documentation.
     *
     * @param args the mode and its options
     * @throws Exception on a write or read failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("a mode: generate or verify");
        }
        Map<String, String> o = options(args);
        long seed = Long.parseLong(o.getOrDefault("seed", "20261205"));
        switch (args[0]) {
            case "generate" -> generate(Path.of(required(o, "output")), Long.parseLong(required(o, "customers")),
                    Integer.parseInt(o.getOrDefault("block", "100000")), seed,
                    Integer.parseInt(o.getOrDefault("threads", "2")));
            case "verify" -> System.exit(verify(Path.of(required(o, "data")), Path.of(required(o, "summaries")),
                    Integer.parseInt(o.getOrDefault("sample", "1000"))) ? 0 : 1);
            default -> usage("an unknown mode '" + args[0] + "': generate or verify");
        }
    }

    /** The last day of the observation: the summaries' observation end. */
    static LocalDate observationEnd() {
        return SimulatedLogs.observationEnd(START, TimeUnit.WEEKS, WEEKS);
    }

    /** Seed of block {@code b}: distinct blocks get unrelated streams (the generator expands it with SplitMix64). */
    static long blockSeed(long seed, long b) {
        return seed ^ (0x9E3779B97F4A7C15L * (b + 1));
    }

    /** The rows of block {@code b}: customers {@code b * block + 1 ...}, at most {@code customers} in all. */
    static ColumnTable block(long seed, long b, int block, long customers) {
        long first = b * block;
        int n = (int) Math.min(block, customers - first);
        SimulatedLogs.Result r = SimulatedLogs.simulate(MODEL, SPEND, SimulatedLogs.Plan.of(n, WEEKS, JOIN_WEEKS),
                blockSeed(seed, b));
        return SimulatedLogs.toTable(r, START, TimeUnit.WEEKS, true, first + 1, DIGITS);
    }

    static void generate(Path out, long customers, int block, long seed, int threads) throws Exception {
        if (customers < 1 || block < 1 || threads < 1) {
            usage("positive --customers, --block and --threads");
        }
        Files.createDirectories(out);
        try (Stream<Path> s = Files.list(out)) {
            if (s.findAny().isPresent()) {
                usage("an empty or new --output directory, " + out + " has files in it");
            }
        }
        long blocks = (customers + block - 1) / block;
        AtomicLong rows = new AtomicLong();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (long b = 0; b < blocks; b++) {
                long bb = b;
                done.add(pool.submit(() -> {
                    ColumnTable t = block(seed, bb, block, customers);
                    TableIO.write(t, out.resolve(String.format(Locale.ROOT, "part-%05d.parquet", bb)));
                    rows.addAndGet(t.rowCount());
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String manifest = String.join("\n",
                "customers=" + customers, "block=" + block, "seed=" + seed, "rows=" + rows.get(),
                "observation_end=" + observationEnd(), "model=" + MODEL, "spend=" + SPEND, "");
        Files.writeString(out.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "%d rows of %d customers in %d files, %.0f s; observation end %s%n",
                rows.get(), customers, blocks, seconds, observationEnd());
    }

    static boolean verify(Path data, Path summaries, int sample) throws IOException {
        Map<String, String> m = manifest(data);
        long customers = Long.parseLong(m.get("customers"));
        int block = Integer.parseInt(m.get("block"));
        long seed = Long.parseLong(m.get("seed"));
        int k = (int) Math.min(sample, customers);
        // Up to 10 blocks spread over the whole range, the sample spread evenly within each: the
        // check reaches every region of the ids (and many Spark partitions) while regenerating a
        // tenth of the data at most.
        long blocks = (customers + block - 1) / block;
        int nb = (int) Math.min(blocks, 10);
        Map<Long, List<Long>> byBlock = new java.util.TreeMap<>();
        for (int j = 0; j < nb; j++) {
            long b = j * blocks / nb;
            long first = b * block;
            long size = Math.min(block, customers - first);
            int share = k / nb + (j < k % nb ? 1 : 0);
            for (int i = 0; i < Math.min(share, size); i++) {
                byBlock.computeIfAbsent(b, x -> new ArrayList<>()).add(first + i * size / Math.min(share, size));
            }
        }
        Map<String, double[]> expected = new HashMap<>();
        SummaryOptions options = SummaryOptions.defaults().withObservationEnd(PeriodEnd.of(observationEnd()));
        for (Map.Entry<Long, List<Long>> e : byBlock.entrySet()) {
            ColumnTable t = block(seed, e.getKey(), block, customers);
            java.util.Set<String> want = new java.util.HashSet<>();
            for (long c : e.getValue()) {
                want.add(String.format(Locale.ROOT, "C%0" + DIGITS + "d", c + 1));
            }
            String[] ids = t.strings("customer_id");
            long[] dates = t.timestamps("date");
            double[] amounts = t.doubles("amount");
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                if (want.contains(ids[i])) {
                    keep.add(i);
                }
            }
            String[] ki = new String[keep.size()];
            long[] kd = new long[keep.size()];
            double[] ka = new double[keep.size()];
            for (int j = 0; j < ki.length; j++) {
                ki[j] = ids[keep.get(j)];
                kd[j] = dates[keep.get(j)];
                ka[j] = amounts[keep.get(j)];
            }
            CustomerSummaries s = Summarizer.summarize(TransactionLog.of(ki, kd, ka), options);
            for (int i = 0; i < s.size(); i++) {
                expected.put(s.id(i), new double[] {s.frequency(i), s.recency(i), s.age(i), s.monetaryValue(i), s.meanValue(i)});
            }
        }
        String[] columns = {"frequency", "recency", "T", "monetary_value", "mean_value"};
        int compared = 0;
        int differing = 0;
        long values = 0;
        List<Path> parts;
        try (Stream<Path> s = Files.list(summaries)) {
            parts = s.filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith("_") && !n.startsWith(".") && (n.endsWith(".parquet") || n.endsWith(".csv"));
            }).sorted().toList();
        }
        for (Path part : parts) {
            ColumnTable t = TableIO.read(part);
            String[] ids = t.strings("customer_id");
            double[][] cols = new double[columns.length][];
            for (int j = 0; j < columns.length; j++) {
                if (!t.has(columns[j])) {
                    // mean_value is the CLI's extended column: compared when written
                    if (j < 4) {
                        throw new IOException(part + " has no column " + columns[j]);
                    }
                    continue;
                }
                cols[j] = t.type(columns[j]) == org.churnkit.io.ColumnType.LONG
                        ? java.util.Arrays.stream(t.longs(columns[j])).asDoubleStream().toArray() : t.doubles(columns[j]);
            }
            for (int i = 0; i < ids.length; i++) {
                double[] want = expected.remove(ids[i]);
                if (want == null) {
                    continue;
                }
                compared++;
                for (int j = 0; j < columns.length; j++) {
                    if (cols[j] == null) {
                        continue;
                    }
                    values++;
                    // Exactly: Spark's summaries use the core's arithmetic and exact sums.
                    if (Double.compare(want[j], cols[j][i]) != 0) {
                        differing++;
                        System.out.printf(Locale.ROOT, "customer %s: %s is %s on the cluster, %s in the core%n",
                                ids[i], columns[j], cols[j][i], want[j]);
                    }
                }
            }
        }
        for (String id : expected.keySet()) {
            System.out.println("customer " + id + " is missing from " + summaries);
        }
        boolean ok = differing == 0 && expected.isEmpty() && compared > 0;
        System.out.printf(Locale.ROOT, "%s: %d sampled customers from %d blocks compared (%d values), %d differ, %d missing%n",
                ok ? "identical" : "DIFFERENT", compared, byBlock.size(), values, differing,
                expected.size());
        return ok;
    }

    static Map<String, String> manifest(Path data) throws IOException {
        Path file = data.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: the data was not written completely by 'generate'");
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(n -> m.put(n, p.getProperty(n)));
        return m;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                usage("options as '--name value', got '" + args[i] + "'");
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            usage("--" + name);
        }
        return v;
    }

    private static void usage(String expected) {
        throw new IllegalArgumentException("expected " + expected + "; usage:\n"
                + "  LargeTransactions generate --output DIR --customers N [--block 100000] [--seed S] [--threads 2]\n"
                + "  LargeTransactions verify --data DIR --summaries DIR [--sample 1000]");
    }
}
