package org.churnkit.segment;

import org.churnkit.segment.testing.SyntheticScores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

class FeatureTransformTest {

    @Test
    void skewedNonNegativeFeaturesAreLoggedAndAllStandardised() {
        ScoreColumns s = SyntheticScores.generate(20_000, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        List<Feature> fs = List.of(Feature.FREQUENCY, Feature.CLV, Feature.P_ALIVE);
        FeatureTransform t = FeatureTransform.fit(fs, s);
        // BTYD frequency and CLV are heavily right-skewed (skewness well above 1); P(alive) is not.
        assertTrue(FeatureTransform.skewness(s.get("frequency"), false) > 1);
        assertTrue(t.isLog(0));
        assertTrue(t.isLog(1));
        assertFalse(t.isLog(2));
        double[][] z = t.apply(s);
        for (int j = 0; j < 3; j++) {
            double m = 0;
            double v = 0;
            for (double[] row : z) {
                m += row[j];
            }
            m /= z.length;
            for (double[] row : z) {
                v += (row[j] - m) * (row[j] - m);
            }
            // Mean 0 and variance 1 up to the rounding of 20,000-term sums.
            assertEquals(0, m, 1e-9);
            assertEquals(1, v / z.length, 1e-9);
        }
        double raw = s.get("clv")[5];
        // log1p/expm1 round trip: relative error of a few ulps.
        assertEquals(raw, t.invert(1, t.apply(1, raw)), 1e-9 * Math.max(1, raw));
    }

    @Test
    void negativeValuesAreNeverLogged() {
        double[] v = {-1, 0, 0, 0, 0, 0, 0, 0, 0, 100};
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("recency", v);
        ScoreColumns s = ScoreColumns.of(new String[] {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}, cols);
        FeatureTransform t = FeatureTransform.fit(List.of(Feature.RECENCY), s);
        assertTrue(FeatureTransform.skewness(v, false) > 1);
        assertFalse(t.isLog(0));
    }

    @Test
    void constantFeatureMapsToZero() {
        ScoreColumns s = ScoreColumns.of(new String[] {"a", "b"}, Map.of("p_alive", new double[] {0.5, 0.5}));
        FeatureTransform t = FeatureTransform.fit(List.of(Feature.P_ALIVE), s);
        assertEquals(0, t.apply(0, 0.5));
        assertEquals(1, t.sd(0));
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(ChurnkitException.class, () -> FeatureTransform.of(List.of(Feature.CLV), new boolean[] {true},
                new double[] {0}, new double[] {0}));
        assertThrows(ChurnkitException.class, () -> FeatureTransform.of(List.of(Feature.CLV, Feature.CLV),
                new boolean[2], new double[2], new double[] {1, 1}));
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> Feature.of("nope"));
        assertTrue(e.getMessage().contains("p_alive"), e.getMessage());
        assertEquals(Feature.P_ALIVE, Feature.of("P-Alive"));
    }
}
