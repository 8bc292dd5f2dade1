package org.churnkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.cost.CampaignList;
import org.churnkit.cost.CampaignSimulation;
import org.churnkit.cost.ModelUncertainty;
import org.churnkit.model.FitSummary;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ParameterDraws;
import org.churnkit.model.TransactionModel;
import org.churnkit.cost.Targeting;
import org.churnkit.cost.TargetingInput;
import org.churnkit.i18n.Messages;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.model.CustomerValue;
import org.churnkit.model.ScoreColumn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit target}: the profit-optimal retention list from a score file. */
@Command(
        name = "target",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Rank customers by the expected profit of a retention offer; choose whom to contact.",
        usageHelpAutoWidth = true,
        description = {
            "Ranks customers by the expected profit of a retention offer and chooses the list that maximises "
                + "expected campaign profit (optionally under a budget):",
            "  E[profit_i] = p_i*(acceptance*(V_i - incentive) - contact)",
            "               - (1 - p_i)*(nonChurnerAcceptance*incentive + contact)",
            "with churn probability p_i = 1 - p_alive and value at stake V_i = alive_value, the CLV the customer "
                + "would have if still active (= clv / p_alive; see --churn-column, --value-column).",
            "Writes the ranked list (every customer, 'targeted' marks the chosen ones; value_source names the "
                + "column V_i came from) and prints expected profit, targeted fraction and the break-even point.",
            "",
            "--simulate N runs the chosen campaign N times at random: who churns (probability p_i), who "
                + "accepts, what it costs and earns, with the definitions above, so the mean agrees with the "
                + "expected profit. With --model (the model file the scores came from, with its fit's covariance) "
                + "every run first draws the model's parameters from their asymptotic distribution and "
                + "recomputes p_i and V_i (V_i via DERT given alive at --discount-rate); the score file must then "
                + "hold frequency, recency and age, as churnkit score writes them. Prints the profit's mean, 5th "
                + "and 95th percentiles and the probability of a loss, beside contacting nobody and contacting as "
                + "many customers by churn probability alone. Same --seed, same numbers.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit target --scores scores.csv --output campaign.csv",
            "  churnkit target --scores scores.csv --output campaign.csv --incentive 10 \\",
            "      --contact-cost 1 --acceptance 0.3 --budget 500",
            "  churnkit target --scores scores.csv --output campaign.csv \\",
            "      --budget-money 2500 --value-column expected_spend",
            "  churnkit target --scores scores.csv --output campaign.csv \\",
            "      --simulate 1000 --seed 7",
            "  churnkit target --scores scores.csv --output campaign.csv \\",
            "      --simulate 1000 --seed 7 --model pnbd.json --discount-rate 0.15",
        })
