package org.churnkit.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class KMeansEngineTest {

    @Test
    void silhouetteMatchesHandComputation() {
        // Points 0 and 1 in cluster 0, point 10 alone in cluster 1 (one dimension):
        // s(0) = (10 - 1) / 10 = 0.9; s(1) = (9 - 1) / 9 = 8/9; s(10) = 0 (singleton).
        double[][] x = {{0}, {1}, {10}};
        double expected = (0.9 + 8.0 / 9 + 0) / 3;
        // Sums of three terms: exact to a few ulps.
        assertEquals(expected, KMeansEngine.silhouette(x, new int[] {0, 0, 1}, 2), 1e-15);
        // A single non-empty cluster has no silhouette.
        assertEquals(-1, KMeansEngine.silhouette(x, new int[] {0, 0, 0}, 2));
    }

    @Test
    void restartsFindWellSeparatedBlobs() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        double[][] centres = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};
        double[][] x = new double[4000][];
        for (int i = 0; i < x.length; i++) {
            double[] c = centres[i % 4];
            x[i] = new double[] {c[0] + rng.nextDouble() - 0.5, c[1] + rng.nextDouble() - 0.5};
        }
        KMeansEngine.Fit fit = KMeansEngine.bestOf(x, 4, new long[] {1, 2, 3, 4, 5}, 100, 1e-6, 2);
        // Uniform noise of width 1 per axis: within-cluster SS is 4000 * 2 / 12 = 666.7 in expectation;
        // a run that merged two blobs would cost about 25 per point more. Allow 10 % for sampling.
        assertTrue(fit.distortion() < 1.1 * 4000 * 2 / 12.0, "distortion " + fit.distortion());
        double[][] polished = KMeansEngine.polish(x, fit.centroids(), 50, 1e-9);
        int[] a = KMeansEngine.assign(polished, x);
        for (int i = 4; i < x.length; i++) {
            assertEquals(a[i % 4], a[i], "point " + i + " with the others of its blob");
        }
        assertTrue(KMeansEngine.silhouette(x, a, 4) > 0.8);
    }

    @Test
    void sameSeedsSameFit() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(4L);
        double[][] x = new double[3000][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = rng.nextDouble();
            }
        }
        long[] seeds = {11, 12, 13, 14};
        KMeansEngine.Fit a = KMeansEngine.bestOf(x, 5, seeds, 100, 1e-4, 2);
        KMeansEngine.Fit b = KMeansEngine.bestOf(x, 5, seeds, 100, 1e-4, 1);
        assertEquals(a.distortion(), b.distortion());
        for (int c = 0; c < 5; c++) {
            assertArrayEquals(a.centroids()[c], b.centroids()[c]);
        }
    }
}
