package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelCsvWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheSameBytesAsTableIo() throws IOException {
        int n = 70_000; // more than two blocks of 32,768 rows
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
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        TableIO.write(t, a);
        ParallelCsvWriter.write(t, b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }
}
