package org.churnkit.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnarFormat;
import org.churnkit.io.FileFormat;
import org.churnkit.io.TextInput;

/**
 * Reads a transaction log from CSV, whitespace-separated text, Parquet or Arrow IPC into a
 * {@link TransactionLog}.
 *
 * <p>CSV goes through FastCSV's callback interface: fields arrive as slices of its char buffer and
 * are parsed in place (dates, amounts) or looked up in the id dictionary, so a row allocates
 * nothing unless it introduces a new customer. A byte-order mark is stripped, CRLF and LF line
 * ends are both accepted, quoted fields follow RFC 4180.
 *
 * <p>Every problem is a {@link BadInputException} naming the file, line and column and saying what
 * was expected: a missing or duplicated column, an empty file, a row with the wrong number of
 * fields, an unparsable date or amount, a NaN or negative amount (unless allowed).
 */
public final class TransactionReader {
    private TransactionReader() {}

    /**
     * Reads with {@link TransactionReadOptions#defaults()}.
     *
     * @param file a .csv, .txt, .parquet or .arrow file
     * @return the log
     */
    public static TransactionLog read(Path file) {
        return read(file, TransactionReadOptions.defaults());
    }

    /**
     * Reads a transaction log.
     *
     * @throws BadInputException    on bad input (file, line and column named)
     * @throws UncheckedIOException when the file cannot be read
     * @param file a .csv, .txt, .parquet or .arrow file
     * @param options format, columns, date format and tolerances
     * @return the log
     */
    public static TransactionLog read(Path file, TransactionReadOptions options) {
        return read(file, options, null);
    }

    /**
     * Reads a transaction log whose text (CSV, text) is in {@code charset}.
     *
     * @throws BadInputException    on bad input (file, line and column named), including bytes
     *                              that are not valid in {@code charset}
     * @throws UncheckedIOException when the file cannot be read
     * @param file a .csv, .txt, .parquet or .arrow file
     * @param options format, columns, date format and tolerances
     * @param charset encoding of CSV and text files; {@code null} for UTF-8
     * @return the log
     */
    public static TransactionLog read(Path file, TransactionReadOptions options, java.nio.charset.Charset charset) {
        FileFormat format;
        try {
            format = FileFormat.resolve(options.format(), file);
        } catch (IllegalArgumentException e) {
            throw BadInputException.at(file, 0, null, e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            throw BadInputException.at(file, 0, null, Files.isDirectory(file) ? "is a directory, expected a file"
                    : Files.exists(file) ? "not a regular file" : "no such file");
        }
        return switch (format) {
            case CSV -> readCsv(file, options, charset);
            case TEXT -> readText(file, options, charset);
            case PARQUET, ARROW -> readArrow(file, format, options);
        };
    }

    // ------------------------------------------------------------------------------------ CSV

    private static TransactionLog readCsv(Path file, TransactionReadOptions o, java.nio.charset.Charset charset) {
        boolean header = o.header() == null || o.header();
        CsvHandler handler = new CsvHandler(file, o, header);
        try (CsvReader<Object> reader = CsvReader.builder().fieldSeparator(o.delimiter())
                .skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true)
                .build(handler, TextInput.openRaw(file, charset))) {
            for (Object ignored : reader) {
                // the handler collects every row
            }
        } catch (CsvParseException e) {
            org.churnkit.io.IoErrors.rethrowOutOfMemory(e);
            if (e.getCause() instanceof BadInputException b) {
                throw b;
            }
            if (TextInput.codingError(e) != null) {
                throw TextInput.undecodable(file, charset);
            }
            throw BadInputException.at(file, handler.line, null, "not valid CSV: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            if (TextInput.codingError(e) != null) {
                throw TextInput.undecodable(file, charset);
            }
            IOException io = e instanceof IOException x ? x : ((UncheckedIOException) e).getCause();
            throw new UncheckedIOException(org.churnkit.io.IoErrors.cannotRead(file, io), io);
        }
        if (handler.rows == null) {
            throw BadInputException.at(file, 1, null, "the file is empty: expected "
                    + (header ? "a header line naming the columns, then one line per transaction" : "one line per transaction"));
        }
        return handler.rows.finish();
    }

