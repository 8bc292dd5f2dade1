package org.churnkit.model;

import java.util.Locale;

/**
 * What a maximum-likelihood fit amounts to, from best to worst news. Only {@link #CONVERGED} is a
 * plain success; every other status comes with {@link FitFinding findings} that say which
 * parameters are affected, what limiting model the data fit, and what data would settle it.
 */
public enum FitStatus {
    /** The optimiser converged to an interior maximum with a negative definite Hessian and finite intervals. */
    CONVERGED,
    /**
     * The likelihood is maximised at the edge of the parameter space: some parameters ran to 0 or
     * to infinity (often a pair together at a fixed ratio), so the data fit a simpler limiting model.
     */
    BOUNDARY,
    /**
     * The optimiser stopped at an interior point but some parameters are not identified: the
     * Hessian is not negative definite there, or a confidence interval spans orders of magnitude.
     */
    NOT_IDENTIFIED,
    /** The optimiser did not meet its convergence criteria (iteration limit, failed line search). */
    NOT_CONVERGED;

    /**
     * The name written to model files and printed: lower case with hyphens ({@code not-identified}).
     *
     * @return the label
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a {@link #label()} (or the constant's name, any case).
     *
     * @param text the label
     * @return the status
     * @throws IllegalArgumentException when the text names no status
     */
    public static FitStatus parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (FitStatus s : values()) {
            if (s.name().equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown fit status '" + text + "' (expected converged, boundary, "
                + "not-identified or not-converged)");
    }
}
