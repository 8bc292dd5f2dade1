package org.churnkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code churnkit labels}: labels you can trust; its subcommands do the work. */
@Command(
        name = "labels",
        mixinStandardHelpOptions = true,
        header = "Combine noisy labelling rules into probabilistic labels.",
        usageHelpAutoWidth = true,
        description = {
            "Labels you can trust, for the supervised side of the toolkit. 'labels combine' turns several noisy "
                + "labelling rules into one probability per row with a label model that learns each rule's "
                + "accuracy without ground truth.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit labels combine --input summary.csv --rules churn.rules \\",
            "      --output labels.csv",
            "  churnkit labels combine --help",
        },
        subcommands = {LabelsCombineCommand.class})
public final class LabelsCommand implements Runnable {

    /** Creates the command; picocli fills its options and runs it. */
    public LabelsCommand() {
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: combine");
    }
}
