package org.churnkit.segment;

import org.churnkit.segment.testing.SyntheticScores;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SegmenterTest {
    /** 100,000 synthetic MBG/NBD customers: big enough for the 50,000-customer fit sample to be a real subsample. */
    private static ScoreColumns population;
    /** The default segmentation of the population with seed 1, shared by the tests that only read it. */
    private static Segmentation base;

    @BeforeAll
    static void generate() {
        population = SyntheticScores.generate(100_000, RandomSource.XO_RO_SHI_RO_128_PP.create(20261124L));
        base = fit(Segmenter.of(), population, 1);
    }

    private static Segmentation fit(Segmenter s, ScoreColumns data, long seed) {
        return s.fit(data, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    @Test
    void sameSeedGivesIdenticalSegmentation() {
        ScoreColumns small = SyntheticScores.generate(20_000, RandomSource.XO_RO_SHI_RO_128_PP.create(7L));
        Segmentation a = fit(Segmenter.of(), small, 99);
        Segmentation b = fit(Segmenter.of(), small, 99);
        assertArrayEquals(a.segment(), b.segment());
        // The segment array is the segmentation's own: changing a returned copy changes nothing.
        int[] seg = a.segment();
        int was = seg[0];
        seg[0] = was + 1;
        assertEquals(was, a.segmentOf(0));
        assertEquals(was, a.segment()[0]);
        assertEquals(a.size(), seg.length);
        assertEquals(a.model().toJson(), b.model().toJson());
        assertEquals(a.silhouetteByK(), b.silhouetteByK());
        // The same with one thread: restarts must not depend on how they are spread over threads.
        Segmentation c = fit(Segmenter.builder().threads(1).build(), small, 99);
        assertEquals(a.model().toJson(), c.model().toJson());
    }

    @Test
    void stableUnderReseeding() {
        int n = population.size();
        for (long seed : new long[] {2, 3}) {
            Segmentation other = fit(Segmenter.of(), population, seed);
            assertEquals(base.model().names(), other.model().names(), "names with seed " + seed);
            for (int s = 0; s < base.k(); s++) {
                long a = base.profiles().get(s).customers();
                long b = other.profiles().get(s).customers();
                // "Sizes within 1 %": each segment's size differs by at most 1 % of that segment's size
                // (stricter than 1 % of all customers for every segment smaller than the whole base).
                assertTrue(Math.abs(a - b) <= 0.01 * a, base.model().names().get(s) + ": " + a + " vs " + b
                        + " customers with seed " + seed + " (of " + n + ")");
            }
        }
    }

    @Test
    void segmentsAreOrderedByValueAndNamedUniquely() {
        Segmentation s = base;
        assertTrue(s.k() >= 3 && s.k() <= 8, "k in the default range: " + s.k());
        assertEquals(s.k(), new HashSet<>(s.model().names()).size(), "unique names " + s.model().names());
        double shareC = 0;
        double shareV = 0;
        long customers = 0;
        for (int i = 0; i < s.k(); i++) {
            SegmentProfile p = s.profiles().get(i);
            assertEquals(i + 1, p.rank());
            assertEquals(s.model().names().get(i), p.name());
            if (i > 0) {
                assertTrue(p.valueIndex() <= s.profiles().get(i - 1).valueIndex(), "ordered by value index");
            }
            shareC += p.shareOfCustomers();
            shareV += p.shareOfValue();
            customers += p.customers();
            assertTrue(p.valueAtRisk() >= 0 && p.meanPAlive() >= 0 && p.meanPAlive() <= 1, p.toString());
            assertTrue(!p.action().isBlank());
        }
        // Shares are sums of n terms divided by their total: exact up to rounding, 1e-9 is generous.
        assertEquals(1.0, shareC, 1e-9);
        assertEquals(1.0, shareV, 1e-9);
        assertEquals(population.size(), customers);
        // The most valuable segment holds more value than customers; the least valuable the reverse.
        assertTrue(s.profiles().get(0).valueIndex() > 1);
        assertTrue(s.profiles().get(s.k() - 1).valueIndex() < 1);
    }

    @Test
    void assignmentIsNearestCentroidOfTheModel() {
        Segmentation s = base;
        assertArrayEquals(s.segment(), s.model().assign(population));
    }

    @Test
    void givenKAndFeaturesAreHonoured() {
        Segmentation s = fit(Segmenter.builder().k(5).features(List.of(Feature.FREQUENCY, Feature.RECENCY,
                Feature.P_ALIVE)).build(), population, 3);
        assertEquals(5, s.k());
        assertTrue(s.silhouetteByK().isEmpty());
        assertEquals(List.of(Feature.FREQUENCY, Feature.RECENCY, Feature.P_ALIVE), s.model().transform().features());
        assertEquals(5, new HashSet<>(s.model().names()).size());
    }

    @Test
    void defaultFeaturesAreThoseInTheScores() {
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("frequency", population.get("frequency"));
        cols.put("clv", population.get("clv"));
        ScoreColumns two = ScoreColumns.of(population.ids(), cols);
        assertEquals(List.of(Feature.FREQUENCY, Feature.CLV), Segmenter.of().featuresFor(two));
    }

    @Test
    void nonFiniteFeatureNamesTheCustomer() {
        double[] f = population.get("frequency").clone();
        f[17] = Double.NaN;
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("frequency", f);
        cols.put("recency", population.get("recency"));
        ScoreColumns bad = ScoreColumns.of(population.ids(), cols);
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> fit(Segmenter.of(), bad, 1));
        assertTrue(e.getMessage().contains(population.id(17)) && e.getMessage().contains("frequency"), e.getMessage());
    }

    @Test
    void tooFewCustomersIsAnError() {
        Map<String, double[]> cols = Map.of("frequency", new double[] {1, 2});
        ScoreColumns tiny = ScoreColumns.of(new String[] {"a", "b"}, cols);
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> fit(Segmenter.of(), tiny, 1));
        assertTrue(e.getMessage().contains("2 customers"), e.getMessage());
        assertThrows(ChurnkitException.class, () -> Segmenter.builder().k(1));
    }

    @Test
    void fewDistinctProfilesGiveNonEmptySegmentsOrAClearError() {
        int n = 1000;
        String[] ids = new String[n];
        double[] f = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + i;
            f[i] = i % 3;
            p[i] = 0.5;
        }
        ScoreColumns three = ScoreColumns.of(ids, Map.of("frequency", f, "p_alive", p));
        Segmentation s = fit(Segmenter.of(), three, 1);
        assertEquals(3, s.k());
        for (SegmentProfile prof : s.profiles()) {
            assertEquals(n / 3, prof.customers(), 1, prof.toString());
        }
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> fit(Segmenter.builder().k(4).build(), three, 1));
        assertTrue(e.getMessage().contains("only 3 distinct customer profiles"), e.getMessage());
    }

    @Test
    void missingFeatureColumnIsAnError() {
        ScoreColumns noClv = ScoreColumns.of(population.ids(), Map.of("frequency", population.get("frequency")));
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> fit(Segmenter.builder().features(List.of(Feature.CLV)).build(), noClv, 1));
        assertTrue(e.getMessage().contains("'clv'"), e.getMessage());
    }
}
