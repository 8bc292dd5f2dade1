package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.churnkit.ChurnkitException;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds the batch kernel of Pareto/NBD scoring ({@link ParetoNbdScorer}: products, shared series,
 * T-only tables) to the straightforward log-space formulas of {@link ParetoNbd} on seeded random
 * customers of every kind (x = 0, huge x, t_x = T, tiny and huge T) under models on both branches of
 * R (alpha &lt; beta, alpha &gt; beta, alpha = beta), s below 1/2, at 1 and 2 exactly and above 20.
 */
class ParetoNbdScorerTest {
    /**
     * Relative agreement with the log-space code, per unit of {@code 1 + |log value|}: a few ulps
     * for values near 1 (up to ten when a series runs to a thousand terms), and for P(alive) of
     * 1e-200 (a heavy buyer long gone) the 1e-13 that rounding a log of 460 costs either code; far
     * inside the golden 1e-9 either way.
     */
    private static final double REL = 3e-14;

    /**
     * The rounding of the log-space code itself, per unit of {@code (r + s + x)(1 + |log(alpha+T)|
     * + |log(beta+T)|)}: it adds and subtracts logs as large as {@code (r + x) log(alpha + T)},
     * each rounded to an ulp, so for a heavy buyer its log R carries an absolute error of a few
     * ulps of those terms (7.5e-12 relative in P(alive) at x = 100,000 against 60-digit values;
     * see {@link #pAliveOfHeavyBuyersAgreesWithSixtyDigitReferences}), where the kernel's error
     * stays at rounding. Within this allowance the two agree.
     */
    private static final double LOG_SPACE = 4e-16;

    private static final double[][] MODELS = {
        {0.5534, 10.5802, 0.6061, 11.6562}, // CDNOW: alpha < beta
        {0.9989, 19.7546, 2.7148, 5.8853}, // alpha > beta
        {0.7396, 13.1834, 1.2868, 13.1834}, // alpha = beta: z = 0
        {0.5, 8.0, 1.0, 12.0}, // s = 1: the pole of Gamma(1 - s) cancelled
        {1.2, 30.0, 2.0, 10.0}, // s = 2
        {0.3258, 0.4166, 0.1460, 1.2322}, // s < 1/2, tiny alpha
        {0.0808, 1.9159, 25.0, 14851.36}, // s >= 20: continued fraction; z near 1: R by quadrature
        {25.0, 2.0, 0.35, 0.02}, // large r, alpha >> beta
    };

