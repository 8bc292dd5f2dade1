package org.churnkit;

/**
 * An error the user can act on; its message is complete on its own, and the CLI prints it as it is
 * and exits non-zero. The base of churnkit's one exception family, with a subtype per cause:
 * <ul>
 *   <li>{@link org.churnkit.io.BadInputException}: input the user must fix, with the file, line and
 *       column where the format allows (a malformed model file included);</li>
 *   <li>{@link NotComputableException}: a value that cannot be computed, naming the customer;</li>
 *   <li>{@link org.churnkit.model.NotConvergedException}: a fit that did not converge, with its
 *       fit summary and status;</li>
 *   <li>{@link org.churnkit.model.ModelMismatchException}: a model of another kind than asked for.</li>
 * </ul>
 * Other causes (a file that cannot be read or written, a request the data cannot satisfy) are thrown
 * as this class itself. An {@link IllegalArgumentException} from churnkit is a programming error: an
 * argument outside a method's documented domain, not a problem in the user's data.
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
