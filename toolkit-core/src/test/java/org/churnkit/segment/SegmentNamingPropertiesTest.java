package org.churnkit.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SegmentNamingPropertiesTest {

    static LongStream seeds() {
        return LongStream.range(0, 50);
    }

    /** Random profiles drawn around the naming thresholds, so names often collide. */
    @ParameterizedTest
    @MethodSource("seeds")
    void namesAreUniqueAndDeterministic(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int k = 2 + rng.nextInt(9);
        double[] vi = new double[k];
        long[] size = new long[k];
        double[] pa = new double[k];
        double[] f = new double[k];
        for (int i = 0; i < k; i++) {
            vi[i] = rng.nextDouble() * 6;
            size[i] = 1 + rng.nextInt(1000);
            pa[i] = rng.nextDouble();
            f[i] = rng.nextDouble() * 3;
        }
        List<String> names = names(vi, size, pa, f);
        assertEquals(k, new HashSet<>(names).size(), names.toString());
        assertEquals(names, names(vi, size, pa, f));
        for (String n : names) {
            assertFalse(n.isBlank());
        }
    }

    private static List<String> names(double[] vi, long[] size, double[] pa, double[] f) {
        Integer[] order = SegmentNaming.order(vi, size);
        List<String> base = new ArrayList<>();
        for (int i : order) {
            base.add(SegmentNaming.describe(vi[i], pa[i], f[i]).baseName());
        }
        return SegmentNaming.unique(base);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "5.0; 0.9; 6; Top value, active",
        "2.0; 0.45; 3; High value, at risk",
        "2.0; 0.1; 3; High value, lapsed",
        "1.0; 0.7; 2; Mid value, active",
        "0.2; 0.1; 2; Lapsed",
        "0.2; 0.1; 0; Lapsed",
        "0.3; 0.65; 0; One-time buyers, active",
        "0.3; 0.4; 0; One-time buyers, at risk",
        "0.3; 0.7; 2; Low value, active",
        "1.0; NaN; 2; Mid value",
        "NaN; 0.8; 2; Active",
        "NaN; 0.8; 0; One-time buyers, active",
        "NaN; 0.1; 3; Lapsed",
    })
    void ruleTable(double valueIndex, double pAlive, double frequency, String expected) {
        assertEquals(expected, SegmentNaming.describe(valueIndex, pAlive, frequency).baseName());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"A,B,A; A (A),B,A (B)", "X,X,X,Y; X (A),X (B),X (C),Y"})
    void duplicatesGetLetters(String in, String out) {
        assertEquals(List.of(out.split(",")), SegmentNaming.unique(List.of(in.split(","))));
    }
}
