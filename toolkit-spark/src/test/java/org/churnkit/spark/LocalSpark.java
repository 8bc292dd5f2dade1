package org.churnkit.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The tests' Spark session: {@code local[2]} (the machine's two cores, as a small cluster would
 * split work), no web UI, few shuffle partitions (the test data are small, and Spark's default of
 * 200 would spend the time on empty tasks) and the driver bound to the loopback interface, so that
 * the tests run without a network.
 */
final class LocalSpark {
    private LocalSpark() {}

    /**
     * A new (or the running) local session.
     *
     * @param name the application name, shown in Spark's logs
     * @param shufflePartitions {@code spark.sql.shuffle.partitions}
     * @return the session; the caller stops it
     */
    static SparkSession session(String name, int shufflePartitions) {
        return SparkSession.builder().master("local[2]").appName(name)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}
