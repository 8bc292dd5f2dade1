package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.baseline.GradientBoostedBaseline;
import org.churnkit.i18n.Messages;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.OutputSafety;
import org.churnkit.io.TableIO;
import org.churnkit.labels.AuditInput;
import org.churnkit.labels.AuditLogit;
import org.churnkit.labels.AuditTrainer;
import org.churnkit.labels.CleaningEffect;
import org.churnkit.labels.LabelAudit;
import org.churnkit.labels.OutOfSample;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit labels audit}: rows whose label disagrees confidently with an out-of-sample prediction. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Find rows whose label disagrees confidently with an out-of-sample prediction.",
        usageHelpAutoWidth = true,
        description = {
            "Predicts every row's label from its features with a model that did not see that row, then "
                + "flags the rows whose label the prediction confidently contradicts (confident learning, "
                + "Northcutt, Jiang and Chuang 2021):",
            "  t_j   = mean out-of-sample P(j) of the rows labelled j (threshold per label)",
            "  C     = rows labelled i whose P(j) >= t_j (the confident joint), calibrated to the label counts",
            "  noise = estimated share of the rows labelled i that are wrong",
            "The estimated number of wrong rows per label is flagged, those with the largest margin "
                + "P(other) - P(label) first, and ranked for review by P(label), lowest first.",
            "",
            "Out-of-sample probabilities (--method): loo, leave-one-out for the logistic model by one Newton "
                + "step from the full fit (hat-matrix diagonal; Pregibon 1981), one fit in all; loo-exact, one "
                + "warm-started refit per row (at most 5,000 rows); kfold, stratified K-fold (--folds, --seed), "
                + "the only method for --model gbt (gradient-boosted trees).",
            "",
            "With --period-column the rows of the most recent period are held out: the earlier periods are "
                + "audited on their own, the model is trained on them as they are, without the flagged rows and "
                + "with the flagged rows down-weighted (logit only), and AUC and EMPC on the most recent period "
                + "(labels as given, never cleaned) tell whether cleaning helps.",
            "",
            "Writes the flags (rank, id, row, label, suggested_label, p_label, p_suggested, threshold, margin, "
                + "method, reason), most suspicious first, and prints the noise estimates and the top flags.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit labels audit --input churn.csv --label-column churned \\",
            "      --output flags.csv",
            "  churnkit labels audit --input churn.parquet --label-column churned \\",
            "      --features frequency,recency,T,p_alive --id-column customer_id \\",
            "      --output flags.csv",
            "  churnkit labels audit --input churn.csv --label-column churned \\",
            "      --model gbt --method kfold --folds 5 --seed 7 --output flags.csv",
            "  churnkit labels audit --input churn.csv --label-column churned \\",
            "      --period-column quarter --output flags.csv",
        })
public final class LabelsAuditCommand implements Callable<Integer> {

    /** Creates the command; picocli fills its options and runs it. */
    public LabelsAuditCommand() {
    }

    /** The model whose out-of-sample predictions judge the labels. */
    enum Model {
        /** Ridge logistic regression. */
        LOGIT,
        /** Gradient-boosted trees (toolkit-learn). */
        GBT
    }

    /** How the out-of-sample probabilities are computed. */
    enum Method {
        /** Leave-one-out by one Newton step. */
        LOO,
        /** Leave-one-out by refits. */
        LOO_EXACT,
        /** Stratified K-fold. */
        KFOLD
    }