    /** Receives FastCSV's fields as buffer slices. */
    private static final class CsvHandler extends AbstractBaseCsvCallbackHandler<Object> {
        private static final Object ROW = new Object();
        final Path file;
        final TransactionReadOptions o;
        boolean expectHeader;
        final List<String> headerFields = new ArrayList<>();
        RowParser rows;
        long line;
        boolean bomChecked;

        CsvHandler(Path file, TransactionReadOptions o, boolean header) {
            this.file = file;
            this.o = o;
            this.expectHeader = header;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            line = startingLineNumber;
            if (rows != null) {
                rows.begin(startingLineNumber);
            }
        }

        @Override
        protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
            if (!bomChecked) {
                bomChecked = true;
                if (len > 0 && buf[offset] == '\uFEFF') { // a byte-order mark (the file is read through a Reader)
                    offset++;
                    len--;
                }
            }
            if (rows == null && expectHeader) {
                String name = new String(buf, offset, len);
                if (fieldIdx == 0 && name.startsWith("\uFEFF")) {
                    name = name.substring(1);
                }
                headerFields.add(name.strip());
                return;
            }
            if (rows == null) {
                // no header: the first record fixes the width; columns are positions
                rows = RowParser.create(file, o, null, line);
                rows.begin(line);
            }
            rows.field(fieldIdx, buf, offset, len);
        }

