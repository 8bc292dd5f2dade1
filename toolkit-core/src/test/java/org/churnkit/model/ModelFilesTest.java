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
import org.churnkit.io.BadInputException;
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
        FittedModel fitted = ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(),
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

    @Test
    void readingForATypeReturnsThatType() throws IOException {
        Path file = dir.resolve("pnbd.json");
        ModelFiles.write(ParetoNbd.of(0.55, 10.6, 0.61, 11.7), file);
        ParetoNbd p = ModelFiles.read(file, ParetoNbd.class);
        assertEquals(0.61, p.parameters().get("s"));
        TransactionModel t = ModelFiles.read(file, TransactionModel.class);
        assertEquals(p, t);
        FittedModel any = ModelFiles.read(file, FittedModel.class);
        assertEquals(p, any);
    }

    @Test
    void readingAnotherKindThanAskedForSaysWhichKindTheFileHolds() throws IOException {
        Path file = dir.resolve("bg.json");
        ModelFiles.write(BgNbd.of(0.24, 4.41, 0.79, 2.43), file);
        ModelMismatchException e = assertThrows(ModelMismatchException.class, () -> ModelFiles.read(file, ParetoNbd.class));
        assertEquals("model file " + file + " holds a BG/NBD model; expected Pareto/NBD", e.getMessage());
        assertEquals(ModelKind.BG_NBD, e.found());
        assertEquals(ParetoNbd.class, e.expected());
        assertInstanceOf(ChurnkitException.class, e);

        Path gg = dir.resolve("gg.json");
        ModelFiles.write(GammaGamma.of(6.25, 3.74, 15.44), gg);
        e = assertThrows(ModelMismatchException.class, () -> ModelFiles.read(gg, TransactionModel.class));
        assertEquals("model file " + gg + " holds a Gamma-Gamma model; expected a TransactionModel "
                + "(pareto-nbd, bg-nbd, mbg-nbd or bg-bb)", e.getMessage());
        assertEquals(GammaGamma.class, ModelFiles.read(gg, SpendModel.class).getClass());
        // BG/NBD and MBG/NBD share a base class and parameter names, yet are different models
        assertThrows(ModelMismatchException.class, () -> ModelFiles.read(file, MbgNbd.class));
        assertEquals(BgNbd.class, ModelFiles.read(file, BetaGeometricModel.class).getClass());
    }

    @Test
    void theKindIsCheckedBeforeTheParameters() {
        // a Gamma-Gamma file with a broken parameter, read as a transaction model: the kind is the news
        String json = "{\"model\": \"gamma-gamma\", \"parameters\": {\"p\": -1, \"q\": 1, \"gamma\": 1}}";
        assertThrows(ModelMismatchException.class, () -> ModelFiles.parse(json, "gg.json", TransactionModel.class));
        BadInputException bad = assertThrows(BadInputException.class, () -> ModelFiles.parse(json, "gg.json", SpendModel.class));
        assertTrue(bad.getMessage().startsWith("model file gg.json: parameter 'p' must be positive"), bad.getMessage());
    }

    @Test
    void everyKindKnowsItsModelTypeAndTheRegistryCreatesIt() {
        for (ModelKind k : ModelKind.values()) {
            if (k.isBaseline()) {
                assertEquals(TransactionModel.class, k.modelType(), k.id());
                continue;
            }
            double[] p = new double[k.parameterNames().size()];
            java.util.Arrays.fill(p, 2.5); // inside every domain (Gamma-Gamma needs q > 1)
            FittedModel m = ModelRegistry.likelihood(k).create(p, null);
            assertEquals(k.modelType(), m.getClass(), k.id());
            assertEquals(k.modelType(), ModelRegistry.likelihood(k.modelType()).create(p, null).getClass(), k.id());
            assertEquals(k.displayName(), ModelKind.describe(k.modelType()));
            String json = ModelFiles.toJson(m);
            assertEquals(m.parameters(), ModelFiles.parse(json, k.id(), k.modelType()).parameters(), k.id());
        }
        assertThrows(IllegalArgumentException.class, () -> ModelRegistry.likelihood(TransactionModel.class),
                "only a concrete model type has a likelihood");
        ParetoNbd typed = ModelRegistry.likelihood(ParetoNbd.class).create(new double[] {1, 2, 3, 4}, null);
        assertEquals(4.0, typed.parameters().get("beta"));
    }

    @Test
    void aFitResultGivesItsModelAsTheTypeAskedFor() {
        Histories h = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7)).simulateHistories(1000, 39, 52, 3);
        FitResult<ParetoNbd> typed = ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(), h);
        ParetoNbd model = typed.model(); // no cast: the likelihood fixes the type
        FitResult<?> byKind = ModelFitter.of().fitOrThrow(ModelRegistry.likelihood(ModelKind.PARETO_NBD), h);
        assertEquals(model.parameters(), byKind.model(ParetoNbd.class).parameters());
        assertEquals(model.parameters(), byKind.model(TransactionModel.class).parameters());
        ModelMismatchException e = assertThrows(ModelMismatchException.class, () -> byKind.model(BgNbd.class));
        assertEquals("the fit holds a Pareto/NBD model; expected BG/NBD", e.getMessage());
    }

    @Test
    void contentErrorsAreBadInput() {
        for (String bad : new String[] {"[1, 2]", "{\"model\": \"pareto\"", "{\"model\": \"nope\", \"parameters\": {}}",
            "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3}}",
            "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": \"1\", \"alpha\": 2, \"s\": 3, \"beta\": 4}}",
            "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 1e13, \"alpha\": 2, \"s\": 3, \"beta\": 4}}",
            "{\"format_version\": 1.5, \"model\": \"pareto-nbd\", \"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3, \"beta\": 4}}",
            "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3, \"beta\": 4}, \"time_unit\": 7}",
            "{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3, \"beta\": 4}, \"log_likelihood\": 1,"
                    + " \"status\": \"fine\"}"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> ModelFiles.parse(bad, "x.json"), bad);
            assertTrue(e.getMessage().startsWith("model file x.json"), e.getMessage());
        }
        assertTrue(assertThrows(BadInputException.class, () -> ModelFiles.parse("{\"model\": \"pareto-nbd\", \"parameters\": "
                + "{\"r\": 1e13, \"alpha\": 2, \"s\": 3, \"beta\": 4}}", "x.json")).getMessage()
                .endsWith("is outside the supported domain [1e-10, 1e12] of pareto-nbd (where its predictions are verified);"
                        + " a fit that runs there is not identified by the data"));
    }
}
