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
