package org.churnkit.numerics;

/**
 * A function to minimise with its gradient, as the optimiser sees it.
 *
 * <p>Contract: {@link #value} returns {@code f(x)} and writes the gradient into {@code g}; where
 * {@code f} cannot be evaluated (outside its domain, overflow) it returns
 * {@code +infinity} and the content of {@code g} is unspecified. It never returns NaN.
 */
@FunctionalInterface
public interface DifferentiableObjective {
    /**
     * The value at {@code x}, gradient written to {@code g}.
     *
     * @param x the point (not modified)
     * @param g receives the gradient, same length as {@code x}
     * @return f(x), or {@code +infinity} where it cannot be evaluated
     */
    double value(double[] x, double[] g);
}
