package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void minimalHandWrittenFormLoads() {
        FittedModel m = ModelFiles.parse(
                "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 0.55, \"alpha\": 10.6, \"s\": 0.61, \"beta\": 11.7}}",
                "hand.json");
        ParetoNbd p = assertInstanceOf(ParetoNbd.class, m);
        assertArrayEquals(new double[] {0.55, 10.6, 0.61, 11.7}, p.parameterArray());
        assertTrue(p.fit().isEmpty());
    }

    /** A file written by format version 1 (committed fixture: the CDNOW fit) keeps loading. */
    @Test
    void fileFromFormatVersion1KeepsLoading() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("pareto-nbd-format1.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        FittedModel m = ModelFiles.parse(json, "pareto-nbd-format1.json");
        assertEquals(ModelKind.PARETO_NBD, m.kind());
        assertEquals(0.5532754956394211, m.parameters().get("r"));
        assertEquals(11.667917092765405, m.parameters().get("beta"));
        FitSummary f = m.fit().orElseThrow();
        assertEquals(-9594.973929826863, f.logLikelihood());
        assertEquals(0.8427239178312407, f.standardErrors()[1]);
        assertEquals(2357.0, f.customers());
        assertEquals(1016, f.distinctRows());
        assertEquals(TimeUnit.WEEKS, f.timeUnit());
        assertTrue(f.converged());
        assertEquals(Instant.parse("2026-11-24T06:58:02.626794002Z"), f.provenance().fittedAt());
        assertEquals("5ea72b395146145d3d9789ed6bf8050d6e1f261fa3872afbd56a6d4669478740", f.provenance().inputSha256());
        assertEquals(16, f.covariance().length);
    }

    @Test
    void roundTripKeepsEverything() throws IOException {
        FittedModel fitted = ModelFitter.create().fitOrThrow(ParetoNbdLikelihood.get(),
                ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7)).simulateHistories(2000, 39, 52, 7))
                .model();
        Path file = dir.resolve("m.json");
        ModelFiles.write(fitted, file);
        FittedModel back = ModelFiles.read(file);
        assertEquals(fitted, back);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void unknownFieldsAreIgnored() {
        FittedModel m = ModelFiles.parse("{\"format_version\": 1, \"model\": \"pareto-nbd\", \"colour\": \"blue\","
                + "\"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3, \"beta\": 4, \"gamma\": 9},"
                + "\"log_likelihood\": -5, \"future\": {\"a\": [1, 2]}}", "future.json");
        assertArrayEquals(new double[] {1, 2, 3, 4}, m.parameterArray());
        assertEquals(-5, m.fit().orElseThrow().logLikelihood());
        assertFalse(m.fit().orElseThrow().converged());
    }

    @Test
    void aFileFromANewerFormatIsRefusedSayingSo() {
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> ModelFiles.parse("{\"format_version\": 7, "
                + "\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3, \"beta\": 4}}", "future.json"));
        assertTrue(e.getMessage().contains("future.json"), e.getMessage());
        assertTrue(e.getMessage().contains("written by a newer churnkit (format 7); this version reads up to format 1"),
                e.getMessage());
    }

    @Test
    void strictJsonAndAByteOrderMark() {
        String ok = "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3, \"beta\": 4}}";
        assertEquals(1.0, ModelFiles.parse("\uFEFF" + ok, "bom.json").parameters().get("r"));
        for (String bad : new String[] {ok + " trailing", ok + ok,
            "{\"model\": \"pareto-nbd\", \"model\": \"bg-nbd\", \"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3, \"beta\": 4}}",
            "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 1, \"r\": 5, \"alpha\": 2, \"s\": 3, \"beta\": 4}}"}) {
            ChurnkitException e = assertThrows(ChurnkitException.class, () -> ModelFiles.parse(bad, "bad.json"), bad);
            assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("line"), e.getMessage());
        }
    }

    @Test
    void aHandWrittenTimeUnitIsKept() {
        FittedModel m = ModelFiles.parse("{\"model\": \"pareto-nbd\", \"time_unit\": \"week\", "
                + "\"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3, \"beta\": 4}}", "unit.json");
        assertEquals(TimeUnit.WEEKS, m.fit().orElseThrow().timeUnit());
        FittedModel back = ModelFiles.parse(ModelFiles.toJson(m), "again.json");
        assertArrayEquals(m.parameterArray(), back.parameterArray(), "writes and reads back");
        assertEquals(TimeUnit.WEEKS, back.fit().orElseThrow().timeUnit());
    }

    @Test
    void missingParameterIsAClearErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 0.55, \"alpha\": 10.6, \"s\": 0.61}}");
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> ModelFiles.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'beta' is missing"), e.getMessage());
    }

    @Test
    void otherErrorsNameTheFile() {
        assertTrue(assertThrows(ChurnkitException.class, () -> ModelFiles.parse("{\"model\": \"pareto\"", "a.json"))
                .getMessage().contains("a.json"));
        assertTrue(assertThrows(ChurnkitException.class,
                () -> ModelFiles.parse("{\"model\": \"nope\", \"parameters\": {}}", "b.json")).getMessage()
                .contains("b.json"));
        assertTrue(assertThrows(ChurnkitException.class, () -> ModelFiles.parse(
                "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": -1, \"alpha\": 1, \"s\": 1, \"beta\": 1}}",
                "c.json")).getMessage().contains("'r' must be positive"));
    }
}
