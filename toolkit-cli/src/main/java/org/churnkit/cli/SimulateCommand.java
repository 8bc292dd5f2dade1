package org.churnkit.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.model.FittedModel;
import org.churnkit.model.LikelihoodFunction;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ModelRegistry;
import org.churnkit.model.SimulatedLog;
import org.churnkit.model.SimulatedLogs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit simulate}: a transaction log from a model with known parameters. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        header = "Simulate a transaction log (customer_id, date[, amount]) from known model parameters.",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Draws customers from pareto-nbd, bg-nbd, mbg-nbd or bg-bb with the given parameters (and, with --spend, "
                + "Gamma-Gamma transaction values) and writes the log that 'summarize' and 'fit --log' read back. "
                + "The same seed and options give a byte-identical file.",
            "The observation runs --periods time units from --start; first purchases are spread uniformly over the "
                + "first --join-periods units (bg-bb: one opportunity per unit). Dates are whole days unless "
                + "--resolution second.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit simulate --model pareto-nbd \\",
            "      --parameters r=0.55,alpha=10.6,s=0.61,beta=11.7 \\",
            "      --customers 5000 --seed 42 --output log.csv",
            "  churnkit simulate --model-file pnbd.json --spend-model gg.json \\",
            "      --customers 100000 --seed 7 --time-unit week --start 2024-01-01 \\",
            "      --periods 78 --join-periods 12 -o log.parquet",
            "  churnkit simulate -m bg-nbd --parameters r=0.24,alpha=4.41,a=0.79,b=2.43 \\",
            "      --spend p=6.25,q=3.74,gamma=15.44 -n 2000 --seed 1 -o bgnbd_log.csv",
            "  churnkit simulate -m bg-bb \\",
            "      --parameters alpha=1.2,beta=0.75,gamma=0.66,delta=2.78 \\",
            "      --time-unit month --periods 6 --join-periods 0 -n 11104 --seed 3 \\",
            "      -o donations.csv",
        })
