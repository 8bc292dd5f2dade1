package org.churnkit.data;

import java.util.Arrays;

/**
 * Dictionary encoding of customer ids: each distinct id gets a dense int code in order of first
 * appearance. Lookups take the id as a slice of a char buffer, so a parser allocates a String
 * only the first time it meets an id (for a 10M-row log with 1M customers: 1M Strings, not 10M).
 *
 * <p>Why the layout: with a million customers the table is far larger than the CPU caches, so a
 * lookup costs its cache misses. Each slot is two adjacent longs (one cache line): a key word and
 * a meta word (code, length, hash bits). Ids of at most 8 ASCII characters (most ids: numbers,
 * {@code C0012345}) are packed into the key word itself and compared there, exactly, with one
 * memory access; longer ids keep a 64-bit hash there and are confirmed against the stored String.
 * Open addressing with linear probing, at most half full.
 */
final class IdDictionary {
    private String[] ids = new String[1024];
    private long[] slots = new long[2 * 2048]; // [key word, meta]; meta 0 = empty
    private int size;

    /** An empty dictionary. */
    public IdDictionary() {
    }

    /**
     * An empty dictionary sized for {@code expected} ids, so that filling it needs no rehash (a
     * summary state of millions of customers is read back without rebuilding its table).
     *
     * @param expected the number of ids expected
     */
    IdDictionary(int expected) {
        int cap = 2048;
        while (cap < 2L * expected && cap < (1 << 30)) {
            cap <<= 1;
        }
        ids = new String[Math.max(1024, expected)];
        slots = new long[2 * cap];
    }

    /**
     * An independent copy (the table is cloned, not rebuilt).
     *
     * @return a dictionary with the same ids and codes
     */
    IdDictionary copy() {
        IdDictionary d = new IdDictionary();
        d.ids = ids.clone();
        d.slots = slots.clone();
        d.size = size;
        return d;
    }

    /**
     * Code of the id, without adding it.
     *
     * @param id the customer id
     * @return its code, or -1 when the id has none
     */
    public int find(String id) {
        int len = id.length();
        long word = len <= 8 ? pack(id) : NOT_PACKED;
        boolean packed = word != NOT_PACKED;
        if (!packed) {
            word = hash(id);
        }
        int found = probe(word, metaTag(len, packed), id, 0, len);
        return found >= 0 ? found : -1;
    }

    /**
     * Number of distinct ids so far.
     *
     * @return the number of codes given out
     */
    public int size() {
        return size;
    }

    /**
     * The id with this code.
     *
     * @param code a code, {@code 0 <= code < size()}
     * @return the id
     */
    public String id(int code) {
        return ids[code];
    }

    /**
     * All ids, indexed by code (a copy of exactly {@link #size()} entries).
     *
     * @return the ids; index = code
     */
    public String[] ids() {
        return Arrays.copyOf(ids, size);
    }

    /**
     * Code of the id, added when new.
     *
     * @param id the customer id
     * @return its code; codes are given out 0, 1, 2, ... in order of first appearance
     */
    public int intern(String id) {
        char[] c = id.toCharArray();
        return intern(c, 0, c.length);
    }

    /**
     * Code of the id held in {@code buf[off, off+len)}, added when new.
     *
     * @param buf characters holding the id
     * @param off index of the id's first character
     * @param len the id's length in characters
     * @return its code
     */
    public int intern(char[] buf, int off, int len) {
        long word = len <= 8 ? pack(buf, off, len) : NOT_PACKED;
        boolean packed = word != NOT_PACKED;
        if (!packed) {
            word = hash(buf, off, len);
        }
        long metaTag = metaTag(len, packed);
        int found = probe(word, metaTag, buf, off, len);
        if (found >= 0) {
            return found;
        }
        int slot = ~found;
        int code = size++;
        if (code == ids.length) {
            ids = Arrays.copyOf(ids, code * 2);
        }
        ids[code] = new String(buf, off, len);
        slots[2 * slot] = word;
        slots[2 * slot + 1] = metaTag | (code + 1);
        if (2 * size > (slots.length >> 1)) {
            rehash();
        }
        return code;
    }

