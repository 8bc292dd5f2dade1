package org.churnkit.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.churnkit.io.AtomicOutput;
import org.churnkit.io.BadInputException;
import org.churnkit.io.IoErrors;

/**
 * The file of a {@link SummaryState}: a text header that says what the file is, then the
 * per-customer columns in binary, then a checksum.
 *
 * <p>Layout (format version {@value #FORMAT_VERSION}):
 * <ol>
 *   <li>Header, UTF-8 text: the line {@value #MAGIC}, then {@code key=value} lines
 *       ({@code format_version}, {@code merge}, {@code time_unit}, {@code zero_amounts},
 *       {@code negative_amounts}, {@code duplicates}, {@code amounts}, {@code end},
 *       {@code customers}, the counters, {@code columns}, {@code byte_order}, {@code checksum}),
 *       ended by an empty line. {@code head -n 30 STATE} shows it.</li>
 *   <li>Columns, little-endian, in the order {@code columns} lists them, each
 *       {@code customers} long: the ids ({@code customers + 1} int32 byte offsets, then the UTF-8
 *       bytes), first and last purchase period (int64, periods of the merge rule since its
 *       origin), purchase periods and rows (int32), middle periods with spend (int32), flags
 *       (int8: 1 first period has an amount, 2 last period has one), then the exact sums of the
 *       first, middle and last periods (float64 pairs: leading parts, then trailing parts).</li>
 *   <li>CRC-32C of every byte before it, as 8 little-endian bytes.</li>
 * </ol>
 *
 * <p>Writes are atomic ({@link AtomicOutput}: a temporary file beside the target, flushed to
 * disk, then renamed over it; removed when writing fails), so a crash leaves the previous state.
 * Reading checks the magic line, the version (older and newer versions are refused with what to
 * do), the header's values, the lengths and the checksum, and names the file in every error.
 */
public final class SummaryStateFile {
    /** First line of every state file. */
    public static final String MAGIC = "churnkit summary state";
    /** The format version this churnkit writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The usual file extension. */
    public static final String EXTENSION = ".ckstate";

    private static final String COLUMNS = "id:utf8,first_period:int64,last_period:int64,periods:int32,rows:int32,"
            + "middle_known:int32,flags:int8,first_sum:float64x2,middle_sum:float64x2,last_sum:float64x2";
    private static final int BUFFER = 1 << 20;

    private SummaryStateFile() {}

