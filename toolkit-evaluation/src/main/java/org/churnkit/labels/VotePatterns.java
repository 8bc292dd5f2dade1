package org.churnkit.labels;

import java.util.Arrays;

/**
 * The distinct vote patterns of a {@link Votes} table: each row's votes of all rules, as one key,
 * with how many rows share it. The label model's posterior depends on a row only through its
 * pattern, so EM runs over patterns (a few thousand at most in practice) instead of rows.
 * Each rule's vote takes two bits (0 abstain, 1 class 0, 2 class 1), 32 rules to a 64-bit word.
 */
final class VotePatterns {
    /** Number of distinct patterns. */
    final int size;
    /** Rows per pattern. */
    final double[] count;
    /** Pattern of each row. */
    final int[] patternOfRow;
    /** Votes of pattern p for rule r at {@code votes[p * rules + r]}: 0, 1 or -1. */
    final byte[] votes;
    final int rules;

    private VotePatterns(int size, double[] count, int[] patternOfRow, byte[] votes, int rules) {
        this.size = size;
        this.count = count;
        this.patternOfRow = patternOfRow;
        this.votes = votes;
        this.rules = rules;
    }

    static VotePatterns of(Votes v) {
        int n = v.rows();
        int r = v.rules().size();
        int words = (r + 31) / 32;
        long[] keys = new long[n * words];
        for (int j = 0; j < r; j++) {
            byte[] col = v.column(j);
            int w = j / 32;
            int shift = 2 * (j % 32);
            for (int i = 0; i < n; i++) {
                keys[i * words + w] |= (long) (col[i] + 1) << shift;
            }
        }
        int cap = 1024;
        int[] slots = new int[cap]; // pattern index + 1, 0 = empty
        long[] patternKeys = new long[64 * words];
        double[] count = new double[64];
        int[] firstRow = new int[64];
        int size = 0;
        int[] of = new int[n];
        for (int i = 0; i < n; i++) {
            int base = i * words;
            long h = 0x9E3779B97F4A7C15L;
            for (int w = 0; w < words; w++) {
                h = (h ^ keys[base + w]) * 0xBF58476D1CE4E5B9L;
                h ^= h >>> 31;
            }
            int mask = cap - 1;
            int s = (int) h & mask;
            int found = -1;
            while (slots[s] != 0) {
                int p = slots[s] - 1;
                if (Arrays.equals(patternKeys, p * words, p * words + words, keys, base, base + words)) {
                    found = p;
                    break;
                }
                s = (s + 1) & mask;
            }
            if (found < 0) {
                found = size++;
                if (found == count.length) {
                    count = Arrays.copyOf(count, 2 * found);
                    firstRow = Arrays.copyOf(firstRow, 2 * found);
                    patternKeys = Arrays.copyOf(patternKeys, 2 * found * words);
                }
                System.arraycopy(keys, base, patternKeys, found * words, words);
                firstRow[found] = i;
                slots[s] = found + 1;
                if (2 * size > cap) {
                    cap *= 2;
                    slots = rehash(patternKeys, size, words, cap);
                }
            }
            count[found]++;
            of[i] = found;
        }
        byte[] votes = new byte[size * r];
        for (int p = 0; p < size; p++) {
            for (int j = 0; j < r; j++) {
                votes[p * r + j] = (byte) v.vote(j, firstRow[p]);
            }
        }
        return new VotePatterns(size, Arrays.copyOf(count, size), of, votes, r);
    }

    private static int[] rehash(long[] patternKeys, int size, int words, int cap) {
        int[] slots = new int[cap];
        int mask = cap - 1;
        for (int p = 0; p < size; p++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int w = 0; w < words; w++) {
                h = (h ^ patternKeys[p * words + w]) * 0xBF58476D1CE4E5B9L;
                h ^= h >>> 31;
            }
            int s = (int) h & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = p + 1;
        }
        return slots;
    }
}
