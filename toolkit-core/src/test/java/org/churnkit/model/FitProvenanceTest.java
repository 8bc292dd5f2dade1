package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.churnkit.ChurnkitException;
import org.churnkit.ChurnkitVersion;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A model file records how it was fitted, as data, and replaying that record gives the same fit. */
class FitProvenanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Histories PNBD = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7))
            .simulateHistories(2500, 20, 52, 17L);

    @TempDir
    Path dir;

    /** Customers with 1 to 8 repeat purchases and a mean spend (for the spend model). */
    private static Histories withSpend(long seed) {
        Random rng = new Random(seed);
        int n = 800;
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + rng.nextInt(8);
            t[i] = 52;
            tx[i] = 1 + 50 * rng.nextDouble();
            m[i] = 10 * Math.exp(0.5 * rng.nextGaussian()) * (1 + 0.2 * rng.nextGaussian() / Math.sqrt(x[i]));
            m[i] = Math.max(1, m[i]);
        }
        return Histories.of(x, tx, t, m, null, null);
    }

    static Stream<Arguments> fits() {
        ModelFitter.Settings d = ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS);
        return Stream.of(
                Arguments.of("pareto-nbd, defaults", ParetoNbdLikelihood.of(), PNBD, d),
                Arguments.of("bg-nbd, tolerance 1e-6, days", BgNbdLikelihood.of(), PNBD,
                        d.withGradientTolerance(1e-6).withTimeUnit(TimeUnit.DAYS)),
                Arguments.of("mbg-nbd, no unit", MbgNbdLikelihood.of(), PNBD, ModelFitter.Settings.defaults()),
                Arguments.of("pareto-nbd, 4 iterations (not converged)", ParetoNbdLikelihood.of(), PNBD,
                        d.withMaxIterations(4)),
                Arguments.of("pareto-nbd, given starts", ParetoNbdLikelihood.of(), PNBD,
                        d.withStarts(new double[][] {{1, 5, 1, 5}, {0.3, 20, 0.3, 20}})),
                Arguments.of("pareto-nbd, starts screened on a subsample", ParetoNbdLikelihood.of(), PNBD,
                        d.withScreenRows(300)),
                Arguments.of("gamma-gamma", GammaGammaLikelihood.of(), withSpend(5), d));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fits")
    void aFitReplayedFromItsModelFileGivesIdenticalParameters(String name, LikelihoodFunction model, Histories data,
                                                              ModelFitter.Settings settings) {
        FitResult original = ModelFitter.of(settings).fit(model, data);
        Path file = dir.resolve("model.json");
        ModelFiles.write(original.model(), file);
        FitProvenance recorded = ModelFiles.read(file).fit().flatMap(FitSummary::fitProvenance).orElseThrow();

        assertEquals(original.summary().fitProvenance().orElseThrow(), recorded, "the record survives the file");
        assertEquals(model.kind(), recorded.model());
        assertEquals(settings.maxIterations(), recorded.settings().maxIterations());
        assertEquals(settings.gradientTolerance(), recorded.settings().gradientTolerance(), 0.0);
        assertEquals(settings.screenRows(), recorded.settings().screenRows());
        assertEquals(settings.timeUnit(), recorded.settings().timeUnit());
        assertEquals(ChurnkitVersion.get(), recorded.libraryVersion());
        assertNotNull(recorded.settings().starts(), "the starts used are recorded, defaults resolved");
        if (settings.starts() != null) {
            assertTrue(java.util.Arrays.deepEquals(settings.starts(), recorded.settings().starts()));
        }
        assertEquals(original.summary().provenance().inputSha256(), recorded.dataSha256());
        assertTrue(recorded.matches(data));

        FitResult replayed = ModelFitter.refit(recorded, data);
        assertArrayEquals(original.parameters(), replayed.parameters(), 0.0, "identical parameters");
        assertEquals(original.summary().logLikelihood(), replayed.summary().logLikelihood(), 0.0);
        assertEquals(original.summary().converged(), replayed.summary().converged());
        assertEquals(recorded.dataSha256(), replayed.summary().fitProvenance().orElseThrow().dataSha256(),
                "identical data digest");
        assertEquals(recorded, replayed.summary().fitProvenance().orElseThrow(), "the replay records the same recipe");
    }

    @Test
    void theRecordIsWrittenUnderProvenanceRecipeWithTheUsualUnitSpelling() throws IOException {
        FitResult fit = ModelFitter.of(ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS))
                .fit(ParetoNbdLikelihood.of(), PNBD);
        JsonNode root = JSON.readTree(ModelFiles.toJson(fit.model()));
        assertEquals("week", root.path("time_unit").asText(), "the file keeps the spelling 'week'");
        JsonNode recipe = root.path("provenance").path("recipe");
        assertEquals("pareto-nbd", recipe.path("model").asText());
        assertEquals("week", recipe.path("time_unit").asText());
        assertEquals(1000, recipe.path("max_iterations").asInt());
        assertEquals(1e-8, recipe.path("gradient_tolerance").asDouble(), 0.0);
        assertEquals(20_000, recipe.path("screen_rows").asInt());
        assertEquals(ParetoNbdLikelihood.of().startingPoints(CompressedHistories.compress(PNBD, false)).length,
                recipe.path("starts").size());
        assertEquals(FitProvenance.digest(ModelKind.PARETO_NBD, PNBD), recipe.path("data_sha256").asText());
        assertTrue(root.path("provenance").path("settings").asText().contains("L-BFGS"), "the prose stays");
    }

    @Test
    void theFormatOneFixtureLoadsWithProvenanceNotRecorded() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("pareto-nbd-format1.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        FitSummary f = ModelFiles.parse(json, "pareto-nbd-format1.json").fit().orElseThrow();
        assertNotNull(f.provenance(), "its prose provenance is read");
        assertTrue(f.fitProvenance().isEmpty(), "no recipe: not recorded, not an error");
        assertEquals(TimeUnit.WEEKS, f.timeUnit());
    }

    @Test
    void aFileWrittenBeforeTheRecipeExistedLoadsAndWritesBackWithout() throws IOException {
        FitResult fit = ModelFitter.of().fit(ParetoNbdLikelihood.of(), PNBD);
        ObjectNode root = (ObjectNode) JSON.readTree(ModelFiles.toJson(fit.model()));
        ((ObjectNode) root.get("provenance")).remove("recipe");
        FittedModel old = ModelFiles.parse(JSON.writeValueAsString(root), "old.json");
        FitSummary f = old.fit().orElseThrow();
        assertTrue(f.fitProvenance().isEmpty());
        assertEquals(fit.summary().provenance().inputSha256(), f.provenance().inputSha256());
        assertArrayEquals(fit.parameters(), old.parameterArray(), 0.0);
        JsonNode again = JSON.readTree(ModelFiles.toJson(old));
        assertTrue(again.path("provenance").isObject() && !again.path("provenance").has("recipe"),
                "nothing is invented on writing back");
        // Hand-written files, with or without a unit, have no fit provenance either.
        FittedModel hand = ModelFiles.parse("{\"model\": \"bg-nbd\", \"time_unit\": \"days\", "
                + "\"parameters\": {\"r\": 0.24, \"alpha\": 4.4, \"a\": 0.79, \"b\": 2.4}}", "hand.json");
        assertEquals(TimeUnit.DAYS, hand.fit().orElseThrow().timeUnit());
        assertTrue(hand.fit().orElseThrow().fitProvenance().isEmpty());
    }

    @Test
    void replayingOnOtherDataIsRefusedNamingBothDigests() {
        FitProvenance p = ModelFitter.of().fit(ParetoNbdLikelihood.of(), PNBD).summary().fitProvenance()
                .orElseThrow();
        Histories other = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7)).simulateHistories(2500, 20, 52, 18L);
        assertFalse(p.matches(other));
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> ModelFitter.refit(p, other));
        assertTrue(e.getMessage().contains(p.dataSha256()) && e.getMessage().contains(FitProvenance.digest(
                ModelKind.PARETO_NBD, other)), e.getMessage());
    }

    @Test
    void theDigestOfASpendModelCoversTheSpend() {
        Histories a = withSpend(5);
        double[] m = new double[a.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = a.monetary[i] * (i == 0 ? 2 : 1);
        }
        Histories b = Histories.of(a.frequency, a.recency, a.age, m, null, null);
        assertFalse(FitProvenance.digest(ModelKind.GAMMA_GAMMA, a).equals(FitProvenance.digest(ModelKind.GAMMA_GAMMA, b)),
                "a spend model's digest changes with the spend");
        assertEquals(FitProvenance.digest(ModelKind.PARETO_NBD, a), FitProvenance.digest(ModelKind.PARETO_NBD, b),
                "a transaction model's digest is the one files have always carried (no spend)");
        assertEquals(HistoriesDigest.sha256(a, false), FitProvenance.digest(ModelKind.BG_NBD, a));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRecipes")
    void aBrokenRecipeIsAClearErrorNamingTheField(String field, String replacement) throws IOException {
        FitResult fit = ModelFitter.of().fit(ParetoNbdLikelihood.of(), PNBD);
        ObjectNode root = (ObjectNode) JSON.readTree(ModelFiles.toJson(fit.model()));
        ObjectNode recipe = (ObjectNode) root.get("provenance").get("recipe");
        recipe.set(field, JSON.readTree(replacement));
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> ModelFiles.parse(JSON.writeValueAsString(root), "broken.json"));
        assertTrue(e.getMessage().contains("broken.json") && e.getMessage().contains("provenance.recipe"),
                e.getMessage());
    }

    static Stream<Arguments> brokenRecipes() {
        return Stream.of(
                Arguments.of("model", "\"no-such-model\""),
                Arguments.of("max_iterations", "0"),
                Arguments.of("max_iterations", "\"many\""),
                Arguments.of("gradient_tolerance", "-1"),
                Arguments.of("screen_rows", "10"),
                Arguments.of("starts", "[[1, 2, 3]]"),
                Arguments.of("starts", "[[1, 2, 3, -4]]"),
                Arguments.of("time_unit", "\"fortnight\""),
                Arguments.of("data_sha256", "\"abc\""),
                Arguments.of("library_version", "null"));
    }

    @Test
    void anUnknownTimeUnitInAModelFileIsAClearError() {
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> ModelFiles.parse("{\"model\": \"pareto-nbd\", "
                + "\"time_unit\": \"fortnight\", \"parameters\": {\"r\": 1, \"alpha\": 2, \"s\": 3, \"beta\": 4}}",
                "unit.json"));
        assertTrue(e.getMessage().contains("unit.json") && e.getMessage().contains("time_unit")
                && e.getMessage().contains("fortnight"), e.getMessage());
    }

    @Test
    void settingsCompareTheirStartsByValue() {
        ModelFitter.Settings a = ModelFitter.Settings.defaults().withStarts(new double[][] {{1, 2}});
        ModelFitter.Settings b = ModelFitter.Settings.defaults().withStarts(new double[][] {{1, 2}});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(b.withStarts(new double[][] {{1, 3}})));
        assertFalse(a.equals(b.withTimeUnit(TimeUnit.WEEKS)));
    }
}
