package org.churnkit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.churnkit.data.CustomerIds;
import org.churnkit.data.DateParser;
import org.churnkit.data.SummaryValidator;
import org.churnkit.data.TransactionReader;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The library side of the one input standard: ids, dates, text decoding, summaries, formula injection, parameters. */
class InputStandardTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"31/02/2024", "30/02/2024", "29/02/2023", "31/06/2024", "00/01/2024", "01/13/2024", "1/1/2024x"})
    void patternDatesAreStrict(String date) {
        assertEquals(DateParser.INVALID, DateParser.of("dd/MM/yyyy", ZoneOffset.UTC).parse(date), date);
    }

    @Test
    void validPatternDatesStillParse() {
        DateParser p = DateParser.of("dd/MM/yyyy", ZoneOffset.UTC);
        assertEquals(java.time.LocalDate.of(2024, 2, 29).toEpochDay() * 86_400L, p.parse("29/02/2024"));
        DateParser q = DateParser.of("yyyy-MM-dd'T'HH:mm", ZoneOffset.UTC);
        assertEquals(java.time.LocalDate.of(2024, 3, 1).toEpochDay() * 86_400L + 3600, q.parse("2024-03-01T01:00"));
    }

    @Test
    void idsAreTrimmedAndControlCharactersRefused() {
        Path f = Path.of("x.csv");
        assertEquals("ab", CustomerIds.normalize(" \tab \r\n", f, 3, "id"));
        assertEquals("a b", CustomerIds.normalize("a b", f, 3, "id"));
        for (String bad : new String[] {"", "  ", null, "a\u0000", "\u0000a", "a\u001bb", "a\u0085"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> CustomerIds.normalize(bad, f, 3, "id"));
            assertTrue(e.getMessage().startsWith("x.csv:3: column 'id'"), e.getMessage());
        }
    }

    @Test
    void theLogReaderAppliesTheSameIdRule() throws IOException {
        Path log = dir.resolve("log.csv");
        Files.writeString(log, "customer_id,date,amount\n\" a \",2024-01-01,1\na,2024-01-02,2\n");
        assertEquals(1, TransactionReader.read(log).customerCount(), "' a ' and 'a' are one customer");
        Files.writeString(log, "customer_id,date,amount\na\u0000,2024-01-01,1\n");
        BadInputException e = assertThrows(BadInputException.class, () -> TransactionReader.read(log));
        assertEquals(2, e.line());
        assertEquals("customer_id", e.column());
    }

    @Test
    void undecodableBytesAreLocated() throws IOException {
        Path f = dir.resolve("t.csv");
        Files.write(f, "id,x\nok,1\nJos\u00e9,2\n".getBytes(StandardCharsets.ISO_8859_1));
        BadInputException e = assertThrows(BadInputException.class, () -> TableIO.read(f));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("column 4") && e.getMessage().contains("0xE9"), e.getMessage());
        ColumnTable t = TableIO.read(f, null, java.util.Map.of(), true, StandardCharsets.ISO_8859_1);
        assertEquals("Jos\u00e9", t.strings("id")[1]);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> badSummaryRows() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("a,1,0,5,2", "recency"), org.junit.jupiter.params.provider.Arguments.of("a,0,1,5,", "recency"),
                org.junit.jupiter.params.provider.Arguments.of("a,1.5,1,5,2", "frequency"), org.junit.jupiter.params.provider.Arguments.of("a,1,6,5,2", "recency"),
                org.junit.jupiter.params.provider.Arguments.of("a,1,1,1e300,2", "T"), org.junit.jupiter.params.provider.Arguments.of("a,1,1,5,-2", "monetary_value"),
                org.junit.jupiter.params.provider.Arguments.of("b,1,1,5,2", "customer_id"), org.junit.jupiter.params.provider.Arguments.of(" ,1,1,5,2", "customer_id"));
    }

    @ParameterizedTest
    @MethodSource("badSummaryRows")
    void theSummaryValidatorLocatesEveryRule(String row, String column) throws IOException {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "customer_id,frequency,recency,T,monetary_value\nb,0,0,5,\n" + row + "\n");
        ColumnTable t = TableIO.read(f, null, java.util.Map.of("customer_id", ColumnType.STRING, "frequency",
                ColumnType.DOUBLE, "recency", ColumnType.DOUBLE, "T", ColumnType.DOUBLE, "monetary_value", ColumnType.DOUBLE), false);
        BadInputException e = assertThrows(BadInputException.class, () -> SummaryValidator.validate(t,
                new SummaryValidator.Columns("customer_id", "frequency", "recency", "T", "monetary_value", null, false)));
        assertEquals(3, e.line());
        assertEquals(column, e.column());
    }

    /** Seeded random strings: neutralising then restoring gives the original, and no cell starts a formula. */
    static IntStream seeds() {
        return IntStream.range(0, 20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void spreadsheetNeutralisationIsSafeAndInvertible(int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String alphabet = "=+-@'\t\r0123456789.abcAB|!(),\"";
        for (int k = 0; k < 200; k++) {
            int n = 1 + rnd.nextInt(8);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            String safe = SpreadsheetSafe.cell(s);
            assertEquals(s, SpreadsheetSafe.restore(safe), s);
            char c = safe.charAt(0);
            boolean number = safe.matches("[+-][0-9]*\\.?[0-9]*") && safe.chars().anyMatch(Character::isDigit);
            assertTrue(c != '=' && c != '@' && c != '\t' && c != '\r' && ((c != '+' && c != '-') || number), safe);
        }
    }

    @Test
    void parametersOutsideTheDomainAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ModelRegistry.create(ModelKind.PARETO_NBD,
                new double[] {1e300, 1e200, 1, 1}, null));
        assertThrows(IllegalArgumentException.class, () -> ModelRegistry.create(ModelKind.BG_NBD,
                new double[] {0.5, 1e-11, 1, 1}, null));
        assertNotEquals(null, ModelRegistry.create(ModelKind.PARETO_NBD, new double[] {1e12, 1e-10, 0.6, 12}, null));
    }

    @Test
    void theWriterGuardNamesColumnAndCustomer() {
        ColumnTable t = ColumnTable.builder().addString("customer_id", new String[] {"x"})
                .addDouble("clv", new double[] {Double.NEGATIVE_INFINITY}).build();
        org.churnkit.ChurnkitException e = assertThrows(org.churnkit.ChurnkitException.class,
                () -> TableIO.requireWritable(t, Path.of("o.csv")));
        assertTrue(e.getMessage().contains("'clv'") && e.getMessage().contains("customer 'x'"), e.getMessage());
        assertArrayEquals(new String[] {"customer_id", "clv"}, t.columnNames().toArray());
    }
}
