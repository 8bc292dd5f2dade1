package org.churnkit.model;

import org.churnkit.ChurnkitException;

/**
 * A fit whose optimiser did not converge, thrown by {@link ModelFitter#fitOrThrow} (use
 * {@link ModelFitter#fit} to get such a fit back instead). The message names the model, the
 * optimiser's reason, the last estimates and the log-likelihood; {@link #summary()} holds the
 * whole fit summary, its {@link FitSummary#status() status} included.
 */
public final class NotConvergedException extends ChurnkitException {
    private static final long serialVersionUID = 1L;

    /** The model family fitted. */
    private final ModelKind kind;
    /** The fit's summary (not serialised). */
    private final transient FitSummary summary;

    /**
     * A fit that did not converge.
     *
     * @param kind the model family that was fitted
     * @param summary the fit summary of the last estimates
     * @param message what did not converge and why
     */
    public NotConvergedException(ModelKind kind, FitSummary summary, String message) {
        super(message);
        this.kind = kind;
        this.summary = summary;
    }

    /**
     * The model family that was fitted.
     *
     * @return the kind
     */
    public ModelKind kind() {
        return kind;
    }

    /**
     * The fit's status ({@link FitStatus#NOT_CONVERGED} from the fitter).
     *
     * @return the status
     */
    public FitStatus status() {
        return summary.status();
    }

    /**
     * The summary of the fit that did not converge: its last log-likelihood, iterations and message.
     *
     * @return the summary
     */
    public FitSummary summary() {
        return summary;
    }
}