    /**
     * Code of the id whose UTF-8 bytes are {@code buf[off, off+len)}, added when new: the same code
     * {@link #intern(char[], int, int)} gives the decoded id (ASCII is handled on the bytes,
     * anything else is decoded first).
     *
     * @param buf bytes holding the id, UTF-8
     * @param off index of the id's first byte
     * @param len the id's length in bytes
     * @return its code
     */
    public int internUtf8(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (buf[off + i] < 0) {
                char[] c = new String(buf, off, len, java.nio.charset.StandardCharsets.UTF_8).toCharArray();
                return intern(c, 0, c.length);
            }
        }
        boolean packed = len <= 8;
        long word = packed ? packAscii(buf, off, len) : hashAscii(buf, off, len);
        int found = probe(word, metaTag(len, packed), buf, off, len);
        if (found >= 0) {
            return found;
        }
        char[] c = new char[len];
        for (int i = 0; i < len; i++) {
            c[i] = (char) buf[off + i];
        }
        return intern(c, 0, len); // new id: rare, take the char path that stores it
    }

    /**
     * Fills this empty dictionary, sized for at least {@code n} ids ({@link #IdDictionary(int)}),
     * with {@code n} ids given as UTF-8 bytes, id {@code i} being {@code buf[off[i], off[i+1])} and
     * getting code {@code i}: the table {@link #internUtf8} would build one id at a time, built
     * for a state file read back. Why not one at a time: that hashes each id twice, copies it
     * through a char array and waits for every table slot's cache miss in turn, which for ten
     * million ids is most of the read. Here the keys are hashed in one pass, the table is filled
     * in a tight loop whose loads the CPU overlaps, and the id Strings are made meanwhile on
     * another core (the common fork-join pool), so the two halves of the work run side by side.
     * The table is the one the one-at-a-time path gives (same slots, as the ids go in in the same
     * order), so lookups and later interns behave identically.
     *
     * @param buf the ids' bytes, UTF-8, back to back
     * @param off start of each id in {@code buf}, {@code n + 1} entries (the last is the end)
     * @param n number of ids
     * @return -1 when every id is distinct, else the index of the first id equal to an earlier one
     *     (the dictionary is then unusable)
     * @throws IllegalStateException when the dictionary is not empty or too small for {@code n} ids
     */
    int loadUtf8(byte[] buf, int[] off, int n) {
        if (size != 0 || 2L * n > (slots.length >> 1) || ids.length < n) {
            throw new IllegalStateException("loadUtf8 needs an empty dictionary sized for " + n + " ids");
        }
        String[] out = ids;
        // Non-ASCII ids are decoded first (they are rare): their keys come from the decoded
        // characters, exactly as intern(char[]) computes them.
        String[] wide = null;
        for (int c = 0; c < n; c++) {
            for (int i = off[c]; i < off[c + 1]; i++) {
                if (buf[i] < 0) {
                    if (wide == null) {
                        wide = new String[n];
                    }
                    wide[c] = new String(buf, off[c], off[c + 1] - off[c], java.nio.charset.StandardCharsets.UTF_8);
                    break;
                }
            }
        }
        String[] decoded = wide;
        java.util.concurrent.ForkJoinTask<?> strings = java.util.concurrent.ForkJoinPool.commonPool().submit(() -> {
            for (int c = 0; c < n; c++) {
                out[c] = decoded != null && decoded[c] != null ? decoded[c]
                        : new String(buf, off[c], off[c + 1] - off[c], java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        });
        long[] words = new long[n];
        long[] metas = new long[n];
        for (int c = 0; c < n; c++) {
            if (decoded != null && decoded[c] != null) {
                // a decoded id holds a char >= 128, so it is never packed
                words[c] = hash(decoded[c]);
                metas[c] = metaTag(decoded[c].length(), false);
                continue;
            }
            int from = off[c];
            int len = off[c + 1] - from;
            boolean packed = len <= 8;
            words[c] = packed ? packAscii(buf, from, len) : hashAscii(buf, from, len);
            metas[c] = metaTag(len, packed);
        }
        long[] t = slots;
        int mask = (t.length >> 1) - 1;
        int duplicate = -1;
        for (int c = 0; c < n && duplicate < 0; c++) {
            long word = words[c];
            long metaTag = metas[c];
            boolean packed = isPacked(metaTag);
            int slot = (int) slotHash(word, metaTag) & mask;
            while (true) {
                long meta = t[2 * slot + 1];
                if (meta == 0) {
                    t[2 * slot] = word;
                    t[2 * slot + 1] = metaTag | (c + 1);
                    break;
                }
                if (t[2 * slot] == word && (meta & TAG_BITS) == metaTag) {
                    int code = code(meta);
                    if (packed || sameKey(buf, off, decoded, code, c)) {
                        duplicate = c;
                        break;
                    }
                }
                slot = (slot + 1) & mask;
            }
        }
        strings.join();
        size = n;
        return duplicate;
    }

    /**
     * Whether the other dictionary holds the same ids under the same codes in the same table
     * slots (for tests of {@link #loadUtf8}).
     *
     * @param o another dictionary
     * @return whether ids, codes and table are identical
     */
    boolean sameTable(IdDictionary o) {
        return size == o.size && Arrays.equals(ids, 0, size, o.ids, 0, o.size) && Arrays.equals(slots, o.slots);
    }

    /** Whether ids {@code a} and {@code b} of a {@link #loadUtf8} batch are equal (decoded ids by their text). */
    private static boolean sameKey(byte[] buf, int[] off, String[] decoded, int a, int b) {
        String da = decoded == null ? null : decoded[a];
        String db = decoded == null ? null : decoded[b];
        if (da != null || db != null) {
            // an ASCII id never equals a decoded one: decoding non-ASCII bytes yields a char >= 128
            return da != null && da.equals(db);
        }
        return java.util.Arrays.equals(buf, off[a], off[a + 1], buf, off[b], off[b + 1]);
    }

    private static boolean sameAscii(String s, byte[] buf, int off, int len) {
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

    private long[] batchWord = new long[0];
    private long[] batchMeta = new long[0];

    /**
     * Interns {@code n} ids at once: id {@code i} is {@code chars[offsets[i], offsets[i+1])}; its code
     * goes to {@code codes[codesOff + i]}. Same result as {@link #intern(char[], int, int)} one by
     * one, faster for large dictionaries: the keys are hashed first, then the table is probed in a
     * tight loop whose loads do not depend on each other, so the CPU overlaps their cache misses
     * instead of waiting for each in turn.
     *
     * @param chars characters holding the ids back to back
     * @param offsets start of each id in {@code chars}, {@code n + 1} entries (the last is the end)
     * @param n number of ids
     * @param codes receives the codes
     * @param codesOff index in {@code codes} of the first id's code
     */
    public void internBatch(char[] chars, int[] offsets, int n, int[] codes, int codesOff) {
        if (batchWord.length < n) {
            batchWord = new long[n];
            batchMeta = new long[n];
        }
        long[] words = batchWord;
        long[] metas = batchMeta;
        for (int i = 0; i < n; i++) {
            int off = offsets[i];
            int len = offsets[i + 1] - off;
            long word = len <= 8 ? pack(chars, off, len) : NOT_PACKED;
            boolean packed = word != NOT_PACKED;
            words[i] = packed ? word : hash(chars, off, len);
            metas[i] = metaTag(len, packed);
        }
        for (int i = 0; i < n; i++) {
            int off = offsets[i];
            int len = offsets[i + 1] - off;
            int found = probe(words[i], metas[i], chars, off, len);
            codes[codesOff + i] = found >= 0 ? found : intern(chars, off, len);
        }
    }

    /** The meta bits that identify a key: its length and whether it is packed. */
    private static final long TAG_BITS = 0xFFFF_FFFF_8000_0000L;
    private static final long PACKED_BIT = 1L << 31;
    /** No packed key: every byte of a packed word is below 128, so its low byte is never 0xFF. */
    private static final long NOT_PACKED = -1L;

    /**
     * The code of the slot whose key is {@code (word, metaTag)}, confirmed against the stored
     * id when the key is a hash; else {@code ~slot} of the empty slot where the id would go. The
     * one probe loop of every lookup: the id is {@code src[off, off+len)} for a {@code char[]}
     * or an all-ASCII {@code byte[]}, or the String {@code src} itself.
     */
    private int probe(long word, long metaTag, Object src, int off, int len) {
        long[] t = slots;
        int mask = (t.length >> 1) - 1;
        boolean packed = isPacked(metaTag);
        int slot = (int) slotHash(word, metaTag) & mask;
        while (true) {
            long meta = t[2 * slot + 1];
            if (meta == 0) {
                return ~slot;
            }
            if (t[2 * slot] == word && (meta & TAG_BITS) == metaTag) {
                int code = code(meta);
                if (packed || sameId(ids[code], src, off, len)) {
                    return code;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    private static long metaTag(int len, boolean packed) {
        return ((long) len << 32) | (packed ? PACKED_BIT : 0L);
    }

    private static boolean isPacked(long meta) {
        return (meta & PACKED_BIT) != 0;
    }

    private static int code(long meta) {
        return (int) (meta & 0x7FFF_FFFFL) - 1;
    }

    /** Where a key starts probing: a packed word is mixed with its length, a hash is used as is. */
    private static long slotHash(long word, long meta) {
        return isPacked(meta) ? mix(word ^ ((meta >>> 32) << 59)) : word;
    }

    /** The id of at most 8 characters packed one byte each, or {@link #NOT_PACKED} if one is not ASCII. */
    private static long pack(char[] buf, int off, int len) {
        long word = 0;
        for (int i = 0; i < len; i++) {
            char c = buf[off + i];
            if (c >= 128) {
                return NOT_PACKED;
            }
            word = (word << 8) | c;
        }
        return word;
    }

    /** As {@link #pack(char[], int, int)}, for a String. */
    private static long pack(String id) {
        long word = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= 128) {
                return NOT_PACKED;
            }
            word = (word << 8) | c;
        }
        return word;
    }

    /** As {@link #pack(char[], int, int)}, for ASCII bytes (checked by the caller). */
    private static long packAscii(byte[] buf, int off, int len) {
        long word = 0;
        for (int i = 0; i < len; i++) {
            word = (word << 8) | buf[off + i];
        }
        return word;
    }

    /** The 64-bit key of an id that is not packed: a polynomial hash of its characters, mixed. */
    private static long hash(char[] buf, int off, int len) {
        long x = 1125899906842597L;
        for (int i = 0; i < len; i++) {
            x = 31 * x + buf[off + i];
        }
        return mix(x);
    }

    /** As {@link #hash(char[], int, int)}, for a String. */
    private static long hash(String id) {
        long x = 1125899906842597L;
        for (int i = 0; i < id.length(); i++) {
            x = 31 * x + id.charAt(i);
        }
        return mix(x);
    }

    /** As {@link #hash(char[], int, int)}, for ASCII bytes (each byte is its character). */
    private static long hashAscii(byte[] buf, int off, int len) {
        long x = 1125899906842597L;
        for (int i = 0; i < len; i++) {
            x = 31 * x + buf[off + i];
        }
        return mix(x);
    }

    /** Whether the stored id equals the probed one, held as {@link #probe} describes. */
    private static boolean sameId(String stored, Object src, int off, int len) {
        if (src instanceof char[] c) {
            return same(stored, c, off, len);
        }
        if (src instanceof byte[] b) {
            return sameAscii(stored, b, off, len);
        }
        return stored.equals(src);
    }

    /** Murmur3's 64-bit finaliser: consecutive ids must not land in consecutive slots. */
    private static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xff51afd7ed558ccdL;
        z ^= z >>> 33;
        z *= 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return z;
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
        long[] old = slots;
        long[] t = new long[old.length * 2];
        int mask = (t.length >> 1) - 1;
        for (int s = 0; s < old.length; s += 2) {
            long meta = old[s + 1];
            if (meta == 0) {
                continue;
            }
            long word = old[s];
            int slot = (int) slotHash(word, meta) & mask;
            while (t[2 * slot + 1] != 0) {
                slot = (slot + 1) & mask;
            }
            t[2 * slot] = word;
            t[2 * slot + 1] = meta;
        }
        slots = t;
    }
}
