package org.churnkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: self-describing header, exact round trip, refusal of other versions and damage. */
class SummaryStateFileTest {
    @TempDir
    Path dir;

    private static SummaryState sample() {
        long d = 86_400L;
        long base = java.time.LocalDate.of(2024, 3, 1).toEpochDay() * d;
        TransactionLog log = TransactionLog.of(new String[] {"A-1", "José", "A-1", "b", "A-1"},
                new long[] {base, base + d, base + 3 * d, base + 3 * d + 60, base + 9 * d},
                new double[] {12.34, 0.1, 0.2, 5, 7.77});
        return SummaryState.of(log, SummaryOptions.defaults().withMerge(MergePeriod.WEEK).withUnit(TimeUnit.DAYS),
                PeriodEnd.parse("2024-03-12"));
    }

    @Test
    void roundTripIsExactAndHeaderSaysWhatTheFileIs() throws IOException {
        SummaryState s = sample();
        Path f = dir.resolve("s.ckstate");
        SummaryStateFile.write(s, f);
        String head = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).split("\n\n")[0];
        assertTrue(head.startsWith("churnkit summary state\nformat_version=1\nmerge=week\ntime_unit=day\n"), head);
        assertTrue(head.contains("\nend=2024-03-12\n") && head.contains("\ncustomers=3\n"), head);
        SummaryState back = SummaryStateFile.read(f);
        assertEquals(s.settings(), back.settings());
        assertEquals(s.end(), back.end());
        SummaryStatePropertiesTest.assertSameSummaries(s.summaries(), back.summaries(), "round trip");
        assertEquals("José", back.summaries().id(1));
        // no temporary file left beside it
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void otherVersionsAreRefusedWithWhatToDo() throws IOException {
        Path f = dir.resolve("s.ckstate");
        SummaryStateFile.write(sample(), f);
        byte[] b = Files.readAllBytes(f);
        for (String v : new String[] {"0", "2"}) {
            byte[] c = new String(b, StandardCharsets.ISO_8859_1).replace("format_version=1", "format_version=" + v)
                    .getBytes(StandardCharsets.ISO_8859_1);
            Path g = dir.resolve("v" + v + ".ckstate");
            Files.write(g, c);
            BadInputException e = assertThrows(BadInputException.class, () -> SummaryStateFile.read(g));
            assertTrue(e.getMessage().contains(g.toString()) && e.getMessage().contains("format version " + v), e.getMessage());
            assertTrue(e.getMessage().contains(v.equals("0") ? "rebuild it" : "newer churnkit"), e.getMessage());
        }
    }

    @Test
    void damageIsDetected() throws IOException {
        Path f = dir.resolve("s.ckstate");
        SummaryStateFile.write(sample(), f);
        byte[] b = Files.readAllBytes(f);
        // one bit flipped in the columns
        byte[] flipped = b.clone();
        flipped[b.length - 20] ^= 4;
        Path g = dir.resolve("flipped.ckstate");
        Files.write(g, flipped);
        BadInputException e = assertThrows(BadInputException.class, () -> SummaryStateFile.read(g));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        // cut short
        Path h = dir.resolve("short.ckstate");
        Files.write(h, Arrays.copyOf(b, b.length - 30));
        e = assertThrows(BadInputException.class, () -> SummaryStateFile.read(h));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // not a state at all
        Path csv = dir.resolve("log.csv");
        Files.writeString(csv, "customer_id,date,amount\n1,2024-01-01,3\n");
        e = assertThrows(BadInputException.class, () -> SummaryStateFile.read(csv));
        assertTrue(e.getMessage().contains("not a churnkit summary state"), e.getMessage());
    }

    @Test
    void failedWriteLeavesTheOldFile() throws IOException {
        Path f = dir.resolve("s.ckstate");
        SummaryStateFile.write(sample(), f);
        byte[] before = Files.readAllBytes(f);
        // a directory where the file should go: refused, nothing changed, nothing left over
        Path d = dir.resolve("d.ckstate");
        Files.createDirectory(d);
        assertThrows(RuntimeException.class, () -> SummaryStateFile.write(sample(), d));
        assertTrue(Arrays.equals(before, Files.readAllBytes(f)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void settingsMustMatch() {
        SummaryState s = sample();
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> s.summaries(SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("2024-03-12"))));
        assertTrue(e.getMessage().contains("merge period week (state) vs day (asked)"), e.getMessage());
        assertTrue(e.getMessage().contains("time unit day (state) vs week (asked)"), e.getMessage());
        SummaryState other = SummaryState.empty(SummaryState.Settings.of(SummaryOptions.defaults(), true));
        e = assertThrows(ChurnkitException.class, () -> SummaryState.merge(s, other));
        assertTrue(e.getMessage().contains("different settings"), e.getMessage());
        e = assertThrows(ChurnkitException.class, () -> s.summaries(PeriodEnd.parse("2024-03-11")));
        assertTrue(e.getMessage().contains("before the state's end 2024-03-12"), e.getMessage());
    }

    @Test
    void updateReportsWhatChanged() {
        SummaryState s = sample();
        long d = 86_400L;
        long base = java.time.LocalDate.of(2024, 3, 13).toEpochDay() * d;
        SummaryState.Update u = s.update(TransactionLog.of(new String[] {"b", "new", "b", "A-1"},
                new long[] {base, base, base + d, base + 2 * d}, new double[] {1, 2, 0, 4}),
                PeriodEnd.parse("2024-03-20"), SummaryState.Late.REFUSE, false);
        assertEquals(PeriodEnd.parse("2024-03-12"), u.previousEnd());
        assertEquals(1, u.newCustomers());
        assertEquals(2, u.returningCustomers());
        assertEquals(4, u.transactions());
        assertEquals(7.0, u.spend());
        assertEquals(4, u.customers());
        assertEquals(1, u.exclusions().count(Exclusions.ZERO_AMOUNT));
        // a second run of the same batch is late: refused, naming the row
        BadInputException e = assertThrows(BadInputException.class, () -> s.update(TransactionLog.of(new String[] {"b"},
                new long[] {base}, new double[] {1}), PeriodEnd.parse("2024-03-21"), SummaryState.Late.REFUSE, false));
        assertTrue(e.getMessage().contains("not after the state's end 2024-03-20") && e.getMessage().contains("'b'"),
                e.getMessage());
        // after the as-of date: refused unless dropped
        e = assertThrows(BadInputException.class, () -> s.update(TransactionLog.of(new String[] {"b"},
                new long[] {base + 30 * d}, new double[] {1}), PeriodEnd.parse("2024-03-21"), SummaryState.Late.REFUSE, false));
        assertTrue(e.getMessage().contains("after the as-of date 2024-03-21"), e.getMessage());
    }
}
