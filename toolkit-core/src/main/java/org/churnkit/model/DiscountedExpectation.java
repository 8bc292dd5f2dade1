package org.churnkit.model;

import java.util.function.DoubleUnaryOperator;
import org.churnkit.numerics.AdaptiveQuadrature;

/**
 * Discounted expected transactions over a horizon, from any model's conditional expectation
 * {@code E(t) = E[X(T, T+t) | history]} (non-decreasing, {@code E(0) = 0}):
 *
 * <pre>
 *   D(h) = integral_0^h exp(-delta t) dE(t)
 *        = exp(-delta h) E(h) + delta * integral_0^h exp(-delta t) E(t) dt     (by parts)
 *   D(inf) = integral_0^1 E(-ln(1 - v) / delta) dv                          (v = 1 - exp(-delta t))
 * </pre>
 *
 * with {@code delta} the continuously compounded discount rate per time unit. {@code D(inf)} is the
 * DERT of Fader, Hardie and Lee (2005), "RFM and CLV", for models without a closed form.
 */
public final class DiscountedExpectation {
    private static final double REL_TOL = 1e-11;

    private DiscountedExpectation() {}

    /**
     * The discounted expectation {@code D(h) = integral_0^h exp(-delta t) dE(t)}.
     *
     * @param expectation {@code E(t)}, finite for every finite {@code t >= 0}
     * @param delta discount rate per time unit, {@code >= 0} ({@code > 0} for an infinite horizon)
     * @param horizon {@code h > 0}, or {@link Double#POSITIVE_INFINITY}
     * @throws IllegalArgumentException for a negative rate, a non-positive horizon, or an infinite
     *     horizon without discounting
     * @return {@code D(horizon)}, in transactions (DERT for an infinite horizon)
     */
    public static double of(DoubleUnaryOperator expectation, double delta, double horizon) {
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("discount rate must be finite and >= 0, got " + delta);
        }
        if (!(horizon > 0)) {
            throw new IllegalArgumentException("horizon must be positive, got " + horizon);
        }
        if (Double.isInfinite(horizon)) {
            if (delta == 0) {
                throw new IllegalArgumentException("an infinite horizon needs a positive discount rate");
            }
            return AdaptiveQuadrature.integrate(
                    v -> expectation.applyAsDouble(-Math.log1p(-v) / delta), 0.0, 1.0, REL_TOL, 0.0);
        }
        double end = expectation.applyAsDouble(horizon);
        if (delta == 0) {
            return end;
        }
        double integral = AdaptiveQuadrature.integrate(
                t -> Math.exp(-delta * t) * expectation.applyAsDouble(t), 0.0, horizon, REL_TOL, 0.0);
        return Math.exp(-delta * horizon) * end + delta * integral;
    }
}
