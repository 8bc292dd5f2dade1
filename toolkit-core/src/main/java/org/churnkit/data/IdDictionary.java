package org.churnkit.data;

import java.util.Arrays;

/**
 * Dictionary encoding of customer ids: each distinct id gets a dense int code in order of first
 * appearance. Lookups take the id as a slice of a char buffer, so a parser allocates a String
 * only the first time it meets an id (for a 10M-row log with 1M customers: 1M Strings, not 10M).
 *
 * <p>Open addressing with linear probing; the table stays at most half full.
 */
public final class IdDictionary {
    private String[] ids = new String[1024];
    private int[] hashes = new int[1024];
    private int[] table = new int[2048]; // code + 1; 0 = empty
    private int size;

    /** Number of distinct ids so far. */
    public int size() {
        return size;
    }

    /** The id with this code. */
    public String id(int code) {
        return ids[code];
    }

    /** All ids, indexed by code (a copy of exactly {@link #size()} entries). */
    public String[] ids() {
        return Arrays.copyOf(ids, size);
    }

    /** Code of the id, added when new. */
    public int intern(String id) {
        char[] c = id.toCharArray();
        return intern(c, 0, c.length);
    }

    /** Code of the id held in {@code buf[off, off+len)}, added when new. */
    public int intern(char[] buf, int off, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + buf[off + i];
        }
        h ^= h >>> 16;
        int mask = table.length - 1;
        int slot = h & mask;
        while (true) {
            int e = table[slot];
            if (e == 0) {
                break;
            }
            int code = e - 1;
            if (hashes[code] == h && same(ids[code], buf, off, len)) {
                return code;
            }
            slot = (slot + 1) & mask;
        }
        int code = size++;
        if (code == ids.length) {
            ids = Arrays.copyOf(ids, code * 2);
            hashes = Arrays.copyOf(hashes, code * 2);
        }
        ids[code] = new String(buf, off, len);
        hashes[code] = h;
        table[slot] = code + 1;
        if (2 * size > table.length) {
            rehash();
        }
        return code;
    }

    private static boolean same(String s, char[] buf, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != buf[off + i]) {
                return false;
            }
        }
        return true;
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int mask = t.length - 1;
        for (int code = 0; code < size; code++) {
            int slot = hashes[code] & mask;
            while (t[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            t[slot] = code + 1;
        }
        table = t;
    }
}
