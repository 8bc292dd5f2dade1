package org.churnkit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes every committed notebook and checks that it runs without error and that the numbers in
 * its fresh outputs match the committed outputs. Cells tagged {@code volatile-output} (timings,
 * paths) are executed but not compared.
 *
 * <p>Needs Debian's {@code jupyter-nbconvert}: in CI ({@code CI=true}) its absence is a failure;
 * elsewhere the test is skipped with a message saying what to install.
 */
class NotebooksTest {
    /** Relative tolerance for numbers printed by notebooks: printed values are rounded, runs are seeded. */
    private static final double REL_TOL = 1e-6;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:[.,]\\d+)*(?:[eE][-+]?\\d+)?");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

    static Stream<Path> notebooks() throws IOException {
        Path dir = Path.of(System.getProperty("churnkit.notebooks.dir", "."));
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> list = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
            assertFalse(list.isEmpty(), "no notebooks in " + dir.toAbsolutePath());
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void executesAndReproducesItsCommittedNumbers(Path notebook, @TempDir Path work) throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean available = NotebookRunner.jupyterAvailable();
        if (!available && ci) {
            fail("jupyter nbconvert is not installed; .ci/run installs jupyter-nbconvert and jupyter-client");
        }
        assumeTrue(available, "skipped: needs Debian's jupyter-nbconvert (apt-get install jupyter-nbconvert jupyter-client)");
        // a notebook on the reference data beside the repository (metadata churnkit.shared lists the
        // files it reads under ../shared) is skipped, with the reason, in a clone without them
        for (JsonNode f : NotebookRunner.read(notebook).path("metadata").path("churnkit").path("shared")) {
            Path shared = notebook.toAbsolutePath().getParent().getParent().resolveSibling("shared").resolve(f.asText());
            assumeTrue(Files.exists(shared), "skipped: " + notebook.getFileName() + " needs " + shared
                    + " (the reference data beside the repository)");
        }
        Path kernelJar = Path.of(System.getProperty("churnkit.kernel.jar"));
        assertTrue(Files.exists(kernelJar), "kernel jar " + kernelJar);

        NotebookRunner runner = new NotebookRunner(kernelJar, work);
        Path executed = runner.execute(notebook.toAbsolutePath(), work.resolve("out"));

        JsonNode committed = NotebookRunner.read(notebook);
        JsonNode fresh = NotebookRunner.read(executed);
        JsonNode cCells = committed.get("cells");
        JsonNode fCells = fresh.get("cells");
        assertEquals(cCells.size(), fCells.size(), "cell count");
        int compared = 0;
        for (int cell = 0; cell < cCells.size(); cell++) {
            final int i = cell;
            JsonNode c = cCells.get(i);
            if (!"code".equals(c.path("cell_type").asText())) {
                continue;
            }
            for (JsonNode o : fCells.get(i).path("outputs")) {
                assertFalse("error".equals(o.path("output_type").asText()),
                        () -> "cell " + i + " raised " + o.path("ename").asText() + ": " + o.path("evalue").asText());
            }
            if (hasTag(c, "volatile-output")) {
                continue;
            }
            List<Double> expected = numbers(c);
            List<Double> actual = numbers(fCells.get(i));
            String where = notebook.getFileName() + " cell " + i;
            assertEquals(expected.size(), actual.size(),
                    () -> where + ": committed numbers " + expected + " but fresh run printed " + actual
                            + " (re-run notebooks-java/execute-notebooks to refresh the committed outputs)");
            for (int k = 0; k < expected.size(); k++) {
                double e = expected.get(k);
                double a = actual.get(k);
                double tol = Math.max(1e-12, REL_TOL * Math.abs(e));
                final int idx = k;
                assertEquals(e, a, tol, () -> where + ", number " + idx);
                compared++;
            }
        }
        assertTrue(compared > 0, notebook.getFileName() + ": no numbers were compared; a notebook must show results");
    }

    private static boolean hasTag(JsonNode cell, String tag) {
        for (JsonNode t : cell.path("metadata").path("tags")) {
            if (tag.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Every number in a cell's text outputs, in order (thousands separators removed). */
    static List<Double> numbers(JsonNode cell) {
        StringBuilder text = new StringBuilder();
        for (JsonNode o : cell.path("outputs")) {
            appendText(text, o.path("text"));
            appendText(text, o.path("data").path("text/plain"));
        }
        List<Double> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(ANSI.matcher(text).replaceAll(""));
        while (m.find()) {
            out.add(Double.parseDouble(m.group().replace(",", "")));
        }
        return out;
    }

    private static void appendText(StringBuilder sb, JsonNode node) {
        if (node.isArray()) {
            node.forEach(n -> sb.append(n.asText()));
        } else if (node.isTextual()) {
            sb.append(node.asText());
        }
        sb.append('\n');
    }
}
