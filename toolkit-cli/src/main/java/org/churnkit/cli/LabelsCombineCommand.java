package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.OutputSafety;
import org.churnkit.io.TableIO;
import org.churnkit.labels.LabelModel;
import org.churnkit.labels.LabellingFunction;
import org.churnkit.labels.RuleSet;
import org.churnkit.labels.Votes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit labels combine}: labelling rules to one probabilistic label per row. */
@Command(
        name = "combine",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Combine labelling rules into one probability per row with a label model.",
        usageHelpAutoWidth = true,
        description = {
            "Evaluate the labelling rules of --rules on every row of --input and combine their votes with a "
                + "generative label model (Dawid-Skene EM with abstains; strongly dependent rules are detected "
                + "and modelled jointly), which learns each rule's accuracy without ground truth. Prints each "
                + "rule's coverage, overlaps, conflicts and estimated accuracy, and the majority vote beside the "
                + "model; writes one row per input row.",
            "Rules file: one rule a line, 'name: condition -> class [otherwise class]'; conditions compare "
                + "columns with numbers or quoted text (==, !=, <, <=, >, >=) and combine with and, or, not and "
                + "parentheses; '#' starts a comment; 'classes: stays, churned' fixes the order of the two classes. "
                + "A rule abstains where its condition is false (unless 'otherwise') and where a column it reads "
                + "is missing.",
            "Output columns: the --id-column (when given), p_CLASS for both classes (the label model's "
                + "probabilities), label (the more probable class), confidence (its probability: a training "
                + "weight), votes (rules that voted) and majority_vote (empty on a tie or without votes).",
            ""
        },
        footer = {
            "",
            "Example rules file (churn.rules):",
            "  classes: stays, churned",
            "  one_and_done: frequency == 0 and weeks_since_last > 26 -> churned",
            "  low_alive:    p_alive < 0.2 -> churned",
            "  recent:       weeks_since_last < 10 -> stays",
            "",
            "Examples:",
            "  churnkit labels combine --input scores.csv --rules churn.rules \\",
            "      --output labels.csv --id-column customer_id",
            "  churnkit labels combine --input scores.parquet --rules churn.rules \\",
            "      --output labels.parquet --truth-column churned_holdout",
        })
