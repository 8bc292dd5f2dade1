package org.churnkit.arrow;

import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Parquet "file" written by Spark is a directory of part files with a _SUCCESS marker. */
class ParquetDirectoryTest {

    @Test
    void readsADirectoryOfPartFilesAsOneTable(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("summaries.parquet"));
        TableIO.write(ColumnTable.builder().addString("customer_id", new String[] {"a", "b"})
                .addDouble("frequency", new double[] {1, 2}).build(), dir.resolve("part-00000.parquet"));
        TableIO.write(ColumnTable.builder().addString("customer_id", new String[] {"c"})
                .addDouble("frequency", new double[] {3}).build(), dir.resolve("part-00001.parquet"));
        Files.createFile(dir.resolve("_SUCCESS"));
        Files.writeString(dir.resolve(".part-00000.parquet.crc"), "not parquet");

        ColumnTable t = TableIO.read(dir);
        assertEquals(3, t.rowCount());
        double[] f = t.doubles("frequency");
        Arrays.sort(f);
        assertTrue(Arrays.equals(new double[] {1, 2, 3}, f), Arrays.toString(f));
    }

    @Test
    void aDirectoryWithoutParquetFilesIsAClearError(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("empty.parquet"));
        Files.createFile(dir.resolve("_SUCCESS"));
        BadInputException e = assertThrows(BadInputException.class, () -> TableIO.read(dir));
        assertTrue(e.getMessage().contains("no .parquet files"), e.getMessage());
    }
}
