package org.churnkit.cli;

import java.util.List;
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
        })
// The subcommands are added by newCommandLine: all of them, or for one run only the one it names.
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

    /** The subcommands, in the order {@code churnkit --help} lists them. */
    static final List<String> COMMANDS = List.of("help", "demo", "summarize", "split", "target", "profit", "segment",
            "report", "fit", "score", "simulate", "backtest", "update", "monitor", "labels");

    /** A new instance of a subcommand; each class is loaded only when its command is built. */
    private static Object command(String name) {
        return switch (name) {
            case "help" -> new CommandLine.HelpCommand();
            case "demo" -> new DemoCommand();
            case "summarize" -> new SummarizeCommand();
            case "split" -> new SplitCommand();
            case "target" -> new TargetCommand();
            case "profit" -> new ProfitCommand();
            case "segment" -> new SegmentCommand();
            case "report" -> new ReportCommand();
            case "fit" -> new FitCommand();
            case "score" -> new ScoreCommand();
            case "simulate" -> new SimulateCommand();
            case "backtest" -> new BacktestCommand();
            case "labels" -> new LabelsCommand();
            case "monitor" -> new MonitorCommand();
            case "update" -> new UpdateCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * Builds the command line with the project's shared error handling and every subcommand.
     *
     * @return a picocli command line for {@code churnkit} and its subcommands, enum values case-insensitive
     */
    public static CommandLine newCommandLine() {
        return newCommandLine(COMMANDS);
    }

    /**
     * The command line one run needs. picocli builds every registered command's model by reflection
     * over its options, which is most of the start-up time, so a run that names a command gets only
     * that one and {@code --version} gets none; help, and anything picocli must explain or correct,
     * gets them all (usage lists them, suggestions need them).
     *
     * @param args the run's arguments
     * @return the command line for them
     */
    static CommandLine forArguments(String[] args) {
        if (args.length > 0 && COMMANDS.contains(args[0]) && !args[0].equals("help")) {
            return newCommandLine(List.of(args[0]));
        }
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return newCommandLine(List.of());
        }
        return newCommandLine(COMMANDS);
    }

    private static CommandLine newCommandLine(List<String> commands) {
        CommandLine cl = new CommandLine(new ChurnkitCommand());
        for (String name : commands) {
            cl.addSubcommand(name, command(name));
        }
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
     * Runs {@code churnkit} and exits with the command's exit code (the jar's entry point is
     * {@link Main}, which does the same).
     *
     * @param args the command line arguments
     */
    public static void main(String[] args) {
        Main.main(args);
    }
}
