package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ranges the golden sets do not cover (s = 1 exactly, alpha = beta and alpha close to beta,
 * x = 100,000, T = 10,000, r and s at 0.01 and 50, alpha and beta at 0.01 and 1e5, t_x = 0 and
 * t_x = T): log-likelihood, P(alive), expected transactions, DERT and the PMF against 60-digit
 * mpmath values (test resources; provenance in their header).
 */
class ParetoNbdOracleTest {
    /** The issue's accuracy requirement: relative 1e-9, or absolute 1e-300. */
    private static final double REL = 1e-9;
    private static final double ABS = 1e-300;

    static List<String[]> rows(String resource) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ParetoNbdOracleTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                out.add(line.split(","));
            }
        }
        return out;
    }

    /** mpmath prints values beyond the double range (1e-339811); those parse to 0 or infinity. */
    static double parse(String s) {
        return Double.parseDouble(s);
    }

    static void close(double expected, double actual, String what) {
        assertTrue(Double.isFinite(actual), what + " is not finite: " + actual);
        assertEquals(expected, actual, Math.max(ABS, REL * Math.abs(expected)), what);
    }

    @Test
    void matchesOracleOutsideTheGoldenRanges() throws IOException {
        List<String[]> rows = rows("pnbd-oracle-cases.csv");
        assertTrue(rows.size() >= 280, "rows: " + rows.size());
        for (String[] f : rows) {
            ParetoNbd m = ParetoNbd.of(parse(f[1]), parse(f[2]), parse(f[3]), parse(f[4]));
            double x = parse(f[5]);
            double tx = parse(f[6]);
            double T = parse(f[7]);
            double h = parse(f[8]);
            double delta = parse(f[9]);
            String who = f[0] + " (x=" + f[5] + ", t_x=" + f[6] + ", T=" + f[7] + ")";
            // An absolute error e in log L is a relative error e in L: relative 1e-9 of L, or of
            // log L when |log L| > 1.
            double ll = parse(f[10]);
            assertEquals(ll, m.logLikelihood(x, tx, T), 1e-9 * Math.max(1, Math.abs(ll)), who + " log-likelihood");
            close(parse(f[11]), m.pAlive(x, tx, T), who + " P(alive)");
            close(parse(f[12]), m.expectedTransactions(x, tx, T, h), who + " E[X(" + h + ")]");
            close(parse(f[13]), m.dert(x, tx, T, delta), who + " DERT at " + delta);
            close(parse(f[13]), m.discountedExpectedTransactions(x, tx, T, delta, Double.POSITIVE_INFINITY),
                    who + " DERT via the interface");
        }
    }

    @Test
    void pmfAndUnconditionalExpectationMatchOracle() throws IOException {
        List<String[]> rows = rows("pnbd-oracle-pmf.csv");
        assertTrue(rows.size() >= 175, "rows: " + rows.size());
        for (String[] f : rows) {
            ParetoNbd m = ParetoNbd.of(parse(f[1]), parse(f[2]), parse(f[3]), parse(f[4]));
            int n = Integer.parseInt(f[5]);
            double t = parse(f[6]);
            String who = f[0] + " n=" + n + " t=" + t;
            close(parse(f[7]), m.probabilityOfTransactions(n, t), who + " P(X(t)=n)");
            close(parse(f[8]), m.expectedTransactions(t), who + " E[X(t)]");
        }
    }
}