public final class SimulateCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public SimulateCommand() {
    }

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", converter = FitCommand.KindConverter.class,
            description = "pareto-nbd, bg-nbd, mbg-nbd or bg-bb (with --parameters).")
    ModelKind kind;

    @Option(names = "--parameters", paramLabel = "NAME=VALUE,...", split = ",",
            description = "Model parameters by the papers' names, comma-separated (see the examples).")
    Map<String, Double> parameters;

    @Option(names = "--model-file", paramLabel = "MODEL.json",
            description = "Take the model and its parameters from a model file instead.")
    Path modelFile;

    @Option(names = "--spend", paramLabel = "p=..,q=..,gamma=..", split = ",",
            description = "Gamma-Gamma spend parameters: adds an amount column.")
    Map<String, Double> spend;

    @Option(names = "--spend-model", paramLabel = "GG.json", description = "Gamma-Gamma model file for the amounts.")
    Path spendFile;

    @Option(names = {"-n", "--customers"}, required = true, paramLabel = "N", description = "Number of customers.")
    int customers;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Random seed.")
    long seed;

    @Option(names = {"-u", "--time-unit"}, paramLabel = "UNIT", defaultValue = "week", converter = Converters.Unit.class,
            description = "Unit the parameters are in: hour, day, week, month (default: ${DEFAULT-VALUE}).")
    TimeUnit unit;

    @Option(names = "--start", paramLabel = "DATE", defaultValue = "2024-01-01", converter = Converters.Day.class,
            description = "First day of observation (default: ${DEFAULT-VALUE}).")
    LocalDate start;

    @Option(names = "--periods", paramLabel = "P", defaultValue = "52",
            description = "Length of observation in time units (default: ${DEFAULT-VALUE}).")
    double periods;

    @Option(names = "--join-periods", paramLabel = "J",
            description = "First purchases spread uniformly over the first J units (default: a quarter of --periods).")
    Double joinPeriods;

    @Option(names = "--resolution", paramLabel = "RES", defaultValue = "day",
            description = "Date resolution: day (dates) or second (date-times) (default: ${DEFAULT-VALUE}).")
    String resolution;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        output.validate();
        OutputSafety.of().input("--model-file", modelFile).input("--spend-model", spendFile)
                .output("--output", output.output()).check();
        FittedModel model = model();
        GammaGamma gg = spendModel();
        boolean wholeDays;
        switch (resolution.toLowerCase(Locale.ROOT)) {
            case "day" -> wholeDays = true;
            case "second" -> wholeDays = false;
            default -> throw new ChurnkitException("--resolution must be day or second, got '" + resolution + "'");
        }
        double join = joinPeriods != null ? joinPeriods : periods / 4;
        SimulatedLogs.Plan plan;
        try {
            plan = SimulatedLogs.Plan.of(customers, periods, join);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        var err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "simulate: %,d %s customers, seed %d, %s from %s over %s %ss...%n", customers,
                model.kind().id(), seed, model.parameters(), start, ColumnFormatNumber.of(periods), unit.label());
        err.flush();
        SimulatedLogs.Result r = SimulatedLogs.simulate(model, gg, plan, seed);
        ColumnTable table = SimulatedLogs.toTable(r, start, unit, wholeDays);
        output.write(table);
        SimulatedLog log = r.log();
        err.printf(Locale.ROOT, "simulate: wrote %,d transactions of %,d customers to %s (observation end %s)%n",
                log.transactions(), log.customers(), output.output(), SimulatedLogs.observationEnd(start, unit, periods));
        err.flush();
        return 0;
    }

    private FittedModel model() {
        if ((modelFile == null) == (parameters == null)) {
            throw new ChurnkitException("give either --model with --parameters, or --model-file (exactly one)");
        }
        FittedModel m;
        if (modelFile != null) {
            m = ModelFiles.read(modelFile);
            if (kind != null && kind != m.kind()) {
                throw new ChurnkitException("--model " + kind.id() + " but " + modelFile + " holds a " + m.kind().id() + " model");
            }
            if (parameters == null && m.fit().isPresent() && m.fit().get().timeUnit() != null
                    && spec.commandLine().getParseResult().hasMatchedOption("--time-unit")
                    && m.fit().get().timeUnit() != unit) {
                throw new ChurnkitException(modelFile + " was fitted in " + m.fit().get().timeUnit().label() + "s, not "
                        + unit.label() + "s");
            }
        } else {
            if (kind == null) {
                throw new ChurnkitException("--parameters needs --model (pareto-nbd, bg-nbd, mbg-nbd or bg-bb)");
            }
            m = fromParameters(ModelRegistry.likelihood(kind), parameters, "--parameters");
        }
        if (m.kind().isSpendModel()) {
            throw new ChurnkitException("gamma-gamma models spend, not transactions: give it with --spend or --spend-model, "
                    + "and a transaction model with --model");
        }
        return m;
    }

    private GammaGamma spendModel() {
        if (spend != null && spendFile != null) {
            throw new ChurnkitException("give --spend or --spend-model, not both");
        }
        if (spend != null) {
            return fromParameters(ModelRegistry.likelihood(GammaGamma.class), spend, "--spend");
        }
        return spendFile != null ? ModelFiles.read(spendFile, GammaGamma.class) : null;
    }

    private static <M extends FittedModel> M fromParameters(LikelihoodFunction<M> likelihood, Map<String, Double> given,
                                                            String option) {
        ModelKind kind = likelihood.kind();
        try {
            double[] p = kind.parameters(given);
            String outside = ModelRegistry.outsideDomain(kind, p);
            if (outside != null) {
                throw new IllegalArgumentException(outside + "; a fit that runs there is not identified by the data");
            }
            return likelihood.create(p, null);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(option + ": " + e.getMessage(), e);
        }
    }

    /** Numbers in messages without a needless ".0". */
    static final class ColumnFormatNumber {
        private ColumnFormatNumber() {}

        static String of(double v) {
            return ColumnTable.formatDouble(v);
        }
    }
}
