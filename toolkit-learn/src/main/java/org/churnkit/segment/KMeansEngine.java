package org.churnkit.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import smile.clustering.CentroidClustering;
import smile.clustering.Clustering;
import smile.clustering.KMeans;
import smile.math.MathEx;

/**
 * k-means on primitive arrays: Smile's k-means (k-means++ seeding, BBD-tree Lloyd iterations) for
 * the restarts, plus a Lloyd polish over all customers, nearest-centroid assignment and the
 * silhouette. Every piece is deterministic for a given seed: Smile draws its k-means++ seeds from a
 * thread-local generator ({@code MathEx.setSeed} seeds the calling thread), so each restart runs on
 * a thread of our own pool that seeds itself just before the fit; parallel reductions use fixed
 * chunks summed in chunk order.
 */
final class KMeansEngine {
    private static final int CHUNK = 1 << 14;

    private KMeansEngine() {}

    /** Result of a k-means run: centroids and total within-cluster sum of squares. */
    record Fit(double[][] centroids, double distortion) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Fit f && Double.compare(distortion, f.distortion) == 0
                    && Arrays.deepEquals(centroids, f.centroids);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.deepHashCode(centroids) + Double.hashCode(distortion);
        }

        @Override
        public String toString() {
            return "Fit[centroids=" + Arrays.deepToString(centroids) + ", distortion=" + distortion + "]";
        }
    }

    /**
     * Best (lowest distortion) of {@code seeds.length} Smile k-means runs on {@code data}, run on
     * {@code threads} threads.
     */
    static Fit bestOf(double[][] data, int k, long[] seeds, int maxIter, double tol, int threads) {
        if (data.length < k) {
            throw new ChurnkitException("cannot form " + k + " segments from " + data.length + " customers");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, seeds.length)), r -> {
            Thread t = new Thread(r, "churnkit-kmeans");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Fit>> futures = new ArrayList<>();
            for (long seed : seeds) {
                futures.add(pool.submit(() -> {
                    MathEx.setSeed(seed);
                    CentroidClustering<double[], double[]> c =
                            KMeans.fit(data, new Clustering.Options(k, maxIter, tol, null));
                    double[][] centers = new double[c.k()][];
                    for (int i = 0; i < c.k(); i++) {
                        centers[i] = c.center(i).clone();
                    }
                    return new Fit(centers, c.distortion());
                }));
            }
            Fit best = null;
            // Ties keep the earliest seed, so the choice does not depend on thread timing. A run that
            // emptied a cluster leaves a NaN centroid (many duplicate customers do that); it counts
            // as failed.
            for (Future<Fit> f : futures) {
                Fit fit = f.get();
                if (finite(fit) && (best == null || fit.distortion() < best.distortion())) {
                    best = fit;
                }
            }
            if (best == null) {
                throw new ChurnkitException("k-means could not form " + k + " non-empty segments in " + seeds.length
                        + " runs; the customers have too few distinct profiles for " + k + " segments");
            }
            return best;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChurnkitException("k-means interrupted", e);
        } catch (ExecutionException e) {
            throw new ChurnkitException("k-means failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean finite(Fit fit) {
        if (!Double.isFinite(fit.distortion())) {
            return false;
        }
        for (double[] c : fit.centroids()) {
            for (double v : c) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Number of distinct rows of {@code x}, counting at most up to {@code cap}. */
    static int distinctRows(double[][] x, int cap) {
        java.util.Set<java.util.List<Double>> seen = new java.util.HashSet<>();
        for (double[] row : x) {
            java.util.List<Double> key = new java.util.ArrayList<>(row.length);
            for (double v : row) {
                key.add(v);
            }
            if (seen.add(key) && seen.size() >= cap) {
                break;
            }
        }
        return seen.size();
    }

    /** Index of the centroid nearest to {@code x} (lowest index on ties). */
    static int nearest(double[][] centroids, double[] x) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double[] m = centroids[c];
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                double t = x[j] - m[j];
                s += t * t;
            }
            if (s < bestD) {
                bestD = s;
                best = c;
            }
        }
        return best;
    }

    /** Total squared distance of every row to its nearest centroid, summed in fixed chunks (deterministic). */
    static double distortion(double[][] centroids, double[][] data) {
        int n = data.length;
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[] part = new double[chunks];
        IntStream.range(0, chunks).parallel().forEach(b -> {
            double s = 0;
            for (int i = b * CHUNK, e = Math.min(n, i + CHUNK); i < e; i++) {
                double[] m = centroids[nearest(centroids, data[i])];
                for (int j = 0; j < m.length; j++) {
                    double t = data[i][j] - m[j];
                    s += t * t;
                }
            }
            part[b] = s;
        });
        double total = 0;
        for (double v : part) {
            total += v;
        }
        return total;
    }

    /** Nearest centroid of every row, in parallel. */
    static int[] assign(double[][] centroids, double[][] data) {
        int[] out = new int[data.length];
        IntStream.range(0, data.length).parallel().forEach(i -> out[i] = nearest(centroids, data[i]));
        return out;
    }

    /**
     * Lloyd iterations over all rows starting from {@code start}, until no centroid moves by more
     * than {@code tol} (Euclidean, in standardised units) or {@code maxIter} iterations. A centroid
     * that loses all its points stays where it was.
     */
    static double[][] polish(double[][] data, double[][] start, int maxIter, double tol) {
        int k = start.length;
        int d = start[0].length;
        double[][] c = new double[k][];
        for (int i = 0; i < k; i++) {
            c[i] = start[i].clone();
        }
        int n = data.length;
        int chunks = (n + CHUNK - 1) / CHUNK;
        for (int iter = 0; iter < maxIter; iter++) {
            final double[][] cur = c;
            double[][][] sums = new double[chunks][][];
            long[][] counts = new long[chunks][];
            IntStream.range(0, chunks).parallel().forEach(b -> {
                double[][] s = new double[k][d];
                long[] cnt = new long[k];
                for (int i = b * CHUNK, e = Math.min(n, i + CHUNK); i < e; i++) {
                    int a = nearest(cur, data[i]);
                    cnt[a]++;
                    double[] row = data[i];
                    double[] sa = s[a];
                    for (int j = 0; j < d; j++) {
                        sa[j] += row[j];
                    }
                }
                sums[b] = s;
                counts[b] = cnt;
            });
            double[][] next = new double[k][d];
            long[] total = new long[k];
            for (int b = 0; b < chunks; b++) {
                for (int a = 0; a < k; a++) {
                    total[a] += counts[b][a];
                    for (int j = 0; j < d; j++) {
                        next[a][j] += sums[b][a][j];
                    }
                }
            }
            double maxMove = 0;
            for (int a = 0; a < k; a++) {
                if (total[a] == 0) {
                    next[a] = cur[a].clone();
                    continue;
                }
                double move = 0;
                for (int j = 0; j < d; j++) {
                    next[a][j] /= total[a];
                    double t = next[a][j] - cur[a][j];
                    move += t * t;
                }
                maxMove = Math.max(maxMove, Math.sqrt(move));
            }
            c = next;
            if (maxMove <= tol) {
                break;
            }
        }
        return c;
    }

    /**
     * Mean silhouette of the labelled points: for point i in cluster A, a(i) is its mean distance
     * to the other points of A, b(i) the smallest mean distance to the points of another cluster,
     * s(i) = (b - a) / max(a, b), and s(i) = 0 when A has one point (Rousseeuw 1987, "Silhouettes:
     * a graphical aid to the interpretation and validation of cluster analysis", J. Comput. Appl.
     * Math. 20:53-65). O(m^2 d): call it on a sample. Returns a value in [-1, 1]; -1 when fewer than
     * two clusters are non-empty (no separation to measure).
     */
    static double silhouette(double[][] x, int[] label, int k) {
        int m = x.length;
        int[] size = new int[k];
        for (int l : label) {
            size[l]++;
        }
        int nonEmpty = 0;
        for (int s : size) {
            nonEmpty += s > 0 ? 1 : 0;
        }
        if (nonEmpty < 2) {
            return -1;
        }
        double[] s = new double[m];
        IntStream.range(0, m).parallel().forEach(i -> {
            double[] sum = new double[k];
            double[] xi = x[i];
            for (int q = 0; q < m; q++) {
                double[] xq = x[q];
                double t = 0;
                for (int j = 0; j < xi.length; j++) {
                    double u = xi[j] - xq[j];
                    t += u * u;
                }
                sum[label[q]] += Math.sqrt(t);
            }
            int own = label[i];
            if (size[own] <= 1) {
                s[i] = 0;
                return;
            }
            double a = sum[own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && size[c] > 0) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            double den = Math.max(a, b);
            s[i] = den > 0 ? (b - a) / den : 0;
        });
        double total = 0;
        for (double v : s) {
            total += v;
        }
        return total / m;
    }
}
