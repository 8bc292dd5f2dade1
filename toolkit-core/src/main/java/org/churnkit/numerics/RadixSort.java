package org.churnkit.numerics;

import java.util.Arrays;

/**
 * A stable least-significant-digit radix sort of {@code long} keys in unsigned ascending order
 * ({@link Long#compareUnsigned}), optionally carrying an index permutation or {@code double}
 * columns along with the keys. Internal: shared by the history compression of the model package
 * and the score orderings of churnkit's evaluation module, the two places that sort millions of
 * rows.
 *
 * <p>What it sorts: keys in unsigned order. A {@code double} column is sorted through
 * {@link #key(double)}, whose unsigned order is the numeric order of the values; a signed order of
 * plain longs is the unsigned order of {@code v ^ Long.MIN_VALUE}; a descending order is the
 * ascending order of {@code ~key}.
 *
 * <p>Stability: equal keys keep their input order, so ties are broken deterministically (by row
 * number) and sorting a permutation by one column after another, the last column first, orders
 * it lexicographically.
 *
 * <p>Cost: {@code ceil(64 / 11) = 6} passes of 11-bit digits, each one counting read and one
 * scattering read-and-write of the keys (and of what they carry); a pass whose digit every key
 * shares is skipped after its count, so keys that differ only in a few bits (whole-number times,
 * scores rounded to a grid) take one or two scattering passes. Time is linear in the keys, with
 * sequential reads (no comparisons, no boxing: ten million keys in a fraction of a second, where a
 * boxed comparator sort takes seconds); extra memory is one copy of the keys and of what they
 * carry, plus a 2048-entry count table.
 */
public final class RadixSort {
    private static final int BITS = 11;
    private static final int MASK = (1 << BITS) - 1;

    private RadixSort() {}

    /**
     * The key of a {@code double} whose unsigned order is its numeric order: {@code -0.0} maps
     * to the key of {@code +0.0} (they are equal scores, ordered by input), and NaN, whatever its
     * payload, to one key above {@code +Infinity} ({@link Double#compare}'s order otherwise).
     *
     * @param v the value
     * @return the sortable key
     */
    public static long key(double v) {
        long bits = Double.doubleToLongBits(v + 0.0); // + 0.0 maps -0.0 to +0.0
        // Positive: set the sign bit, so positives sort above negatives. Negative: flip all
        // bits, so that a larger magnitude sorts lower.
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    /**
     * Sorts the keys in unsigned ascending order, in place.
     *
     * @param keys the keys
     */
    public static void sort(long[] keys) {
        int n = keys.length;
        if (n < 2) {
            return;
        }
        long[] src = keys;
        long[] dst = new long[n];
        int[] count = new int[1 << BITS];
        for (int shift = 0; shift < 64; shift += BITS) {
            if (!offsets(src, n, shift, count)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                long v = src[i];
                dst[count[(int) ((v >>> shift) & MASK)]++] = v;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != keys) {
            System.arraycopy(src, 0, keys, 0, n);
        }
    }

    /**
     * Sorts the keys in unsigned ascending order, stably, and reorders {@code perm} along with
     * them: afterwards {@code perm[r]} is the entry that stood beside the {@code r}-th smallest key.
     * Starting from the identity, {@code perm} becomes the sorting permutation of the keys.
     *
     * @param keys the keys, sorted in place
     * @param perm the entries carried with the keys, as long as {@code keys}
     * @throws IllegalArgumentException if the lengths differ
     */
    public static void sort(long[] keys, int[] perm) {
        int n = keys.length;
        if (perm.length != n) {
            throw new IllegalArgumentException(n + " keys but " + perm.length + " permutation entries");
        }
        if (n < 2) {
            return;
        }
        long[] k = keys;
        long[] k2 = new long[n];
        int[] p = perm;
        int[] p2 = new int[n];
        int[] count = new int[1 << BITS];
        for (int shift = 0; shift < 64; shift += BITS) {
            if (!offsets(k, n, shift, count)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                long v = k[i];
                int to = count[(int) ((v >>> shift) & MASK)]++;
                k2[to] = v;
                p2[to] = p[i];
            }
            long[] tk = k;
            k = k2;
            k2 = tk;
            int[] tp = p;
            p = p2;
            p2 = tp;
        }
        if (k != keys) {
            System.arraycopy(k, 0, keys, 0, n);
            System.arraycopy(p, 0, perm, 0, n);
        }
    }

    /**
     * Reorders {@code perm} in place, stably, by the values {@code column[perm[r]]}, ascending or
     * descending in their numeric order ({@link #key(double)}). Applied once per column, the last
     * column first, it orders rows lexicographically.
     *
     * @param column the values, indexed by the entries of {@code perm}
     * @param perm the row numbers to reorder
     * @param descending whether larger values come first
     */
    public static void sortBy(double[] column, int[] perm, boolean descending) {
        int n = perm.length;
        if (n < 2) {
            return;
        }
        long[] k = new long[n];
        long flip = descending ? -1L : 0L;
        for (int r = 0; r < n; r++) {
            k[r] = key(column[perm[r]]) ^ flip;
        }
        sort(k, perm);
    }

    /**
     * Sorts the keys in unsigned ascending order, stably, and reorders each payload column along
     * with them, so that later passes read the columns sequentially instead of gathering through
     * a permutation (ten million random reads cost more than the sort itself).
     *
     * @param keys the keys, sorted in place
     * @param payloads columns as long as {@code keys}, reordered in place
     * @throws IllegalArgumentException if a column's length differs from the keys'
     */
    public static void sortWithPayloads(long[] keys, double[]... payloads) {
        int n = keys.length;
        for (double[] column : payloads) {
            if (column.length != n) {
                throw new IllegalArgumentException(n + " keys but a payload of " + column.length);
            }
        }
        if (n < 2) {
            return;
        }
        int q = payloads.length;
        long[] k = keys;
        long[] k2 = new long[n];
        double[][] src = payloads.clone();
        double[][] dst = new double[q][n];
        int[] count = new int[1 << BITS];
        for (int shift = 0; shift < 64; shift += BITS) {
            if (!offsets(k, n, shift, count)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                int to = count[(int) ((k[i] >>> shift) & MASK)]++;
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

    /**
     * The counting step of one pass over the digit at {@code shift} of {@code k[0, n)}: fills
     * {@code count} with each digit's first output position. Returns false, leaving the offsets
     * unset, when every key shares the digit, so the pass would be the identity and is skipped.
     */
    private static boolean offsets(long[] k, int n, int shift, int[] count) {
        Arrays.fill(count, 0);
        for (int i = 0; i < n; i++) {
            count[(int) ((k[i] >>> shift) & MASK)]++;
        }
        if (count[(int) ((k[0] >>> shift) & MASK)] == n) {
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
}
