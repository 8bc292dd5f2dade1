package org.churnkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code churnkit labels}: commands about the labels of a supervised churn table. */
@Command(
        name = "labels",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Check the labels of a labelled table before a model learns from them.",
        usageHelpAutoWidth = true,
        description = {
            "Labels set by people or rules are often wrong. 'labels audit' finds the rows whose label "
                + "disagrees confidently with an out-of-sample prediction and ranks them for review.",
            ""
        },
        subcommands = {LabelsAuditCommand.class},
        footer = {
            "",
            "Examples:",
            "  churnkit labels audit --input churn.csv --label-column churned \\",
            "      --output flags.csv",
            "  churnkit labels audit --help",
        })
public final class LabelsCommand implements Runnable {

    /** Creates the command; picocli fills its options and runs it. */
    public LabelsCommand() {
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: labels audit");
    }
}
