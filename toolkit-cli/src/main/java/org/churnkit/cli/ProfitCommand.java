package org.churnkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.cost.Empc;
import org.churnkit.cost.EmpIndividual;
import org.churnkit.cost.ValueWeighted;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
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
            "Prints JSON: empc / empc_fraction (Expected Maximum Profit, Verbraken et al. 2013, acceptance ~ "
                + "Beta(alpha, beta)), mp / mp_fraction (Maximum Profit at the mean acceptance rate), auc, and with "
                + "--value-column emp_individual / emp_individual_fraction (EMP with each customer's own value).",
            "Profits are per customer of the base; fractions are the share of the base targeted.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit profit --input holdout.csv --label-column churned \\",
            "      --score-column p_churn",
            "  churnkit profit --input holdout.csv --label-column churned \\",
            "      --score-column p_churn --value-column clv",
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

    @Option(names = "--value-column", paramLabel = "V", description = "Per-customer value at stake (CLV); adds emp_individual.")
    String valueColumn;

    @Option(names = "--clv", paramLabel = "AMOUNT", defaultValue = "200", description = "Value of a retained churner for EMPC/MP (default: ${DEFAULT-VALUE}).")
    double clv;

    @Option(names = "--incentive", paramLabel = "AMOUNT", defaultValue = "10", description = "Incentive cost d (default: ${DEFAULT-VALUE}).")
    double incentive;

    @Option(names = "--contact-cost", paramLabel = "AMOUNT", defaultValue = "1", description = "Contact cost f (default: ${DEFAULT-VALUE}).")
    double contactCost;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "6", description = "Beta shape alpha of the acceptance rate (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "14", description = "Beta shape beta of the acceptance rate (default: ${DEFAULT-VALUE}).")
    double beta;

    @Override
    public Integer call() throws JsonProcessingException {
        Map<String, ColumnType> need = new LinkedHashMap<>();
        need.put(labelColumn, ColumnType.STRING);
        need.put(scoreColumn, ColumnType.DOUBLE);
        if (valueColumn != null) {
            need.put(valueColumn, ColumnType.DOUBLE);
        }
        ColumnTable in = TableIO.read(input, null, need, false);
        if (in.rowCount() == 0) {
            throw BadInputException.at(input, 0, null, "no data rows: expected a header and at least one customer");
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "read %,d customers from %s%n", in.rowCount(), input);
        int[] y = labels(in, labelColumn);
        double[] s = in.finiteDoubles(scoreColumn);
        Map<String, Object> json = new LinkedHashMap<>();
        try {
            Empc.Result r = Empc.compute(y, s, alpha, beta, clv, incentive, contactCost);
            long churners = 0;
            for (int v : y) {
                churners += v;
            }
            json.put("customers", y.length);
            json.put("churners", churners);
            json.put("empc", r.emp());
            json.put("empc_fraction", r.empFraction());
            json.put("mp", r.mp());
            json.put("mp_fraction", r.mpFraction());
            json.put("auc", ValueWeighted.auc(y, s));
            if (valueColumn != null) {
                double[] v = in.finiteDoubles(valueColumn);
                for (int i = 0; i < v.length; i++) {
                    if (Math.abs(v[i]) > org.churnkit.data.SummaryValidator.MAX_MONEY) {
                        throw BadInputException.at(input, in.line(i), valueColumn, "expected a value of at most 1e15 in "
                                + "magnitude, found " + BadInputException.quote(in.cell(valueColumn, i)));
                    }
                }
                EmpIndividual.Result e = EmpIndividual.compute(y, s, v, alpha, beta, incentive, 0, contactCost);
                json.put("emp_individual", e.emp());
                json.put("emp_individual_fraction", e.empFraction());
                json.put("mp_individual", e.mp());
                json.put("mp_individual_fraction", e.mpFraction());
            }
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(input + ": " + e.getMessage(), e);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("clv", clv);
        params.put("incentive", incentive);
        params.put("contact_cost", contactCost);
        params.put("alpha", alpha);
        params.put("beta", beta);
        json.put("parameters", params);
        for (var e : json.entrySet()) {
            // no NaN or Infinity in the JSON (it would not even be valid JSON): a metric that cannot be computed is an error
            if (e.getValue() instanceof Double d && !Double.isFinite(d)) {
                throw new ChurnkitException(input + ": the metric '" + e.getKey() + "' is " + d + ", not a finite number; "
                        + "check that the labels hold both churners and non-churners and that values are at most 1e15");
            }
        }
        var out = spec.commandLine().getOut();
        out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        out.flush();
        return 0;
    }

    /** Churn labels: 1 (churned) or 0 (stayed); "1.0"/"0.0" and "true"/"false" are accepted too. */
    private static int[] labels(ColumnTable in, String column) {
        String[] text = in.strings(column);
        int[] out = new int[text.length];
        for (int i = 0; i < out.length; i++) {
            String t = text[i] == null ? "" : text[i].strip();
            out[i] = switch (t.toLowerCase(Locale.ROOT)) {
                case "1", "1.0", "true" -> 1;
                case "0", "0.0", "false" -> 0;
                default -> throw BadInputException.at(in.source(), in.line(i), column,
                        "expected a churn label 0 or 1, found " + BadInputException.quote(t));
            };
        }
        return out;
    }
}
