package org.churnkit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TableIO formats CSV in parallel blocks of rows: the bytes must be those of one sequential writer. */
class CsvBlocksTest {
    @TempDir
    Path dir;

    @Test
    void blocksWriteTheBytesOfOneSequentialWriter() throws IOException {
        int n = 70_000; // more than two blocks of 32,768 rows, the last one partial
        String[] ids = new String[n];
        double[] d = new double[n];
        long[] l = new long[n];
        long[] ts = new long[n];
        String[] tricky = {"plain", "a,b", "say \"hi\"", "line\nbreak", "#hash", "", null, "cr\rx", "ünï"};
        var rng = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            ids[i] = i % 50 == 0 ? tricky[(i / 50) % tricky.length] : "c" + i;
            d[i] = i % 97 == 0 ? Double.NaN : i % 13 == 0 ? i : rng.nextDouble() * Math.pow(10, rng.nextInt(-8, 12));
            l[i] = rng.nextLong();
            ts[i] = 1_700_000_000L + rng.nextInt(0, 10_000_000) * (i % 2 == 0 ? 86_400L : 1L);
        }
        ColumnTable t = ColumnTable.builder().addString("customer_id", ids).addDouble("x,y", d).addLong("n", l)
                .addTimestamp("when", ts).addString("tail", ids).build();
        Path blocks = dir.resolve("blocks.csv");
        Path sequential = dir.resolve("sequential.csv");
        TableIO.write(t, blocks);
        // the writer TableIO used before it formatted in blocks: one FastCSV writer, row after row
        List<String> names = t.columnNames();
        try (BufferedWriter w = Files.newBufferedWriter(sequential, StandardCharsets.UTF_8);
             CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w)) {
            csv.writeRecord(names);
            String[] row = new String[names.size()];
            for (int r = 0; r < t.rowCount(); r++) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = t.cell(names.get(c), r);
                }
                csv.writeRecord(row);
            }
        }
        assertArrayEquals(Files.readAllBytes(sequential), Files.readAllBytes(blocks));
    }
}