public final class LabelsCombineCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public LabelsCombineCommand() {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Table the rules read (CSV, Parquet or Arrow by extension).")
    Path input;

    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "Labelling rules (UTF-8 text).")
    Path rules;

    @Mixin
    OutputOptions output;

    @Option(names = "--id-column", paramLabel = "C", description = "Column copied to the output to identify rows.")
    String idColumn;

    @Option(names = "--truth-column", paramLabel = "C",
            description = "Known labels (a class name, or 0 and 1) to check the label model and the majority vote "
                + "against; rows with an empty cell are left out of the check.")
    String truthColumn;

    @Option(names = "--independent",
            description = "Plain Dawid-Skene: model every rule alone, learning no dependencies.")
    boolean independent;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "1000",
            description = "EM iteration limit per fit (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Override
    public Integer call() {
        output.validate();
        OutputSafety.of().input("--input", input).input("--rules", rules).output("--output", output.output()).check();
        PrintWriter err = spec.commandLine().getErr();
        RuleSet rs = RuleSet.parse(rules);
        Map<String, ColumnType> wanted = new LinkedHashMap<>(rs.columnTypes());
        if (idColumn != null) {
            wanted.putIfAbsent(idColumn, ColumnType.STRING);
        }
        if (truthColumn != null) {
            wanted.putIfAbsent(truthColumn, ColumnType.STRING);
        }
        ColumnTable table;
        try {
            table = TableIO.read(input, null, wanted, false);
        } catch (BadInputException e) {
            String where = e.column() == null ? null : rs.whereUsed(e.column());
            if (where != null && e.line() <= 1) {
                throw new ChurnkitException(e.getMessage() + " (the column is used at " + where + ")", e);
            }
            throw e;
        }
        int n = table.rowCount();
        if (n == 0) {
            throw new ChurnkitException(input + ": no rows to label");
        }
        err.printf(Locale.ROOT, "labels combine: %d rules on %,d rows of %s%n", rs.ruleNames().size(), n, input);
        Votes votes = rs.votes(table);
        LabelModel.Options d = LabelModel.Options.defaults();
        LabelModel.Options o = new LabelModel.Options(maxIterations, d.tolerance(), d.smoothing(), !independent,
                d.dependenceThreshold(), d.maxGroupSize());
        LabelModel model = LabelModel.fit(votes, o);
        double[] p1 = model.probabilities(votes);
        int[] mv = votes.majorityVote();
        List<String> classes = votes.classes();

        String[] label = new String[n];
        String[] majority = new String[n];
        double[] p0 = new double[n];
        double[] confidence = new double[n];
        long[] count = new long[n];
        for (int j = 0; j < votes.rules().size(); j++) {
            for (int i = 0; i < n; i++) {
                count[i] += votes.vote(j, i) >= 0 ? 1 : 0;
            }
        }
        for (int i = 0; i < n; i++) {
            p0[i] = 1 - p1[i];
            label[i] = classes.get(p1[i] >= 0.5 ? 1 : 0);
            confidence[i] = Math.max(p1[i], p0[i]);
            majority[i] = mv[i] < 0 ? null : classes.get(mv[i]);
        }
        ColumnTable.Builder out = ColumnTable.builder();
        if (idColumn != null) {
            out.addString(idColumn, table.stringsOf(idColumn));
        }
        out.addDouble("p_" + classes.get(0), p0).addDouble("p_" + classes.get(1), p1).addString("label", label)
                .addDouble("confidence", confidence).addLong("votes", count).addString("majority_vote", majority);
        output.write(out.build());

        PrintWriter pw = spec.commandLine().getOut();
        printReport(pw, votes, model);
        printAgreement(pw, p1, mv);
        if (truthColumn != null) {
            printTruthCheck(pw, table, classes, p1, mv);
        }
        pw.flush();
        err.printf(Locale.ROOT, "labels combine: wrote %,d rows to %s%n", n, output.output());
        err.flush();
        return 0;
    }

    private void printReport(PrintWriter pw, Votes votes, LabelModel model) {
        List<String> classes = votes.classes();
        List<Votes.RuleStats> stats = votes.stats();
        int width = Math.max(4, votes.rules().stream().mapToInt(String::length).max().orElse(4));
        pw.printf(Locale.ROOT, "%-" + width + "s  %8s  %8s  %9s  %8s  %s%n", "rule", "coverage", "overlaps", "conflicts",
                "accuracy", "votes (" + classes.get(0) + " / " + classes.get(1) + ")");
        for (int j = 0; j < stats.size(); j++) {
            Votes.RuleStats s = stats.get(j);
            pw.printf(Locale.ROOT, "%-" + width + "s  %7.1f%%  %7.1f%%  %8.1f%%  %8.3f  %,d / %,d%n", s.rule(),
                    100 * s.coverage(), 100 * s.overlaps(), 100 * s.conflicts(), model.accuracy(j), s.votesFor0(),
                    s.votesFor1());
        }
        pw.printf(Locale.ROOT, "label model: Dawid-Skene EM, %s in %d iterations; P(%s) = %.3f; rows with a vote: %.1f%%%n",
                model.converged() ? "converged" : "NOT converged", model.iterations(), classes.get(1), model.prior(),
                100 * votes.coverage());
        List<List<String>> groups = model.dependentGroups();
        pw.printf(Locale.ROOT, "dependent rules modelled jointly: %s%n", groups.isEmpty() ? "none" : groups);
    }

    private static void printAgreement(PrintWriter pw, double[] p1, int[] mv) {
        long decided = 0;
        long same = 0;
        for (int i = 0; i < mv.length; i++) {
            if (mv[i] != LabellingFunction.ABSTAIN) {
                decided++;
                same += (p1[i] >= 0.5 ? 1 : 0) == mv[i] ? 1 : 0;
            }
        }
        pw.printf(Locale.ROOT, "majority vote: decides %.1f%% of the rows (no tie, at least one vote); the label model "
                + "agrees with it on %.1f%% of those%n", 100.0 * decided / mv.length,
                decided == 0 ? 100.0 : 100.0 * same / decided);
    }

    private void printTruthCheck(PrintWriter pw, ColumnTable table, List<String> classes, double[] p1, int[] mv) {
        String[] truth = table.stringsOf(truthColumn);
        long rows = 0;
        long modelRight = 0;
        long majorityRight = 0;
        long majorityDecided = 0;
        long modelRightDecided = 0;
        for (int i = 0; i < truth.length; i++) {
            String t = truth[i] == null ? "" : truth[i].strip();
            if (t.isEmpty()) {
                continue;
            }
            int y;
            if (t.equals(classes.get(1)) || t.equals("1") || t.equals("1.0")) {
                y = 1;
            } else if (t.equals(classes.get(0)) || t.equals("0") || t.equals("0.0")) {
                y = 0;
            } else {
                throw BadInputException.at(input, table.line(i), truthColumn, "expected " + classes.get(0) + ", "
                        + classes.get(1) + ", 0 or 1, found " + BadInputException.quote(truth[i]));
            }
            rows++;
            int right = (p1[i] >= 0.5 ? 1 : 0) == y ? 1 : 0;
            modelRight += right;
            if (mv[i] != LabellingFunction.ABSTAIN) {
                majorityDecided++;
                majorityRight += mv[i] == y ? 1 : 0;
                modelRightDecided += right;
            }
        }
        if (rows == 0) {
            throw new ChurnkitException(input + ": column '" + truthColumn + "' has no known labels to check against");
        }
        pw.printf(Locale.ROOT, "against %s (%,d rows): label model accuracy %.4f%n", truthColumn, rows,
                (double) modelRight / rows);
        if (majorityDecided > 0) {
            pw.printf(Locale.ROOT, "on the %,d of them the majority vote decides (no tie, at least one vote): label model "
                    + "%.4f, majority vote %.4f%n", majorityDecided, (double) modelRightDecided / majorityDecided,
                    (double) majorityRight / majorityDecided);
        }
    }
}
