package org.churnkit.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;

/**
 * A partition's rows mapped a block at a time, for the jobs whose per-row work is the core's work
 * on primitive arrays (scoring, segment assignment): at most {@link #SIZE} rows are read, the block
 * is mapped in one call, and its output rows are handed out, one per input row and in the input's
 * order, before the next block is read. A task therefore holds one block whatever its partition's
 * size. Lazy: no row is taken from the partition before the first {@link #next}.
 */
final class RowBlocks implements Iterator<Row> {
    /** Rows mapped at a time in one partition: bounds the memory of a task. */
    static final int SIZE = 65_536;

    /** The mapping of one block of rows. */
    @FunctionalInterface
    interface Mapping {
        /**
         * Maps a block.
         *
         * @param block the block's rows, in the partition's order (at least one)
         * @return the output row of each row of the block, by its index in the block; asked for
         *     each index once, in order
         */
        IntFunction<Row> map(List<Row> block);
    }

    private final Iterator<Row> rows;
    private final int size;
    private final Mapping mapping;
    private IntFunction<Row> output;
    private int count;
    private int next;

    private RowBlocks(Iterator<Row> rows, int size, Mapping mapping) {
        this.rows = rows;
        this.size = size;
        this.mapping = mapping;
    }

    /**
     * The rows of a partition mapped in blocks of {@link #SIZE}.
     *
     * @param rows the partition's rows
     * @param perPartition makes the partition's mapping (it parses the broadcast models, say): called
     *     once, and only when the partition has a row
     * @return the output rows, one per input row, in order
     */
    static Iterator<Row> map(Iterator<Row> rows, Supplier<Mapping> perPartition) {
        return map(rows, SIZE, perPartition);
    }

    /**
     * The rows of a partition mapped in blocks of {@code size} (tests use small blocks).
     *
     * @param rows the partition's rows
     * @param size rows per block, {@code >= 1}
     * @param perPartition makes the partition's mapping: called once, and only when the partition
     *     has a row
     * @return the output rows, one per input row, in order
     */
    static Iterator<Row> map(Iterator<Row> rows, int size, Supplier<Mapping> perPartition) {
        if (size < 1) {
            throw new IllegalArgumentException("a block holds at least one row, got " + size);
        }
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        return new RowBlocks(rows, size, perPartition.get());
    }

    @Override
    public boolean hasNext() {
        return next < count || rows.hasNext();
    }

    @Override
    public Row next() {
        if (next >= count) {
            if (!rows.hasNext()) {
                throw new NoSuchElementException();
            }
            List<Row> block = new ArrayList<>(size);
            while (block.size() < size && rows.hasNext()) {
                block.add(rows.next());
            }
            output = mapping.map(block);
            count = block.size();
            next = 0;
        }
        return output.apply(next++);
    }
}
