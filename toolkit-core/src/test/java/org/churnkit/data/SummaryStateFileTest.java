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
import java.util.zip.CRC32C;
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

    /** A state of customers with every kind of id: packed (at most 8 ASCII bytes), hashed (longer), non-ASCII. */
    private static SummaryState manyIds(String... extra) {
        int n = 5000;
        String[] ids = new String[n + extra.length];
        for (int c = 0; c < n; c++) {
            ids[c] = switch (c % 4) {
                case 0 -> Integer.toString(c);
                case 1 -> String.format("C%08d", c);
                case 2 -> "customer-" + c + "-of-a-long-campaign";
                default -> "고객" + c;
            };
        }
        System.arraycopy(extra, 0, ids, n, extra.length);
        long[] t = new long[ids.length];
        double[] a = new double[ids.length];
        for (int c = 0; c < ids.length; c++) {
            t[c] = (19_000L + c % 300) * 86_400L;
            a[c] = 1 + c % 7;
        }
        return SummaryState.of(TransactionLog.of(ids, t, a), SummaryOptions.defaults(), PeriodEnd.parse("2023-01-01"));
    }

    @Test
    void readBackFindsEveryIdAtItsCodeAndTakesNewOnes() throws IOException {
        SummaryState s = manyIds();
        Path f = dir.resolve("ids.ckstate");
        SummaryStateFile.write(s, f);
        SummaryState back = SummaryStateFile.read(f);
        int n = s.dict.size();
        assertEquals(n, back.dict.size());
        for (int c = 0; c < n; c++) {
            String id = s.dict.id(c);
            assertEquals(id, back.dict.id(c));
            assertEquals(c, back.dict.find(id), id);
        }
        for (String absent : new String[] {"5001", "C99999999", "customer-1-of-a-long-campaig", "고객5001", "x"}) {
            assertEquals(-1, back.dict.find(absent), absent);
        }
        // the table read back is the one the ids make when interned one at a time
        IdDictionary oneByOne = new IdDictionary(n);
        for (int c = 0; c < n; c++) {
            byte[] b = s.dict.id(c).getBytes(StandardCharsets.UTF_8);
            assertEquals(c, oneByOne.internUtf8(b, 0, b.length));
        }
        assertTrue(back.dict.sameTable(oneByOne) && oneByOne.size() == n);
        assertEquals(n, back.dict.intern("brand-new-customer"));
        assertEquals(n, back.dict.find("brand-new-customer"));
        assertEquals(4, back.dict.intern("4"), "an existing id keeps its code");
    }

    @Test
    void anIdStoredTwiceIsRefusedNamingIt() throws IOException {
        // packed, hashed and non-ASCII ids: each pair differs in its last character only
        String[][] pairs = {{"dupA1", "dupA2"}, {"duplicate-long-id-1", "duplicate-long-id-2"}, {"중복-1", "중복-2"}};
        for (String[] pair : pairs) {
            Path f = dir.resolve("dup.ckstate");
            SummaryStateFile.write(manyIds(pair), f);
            byte[] b = Files.readAllBytes(f);
            byte[] second = pair[1].getBytes(StandardCharsets.UTF_8);
            byte[] first = pair[0].getBytes(StandardCharsets.UTF_8);
            int at = indexOf(b, second);
            assertTrue(at > 0, pair[1]);
            System.arraycopy(first, 0, b, at, first.length);
            CRC32C crc = new CRC32C();
            crc.update(b, 0, b.length - 8);
            long v = crc.getValue();
            for (int i = 0; i < 8; i++) {
                b[b.length - 8 + i] = (byte) (v >>> (8 * i));
            }
            Files.write(f, b);
            BadInputException e = assertThrows(BadInputException.class, () -> SummaryStateFile.read(f));
            assertTrue(e.getMessage().contains("customer id '" + pair[0] + "' appears twice"), e.getMessage());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * A file written by churnkit 0.1 (format version 1, committed under test resources) keeps
     * loading: the values below are those of the log it was made from, not of today's writer.
     */
    @Test
    void aFormatVersion1FileKeepsLoading() throws IOException {
        Path f = dir.resolve("format1.ckstate");
        try (var in = getClass().getResourceAsStream("summary-state-format1.ckstate")) {
            Files.write(f, in.readAllBytes());
        }
        SummaryState s = SummaryStateFile.read(f);
        assertEquals(MergePeriod.WEEK, s.settings().merge());
        assertEquals(TimeUnit.DAYS, s.settings().unit());
        assertEquals(PeriodEnd.parse("2024-03-12"), s.end());
        CustomerSummaries cs = s.summaries();
        assertEquals(4, cs.size());
        assertEquals(java.util.List.of("A-1", "José", "b", "C00000042"), Arrays.asList(cs.ids()));
        // A-1 bought in weeks 0, 0 (merged) and 1 (day 9): one repeat period
        assertEquals(1, cs.frequency(0));
        assertEquals(7.0, cs.recency(0));
        assertEquals(14.0, cs.age(0));
        assertEquals(0, cs.frequency(1));
        assertEquals(7.0, cs.age(2));
        assertEquals(2, s.dict.find("b"));
        assertEquals(3, s.dict.find("C00000042"));
        // and it takes an update
        long d = 86_400L;
        long base = java.time.LocalDate.of(2024, 3, 13).toEpochDay() * d;
        SummaryState.Update u = s.update(TransactionLog.of(new String[] {"C00000042", "new"}, new long[] {base, base},
                new double[] {1, 2}), PeriodEnd.parse("2024-03-20"), SummaryState.Late.REFUSE, false);
        assertEquals(1, u.newCustomers());
        assertEquals(1, u.returningCustomers());
    }
}
