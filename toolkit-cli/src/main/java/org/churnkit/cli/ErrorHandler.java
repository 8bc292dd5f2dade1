package org.churnkit.cli;

import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;
import org.churnkit.io.BadInputException;
import org.churnkit.model.ModelMismatchException;
import org.churnkit.model.NotConvergedException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns library errors into one clear line on stderr and a non-zero exit code. Expected
 * failures ({@link ChurnkitException} and its subtypes: bad input, a value not computable for a
 * customer, a fit that did not converge, a model of the wrong kind) print their message only;
 * anything else is a bug and prints its stack trace too.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    /** Exit code for input or model errors the user can fix. */
    static final int EXIT_USER_ERROR = 1;
    /** Exit code for unexpected internal errors. */
    static final int EXIT_INTERNAL_ERROR = 70;

    /**
     * Runs the command the user asked for with {@code strategy}, turning running out of memory
     * into one line that says how much memory there was and how to give more (picocli passes
     * errors, unlike exceptions, straight through).
     */
    static int runReportingOutOfMemory(CommandLine.IExecutionStrategy strategy, ParseResult parseResult) {
        try {
            return strategy.execute(parseResult);
        } catch (OutOfMemoryError e) {
            ParseResult last = parseResult;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            CommandLine cmd = last.commandSpec().commandLine();
            cmd.getErr().println(outOfMemory(cmd.getCommandName(), Runtime.getRuntime().maxMemory()));
            cmd.getErr().flush();
            return EXIT_USER_ERROR;
        }
    }

    /** The message for running out of memory with a heap of at most {@code maxBytes}. */
    static String outOfMemory(String command, long maxBytes) {
        long mb = maxBytes / (1024 * 1024);
        long needGb = (2 * mb + 1023) / 1024; // at least twice what there was, in whole GB
        long suggestion = Math.max(2, needGb <= 1 ? 1 : Long.highestOneBit(needGb - 1) << 1);
        return "churnkit " + command + ": error: out of memory: the data did not fit in the " + mb + " MB of memory "
                + "the JVM was allowed to use (maximum heap). Give it more with -Xmx, for example "
                + "CHURNKIT_JAVA_OPTS=-Xmx" + suggestion + "g ./churnkit " + command + " ... "
                + "(or java -Xmx" + suggestion + "g -jar toolkit-cli.jar " + command + " ...), or read a smaller file";
    }

    /**
     * The exit code of each cause in churnkit's exception family. Every cause is one the user can act
     * on, so all exit with {@link #EXIT_USER_ERROR} (scripts rely on it); they are listed one by one
     * so that a new subtype is a decision here, not an accident.
     */
    static int exitCode(ChurnkitException e) {
        return switch (e) {
            case BadInputException bad -> EXIT_USER_ERROR;           // fix the file, line and column named
            case NotComputableException nc -> EXIT_USER_ERROR;       // look at the customer named
            case NotConvergedException nc -> EXIT_USER_ERROR;        // other settings or more data
            case ModelMismatchException mm -> EXIT_USER_ERROR;       // give a model file of the kind asked for
            default -> EXIT_USER_ERROR;                              // any other error the message explains
        };
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        var err = cmd.getErr();
        for (Throwable c = ex; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                err.println(outOfMemory(cmd.getCommandName(), Runtime.getRuntime().maxMemory()));
                err.flush();
                return EXIT_USER_ERROR;
            }
        }
        if (ex instanceof ChurnkitException ce) {
            err.println("churnkit " + cmd.getCommandName() + ": error: " + ex.getMessage());
            err.flush();
            return exitCode(ce);
        }
        if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
            err.println("churnkit " + cmd.getCommandName() + ": I/O error: " + ex.getMessage());
            err.flush();
            return EXIT_USER_ERROR;
        }
        err.println("churnkit " + cmd.getCommandName() + ": internal error (please report): " + ex);
        ex.printStackTrace(err);
        err.flush();
        return EXIT_INTERNAL_ERROR;
    }
}
