package org.churnkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code churnkit} root command. Each subcommand is one thin class that parses options,
 * delegates to {@code toolkit-core} and prints; the library itself never prints.
 */
@Command(
        name = "churnkit",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Customer-base analysis for non-contractual businesses: who is still a customer (P(alive)), "
                + "what each customer is worth (CLV), and whom a retention campaign should target.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit demo",
            "  churnkit summarize --input transactions.csv --output summary.csv \\",
            "      --time-unit week",
            "  churnkit COMMAND --help",
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            SummarizeCommand.class,
            SplitCommand.class,
            TargetCommand.class,
            ProfitCommand.class,
            SegmentCommand.class,
            ReportCommand.class,
            FitCommand.class,
            ScoreCommand.class,
            SimulateCommand.class,
            BacktestCommand.class,
        })
public final class ChurnkitCommand implements Runnable {

    /** Creates the command; picocli fills its options and runs it. */
    public ChurnkitCommand() {
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * Builds the command line with the project's shared error handling.
     *
     * @return a picocli command line for {@code churnkit} and its subcommands, enum values case-insensitive
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new ChurnkitCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // A usage error always shows the usage: picocli's default leaves it out when it can suggest a
        // near option name, so a command without required options (demo) showed only the guess.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            java.io.PrintWriter err = cmd.getErr();
            err.println(cmd.getColorScheme().errorText(ex.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            cmd.usage(err, cmd.getColorScheme());
            return cmd.getExitCodeExceptionMapper() != null ? cmd.getExitCodeExceptionMapper().getExitCode(ex)
                    : cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        // Options are checked before any command runs (a bad value is a usage error, exit 2); running
        // out of memory anywhere is reported as such, with the option that gives the JVM more.
        CommandLine.IExecutionStrategy run = parsed -> {
            OptionChecks.check(parsed);
            return new CommandLine.RunLast().execute(parsed);
        };
        cl.setExecutionStrategy(parsed -> ErrorHandler.runReportingOutOfMemory(run, parsed));
        return cl;
    }

    /**
     * Runs {@code churnkit} and exits with the command's exit code.
     *
     * @param args the command line arguments
     */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }
}
