package org.churnkit.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.churnkit.io.AtomicOutput;
import org.churnkit.io.ColumnTable;

/**
 * Writes a {@link ColumnTable} as CSV with the same bytes as {@code TableIO} (LF line ends,
 * doubles in {@link ColumnTable#formatDouble} form, NaN and null empty, fields quoted when they
 * hold a comma, a quote, CR or LF, or when the first field starts with '#'), but formats blocks of
 * rows in parallel: formatting a million rows of doubles is most of the time {@code churnkit score}
 * spends writing. Atomic like every output.
 */
final class ParallelCsvWriter {
    private static final int BLOCK = 32_768;

    private ParallelCsvWriter() {}

    static void write(ColumnTable table, Path target) {
        org.churnkit.io.TableIO.requireWritable(table, target);
        AtomicOutput.write(target, tmp -> writeTo(table, tmp));
    }

    private static void writeTo(ColumnTable table, Path tmp) throws IOException {
        List<String> names = table.columnNames();
        int cols = names.size();
        Object[] data = new Object[cols];
        for (int c = 0; c < cols; c++) {
            String n = names.get(c);
            data[c] = switch (table.type(n)) {
                case STRING -> table.strings(n);
                case DOUBLE -> table.doubles(n);
                case LONG -> table.longs(n);
                case TIMESTAMP -> new Stamps(table.timestamps(n));
            };
        }
        int rows = table.rowCount();
        int blocks = (rows + BLOCK - 1) / BLOCK;
        // a few blocks at a time, so memory stays bounded while both cores format
        int batch = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            StringBuilder head = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    head.append(',');
                }
                appendField(head, names.get(c), c == 0);
            }
            w.write(head.append('\n').toString());
            for (int b0 = 0; b0 < blocks; b0 += batch) {
                int from = b0;
                int to = Math.min(blocks, b0 + batch);
                String[] text = new String[to - from];
                IntStream.range(from, to).parallel().forEach(b -> text[b - from] = format(data, b * BLOCK,
                        Math.min(rows, (b + 1) * BLOCK)));
                for (String s : text) {
                    w.write(s);
                }
            }
        }
    }

    private record Stamps(long[] seconds) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamps s && Arrays.equals(seconds, s.seconds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(seconds);
        }

        @Override
        public String toString() {
            return "Stamps[" + seconds.length + " values]";
        }
    }

    private static String format(Object[] data, int from, int to) {
        StringBuilder sb = new StringBuilder((to - from) * 16 * data.length);
        for (int r = from; r < to; r++) {
            for (int c = 0; c < data.length; c++) {
                if (c > 0) {
                    sb.append(',');
                }
                Object col = data[c];
                if (col instanceof double[] d) {
                    if (!Double.isNaN(d[r])) {
                        sb.append(ColumnTable.formatDouble(d[r]));
                    }
                } else if (col instanceof String[] s) {
                    if (s[r] != null) {
                        appendField(sb, s[r], c == 0);
                    }
                } else if (col instanceof long[] l) {
                    sb.append(l[r]);
                } else {
                    sb.append(ColumnTable.formatTimestamp(((Stamps) col).seconds()[r]));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void appendField(StringBuilder sb, String v, boolean first) {
        boolean quote = first && !v.isEmpty() && v.charAt(0) == '#';
        for (int i = 0; i < v.length() && !quote; i++) {
            char ch = v.charAt(i);
            quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
        }
        if (!quote) {
            sb.append(v);
            return;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '"') {
                sb.append('"');
            }
            sb.append(ch);
        }
        sb.append('"');
    }
}
