package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.churnkit.testing.SimulatedBase;
import org.junit.jupiter.api.Test;

class CountingLikelihoodTest {

    @Test
    void countsTheRowsItEvaluatesAndOtherwiseIsTheLikelihoodItWraps() {
        Histories h = SimulatedBase.of(500, 11L);
        LikelihoodFunction<ParetoNbd> plain = ParetoNbdLikelihood.of();
        CountingLikelihood<ParetoNbd> counting = CountingLikelihood.of(plain);
        double[] theta = {0.55, 10.6, 0.61, 11.7};
        double[] g = new double[4];
        double[] gPlain = new double[4];
        assertEquals(plain.logLikelihood(theta, h, 0, h.size(), gPlain), counting.logLikelihood(theta, h, 0, h.size(), g));
        assertArrayEquals(gPlain, g);
        counting.logLikelihood(theta, h, 100, 300, null);
        assertEquals(h.size() + 200, counting.rowsThenReset());
        assertEquals(0, counting.rowsThenReset(), "the count starts again");
        counting.logLikelihood(theta, h, 0, h.size(), null);
        counting.logLikelihood(theta, h, 0, h.size(), null);
        assertEquals(2.0, counting.passesThenReset(h.size()));
        assertEquals(plain.kind(), counting.kind());
        assertEquals(plain.hasGradient(), counting.hasGradient());
        assertArrayEquals(plain.startingPoints(h), counting.startingPoints(h));
        assertThrows(IllegalArgumentException.class, () -> counting.passesThenReset(0));
        assertThrows(NullPointerException.class, () -> CountingLikelihood.of(null));
    }
}