        @Override
        protected Object buildRecord() {
            if (getRecordType() != RecordType.DATA) {
                return ROW;
            }
            if (rows == null && expectHeader) {
                rows = RowParser.create(file, o, headerFields, line + 1);
                expectHeader = false;
                return ROW;
            }
            rows.end(getFieldCount());
            return ROW;
        }
    }

    // ------------------------------------------------------------------------------------ text

    private static TransactionLog readText(Path file, TransactionReadOptions o, java.nio.charset.Charset charset) {
        RowParser rows = null;
        long no = 0;
        int[] starts = new int[16];
        int[] ends = new int[16];
        try (BufferedReader br = TextInput.open(file, charset)) {
            String line;
            char[] buf = new char[256];
            while ((line = br.readLine()) != null) {
                no++;
                int n = line.length();
                if (buf.length < n) {
                    buf = new char[Math.max(n, buf.length * 2)];
                }
                line.getChars(0, n, buf, 0);
                int from = 0;
                if (no == 1 && n > 0 && buf[0] == '\uFEFF') {
                    from = 1;
                }
                int count = 0;
                int i = from;
                while (i < n) {
                    while (i < n && Character.isWhitespace(buf[i])) {
                        i++;
                    }
                    if (i >= n) {
                        break;
                    }
                    int s = i;
                    while (i < n && !Character.isWhitespace(buf[i])) {
                        i++;
                    }
                    if (count == starts.length) {
                        starts = java.util.Arrays.copyOf(starts, count * 2);
                        ends = java.util.Arrays.copyOf(ends, count * 2);
                    }
                    starts[count] = s;
                    ends[count] = i;
                    count++;
                }
                if (count == 0) {
                    continue;
                }
                if (rows == null) {
                    boolean header = o.header() != null ? o.header() : !containsDigit(buf, from, n);
                    if (header) {
                        List<String> names = new ArrayList<>();
                        for (int f = 0; f < count; f++) {
                            names.add(new String(buf, starts[f], ends[f] - starts[f]));
                        }
                        rows = RowParser.create(file, o, names, no + 1);
                        continue;
                    }
                    rows = RowParser.create(file, o, null, no);
                }
                rows.begin(no);
                for (int f = 0; f < count; f++) {
                    rows.field(f, buf, starts[f], ends[f] - starts[f]);
                }
                rows.end(count);
            }
        } catch (IOException e) {
            if (TextInput.codingError(e) != null) {
                throw TextInput.undecodable(file, charset);
            }
            throw new UncheckedIOException(org.churnkit.io.IoErrors.cannotRead(file, e), e);
        }
        if (rows == null) {
            throw BadInputException.at(file, 1, null, "the file is empty: expected one line per transaction "
                    + "(customer, date, amount separated by blanks), optionally after a header line");
        }
        return rows.finish();
    }

    private static boolean containsDigit(char[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------ Arrow / Parquet

    private static TransactionLog readArrow(Path file, FileFormat format, TransactionReadOptions o) {
        ColumnarFormat columnar = ColumnarFormat.installed(file, format);
        List<String> names = columnar.columnNames(file, format);
        RowParser rows = RowParser.create(file, o, names, -1);
        List<String> wanted = new ArrayList<>();
        wanted.add(names.get(rows.customerIdx));
        wanted.add(names.get(rows.dateIdx));
        if (rows.amountIdx >= 0) {
            wanted.add(names.get(rows.amountIdx));
        }
        for (int e : rows.extraIdx) {
            wanted.add(names.get(e));
        }
        Pipeline pipeline = new Pipeline();
        try {
            scanInto(columnar, file, format, o, rows, wanted, pipeline);
            pipeline.drain(rows.log);
        } finally {
            pipeline.close();
        }
        return rows.finish();
    }

    private static void scanInto(ColumnarFormat columnar, Path file, FileFormat format, TransactionReadOptions o, RowParser rows,
                                 List<String> wanted, Pipeline pipeline) {
        DateParser instants = DateParser.of("epoch", o.zone());
        byte[][] bytes = {new byte[64]};
        byte[][] dateBytes = {new byte[64]};
        char[][] chars = {new char[64]};
        columnar.scan(file, format, wanted, (batch, firstRow) -> {
            ColumnarFormat.Column cust = batch.column(0);
            ColumnarFormat.Column date = batch.column(1);
            ColumnarFormat.Column amount = rows.amountIdx >= 0 ? batch.column(2) : null;
            boolean custText = cust.kind() == ColumnarFormat.Kind.TEXT;
            boolean dateTemporal = date.kind() == ColumnarFormat.Kind.TEMPORAL;
            boolean dateText = date.kind() == ColumnarFormat.Kind.TEXT;
            boolean dateHasZone = dateTemporal && date.hasTimeZone();
            boolean amountNumeric = amount != null
                    && (amount.kind() == ColumnarFormat.Kind.INTEGER || amount.kind() == ColumnarFormat.Kind.NUMBER);
            int n = batch.rowCount();
            // Text ids: the batch's offsets and bytes are copied to the heap and interned on a
            // second thread while this one goes on decoding (a two-stage pipeline: interning is
            // half the work and bound by cache misses). Only that thread touches the dictionary
            // until the pipeline is drained.
            ColumnarFormat.TextRun run = custText ? cust.textRun() : null;
            boolean fast = run != null;
            if (fast) {
                int[] offsets = run.offsets();
                for (int i = 1; i <= n; i++) {
                    if (offsets[i] == offsets[i - 1]) {
                        rows.begin(firstRow + i);
                        rows.customerCode(0, true);
                    }
                }
                byte[] b = run.bytes();
                if (plainAscii(b)) {
                    pipeline.submit(rows.log.size, n, () -> internBatch(rows.log.dict, b, offsets, n));
                } else {
                    // blanks, control characters or non-ASCII text: the id rule (CustomerIds) row by row
                    fast = false;
                    pipeline.drain(rows.log);
                }
            } else {
                pipeline.drain(rows.log);
            }
            for (int i = 0; i < n; i++) {
                long row = firstRow + i + 1;
                rows.begin(row);
                if (fast) {
                    rows.customerCode(-1, false);
                } else if (cust.isNull(i)) {
                    rows.customer(chars[0], 0, 0);
                } else if (custText) {
                    int len = cust.textBytes(i, bytes);
                    int clen = decode(bytes[0], len, chars, rows, o.customerColumn());
                    rows.customer(chars[0], 0, clen);
                } else {
                    String s = cust.string(i);
                    rows.customer(s.toCharArray(), 0, s.length());
                }
                if (date.isNull(i)) {
                    rows.dateText(chars[0], 0, 0);
                } else if (dateTemporal) {
                    long s = date.seconds(i);
                    rows.dateCivil(dateHasZone ? instants.toCivil(s) : s);
                } else if (dateText) {
                    int len = date.textBytes(i, dateBytes);
                    int clen = decode(dateBytes[0], len, chars, rows, o.dateColumn());
                    rows.dateText(chars[0], 0, clen);
                } else {
                    String s = date.string(i);
                    rows.dateText(s.toCharArray(), 0, s.length());
                }
                if (amount != null) {
                    if (amountNumeric) {
                        rows.amountValue(amount.doubleValue(i), null);
                    } else {
                        String s = amount.string(i);
                        char[] c = s == null ? new char[0] : s.toCharArray();
                        rows.amountText(c, 0, c.length);
                    }
                }
                for (int e = 0; e < rows.extraIdx.length; e++) {
                    rows.extraValue(e, batch.column((amount != null ? 3 : 2) + e).string(i));
                }
                rows.endColumnar();
            }
        });
    }

    /** Whether every byte is printable ASCII other than the blank, so ids need no trimming or checks. */
    private static boolean plainAscii(byte[] b) {
        for (byte x : b) {
            if (x <= ' ' || x == 0x7f) { // negative bytes (non-ASCII) included
                return false;
            }
        }
        return true;
    }

    /** Interns one batch of UTF-8 ids (on the pipeline's thread). */
    private static int[] internBatch(IdDictionary dict, byte[] b, int[] offsets, int n) {
        int[] codes = new int[n];
        char[] c = new char[b.length];
        boolean ascii = true;
        for (int i = 0; i < b.length; i++) {
            ascii &= b[i] >= 0;
            c[i] = (char) b[i];
        }
        if (ascii) {
            dict.internBatch(c, offsets, n, codes, 0);
        } else {
            for (int i = 0; i < n; i++) {
                codes[i] = dict.internUtf8(b, offsets[i], offsets[i + 1] - offsets[i]);
            }
        }
        return codes;
    }

    /** A single background thread interning id batches in order; results are copied in when drained. */
    private static final class Pipeline implements AutoCloseable {
        private java.util.concurrent.ExecutorService thread;
        private final java.util.ArrayDeque<java.util.concurrent.Future<int[]>> futures = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<Integer> froms = new java.util.ArrayDeque<>();

        void submit(int from, int n, java.util.concurrent.Callable<int[]> task) {
            if (thread == null) {
                thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "churnkit-id-interning");
                    t.setDaemon(true);
                    return t;
                });
            }
            futures.add(thread.submit(task));
            froms.add(from);
        }

        /** Waits for every batch and writes its codes into the log's rows. */
        void drain(TransactionLog.Builder log) {
            while (!futures.isEmpty()) {
                int[] codes;
                try {
                    codes = futures.poll().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    org.churnkit.io.IoErrors.rethrowOutOfMemory(e.getCause());
                    throw new IllegalStateException(e.getCause());
                }
                System.arraycopy(codes, 0, log.codes, froms.poll(), codes.length);
            }
        }

        @Override
        public void close() {
            if (thread != null) {
                thread.shutdownNow();
            }
        }
    }

    /** UTF-8 bytes to chars, ASCII without a detour; invalid UTF-8 is an error at the row being read. Returns the char count. */
    private static int decode(byte[] b, int len, char[][] out, RowParser rows, String column) {
        if (out[0].length < len) {
            out[0] = new char[Math.max(len, 2 * out[0].length)];
        }
        char[] c = out[0];
        for (int i = 0; i < len; i++) {
            byte x = b[i];
            if (x < 0) {
                String s = TextInput.utf8(b, len, rows.file, rows.line, column);
                if (c.length < s.length()) {
                    out[0] = c = new char[s.length()];
                }
                s.getChars(0, s.length(), c, 0);
                return s.length();
            }
            c[i] = (char) x;
        }
        return len;
    }

    // ------------------------------------------------------------------------------------ rows

    /** Parses the fields of one row at a time and appends it to the log. */
    static final class RowParser {
        final Path file;
        final TransactionReadOptions o;
        final int customerIdx;
        final int dateIdx;
        final int amountIdx;
        final int[] extraIdx;
        final String[] columnNames; // for messages
        final int width; // fields per row expected, -1 when not yet known
        final TransactionLog.Builder log;
        DateParser dates;
        long firstLine;
        boolean linesAreRows = true;
        long line;
        // current row
        int code;
        long time;
        double amount;
        boolean gotCustomer;
        boolean gotDate;
        boolean gotAmount;

        private RowParser(Path file, TransactionReadOptions o, int[] idx, String[] names, int width, long firstLine) {
            this.file = file;
            this.o = o;
            this.customerIdx = idx[0];
            this.dateIdx = idx[1];
            this.amountIdx = idx[2];
            this.extraIdx = java.util.Arrays.copyOfRange(idx, 3, idx.length);
            this.columnNames = names;
            this.width = width;
            this.firstLine = firstLine;
            String[] extraNames = new String[extraIdx.length];
            for (int e = 0; e < extraIdx.length; e++) {
                extraNames[e] = names[3 + e];
            }
            this.log = new TransactionLog.Builder(1 << 16, extraNames);
            if (!o.dateFormat().equalsIgnoreCase("auto")) {
                try {
                    dates = DateParser.of(o.dateFormat(), o.zone());
                } catch (IllegalArgumentException e) {
                    throw BadInputException.at(file, 0, o.dateColumn(), e.getMessage());
                }
            }
        }

        /**
         * Resolves the columns against a header (or positions when {@code header} is null).
         *
         * @param firstLine line of the first data row (-1 for columnar files)
         */
        static RowParser create(Path file, TransactionReadOptions o, List<String> header, long firstLine) {
            List<String> wanted = new ArrayList<>();
            wanted.add(o.customerColumn());
            wanted.add(o.dateColumn());
            wanted.add(o.amountColumn());
            wanted.addAll(o.extraColumns());
            if (header != null) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (String h : header) {
                    if (!seen.add(h)) {
                        throw BadInputException.at(file, 1, h, "the header names this column twice: column names must be unique");
                    }
                }
            }
            int[] idx = new int[wanted.size()];
            String[] names = new String[wanted.size()];
            for (int k = 0; k < wanted.size(); k++) {
                String w = wanted.get(k);
                if (w == null) {
                    idx[k] = -1;
                    continue;
                }
                int i = header == null ? -1 : header.indexOf(w);
                if (i < 0 && w.chars().allMatch(Character::isDigit) && !w.isEmpty()) {
                    i = Integer.parseInt(w) - 1;
                    if (i < 0 || (header != null && i >= header.size())) {
                        throw BadInputException.at(file, 1, w, "no column at position " + w
                                + (header != null ? ": the file has " + header.size() + " columns" : ""));
                    }
                }
                if (i < 0) {
                    String role = k == 0 ? "customer id" : k == 1 ? "date" : k == 2 ? "amount" : "extra";
                    if (header == null) {
                        throw BadInputException.at(file, 1, w, "the file has no header line, so the " + role
                                + " column must be given by 1-based position (e.g. " + (k + 1) + ")");
                    }
                    throw BadInputException.at(file, 1, w, "missing: expected " + (k == 2 ? "an " : "a ") + role
                            + " column named '" + w + "'; the header has " + header
                            + " (choose columns with --customer-column, --date-column, --amount-column"
                            + (k == 2 ? "; a log without amounts: --amount-column none)" : ")"));
                }
                idx[k] = i;
                names[k] = header != null ? header.get(i) : w;
            }
            return new RowParser(file, o, idx, names, header == null ? -1 : header.size(), firstLine);
        }

        void begin(long lineNo) {
            line = lineNo;
            gotCustomer = false;
            gotDate = false;
            gotAmount = amountIdx < 0;
            if (amountIdx < 0) {
                amount = 0;
            }
            if (firstLine > 0 && lineNo != firstLine + log.size) {
                linesAreRows = false;
            }
        }

        void field(int idx, char[] buf, int off, int len) {
            if (idx == customerIdx) {
                customer(buf, off, len);
            } else if (idx == dateIdx) {
                dateText(buf, off, len);
            } else if (idx == amountIdx) {
                amountText(buf, off, len);
            }
            for (int e = 0; e < extraIdx.length; e++) {
                if (idx == extraIdx[e]) {
                    pendingExtra(e, new String(buf, off, len));
                }
            }
        }

        private String[] pending;

        private void pendingExtra(int e, String v) {
            if (pending == null) {
                pending = new String[extraIdx.length];
            }
            pending[e] = v;
        }

        void extraValue(int e, String v) {
            pendingExtra(e, v);
        }

        void customer(char[] buf, int off, int len) {
            // the rule of CustomerIds.normalize, on the buffer: trim white space, refuse control characters
            int end = off + len;
            while (off < end && Character.isWhitespace(buf[off])) {
                off++;
            }
            while (end > off && Character.isWhitespace(buf[end - 1])) {
                end--;
            }
            if (end == off) {
                throw bad(o.customerColumn(), "expected a customer id, found an empty field");
            }
            for (int i = off; i < end; i++) {
                if (buf[i] < ' ' || (buf[i] >= 0x7f && buf[i] <= 0x9f)) {
                    throw CustomerIds.controlCharacter(file, line, o.customerColumn(), new String(buf, off, end - off), i - off);
                }
            }
            // ids are collected and interned a batch at a time (see IdDictionary.internBatch)
            int l = end - off;
            if (arenaLen + l > arena.length) {
                arena = java.util.Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + l));
            }
            System.arraycopy(buf, off, arena, arenaLen, l);
            arenaLen += l;
            code = -1;
            batched = true;
            gotCustomer = true;
        }

        private static final int BATCH = 4096;
        private char[] arena = new char[BATCH * 16];
        private int arenaLen;
        private final int[] arenaOffsets = new int[BATCH + 1];
        private int pendingIds;
        private int pendingFrom;
        private boolean batched;

        /** Interns the ids collected so far and stores their codes in the rows already added. */
        private void flushIds() {
            if (pendingIds > 0) {
                log.dict.internBatch(arena, arenaOffsets, pendingIds, log.codes, pendingFrom);
                pendingIds = 0;
                arenaLen = 0;
            }
        }

        /** A customer already interned (columnar path); {@code empty} when the id was empty. */
        void customerCode(int c, boolean empty) {
            if (empty) {
                throw bad(o.customerColumn(), "expected a customer id, found an empty field");
            }
            code = c;
            gotCustomer = true;
        }

        void dateText(char[] buf, int off, int len) {
            if (dates == null) {
                String sample = new String(buf, off, len);
                dates = DateParser.detect(sample, o.zone());
                if (dates == null) {
                    throw bad(o.dateColumn(), "cannot tell the date format of " + BadInputException.quote(sample)
                            + ": give it with --date-format (yyyyMMdd, iso-date, iso, epoch, epoch-millis or a pattern such as dd/MM/yyyy)");
                }
            }
            long t = dates.parse(buf, off, len);
            if (t == DateParser.INVALID) {
                String found = new String(buf, off, len);
                throw bad(o.dateColumn(), "expected " + dates.expected() + ", found "
                        + (found.isBlank() ? "an empty field" : BadInputException.quote(found)));
            }
            time = t;
            gotDate = true;
        }

        void dateCivil(long seconds) {
            time = seconds;
            gotDate = true;
        }

        void amountText(char[] buf, int off, int len) {
            double v = parseAmount(buf, off, len);
            amountValue(v, v == v ? null : new String(buf, off, len));
        }

        void amountValue(double v, String text) {
            if (Double.isNaN(v)) {
                boolean missing = text == null || text.isBlank() || text.strip().equalsIgnoreCase("nan")
                        || text.strip().equals("NA") || text.strip().equalsIgnoreCase("null");
                if (!missing) {
                    throw bad(o.amountColumn(), "expected an amount (a number such as 12.50), found " + BadInputException.quote(text));
                }
                if (!o.allowMissingAmounts()) {
                    throw bad(o.amountColumn(), "expected an amount, found "
                            + (text == null || text.isBlank() ? "an empty field" : BadInputException.quote(text))
                            + " (allow missing amounts with --allow-missing-amounts: such transactions then count, but not in spend means)");
                }
            } else if (Double.isInfinite(v) || Math.abs(v) > SummaryValidator.MAX_MONEY) {
                // beyond 1e15 no currency amount is real, and sums of such amounts overflow to infinity
                throw bad(o.amountColumn(), "expected a finite amount of at most 1e15 in magnitude, found "
                        + (text != null ? BadInputException.quote(text) : ColumnTable.formatDouble(v)));
            } else if (v < 0 && !o.allowNegativeAmounts()) {
                throw bad(o.amountColumn(), "expected an amount >= 0, found " + org.churnkit.io.ColumnTable.formatDouble(v)
                        + " (accept returns and refunds with --allow-negative-amounts)");
            }
            amount = v;
            gotAmount = true;
        }

        void end(int fieldCount) {
            if (width >= 0 && fieldCount != width) {
                throw bad(null, "expected " + width + " fields as in the header, found " + fieldCount);
            }
            if (!gotCustomer || !gotDate || !gotAmount) {
                String col = !gotCustomer ? o.customerColumn() : !gotDate ? o.dateColumn() : o.amountColumn();
                throw bad(col, "the row has only " + fieldCount + " fields: this column is missing");
            }
            append();
        }

        void endColumnar() {
            append();
        }

        private void append() {
            if (batched) {
                if (pendingIds == 0) {
                    pendingFrom = log.size;
                }
                pendingIds++;
                arenaOffsets[pendingIds] = arenaLen;
                batched = false;
            }
            log.add(code, time, amount);
            if (pendingIds == BATCH) {
                flushIds();
            }
            if (pending != null) {
                for (int e = 0; e < pending.length; e++) {
                    log.extra(e, pending[e]);
                }
                java.util.Arrays.fill(pending, null);
            }
        }

        TransactionLog finish() {
            flushIds();
            if (log.size == 0) {
                throw BadInputException.at(file, firstLine > 0 ? firstLine : 0, null,
                        "no transactions: the file has a header but no data rows");
            }
            return log.build(amountIdx >= 0, file, linesAreRows ? firstLine : -1, o.dateColumn());
        }

        private BadInputException bad(String column, String what) {
            return BadInputException.at(file, line, column, what);
        }

        /**
         * Parses a decimal amount without allocating: up to 18 significant digits and no exponent
         * give mantissa / 10^k, one correctly rounded division of two exact doubles (Clinger's
         * fast path); anything else goes through {@link Double#parseDouble}. NaN for an empty,
         * NaN or unparsable field (the caller tells which).
         */
        static double parseAmount(char[] b, int off, int len) {
            int i = off;
            int end = off + len;
            while (i < end && b[i] <= ' ') {
                i++;
            }
            while (end > i && b[end - 1] <= ' ') {
                end--;
            }
            if (i == end) {
                return Double.NaN;
            }
            int start = i;
            boolean neg = false;
            if (b[i] == '-' || b[i] == '+') {
                neg = b[i] == '-';
                i++;
            }
            long m = 0;
            int digits = 0;
            int scale = 0;
            boolean dot = false;
            boolean any = false;
            for (; i < end; i++) {
                char c = b[i];
                if (c >= '0' && c <= '9') {
                    any = true;
                    if (m != 0 || c != '0') {
                        digits++;
                    }
                    m = m * 10 + (c - '0');
                    if (dot) {
                        scale++;
                    }
                    if (digits > 15) {
                        return slow(b, start, end);
                    }
                } else if (c == '.' && !dot) {
                    dot = true;
                } else {
                    return slow(b, start, end);
                }
            }
            if (!any || scale > 22) {
                return slow(b, start, end);
            }
            double v = scale == 0 ? m : m / POW10[scale];
            return neg ? -v : v;
        }

        private static final double[] POW10 = new double[23];

        static {
            double p = 1;
            for (int k = 0; k < POW10.length; k++) {
                POW10[k] = p;
                p *= 10;
            }
        }

        private static double slow(char[] b, int start, int end) {
            String s = new String(b, start, end - start);
            // Double.parseDouble also takes "1f", "0x1p3" and the like: only plain decimal and
            // scientific notation (and NaN/Infinity, judged by the caller) are amounts.
            if (!s.equals("NaN") && !s.endsWith("Infinity")) {
                for (int k = 0; k < s.length(); k++) {
                    char c = s.charAt(k);
                    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                        return Double.NaN;
                    }
                }
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }
}
