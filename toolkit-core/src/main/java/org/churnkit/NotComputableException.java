package org.churnkit;

/**
 * A value that cannot be computed for the data given: a likelihood, a prediction or a score that
 * is not finite, or whose series or integral did not converge, for one customer. The message names
 * the customer (its id, or its row, and its history) and the value, so the user can look at that
 * customer's record; {@link #customer()} gives the same description on its own.
 */
public class NotComputableException extends ChurnkitException {
    private static final long serialVersionUID = 1L;

    /** The customer described, or {@code null}. */
    private final String customer;

    /**
     * A value that cannot be computed for one customer.
     *
     * @param customer the customer, as its id or row and history describe it (e.g. {@code customer
     *     'c7' (x=2.0, t_x=30.0, T=38.0)}), or {@code null} when the value concerns no one customer
     * @param message what could not be computed and why, naming the customer
     */
    public NotComputableException(String customer, String message) {
        super(message);
        this.customer = customer;
    }

    /**
     * The same, with the exception that revealed the problem.
     *
     * @param customer the customer, or {@code null} when the value concerns no one customer
     * @param message what could not be computed and why, naming the customer
     * @param cause the underlying exception
     */
    public NotComputableException(String customer, String message, Throwable cause) {
        super(message, cause);
        this.customer = customer;
    }

    /**
     * The customer whose value could not be computed, as the message describes it.
     *
     * @return the description, or {@code null} when the value concerns no one customer
     */
    public String customer() {
        return customer;
    }
}
