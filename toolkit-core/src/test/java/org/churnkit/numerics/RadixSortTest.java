package org.churnkit.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The radix sort against the JDK's stable comparison sort (a merge sort of boxed indices), on keys
 * drawn from seeded generators: ties, negative and extreme longs, keys that differ in one digit
 * only, and doubles of every sign and magnitude.
 */
class RadixSortTest {
    static IntStream seeds() {
        return IntStream.rangeClosed(1, 30);
    }

    /** Keys mixing the extremes, heavy ties, small values and keys that share all but one digit. */
    static long[] keys(UniformRandomProvider rng, int n) {
        long[] k = new long[n];
        long base = rng.nextLong();
        for (int i = 0; i < n; i++) {
            k[i] = switch (rng.nextInt(7)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> -1L;
                case 3 -> rng.nextInt(4) - 2; // ties around zero, negatives included
                case 4 -> base ^ ((long) rng.nextInt(2048) << 44); // one 11-bit digit differs
                case 5 -> rng.nextLong(); // any 64 bits
                default -> (long) rng.nextInt(3) << 60; // ties in the top digit only
            };
        }
        return k;
    }

    /** Doubles of both signs, zeros of both signs, ties, infinities, subnormals and huge values. */
    static double[] doubles(UniformRandomProvider rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (rng.nextInt(8)) {
                case 0 -> -0.0;
                case 1 -> 0.0;
                case 2 -> Math.floor(rng.nextDouble() * 4) - 2;
                case 3 -> rng.nextDouble() * Double.MAX_VALUE * (rng.nextBoolean() ? 1 : -1);
                case 4 -> rng.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                case 5 -> Double.MIN_VALUE * rng.nextInt(3) * (rng.nextBoolean() ? 1 : -1);
                case 6 -> rng.nextBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE;
                default -> rng.nextDouble() * 1e-300;
            };
        }
        return v;
    }

    static int[] stableOrder(int n, Comparator<Integer> by) {
        // List.sort (and so Stream.sorted) is a stable merge sort: the reference for ties.
        return IntStream.range(0, n).boxed().sorted(by).mapToInt(Integer::intValue).toArray();
    }

    static int[] identity(int n) {
        return IntStream.range(0, n).toArray();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void permutationEqualsAStableUnsignedComparisonSort(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        long[] k = keys(rng, 1 + rng.nextInt(5000));
        int[] expected = stableOrder(k.length, (a, b) -> Long.compareUnsigned(k[a], k[b]));
        long[] sorted = k.clone();
        int[] perm = identity(k.length);
        RadixSort.sort(sorted, perm);
        assertArrayEquals(expected, perm, "ties keep their input order");
        for (int r = 0; r < k.length; r++) {
            assertEquals(k[expected[r]], sorted[r], "the keys are sorted along with the permutation");
        }
        long[] keysOnly = k.clone();
        RadixSort.sort(keysOnly);
        assertArrayEquals(sorted, keysOnly, "the keys-only sort agrees");
    }

    /** A few seeds for inputs of 65,536 keys or more: the boxed reference sort is slow. */
    static IntStream largeSeeds() {
        return IntStream.rangeClosed(1, 4);
    }

    /** Inputs large enough for the wide digits, so both digit widths meet the reference. */
    @ParameterizedTest
    @MethodSource("largeSeeds")
    void wideDigitsGiveTheSameStableOrder(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int n = (1 << 16) + rng.nextInt(20_000);
        assertEquals(16, RadixSort.digitBits(n));
        long[] k = keys(rng, n);
        int[] expected = stableOrder(n, (a, b) -> Long.compareUnsigned(k[a], k[b]));
        long[] sorted = k.clone();
        int[] perm = identity(n);
        RadixSort.sort(sorted, perm);
        assertArrayEquals(expected, perm);
        long[] keysOnly = k.clone();
        RadixSort.sort(keysOnly);
        assertArrayEquals(sorted, keysOnly);
        long[] withPayload = k.clone();
        double[] row = IntStream.range(0, n).asDoubleStream().toArray();
        RadixSort.sortWithPayloads(withPayload, row);
        assertArrayEquals(IntStream.of(expected).asDoubleStream().toArray(), row);
        double[] v = doubles(rng, n);
        int[] down = identity(n);
        RadixSort.sortBy(down, true, v);
        assertArrayEquals(stableOrder(n, (a, b) -> v[a] < v[b] ? 1 : v[a] > v[b] ? -1 : 0), down);
    }

    @Test
    void digitWidthsFollowTheMeasuredRanges() {
        assertEquals(11, RadixSort.digitBits(2));
        assertEquals(11, RadixSort.digitBits((1 << 16) - 1));
        assertEquals(16, RadixSort.digitBits(1 << 16));
        assertEquals(16, RadixSort.digitBits((1 << 21) - 1));
        assertEquals(11, RadixSort.digitBits(1 << 21));
        assertEquals(11, RadixSort.digitBits(10_000_000));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void payloadsTravelWithTheirKeysStably(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        long[] k = keys(rng, 1 + rng.nextInt(5000));
        int[] expected = stableOrder(k.length, (a, b) -> Long.compareUnsigned(k[a], k[b]));
        long[] sorted = k.clone();
        double[] row = IntStream.range(0, k.length).asDoubleStream().toArray();
        double[] minusRow = IntStream.range(0, k.length).mapToDouble(i -> -i).toArray();
        RadixSort.sortWithPayloads(sorted, row, minusRow);
        for (int r = 0; r < k.length; r++) {
            assertEquals(expected[r], (int) row[r]);
            assertEquals(-expected[r], (int) minusRow[r]);
            assertEquals(k[expected[r]], sorted[r]);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void signedOrderIsTheUnsignedOrderWithTheSignBitFlipped(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        long[] k = keys(rng, 1 + rng.nextInt(2000));
        long[] flipped = LongStream.of(k).map(v -> v ^ Long.MIN_VALUE).toArray();
        RadixSort.sort(flipped);
        long[] expected = k.clone();
        java.util.Arrays.sort(expected);
        assertArrayEquals(expected, LongStream.of(flipped).map(v -> v ^ Long.MIN_VALUE).toArray());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sortByOrdersDoublesNumericallyBothWaysAndStably(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] v = doubles(rng, 1 + rng.nextInt(3000));
        // Numeric comparison, not Double.compare: -0.0 and 0.0 are equal and keep input order.
        Comparator<Integer> asc = (a, b) -> v[a] < v[b] ? -1 : v[a] > v[b] ? 1 : 0;
        int[] up = identity(v.length);
        RadixSort.sortBy(up, false, v);
        assertArrayEquals(stableOrder(v.length, asc), up);
        int[] down = identity(v.length);
        RadixSort.sortBy(down, true, v);
        assertArrayEquals(stableOrder(v.length, asc.reversed()), down);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void severalColumnsSortLexicographically(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int n = 1 + rng.nextInt(3000);
        double[] a = doubles(rng, n);
        double[] b = doubles(rng, n);
        Comparator<Integer> byA = (i, j) -> a[i] < a[j] ? -1 : a[i] > a[j] ? 1 : 0;
        Comparator<Integer> byB = (i, j) -> b[i] < b[j] ? -1 : b[i] > b[j] ? 1 : 0;
        Comparator<Integer> lexicographic = byA.thenComparing(byB);
        int[] perm = identity(n);
        RadixSort.sortBy(perm, false, a, b);
        assertArrayEquals(stableOrder(n, lexicographic), perm);
        int[] oneAtATime = identity(n);
        RadixSort.sortBy(oneAtATime, true, b);
        RadixSort.sortBy(oneAtATime, true, a);
        assertArrayEquals(stableOrder(n, lexicographic.reversed()), oneAtATime,
                "a stable sort by the secondary column, then the primary, is the same order");
    }

    @Test
    void keyOrdersDoublesAsDoubleCompareWithZerosEqualAndNaNLast() {
        double[] ascending = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1, -Double.MIN_VALUE, 0.0,
            Double.MIN_VALUE, 1, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
        for (int i = 1; i < ascending.length; i++) {
            assertTrue(Long.compareUnsigned(RadixSort.key(ascending[i - 1]), RadixSort.key(ascending[i])) < 0,
                    ascending[i - 1] + " < " + ascending[i]);
        }
        assertEquals(RadixSort.key(0.0), RadixSort.key(-0.0));
        double otherNaN = Double.longBitsToDouble(0x7FF0_0000_0000_0001L);
        assertEquals(RadixSort.key(Double.NaN), RadixSort.key(otherNaN), "every NaN is one key");
        assertTrue(Long.compareUnsigned(RadixSort.key(Double.POSITIVE_INFINITY), RadixSort.key(Double.NaN)) < 0);
    }

    @Test
    void emptyAndSingleInputsAreLeftAlone() {
        RadixSort.sort(new long[0]);
        long[] one = {-5};
        int[] perm = {0};
        RadixSort.sort(one, perm);
        assertArrayEquals(new long[] {-5}, one);
        assertArrayEquals(new int[] {0}, perm);
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RadixSort.sort(new long[3], new int[2]));
        assertThrows(IllegalArgumentException.class, () -> RadixSort.sortWithPayloads(new long[3], new double[4]));
    }
}
