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

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        var err = cmd.getErr();
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
