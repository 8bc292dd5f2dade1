package org.churnkit.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.cost.Targeting;
import org.churnkit.i18n.Messages;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
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
            "with churn probability p_i = 1 - p_alive and value at stake V_i = clv (see --churn-column, "
                + "--value-column).",
            "Writes the ranked list (every customer, 'targeted' marks the chosen ones) and prints expected "
                + "profit, targeted fraction and the break-even point.",
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
            description = "Score file (CSV, Parquet or Arrow by extension) with columns customer_id, p_alive, ..., clv.")
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

    @Option(names = "--value-column", paramLabel = "C", defaultValue = "clv", description = "Value at stake column (default: ${DEFAULT-VALUE}).")
    String valueColumn;

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
        Messages msg = lang.messages();
        String pColumn = churnColumn != null ? churnColumn : "p_alive";
        Map<String, ColumnType> need = new LinkedHashMap<>();
        need.put(idColumn, ColumnType.STRING);
        need.put(pColumn, ColumnType.DOUBLE);
        need.put(valueColumn, ColumnType.DOUBLE);
        ColumnTable in = TableIO.read(scores, null, need, false);
        if (in.rowCount() == 0) {
            throw BadInputException.at(scores, 0, null, "no data rows: expected a header and at least one customer");
        }
        spec.commandLine().getErr().println(msg.get("cli.target.read", msg.count(in.rowCount()), scores));
        String[] ids = in.strings(idColumn).clone();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = org.churnkit.data.CustomerIds.normalize(ids[i], scores, in.line(i), idColumn);
        }
        double[] source = in.finiteDoubles(pColumn);
        double[] p = new double[source.length];
        for (int i = 0; i < p.length; i++) {
            if (!(source[i] >= 0 && source[i] <= 1)) {
                throw BadInputException.at(scores, in.line(i), pColumn, "expected a probability in [0, 1], found "
                        + BadInputException.quote(in.cell(pColumn, i)));
            }
            p[i] = churnColumn != null ? source[i] : 1 - source[i];
        }
        double[] value = in.finiteDoubles(valueColumn);
        for (int i = 0; i < value.length; i++) {
            if (Math.abs(value[i]) > org.churnkit.data.SummaryValidator.MAX_MONEY) {
                // sums of such values overflow to infinity in the campaign's totals
                throw BadInputException.at(scores, in.line(i), valueColumn, "expected a value of at most 1e15 in magnitude, found "
                        + BadInputException.quote(in.cell(valueColumn, i)));
            }
        }
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
        int n = ranking.length;
        long[] rank = new long[n];
        String[] rankedIds = new String[n];
        double[] rp = new double[n];
        double[] rv = new double[n];
        double[] rprofit = new double[n];
        double[] cumulative = new double[n];
        String[] rBreakEven = new String[n];
        String[] targeted = new String[n];
        double cum = 0;
        for (int r = 0; r < n; r++) {
            int i = ranking[r];
            cum += profit[i];
            rank[r] = r + 1;
            rankedIds[r] = ids[i];
            rp[r] = p[i];
            rv[r] = value[i];
            rprofit[r] = profit[i];
            cumulative[r] = cum;
            // "never" is not a number, so the column is text in every format.
            rBreakEven[r] = Double.isInfinite(breakEven[i]) ? "never" : Double.toString(breakEven[i]);
            targeted[r] = r < c.targetedCount() ? "true" : "false";
        }
        TableIO.writeForPeople(ColumnTable.builder().addLong("rank", rank).addString(idColumn, rankedIds)
                .addDouble("churn_probability", rp).addDouble("value_at_stake", rv).addDouble("expected_profit", rprofit)
                .addDouble("cumulative_profit", cumulative).addString("break_even_probability", rBreakEven)
                .addString("targeted", targeted).build(), output, null);
        var out = spec.commandLine().getOut();
        // The summary in the user's language; the ranked file keeps its column names.
        out.println(line(msg, "cli.target.customers", msg.count(ranking.length)));
        out.println(line(msg, "cli.target.targeted", msg.get("cli.target.targeted.value", msg.count(c.targetedCount()),
                msg.get("format.percent", msg.decimal(100 * c.targetedFraction(), 4)))));
        out.println(line(msg, "cli.target.profit", msg.decimal(c.expectedProfit(), 2)));
        out.println(line(msg, "cli.target.spend", msg.decimal(c.expectedSpend(), 2)));
        out.println(line(msg, "cli.target.breakEven", c.breakEvenCount() == ranking.length
                ? msg.get("cli.target.breakEven.all", msg.count(c.breakEvenCount()))
                : msg.get("cli.target.breakEven.some", msg.count(c.breakEvenCount()),
                        msg.get("format.percent", msg.decimal(100 * c.breakEvenFraction(), 4)))));
        out.println(line(msg, "cli.target.written", output));
        out.flush();
        return 0;
    }
}
