package org.churnkit.model;

import java.util.List;
import java.util.Objects;

/**
 * One thing a fit diagnosis found, in words a user can act on.
 *
 * @param status what the finding means for the fit ({@link FitStatus#BOUNDARY},
 *     {@link FitStatus#NOT_IDENTIFIED} or {@link FitStatus#NOT_CONVERGED})
 * @param parameters the parameters concerned, in the papers' names (may be empty for a finding
 *     about the data as a whole)
 * @param limitingModel the simpler model the data fit at the boundary (e.g. "exponential lifetimes
 *     with a common dropout rate mu = s/beta = 0.012 per week"), or {@code ""} when there is none
 * @param message the whole finding in words: what happened, what it means, what data would identify
 *     the parameters, and how to proceed
 */
public record FitFinding(FitStatus status, List<String> parameters, String limitingModel, String message) {

    /**
     * Checks the fields and copies the parameter list.
     *
     * @throws NullPointerException when a field is {@code null}
     */
    public FitFinding {
        Objects.requireNonNull(status, "status");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(limitingModel, "limitingModel");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message;
    }
}