public final class TargetCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public TargetCommand() {
    }
    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "SCORES",
            description = "Score file (CSV, Parquet or Arrow by extension) with columns customer_id, p_alive and alive_value "
                + "(or clv).")
    Path scores;

    @Option(names = "--output", required = true, paramLabel = "CAMPAIGN", description = "Ranked campaign list to write: CSV, Parquet or Arrow by extension.")
    Path output;

    @Option(names = "--incentive", paramLabel = "AMOUNT", defaultValue = "10", description = "Incentive paid when the offer is accepted (default: ${DEFAULT-VALUE}).")
    double incentive;

    @Option(names = "--contact-cost", paramLabel = "AMOUNT", defaultValue = "1", description = "Cost of contacting one customer (default: ${DEFAULT-VALUE}).")
    double contactCost;

    @Option(names = "--acceptance", paramLabel = "P", defaultValue = "0.3",
            description = "Probability that a contacted would-be churner accepts and stays (default: ${DEFAULT-VALUE}).")
    double acceptance;

    @Option(names = "--non-churner-acceptance", paramLabel = "P", defaultValue = "1",
            description = "Probability that a contacted loyal customer takes the incentive anyway (default: ${DEFAULT-VALUE}).")
    double nonChurnerAcceptance;

    @Option(names = "--budget", paramLabel = "N", description = "Contact at most N customers.")
    Long budget;

    @Option(names = "--budget-money", paramLabel = "AMOUNT", description = "Spend at most AMOUNT in expected contact and incentive costs.")
    Double budgetMoney;

    @Option(names = "--id-column", paramLabel = "C", defaultValue = "customer_id", description = "Customer id column (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--value-column", paramLabel = "COLUMN",
            description = "Column holding the value at stake V_i (money); default: alive_value, or clv / p_alive when "
                + "the scores have no alive_value column.")
    String valueColumn;

    @picocli.CommandLine.Mixin
    CurrencyOption currency;

    @Option(names = "--churn-column", paramLabel = "C",
            description = "Column holding the churn probability itself; default: 1 - p_alive.")
    String churnColumn;

    @Mixin
    LanguageOption lang;

    @Option(names = "--simulate", paramLabel = "N",
            description = "Simulate the chosen campaign N times (at least 2) and print its profit distribution.")
    Integer simulate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of --simulate; the same seed gives the same numbers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", paramLabel = "MODEL.json",
            description = "With --simulate: the transaction model the scores came from; its fit's covariance "
                + "adds parameter uncertainty.")
    Path modelFile;

    @Option(names = "--discount-rate", paramLabel = "RATE", defaultValue = "0.1",
            description = "With --model: the annual discount rate the scores' DERT used, as given to score "
                + "(default: ${DEFAULT-VALUE}).")
    double discountRate;

    /** A summary line: the label padded to 21 terminal columns, then the value. */
    private static String line(Messages m, String key, Object value) {
        return LanguageOption.pad(m.get(key), 21, true) + value;
    }

    @Override
    public Integer call() {
        OutputSafety.of().input("--scores", scores).input("--model", modelFile).output("--output", output).check();
        Messages msg = currency.applyTo(lang.messages());
        TargetingInput.Columns columns = new TargetingInput.Columns(idColumn, churnColumn, valueColumn);
        ColumnTable in = TargetingInput.readTable(scores, columns);
        var err = spec.commandLine().getErr();
        err.println(msg.get("cli.target.read", msg.count(in.rowCount()), scores));
        TargetingInput input = TargetingInput.of(in, columns);
        String valueSource = input.valueSource();
        double[] p = input.churnProbability();
        double[] value = input.valueAtStake();
        Targeting.Campaign c;
        try {
            Targeting.Offer offer = new Targeting.Offer(acceptance, incentive, contactCost, nonChurnerAcceptance);
            Targeting.Budget b = new Targeting.Budget(budget == null ? Long.MAX_VALUE : budget,
                    budgetMoney == null ? Double.POSITIVE_INFINITY : budgetMoney);
            c = Targeting.plan(p, value, offer, b);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        TableIO.writeForPeople(CampaignList.of(idColumn, input.ids(), p, value, valueSource, c), output, null);
        String valueNote = switch (valueSource) {
            case CustomerValue.ALIVE_VALUE_COLUMN -> "column alive_value (CLV if still active)";
            case CampaignList.DERIVED_FROM_CLV -> "clv / p_alive (the scores have no alive_value column)";
            default -> "column " + valueSource + " (--value-column)";
        };
        err.printf(java.util.Locale.ROOT, "target: value at stake V_i = %s%n", valueNote);
        err.flush();
        int n = c.ranking().length;
        var out = spec.commandLine().getOut();
        // The summary in the user's language; the ranked file keeps its column names.
        out.println(line(msg, "cli.target.customers", msg.count(n)));
        out.println(line(msg, "cli.target.valueAtStake", valueSource));
        out.println(line(msg, "cli.target.targeted", msg.get("cli.target.targeted.value", msg.count(c.targetedCount()),
                msg.get("format.percent", msg.decimal(100 * c.targetedFraction(), 4)))));
        out.println(line(msg, "cli.target.profit", msg.money(c.expectedProfit())));
        out.println(line(msg, "cli.target.spend", msg.money(c.expectedSpend())));
        out.println(line(msg, "cli.target.breakEven", c.breakEvenCount() == n
                ? msg.get("cli.target.breakEven.all", msg.count(c.breakEvenCount()))
                : msg.get("cli.target.breakEven.some", msg.count(c.breakEvenCount()),
                        msg.get("format.percent", msg.decimal(100 * c.breakEvenFraction(), 4)))));
        out.println(line(msg, "cli.target.written", output));
        out.flush();
        if (simulate != null) {
            simulate(in, input, p, value, c, err, out, msg);
        }
        return 0;
    }

    /** --simulate: the profit distribution of the chosen list, of the churn-ranked list and of nobody. */
    private void simulate(ColumnTable in, TargetingInput input, double[] p, double[] value, Targeting.Campaign c,
            java.io.PrintWriter err, java.io.PrintWriter out, Messages msg) {
        if (simulate < 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--simulate needs at least 2 runs, got "
                    + simulate);
        }
        Targeting.Offer offer = new Targeting.Offer(acceptance, incentive, contactCost, nonChurnerAcceptance);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        CampaignSimulation.Uncertainty uncertainty = null;
        if (modelFile == null) {
            err.println(msg.get("cli.target.sim.noModel"));
        } else {
            uncertainty = uncertainty(in, input, value, rng, err);
        }
        long work = (long) simulate * Math.max(1, 2L * c.targetedCount());
        boolean longRun = work > 50_000_000L;
        java.util.concurrent.atomic.AtomicInteger shown = new java.util.concurrent.atomic.AtomicInteger();
        int total = simulate;
        java.util.function.IntConsumer progress = !longRun ? null : done -> {
            int tenth = (int) (10L * done / total);
            int before = shown.get();
            if (tenth > before && shown.compareAndSet(before, tenth)) {
                synchronized (err) {
                    err.printf(java.util.Locale.ROOT, "target: simulated %d %% of %,d campaigns%n", 10 * tenth, total);
                    err.flush();
                }
            }
        };
        long t0 = System.nanoTime();
        CampaignSimulation s;
        try {
            s = CampaignSimulation.of(p, value, offer, c, simulate, rng, uncertainty, progress);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        if (longRun) {
            err.printf(java.util.Locale.ROOT, "target: simulated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        CampaignSimulation.Summary a = s.chosen();
        CampaignSimulation.Summary b = s.churnRanking();
        out.println();
        String how = uncertainty == null ? msg.get("cli.target.sim.uncertainty.none")
                : msg.get("cli.target.sim.uncertainty.model", s.uncertainty());
        out.println(msg.get("cli.target.sim.title", msg.count(simulate), Long.toString(seed), how));
        out.println(LanguageOption.pad(msg.get("cli.target.sim.list"), 22, true)
                + LanguageOption.pad(msg.get("cli.target.sim.contacted"), 10, false)
                + LanguageOption.pad(msg.get("cli.target.sim.expected"), 12, false)
                + LanguageOption.pad(msg.get("cli.target.sim.mean"), 12, false)
                + LanguageOption.pad(msg.get("cli.target.sim.p5"), 12, false)
                + LanguageOption.pad(msg.get("cli.target.sim.p95"), 12, false)
                + LanguageOption.pad(msg.get("cli.target.sim.loss"), 10, false));
        out.println(row(msg.get("cli.target.sim.chosen"), a, msg));
        out.println(row(msg.get("cli.target.sim.byChurn"), b, msg));
        out.println(row(msg.get("cli.target.sim.nobody"), new CampaignSimulation.Summary(0, 0, 0, 0, 0, 0, 0), msg));
        out.println(msg.get("cli.target.sim.summary", msg.money(a.mean()), msg.count(simulate),
                msg.money(2 * a.standardError()), msg.money(a.p5()), msg.money(a.p95()), percent(a.lossProbability())));
        out.println(msg.get("cli.target.sim.comparison", msg.count(a.contacted()), msg.money(b.mean()),
                percent(s.probabilityBeatsChurnRanking())));
        out.flush();
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * share);
    }

    /** A row of the simulation table: the label in 22 terminal columns (Korean letters are two wide), then the figures. */
    private static String row(String label, CampaignSimulation.Summary x, Messages msg) {
        return LanguageOption.pad(label, 22, true) + String.format(java.util.Locale.ROOT, "%10s%12s%12s%12s%12s%10s",
                msg.count(x.contacted()), msg.money(x.expected()), msg.money(x.mean()), msg.money(x.p5()),
                msg.money(x.p95()), percent(x.lossProbability()));
    }

    /**
     * Parameter draws from the model file's fit covariance (asymptotic normal of the
     * log-parameters), applied to the histories in the score file.
     */
    private CampaignSimulation.Uncertainty uncertainty(ColumnTable in, TargetingInput input, double[] value,
            UniformRandomProvider rng, java.io.PrintWriter err) {
        if (churnColumn != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--model cannot be combined with "
                    + "--churn-column: the churn probabilities must be the model's 1 - p_alive");
        }
        TransactionModel model = ModelFiles.read(modelFile, TransactionModel.class);
        double[] theta = model.parameterArray();
        int k = theta.length;
        double[] cov = model.fit().map(FitSummary::covariance).orElse(null);
        if (cov == null || cov.length != k * k) {
            throw new ChurnkitException(modelFile + " has no covariance matrix (a hand-written model, or a fit whose "
                    + "Hessian was not negative definite): parameter uncertainty cannot be drawn; refit it with "
                    + "churnkit fit, or drop --model to simulate who churns and accepts only");
        }
        double[][] logCov = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                // delta method backwards: cov(log a, log b) = cov(a, b) / (a b)
                logCov[i][j] = cov[i * k + j] / (theta[i] * theta[j]);
            }
        }
        for (String col : new String[] {ScoreColumn.FREQUENCY.column(), ScoreColumn.RECENCY.column(),
            ScoreColumn.AGE.column()}) {
            if (!in.has(col)) {
                throw new ChurnkitException(scores + " has no " + col + " column, which --model needs to recompute "
                        + "each customer's P(alive) under drawn parameters (churnkit score writes frequency, recency "
                        + "and age)");
            }
        }
        double delta = Double.NaN;
        String source = input.valueSource();
        boolean aliveValue = CustomerValue.ALIVE_VALUE_COLUMN.equals(source) || CampaignList.DERIVED_FROM_CLV.equals(source);
        org.churnkit.data.TimeUnit unit = model.fit().map(FitSummary::timeUnit).orElse(null);
        if (!aliveValue) {
            err.println("target: the value at stake comes from " + source + ", not from the model: values are kept "
                    + "fixed in the simulation, only P(alive) is redrawn");
        } else if (unit == null) {
            err.println("target: " + modelFile + " does not record its time unit, so the annual --discount-rate "
                    + "cannot be converted: values are kept fixed, only P(alive) is redrawn");
        } else {
            delta = unit.continuousRateFromAnnual(discountRate);
        }
        ParameterDraws draws;
        try {
            draws = ParameterDraws.asymptotic(theta, logCov, simulate, rng);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(modelFile + ": " + e.getMessage(), e);
        }
        return ModelUncertainty.of(model.kind(), draws, in.finiteDoubles(ScoreColumn.FREQUENCY.column()),
                in.finiteDoubles(ScoreColumn.RECENCY.column()), in.finiteDoubles(ScoreColumn.AGE.column()), value, delta);
    }
}