    /**
     * Writes the state to {@code file} atomically.
     *
     * @param state the state
     * @param file the target; replaced only when the new file is complete and on disk
     * @throws UncheckedIOException when writing fails (the target is then unchanged)
     */
    public static void write(SummaryState state, Path file) {
        AtomicOutput.write(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                write(state, ch);
                ch.force(true);
            }
        });
    }

    /**
     * Writes the state to a stream (for example to ship a partition's state between machines).
     *
     * @param state the state
     * @param out the stream, not closed
     * @throws UncheckedIOException when writing fails
     */
    public static void write(SummaryState state, OutputStream out) {
        try {
            write(state, Channels.newChannel(out));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a state file.
     *
     * @param file the state file
     * @return the state
     * @throws BadInputException naming the file when it is not a state file, of another format
     *     version, truncated, damaged (checksum) or inconsistent
     * @throws UncheckedIOException when it cannot be read
     */
    public static SummaryState read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch, file.toString(), ch.size());
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.reason(file, e), e);
        }
    }

    /**
     * Reads a state from a stream written by {@link #write(SummaryState, OutputStream)}.
     *
     * @param in the stream, read to the state's end (not closed)
     * @param name what to call the source in errors
     * @return the state
     * @throws BadInputException as {@link #read(Path)}
     */
    public static SummaryState read(InputStream in, String name) {
        try {
            return read(Channels.newChannel(in), name, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ writing

    private static void write(SummaryState s, WritableByteChannel ch) throws IOException {
        SummaryState.Settings st = s.settings();
        StringBuilder h = new StringBuilder();
        h.append(MAGIC).append('\n');
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("format_version", Integer.toString(FORMAT_VERSION));
        kv.put("merge", st.merge().name().toLowerCase(java.util.Locale.ROOT));
        kv.put("time_unit", st.unit().label());
        kv.put("zero_amounts", st.zeroAmounts().name().toLowerCase(java.util.Locale.ROOT));
        kv.put("negative_amounts", st.negativeAmounts().name().toLowerCase(java.util.Locale.ROOT));
        kv.put("duplicates", st.duplicates().name().toLowerCase(java.util.Locale.ROOT));
        kv.put("amounts", Boolean.toString(st.amounts()));
        kv.put("end", s.end == null ? "" : s.end.toString());
        kv.put("customers", Integer.toString(s.size));
        kv.put("rows_read", Long.toString(s.rowsRead));
        kv.put("zero_amount_rows", Long.toString(s.zeroRows));
        kv.put("negative_amount_rows", Long.toString(s.negativeRows));
        kv.put("missing_amount_rows", Long.toString(s.missingRows));
        kv.put("duplicate_rows", Long.toString(s.duplicateRows));
        kv.put("after_end_rows", Long.toString(s.afterEndRows));
        kv.put("late_rows", Long.toString(s.lateRows));
        kv.put("min_time", Long.toString(s.minTime));
        kv.put("max_time", Long.toString(s.maxTime));
        kv.put("columns", COLUMNS);
        kv.put("byte_order", "little-endian");
        kv.put("checksum", "crc32c of every byte before the last 8, stored in them");
        for (var e : kv.entrySet()) {
            h.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        h.append('\n');
        Out out = new Out(ch);
        out.bytes(h.toString().getBytes(StandardCharsets.UTF_8));
        int n = s.size;
        // ids: offsets, then bytes (ASCII ids, the usual case, are copied without encoding)
        byte[][] wide = new byte[n][];
        int[] off = new int[n + 1];
        long total = 0;
        for (int c = 0; c < n; c++) {
            String id = s.dict.id(c);
            int len = id.length();
            boolean ascii = true;
            for (int i = 0; i < len; i++) {
                if (id.charAt(i) >= 128) {
                    ascii = false;
                    break;
                }
            }
            if (!ascii) {
                wide[c] = id.getBytes(StandardCharsets.UTF_8);
                len = wide[c].length;
            }
            total += len;
            if (total > Integer.MAX_VALUE) {
                throw new IOException("the customer ids take more than 2 GB");
            }
            off[c + 1] = (int) total;
        }
        out.ints(off, n + 1);
        for (int c = 0; c < n; c++) {
            if (wide[c] != null) {
                out.bytes(wide[c]);
            } else {
                out.ascii(s.dict.id(c));
            }
        }
        out.longs(s.firstP, n);
        out.longs(s.lastP, n);
        out.ints(s.periods, n);
        out.ints(s.rows, n);
        out.ints(s.midKnown, n);
        out.bytes(s.flags, n);
        out.doubles(s.firstHi, n);
        out.doubles(s.firstLo, n);
        out.doubles(s.midHi, n);
        out.doubles(s.midLo, n);
        out.doubles(s.lastHi, n);
        out.doubles(s.lastLo, n);
        out.finish();
    }

    /** Buffered little-endian writes with a running CRC-32C. */
    private static final class Out {
        private final WritableByteChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        Out(WritableByteChannel ch) {
            this.ch = ch;
        }

        private void flush() throws IOException {
            buf.flip();
            crc.update(buf.duplicate());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }

        private void room(int bytes) throws IOException {
            if (buf.remaining() < bytes) {
                flush();
            }
        }

        void bytes(byte[] b) throws IOException {
            bytes(b, b.length);
        }

        void bytes(byte[] b, int n) throws IOException {
            int i = 0;
            while (i < n) {
                room(1);
                int m = Math.min(buf.remaining(), n - i);
                buf.put(b, i, m);
                i += m;
            }
        }

        void ascii(String s) throws IOException {
            int len = s.length();
            room(Math.min(len, BUFFER));
            for (int i = 0; i < len; i++) {
                if (!buf.hasRemaining()) {
                    flush();
                }
                buf.put((byte) s.charAt(i));
            }
        }

        void ints(int[] a, int n) throws IOException {
            int i = 0;
            while (i < n) {
                room(4);
                int m = Math.min(buf.remaining() / 4, n - i);
                buf.asIntBuffer().put(a, i, m);
                buf.position(buf.position() + 4 * m);
                i += m;
            }
        }

        void longs(long[] a, int n) throws IOException {
            int i = 0;
            while (i < n) {
                room(8);
                int m = Math.min(buf.remaining() / 8, n - i);
                buf.asLongBuffer().put(a, i, m);
                buf.position(buf.position() + 8 * m);
                i += m;
            }
        }

        void doubles(double[] a, int n) throws IOException {
            int i = 0;
            while (i < n) {
                room(8);
                int m = Math.min(buf.remaining() / 8, n - i);
                buf.asDoubleBuffer().put(a, i, m);
                buf.position(buf.position() + 8 * m);
                i += m;
            }
        }

        void finish() throws IOException {
            flush();
            buf.putLong(crc.getValue());
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }
    }

    // ------------------------------------------------------------------ reading

    private static SummaryState read(ReadableByteChannel ch, String name, long fileSize) throws IOException {
        In in = new In(ch, name);
        // header: text up to the first empty line
        StringBuilder text = new StringBuilder();
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        int prev = -1;
        for (int i = 0; ; i++) {
            int b = in.byteOrEnd();
            if (b < 0) {
                throw bad(name, i < magic.length ? "it is not a churnkit summary state (it is shorter than the first line \""
                        + MAGIC + "\")" : "it is truncated inside its header");
            }
            if (i < magic.length && b != magic[i]) {
                throw bad(name, "it is not a churnkit summary state: it does not start with the line \"" + MAGIC + "\"");
            }
            if (b == '\n' && prev == '\n') {
                break;
            }
            if (i > 65_536) {
                throw bad(name, "its header does not end (no empty line in the first 64 KB)");
            }
            text.append((char) b);
            prev = b;
        }
        String headerText = new String(text.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        Map<String, String> kv = new LinkedHashMap<>();
        String[] lines = headerText.split("\n");
        if (!lines[0].equals(MAGIC)) {
            throw bad(name, "it is not a churnkit summary state: its first line is not \"" + MAGIC + "\"");
        }
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq <= 0) {
                throw bad(name, "header line " + (i + 1) + " is not key=value: \"" + lines[i] + "\"");
            }
            kv.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        String version = kv.get("format_version");
        if (version == null) {
            throw bad(name, "its header has no format_version");
        }
        int v;
        try {
            v = Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            throw bad(name, "format_version must be a whole number, got \"" + version + "\"");
        }
        if (v < FORMAT_VERSION) {
            throw bad(name, "it is a summary state of format version " + v + ", which this churnkit no longer reads (it "
                    + "reads version " + FORMAT_VERSION + "); rebuild it from the whole log: churnkit update --state NEW "
                    + "--transactions LOG --as-of DATE");
        }
        if (v > FORMAT_VERSION) {
            throw bad(name, "it is a summary state of format version " + v + ", written by a newer churnkit (this one "
                    + "reads version " + FORMAT_VERSION + "); use that churnkit or a newer one");
        }
        if (!COLUMNS.equals(kv.get("columns"))) {
            throw bad(name, "its columns are not those of format version " + FORMAT_VERSION + ": " + kv.get("columns"));
        }
        if (!"little-endian".equals(kv.get("byte_order"))) {
            throw bad(name, "byte_order must be little-endian, got " + kv.get("byte_order"));
        }
        SummaryState.Settings settings;
        try {
            settings = new SummaryState.Settings(MergePeriod.parse(req(kv, "merge", name)),
                    TimeUnit.parse(req(kv, "time_unit", name)),
                    SummaryOptions.ZeroAmounts.parse(req(kv, "zero_amounts", name)),
                    SummaryOptions.NegativeAmounts.parse(req(kv, "negative_amounts", name)),
                    SummaryOptions.Duplicates.parse(req(kv, "duplicates", name)),
                    bool(req(kv, "amounts", name), name));
        } catch (IllegalArgumentException e) {
            throw bad(name, "its header holds an unknown setting: " + e.getMessage());
        }
        int n = (int) number(kv, "customers", name, 0, Integer.MAX_VALUE - 8);
        if (fileSize >= 0) {
            long minimum = in.consumed + 4L * (n + 1) + 41L * n + 8;
            if (fileSize < minimum) {
                throw bad(name, "it is truncated: " + fileSize + " bytes, but its " + n + " customers need at least " + minimum);
            }
        }
        SummaryState s = new SummaryState(settings, n, new IdDictionary(n));
        String endText = req(kv, "end", name);
        try {
            s.end = endText.isEmpty() ? null : PeriodEnd.parse(endText);
        } catch (IllegalArgumentException e) {
            throw bad(name, "end is not a date or date-time: \"" + endText + "\"");
        }
        s.rowsRead = number(kv, "rows_read", name, 0, Long.MAX_VALUE);
        s.zeroRows = number(kv, "zero_amount_rows", name, 0, Long.MAX_VALUE);
        s.negativeRows = number(kv, "negative_amount_rows", name, 0, Long.MAX_VALUE);
        s.missingRows = number(kv, "missing_amount_rows", name, 0, Long.MAX_VALUE);
        s.duplicateRows = number(kv, "duplicate_rows", name, 0, Long.MAX_VALUE);
        s.afterEndRows = number(kv, "after_end_rows", name, 0, Long.MAX_VALUE);
        s.lateRows = number(kv, "late_rows", name, 0, Long.MAX_VALUE);
        s.minTime = number(kv, "min_time", name, Long.MIN_VALUE, Long.MAX_VALUE);
        s.maxTime = number(kv, "max_time", name, Long.MIN_VALUE, Long.MAX_VALUE);

        int[] off = new int[n + 1];
        in.ints(off, n + 1);
        if (off[0] != 0) {
            throw bad(name, "its id offsets do not start at 0");
        }
        for (int c = 0; c < n; c++) {
            if (off[c + 1] <= off[c]) {
                throw bad(name, "the id of customer " + (c + 1) + " is empty or its offsets are out of order");
            }
        }
        byte[] idBytes = new byte[off[n]];
        in.bytes(idBytes, off[n]);
        // all ids at once: the table built from hashes in one pass while another core makes the Strings
        int twice = s.dict.loadUtf8(idBytes, off, n);
        if (twice >= 0) {
            throw bad(name, "customer id '" + new String(idBytes, off[twice], off[twice + 1] - off[twice],
                    StandardCharsets.UTF_8) + "' appears twice");
        }
        s.size = n;
        in.longs(s.firstP, n);
        in.longs(s.lastP, n);
        in.ints(s.periods, n);
        in.ints(s.rows, n);
        in.ints(s.midKnown, n);
        in.bytes(s.flags, n);
        in.doubles(s.firstHi, n);
        in.doubles(s.firstLo, n);
        in.doubles(s.midHi, n);
        in.doubles(s.midLo, n);
        in.doubles(s.lastHi, n);
        in.doubles(s.lastLo, n);
        long computed = in.crcValue(); // over every byte consumed so far
        long stored = in.trailer();
        if (stored != computed) {
            throw bad(name, "it is damaged: its checksum does not match its content (stored " + Long.toHexString(stored)
                    + ", computed " + Long.toHexString(computed) + "); restore it from a copy or rebuild it from the whole log");
        }
        if (in.byteOrEnd() >= 0) {
            throw bad(name, "it has bytes after its checksum");
        }
        for (int c = 0; c < n; c++) {
            if (s.periods[c] < 0 || s.rows[c] < s.periods[c] || (s.periods[c] > 0 && s.lastP[c] < s.firstP[c])
                    || s.midKnown[c] < 0 || s.midKnown[c] > Math.max(0, s.periods[c] - 2)) {
                throw bad(name, "customer '" + s.dict.id(c) + "' has inconsistent columns (periods " + s.periods[c]
                        + ", rows " + s.rows[c] + ")");
            }
        }
        return s;
    }

    private static String req(Map<String, String> kv, String key, String name) {
        String v = kv.get(key);
        if (v == null) {
            throw bad(name, "its header has no " + key);
        }
        return v;
    }

    private static boolean bool(String v, String name) {
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(name, "amounts must be true or false, got \"" + v + "\"");
        };
    }

    private static long number(Map<String, String> kv, String key, String name, long min, long max) {
        String v = req(kv, key, name);
        try {
            long x = Long.parseLong(v.trim());
            if (x < min || x > max) {
                throw bad(name, key + " is out of range: " + v);
            }
            return x;
        } catch (NumberFormatException e) {
            throw bad(name, key + " must be a whole number, got \"" + v + "\"");
        }
    }

    private static BadInputException bad(String name, String what) {
        return BadInputException.of(name + ": " + what);
    }

    /** Buffered little-endian reads with a running CRC-32C over the bytes consumed. */
    private static final class In {
        private final ReadableByteChannel ch;
        private final String name;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private int crcFrom; // position in buf up to which the CRC is taken
        private boolean eof;
        long consumed;

        In(ReadableByteChannel ch, String name) {
            this.ch = ch;
            this.name = name;
            buf.limit(0);
        }

        /** Ensures {@code bytes} (at most the buffer) are readable; false at the end of the input. */
        private boolean fill(int bytes) throws IOException {
            while (buf.remaining() < bytes) {
                // checksum what was consumed, then move the rest to the front
                ByteBuffer done = buf.duplicate();
                done.limit(buf.position()).position(crcFrom);
                crc.update(done);
                buf.compact();
                crcFrom = 0;
                int r = eof ? -1 : ch.read(buf);
                buf.flip();
                if (r < 0) {
                    eof = true;
                    return buf.remaining() >= bytes;
                }
            }
            return true;
        }

        private void need(int bytes) throws IOException {
            if (!fill(bytes)) {
                throw bad(name, "it is truncated: it ends before its columns do");
            }
        }

        long crcValue() {
            ByteBuffer done = buf.duplicate();
            done.limit(buf.position()).position(crcFrom);
            crc.update(done);
            crcFrom = buf.position();
            return crc.getValue();
        }

        int byteOrEnd() throws IOException {
            if (!fill(1)) {
                return -1;
            }
            consumed++;
            return buf.get() & 0xFF;
        }

        long trailer() throws IOException {
            if (!fill(8)) {
                throw bad(name, "it is truncated: its checksum is missing");
            }
            long v = buf.getLong();
            crcFrom = buf.position(); // the trailer is not checksummed
            return v;
        }

        void bytes(byte[] a, int n) throws IOException {
            int i = 0;
            while (i < n) {
                need(1);
                int m = Math.min(buf.remaining(), n - i);
                buf.get(a, i, m);
                i += m;
            }
            consumed += n;
        }

        void ints(int[] a, int n) throws IOException {
            int i = 0;
            while (i < n) {
                need(4);
                int m = Math.min(buf.remaining() / 4, n - i);
                buf.asIntBuffer().get(a, i, m);
                buf.position(buf.position() + 4 * m);
                i += m;
            }
            consumed += 4L * n;
        }

        void longs(long[] a, int n) throws IOException {
            int i = 0;
            while (i < n) {
                need(8);
                int m = Math.min(buf.remaining() / 8, n - i);
                buf.asLongBuffer().get(a, i, m);
                buf.position(buf.position() + 8 * m);
                i += m;
            }
            consumed += 8L * n;
        }

        void doubles(double[] a, int n) throws IOException {
            int i = 0;
            while (i < n) {
                need(8);
                int m = Math.min(buf.remaining() / 8, n - i);
                buf.asDoubleBuffer().get(a, i, m);
                buf.position(buf.position() + 8 * m);
                i += m;
            }
            consumed += 8L * n;
        }
    }
}
