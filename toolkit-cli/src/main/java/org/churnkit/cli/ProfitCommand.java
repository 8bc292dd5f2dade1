package org.churnkit.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.cost.Empc;
import org.churnkit.cost.EmpIndividual;
import org.churnkit.cost.ValueWeighted;
import org.churnkit.cost.ProfitInput;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.JsonText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit profit}: judge a churn model by profit (EMPC, MP, EMP with individual values). */
@Command(
        name = "profit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Evaluate churn scores by the profit of the retention campaign they would drive.",
        usageHelpAutoWidth = true,
        description = {
            "Evaluate churn scores by the profit of the retention campaign they would drive. Prints JSON on stdout and "
                + "a short summary in words on stderr. Money is in the unit of --clv and the value column "
                + "(--currency names it); profits are per customer of the base; fractions are shares of the base "
                + "targeted. JSON numbers are plain decimals. Fields:",
            "  customers, churners: rows read and rows labelled 1 (integers).",
            "  empc: Expected Maximum Profit (Verbraken et al. 2013) per customer, every retained churner worth --clv, "
                + "acceptance rate ~ Beta(--alpha, --beta).",
            "  empc_fraction: expected share of the base to target at that optimum.",
            "  mp, mp_fraction: Maximum Profit per customer, and the share targeted, at the mean acceptance rate "
                + "alpha / (alpha + beta).",
            "  auc: area under the ROC curve of the scores (no money).",
            "  emp_individual, emp_individual_fraction (with --value-column): EMP with each customer's own value at "
                + "stake instead of one --clv (Oskarsdottir et al. 2018), and the expected share targeted.",
            "  mp_individual, mp_individual_fraction (with --value-column): Maximum Profit per customer with individual "
                + "values at the mean acceptance rate, and the share targeted there.",
            "  parameters: the clv, clv_source, incentive, contact_cost, alpha, beta and currency used.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit profit --input holdout.csv --label-column churned \\",
            "      --score-column p_churn",
            "  churnkit profit --input holdout.csv --label-column churned \\",
            "      --score-column p_churn --value-column alive_value",
            "  churnkit profit --input holdout.csv --label-column churned \\",
            "      --score-column p_churn --clv 300 --incentive 50 --contact-cost 25 \\",
            "      --alpha 10 --beta 7",
        })
