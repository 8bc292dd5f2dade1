package org.churnkit.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.BgNbd;
import org.churnkit.model.BgNbdSimulator;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.GammaGammaSimulator;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.SimulatedLog;

/**
 * Regenerates the bundled transaction logs in {@code datasets/} from the project's own simulators,
 * byte for byte: every draw comes from one {@code XO_RO_SHI_RO_128_PP} stream per file, seeded with
 * the constants below, and the CSV is written by hand with {@link Locale#ROOT} formatting.
 *
 * <p>Each customer joins on a whole day {@code d0} drawn uniformly from the join window; their
 * observation length is {@code T = (end + 1 day - d0)} in the model's unit, and a simulated
 * transaction at time {@code t} since the first falls on day {@code d0 + floor(t * daysPerUnit)}.
 * Amounts are rounded to cents. See {@code datasets/README.md} for the columns.
 *
 * <pre>java -cp ... org.churnkit.notebooks.GenerateDatasets OUTPUT_DIR</pre>
 */
public final class GenerateDatasets {

    /** Weekly retail: Pareto/NBD with the CDNOW estimates of Fader, Hardie and Lee (2005), in weeks. */
    static final ParetoNbd RETAIL_PURCHASES = ParetoNbd.of(0.55, 10.58, 0.61, 11.67);
    /** Spend per transaction: Gamma-Gamma with the CDNOW estimates of Fader, Hardie and Lee (2005). */
    static final GammaGamma RETAIL_SPEND = GammaGamma.of(6.25, 3.74, 15.44);
    static final long RETAIL_SEED = 20_240_101L;
    static final int RETAIL_CUSTOMERS = 5000;
    static final LocalDate RETAIL_START = LocalDate.of(2024, 1, 1);
    /** 104 weeks of observation; customers join during the first 26 weeks. */
    static final LocalDate RETAIL_END = RETAIL_START.plusWeeks(104).minusDays(1);
    static final int RETAIL_JOIN_DAYS = 26 * 7;

    /** Daily app purchases: BG/NBD in days (mean rate r/alpha = 1 purchase per 16 days, mean drop-out 0.17). */
    static final BgNbd APP_PURCHASES = BgNbd.of(0.5, 8.0, 0.8, 4.0);
    /** In-app purchase values: Gamma-Gamma with a population mean of p*gamma/(q-1) = 8.00. */
    static final GammaGamma APP_SPEND = GammaGamma.of(4.0, 5.0, 8.0);
    static final long APP_SEED = 20_250_101L;
    static final int APP_PLAYERS = 3000;
    static final LocalDate APP_START = LocalDate.of(2025, 1, 1);
    /** 181 days of observation (the first half of 2025); players install during the first 60 days. */
    static final LocalDate APP_END = LocalDate.of(2025, 6, 30);
    static final int APP_JOIN_DAYS = 60;

    /** File names, in the order they are written. */
    public static final String RETAIL_FILE = "retail-weekly.csv";
    public static final String APP_FILE = "app-daily.csv";

    private GenerateDatasets() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: GenerateDatasets OUTPUT_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        writeAll(dir);
        System.err.println("wrote " + dir.resolve(RETAIL_FILE) + " and " + dir.resolve(APP_FILE));
    }

    /** Writes every bundled log into {@code dir} (created if needed). */
    public static void writeAll(Path dir) {
        write(dir.resolve(RETAIL_FILE), retail());
        write(dir.resolve(APP_FILE), app());
    }

    /** The weekly retail log's CSV text. */
    static String retail() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(RETAIL_SEED);
        int[] join = joinDays(RETAIL_CUSTOMERS, RETAIL_JOIN_DAYS, rng);
        double[] ages = ages(join, RETAIL_START, RETAIL_END, 7.0);
        SimulatedLog log = ParetoNbdSimulator.of(RETAIL_PURCHASES).simulate(ages, rng, RETAIL_SEED);
        log = GammaGammaSimulator.of(RETAIL_SPEND).addAmounts(log, rng);
        return csv(log, join, RETAIL_START, 7.0, "R%05d");
    }

    /** The daily app log's CSV text. */
    static String app() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(APP_SEED);
        int[] join = joinDays(APP_PLAYERS, APP_JOIN_DAYS, rng);
        double[] ages = ages(join, APP_START, APP_END, 1.0);
        SimulatedLog log = BgNbdSimulator.of(APP_PURCHASES).simulate(ages, rng, APP_SEED);
        log = GammaGammaSimulator.of(APP_SPEND).addAmounts(log, rng);
        return csv(log, join, APP_START, 1.0, "P%05d");
    }

    private static int[] joinDays(int n, int window, UniformRandomProvider rng) {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = rng.nextInt(window);
        }
        return d;
    }

    /** T in the model's unit: from the join day to the end of the last observed day. */
    private static double[] ages(int[] join, LocalDate start, LocalDate end, double daysPerUnit) {
        long days = end.toEpochDay() - start.toEpochDay() + 1;
        double[] t = new double[join.length];
        for (int i = 0; i < join.length; i++) {
            t[i] = (days - join[i]) / daysPerUnit;
        }
        return t;
    }

    private static String csv(SimulatedLog log, int[] join, LocalDate start, double daysPerUnit, String idFormat) {
        StringBuilder sb = new StringBuilder(log.transactions() * 32);
        sb.append("customer_id,date,amount\n");
        int[] customer = log.customer();
        double[] time = log.time();
        double[] amount = log.amount();
        for (int i = 0; i < customer.length; i++) {
            int c = customer[i];
            // floor keeps a transaction at t <= T inside the last observed day
            long day = start.toEpochDay() + join[c] + (long) Math.floor(time[i] * daysPerUnit);
            sb.append(String.format(Locale.ROOT, idFormat, c + 1)).append(',')
                    .append(LocalDate.ofEpochDay(day)).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", amount[i])).append('\n');
        }
        return sb.toString();
    }

    private static void write(Path target, String text) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(target.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
