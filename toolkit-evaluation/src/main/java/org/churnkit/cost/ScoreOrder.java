package org.churnkit.cost;

import org.churnkit.numerics.RadixSort;

/**
 * Stable orderings of scores, by the core's radix sort on their order-preserving bit patterns
 * ({@link RadixSort}).
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
        return order(key, true);
    }

    /** Indices {@code 0..n-1} ordered by key ascending; ties keep their input order. */
    static int[] ascending(double[] key) {
        return order(key, false);
    }

    private static int[] order(double[] key, boolean descending) {
        int[] perm = new int[key.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        RadixSort.sortBy(perm, descending, key);
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
        RadixSort.sort(k);
        return k;
    }

    /** A key whose unsigned ascending order is the descending order of the scores. */
    static long descendingKey(double v) {
        return ~RadixSort.key(v);
    }

    /**
     * Reorders {@code perm} in place, stably, by {@code key[perm[i]]}. Used twice in a row it gives
     * a lexicographic order (secondary key first, then primary).
     */
    static void sort(double[] key, int[] perm, boolean descending) {
        RadixSort.sortBy(perm, descending, key);
    }

    /**
     * Sorts the keys (unsigned ascending, stable) and carries the payload columns along, so that
     * later passes read everything sequentially instead of gathering through a permutation.
     */
    static void sortWithPayloads(long[] keys, double[]... payloads) {
        RadixSort.sortWithPayloads(keys, payloads);
    }
}