public final class ProfitCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public ProfitCommand() {
    }
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "File with labels and scores (CSV, Parquet or Arrow by extension).")
    Path input;

    @Option(names = "--label-column", required = true, paramLabel = "L", description = "Churn label column: 1 churned, 0 stayed.")
    String labelColumn;

    @Option(names = "--score-column", required = true, paramLabel = "S", description = "Score column: higher = more likely to churn.")
    String scoreColumn;

    @Option(names = "--value-column", paramLabel = "V",
            description = "Per-customer value at stake, money (alive_value of 'churnkit score'); adds emp_individual "
                + "and mp_individual, and gives the default of --clv.")
    String valueColumn;

    @Option(names = "--clv", paramLabel = "AMOUNT",
            description = "Value of a retained churner for empc and mp, money. Default: the mean of --value-column; "
                + "required without it.")
    Double clv;

    @Option(names = "--incentive", paramLabel = "AMOUNT", defaultValue = "10", description = "Incentive d paid to a customer who accepts, money (default: ${DEFAULT-VALUE}).")
    double incentive;

    @Option(names = "--contact-cost", paramLabel = "AMOUNT", defaultValue = "1", description = "Contact cost f per customer contacted, money (default: ${DEFAULT-VALUE}).")
    double contactCost;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "6", description = "Beta shape alpha of the acceptance rate (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "14", description = "Beta shape beta of the acceptance rate (default: ${DEFAULT-VALUE}).")
    double beta;

    @picocli.CommandLine.Mixin
    CurrencyOption currency;

    @Override
    public Integer call() {
        Money money = currency.money();
        if (clv == null && valueColumn == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --clv AMOUNT (the value of a retained "
                    + "churner, in money) or --value-column V (each customer's value at stake; --clv is then its mean)");
        }
        ProfitInput.Columns columns = new ProfitInput.Columns(labelColumn, scoreColumn, valueColumn);
        ColumnTable in = ProfitInput.readTable(input, columns);
        var err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "profit: read %,d customers from %s%n", in.rowCount(), input);
        ProfitInput data = ProfitInput.of(in, columns);
        int[] y = data.labels();
        double[] s = data.scores();
        double[] v = data.values();
        double value = clv != null ? clv : data.meanValue();
        String clvSource = clv != null ? "--clv" : "mean of " + valueColumn;
        Map<String, Object> json = new LinkedHashMap<>();
        Empc.Result r;
        EmpIndividual.Result e = null;
        long churners = 0;
        try {
            r = Empc.compute(y, s, alpha, beta, value, incentive, contactCost);
            churners = data.churners();
            json.put("customers", (long) y.length);
            json.put("churners", churners);
            json.put("empc", r.emp());
            json.put("empc_fraction", r.empFraction());
            json.put("mp", r.mp());
            json.put("mp_fraction", r.mpFraction());
            json.put("auc", ValueWeighted.auc(y, s));
            if (v != null) {
                e = EmpIndividual.compute(y, s, v, alpha, beta, incentive, 0, contactCost);
                json.put("emp_individual", e.emp());
                json.put("emp_individual_fraction", e.empFraction());
                json.put("mp_individual", e.mp());
                json.put("mp_individual_fraction", e.mpFraction());
            }
        } catch (IllegalArgumentException ex) {
            throw new ChurnkitException(input + ": " + ex.getMessage(), ex);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("clv", value);
        params.put("clv_source", clvSource);
        params.put("incentive", incentive);
        params.put("contact_cost", contactCost);
        params.put("alpha", alpha);
        params.put("beta", beta);
        params.put("currency", money.unit().isEmpty() ? null : money.unit());
        json.put("parameters", params);
        for (var field : json.entrySet()) {
            // no NaN or Infinity in the JSON (it would not even be valid JSON): a metric that cannot be computed is an error
            if (field.getValue() instanceof Double d && !Double.isFinite(d)) {
                throw new ChurnkitException(input + ": the metric '" + field.getKey() + "' is " + d + ", not a finite number; "
                        + "check that the labels hold both churners and non-churners and that values are at most 1e15");
            }
        }
        var out = spec.commandLine().getOut();
        out.print(JsonText.write(json));
        out.flush();
        err.printf(Locale.ROOT, "profit: %,d customers, %,d churners (%.1f %%); AUC %.3f%n", y.length, churners,
                100.0 * churners / y.length, ValueWeighted.auc(y, s));
        err.printf(Locale.ROOT, "profit: a retained churner is worth %s (%s), incentive %s, contact %s, "
                + "acceptance ~ Beta(%s, %s), mean %.2f%n", money.format(value), clvSource, money.format(incentive),
                money.format(contactCost), JsonText.number(alpha), JsonText.number(beta), alpha / (alpha + beta));
        err.printf(Locale.ROOT, "profit: EMPC %s per customer, targeting %.1f %% of the base; at the mean acceptance rate "
                + "MP %s per customer, targeting %.1f %%%n", money.format(r.emp()), 100 * r.empFraction(),
                money.format(r.mp()), 100 * r.mpFraction());
        if (e != null) {
            err.printf(Locale.ROOT, "profit: with each customer's own %s: EMP %s per customer, targeting %.1f %%; "
                    + "MP %s per customer, targeting %.1f %%%n", valueColumn, money.format(e.emp()),
                    100 * e.empFraction(), money.format(e.mp()), 100 * e.mpFraction());
        }
        err.flush();
        return 0;
    }
}