    /** Converts loo, loo-exact and kfold. */
    static final class MethodConverter implements CommandLine.ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "loo" -> Method.LOO;
                case "loo-exact" -> Method.LOO_EXACT;
                case "kfold", "k-fold" -> Method.KFOLD;
                default -> throw new CommandLine.TypeConversionException("expected loo, loo-exact or kfold, got '"
                        + value + "'");
            };
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "TABLE",
            description = "Labelled table: CSV, Parquet or Arrow/Feather by extension.")
    Path input;

    @Option(names = "--label-column", required = true, paramLabel = "C",
            description = "Label column: 1 or 0 (1.0/0.0 and true/false too).")
    String labelColumn;

    @Option(names = "--features", split = ",", paramLabel = "A,B",
            description = "Feature columns; default: every column but the label, id and period columns "
                + "that holds a finite number in every row.")
    List<String> features;

    @Option(names = "--id-column", paramLabel = "ID",
            description = "Id column copied to the flags; default: customer_id when the table has it, "
                + "else the row number.")
    String idColumn;

    @Option(names = "--period-column", paramLabel = "P",
            description = "Period of each row (numbers, or text that sorts in time order such as ISO "
                + "dates): adds the out-of-time effect of cleaning on the most recent period.")
    String periodColumn;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "logit",
            description = "logit (ridge logistic regression) or gbt (gradient-boosted trees, 100 trees of "
                + "depth 3; K-fold only) (default: ${DEFAULT-VALUE}).")
    Model model;

    @Option(names = "--method", paramLabel = "METHOD", converter = MethodConverter.class,
            description = "loo, loo-exact or kfold; default: loo for logit, kfold for gbt.")
    Method method;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5",
            description = "Folds of --method kfold, at least 2 (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the K-fold shuffle; the same seed gives the same flags "
                + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ridge", paramLabel = "LAMBDA", defaultValue = "1",
            description = "Ridge penalty of the logistic model on standardised features, > 0 "
                + "(default: ${DEFAULT-VALUE}).")
    double ridge;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Flags printed in the summary (default: ${DEFAULT-VALUE}); the file has all.")
    int top;

    @Option(names = "--clv", paramLabel = "AMOUNT", defaultValue = "200",
            description = "With --period-column: value of a retained churner for EMPC (default: ${DEFAULT-VALUE}).")
    double clv;

    @Option(names = "--incentive", paramLabel = "AMOUNT", defaultValue = "10",
            description = "With --period-column: incentive for EMPC (default: ${DEFAULT-VALUE}).")
    double incentive;

    @Option(names = "--contact-cost", paramLabel = "AMOUNT", defaultValue = "1",
            description = "With --period-column: contact cost for EMPC (default: ${DEFAULT-VALUE}).")
    double contactCost;

    @Mixin
    OutputOptions output;

    @Mixin
    LanguageOption lang;

    @Override
    public Integer call() {
        output.validate();
        OutputSafety.of().input("--input", input).output("--output", output.output()).check();
        CommandLine cl = spec.commandLine();
        Method m = method != null ? method : model == Model.GBT ? Method.KFOLD : Method.LOO;
        if (model == Model.GBT && m != Method.KFOLD) {
            throw new CommandLine.ParameterException(cl, "--model gbt has no closed-form leave-one-out: use "
                    + "--method kfold (the default for gbt)");
        }
        if (folds < 2) {
            throw new CommandLine.ParameterException(cl, "--folds must be at least 2, got " + folds);
        }
        if (!(ridge > 0)) {
            throw new CommandLine.ParameterException(cl, "--ridge must be a positive number, got " + ridge);
        }
        if (!(clv > incentive)) {
            throw new CommandLine.ParameterException(cl, "--clv must exceed --incentive (EMPC), got " + clv
                    + " and " + incentive);
        }
        PrintWriter err = cl.getErr();
        AuditInput in = AuditInput.read(input, new AuditInput.Columns(labelColumn, features, idColumn, periodColumn));
        err.printf(Locale.ROOT, "labels audit: read %,d rows from %s; features: %s%n", in.size(), input,
                String.join(", ", in.featureNames()));
        if (!in.skippedColumns().isEmpty()) {
            err.printf(Locale.ROOT, "labels audit: not used as features (a cell is not a number): %s%n",
                    String.join(", ", in.skippedColumns()));
        }
        err.flush();
        AuditLogit.Options logit = new AuditLogit.Options(ridge, 100, 1e-10);
        AuditTrainer trainer = model == Model.GBT
                ? AuditTrainer.of("gbt", false, (x, y, w) -> GradientBoostedBaseline.fit(x, y, 100, 3, 0.1)::churnProbability)
                : AuditTrainer.logit(logit);
        OutOfSample.Estimator estimator = switch (m) {
            case LOO -> OutOfSample.leaveOneOut(logit);
            case LOO_EXACT -> (x, y) -> OutOfSample.exactLeaveOneOut(x, y, logit);
            case KFOLD -> OutOfSample.kFold(trainer, folds, seed);
        };
        LabelAudit audit;
        CleaningEffect effect = null;
        try {
            audit = LabelAudit.of(in.ids(), in.labels(), estimator.estimate(in.features(), in.labels()));
            if (in.periods() != null) {
                effect = CleaningEffect.of(in.ids(), in.features(), in.labels(), in.periods(), estimator, trainer,
                        new CleaningEffect.Profit(6, 14, clv, incentive, contactCost));
            }
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException(input + ": " + e.getMessage(), e);
        }
        String idName = in.idColumn() != null ? in.idColumn() : "id";
        if (List.of("rank", "row", "label", "suggested_label", "p_label", "p_suggested", "threshold", "margin",
                "method", "reason").contains(idName)) {
            idName = "id_" + idName;
        }
        ColumnTable flags = audit.table(idName);
        TableIO.writeForPeople(flags, output.output(), output.format);
        print(cl.getOut(), in, audit, effect);
        return 0;
    }

    private void print(PrintWriter out, AuditInput in, LabelAudit a, CleaningEffect effect) {
        Messages msg = lang.messages();
        OutOfSample oos = a.outOfSample();
        String detail = oos.describe().substring(oos.method().description().length());
        out.println(msg.get("cli.labels.audit.method", msg.get("cli.labels.audit.method." + oos.method().id()) + detail));
        out.println(msg.get("cli.labels.audit.rows", msg.count(a.size()), msg.count(a.count(1)), msg.count(a.count(0))));
        out.println(msg.get("cli.labels.audit.thresholds", msg.decimal(a.threshold(1), 3), msg.decimal(a.threshold(0), 3)));
        long[][] c = a.confidentJoint();
        out.println(msg.get("cli.labels.audit.joint", msg.count(c[0][0]), msg.count(c[0][1]), msg.count(c[1][0]),
                msg.count(c[1][1])));
        out.println(msg.get("cli.labels.audit.noise", msg.percent(a.noiseRate()), msg.percent(a.noiseRate(1)),
                msg.percent(a.noiseRate(0))));
        out.println(msg.get("cli.labels.audit.flagged", msg.count(a.flags().size()), output.output()));
        int shown = Math.min(top, a.flags().size());
        if (shown > 0) {
            out.println();
            out.println(msg.get("cli.labels.audit.top", shown));
            out.println(cell(msg.get("cli.labels.audit.col.rank"), 5, false) + "  "
                    + cell(msg.get("cli.labels.audit.col.id"), 16, true) + " "
                    + cell(msg.get("cli.labels.audit.col.label"), 6, false)
                    + cell(msg.get("cli.labels.audit.col.pLabel"), 10, false)
                    + cell(msg.get("cli.labels.audit.col.suggested"), 12, false)
                    + cell(msg.get("cli.labels.audit.col.threshold"), 11, false));
            for (LabelAudit.Flag f : a.flags().subList(0, shown)) {
                String id = f.id().length() > 16 ? f.id().substring(0, 15) + "~" : f.id();
                out.println(cell(Integer.toString(f.rank()), 5, false) + "  " + cell(id, 16, true) + " "
                        + cell(Integer.toString(f.givenLabel()), 6, false)
                        + cell(msg.decimal(f.probabilityOfGiven(), 3), 10, false)
                        + cell(f.suggestedLabel() + " (" + msg.decimal(f.probabilityOfSuggested(), 2) + ")", 12, false)
                        + cell(msg.decimal(f.threshold(), 3), 11, false));
            }
        }
        if (effect != null) {
            out.println();
            out.println(msg.get("cli.labels.audit.effect", msg.count(effect.trainingAudit().flags().size()),
                    msg.count(effect.trainingAudit().size()), msg.count(effect.testRows()), in.latestPeriod()));
            out.println("  " + cell(msg.get("cli.labels.audit.col.training"), 14, true)
                    + cell(msg.get("cli.labels.audit.col.rows"), 10, false)
                    + cell(msg.get("cli.labels.audit.col.weight"), 12, false) + cell("AUC", 9, false)
                    + cell("EMPC", 11, false));
            for (CleaningEffect.Arm arm : new CleaningEffect.Arm[] {effect.asIs(), effect.removed(), effect.reweighted()}) {
                if (arm != null) {
                    out.println("  " + cell(armName(msg, arm), 14, true) + cell(msg.count(arm.trainingRows()), 10, false)
                            + cell(msg.decimal(arm.trainingWeight(), 1), 12, false) + cell(msg.decimal(arm.auc(), 4), 9, false)
                            + cell(msg.decimal(arm.empc(), 4), 11, false));
                }
            }
            if (effect.reweighted() == null) {
                out.println("  " + msg.get("cli.labels.audit.noWeights"));
            }
            CleaningEffect.Arm best = effect.bestCleaned();
            out.println("  " + msg.get(effect.helps() ? "cli.labels.audit.helps" : "cli.labels.audit.doesNotHelp",
                    armName(msg, best), signed(msg, best.empc() - effect.asIs().empc()),
                    signed(msg, best.auc() - effect.asIs().auc())));
        }
        out.flush();
    }

    /** A cell padded to {@code w} terminal columns (Hangul counts two). */
    private static String cell(String s, int w, boolean left) {
        return LanguageOption.pad(s, w, left);
    }

    private static String armName(Messages msg, CleaningEffect.Arm arm) {
        return msg.get("cli.labels.audit.arm." + arm.name().replace(' ', '-'));
    }

    private static String signed(Messages msg, double v) {
        return (v >= 0 ? "+" : "") + msg.decimal(v, 4);
    }
}