    /** The model whose R always needs quadrature (z = (beta - alpha)/(beta + t) near 1): no fast path. */
    private static final int QUADRATURE_MODEL = 6;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int m = 0; m < MODELS.length; m++) {
            for (long seed = 1; seed <= 6; seed++) {
                out.add(Arguments.of(m, seed));
            }
        }
        return out.stream();
    }

    /** One random valid history, mixing typical customers with every edge the kernel treats apart. */
    static double[] customer(SplittableRandom rng) {
        double T = switch (rng.nextInt(6)) {
            case 0 -> Math.pow(10, -rng.nextDouble(1, 7)); // tiny
            case 1 -> Math.pow(10, rng.nextDouble(3, 6)); // huge
            case 2 -> rng.nextInt(1, 79); // whole weeks: ages shared by many customers
            default -> rng.nextDouble(0.5, 100);
        };
        double x = switch (rng.nextInt(8)) {
            case 0, 1, 2 -> 0;
            case 3 -> rng.nextInt(100, 5000);
            case 4 -> 100_000;
            default -> rng.nextInt(1, 30);
        };
        double tx = x == 0 ? 0 : switch (rng.nextInt(5)) {
            case 0 -> T; // R = 0
            case 1 -> T * (1 - 1e-9);
            case 2 -> T * 1e-6;
            default -> T * rng.nextDouble();
        };
        return new double[] {x, tx, T};
    }

    private static final int[] COLUMNS = {CustomerScore.P_ALIVE, CustomerScore.EXPECTED, CustomerScore.DERT,
        CustomerScore.DERT_IF_ALIVE};

    @ParameterizedTest(name = "model {0}, seed {1}")
    @MethodSource("cases")
    void agreesWithTheLogSpaceFormulas(int which, long seed) {
        double[] p = MODELS[which];
        ParetoNbd m = ParetoNbd.of(p[0], p[1], p[2], p[3]);
        SplittableRandom rng = new SplittableRandom(seed);
        double horizon = new double[] {1, 39, 52, 365}[rng.nextInt(4)];
        double delta = new double[] {Math.log1p(0.15) / 52, 1e-4, 0.5, 3.0}[rng.nextInt(4)];
        ParetoNbdScorer fast = new ParetoNbdScorer(m, horizon, delta);
        ParetoNbdScorer.Cache cache = new ParetoNbdScorer.Cache();
        int compared = 0;
        for (int i = 0; i < 2000; i++) {
            double[] c = customer(rng);
            String who = "model " + which + " seed " + seed + " (x=" + c[0] + ", t_x=" + c[1] + ", T=" + c[2] + ")";
            double[] want = new double[CustomerScore.WIDTH];
            Arrays.fill(want, Double.NaN);
            RuntimeException wanted = null;
            try {
                m.scoreInto(c[0], c[1], c[2], horizon, delta, want);
            } catch (RuntimeException e) {
                wanted = e;
            }
            double[] got = new double[CustomerScore.WIDTH];
            double[] cached = new double[CustomerScore.WIDTH];
            Arrays.fill(got, Double.NaN);
            Arrays.fill(cached, Double.NaN);
            if (wanted != null) {
                Class<? extends RuntimeException> type = wanted.getClass();
                assertThrows(type, () -> fast.score(c[0], c[1], c[2], got, null), who);
                assertThrows(type, () -> fast.score(c[0], c[1], c[2], cached, cache), who);
                continue;
            }
            fast.score(c[0], c[1], c[2], got, null);
            fast.score(c[0], c[1], c[2], cached, cache);
            double logSpace = LOG_SPACE * (p[0] + p[2] + c[0])
                    * (1 + Math.abs(Math.log(p[1] + c[2])) + Math.abs(Math.log(p[3] + c[2])));
            for (int col : COLUMNS) {
                assertTrue(Double.isFinite(got[col]), who + " column " + col + " = " + got[col]);
                double tol = want[col] > 0 ? (REL * (1 + Math.abs(Math.log(want[col]))) + logSpace) * want[col] : 0;
                assertEquals(want[col], got[col], tol, who + " column " + col);
                // The table of T-only factors holds values as computed: equal to the last bit.
                assertEquals(Double.doubleToLongBits(got[col]), Double.doubleToLongBits(cached[col]), who);
            }
            compared++;
        }
        assertTrue(compared > 1000, "too few computable customers: " + compared);
        // The comparison means something only if typical customers take the kernel's own path.
        int fastPath = 0;
        for (int i = 0; i < 1000; i++) {
            double x = rng.nextInt(0, 21);
            double T = rng.nextDouble(1, 100);
            if (!Double.isNaN(fast.pAliveOrNaN(x, x == 0 ? 0 : rng.nextDouble(0.5, 1) * T, T))) {
                fastPath++;
            }
        }
        assertTrue(which == QUADRATURE_MODEL ? fastPath == 0 : fastPath >= 900,
                "typical customers on the fast path: " + fastPath);
    }

    /**
     * A customer without repeats scored by the interpolants alone ({@code noRepeatRow}) gets the
     * values of {@code score} with the same cache to the bit, in every model and age of the
     * range, with and without discounting; outside the range, before the interpolants are built
     * and where they do not serve (the model whose R needs quadrature, the one with the smallest
     * beta), it declines and writes nothing.
     */
    @ParameterizedTest(name = "model {0}, seed {1}")
    @MethodSource("cases")
    void aCustomerWithoutRepeatsGetsTheScoreOfTheInterpolantsToTheBit(int which, long seed) {
        double[] p = MODELS[which];
        ParetoNbd m = ParetoNbd.of(p[0], p[1], p[2], p[3]);
        SplittableRandom rng = new SplittableRandom(seed);
        double lo = rng.nextDouble(1, 80);
        double hi = lo + rng.nextDouble(0.001, 0.1);
        double delta = seed % 2 == 0 ? 0 : Math.log1p(0.15) / 52;
        ParetoNbdScorer fast = new ParetoNbdScorer(m, 52, delta);
        ParetoNbdScorer.Cache cache = new ParetoNbdScorer.Cache();
        cache.ages(lo, hi);
        double[] untouched = new double[CustomerScore.WIDTH];
        Arrays.fill(untouched, -7);
        double[] got = untouched.clone();
        assertTrue(!fast.noRepeatRow(lo, got, cache) && Arrays.equals(untouched, got), "before the interpolants");
        double[] want = new double[CustomerScore.WIDTH];
        fast.score(0, 0, lo, want, cache); // builds them
        int served = 0;
        for (int i = 0; i < 300; i++) {
            double t = i == 0 ? lo : i == 1 ? hi : rng.nextDouble(lo, hi);
            got = untouched.clone();
            boolean done = fast.noRepeatRow(t, got, cache);
            Arrays.fill(want, Double.NaN);
            fast.score(0, 0, t, want, cache);
            if (!done) {
                assertTrue(Arrays.equals(untouched, got), "declined, yet wrote at T=" + t);
                continue;
            }
            served++;
            int[] columns = delta > 0 ? COLUMNS : new int[] {CustomerScore.P_ALIVE, CustomerScore.EXPECTED};
            for (int col : columns) {
                assertEquals(Double.doubleToLongBits(want[col]), Double.doubleToLongBits(got[col]),
                        "model " + which + " T=" + t + " column " + col + ": " + want[col] + " vs " + got[col]);
            }
        }
        // the interpolants serve a whole range or none of it: none where R needs quadrature or
        // P(alive) of x = 0 cannot be interpolated (beta = 0.02 of the last model)
        assertTrue(which >= QUADRATURE_MODEL ? served == 0 : served == 300, "served " + served + " of 300");
        got = untouched.clone();
        assertTrue(!fast.noRepeatRow(Math.nextUp(hi), got, cache) && !fast.noRepeatRow(lo / 2, got, cache)
                && Arrays.equals(untouched, got), "outside the range");
    }

    /**
     * Rows of a chunk with many distinct ages sum the series of R from tables of coefficients
     * shared by the customers of one draw with the same x ({@code Cache.ages} with bounds); the
     * sums must be the loop's to rounding on every kind of customer and model, including the
     * customers whose coefficients leave the table's range (huge x: the loop takes over). The
     * cache's ages lie beyond every customer's, so the age factors are exact and whole rows compare.
     */
    @ParameterizedTest(name = "model {0}, seed {1}")
    @MethodSource("cases")
    void tabulatedSeriesAgreeWithTheLoop(int which, long seed) {
        double[] p = MODELS[which];
        ParetoNbd m = ParetoNbd.of(p[0], p[1], p[2], p[3]);
        SplittableRandom rng = new SplittableRandom(seed);
        ParetoNbdScorer fast = new ParetoNbdScorer(m, 52, Math.log1p(0.15) / 52);
        ParetoNbdScorer.Cache tabulated = new ParetoNbdScorer.Cache();
        tabulated.ages(Double.MAX_VALUE, Double.MAX_VALUE);
        int differ = 0;
        for (int i = 0; i < 2000; i++) {
            double[] c = customer(rng);
            String who = "model " + which + " seed " + seed + " (x=" + c[0] + ", t_x=" + c[1] + ", T=" + c[2] + ")";
            double[] want = new double[CustomerScore.WIDTH];
            double[] got = new double[CustomerScore.WIDTH];
            try {
                fast.score(c[0], c[1], c[2], want, null);
            } catch (RuntimeException e) {
                assertThrows(e.getClass(), () -> fast.score(c[0], c[1], c[2], got, tabulated), who);
                continue;
            }
            fast.score(c[0], c[1], c[2], got, tabulated);
            for (int col : COLUMNS) {
                assertEquals(want[col], got[col], SERIES_REL * want[col], who + " column " + col);
                differ += want[col] != got[col] ? 1 : 0;
            }
        }
        // the tables were in use where the series are summed (one model has no series at all)
        assertTrue(differ > 0 || which == QUADRATURE_MODEL || p[1] == p[3], "no value moved: tables not in use");
    }

    /**
     * P(alive) of heavy buyers (hundreds to 100,000 repeats, where the log-space code's rounding
     * grows with x) and of typical customers, on both branches of R, against 60-digit values.
     * Provenance: mpmath 1.3.0 at 60 decimal digits, from the doubles below taken exactly, by
     * {@code R = s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s [2F1(a, b; a+1; z1)/c1^a - 2F1(a, b; a+1; z2)/c2^a]}
     * (Fader, Hardie and Lee 2005, "A note on deriving the Pareto/NBD model and related
     * expressions"; {@code a = r+s+x}; alpha >= beta: {@code b = s+1},
     * {@code c = alpha+t}, {@code z = (alpha-beta)/c}; else {@code b = r+x}, {@code c = beta+t},
     * {@code z = (beta-alpha)/c}; t = t_x, T) and {@code P(alive) = 1/(1+R)}. Tolerance
     * {@code 1e-15 (4 + |log P|)}: a few ulps, and the rounding of an exponent as large as
     * {@code |log P|}. The log-space code misses it by up to 50 times at x = 100,000.
     */
    @Test
    void pAliveOfHeavyBuyersAgreesWithSixtyDigitReferences() {
        // r, alpha, s, beta, x, t_x, T, P(alive)
        String[] cases = {
            "0.5534 10.5802 0.6061 11.6562 3562.0 4.205772585083885 4.275171217377201 0.0003577903866391522645174948",
            "0.5534 10.5802 0.6061 11.6562 1497.0 0.040430135622303555 0.0929273505679451 0.6278301825261849444020444",
            "0.5534 10.5802 0.6061 11.6562 987.0 1460.6244429595492 1484.2272166285884 0.0002410928819485225855174915",
            "0.5534 10.5802 0.6061 11.6562 3597.0 33.76409516052382 34.0 0.00003110869748511823580544515",
            "0.5 8.0 1.0 12.0 3562.0 4.205772585083885 4.275171217377201 0.000007964772741820728046280187",
            "0.5 8.0 1.0 12.0 2377.0 0.008925665920079465 0.03008656070846264 0.8705356737654028572226181",
            "0.5 8.0 1.0 12.0 1497.0 0.040430135622303555 0.0929273505679451 0.1156426056909162920866532",
            "0.5 8.0 1.0 12.0 987.0 1460.6244429595492 1484.2272166285884 0.0001417543327908537456450843",
            "0.5 8.0 1.0 12.0 2065.0 0.004130401445403328 0.03461594904206707 0.5459828008095632178531323",
            "0.3258 0.4166 0.146 1.2322 588.0 0.03539803082978028 0.04236053174060984 0.5836002659604436278695345",
            "0.3258 0.4166 0.146 1.2322 1633.0 3.4197605572109676e-09 0.003419760557210968 0.04989617065696664701063287",
            "0.3258 0.4166 0.146 1.2322 100000.0 37.434696954706666 37.49200736226357 1.374292667023889124780525e-60",
            "0.3258 0.4166 0.146 1.2322 3597.0 33.76409516052382 34.0 0.0000004528772673149247502655474",
            "0.9989 19.7546 2.7148 5.8853 2000.0 10.3 12.7 4.710099320154556794491398e-65",
            "0.9989 19.7546 2.7148 5.8853 5.0 3.1 40.0 0.00007362872994752137744636966",
            "25.0 2.0 0.35 0.02 300.0 0.5 0.9 1.809202594967977044462417e-19",
            "0.5534 10.5802 0.6061 11.6562 2.0 30.43 38.86 0.8691106439681370457929377",
            "0.5534 10.5802 0.6061 11.6562 40.0 60.5 77.0 0.01264992202840704764563004",
        };
        for (String line : cases) {
            double[] v = Arrays.stream(line.split(" ")).mapToDouble(Double::parseDouble).toArray();
            ParetoNbdScorer fast = new ParetoNbdScorer(ParetoNbd.of(v[0], v[1], v[2], v[3]), 52, 0);
            double got = fast.pAliveOrNaN(v[4], v[5], v[6]);
            double want = v[7];
            assertEquals(want, got, 1e-15 * (4 + Math.abs(Math.log(want))) * want, line);
        }
    }

    /** The tabulated sums and the loop add the same terms in other roundings: a few ulps. */
    private static final double SERIES_REL = 1e-14;

    @Test
    void withoutDiscountingOnlyPAliveAndTheExpectationAreWritten() {
        ParetoNbd m = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
        double[] out = new double[CustomerScore.WIDTH];
        Arrays.fill(out, Double.NaN);
        new ParetoNbdScorer(m, 39, 0).score(2, 30.43, 38.86, out, null);
        assertEquals(0.869111, out[CustomerScore.P_ALIVE], 0.5e-5 * 0.869111);
        assertEquals(1.45509, out[CustomerScore.EXPECTED], 0.5e-5 * 1.45509);
        assertTrue(Double.isNaN(out[CustomerScore.DERT]) && Double.isNaN(out[CustomerScore.DERT_IF_ALIVE]));
    }

    @Test
    void invalidCustomersAreErrorsNamingThem() {
        ParetoNbdScorer fast = new ParetoNbdScorer(ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562), 39, 0.01);
        double[] out = new double[CustomerScore.WIDTH];
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> fast.score(2, 40, 38.86, out, null));
        assertTrue(e.getMessage().contains("t_x=40.0"), e.getMessage());
        assertThrows(ChurnkitException.class, () -> fast.score(1.5, 1, 2, out, null));
        assertThrows(ChurnkitException.class, () -> fast.score(0, 0, Double.POSITIVE_INFINITY, out, null));
    }

    /** Every Pareto/NBD golden set (60-digit references) through the engine, batch and single customer. */
    @Test
    void theEngineMeetsTheGoldenReferences() throws IOException {
        int sets = 0;
        for (String group : List.of("golden/scoring", "golden/scoring-wide")) {
            Path root = SharedFolder.require(group);
            try (Stream<Path> dirs = java.nio.file.Files.list(root)) {
                for (Path d : dirs.sorted().toList()) {
                    JsonNode model = new ObjectMapper().readTree(d.resolve("model.json").toFile());
                    if (!model.get("model").asText().equals("pareto-nbd")) {
                        continue;
                    }
                    JsonNode p = model.get("parameters");
                    ParetoNbd m = ParetoNbd.of(p.get("r").asDouble(), p.get("alpha").asDouble(),
                            p.get("s").asDouble(), p.get("beta").asDouble());
                    List<String> lines = java.nio.file.Files.readAllLines(d.resolve("cases.csv"));
                    for (String line : lines.subList(1, lines.size())) {
                        String[] f = line.split(",");
                        double x = Double.parseDouble(f[1]);
                        double tx = Double.parseDouble(f[2]);
                        double T = Double.parseDouble(f[3]);
                        Scoring engine = Scoring.of(m, ScoringSettings.of(Double.parseDouble(f[4]))
                                .withDiscountRate(0.01));
                        Scores batch = engine.score(Histories.of(new double[] {x}, new double[] {tx}, new double[] {T}));
                        CustomerScore one = engine.score(x, tx, T);
                        String who = d.getFileName() + " " + f[0];
                        ParetoNbdGoldenTest.assertClose(Double.parseDouble(f[5]), batch.pAlive()[0], who + " P(alive)");
                        ParetoNbdGoldenTest.assertClose(Double.parseDouble(f[6]), batch.expectedTransactions()[0],
                                who + " E[X]");
                        assertEquals(batch.pAlive()[0], one.pAlive(), 0.0, who);
                        assertEquals(batch.dert()[0], one.dert(), 0.0, who);
                    }
                    sets++;
                }
            }
        }
        assertTrue(sets > 0);
    }
}
