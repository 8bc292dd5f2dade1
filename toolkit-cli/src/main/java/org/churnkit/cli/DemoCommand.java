package org.churnkit.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterExponentialSampler;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.Summarizer;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReader;
import org.churnkit.io.TableIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code churnkit demo}: the whole pipeline on a generated log, in one command. For now it
 * generates, summarises and splits; later steps (fit, score, target) join as they arrive.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run churnkit end to end on a generated sample log.", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs churnkit end to end on a generated sample: writes a transaction log of simulated customers "
                + "(Pareto/NBD purchasing, gamma-distributed spend, fixed seed) as CSV, summarises it, splits it into "
                + "calibration and holdout, and says where everything is.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit demo",
            "  churnkit demo --output-dir /tmp/churnkit-demo --customers 10000 --seed 7",
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "churnkit-output",
            description = "Directory for the outputs (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "5000",
            description = "Number of simulated customers (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "20240101",
            description = "Random seed: the same seed gives the same log (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    /** Observation: 78 weeks from 2024-01-01; customers join over the first 12 weeks. */
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final LocalDate END = START.plusWeeks(78).minusDays(1);
    private static final LocalDate CALIBRATION_END = START.plusWeeks(39).minusDays(1);

    @Override
    public Integer call() {
        if (customers < 1) {
            throw new org.churnkit.ChurnkitException("--customers must be at least 1, got " + customers);
        }
        var err = spec.commandLine().getErr();
        Path log = outputDir.resolve("transactions.csv");
        Path summary = outputDir.resolve("summary.csv");
        Path split = outputDir.resolve("calibration_holdout.csv");

        err.printf("demo: simulating %,d customers (seed %d), %s to %s...%n", customers, seed, START, END);
        err.flush();
        TransactionLog generated = SampleLog.generate(customers, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        TableIO.write(generated.toTable(), log);

        // read back what was written, as a user's log would be
        TransactionLog read = TransactionReader.read(log);
        SummaryOptions options = SummaryOptions.defaults().withObservationEnd(PeriodEnd.of(END));
        CustomerSummaries s = Summarizer.summarize(read, options);
        TableIO.write(s.toTable(false), summary);
        CustomerSummaries cal = Summarizer.split(read, PeriodEnd.of(CALIBRATION_END), options);
        TableIO.write(cal.toTable(false), split);

        err.printf("demo: %,d transactions of %,d customers; %,d with repeat purchases%n",
                read.size(), read.customerCount(), countRepeaters(s));
        var out = spec.commandLine().getOut();
        out.println("Transaction log:        " + log);
        out.println("Customer summary:       " + summary + "  (frequency, recency, T in weeks, monetary_value)");
        out.println("Calibration + holdout:  " + split + "  (calibration to " + CALIBRATION_END + ", holdout to " + END + ")");
        out.flush();
        return 0;
    }

    private static int countRepeaters(CustomerSummaries s) {
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.frequency(i) > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * A small seeded generator standing in for the model simulators until they are integrated:
     * Pareto/NBD purchasing (Schmittlein, Morrison and Colombo 1987) with the CDNOW estimates of
     * Fader, Hardie and Lee (2005), r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67 (weeks), and
     * spend per transaction gamma-distributed around a gamma-distributed customer mean.
     */
    static final class SampleLog {
        private SampleLog() {}

        static TransactionLog generate(int n, UniformRandomProvider rng) {
            var lambdas = AhrensDieterMarsagliaTsangGammaSampler.of(rng, 0.55, 1 / 10.58);
            var mus = AhrensDieterMarsagliaTsangGammaSampler.of(rng, 0.61, 1 / 11.67);
            var means = AhrensDieterMarsagliaTsangGammaSampler.of(rng, 6.0, 35.0 / 6.0);
            var spread = AhrensDieterMarsagliaTsangGammaSampler.of(rng, 4.0, 0.25);
            var unitExp = AhrensDieterExponentialSampler.of(rng, 1.0);
            long startSec = START.toEpochDay() * 86_400L;
            double horizonWeeks = 78.0;
            java.util.List<String> ids = new java.util.ArrayList<>();
            java.util.List<Long> times = new java.util.ArrayList<>();
            java.util.List<Double> amounts = new java.util.ArrayList<>();
            for (int c = 0; c < n; c++) {
                String id = String.format(java.util.Locale.ROOT, "C%06d", c + 1);
                double join = rng.nextDouble() * 12.0; // weeks
                double lambda = lambdas.sample();
                double death = join + unitExp.sample() / mus.sample();
                double mean = means.sample();
                double t = join;
                while (t < horizonWeeks && t <= death) {
                    long sec = startSec + (long) (t * 7 * 86_400);
                    ids.add(id);
                    times.add(sec - Math.floorMod(sec, 60L));
                    amounts.add(Math.round(100 * mean * spread.sample()) / 100.0);
                    t += unitExp.sample() / lambda;
                }
            }
            long[] tt = new long[times.size()];
            double[] aa = new double[amounts.size()];
            for (int i = 0; i < tt.length; i++) {
                tt[i] = times.get(i);
                aa[i] = amounts.get(i);
            }
            return TransactionLog.of(ids.toArray(String[]::new), tt, aa);
        }
    }
}
