package org.churnkit.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.churnkit.ChurnkitException;
import org.churnkit.model.DiscountedExpectation;
import org.junit.jupiter.api.Test;

class AdaptiveQuadratureTest {

    @Test
    void integratesSmoothFunctionsToNearMachinePrecision() {
        assertEquals(Math.E - 1, AdaptiveQuadrature.integrate(Math::exp, 0, 1, 1e-14, 0), 1e-15);
        assertEquals(2.0, AdaptiveQuadrature.integrate(Math::sin, 0, Math.PI, 1e-14, 0), 1e-14);
    }

    @Test
    void handlesIntegrableEndPointSingularities() {
        // integral_0^1 x^-1/2 dx = 2; the end point is never evaluated.
        assertEquals(2.0, AdaptiveQuadrature.integrate(x -> 1 / Math.sqrt(x), 0, 1, 1e-10, 0), 1e-9);
        // integral_0^1 -ln(1 - v) dv = 1
        assertEquals(1.0, AdaptiveQuadrature.integrate(v -> -Math.log1p(-v), 0, 1, 1e-12, 0), 1e-11);
    }

    @Test
    void nonFiniteIntegrandIsAnError() {
        assertThrows(ChurnkitException.class,
                () -> AdaptiveQuadrature.integrate(x -> x > 0.3 ? Double.NaN : x, 0, 1, 1e-10, 0));
    }

    @Test
    void vectorIntegrandSharesTheIntervalsOfComponentZero() {
        // {exp(-x), x exp(-x), NaN-free derivative-like x^2 exp(-x)} on [0, 5]: closed forms below.
        double[] v = AdaptiveQuadrature.integrate((x, out) -> {
            double e = Math.exp(-x);
            out[0] = e;
            out[1] = x * e;
            out[2] = x * x * e;
        }, 3, 0, 5, 1e-14, 0, 1e-9, 400);
        double e5 = Math.exp(-5);
        assertEquals(1 - e5, v[0], 1e-15);
        assertEquals(1 - 6 * e5, v[1], 1e-13);
        assertEquals(2 - 37 * e5, v[2], 1e-13);
    }

    @Test
    void vectorIntegralAcceptsALooseEstimateOnlyWithinTheAcceptanceTolerance() {
        AdaptiveQuadrature.VectorIntegrand kink = (x, out) -> out[0] = Math.sqrt(Math.abs(x - 0.3));
        // One interval cannot reach 1e-14 on a kink; within 1e-1 it is accepted, within 1e-14 not.
        double exact = (2.0 / 3) * (Math.pow(0.3, 1.5) + Math.pow(0.7, 1.5));
        assertEquals(exact, AdaptiveQuadrature.integrate(kink, 1, 0, 1, 1e-14, 0, 1e-1, 1)[0], 1e-1 * exact);
        assertThrows(ChurnkitException.class, () -> AdaptiveQuadrature.integrate(kink, 1, 0, 1, 1e-14, 0, 1e-14, 1));
        assertThrows(ChurnkitException.class, () -> AdaptiveQuadrature.integrate(
                (x, out) -> { out[0] = x; out[1] = 1 / (x - 0.5); }, 2, 0, 1, 1e-10, 0, 1e-10, 400));
    }

    @Test
    void discountedExpectationOfALinearRateHasClosedForm() {
        // E(t) = c t (constant rate c): D(h) = c (1 - exp(-delta h)) / delta; D(inf) = c / delta.
        double c = 0.7;
        double delta = Math.log(1.15) / 52;
        assertEquals(c * (1 - Math.exp(-delta * 39)) / delta,
                DiscountedExpectation.of(t -> c * t, delta, 39), 1e-12);
        assertEquals(c / delta, DiscountedExpectation.of(t -> c * t, delta, Double.POSITIVE_INFINITY), 1e-9);
        assertEquals(c * 39, DiscountedExpectation.of(t -> c * t, 0, 39), 1e-12);
    }
}
