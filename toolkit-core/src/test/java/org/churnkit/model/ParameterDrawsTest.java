package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class ParameterDrawsTest {
    private static final double[] ESTIMATE = {0.55, 10.6, 0.61, 11.7};
    private static final double[][] COV = {
        {0.010, 0.008, 0.0, 0.0},
        {0.008, 0.012, 0.0, 0.0},
        {0.0, 0.0, 0.09, 0.05},
        {0.0, 0.0, 0.05, 0.16}};

    @Test
    void logDrawsHaveTheStatedMeanAndCovariance() {
        int n = 200_000;
        ParameterDraws d = ParameterDraws.asymptotic(ESTIMATE, COV, n, RandomSource.XO_RO_SHI_RO_128_PP.create(7L));
        assertEquals(ParameterDraws.Method.ASYMPTOTIC, d.method());
        assertEquals(n, d.count());
        double[] mean = new double[4];
        double[][] m2 = new double[4][4];
        for (int k = 0; k < n; k++) {
            double[] v = d.draw(k);
            for (int i = 0; i < 4; i++) {
                double li = Math.log(v[i] / ESTIMATE[i]);
                mean[i] += li / n;
                for (int j = 0; j < 4; j++) {
                    m2[i][j] += li * Math.log(v[j] / ESTIMATE[j]) / n;
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            // Standard error of a mean of n normals: sqrt(var / n) <= 0.0009 here; 5 of them.
            assertEquals(0, mean[i], 5 * Math.sqrt(COV[i][i] / n), "mean of log draw " + i);
            for (int j = 0; j < 4; j++) {
                double se = Math.sqrt((COV[i][i] * COV[j][j] + COV[i][j] * COV[i][j]) / n);
                assertEquals(COV[i][j], m2[i][j] - mean[i] * mean[j], 5 * se, "covariance " + i + "," + j);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameDrawsToTheBit() {
        ParameterDraws a = ParameterDraws.asymptotic(ESTIMATE, COV, 50, RandomSource.XO_RO_SHI_RO_128_PP.create(11L));
        ParameterDraws b = ParameterDraws.asymptotic(ESTIMATE, COV, 50, RandomSource.XO_RO_SHI_RO_128_PP.create(11L));
        for (int k = 0; k < 50; k++) {
            assertArrayEquals(a.draw(k), b.draw(k), 0.0);
            for (double v : a.draw(k)) {
                assertTrue(v > 0 && v < Double.POSITIVE_INFINITY);
            }
        }
    }

    @Test
    void refusesWhatCannotBeDrawn() {
        double[][] notPd = {{1, 2}, {2, 1}};
        assertThrows(IllegalArgumentException.class,
                () -> ParameterDraws.asymptotic(new double[] {1, 1}, notPd, 5, RandomSource.JSF_64.create(1L)));
        assertThrows(IllegalArgumentException.class,
                () -> ParameterDraws.of(ParameterDraws.Method.BOOTSTRAP, new double[] {1, 1}, new double[][] {{1, Double.NaN}}));
        assertThrows(IllegalArgumentException.class,
                () -> ParameterDraws.of(ParameterDraws.Method.BOOTSTRAP, new double[] {1, 1}, new double[][] {{1}}));
        assertThrows(IllegalArgumentException.class,
                () -> ParameterDraws.of(ParameterDraws.Method.BOOTSTRAP, new double[] {1, 1}, new double[0][]));
    }
}
