package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelKindTest {

    @Test
    void parametersByNameComeInArrayOrder() {
        Map<String, Double> given = new LinkedHashMap<>();
        given.put("beta", 11.7);
        given.put("s", 0.61);
        given.put("alpha", 10.6);
        given.put("r", 0.55);
        assertArrayEquals(new double[] {0.55, 10.6, 0.61, 11.7}, ModelKind.PARETO_NBD.parameters(given));
    }

    @Test
    void aMissingBadOrUnknownParameterIsNamed() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ModelKind.GAMMA_GAMMA.parameters(Map.of("p", 1.0, "q", 2.0)));
        assertEquals("parameter 'gamma' is missing (gamma-gamma needs p, q, gamma)", missing.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> ModelKind.GAMMA_GAMMA.parameters(Map.of("p", 1.0, "q", -2.0, "gamma", 3.0)));
        assertEquals("parameter 'q' must be positive and finite, got -2.0", negative.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ModelKind.GAMMA_GAMMA.parameters(Map.of("p", 1.0, "q", Double.POSITIVE_INFINITY, "gamma", 3.0)));
        assertThrows(IllegalArgumentException.class,
                () -> ModelKind.GAMMA_GAMMA.parameters(Map.of("p", 1.0, "q", Double.NaN, "gamma", 3.0)));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ModelKind.GAMMA_GAMMA.parameters(Map.of("p", 1.0, "q", 2.0, "gamma", 3.0, "r", 4.0)));
        assertEquals("unknown parameter(s) [r] for gamma-gamma (expected p, q, gamma)", unknown.getMessage());
    }
}
