package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Pareto/NBD set of the shared golden scoring cases (60-digit values from btyd_oracle.py)
 * and the reference-customer table of btyd-reference.md.
 */
class ParetoNbdGoldenTest {
    /** The acceptance tolerance: relative 1e-9, or absolute 1e-300 for values below the double range of interest. */
    private static final double REL = 1e-9;
    private static final double ABS = 1e-300;

    static Stream<Arguments> sets() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String group : List.of("golden/scoring", "golden/scoring-wide")) {
            Path root = SharedFolder.root().resolve(group);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path d : dirs.sorted().toList()) {
                    JsonNode m = new ObjectMapper().readTree(d.resolve("model.json").toFile());
                    if (m.get("model").asText().equals("pareto-nbd")) {
                        out.add(Arguments.of(group + "/" + d.getFileName()));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            out.add(Arguments.of("golden/scoring")); // skipped by SharedFolder.require when absent
        }
        return out.stream();
    }

    static void assertClose(double expected, double actual, String what) {
        assertTrue(Double.isFinite(actual), what + " not finite: " + actual);
        double tol = Math.max(ABS, REL * Math.abs(expected));
        assertEquals(expected, actual, tol, what);
    }

    @ParameterizedTest
    @MethodSource("sets")
    void matchesGoldenValues(String set) throws IOException {
        Path dir = SharedFolder.require(set);
        JsonNode p = new ObjectMapper().readTree(dir.resolve("model.json").toFile()).get("parameters");
        ParetoNbd m = ParetoNbd.of(p.get("r").asDouble(), p.get("alpha").asDouble(), p.get("s").asDouble(),
                p.get("beta").asDouble());
        List<String> lines = Files.readAllLines(dir.resolve("cases.csv"));
        assertTrue(lines.size() > 1);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double x = Double.parseDouble(f[1]);
            double tx = Double.parseDouble(f[2]);
            double T = Double.parseDouble(f[3]);
            double h = Double.parseDouble(f[4]);
            String who = set + " " + f[0];
            assertClose(Double.parseDouble(f[5]), m.pAlive(x, tx, T), who + " P(alive)");
            assertClose(Double.parseDouble(f[6]), m.expectedTransactions(x, tx, T, h), who + " E[X]");
        }
    }

    @Test
    void referenceCustomersOfTheSpec() {
        // btyd-reference.md, published parameters, 39 weeks, 15 % a year continuously compounded.
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        double delta = Math.log(1.15) / 52;
        double[][] rows = {
            {0, 0, 38.86, 0.294961, 0.107029, 0.478143},
            {2, 30.43, 38.86, 0.869111, 1.45509, 6.50051},
            {6, 10.00, 38.86, 0.0230947, 0.0992374, 0.443335},
            {10, 38.00, 38.86, 0.988636, 6.84109, 30.5621},
        };
        for (double[] c : rows) {
            // Printed to 6 significant digits: agreement to half a unit in the 6th digit.
            assertEquals(c[3], m.pAlive(c[0], c[1], c[2]), 0.5e-5 * c[3], "P(alive) " + c[0]);
            assertEquals(c[4], m.expectedTransactions(c[0], c[1], c[2], 39), 0.5e-5 * c[4], "E[X(39)] " + c[0]);
            assertEquals(c[5], m.dert(c[0], c[1], c[2], delta), 0.5e-5 * c[5], "DERT " + c[0]);
        }
    }
}
