package org.churnkit.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.pipeline.DemoPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit demo}: the whole pipeline on the bundled, a given or a simulated log ({@link DemoPipeline}). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run churnkit end to end on the bundled sample data (or your own log, or a simulated one).", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Reads the bundled sample log (datasets/retail-weekly.csv: 5,000 simulated retail customers over 104 "
                + "weeks), your own log with --input, or simulates one with --simulate (Pareto/NBD purchasing and "
                + "Gamma-Gamma spend at the published CDNOW parameters). Then it runs the whole pipeline: summarise and "
                + "split at half the span, fit Pareto/NBD, BG/NBD and Gamma-Gamma, score P(alive) and CLV, segment, "
                + "target a retention campaign, check the models against the holdout weeks beside the everyone-stays "
                + "baseline, and write the HTML report.",
            "Progress goes to stderr; at the end it prints where every output is and the numbers that matter.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit demo",
            "  churnkit demo --output-dir /tmp/churnkit-demo",
            "  churnkit demo --input my-transactions.csv",
            "  churnkit demo --input CDNOW_master.txt --amount-column dollar_value \\",
            "      --zero-amounts count",
            "  churnkit demo --simulate --customers 10000 --seed 7",
        })
public final class DemoCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public DemoCommand() {
    }

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "churnkit-output",
            description = "Directory for the outputs (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--input", paramLabel = "LOG",
            description = {"Transaction log (customer_id, date, amount) to run on. Default: the bundled "
                    + DemoCommand.BUNDLED + " when it is there (run from the repository root), else a simulated log.",
                    "The observation runs from its first to its last transaction's day; the first half is the "
                        + "calibration period, the second the holdout. Columns as for summarize (--customer-column, ...)."})
    Path input;

    // the log's layout as summarize and the other log commands read it; applies with --input
    @picocli.CommandLine.Mixin
    LogReadOptions layout;

    @picocli.CommandLine.Mixin
    AmountRuleOptions amountRules;

    @Option(names = "--simulate", description = "Simulate a customer base instead of reading a log.")
    boolean simulate;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "5000",
            description = "Number of simulated customers with --simulate, at least 100 (default: ${DEFAULT-VALUE}).")
    int customers;

    /** The bundled sample log, relative to the repository root (where ./churnkit runs). */
    static final String BUNDLED = "datasets/retail-weekly.csv";

    /**
     * The bundled sample log: in the checkout the launcher names ({@code CHURNKIT_HOME}), else in
     * the working directory; {@code null} when neither has it (the demo then simulates, and says so).
     */
    static Path bundledLog() {
        String home = System.getenv("CHURNKIT_HOME");
        for (Path p : home == null || home.isBlank() ? java.util.List.of(Path.of(BUNDLED))
                : java.util.List.of(Path.of(home, BUNDLED), Path.of(BUNDLED))) {
            if (java.nio.file.Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "20240101",
            description = "Random seed: the same seed gives the same outputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin
    CurrencyOption currency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        currency.money(); // a bad --currency fails before the pipeline runs
        DemoPipeline pipeline;
        try {
            Path log = input;
            if (log == null && !simulate) {
                log = bundledLog();
            }
            if (log != null && simulate) {
                throw new ChurnkitException("give either --input or --simulate, not both");
            }
            OutputSafety.of().input("--input", log).outputDirectory("--output-dir", outputDir, DemoPipeline.FILES).check();
            if (log != null) {
                org.churnkit.data.SummaryOptions rules = amountRules.applyTo(org.churnkit.data.SummaryOptions.defaults());
                if (!layout.encoding().equals(java.nio.charset.StandardCharsets.UTF_8)) {
                    // the pipeline reads its log as UTF-8: say so rather than read the bytes wrongly
                    throw new ChurnkitException("demo reads UTF-8 logs; convert " + log + " to UTF-8, or run summarize, "
                            + "fit and score with --encoding " + layout.encoding().name());
                }
                pipeline = DemoPipeline.ofLog(outputDir, log, layout.readOptions(), rules, seed);
            } else {
                pipeline = DemoPipeline.of(outputDir, customers, seed);
            }
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("--customers: " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        DemoPipeline.Result r = pipeline.run(line -> {
            err.printf(Locale.ROOT, "demo [%5.1f s]: %s%n", (System.nanoTime() - t0) / 1e9, line);
            err.flush();
        });
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "churnkit demo: %,d customers, %,d transactions (%.1f s)%n%n", r.customers(),
                r.transactions(), (System.nanoTime() - t0) / 1e9);
        for (Map.Entry<String, Path> e : r.outputs().entrySet()) {
            out.printf(Locale.ROOT, "  %-24s %s%n", e.getKey() + ":", e.getValue());
        }
        if (!r.exclusions().isEmpty()) {
            out.println();
            out.println("Excluded or treated by a rule:");
            for (String line : r.exclusions().lines()) {
                out.println("  " + line);
            }
        }
        out.println();
        out.println("Holdout check (repeat transactions in weeks " + (r.calibrationWeeks() + 1) + "-"
                + r.weeks() + "):");
        for (DemoPipeline.Holdout h : r.holdout()) {
            out.printf(Locale.ROOT, "  %-16s predicted %,9.0f   actual %,9.0f   MAE per customer %.3f%n", h.model(),
                    h.predicted(), h.actual(), h.mae());
        }
        out.println();
        out.printf(Locale.ROOT, "Customers likely alive (P(alive) >= %.1f): %,d of %,d%n", DemoPipeline.ALIVE,
                r.likelyAlive(), r.customers());
        Money money = currency.money();
        out.printf(Locale.ROOT, "Total expected CLV (%.0f %% margin, %.0f %% a year discount): %s%n",
                100 * DemoPipeline.MARGIN, 100 * DemoPipeline.DISCOUNT_RATE, money.format(r.totalClv()));
        out.printf(Locale.ROOT, "Value at risk (value if every customer were still active, minus CLV): %s%n",
                money.format(r.totalValueAtRisk()));
        out.printf(Locale.ROOT, "Expected campaign profit: %s (contacting %,d customers; value at stake = alive_value)%n",
                money.format(r.campaignProfit()), r.campaignTargeted());
        out.printf(Locale.ROOT, "%nOpen %s in a browser.%n", r.outputs().get("HTML report"));
        out.flush();
        return 0;
    }
}
