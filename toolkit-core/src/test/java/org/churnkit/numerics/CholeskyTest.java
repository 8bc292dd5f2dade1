package org.churnkit.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CholeskyTest {
    @ParameterizedTest(name = "random SPD matrix, seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void invertsPositiveDefiniteMatrices(long seed) {
        Random rng = new Random(seed);
        int n = 1 + rng.nextInt(8);
        double[][] a = OptimiserTestFunctions.randomSpd(n, rng);
        assertTrue(Cholesky.isPositiveDefinite(a));
        double[][] l = Cholesky.factor(a);
        double[][] inv = Cholesky.invertPositiveDefinite(a);
        assertNotNull(inv);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double llt = 0;
                double ainv = 0;
                for (int m = 0; m < n; m++) {
                    llt += l[i][m] * l[j][m];
                    ainv += a[i][m] * inv[m][j];
                }
                assertEquals(a[i][j], llt, 1e-12 * n * n, "L L' = A at " + i + "," + j);
                assertEquals(i == j ? 1.0 : 0.0, ainv, 1e-12, "A A^-1 = I at " + i + "," + j);
                if (j > i) {
                    assertEquals(0.0, l[i][j], 0.0, "L is lower triangular");
                }
            }
        }
    }

    @ParameterizedTest(name = "one negative or zero eigenvalue, seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void detectsIndefiniteMatrices(long seed) {
        Random rng = new Random(seed);
        int n = 2 + rng.nextInt(6);
        double[] eigen = new double[n];
        for (int i = 0; i < n; i++) {
            eigen[i] = 0.5 + 10 * rng.nextDouble();
        }
        // One eigenvalue clearly below zero, the kind of saddle a fit at a ridge produces.
        eigen[rng.nextInt(n)] = -(0.01 + rng.nextDouble());
        double[][] a = OptimiserTestFunctions.withEigenvalues(eigen, rng);
        assertFalse(Cholesky.isPositiveDefinite(a));
        assertNull(Cholesky.invertPositiveDefinite(a));
        // The same matrix with the eigenvalue positive is accepted: the test tells the two apart.
        for (int i = 0; i < n; i++) {
            eigen[i] = Math.abs(eigen[i]);
        }
        assertTrue(Cholesky.isPositiveDefinite(OptimiserTestFunctions.withEigenvalues(eigen, new Random(seed))));
    }

    @Test
    void singularNegativeAndNaNMatricesAreRefused() {
        assertNull(Cholesky.invertPositiveDefinite(new double[][] {{1, 1}, {1, 1}}), "singular (pivot exactly 0)");
        assertNull(Cholesky.invertPositiveDefinite(new double[][] {{-2, 0}, {0, 3}}), "negative definite in one direction");
        assertNull(Cholesky.invertPositiveDefinite(new double[][] {{1, 2}, {2, 1}}), "indefinite");
        assertNull(Cholesky.invertPositiveDefinite(new double[][] {{Double.NaN, 0}, {0, 1}}), "NaN");
        assertNull(Cholesky.invertPositiveDefinite(new double[][] {{1e-320, 0}, {0, 1}}),
                "an inverse that overflows is not returned");
    }

    @Test
    void aOneByOneMatrixInvertsExactly() {
        assertEquals(0.25, Cholesky.invertPositiveDefinite(new double[][] {{4}})[0][0], 0.0);
    }
}
