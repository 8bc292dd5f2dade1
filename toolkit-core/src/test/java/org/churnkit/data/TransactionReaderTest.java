package org.churnkit.data;

import org.churnkit.testing.BadInputs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.churnkit.io.BadInputException;
import org.churnkit.io.TableIO;
import org.churnkit.testing.RoundTrips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    /** Each bad input: file content, expected line (0: none), expected column (null: none), words of the message. */
    static Stream<Arguments> badInputs() {
        return BadInputs.cases().stream().map(c -> Arguments.of(c.name(), c.content(), c.line(), c.column(), c.words()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputNamesFileLineAndColumn(String name, String content, long line, String column, String words) throws IOException {
        Path p = write(name.replace(' ', '_') + ".csv", content);
        BadInputException e = assertThrows(BadInputException.class, () -> {
            TransactionLog log = TransactionReader.read(p);
            Summarizer.summarize(log, SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("2020-12-31")));
        });
        String m = e.getMessage();
        assertTrue(m.startsWith(p.toString()), m);
        assertEquals(line, e.line(), m);
        assertEquals(column, e.column(), m);
        for (String w : words.split("\\|")) {
            assertTrue(m.contains(w), "message lacks '" + w + "': " + m);
        }
    }

    @Test
    void bomCrlfAndQuotedFieldsAreRead() throws IOException {
        Path p = write("ok.csv", "\uFEFFcustomer_id,date,amount\r\n\"a,1\",2020-01-01,\"1.5\"\r\nb,2020-01-02,2\r\n\"a,1\",2020-01-03,3\r\n");
        TransactionLog log = TransactionReader.read(p);
        assertEquals(3, log.size());
        assertEquals(2, log.customerCount());
        assertEquals("a,1", log.customerId(0));
        assertEquals(1.5, log.amount(0));
        assertEquals(LocalDateTime.of(2020, 1, 3, 0, 0), log.dateTime(2));
        assertEquals(p + ":4", log.locate(2));
    }

    @Test
    void negativeAndMissingAmountsWhenAllowed() throws IOException {
        Path p = write("neg.csv", "customer_id,date,amount\na,2020-01-01,-5\na,2020-01-02,\na,2020-01-03,NaN\na,2020-01-04,4\n");
        TransactionLog log = TransactionReader.read(p, TransactionReadOptions.defaults()
                .withAllowNegativeAmounts(true).withAllowMissingAmounts(true));
        assertEquals(4, log.size());
        assertEquals(-5.0, log.amount(0));
        assertTrue(Double.isNaN(log.amount(1)));
        // the default rule: a refund is no transaction, so the customer starts on 2020-01-02; missing
        // amounts are transactions without spend
        CustomerSummaries s = Summarizer.summarize(log, SummaryOptions.defaults().withUnit(TimeUnit.DAYS));
        assertEquals(2, s.frequency(0));
        assertEquals(2.0, s.age(0));
        assertEquals(4.0, s.monetaryValue(0)); // repeat periods with a positive amount: only 2020-01-04
        assertEquals(4.0, s.meanValue(0));
        assertEquals(1, s.exclusions().count(Exclusions.NEGATIVE_AMOUNT));
        assertEquals(2, s.exclusions().count(Exclusions.MISSING_AMOUNT));
        // netted: the refund day is a transaction, but not spend (its amount is not positive)
        CustomerSummaries net = Summarizer.summarize(log, SummaryOptions.defaults().withUnit(TimeUnit.DAYS)
                .withAmountRules(SummaryOptions.ZeroAmounts.COUNT, SummaryOptions.NegativeAmounts.NET, SummaryOptions.Duplicates.KEEP));
        assertEquals(3, net.frequency(0));
        assertEquals(4.0, net.monetaryValue(0));
        assertEquals(4.0, net.meanValue(0));
    }

    @Test
    void dateFormatsAndZones() throws IOException {
        Path p = write("f.csv", "customer_id,date,amount\na,2020-03-01T23:30:00Z,1\na,1583193600,1\n");
        // mixed formats: auto picks iso from the first row, so the epoch row is an error
        BadInputException e = assertThrows(BadInputException.class, () -> TransactionReader.read(p));
        assertEquals(3, e.line());
        Path iso = write("g.csv", "customer_id,date,amount\na,2020-03-01T23:30:00Z,1\na,2020-03-02 08:00,1\n");
        TransactionLog utc = TransactionReader.read(iso);
        assertEquals(LocalDateTime.of(2020, 3, 1, 23, 30), utc.dateTime(0));
        TransactionLog berlin = TransactionReader.read(iso, TransactionReadOptions.defaults().withZone(ZoneId.of("Europe/Berlin")));
        // the instant 23:30Z is 00:30 the next day on Berlin's wall clock; local times stay as written
        assertEquals(LocalDateTime.of(2020, 3, 2, 0, 30), berlin.dateTime(0));
        assertEquals(LocalDateTime.of(2020, 3, 2, 8, 0), berlin.dateTime(1));
        Path epoch = write("e.csv", "customer_id,date,amount\na,1583193600,1\n");
        assertEquals(LocalDateTime.of(2020, 3, 3, 0, 0), TransactionReader.read(epoch).dateTime(0));
        Path pattern = write("p.csv", "customer_id;date;amount\na;03/02/2020;1,5\n".replace("1,5", "1.5"));
        TransactionLog pl = TransactionReader.read(pattern, TransactionReadOptions.defaults().withDelimiter(';').withDateFormat("dd/MM/yyyy"));
        assertEquals(LocalDateTime.of(2020, 2, 3, 0, 0), pl.dateTime(0));
    }

    @Test
    void headerlessFilesTakePositions() throws IOException {
        Path p = write("h.txt", " 00001 19970101  1   11.77\n 00002 19970112  1   12.00\n");
        TransactionLog log = TransactionReader.read(p, TransactionReadOptions.defaults().withColumns("1", "2", "4"));
        assertEquals(2, log.size());
        assertEquals("00002", log.customerId(1));
        assertEquals(12.0, log.amount(1));
        BadInputException e = assertThrows(BadInputException.class, () -> TransactionReader.read(p));
        assertTrue(e.getMessage().contains("no header"), e.getMessage());
        Path csv = write("h.csv", "a,2020-01-01,3\n");
        assertEquals(1, TransactionReader.read(csv, TransactionReadOptions.defaults().withHeader(false).withColumns("1", "2", "3")).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"log.csv", "log.txt"})
    void transactionRoundTrip(String name) {
        RoundTrips.transactions(dir.resolve(name),
                TransactionReadOptions.defaults().withDateFormat(name.endsWith("txt") ? "iso" : "auto"));
    }

    @Test
    void amountParserIsExact() {
        // the fast path must agree with Double.parseDouble bit for bit
        List<String> samples = List.of("0", "12.5", "0.1", "29.33", "-7.05", "123456789012345", "1.000000000000001",
                "99999.99", "1e3", "3.4E-5", "+4.2", "0.3000000000000000444", "00012.0100");
        for (String s : samples) {
            char[] c = s.toCharArray();
            assertEquals(Double.parseDouble(s), TransactionReader.RowParser.parseAmount(c, 0, c.length), s);
        }
        org.apache.commons.rng.UniformRandomProvider rng =
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
        for (int i = 0; i < 100_000; i++) {
            String s = Long.toString(rng.nextLong(0, 10_000_000_000L)) + "." + Long.toString(rng.nextLong(0, 100_000));
            char[] c = s.toCharArray();
            assertEquals(Double.parseDouble(s), TransactionReader.RowParser.parseAmount(c, 0, c.length), s);
        }
    }

    @Test
    void dateParserAgreesWithJavaTime() {
        org.apache.commons.rng.UniformRandomProvider rng =
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        DateParser basic = DateParser.of("yyyyMMdd", java.time.ZoneOffset.UTC);
        DateParser iso = DateParser.of("iso", java.time.ZoneOffset.UTC);
        for (int i = 0; i < 20_000; i++) {
            java.time.LocalDate d = java.time.LocalDate.ofEpochDay(rng.nextLong(-200_000, 200_000));
            if (d.getYear() < 0 || d.getYear() > 9999) {
                continue;
            }
            long want = d.toEpochDay() * 86_400L;
            assertEquals(want, basic.parse(d.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)), d.toString());
            assertEquals(want, iso.parse(d.toString()), d.toString());
        }
        assertEquals(DateParser.INVALID, basic.parse("19970230"));
        assertEquals(DateParser.INVALID, basic.parse("19971301"));
        assertEquals(DateParser.INVALID, iso.parse("1997-02-29"));
        assertArrayEquals(new long[] {DateParser.INVALID}, new long[] {iso.parse("1997-01-01T25:00")});
    }
}
