package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Merging identical histories: the canonical order, the weights, the ids, against a plain reference. */
class CompressedHistoriesTest {

    /** The reference: group rows by value in input order (first id, weights summed in input order), then sort the groups. */
    private static Histories reference(Histories h, boolean spend) {
        Map<List<Double>, double[]> groups = new LinkedHashMap<>();
        Map<List<Double>, String> firstId = new LinkedHashMap<>();
        for (int i = 0; i < h.size(); i++) {
            List<Double> key = List.of(h.frequency[i] + 0.0, h.recency[i] + 0.0, h.age[i] + 0.0,
                    spend ? h.monetary[i] + 0.0 : 0.0);
            double[] g = groups.computeIfAbsent(key, k -> new double[5]);
            g[0] = h.frequency[i];
            g[1] = h.recency[i];
            g[2] = h.age[i];
            g[3] = spend ? h.monetary[i] : 0;
            g[4] += h.weight(i);
            firstId.putIfAbsent(key, h.ids == null ? null : h.ids[i]);
        }
        List<List<Double>> keys = new ArrayList<>(groups.keySet());
        Comparator<List<Double>> byValue = Comparator.comparing((List<Double> k) -> k.get(0))
                .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)).thenComparing(k -> k.get(3));
        keys.sort(byValue);
        int d = keys.size();
        double[] x = new double[d];
        double[] tx = new double[d];
        double[] t = new double[d];
        double[] m = spend ? new double[d] : null;
        double[] w = new double[d];
        String[] ids = h.ids == null ? null : new String[d];
        for (int r = 0; r < d; r++) {
            double[] g = groups.get(keys.get(r));
            x[r] = g[0];
            tx[r] = g[1];
            t[r] = g[2];
            if (spend) {
                m[r] = g[3];
            }
            w[r] = g[4];
            if (ids != null) {
                ids[r] = firstId.get(keys.get(r));
            }
        }
        return Histories.wrap(x, tx, t, m, w, ids);
    }

    private static Histories random(Random rnd, int n, boolean weighted) {
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = new double[n];
        double[] w = weighted ? new double[n] : null;
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            // few distinct values, so that many rows coincide
            t[i] = 1 + rnd.nextInt(6);
            x[i] = rnd.nextInt(4);
            tx[i] = x[i] == 0 ? 0 : rnd.nextInt((int) t[i] + 1);
            m[i] = x[i] == 0 ? 0 : 10 + rnd.nextInt(3);
            if (weighted) {
                w[i] = 0.25 + rnd.nextInt(5) * 0.1;
            }
            ids[i] = "c" + i;
        }
        return Histories.wrap(x, tx, t, m, w, ids);
    }

    private static void assertSameHistories(Histories want, Histories got) {
        assertArrayEquals(want.frequency, got.frequency);
        assertArrayEquals(want.recency, got.recency);
        assertArrayEquals(want.age, got.age);
        assertArrayEquals(want.monetary, got.monetary);
        double[] ww = new double[want.size()];
        double[] gw = new double[got.size()];
        for (int i = 0; i < ww.length; i++) {
            ww[i] = want.weight(i);
        }
        for (int i = 0; i < gw.length; i++) {
            gw[i] = got.weight(i);
        }
        assertArrayEquals(ww, gw, "weights, to the bit");
        assertArrayEquals(want.ids, got.ids);
    }

    @Test
    void mergesIntoTheCanonicalOrderKeepingFirstIdsAndInputOrderWeightSums() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(trial < 100 ? 40 : 3000);
            Histories h = random(rnd, n, trial % 2 == 0);
            for (boolean spend : new boolean[] {false, true}) {
                Histories got = CompressedHistories.compress(h, spend);
                if (got == h) {
                    // returned as given only when already merged: distinct, unweighted, in order
                    assertEquals(h.size(), reference(h, spend).size());
                    assertArrayEquals(reference(h, spend).frequency, h.frequency);
                    assertArrayEquals(reference(h, spend).recency, h.recency);
                    assertEquals(false, h.isWeighted());
                } else {
                    assertSameHistories(reference(h, spend), got);
                }
            }
        }
    }

    @Test
    void sortedDistinctUnweightedRowsAreReturnedAsTheyAre() {
        Histories h = Histories.wrap(new double[] {0, 1, 1, 2}, new double[] {0, 1, 2, 2},
                new double[] {5, 5, 5, 5}, null, null, null);
        assertSame(h, CompressedHistories.compress(h));
        Histories shuffled = Histories.wrap(new double[] {1, 0, 1, 2}, new double[] {2, 0, 1, 2},
                new double[] {5, 5, 5, 5}, null, null, null);
        Histories c = CompressedHistories.compress(shuffled);
        assertArrayEquals(h.frequency, c.frequency);
        assertArrayEquals(h.recency, c.recency);
        assertEquals(4, c.size());
        assertArrayEquals(new double[] {1, 1, 1, 1}, Arrays.stream(new int[] {0, 1, 2, 3}).mapToDouble(c::weight).toArray());
    }
}
