package org.churnkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/** Transaction logs made by the tests themselves, for cases the simulators do not produce. */
final class TestLogs {
    private TestLogs() {}

    /**
     * Sixty customers who buy every seven days for 100 days from a start within the first three weeks
     * of 2024, and never stop (seeded): Pareto/NBD runs to its Poisson limit on them and no model
     * sees a dropout.
     *
     * @param file where to write the log ({@code customer_id,date,amount})
     * @return {@code file}
     */
    static Path periodicBuyers(Path file) throws IOException {
        StringBuilder log = new StringBuilder("customer_id,date,amount\n");
        LocalDate d0 = LocalDate.of(2024, 1, 1);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int c = 0; c < 60; c++) {
            int start = rnd.nextInt(21);
            for (int k = 0; k < 100; k += 7) {
                log.append('c').append(c).append(',').append(d0.plusDays(start + k)).append(',').append(10 + c % 7)
                        .append('\n');
            }
        }
        Files.writeString(file, log);
        return file;
    }
}
