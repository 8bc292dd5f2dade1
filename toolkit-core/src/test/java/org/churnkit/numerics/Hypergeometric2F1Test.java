package org.churnkit.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Reference values computed with mpmath 1.3.0 hyp2f1 at 60 digits (log taken in mpmath). */
class Hypergeometric2F1Test {
    @Test
    void matchesMpmath() {
        // log hyp2f1(1.5, 2.5, 3.7, 0.3)
        assertEquals(0.35167181899454949, Hypergeometric2F1.log(1.5, 2.5, 3.7, 0.3), 1e-15);
        // b < 1: the term ratio approaches z from below (the tail bound must use z)
        assertEquals(0.085646946282892709, Hypergeometric2F1.log(0.2, 0.3, 1.1, 0.9), 1e-14);
        // large parameters, huge value: log-space
        assertEquals(1440.6077064819106, Hypergeometric2F1.log(1000.5, 800.25, 900.1, 0.8), 1e-10);
        assertEquals(0.0, Hypergeometric2F1.log(1, 2, 3, 0));
    }

    @Test
    void rejectsArgumentsOutsideTheDomain() {
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric2F1.log(1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric2F1.log(-1, 1, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric2F1.log(1, 1, 1, Double.NaN));
    }
}
