package org.churnkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The block-wise mapping of a partition's rows that the scoring and segment jobs share: no Spark needed. */
class RowBlocksTest {

    /** The rows {@code 0 .. n-1}, counting how many were read. */
    private static final class Source implements Iterator<Row> {
        private final int n;
        int read;

        Source(int n) {
            this.n = n;
        }

        @Override
        public boolean hasNext() {
            return read < n;
        }

        @Override
        public Row next() {
            if (read >= n) {
                throw new NoSuchElementException();
            }
            return RowFactory.create(read++);
        }
    }

    @Test
    void everyRowOnceInOrderOneBlockReadAtATime() {
        Source source = new Source(10);
        List<Integer> blockSizes = new ArrayList<>();
        int[] partitions = {0};
        Iterator<Row> out = RowBlocks.map(source, 3, () -> {
            partitions[0]++;
            return block -> {
                blockSizes.add(block.size());
                int first = block.get(0).getInt(0);
                // the block's output made at once, as the jobs do, then handed out by index
                int[] doubled = block.stream().mapToInt(r -> 2 * r.getInt(0)).toArray();
                return i -> RowFactory.create(first + i, doubled[i]);
            };
        });
        assertEquals(0, source.read, "nothing is read before it is asked for");
        List<Integer> got = new ArrayList<>();
        while (out.hasNext()) {
            Row r = out.next();
            assertEquals(got.size(), r.getInt(0), "the output row of each input row, in order");
            got.add(r.getInt(1));
            assertEquals(Math.min(10, 3 * ((got.size() + 2) / 3)), source.read,
                    "rows are read a block at a time, no further ahead than the block being handed out");
        }
        assertEquals(IntStream.range(0, 10).map(i -> 2 * i).boxed().toList(), got);
        assertEquals(List.of(3, 3, 3, 1), blockSizes);
        assertEquals(1, partitions[0], "the partition's mapping is made once");
        assertFalse(out.hasNext());
        assertThrows(NoSuchElementException.class, out::next);
    }

    @Test
    void anEmptyPartitionMakesNoMapping() {
        Iterator<Row> out = RowBlocks.map(new Source(0), () -> {
            throw new AssertionError("the mapping of an empty partition was made");
        });
        assertFalse(out.hasNext());
        assertThrows(NoSuchElementException.class, out::next);
    }

    @Test
    void aPartitionOfExactlyOneBlockIsMappedOnce() {
        Source source = new Source(RowBlocks.SIZE);
        int[] blocks = {0};
        Iterator<Row> out = RowBlocks.map(source, () -> block -> {
            blocks[0]++;
            return i -> block.get(i);
        });
        long n = 0;
        while (out.hasNext()) {
            assertEquals(n, out.next().getInt(0));
            n++;
        }
        assertEquals(RowBlocks.SIZE, n);
        assertEquals(1, blocks[0]);
    }

    @Test
    void aBlockHoldsAtLeastOneRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RowBlocks.map(new Source(1), 0, () -> block -> block::get));
        assertTrue(e.getMessage().contains("at least one row"), e.getMessage());
    }
}
