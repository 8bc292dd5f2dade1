package org.churnkit.testing;

import org.churnkit.io.ColumnTable;

/** A small table of every column type with the awkward values a writer must keep. */
public final class SampleTable {
    private SampleTable() {}

    /**
     * Text with a comma, quotes and a non-ASCII letter; doubles with a subnormal-range value and a
     * missing one (NaN); the largest long; timestamps on and off midnight.
     *
     * @return the table
     */
    public static ColumnTable of() {
        return ColumnTable.builder()
                .addString("customer_id", new String[] {"a", "b,with comma", "c \"quoted\"", "\u00fc"})
                .addDouble("score", new double[] {0.5, 1e-300, -3, Double.NaN})
                .addLong("count", new long[] {1, 2, 3, Long.MAX_VALUE})
                .addTimestamp("first", new long[] {0, 86_400, 86_400 + 3_600, 852_076_800L})
                .build();
    }
}
