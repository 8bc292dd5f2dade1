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
 * <p>Cost: four passes of 16-bit digits for 65,536 to 2,097,151 keys, else six passes of 11-bit
 * digits (the faster width at each size), each one counting read and one scattering
 * read-and-write of the keys (and of what they carry); a pass whose digit every key shares is
 * skipped after its count, so keys that differ only in a few bits (whole-number times, scores
 * rounded to a grid) take one or two scattering passes. Time is linear in the keys (no comparisons, no boxing: ten
 * million keys in a fraction of a second, where a boxed comparator sort takes seconds); extra
 * memory is one copy of the keys and of what they carry, plus the count table (8 or 256 KB).
 */
public final class RadixSort {
    /** Digits of 11 bits: six passes, a count table that fits the L1 cache. */
    private static final int NARROW = 11;
    /** Digits of 16 bits: four passes, a 256 KB count table. */
    private static final int WIDE = 16;
    /** The input sizes sorted with wide digits: {@code [WIDE_FROM, WIDE_BELOW)}. */
    private static final int WIDE_FROM = 1 << 16;
    private static final int WIDE_BELOW = 1 << 21;

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
        int bits = digitBits(n);
        int mask = (1 << bits) - 1;
        long[] src = keys;
        long[] dst = new long[n];
        int[] count = new int[1 << bits];
        for (int shift = 0; shift < 64; shift += bits) {
            if (!offsets(src, n, shift, mask, count)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                long v = src[i];
                dst[count[(int) ((v >>> shift) & mask)]++] = v;
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
        if (n >= 2) {
            long[] k2 = new long[n];
            int[] p2 = new int[n];
            if (passes(keys, perm, k2, p2, new int[1 << digitBits(n)]) != perm) {
                System.arraycopy(k2, 0, keys, 0, n);
                System.arraycopy(p2, 0, perm, 0, n);
            }
        }
    }

    /**
     * Reorders {@code perm} in place, stably, by the rows' values in {@code columns}, compared
     * lexicographically (the first column decides, the next breaks its ties, and so on), each
     * value in numeric order ({@link #key(double)}), ascending or descending. Row {@code r} of
     * the order is {@code perm[r]}; a column is indexed by those row numbers. Equal rows keep
     * their order in {@code perm}. Cost: one sort per column, the last column first, sharing one
     * set of buffers.
     *
     * @param perm the row numbers to reorder
     * @param descending whether larger values come first (in every column)
     * @param columns the columns, most significant first
     */
    public static void sortBy(int[] perm, boolean descending, double[]... columns) {
        int n = perm.length;
        if (n < 2) {
            return;
        }
        long flip = descending ? -1L : 0L;
        long[] k = new long[n];
        long[] k2 = new long[n];
        int[] count = new int[1 << digitBits(n)];
        // The order moves between two arrays, copied into perm once at the end.
        int[] order = perm;
        int[] spare = new int[n];
        for (int c = columns.length - 1; c >= 0; c--) {
            double[] column = columns[c];
            for (int r = 0; r < n; r++) {
                k[r] = key(column[order[r]]) ^ flip;
            }
            if (passes(k, order, k2, spare, count) != order) {
                int[] t = order;
                order = spare;
                spare = t;
            }
        }
        if (order != perm) {
            System.arraycopy(order, 0, perm, 0, n);
        }
    }

    /**
     * The passes of {@link #sort(long[], int[])} on buffers the caller provides ({@code n >= 2};
     * the digit width is the count table's). The sorted keys and entries end in {@code keys} and
     * {@code perm}, or in {@code k2} and {@code p2}: the array returned says which.
     */
    private static int[] passes(long[] keys, int[] perm, long[] k2, int[] p2, int[] count) {
        int n = keys.length;
        int bits = Integer.numberOfTrailingZeros(count.length);
        int mask = count.length - 1;
        long[] k = keys;
        int[] p = perm;
        for (int shift = 0; shift < 64; shift += bits) {
            if (!offsets(k, n, shift, mask, count)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                long v = k[i];
                int to = count[(int) ((v >>> shift) & mask)]++;
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
        return p;
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
        int bits = digitBits(n);
        int mask = (1 << bits) - 1;
        int[] count = new int[1 << bits];
        for (int shift = 0; shift < 64; shift += bits) {
            if (!offsets(k, n, shift, mask, count)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                int to = count[(int) ((k[i] >>> shift) & mask)]++;
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
     * The digit width for {@code n} keys. Wide digits save two of six passes, but below 65,536
     * keys their count table costs more than the passes it saves, and from a few million keys on
     * scattering into 65,536 places at once misses the caches more than six narrow passes do
     * (measured from 4,096 to ten million keys: at a million, wide digits take a fifth less time;
     * at four and ten million, a tenth and a quarter more).
     *
     * @param n the number of keys
     * @return 16 or 11
     */
    static int digitBits(int n) {
        return n >= WIDE_FROM && n < WIDE_BELOW ? WIDE : NARROW;
    }

    /**
     * The counting step of one pass over the digit at {@code shift} of {@code k[0, n)}: fills
     * {@code count} with each digit's first output position. Returns false, leaving the offsets
     * unset, when every key shares the digit, so the pass would be the identity and is skipped.
     */
    private static boolean offsets(long[] k, int n, int shift, int mask, int[] count) {
        Arrays.fill(count, 0);
        for (int i = 0; i < n; i++) {
            count[(int) ((k[i] >>> shift) & mask)]++;
        }
        if (count[(int) ((k[0] >>> shift) & mask)] == n) {
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
