package org.churnkit.io;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The fast way to read a large, plain UTF-8 CSV file: its body is cut into byte ranges at line
 * ends, each range parsed by its own FastCSV reader on its own core, numbers taken from the
 * parser's characters without making strings ({@link TextColumns#fastDouble}), and the parts
 * joined in file order with their line numbers shifted by the lines before them.
 *
 * <p>Cutting at a line end is only safe when no field is quoted (a quoted field may hold a line
 * end), so a range that holds a quote character abandons the attempt. So does anything unusual:
 * a row of the wrong width, a cell that does not convert, a byte that is not UTF-8, a header that
 * is not a single plain line. The caller then reads the whole file in one pass, which reports
 * every problem exactly as it always has: this class never produces an error of its own.
 */
final class CsvChunks {
    private CsvChunks() {}

    /** Below this size one pass is as fast (threads and a second look at the header do not pay). */
    static final long MIN_BYTES = 1 << 20;
    /** How far a header line may extend before the file is left to the one-pass reader. */
    private static final int MAX_HEADER_BYTES = 1 << 16;
    /** A field longer than this is left to the one-pass reader, which applies FastCSV's limits. */
    private static final int MAX_FIELD_CHARS = 1 << 16;
    /** Likewise a record with more fields. */
    private static final int MAX_FIELDS = 1 << 10;

    /** Thrown inside a range to abandon the attempt; carries no message, it never escapes. */
    private static final class Abandon extends RuntimeException {
        Abandon() {
            super(null, null, false, false);
        }
    }

