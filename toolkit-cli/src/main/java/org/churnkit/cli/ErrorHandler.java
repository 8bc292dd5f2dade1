package org.churnkit.cli;

import org.churnkit.ChurnkitException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns library errors into one clear line on stderr and a non-zero exit code. Expected
 * failures ({@link ChurnkitException}: bad input, a fit that did not converge) print their
 * message only; anything else is a bug and prints its stack trace too.
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
        if (ex instanceof ChurnkitException) {
            err.println("churnkit " + cmd.getCommandName() + ": error: " + ex.getMessage());
            err.flush();
            return EXIT_USER_ERROR;
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
