package org.churnkit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large CSV files are read in parallel byte ranges, numbers parsed from characters: the table (values
 * bit for bit, line of every row) must be the one-pass reader's, and any file the ranges cannot read
 * exactly must be left to the one-pass reader.
 */
class CsvChunksTest {
    @TempDir
    Path dir;

    private static final Map<String, ColumnType> SUMMARY = new LinkedHashMap<>();

    static {
        SUMMARY.put("customer_id", ColumnType.STRING);
        SUMMARY.put("frequency", ColumnType.DOUBLE);
        SUMMARY.put("recency", ColumnType.DOUBLE);
        SUMMARY.put("n", ColumnType.LONG);
    }

    @Test
    void fastDoubleIsParseDoubleBitForBitOrDeclines() {
        SplittableRandom rng = new SplittableRandom(7);
        String[] fixed = {"0", "-0", "+5", "1.", ".5", "-.25", "007.50", "9007199254740992", "9007199254740993",
            "0.1", "123456789012345678", "1234567890123456789", "1e5", "NaN", "", "-", ".", "1..2", "0.0000000000000000000001"};
        for (String s : fixed) {
            check(s);
        }
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (rng.nextInt(4) == 0) {
                sb.append('-');
            }
            int whole = rng.nextInt(0, 10);
            for (int d = 0; d < whole; d++) {
                sb.append((char) ('0' + rng.nextInt(10)));
            }
            if (rng.nextBoolean()) {
                sb.append('.');
                int frac = rng.nextInt(0, 14);
                for (int d = 0; d < frac; d++) {
                    sb.append((char) ('0' + rng.nextInt(10)));
                }
            }
            check(sb.toString());
        }
    }

    private static void check(String s) {
        double fast = TextColumns.fastDouble(s.toCharArray(), 0, s.length());
        if (Double.isNaN(fast)) {
            return; // declined: the general parser decides
        }
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(fast), s);
    }

    @Test
    void rangesGiveTheOnePassTable() throws IOException {
        for (String eol : new String[] {"\n", "\r\n", "\r"}) {
            for (boolean bom : new boolean[] {false, true}) {
                Path f = dir.resolve("t" + eol.length() + bom + ".csv");
                Files.writeString(f, body(eol, bom, 3_000, 11, null), StandardCharsets.UTF_8);
                ColumnTable one = TableIO.read(f, FileFormat.CSV, SUMMARY, true);
                for (int chunks = 1; chunks <= 6; chunks++) {
                    ColumnTable ranges = CsvChunks.read(f, SUMMARY, true, chunks);
                    assertNotNull(ranges, "chunks " + chunks);
                    assertSame(one, ranges);
                    assertSame(TableIO.read(f, FileFormat.CSV, SUMMARY, false), CsvChunks.read(f, SUMMARY, false, chunks));
                }
            }
        }
    }

    @Test
    void anythingUnusualIsLeftToTheOnePassReader() throws IOException {
        String[] spoilers = {"c1,1,2,3,x,y\n", "c1,abc,2,3,x\n", "\"c1\",1,2,3,x\n", "c1,1,2,3.5,x\n", "c1,1,2,3,\"a\nb\"\n"};
        for (String spoiler : spoilers) {
            Path f = dir.resolve("bad.csv");
            Files.writeString(f, body("\n", false, 3_000, 5, spoiler), StandardCharsets.UTF_8);
            for (int chunks = 1; chunks <= 4; chunks++) {
                assertNull(CsvChunks.read(f, SUMMARY, true, chunks), spoiler);
            }
        }
        Path bytes = dir.resolve("latin.csv");
        byte[] text = body("\n", false, 3_000, 5, "caf\u00e9,1,2,3,x\n").replace(" \u00fc", "").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(bytes, text);
        assertNull(CsvChunks.read(bytes, SUMMARY, true, 3));
        BadInputException e = assertThrows(BadInputException.class, () -> TableIO.read(bytes, FileFormat.CSV, SUMMARY, true));
        assertEquals(true, e.getMessage().contains(":3027: column 4: byte 0xE9"), e.getMessage());
    }

    @Test
    void largeFilesReadInRangesAndTheirErrorsAreTheOnePassReaders() throws IOException {
        int rows = 80_000; // over CsvChunks.MIN_BYTES, so TableIO.read takes the ranges
        Path f = dir.resolve("large.csv");
        Files.writeString(f, body("\n", false, rows, 3, null).replace(" \u00fc", ""), StandardCharsets.UTF_8);
        assertEquals(true, Files.size(f) >= CsvChunks.MIN_BYTES);
        // a declared single-byte encoding takes the one-pass reader; the text is ASCII, so the tables must agree
        assertSame(TableIO.read(f, FileFormat.CSV, SUMMARY, true, StandardCharsets.ISO_8859_1),
                TableIO.read(f, FileFormat.CSV, SUMMARY, true));
        // a bad cell in the last range and a wrong width after it: the width is reported, as before
        String bad = body("\n", false, rows, 3, "c1,abc,2,3,x\n").replace(" \u00fc", "");
        Files.writeString(f, bad + "c2,1,2,3\n", StandardCharsets.UTF_8);
        long last = bad.chars().filter(c -> c == '\n').count() + 1;
        BadInputException width = assertThrows(BadInputException.class, () -> TableIO.read(f, FileFormat.CSV, SUMMARY, true));
        assertEquals(f + ":" + last + ": expected 5 fields as in the header, found 4", width.getMessage());
        Files.writeString(f, bad, StandardCharsets.UTF_8);
        BadInputException cell = assertThrows(BadInputException.class, () -> TableIO.read(f, FileFormat.CSV, SUMMARY, true));
        assertEquals(f + ":" + (last - 7) + ": column 'frequency': expected a number, found 'abc'", cell.getMessage());
    }

    /** A summary-like file with empty lines, blanks, NA, exponents and long decimals; {@code spoiler} replaces a row near the end. */
    private static String body(String eol, boolean bom, int rows, long seed, String spoiler) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(bom ? "\uFEFF" : eol); // a leading empty line is skipped
        sb.append("customer_id,frequency,recency,n,other").append(eol.equals("\r") ? "\n" : eol);
        String[] odd = {"", "NA", " 3.5 ", "1e-3", "-2.5E+4", "nan", "0.12345678901234567", "12345678901234567890", "+7", "-0"};
        for (int i = 0; i < rows; i++) {
            if (spoiler != null && i == rows - 7) {
                sb.append(spoiler.replace("\n", eol));
                continue;
            }
            if (i % 97 == 0) {
                sb.append(eol); // empty lines are skipped but counted
            }
            String freq = i % 31 == 0 ? odd[rng.nextInt(odd.length)] : Integer.toString(rng.nextInt(50));
            String rec = String.format(java.util.Locale.ROOT, "%.3f", rng.nextDouble() * 500);
            sb.append("c").append(i).append(',').append(freq).append(',').append(rec).append(',')
                    .append(rng.nextLong(-1000, 1000)).append(",o").append(i % 5 == 0 ? " \u00fc" : "");
            // "\r": old Mac line ends, here mixed with LF so that the file still has lines to cut at
            sb.append(eol.equals("\r") && i % 3 == 0 ? "\n" : eol);
        }
        return sb.toString();
    }

    private static void assertSame(ColumnTable one, ColumnTable ranges) {
        assertEquals(one.columnNames(), ranges.columnNames());
        assertEquals(one.rowCount(), ranges.rowCount());
        for (String c : one.columnNames()) {
            assertEquals(one.type(c), ranges.type(c), c);
            switch (one.type(c)) {
                case STRING -> assertArrayEquals(one.strings(c), ranges.strings(c), c);
                case DOUBLE -> {
                    double[] a = one.doubles(c);
                    double[] b = ranges.doubles(c);
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), c + " row " + i);
                    }
                }
                default -> assertArrayEquals(one.longs(c), ranges.longs(c), c);
            }
        }
        for (int i = 0; i < one.rowCount(); i++) {
            assertEquals(one.line(i), ranges.line(i), "line of row " + i);
        }
    }
}
