package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subscription (contractual) side of the command line: summarize --contractual, fit, score. */
class ContractualCommandsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void summarizeTurnsDatesIntoPeriodsAndCountsOddRows() throws IOException {
        Path in = write("subs.csv", "customer_id,start,end\n"
                + "a,2024-01-15,\n"
                + "b,2024-01-15,2024-02-15\n"
                + "c,2024-01-20,2024-03-20\n"
                + "d,2024-02-01,2024-01-01\n" // ends before it starts
                + "e,2024-07-01,\n"); // starts after the as-of date
        Path out = dir.resolve("subscribers.csv");
        Path surv = dir.resolve("cohorts.csv");
        CliRun r = CliRun.run("summarize", "--contractual", "-i", in.toString(), "--as-of", "2024-06-30",
                "--cohort", "month", "-o", out.toString(), "--survivors", surv.toString());
        assertEquals(0, r.code(), r.err());
        ColumnTable t = TableIO.read(out);
        assertEquals(List.of("customer_id", "cohort", "start", "end", "periods", "cancelled"), t.columnNames());
        assertEquals(List.of("a", "b", "c"), List.of(t.strings("customer_id")));
        assertEquals(List.of("6", "1", "2"), List.of(t.stringsOf("periods")));
        assertEquals(List.of("0", "1", "1"), List.of(t.stringsOf("cancelled")));
        assertTrue(r.err().contains("read 3 subscribers"), r.err());
        assertTrue(r.err().contains("1 subscriptions ending before they start: dropped (first: subscriber 'd', "
                + "subs.csv line 5)"), r.err());
        assertTrue(r.err().contains("1 subscriptions starting after the as-of date 2024-06-30: dropped"), r.err());
        assertTrue(r.err().contains("a renewal date counts once on or before the as-of date"), r.err());
        ColumnTable s = TableIO.read(surv);
        assertEquals(List.of("cohort", "period", "survivors"), s.columnNames());
        assertEquals(List.of("3", "2", "1", "1", "1", "1"), List.of(s.stringsOf("survivors")));
    }

    @Test
    void summarizeNamesTheBadCell() throws IOException {
        Path in = write("subs.csv", "customer_id,start,end\na,2024-01-15,\nb,15/01/2024,\n");
        Path out = dir.resolve("subscribers.csv");
        CliRun r = CliRun.run("summarize", "--contractual", "-i", in.toString(), "-o", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(in + ":3: column 'start': expected an ISO date"), r.err());
        assertFalse(Files.exists(out));
    }
}