    /**
     * The table, or {@code null} when the file is small, not UTF-8, quoted or in any way unusual.
     *
     * @param file     the file
     * @param required columns that must exist, with their types
     * @param keepOthers whether to keep the other columns as text
     * @param charset  the declared encoding, {@code null} for UTF-8
     * @return the table, or {@code null} to read in one pass
     */
    static ColumnTable tryParallel(Path file, Map<String, ColumnType> required, boolean keepOthers, Charset charset) {
        if (charset != null && !charset.equals(StandardCharsets.UTF_8)) {
            return null;
        }
        try {
            if (java.nio.file.Files.size(file) < MIN_BYTES) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return read(file, required, keepOthers, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Reads {@code file} in {@code chunks} ranges of its body, whatever its size.
     *
     * @return the table, or {@code null} when the file must be read in one pass
     */
    static ColumnTable read(Path file, Map<String, ColumnType> required, boolean keepOthers, int chunks) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, MAX_HEADER_BYTES));
            while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
                // fill
            }
            byte[] hb = head.array();
            int n = head.position();
            // the header ends at the first LF after a byte that is not a line end
            int headerEnd = -1;
            boolean content = false;
            for (int i = 0; i < n; i++) {
                byte b = hb[i];
                if (b == '"') {
                    return null;
                }
                if (b == '\n') {
                    if (content) {
                        headerEnd = i + 1;
                        break;
                    }
                } else if (b != '\r') {
                    content = true;
                }
            }
            if (headerEnd < 0) {
                return null;
            }
            String headerText = decode(hb, 0, headerEnd);
            if (headerText == null) {
                return null;
            }
            TextColumns header = new TextColumns(file, required, keepOthers);
            int records = 0;
            try (CsvReader<CsvRecord> r = TableIO.csvReader().ofCsvRecord(headerText)) {
                for (CsvRecord rec : r) {
                    header.begin(rec.getStartingLineNumber());
                    for (int i = 0; i < rec.getFieldCount(); i++) {
                        header.field(i, rec.getField(i));
                    }
                    header.commit(rec.getFieldCount());
                    records++;
                }
            }
            if (records != 1 || !header.clean()) {
                return null;
            }
            long[] bounds = bounds(ch, headerEnd, size, chunks);
            int parts = bounds.length - 1;
            long[] breaks = new long[parts];
            List<TextColumns> cols = new ArrayList<>(parts);
            for (int k = 0; k < parts; k++) {
                cols.add(header.bodyOf());
            }
            boolean ok = IntStream.range(0, parts).parallel()
                    .allMatch(k -> readRange(ch, bounds[k], bounds[k + 1], cols.get(k), breaks, k));
            if (!ok) {
                return null;
            }
            long[] offset = new long[parts];
            long before = lineBreaks(hb, 0, headerEnd);
            for (int k = 0; k < parts; k++) {
                offset[k] = before;
                before += breaks[k];
            }
            return TextColumns.table(cols, offset);
        } catch (IOException | UncheckedIOException | Abandon | de.siegmar.fastcsv.reader.CsvParseException e) {
            return null;
        }
    }

    /** Starts of the ranges (each just after an LF) and the end of the file. */
    private static long[] bounds(FileChannel ch, long from, long size, int chunks) throws IOException {
        List<Long> b = new ArrayList<>();
        b.add(from);
        ByteBuffer buf = ByteBuffer.allocate(1 << 14);
        for (int k = 1; k < chunks; k++) {
            long at = Math.max(b.get(b.size() - 1), from + (size - from) * k / chunks);
            long cut = -1;
            while (cut < 0 && at < size) {
                buf.clear();
                int got = ch.read(buf, at);
                if (got <= 0) {
                    break;
                }
                for (int i = 0; i < got; i++) {
                    if (buf.get(i) == '\n') {
                        cut = at + i + 1;
                        break;
                    }
                }
                at += got;
            }
            if (cut < 0 || cut >= size) {
                break;
            }
            if (cut > b.get(b.size() - 1)) {
                b.add(cut);
            }
        }
        b.add(size);
        long[] out = new long[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static boolean readRange(FileChannel ch, long from, long to, TextColumns cols, long[] breaks, int k) {
        RangeStream in = new RangeStream(ch, from, to);
        RowHandler rows = new RowHandler(cols);
        try (CsvReader<RowHandler> r = TableIO.csvReader().build(rows,
                new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            for (RowHandler row : r) {
                cols.commit(row.count());
            }
        } catch (RuntimeException | IOException e) {
            // a width, a cell, a byte or a quote the one-pass reader must report
            return false;
        }
        breaks[k] = in.lineBreaks();
        return cols.clean();
    }

    /** Number of line ends (LF, CR LF, lone CR: FastCSV's count) in {@code b[from, to)}. */
    private static long lineBreaks(byte[] b, int from, int to) {
        long count = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n' || (b[i] == '\r' && (i + 1 >= to || b[i + 1] != '\n'))) {
                count++;
            }
        }
        return count;
    }

    private static String decode(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Feeds each field's characters to the columns, counting the fields of the record. */
    private static final class RowHandler extends AbstractBaseCsvCallbackHandler<RowHandler> {
        private final TextColumns cols;
        private int count;

        RowHandler(TextColumns cols) {
            this.cols = cols;
        }

        int count() {
            return count;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            count = 0;
            cols.begin(startingLineNumber);
        }

        @Override
        protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
            if (quoted || len > MAX_FIELD_CHARS || fieldIdx >= MAX_FIELDS) {
                throw new Abandon();
            }
            count = fieldIdx + 1;
            cols.field(fieldIdx, buf, offset, len);
        }

        @Override
        protected RowHandler buildRecord() {
            return this;
        }
    }

    /**
     * Bytes {@code [from, to)} of the file by positional reads (safe from several threads on one
     * channel), counting line ends as they pass and abandoning at a quote character.
     */
    private static final class RangeStream extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;
        private long breaks;
        private boolean pendingCr;

        RangeStream(FileChannel ch, long from, long to) {
            this.ch = ch;
            this.pos = from;
            this.end = to;
        }

        long lineBreaks() {
            return breaks + (pendingCr ? 1 : 0);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int want = (int) Math.min(len, end - pos);
            int got = ch.read(ByteBuffer.wrap(b, off, want), pos);
            if (got <= 0) {
                return -1;
            }
            pos += got;
            for (int i = off; i < off + got; i++) {
                byte c = b[i];
                if (c == '\n') {
                    breaks++;
                    pendingCr = false;
                } else {
                    if (pendingCr) {
                        breaks++;
                    }
                    pendingCr = c == '\r';
                    if (c == '"') {
                        throw new Abandon();
                    }
                }
            }
            return got;
        }
    }
}
