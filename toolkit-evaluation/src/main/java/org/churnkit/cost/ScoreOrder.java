package org.churnkit.cost;

/**
 * Stable orderings of primitive keys by an LSD radix sort on the IEEE-754 bit patterns.
 *
 * <p>Why a radix sort: every rank-based metric here needs the index permutation of the scores,
 * and boxing ten million indices for a comparator sort costs seconds. The radix sort is stable,
 * so customers with equal scores keep their input order, which makes tie handling deterministic.
 * {@code -0.0} sorts equal to {@code +0.0}. NaN keys are rejected by the callers beforehand.
 */
final class ScoreOrder {
    private ScoreOrder() {}

    /** Indices {@code 0..n-1} ordered by key descending; ties keep their input order. */
    static int[] descending(double[] key) {
        int[] perm = new int[key.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        sort(key, perm, true);
        return perm;
    }

    /** Indices {@code 0..n-1} ordered by key ascending; ties keep their input order. */
    static int[] ascending(double[] key) {
        int[] perm = new int[key.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        sort(key, perm, false);
        return perm;
    }

    /**
     * The scores of the customers with label {@code label}, as keys whose unsigned order is the
     * descending order of the scores, sorted ascending (so: scores descending). Sorting keys
     * alone, without an index permutation, halves the memory traffic of the rank metrics that only
     * need class counts per distinct score.
     */
    static long[] descendingKeys(double[] s, int[] y, int label, int count) {
        long[] k = new long[count];
        int m = 0;
        for (int i = 0; i < s.length; i++) {
            if (y[i] == label) {
                k[m++] = descendingKey(s[i]);
            }
        }
        radix(k);
        return k;
    }

    static long descendingKey(double v) {
        long bits = Double.doubleToRawLongBits(v + 0.0); // + 0.0 maps -0.0 to +0.0
        bits ^= (bits >> 63) | Long.MIN_VALUE;
        return ~bits;
    }

    /**
     * The counting step of one LSD radix pass over the 11-bit digit at {@code shift} of
     * {@code k[0, n)}: fills {@code count} with each digit's first output position. Returns false,
     * leaving the offsets unset, when every key shares the digit, so the pass would be the identity
     * and is skipped. Shared by the three sorts below.
     */
    private static boolean offsets(long[] k, int n, int shift, int[] count) {
        java.util.Arrays.fill(count, 0);
        for (int i = 0; i < n; i++) {
            count[(int) ((k[i] >>> shift) & 0x7FF)]++;
        }
        if (count[(int) ((k[0] >>> shift) & 0x7FF)] == n) {
            return false;
        }
        int sum = 0;
        for (int b = 0; b < count.length; b++) {
            int c = count[b];
            count[b] = sum;
            sum += c;
        }
        return true;
    }

    /** Unsigned ascending LSD radix sort of the keys. */
    private static void radix(long[] k) {
        int n = k.length;
        if (n < 2) {
            return;
        }
        long[] k2 = new long[n];
        int[] count = new int[1 << 11];
        long[] src = k;
        long[] dst = k2;
        for (int shift = 0; shift < 64; shift += 11) {
            if (!offsets(src, n, shift, count)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                long v = src[i];
                dst[count[(int) ((v >>> shift) & 0x7FF)]++] = v;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != k) {
            System.arraycopy(src, 0, k, 0, n);
        }
    }

    /**
     * Reorders {@code perm} in place, stably, by {@code key[perm[i]]}. Used twice in a row it gives
     * a lexicographic order (secondary key first, then primary).
     */
    static void sort(double[] key, int[] perm, boolean descending) {
        int n = perm.length;
        if (n < 2) {
            return;
        }
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(key[perm[i]] + 0.0); // + 0.0 maps -0.0 to +0.0
            // Flip so that unsigned order of the long equals numeric order of the double.
            bits ^= (bits >> 63) | Long.MIN_VALUE;
            k[i] = descending ? ~bits : bits;
        }
        long[] k2 = new long[n];
        int[] p = perm;
        int[] p2 = new int[n];
        int[] count = new int[1 << 11];
        for (int shift = 0; shift < 64; shift += 11) {
            if (!offsets(k, n, shift, count)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                int b = (int) ((k[i] >>> shift) & 0x7FF);
                int dst = count[b]++;
                k2[dst] = k[i];
                p2[dst] = p[i];
            }
            long[] tk = k;
            k = k2;
            k2 = tk;
            int[] tp = p;
            p = p2;
            p2 = tp;
        }
        if (p != perm) {
            System.arraycopy(p, 0, perm, 0, n);
        }
    }

    /**
     * Sorts the keys (unsigned ascending, stable) and carries the payload columns along, so that
     * later passes read everything sequentially instead of gathering through a permutation (ten
     * million random reads cost more than the sort itself).
     */
    static void sortWithPayloads(long[] keys, double[]... payloads) {
        int n = keys.length;
        if (n < 2) {
            return;
        }
        int q = payloads.length;
        long[] k = keys;
        long[] k2 = new long[n];
        double[][] src = payloads.clone();
        double[][] dst = new double[q][n];
        int[] count = new int[1 << 11];
        for (int shift = 0; shift < 64; shift += 11) {
            if (!offsets(k, n, shift, count)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                int to = count[(int) ((k[i] >>> shift) & 0x7FF)]++;
                k2[to] = k[i];
                for (int c = 0; c < q; c++) {
                    dst[c][to] = src[c][i];
                }
            }
            long[] tk = k;
            k = k2;
            k2 = tk;
            double[][] td = src;
            src = dst;
            dst = td;
        }
        if (k != keys) {
            System.arraycopy(k, 0, keys, 0, n);
        }
        for (int c = 0; c < q; c++) {
            if (src[c] != payloads[c]) {
                System.arraycopy(src[c], 0, payloads[c], 0, n);
            }
        }
    }
}
