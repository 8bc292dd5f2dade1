package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coding rules of {@link Covariates#read}, as code that reads the cells elsewhere (Spark) applies them. */
class CovariatesCodingTest {

    @Test
    void aCellIsANumberWhenItParsesFinite() {
        assertEquals(2.5, Covariates.number(" 2.5 "));
        assertEquals(-1e3, Covariates.number("-1e3"));
        assertTrue(Double.isNaN(Covariates.number("online")));
        assertTrue(Double.isNaN(Covariates.number("")));
        assertTrue(Double.isNaN(Covariates.number(null)));
        assertTrue(Double.isNaN(Covariates.number("Infinity")));
        assertTrue(Double.isNaN(Covariates.number("NaN")));
    }

    @Test
    void theReferenceLevelIsTheNamedOneOrTheFirstInSortedOrder() {
        assertEquals("online", Covariates.referenceLevel("channel", List.of("store", "online", "phone"), Map.of(), "t"));
        assertEquals("store", Covariates.referenceLevel("channel", List.of("store", "online"), Map.of("channel", "store"), "t"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> Covariates.referenceLevel("channel", List.of("store", "online"), Map.of("channel", "mail"), "table x"));
        assertTrue(e.getMessage().startsWith("table x: reference level 'mail' of 'channel' does not occur"), e.getMessage());
        assertEquals("channel=store", Covariates.indicatorName("channel", "store"));
    }

    @Test
    void readAndTheFactoriesCodeAColumnAlike(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "id,channel,income\na, store ,1.5\nb,online,2\nc,phone,-1\n");
        Covariates read = Covariates.read(f, "id", Map.of("channel", "phone"));
        assertEquals(List.of(Covariates.indicatorName("channel", "online"), Covariates.indicatorName("channel", "store"),
                "income"), read.names());
        Covariates built = Covariates.of(read.names(), new double[][] {{0, 1, 0}, {1, 0, 0}, {1.5, 2, -1}})
                .withReferenceLevels(Map.of("channel", "phone"));
        assertEquals(read.referenceLevels(), built.referenceLevels());
        assertEquals(read.notes(), built.notes());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(read.rawValue(i, j), built.rawValue(i, j));
            }
        }
    }
}
