package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Reference values computed at 60 digits with mpmath ({@code src/test/resources/oracle/generate.py},
 * using {@code shared/tools/btyd_oracle.py}; provenance in each file's header): heavy buyers (x up
 * to 100,000), T up to 10,000, t_x = 0 and t_x = T, r in [0.01, 50], alpha in [0.01, 1e5], a near 1.
 * Every value must agree to relative 1e-9 or absolute 1e-300 (the issue's bound; values below the
 * double range, like P(alive) = 1e-335536, must come out below 1e-300).
 */
class OracleCasesTest {

    /** Rows of a resource CSV (comment lines starting with # skipped), as column-name maps. */
    static List<Map<String, String>> read(String name) throws IOException {
        try (InputStream in = OracleCasesTest.class.getResourceAsStream("/oracle/" + name)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<Map<String, String>> rows = new ArrayList<>();
            String[] header = null;
            for (String l : lines) {
                if (l.startsWith("#") || l.isBlank()) {
                    continue;
                }
                String[] f = l.split(",", -1);
                if (header == null) {
                    header = f;
                    continue;
                }
                Map<String, String> m = new TreeMap<>();
                for (int i = 0; i < header.length; i++) {
                    m.put(header[i], f[i]);
                }
                rows.add(m);
            }
            return rows;
        }
    }

    static double d(Map<String, String> row, String key) {
        return Double.parseDouble(row.get(key));
    }

    static void close(double expected, double actual, String what) {
        double err = Math.abs(actual - expected);
        assertTrue(Double.isFinite(actual) && (err <= 1e-9 * Math.abs(expected) || err <= 1e-300),
                () -> what + ": expected " + expected + ", got " + actual + " (relative " + err / Math.abs(expected) + ")");
    }

    /**
     * A log-likelihood's absolute error is the likelihood's relative error: 1e-9 absolute, or
     * 1e-9 relative for |l| > 1 (a double holds l = 9e5 only to 1e-10 absolute).
     */
    static void closeLog(double expected, double actual, String what) {
        double err = Math.abs(actual - expected);
        assertTrue(Double.isFinite(actual) && err <= 1e-9 * Math.max(1, Math.abs(expected)),
                () -> what + ": expected " + expected + ", got " + actual + " (error " + err + ")");
    }

    private static void nbdFamily(String file, boolean modified) throws IOException {
        List<Map<String, String>> rows = read(file);
        assertTrue(rows.size() > 100);
        for (Map<String, String> row : rows) {
            double r = d(row, "r");
            double al = d(row, "alpha");
            double a = d(row, "a");
            double b = d(row, "b");
            TransactionModel m = modified ? MbgNbd.of(r, al, a, b) : BgNbd.of(r, al, a, b);
            double x = d(row, "x");
            double tx = d(row, "t_x");
            double T = d(row, "T");
            double t = d(row, "t");
            String who = file + " " + row;
            closeLog(d(row, "loglik"), m.logLikelihood(x, tx, T), who + " loglik");
            close(d(row, "p_alive"), m.pAlive(x, tx, T), who + " P(alive)");
            close(d(row, "p_alive_at"), m.pAliveAt(x, tx, T, t), who + " P(alive at T+t)");
            close(d(row, "cet"), m.expectedTransactions(x, tx, T, t), who + " expected transactions");
            // The likelihood function agrees with the model row by row.
            LikelihoodFunction<?> f = modified ? MbgNbdLikelihood.of() : BgNbdLikelihood.of();
            Histories h = Histories.of(new double[] {x}, new double[] {tx}, new double[] {T});
            closeLog(d(row, "loglik"), f.logLikelihood(new double[] {r, al, a, b}, h, 0, 1, null), who + " likelihood function");
        }
    }

    @Test
    void bgNbd() throws IOException {
        nbdFamily("bgnbd_cases.csv", false);
    }

    @Test
    void mbgNbd() throws IOException {
        nbdFamily("mbgnbd_cases.csv", true);
    }

    @Test
    void unconditional() throws IOException {
        List<Map<String, String>> rows = read("nbd_unconditional_cases.csv");
        assertTrue(rows.size() > 30);
        for (Map<String, String> row : rows) {
            double r = d(row, "r");
            double al = d(row, "alpha");
            double a = d(row, "a");
            double b = d(row, "b");
            double t = d(row, "t");
            boolean mbg = row.get("model").equals("mbg-nbd");
            TransactionModel m = mbg ? MbgNbd.of(r, al, a, b) : BgNbd.of(r, al, a, b);
            close(d(row, "expected"), m.expectedTransactions(t), row + " E[X(t)]");
            if (!row.get("pmf").isEmpty()) {
                close(d(row, "pmf"), m.probabilityOfTransactions((int) d(row, "n"), t), row + " P(X(t)=n)");
            }
        }
    }

    @Test
    void bgBb() throws IOException {
        List<Map<String, String>> rows = read("bgbb_cases.csv");
        assertTrue(rows.size() > 50);
        for (Map<String, String> row : rows) {
            BgBb m = BgBb.of(d(row, "alpha"), d(row, "beta"), d(row, "gamma"), d(row, "delta"));
            double x = d(row, "x");
            double tx = d(row, "t_x");
            double n = d(row, "n");
            String who = row.toString();
            closeLog(d(row, "loglik"), m.logLikelihood(x, tx, n), who + " loglik");
            close(d(row, "p_alive"), m.pAlive(x, tx, n), who + " P(alive)");
            close(d(row, "cet"), m.expectedTransactions(x, tx, n, d(row, "horizon")), who + " expected transactions");
            close(d(row, "expected"), m.expectedTransactions(n), who + " E[X(n)]");
            close(d(row, "pmf"), m.probabilityOfTransactions((int) d(row, "k"), n), who + " P(X(n)=k)");
            double[] g = new double[4];
            double ll = BgBbLikelihood.of().logLikelihood(m.parameterArray(),
                    Histories.of(new double[] {x}, new double[] {tx}, new double[] {n}), 0, 1, g);
            closeLog(d(row, "loglik"), ll, who + " likelihood function");
        }
    }

    @Test
    void gammaGamma() throws IOException {
        List<Map<String, String>> rows = read("gg_cases.csv");
        assertTrue(rows.size() > 30);
        for (Map<String, String> row : rows) {
            GammaGamma m = GammaGamma.of(d(row, "p"), d(row, "q"), d(row, "gamma"));
            double x = d(row, "x");
            double z = d(row, "m");
            closeLog(d(row, "loglik"), m.logLikelihood(x, z), row + " loglik");
            close(d(row, "expected_spend"), m.expectedSpend(x, z), row + " expected spend");
        }
        assertEquals(6.2493 * 15.4443 / 2.7443, GammaGamma.of(6.2493, 3.7443, 15.4443).meanSpend(), 1e-12);
    }
}
