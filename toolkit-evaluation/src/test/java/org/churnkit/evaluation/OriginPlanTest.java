package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

class OriginPlanTest {

    private static void refused(OriginPlan.Builder b, String because) {
        ChurnkitException e = assertThrows(ChurnkitException.class, b::build);
        assertTrue(e.getMessage().contains(because), e.getMessage());
    }

    @Test
    void expandingPlanWindows() {
        OriginPlan p = OriginPlan.builder(0, 78).origins(26, 39, 52).horizon(13).gap(1).build();
        assertEquals(3, p.origins().size());
        OriginPlan.PlannedOrigin o = p.origins().get(1);
        assertEquals(0.0, o.trainStart(), 0);
        assertEquals(39.0, o.trainEnd(), 0);
        assertEquals(40.0, o.testStart(), 0);
        assertEquals(53.0, o.testEnd(), 0);
        assertEquals(52.0, p.headline().origin(), 0);
        assertTrue(p.isExpanding());
    }

    @Test
    void slidingPlanWindows() {
        OriginPlan p = OriginPlan.builder(0, 78).origins(30, 39, 52).horizon(26).sliding(30).build();
        assertEquals(0.0, p.origins().get(0).trainStart(), 0);
        assertEquals(22.0, p.headline().trainStart(), 0);
        assertFalse(p.isExpanding());
    }

    @Test
    void refusesLeakageAndCensoring() {
        OriginPlan.Builder ok = OriginPlan.builder(0, 78).origins(39).horizon(39);
        assertEquals(78.0, ok.build().headline().testEnd(), 0);
        refused(OriginPlan.builder(0, 78).origins(39).horizon(13).gap(-1), "tested on transactions they were fitted on");
        refused(OriginPlan.builder(0, 78).origins(39).horizon(13).labelHorizon(4).gap(2),
                "training labels would reach into the test window");
        refused(OriginPlan.builder(0, 78).origins(40).horizon(39), "not fully observed");
        refused(OriginPlan.builder(0, 78).origins(39, 52).horizon(26).gap(1), "origin 2 (52)");
        refused(OriginPlan.builder(0, 78).origins(39, 39).horizon(13), "strictly increasing");
        refused(OriginPlan.builder(0, 78).origins(39, 26).horizon(13), "strictly increasing");
        refused(OriginPlan.builder(0, 78).origins(0).horizon(13), "nothing to fit on");
        refused(OriginPlan.builder(0, 78).origins(20, 39).horizon(13).sliding(26), "before the data start");
        refused(OriginPlan.builder(0, 78).origins(39).horizon(0), "horizon must be positive");
        refused(OriginPlan.builder(0, 78).horizon(13), "at least one origin");
        refused(OriginPlan.builder(0, 78).origins(Double.NaN).horizon(13), "not finite");
        // The label horizon is accepted once the gap covers it.
        assertEquals(45.0, OriginPlan.builder(0, 78).origins(39).horizon(13).labelHorizon(6).gap(6).build()
                .headline().testStart(), 0);
    }

    @Test
    void rollingOriginSplitterEmbargoesLabelWindows() {
        // Origins 0, 1, ..., 5 apart by 1, label horizon 2: test origin k trains on j with j + 2 <= k.
        double[] c = {0, 1, 2, 3, 4, 5};
        List<RollingOriginSplitter.Fold> f = new RollingOriginSplitter(c, 2, true, 0).folds();
        assertEquals(4, f.size());
        assertArrayEquals(new int[] {0}, f.get(0).trainOrigins());
        assertEquals(2, f.get(0).testOrigin());
        assertArrayEquals(new int[] {0, 1, 2, 3}, f.get(3).trainOrigins());
        assertEquals(5, f.get(3).testOrigin());
        // Sliding: keep the last 2 eligible origins.
        List<RollingOriginSplitter.Fold> s = new RollingOriginSplitter(c, 2, false, 2).folds();
        assertArrayEquals(new int[] {2, 3}, s.get(3).trainOrigins());
        assertArrayEquals(new int[] {0}, s.get(0).trainOrigins());
        for (RollingOriginSplitter.Fold fold : f) {
            for (int j : fold.trainOrigins()) {
                assertTrue(c[j] + 2 <= c[fold.testOrigin()]);
            }
        }
    }

    @Test
    void rollingOriginSplitterRefusals() {
        assertThrows(ChurnkitException.class, () -> new RollingOriginSplitter(new double[] {0, 1, 2}, 5, true, 0));
        assertThrows(ChurnkitException.class, () -> new RollingOriginSplitter(new double[] {0, 2, 1}, 1, true, 0));
        assertThrows(ChurnkitException.class, () -> new RollingOriginSplitter(new double[] {0, 1, 2}, 0, true, 0));
        assertThrows(ChurnkitException.class, () -> new RollingOriginSplitter(new double[] {0, 1, 2}, 1, true, 2));
        assertThrows(ChurnkitException.class, () -> new RollingOriginSplitter(new double[] {0, 1, 2}, 1, false, 0));
    }
}
