package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Value types copy arrays in and out and compare them by content. */
class ValueSemanticsTest {

    @Test
    void historiesCopyWhatTheyAreGiven() {
        double[] x = {1, 0, 2};
        double[] tx = {3, 0, 2.5};
        double[] t = {4, 2, 3};
        double[] w = {1, 2, 3};
        String[] ids = {"a", "b", "c"};
        Histories h = Histories.of(x, tx, t, null, w, ids);
        x[0] = 99;
        tx[0] = -1;
        t[0] = -1;
        w[0] = -1;
        ids[0] = "z";
        assertEquals(1, h.frequency(0), 0);
        assertEquals(3, h.recency(0), 0);
        assertEquals(4, h.age(0), 0);
        assertEquals(1, h.weight(0), 0);
        assertEquals("a", h.id(0));
        double[] copy = h.frequencies();
        copy[1] = 7;
        assertEquals(0, h.frequency(1), 0);
        double[] w2 = {5, 5, 5};
        Histories weighted = h.withWeights(w2);
        w2[0] = -1;
        assertEquals(5, weighted.weight(0), 0);
        assertEquals(h.withIds(new String[] {"a", "b", "c"}), h);
    }

    @Test
    void fitResultCopiesTheCovarianceAndComparesByContent() {
        BgNbd m = BgNbd.of(0.24, 4.4, 0.79, 2.4);
        double[][] cov = {{1, 0.1, 0, 0}, {0.1, 2, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, 4}};
        FitResult r = new FitResult(m, m.parameterArray(), null, cov);
        cov[0][0] = -5;
        assertEquals(1, r.logCovariance()[0][0], 0);
        r.logCovariance()[1][1] = -5;
        assertEquals(2, r.logCovariance()[1][1], 0);
        assertNotSame(r.logCovariance(), r.logCovariance());
        FitResult same = new FitResult(m, m.parameterArray(), null,
                new double[][] {{1, 0.1, 0, 0}, {0.1, 2, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, 4}});
        assertEquals(r, same);
        assertEquals(r.hashCode(), same.hashCode());
        assertNotEquals(r, new FitResult(m, m.parameterArray(), null, null));
        assertNull(new FitResult(m, m.parameterArray(), null, null).logCovariance());
    }

    @Test
    void simulatedLogsCompareByContent() {
        BgNbd m = BgNbd.of(0.24, 4.4, 0.79, 2.4);
        double[] ages = {30, 35, 39};
        SimulatedLog a = BgNbdSimulator.of(m).simulate(ages, 7L);
        SimulatedLog b = BgNbdSimulator.of(m).simulate(ages, 7L);
        assertNotSame(a.time(), b.time());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, BgNbdSimulator.of(m).simulate(ages, 8L));
        assertEquals(a.toHistories(), b.toHistories());
    }

    @Test
    void trackingCopiesAndKeepsBothForms() {
        double[] period = {1, 2, 3};
        double[] actual = {2, 0, 1};
        Tracking t = Tracking.of(period, actual, new double[] {1, 1, 1}, 2);
        actual[0] = 50;
        period[0] = -1;
        assertArrayEquals(new double[] {2, 0, 1}, t.actualIncremental(), 0);
        assertArrayEquals(new double[] {2, 2, 3}, t.actualCumulative(), 0);
        assertArrayEquals(new double[] {1, 2, 3}, t.time(), 0);
        Tracking c = Tracking.ofCumulative(new double[] {1, 2, 3}, new double[] {2, 2, 3}, new double[] {1, 2, 3}, 2);
        assertEquals(t, c);
        assertEquals(t.hashCode(), c.hashCode());
        assertArrayEquals(new double[] {1, 1, 1}, c.predictedIncremental(), 0);
        assertNotEquals(t, Tracking.of(new double[] {1, 2, 3}, new double[] {2, 0, 1}, new double[] {1, 1, 1}, 3));
    }
}
