package org.churnkit.model;

import org.churnkit.ChurnkitException;

/**
 * A model of another kind than the caller asked for: a model file that holds a BG/NBD model read
 * as a Pareto/NBD one, a spend model given where transactions are predicted. The message reads
 * {@code model file m.json holds a BG/NBD model; expected Pareto/NBD}.
 */
public final class ModelMismatchException extends ChurnkitException {
    private static final long serialVersionUID = 1L;

    /** The kind of model found. */
    private final ModelKind found;
    /** The model type asked for. */
    private final Class<?> expected;

    private ModelMismatchException(ModelKind found, Class<?> expected, String message) {
        super(message);
        this.found = found;
        this.expected = expected;
    }

    /**
     * Returns {@code model} as a {@code type}, or throws naming where it came from.
     *
     * @param <M> the model type asked for
     * @param model the model
     * @param type the model type asked for
     * @param where names the model's origin in the message, e.g. {@code model file m.json}
     * @return the model, as a {@code type}
     * @throws ModelMismatchException when the model is not a {@code type}
     */
    static <M extends FittedModel> M check(FittedModel model, Class<M> type, String where) {
        if (!type.isInstance(model)) {
            throw of(model.kind(), type, where);
        }
        return type.cast(model);
    }

    /**
     * The error for a model of kind {@code found} where a {@code expected} was asked for.
     *
     * @param found the kind the model is
     * @param expected the type asked for
     * @param where names the model's origin in the message
     * @return the exception
     */
    static ModelMismatchException of(ModelKind found, Class<?> expected, String where) {
        return new ModelMismatchException(found, expected, where + " holds a " + found.displayName() + " model; expected "
                + ModelKind.describe(expected));
    }

    /**
     * The same error with advice on what to do appended to the message, for a caller that knows
     * more than the reader (the command-line option the model belongs to).
     *
     * @param advice what to do instead, e.g. {@code give a gamma-gamma file as --spend-model}
     * @return a new exception, of the same kinds, its message ending in {@code ; ADVICE}
     */
    public ModelMismatchException withAdvice(String advice) {
        ModelMismatchException e = new ModelMismatchException(found, expected, getMessage() + "; " + advice);
        e.initCause(this);
        return e;
    }

    /**
     * The kind of model found.
     *
     * @return the kind
     */
    public ModelKind found() {
        return found;
    }

    /**
     * The model type asked for.
     *
     * @return the type
     */
    public Class<?> expected() {
        return expected;
    }
}
