package org.churnkit.arrow;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnarFormat;
import org.churnkit.io.FileFormat;

/**
 * Parquet and Arrow IPC for {@link org.churnkit.io.TableIO} and
 * {@link org.churnkit.data.TransactionReader}, found through {@link java.util.ServiceLoader}: put
 * this module on the class path (or module path) and {@code .parquet} and {@code .arrow} files read
 * and write. IPC goes through {@code arrow-vector}; Parquet through Arrow Dataset's JNI bridge, which
 * also reads a directory of part files as Spark writes it.
 */
public final class ArrowFormat implements ColumnarFormat {

    /** The provider; {@link java.util.ServiceLoader} calls this. */
    public ArrowFormat() {}

    @Override
    public List<String> columnNames(Path file, FileFormat format) {
        return ArrowIO.columnNames(file, format);
    }

    @Override
    public void scan(Path file, FileFormat format, List<String> columns, BatchConsumer consumer) {
        ArrowIO.scan(file, format, columns, (VectorSchemaRoot root, long firstRow) -> {
            Column[] cols = new Column[columns.size()];
            for (int c = 0; c < cols.length; c++) {
                cols[c] = new VectorColumn(root.getVector(columns.get(c)));
            }
            int rows = root.getRowCount();
            consumer.accept(new Batch() {
                @Override
                public int rowCount() {
                    return rows;
                }

                @Override
                public Column column(int index) {
                    return cols[index];
                }
            }, firstRow);
        });
    }

    @Override
    public void write(ColumnTable table, Path target, FileFormat format) {
        ArrowIO.write(table, target, format);
    }

    /** One Arrow vector seen as a {@link Column}; the kind and the timestamp unit are resolved once. */
    private static final class VectorColumn implements Column {
        private final FieldVector v;
        private final Kind kind;
        /** Raw timestamp units per second (0: not a timestamp vector). */
        private final long tsDivisor;

        VectorColumn(FieldVector v) {
            this.v = v;
            this.kind = ArrowIO.isText(v) ? Kind.TEXT
                    : ArrowIO.isTemporal(v) ? Kind.TEMPORAL
                    : v instanceof BaseIntVector ? Kind.INTEGER
                    : ArrowIO.isNumeric(v) ? Kind.NUMBER : Kind.OTHER;
            this.tsDivisor = v instanceof TimeStampVector t
                    ? switch (((ArrowType.Timestamp) t.getField().getType()).getUnit()) {
                        case SECOND -> 1L;
                        case MILLISECOND -> 1_000L;
                        case MICROSECOND -> 1_000_000L;
                        case NANOSECOND -> 1_000_000_000L;
                    }
                    : 0L;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String typeName() {
            return v.getField().getType().toString();
        }

        @Override
        public boolean isNull(int row) {
            return v.isNull(row);
        }

        @Override
        public double doubleValue(int row) {
            return ArrowIO.getDouble(v, row);
        }

        @Override
        public long longValue(int row) {
            return ((BaseIntVector) v).getValueAsLong(row);
        }

        @Override
        public long seconds(int row) {
            return tsDivisor > 0 ? Math.floorDiv(((TimeStampVector) v).get(row), tsDivisor) : ArrowIO.getSeconds(v, row);
        }

        @Override
        public boolean hasTimeZone() {
            return v instanceof TimeStampVector && ((ArrowType.Timestamp) v.getField().getType()).getTimezone() != null;
        }

        @Override
        public int textBytes(int row, byte[][] buf) {
            return ArrowIO.textBytes(v, row, buf);
        }

        @Override
        public String string(int row) {
            return ArrowIO.getString(v, row);
        }

        @Override
        public TextRun textRun() {
            if (!(v instanceof VarCharVector vc) || vc.getNullCount() != 0) {
                return null;
            }
            int n = vc.getValueCount();
            int[] offsets = new int[n + 1];
            org.apache.arrow.memory.ArrowBuf ob = vc.getOffsetBuffer();
            int base = n == 0 ? 0 : ob.getInt(0);
            for (int i = 0; i <= n && n > 0; i++) {
                offsets[i] = ob.getInt((long) i * 4) - base;
            }
            byte[] b = new byte[offsets[n]];
            vc.getDataBuffer().getBytes(base, b, 0, b.length);
            return new TextRun(b, offsets);
        }
    }
}
