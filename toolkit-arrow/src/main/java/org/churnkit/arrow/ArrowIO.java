package org.churnkit.arrow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.dataset.source.DatasetFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.churnkit.io.AtomicOutput;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.FileFormat;
import org.churnkit.io.IoErrors;

/**
 * Parquet and Arrow IPC through one Arrow stack: IPC with {@code arrow-vector}, Parquet with the
 * Arrow Dataset JNI bridge (see the package documentation for why). Both are read batch by batch
 * into the caller's primitive arrays; nothing is kept off-heap beyond one batch.
 */
final class ArrowIO {
    /** Rows per written batch / Parquet row group slice: large enough to amortise, small enough to stay off the heap's way. */
    static final int BATCH_ROWS = 1 << 17;

    /**
     * Allocator for Parquet writes, never closed: the native writer releases the last exported
     * buffers (a few hundred bytes) after {@code DatasetFileWriter.write} returns, so closing a
     * per-call allocator there fails spuriously with "memory leaked".
     */
    private static final BufferAllocator PARQUET_WRITE_ALLOCATOR = new RootAllocator();

    private ArrowIO() {}

    /** Receives each batch of a scan; {@code firstRow} is the 0-based index of its first row. */
    @FunctionalInterface
    interface BatchConsumer {
        /**
         * Receives one batch.
         *
         * @param batch the batch's vectors, valid only during the call
         * @param firstRow 0-based index of the batch's first row in the file
         * @throws IOException to abort the scan
         */
        void accept(VectorSchemaRoot batch, long firstRow) throws IOException;
    }

    /**
     * Column names of a Parquet or Arrow file, in order.
     *
     * @throws BadInputException when the file cannot be read as that format
     * @param file a Parquet or Arrow IPC file
     * @param format {@link FileFormat#PARQUET} or {@link FileFormat#ARROW}
     * @return the column names
     */
    public static List<String> columnNames(Path file, FileFormat format) {
        Schema schema = schema(file, format);
        List<String> names = new ArrayList<>();
        for (Field f : schema.getFields()) {
            names.add(f.getName());
        }
        return names;
    }

