package org.churnkit.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.i18n.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SegmentNamingPropertiesTest {
    private static final Messages EN = Messages.english();
    private static final Messages KO = Messages.of(Locale.KOREAN);

    static LongStream seeds() {
        return LongStream.range(0, 50);
    }

    private static SegmentNaming.Stats stats(double vi, double medianPAlive, double shareAtRisk, double f) {
        return new SegmentNaming.Stats(100, vi, 10 * vi, medianPAlive, shareAtRisk, f, 5 * f, 30);
    }

    /** Random profiles drawn around the naming thresholds, so base names often collide. */
    @ParameterizedTest
    @MethodSource("seeds")
    void namesAreDistinctWithoutLettersAndReadBack(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int k = 2 + rng.nextInt(9);
        List<SegmentNaming.Stats> s = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            // Coarse values so that several segments share tier, pattern and activity.
            s.add(new SegmentNaming.Stats(1 + rng.nextInt(1000), rng.nextInt(3) * 2.0, rng.nextDouble() * 100,
                    rng.nextInt(3) * 0.35, 0.95, rng.nextInt(3), rng.nextDouble() * 40, 20 + rng.nextDouble() * 20));
        }
        List<SegmentNaming.Name> names = SegmentNaming.names(s);
        assertEquals(names, SegmentNaming.names(s), "deterministic");
        for (Messages m : List.of(EN, KO)) {
            List<String> text = names.stream().map(n -> n.render(m)).toList();
            assertEquals(k, new HashSet<>(text).size(), text.toString());
            for (String t : text) {
                assertFalse(t.isBlank());
                assertFalse(t.matches(".*\\([A-Z]\\).*"), "no letters to tell segments apart: " + t);
            }
            for (SegmentNaming.Name n : names) {
                assertEquals(n, SegmentNaming.parse(n.render(m)).orElseThrow(), "parses back: " + n.render(m));
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "5.0; 0.9; 1.0; 6; Top-value repeat buyers, active",
        "2.0; 0.45; 1.0; 3; High-value repeat buyers, at risk",
        "2.0; 0.1; 0.2; 3; High-value repeat buyers, lapsed",
        "1.0; 0.7; 1.0; 2; Mid-value repeat buyers, active",
        "0.2; 0.1; 0.1; 2; Low-value repeat buyers, lapsed",
        "0.2; 0.1; 0.1; 0; Low-value one-time buyers, lapsed",
        "0.3; 0.65; 1.0; 0; Low-value one-time buyers, active",
        "0.3; 0.4; 1.0; 0; Low-value one-time buyers, at risk",
        "1.0; NaN; NaN; 2; Mid-value repeat buyers",
        "NaN; 0.8; 1.0; 2; Repeat buyers, active",
        "NaN; 0.8; 1.0; 0; One-time buyers, active",
        "NaN; 0.1; 0.0; 3; Repeat buyers, lapsed",
        // A median of 0.8 but a fifth of the members below 0.3: not "active".
        "5.0; 0.8; 0.8; 6; Top-value repeat buyers, at risk",
    })
    void ruleTable(double valueIndex, double medianPAlive, double shareAtRisk, double frequency, String expected) {
        SegmentNaming.Name n = SegmentNaming.describe(stats(valueIndex, medianPAlive, shareAtRisk, frequency));
        assertEquals(expected, n.render(EN));
        assertEquals(expected, n.toString());
    }

    @Test
    void koreanNamesReadNaturally() {
        assertEquals("이탈 위험 고가치 재구매 고객", SegmentNaming.describe(stats(2.0, 0.45, 1.0, 3)).render(KO));
        assertEquals("활성 1회 구매 고객", SegmentNaming.describe(stats(Double.NaN, 0.8, 1.0, 0)).render(KO));
    }

    @Test
    void sameBaseNamesAreToldApartByWhatDiffers() {
        // Two lapsed low-value one-time buyer segments, the same in everything but customer age T.
        List<SegmentNaming.Stats> s = List.of(
                new SegmentNaming.Stats(500, 0.1, 1, 0.1, 0.1, 0, 0, 10),
                new SegmentNaming.Stats(400, 0.1, 1, 0.1, 0.1, 0, 0, 30));
        List<String> names = SegmentNaming.names(s).stream().map(n -> n.render(EN)).toList();
        assertEquals(List.of("Low-value one-time buyers, lapsed (newer)", "Low-value one-time buyers, lapsed (longer-standing)"),
                names);
        assertNotEquals(SegmentNaming.names(s).get(0).render(KO), SegmentNaming.names(s).get(1).render(KO));
        // Three repeat segments that differ in frequency: most, mid, least.
        List<SegmentNaming.Stats> t = List.of(
                new SegmentNaming.Stats(100, 1, 10, 0.8, 1, 2, 5, 30),
                new SegmentNaming.Stats(100, 1, 10, 0.8, 1, 8, 5, 30),
                new SegmentNaming.Stats(100, 1, 10, 0.8, 1, 4, 5, 30));
        assertEquals(List.of("Mid-value repeat buyers, active (least frequent)", "Mid-value repeat buyers, active (most frequent)",
                "Mid-value repeat buyers, active (mid frequency)"), SegmentNaming.names(t).stream().map(n -> n.render(EN)).toList());
    }

    @Test
    void statsAreTheMembersNumbers() {
        ScoreColumns s = ScoreColumns.of(new String[] {"a", "b", "c", "d"}, Map.of(
                "p_alive", new double[] {0.9, 0.2, 0.7, 0.8},
                "frequency", new double[] {1, 3, 0, 0},
                "clv", new double[] {10, 30, 20, 20}));
        List<SegmentNaming.Stats> st = SegmentNaming.stats(new int[] {0, 0, 0, 1}, 2, s);
        assertEquals(0.7, st.get(0).medianPAlive(), 1e-15);
        assertEquals(2.0 / 3, st.get(0).shareAtLeastAtRisk(), 1e-15);
        assertEquals(4.0 / 3, st.get(0).meanFrequency(), 1e-15);
        assertEquals(20, st.get(0).meanValue(), 1e-12);
        assertEquals(1.0, st.get(0).valueIndex(), 1e-12);
        assertTrue(Double.isNaN(st.get(0).meanRecency()), "no recency column");
    }

    @Test
    void userLabelsDoNotParse() {
        assertTrue(SegmentNaming.parse("Lapsed (A)").isEmpty());
        assertTrue(SegmentNaming.parse("My VIPs").isEmpty());
    }
}
