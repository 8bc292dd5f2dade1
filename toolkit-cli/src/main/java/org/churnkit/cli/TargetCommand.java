package org.churnkit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.cost.Targeting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit target}: the profit-optimal retention list from a score file. */
@Command(
        name = "target",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Rank customers by the expected profit of a retention offer and choose the list that maximises",
            "expected campaign profit (optionally under a budget).",
            "  E[profit_i] = p_i*(acceptance*(V_i - incentive) - contact) - (1 - p_i)*(nonChurnerAcceptance*incentive + contact)",
            "with churn probability p_i = 1 - p_alive and value at stake V_i = clv (see --churn-column, --value-column).",
            "Writes the ranked list (every customer, 'targeted' marks the chosen ones) and prints expected profit,",
            "targeted fraction and the break-even point.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit target --scores scores.csv --output campaign.csv",
            "  churnkit target --scores scores.csv --output campaign.csv --incentive 10 --contact-cost 1 --acceptance 0.3 --budget 500",
            "  churnkit target --scores scores.csv --output campaign.csv --budget-money 2500 --value-column expected_spend",
        })
public final class TargetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "SCORES",
            description = "Score file (CSV) with columns customer_id, p_alive, ..., clv.")
    Path scores;

    @Option(names = "--output", required = true, paramLabel = "CAMPAIGN", description = "Ranked campaign list to write (CSV).")
    Path output;

    @Option(names = "--incentive", defaultValue = "10", description = "Incentive paid when the offer is accepted (default: ${DEFAULT-VALUE}).")
    double incentive;

    @Option(names = "--contact-cost", defaultValue = "1", description = "Cost of contacting one customer (default: ${DEFAULT-VALUE}).")
    double contactCost;

    @Option(names = "--acceptance", defaultValue = "0.3",
            description = "Probability that a contacted would-be churner accepts and stays (default: ${DEFAULT-VALUE}).")
    double acceptance;

    @Option(names = "--non-churner-acceptance", defaultValue = "1",
            description = "Probability that a contacted loyal customer takes the incentive anyway (default: ${DEFAULT-VALUE}).")
    double nonChurnerAcceptance;

    @Option(names = "--budget", paramLabel = "N", description = "Contact at most N customers.")
    Long budget;

    @Option(names = "--budget-money", paramLabel = "AMOUNT", description = "Spend at most AMOUNT in expected contact and incentive costs.")
    Double budgetMoney;

    @Option(names = "--id-column", defaultValue = "customer_id", description = "Customer id column (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--value-column", defaultValue = "clv", description = "Value at stake column (default: ${DEFAULT-VALUE}).")
    String valueColumn;

    @Option(names = "--churn-column",
            description = "Column holding the churn probability itself; default: 1 - p_alive.")
    String churnColumn;

    @Override
    public Integer call() {
        CostCsv in = CostCsv.read(scores);
        spec.commandLine().getErr().printf("read %d customers from %s%n", in.size(), scores);
        String[] ids = in.strings(idColumn);
        double[] p;
        if (churnColumn != null) {
            p = in.doubles(churnColumn);
        } else {
            double[] alive = in.doubles("p_alive");
            p = new double[alive.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = 1 - alive[i];
            }
        }
        String pColumn = churnColumn != null ? churnColumn : "p_alive";
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw in.error(i, pColumn, Double.toString(churnColumn != null ? p[i] : 1 - p[i]), "a probability in [0, 1]");
            }
        }
        double[] value = in.doubles(valueColumn);
        Targeting.Campaign c;
        try {
            Targeting.Offer offer = new Targeting.Offer(acceptance, incentive, contactCost, nonChurnerAcceptance);
            Targeting.Budget b = new Targeting.Budget(budget == null ? Long.MAX_VALUE : budget,
                    budgetMoney == null ? Double.POSITIVE_INFINITY : budgetMoney);
            c = Targeting.plan(p, value, offer, b);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(e.getMessage(), e);
        }
        int[] ranking = c.ranking();
        double[] profit = c.expectedProfits();
        double[] breakEven = c.breakEvenProbabilities();
        CostCsv.write(output, List.of("rank", idColumn, "churn_probability", "value_at_stake", "expected_profit",
                "cumulative_profit", "break_even_probability", "targeted"), w -> {
                    double cum = 0;
                    for (int r = 0; r < ranking.length; r++) {
                        int i = ranking[r];
                        cum += profit[i];
                        w.writeRecord(Integer.toString(r + 1), ids[i], num(p[i]), num(value[i]), num(profit[i]), num(cum),
                                Double.isInfinite(breakEven[i]) ? "never" : num(breakEven[i]), r < c.targetedCount() ? "true" : "false");
                    }
                });
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "customers:           %d%n", ranking.length);
        out.printf(Locale.ROOT, "targeted:            %d (%.4f%% of the base)%n", c.targetedCount(), 100 * c.targetedFraction());
        out.printf(Locale.ROOT, "expected profit:     %.2f%n", c.expectedProfit());
        out.printf(Locale.ROOT, "expected spend:      %.2f%n", c.expectedSpend());
        if (c.breakEvenCount() == ranking.length) {
            out.printf(Locale.ROOT, "break-even:          %d customers (100%% of the base): even contacting everyone does not lose money%n",
                    c.breakEvenCount());
        } else {
            out.printf(Locale.ROOT, "break-even:          %d customers (%.4f%% of the base); contacting more loses money overall%n",
                    c.breakEvenCount(), 100 * c.breakEvenFraction());
        }
        out.printf(Locale.ROOT, "written:             %s%n", output);
        out.flush();
        return 0;
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