    /**
     * Scans the named columns of a Parquet or Arrow IPC file batch by batch.
     *
     * @param columns the columns to read (all must exist; check with {@link #columnNames} first)
     * @param file a Parquet or Arrow IPC file
     * @param format {@link FileFormat#PARQUET} or {@link FileFormat#ARROW}
     * @param consumer receives each batch in file order
     */
    public static void scan(Path file, FileFormat format, List<String> columns, BatchConsumer consumer) {
        try (BufferAllocator allocator = new RootAllocator()) {
            if (format == FileFormat.PARQUET) {
                ScanOptions options = new ScanOptions.Builder(BATCH_ROWS)
                        .columns(Optional.of(columns.toArray(String[]::new))).build();
                try (DatasetFactory factory = parquetFactory(allocator, file);
                     Dataset dataset = factory.finish();
                     Scanner scanner = dataset.newScan(options);
                     ArrowReader reader = scanner.scanBatches()) {
                    drain(reader, consumer);
                }
            } else {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                     ArrowReader reader = ipcReader(file, ch, allocator)) {
                    drain(reader, consumer);
                }
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, format, e);
        } catch (Exception e) {
            throw unreadable(file, format, e);
        }
    }

    private static void drain(ArrowReader reader, BatchConsumer consumer) throws IOException {
        long row = 0;
        while (reader.loadNextBatch()) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            consumer.accept(root, row);
            row += root.getRowCount();
        }
    }

    private static Schema schema(Path file, FileFormat format) {
        if (format == FileFormat.PARQUET && Files.isDirectory(file)) {
            requireParquetDirectory(file);
        } else {
            IoErrors.requireReadable(file);
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            if (format == FileFormat.PARQUET) {
                try (DatasetFactory factory = parquetFactory(allocator, file)) {
                    return factory.inspect();
                }
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                 ArrowReader reader = ipcReader(file, ch, allocator)) {
                return reader.getVectorSchemaRoot().getSchema();
            }
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) {
            throw unreadable(file, format, e);
        }
    }

    /**
     * A Parquet "file" may be a directory of part files, as Spark, Hive and pandas' partitioned
     * writes produce: Arrow Dataset crawls it, skipping names that start with {@code _} or
     * {@code .} ({@code _SUCCESS}, checksums).
     */
    static void requireParquetDirectory(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            boolean any = s.anyMatch(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".parquet")
                    && !p.getFileName().toString().startsWith("_") && !p.getFileName().toString().startsWith("."));
            if (!any) {
                throw BadInputException.at(dir, 0, null, "a directory with no .parquet files in it");
            }
        } catch (IOException e) {
            throw BadInputException.at(dir, 0, null, "cannot read: " + IoErrors.reason(dir, e));
        }
    }

    private static DatasetFactory parquetFactory(BufferAllocator allocator, Path file) {
        return new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(),
                org.apache.arrow.dataset.file.FileFormat.PARQUET, file.toAbsolutePath().toUri().toString());
    }

    /** IPC file format (magic {@code ARROW1}), else the IPC stream format. */
    private static ArrowReader ipcReader(Path file, FileChannel ch, BufferAllocator allocator) throws IOException {
        byte[] magic = new byte[6];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(magic);
        ch.read(bb, 0);
        ch.position(0);
        if (new String(magic, StandardCharsets.US_ASCII).equals("ARROW1")) {
            return new ArrowFileReader(ch, allocator);
        }
        return new ArrowStreamReader(ch, allocator);
    }

    private static BadInputException unreadable(Path file, FileFormat format, Exception e) {
        IoErrors.rethrowOutOfMemory(e);
        String msg = e instanceof IOException io ? IoErrors.reason(file, io) : e.getMessage() == null ? e.toString() : e.getMessage();
        return BadInputException.at(file, 0, null, "cannot read as " + format.name().toLowerCase(java.util.Locale.ROOT)
                + " (" + msg.lines().findFirst().orElse(msg) + ")");
    }

    // ---------------------------------------------------------------- reading single values

    /**
     * Whether a vector holds text.
     *
     * @param v the vector
     * @return true for UTF-8 text vectors
     */
    public static boolean isText(FieldVector v) {
        return v instanceof VarCharVector || v instanceof LargeVarCharVector;
    }

    /**
     * Whether a vector holds date or date-time values.
     *
     * @param v the vector
     * @return true for timestamp and date vectors
     */
    public static boolean isTemporal(FieldVector v) {
        return v instanceof TimeStampVector || v instanceof DateDayVector || v instanceof DateMilliVector;
    }

    /**
     * Whether a vector holds numbers (integers, floats, booleans as 0/1).
     *
     * @param v the vector
     * @return true for integer, floating-point and bit vectors
     */
    public static boolean isNumeric(FieldVector v) {
        return v instanceof BaseIntVector || v instanceof Float8Vector || v instanceof Float4Vector || v instanceof BitVector;
    }

    /**
     * Value {@code i} of a numeric vector as a double; NaN when null.
     *
     * @param v the vector
     * @param i the row index, {@code 0 <= i < v.getValueCount()}
     * @return the value, or NaN when null
     */
    public static double getDouble(FieldVector v, int i) {
        if (v.isNull(i)) {
            return Double.NaN;
        }
        if (v instanceof Float8Vector f) {
            return f.get(i);
        }
        if (v instanceof Float4Vector f) {
            return f.get(i);
        }
        if (v instanceof BitVector b) {
            return b.get(i);
        }
        return ((BaseIntVector) v).getValueAsLong(i);
    }

    /**
     * Value {@code i} of a temporal vector as wall-clock seconds since 1970-01-01T00:00 (floored); caller checks null.
     *
     * @param v the vector
     * @param i the row index, {@code 0 <= i < v.getValueCount()}
     * @return the seconds, floored to whole seconds
     */
    public static long getSeconds(FieldVector v, int i) {
        if (v instanceof DateDayVector d) {
            return d.get(i) * 86_400L;
        }
        if (v instanceof DateMilliVector d) {
            return Math.floorDiv(d.get(i), 1000L);
        }
        TimeStampVector t = (TimeStampVector) v;
        long raw = t.get(i);
        ArrowType.Timestamp type = (ArrowType.Timestamp) t.getField().getType();
        return switch (type.getUnit()) {
            case SECOND -> raw;
            case MILLISECOND -> Math.floorDiv(raw, 1_000L);
            case MICROSECOND -> Math.floorDiv(raw, 1_000_000L);
            case NANOSECOND -> Math.floorDiv(raw, 1_000_000_000L);
        };
    }

    /**
     * Copies the UTF-8 bytes of text value {@code i} into {@code buf[0]} (replaced by a larger array
     * when too small) and returns their length. Avoids allocating a String per value.
     *
     * @param v a {@code VarCharVector} or {@code LargeVarCharVector}
     * @param i the row index, {@code 0 <= i < v.getValueCount()}; the value must not be null
     * @param buf a one-element holder of the reusable byte buffer; {@code buf[0]} may be replaced
     * @return the number of bytes written at the start of {@code buf[0]}
     */
    public static int textBytes(FieldVector v, int i, byte[][] buf) {
        long start;
        long end;
        ArrowBuf data;
        if (v instanceof VarCharVector s) {
            start = s.getStartOffset(i);
            end = s.getEndOffset(i);
            data = s.getDataBuffer();
        } else {
            LargeVarCharVector s = (LargeVarCharVector) v;
            ArrowBuf offsets = s.getOffsetBuffer();
            start = offsets.getLong((long) i * 8);
            end = offsets.getLong((long) (i + 1) * 8);
            data = s.getDataBuffer();
        }
        int len = (int) (end - start);
        if (buf[0].length < len) {
            buf[0] = new byte[Math.max(len, 2 * buf[0].length)];
        }
        data.getBytes(start, buf[0], 0, len);
        return len;
    }

    /**
     * Value {@code i} of any supported vector as text ({@code null} when null).
     *
     * @param v the vector
     * @param i the row index, {@code 0 <= i < v.getValueCount()}
     * @return the value as text, or {@code null}
     */
    public static String getString(FieldVector v, int i) {
        if (v.isNull(i)) {
            return null;
        }
        if (v instanceof VarCharVector s) {
            return new String(s.get(i), StandardCharsets.UTF_8);
        }
        if (v instanceof LargeVarCharVector s) {
            return new String(s.get(i), StandardCharsets.UTF_8);
        }
        if (isTemporal(v)) {
            return ColumnTable.formatTimestamp(getSeconds(v, i));
        }
        if (v instanceof BaseIntVector b) {
            return Long.toString(b.getValueAsLong(i));
        }
        if (isNumeric(v)) {
            return ColumnTable.formatDouble(getDouble(v, i));
        }
        Object o = v.getObject(i);
        return o == null ? null : o.toString();
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes a table as Parquet or Arrow IPC, atomically.
     *
     * @param table the table to write
     * @param target the output file
     * @param format {@link FileFormat#PARQUET} or {@link FileFormat#ARROW}
     */
    public static void write(ColumnTable table, Path target, FileFormat format) {
        if (format == FileFormat.PARQUET) {
            writeParquet(table, target);
        } else {
            AtomicOutput.write(target, tmp -> writeIpc(table, tmp));
        }
    }

    static Schema schemaOf(ColumnTable table) {
        List<Field> fields = new ArrayList<>();
        for (String name : table.columnNames()) {
            ArrowType type = switch (table.type(name)) {
                case STRING -> ArrowType.Utf8.INSTANCE;
                case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                case LONG -> new ArrowType.Int(64, true);
                // Parquet has no seconds unit; milliseconds round-trip through every reader.
                case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
            };
            // doubles too: NaN (a missing value) is written as null, never as a NaN a reader would take for a number
            boolean nullable = table.type(name) == ColumnType.STRING || table.type(name) == ColumnType.DOUBLE;
            fields.add(new Field(name, new FieldType(nullable, type, null), null));
        }
        return new Schema(fields);
    }

    /** Fills {@code root} with rows {@code [from, to)} of {@code table}. */
    static void fill(VectorSchemaRoot root, ColumnTable table, int from, int to) {
        int n = to - from;
        List<String> names = table.columnNames();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            FieldVector v = root.getVector(c);
            switch (table.type(name)) {
                case STRING -> {
                    VarCharVector s = (VarCharVector) v;
                    String[] values = table.strings(name);
                    s.allocateNew(n);
                    for (int i = 0; i < n; i++) {
                        String x = values[from + i];
                        if (x == null) {
                            s.setNull(i);
                        } else {
                            s.setSafe(i, x.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
                case DOUBLE -> {
                    Float8Vector f = (Float8Vector) v;
                    double[] values = table.doubles(name);
                    f.allocateNew(n);
                    for (int i = 0; i < n; i++) {
                        double x = values[from + i];
                        if (Double.isNaN(x)) {
                            f.setNull(i);
                        } else {
                            f.set(i, x);
                        }
                    }
                }
                case LONG -> {
                    BigIntVector b = (BigIntVector) v;
                    long[] values = table.longs(name);
                    b.allocateNew(n);
                    for (int i = 0; i < n; i++) {
                        b.set(i, values[from + i]);
                    }
                }
                case TIMESTAMP -> {
                    TimeStampVector t = (TimeStampVector) v;
                    long[] values = table.timestamps(name);
                    t.allocateNew(n);
                    for (int i = 0; i < n; i++) {
                        t.set(i, values[from + i] * 1000L);
                    }
                }
            }
            v.setValueCount(n);
        }
        root.setRowCount(n);
    }

    private static void writeIpc(ColumnTable table, Path tmp) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schemaOf(table), allocator);
             FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, ch)) {
            writer.start();
            int rows = table.rowCount();
            for (int from = 0; from < rows || (rows == 0 && from == 0); from += BATCH_ROWS) {
                fill(root, table, from, Math.min(rows, from + BATCH_ROWS));
                writer.writeBatch();
                if (rows == 0) {
                    break;
                }
            }
            writer.end();
        }
    }

    /**
     * Arrow Dataset writes a directory of files; it writes into a fresh temporary directory beside
     * the temporary file of {@link AtomicOutput#write}, whose single file then becomes that file.
     */
    private static void writeParquet(ColumnTable table, Path target) {
        AtomicOutput.write(target, tmp -> {
            Path dir = AtomicOutput.temporaryDirectoryBeside(tmp);
            try {
                try (TableReader reader = new TableReader(PARQUET_WRITE_ALLOCATOR, table)) {
                    DatasetFileWriter.write(PARQUET_WRITE_ALLOCATOR, reader, org.apache.arrow.dataset.file.FileFormat.PARQUET,
                            dir.toUri().toString(), new String[0], 1, "part-{i}");
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    IoErrors.rethrowOutOfMemory(e);
                    throw new IOException(e.getMessage(), e);
                }
                Path written;
                try (Stream<Path> s = Files.list(dir)) {
                    List<Path> files = s.filter(Files::isRegularFile).toList();
                    if (files.size() != 1) {
                        throw new IOException("Arrow Dataset wrote " + files.size() + " files, expected 1");
                    }
                    written = files.get(0);
                }
                AtomicOutput.move(written, tmp);
            } finally {
                AtomicOutput.deleteQuietly(dir);
                AtomicOutput.forget(dir);
            }
        });
    }

    /** Presents a {@link ColumnTable} as a stream of Arrow batches. */
    private static final class TableReader extends ArrowReader {
        private final ColumnTable table;
        private int next;

        TableReader(BufferAllocator allocator, ColumnTable table) {
            super(allocator);
            this.table = table;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            int rows = table.rowCount();
            if (next >= rows && !(rows == 0 && next == 0)) {
                return false;
            }
            VectorSchemaRoot root = getVectorSchemaRoot();
            int to = Math.min(rows, next + BATCH_ROWS);
            fill(root, table, next, to);
            next = rows == 0 ? 1 : to;
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
            // nothing: the table lives on the heap
        }

        @Override
        protected Schema readSchema() {
            return schemaOf(table);
        }
    }

}
