package org.churnkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.cost.CampaignList;
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

    /** A summary line: the label padded to 21 terminal columns, then the value. */
    private static String line(Messages m, String key, Object value) {
        return LanguageOption.pad(m.get(key), 21, true) + value;
    }

    @Override
    public Integer call() {
        OutputSafety.of().input("--scores", scores).output("--output", output).check();
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
        return 0;
    }
}
