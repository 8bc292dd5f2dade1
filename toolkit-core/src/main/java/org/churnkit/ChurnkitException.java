package org.churnkit;

/**
 * An error the user can act on: bad input (with file, line and column), a value that cannot be
 * computed (with the customer), a fit that did not converge. Its message is complete on its own;
 * the CLI prints it as it is and exits non-zero.
 */
public class ChurnkitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with a complete message.
     *
     * @param message what went wrong, naming the file, line and column or the customer
     */
    public ChurnkitException(String message) {
        super(message);
    }

    /**
     * An error with a complete message and its cause.
     *
     * @param message what went wrong, naming the file, line and column or the customer
     * @param cause the underlying exception
     */
    public ChurnkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
