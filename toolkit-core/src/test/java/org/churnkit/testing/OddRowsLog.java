package org.churnkit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;

/**
 * A log with every odd row of real logs: a: 10 on day 1, 0 on day 2, 20 and a duplicate 20 on day
 * 3; b: 5 on day 1, 0 on day 4; c: a refund alone on day 2 and 8 on day 5; d: joins on the last day
 * (day 6).
 */
public final class OddRowsLog {
    private OddRowsLog() {}

    /**
     * Writes the log as {@code log.csv} in {@code dir} and reads it.
     *
     * @param dir a folder
     * @return the log read with negative amounts allowed
     * @throws IOException when it cannot be written
     */
    public static TransactionLog write(Path dir) throws IOException {
        Path p = dir.resolve("log.csv");
        Files.writeString(p, """
                customer_id,date,amount
                a,2020-01-01,10
                a,2020-01-02,0
                a,2020-01-03,20
                b,2020-01-01,5
                a,2020-01-03,20
                c,2020-01-02,-3
                b,2020-01-04,0
                c,2020-01-05,8
                d,2020-01-06,7
                """);
        return TransactionReader.read(p, TransactionReadOptions.defaults().withAllowNegativeAmounts(true));
    }
}
