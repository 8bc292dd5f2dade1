package org.churnkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code churnkit labels}: labels you can trust; its subcommands do the work. */
@Command(
        name = "labels",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Audit the labels of a table, or build labels from noisy rules.",
        usageHelpAutoWidth = true,
        description = {
            "Labels set by people or rules are often wrong. 'labels audit' finds the rows whose label "
                + "disagrees confidently with an out-of-sample prediction and ranks them for review. "
                + "'labels combine' turns several noisy labelling rules into one probability per row "
                + "with a label model that learns each rule's accuracy without ground truth.",
            ""
        },
        subcommands = {LabelsAuditCommand.class, LabelsCombineCommand.class},
        footer = {
            "",
            "Examples:",
            "  churnkit labels audit --input churn.csv --label-column churned \\",
            "      --output flags.csv",
            "  churnkit labels combine --input summary.csv --rules churn.rules \\",
            "      --output labels.csv",
            "  churnkit labels audit --help",
        })
public final class LabelsCommand implements Runnable {

    /** Creates the command; picocli fills its options and runs it. */
    public LabelsCommand() {
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: audit or combine");
    }
}
