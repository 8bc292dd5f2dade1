package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code churnkit update}: daily batches give the summaries of the whole log; refusals leave the state. */
class UpdateCommandTest {
    @TempDir
    Path dir;

    /** Ten days of a small shop, one file per day, and the whole log (the days one after the other). */
    private Path[] days() throws IOException {
        SplittableRandom rnd = new SplittableRandom(11);
        Path[] files = new Path[10];
        StringBuilder whole = new StringBuilder("customer_id,date,amount\n");
        for (int d = 0; d < 10; d++) {
            StringBuilder day = new StringBuilder("customer_id,date,amount\n");
            LocalDate date = LocalDate.of(2024, 6, 1).plusDays(d);
            for (int r = 0; r < 30; r++) {
                String line = "c" + rnd.nextInt(25) + "," + date + "T" + String.format("%02d", rnd.nextInt(24)) + ":00,"
                        + (rnd.nextInt(20) == 0 ? "0" : (1 + rnd.nextInt(9_999)) / 100.0) + "\n";
                day.append(line);
                whole.append(line);
            }
            files[d] = Files.writeString(dir.resolve("day" + d + ".csv"), day);
        }
        Files.writeString(dir.resolve("whole.csv"), whole);
        return files;
    }

    @Test
    void dailyBatchesEqualTheWholeLog() throws IOException {
        Path[] days = days();
        Path state = dir.resolve("shop.ckstate");
        for (int d = 0; d < days.length; d++) {
            String asOf = LocalDate.of(2024, 6, 1).plusDays(d).toString();
            CliRun r = CliRun.run("update", "--state", state.toString(), "--transactions", days[d].toString(), "--as-of", asOf,
                    "--summaries-out", dir.resolve("incremental.csv").toString());
            assertEquals(0, r.code(), r.err());
            if (d == 0) {
                assertTrue(r.err().contains("does not exist: creating it (merge day, time unit week"), r.err());
            } else {
                assertTrue(r.err().contains("returning customers") && r.err().contains("T advanced by 1 days"), r.err());
                assertFalse(r.err().contains("creating"), r.err());
            }
        }
        CliRun s = CliRun.run("summarize", "-i", dir.resolve("whole.csv").toString(), "-o", dir.resolve("batch.csv").toString(),
                "--observation-end", "2024-06-10");
        assertEquals(0, s.code(), s.err());
        assertEquals(Files.readString(dir.resolve("batch.csv")), Files.readString(dir.resolve("incremental.csv")));
        // the summaries are what fit reads (ten days of steady buyers: a boundary fit, accepted)
        CliRun fit = CliRun.run("fit", "-i", dir.resolve("incremental.csv").toString(), "-o", dir.resolve("m.json").toString(),
                "--model", "bg-nbd", "--accept-boundary");
        assertEquals(0, fit.code(), fit.err());
    }

    @Test
    void aBatchGivenTwiceIsRefusedAndTheStateKept() throws IOException {
        Path[] days = days();
        Path state = dir.resolve("shop.ckstate");
        assertEquals(0, CliRun.run("update", "--state", state.toString(), "--transactions", days[0].toString(),
                "--as-of", "2024-06-01").code());
        byte[] before = Files.readAllBytes(state);
        CliRun again = CliRun.run("update", "--state", state.toString(), "--transactions", days[0].toString(),
                "--as-of", "2024-06-02");
        assertEquals(1, again.code(), again.err());
        assertTrue(again.err().contains(days[0] + ":2:") && again.err().contains("not after the state's end 2024-06-01")
                && again.err().contains("--late accept-if-mergeable"), again.err());
        assertArrayEquals(before, Files.readAllBytes(state));
        // another merge period than the state's: refused, naming both
        CliRun other = CliRun.run("update", "--state", state.toString(), "--transactions", days[1].toString(),
                "--as-of", "2024-06-02", "--merge", "week");
        assertEquals(1, other.code(), other.err());
        assertTrue(other.err().contains("merge period week (given) vs day (the state's)"), other.err());
        assertArrayEquals(before, Files.readAllBytes(state));
        // the summaries must not overwrite the state or the transactions
        CliRun clash = CliRun.run("update", "--state", state.toString(), "--transactions", days[1].toString(),
                "--as-of", "2024-06-02", "--summaries-out", days[1].toString());
        assertEquals(1, clash.code(), clash.err());
        assertArrayEquals(before, Files.readAllBytes(state));
        // --state-out leaves the state as it was
        Path next = dir.resolve("next.ckstate");
        CliRun out = CliRun.run("update", "--state", state.toString(), "--transactions", days[1].toString(),
                "--as-of", "2024-06-02", "--state-out", next.toString());
        assertEquals(0, out.code(), out.err());
        assertArrayEquals(before, Files.readAllBytes(state));
        assertTrue(Files.size(next) > 0);
    }

    @Test
    void lateDataIsMergedWhenExact() throws IOException {
        Path state = dir.resolve("s.ckstate");
        Files.writeString(dir.resolve("a.csv"), "customer_id,date,amount\nx,2024-06-01,5\nx,2024-06-05,6\n");
        Files.writeString(dir.resolve("late-ok.csv"), "customer_id,date,amount\nx,2024-06-05,1\ny,2024-06-03,2\nx,2024-06-07,3\n");
        Files.writeString(dir.resolve("late-bad.csv"), "customer_id,date,amount\nx,2024-06-09,1\nx,2024-06-03,2\n");
        assertEquals(0, CliRun.run("update", "--state", state.toString(), "--transactions", dir.resolve("a.csv").toString(),
                "--as-of", "2024-06-06").code());
        CliRun ok = CliRun.run("update", "--state", state.toString(), "--transactions", dir.resolve("late-ok.csv").toString(),
                "--as-of", "2024-06-08", "--late", "accept-if-mergeable", "--summaries-out", dir.resolve("s.csv").toString(),
                "--time-unit", "day");
        assertEquals(1, ok.code(), "time unit differs from the state's: " + ok.err());
        ok = CliRun.run("update", "--state", state.toString(), "--transactions", dir.resolve("late-ok.csv").toString(),
                "--as-of", "2024-06-08", "--late", "accept-if-mergeable", "--summaries-out", dir.resolve("s.csv").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.err().contains("2 late transactions (at or before 2024-06-06) merged exactly"), ok.err());
        assertTrue(ok.err().contains("1 new customers, 1 returning customers"), ok.err());
        String summary = Files.readString(dir.resolve("s.csv"));
        assertTrue(summary.contains("x,2,"), summary);
        CliRun bad = CliRun.run("update", "--state", state.toString(), "--transactions", dir.resolve("late-bad.csv").toString(),
                "--as-of", "2024-06-10", "--late", "accept-if-mergeable");
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains(dir.resolve("late-bad.csv") + ":3:") && bad.err().contains("cannot be merged exactly")
                && bad.err().contains("between the customer's first purchase (2024-06-01) and last purchase (2024-06-07)"),
                bad.err());
    }
}
