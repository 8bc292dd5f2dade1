package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.churnkit.testing.SharedFolder;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ill-posed fits are never a plain success: on data that cannot identify the model (one customer,
 * three, 500 identical histories, no repeat purchases, periodic buyers, the apparel retailer's
 * 40-week calibration) every NBD-family model reports BOUNDARY or NOT_IDENTIFIED with findings
 * that name parameters, while the well-posed CDNOW fits stay CONVERGED with no findings.
 */
class IllPosedFitsTest {

    static Histories one() {
        return Histories.of(new double[] {5}, new double[] {30}, new double[] {40});
    }

    static Histories three() {
        return Histories.of(new double[] {2, 0, 7}, new double[] {20, 0, 38}, new double[] {40, 35, 39});
    }

    static Histories identical() {
        double[] x = new double[500];
        double[] tx = new double[500];
        double[] t = new double[500];
        java.util.Arrays.fill(x, 3);
        java.util.Arrays.fill(tx, 25);
        java.util.Arrays.fill(t, 40);
        return Histories.of(x, tx, t);
    }

    static Histories allZero() {
        Random rng = new Random(11);
        int n = 300;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 5 + 47 * rng.nextDouble();
        }
        return Histories.of(new double[n], new double[n], t);
    }

    /** Everybody buys every 4 weeks like clockwork and is still buying at the end. */
    static Histories periodic() {
        Random rng = new Random(1);
        int n = 300;
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 20 + 32 * rng.nextDouble();
            x[i] = Math.floor(t[i] / 4);
            tx[i] = 4 * x[i];
        }
        return Histories.of(x, tx, t);
    }

    /** The apparel retailer's 600 customers, calibration to 2005-10-09 in weeks (CLVTools' split). */
    static Histories apparel() {
        Path log = SharedFolder.require("datasets/apparel/transactions.csv");
        var tl = TransactionReader.read(log, TransactionReadOptions.defaults().withColumns("Id", "Date", "Price"));
        return Histories.of(Summarizer.summarize(tl, SummaryOptions.defaults().withUnit(TimeUnit.WEEKS)
                .withObservationEnd(PeriodEnd.of(LocalDate.of(2005, 10, 9))).withDropAfterEnd(true)));
    }

    static Stream<Arguments> illPosed() {
        List<Arguments> out = new ArrayList<>();
        String[] sets = {"one customer", "three customers", "500 identical", "all-zero frequencies", "periodic buyers",
            "apparel calibration"};
        for (String set : sets) {
            for (LikelihoodFunction<?> f : List.<LikelihoodFunction<?>>of(ParetoNbdLikelihood.of(), BgNbdLikelihood.of(),
                    MbgNbdLikelihood.of())) {
                out.add(Arguments.of(set, f));
            }
        }
        return out.stream();
    }

    static Histories data(String set) {
        return switch (set) {
            case "one customer" -> one();
            case "three customers" -> three();
            case "500 identical" -> identical();
            case "all-zero frequencies" -> allZero();
            case "periodic buyers" -> periodic();
            case "apparel calibration" -> apparel();
            default -> throw new IllegalArgumentException(set);
        };
    }

    static FitResult<?> fit(LikelihoodFunction<?> f, Histories h) {
        return ModelFitter.of(ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS)).fit(f, h);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("illPosed")
    void illPosedDataNeverGiveAPlainSuccess(String set, LikelihoodFunction<?> f) {
        FitResult<?> r = fit(f, data(set));
        FitSummary s = r.summary();
        assertNotEquals(FitStatus.CONVERGED, s.status(), set + ": " + s);
        assertFalse(s.findings().isEmpty(), "a diagnosis without findings: " + s);
        List<String> names = f.kind().parameterNames();
        for (FitFinding fd : s.findings()) {
            assertFalse(fd.parameters().isEmpty(), fd.message());
            for (String p : fd.parameters()) {
                assertTrue(names.contains(p), p);
            }
            assertTrue(fd.message().contains(fd.parameters().get(0)), "the message names its parameters: " + fd);
            assertNoNonFinite(fd.message());
        }
        if (s.status() == FitStatus.BOUNDARY) {
            assertTrue(s.findings().stream().anyMatch(fd -> fd.status() == FitStatus.BOUNDARY), s.diagnosis());
        }
        assertNoNonFinite(s.toString());
        assertNoNonFinite(s.diagnosis());
        // The model file records the diagnosis and reads it back; no NaN or Infinity in it.
        // Limiting values past the verified domain cannot be read back: the file is refused by name
        // (and `fit --accept-boundary` refuses to write it), never scored.
        String json = ModelFiles.toJson(r.model());
        assertNoNonFinite(json);
        String outside = ModelRegistry.outsideDomain(f.kind(), r.model().parameterArray());
        if (outside == null) {
            FitSummary back = ModelFiles.parse(json, "test").fit().orElseThrow();
            assertEquals(s.status(), back.status());
            assertEquals(s.findings(), back.findings());
        } else {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> ModelFiles.parse(json, "test"));
            assertTrue(e.getMessage().contains("outside the supported domain"), e.getMessage());
        }
    }

    @Test
    void apparelParetoNbdIsABoundaryFitWithACommonDropoutRate() {
        FitResult<?> r = fit(ParetoNbdLikelihood.of(), apparel());
        FitSummary s = r.summary();
        assertEquals(FitStatus.BOUNDARY, s.status(), s.diagnosis());
        FitFinding f = s.findings().get(0);
        assertEquals(List.of("s", "beta"), f.parameters());
        double[] p = r.parameters();
        assertTrue(p[2] > 1e6 && p[3] > 1e6, "s and beta ran off: " + java.util.Arrays.toString(p));
        // The ratio is what the data identify: a common dropout rate of about 0.008 per week.
        double mu = p[2] / p[3];
        assertEquals(0.0083, mu, 0.001);
        assertTrue(f.limitingModel().contains("common dropout rate mu = s/beta = " + FitDiagnostics.fmt(mu) + " per week"),
                f.limitingModel());
        assertTrue(f.message().contains("s and beta ran to infinity together"), f.message());
        assertTrue(f.message().contains("--accept-boundary"), f.message());
    }

    @Test
    void wellPosedCdnowFitsStayConvergedWithoutFindings() throws IOException {
        Histories h = ParetoNbdCdnowFitTest.cdnow();
        FitResult<?> p = ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(), h);
        assertEquals(FitStatus.CONVERGED, p.summary().status(), p.summary().diagnosis());
        assertEquals(List.of(), p.summary().findings());
        assertEquals("converged", p.summary().diagnosis());
        assertEquals(-9594.976, p.summary().logLikelihood(), 0.01);
        Histories exact = PublishedTotalsTest.cdnowExactWeeks();
        for (LikelihoodFunction<?> f : List.<LikelihoodFunction<?>>of(BgNbdLikelihood.of(), MbgNbdLikelihood.of())) {
            FitResult<?> r = ModelFitter.of().fitOrThrow(f, exact);
            assertEquals(FitStatus.CONVERGED, r.summary().status(), f.kind() + ": " + r.summary().diagnosis());
            assertEquals(List.of(), r.summary().findings());
        }
    }

    @Test
    void smallestEigenpairOfAKnownMatrix() {
        // Eigenvalues 1 +- 0.999 along (1, -1)/sqrt2 and (1, 1)/sqrt2, and 5 on the third axis.
        double[][] m = {{1, 0.999, 0}, {0.999, 1, 0}, {0, 0, 5}};
        double[] v = new double[3];
        double l = FitDiagnostics.smallestEigen(m, v);
        assertEquals(0.001, l, 1e-12);
        assertEquals(1 / Math.sqrt(2), Math.abs(v[0]), 1e-12);
        assertEquals(-v[0], v[1], 1e-12);
        assertEquals(0, v[2], 1e-12);
    }

    @Test
    void filesWithoutAStatusKeepLoading() {
        String old = "{\"format_version\": 1, \"model\": \"pareto-nbd\", \"parameters\": {\"r\": 0.55, \"alpha\": 10.6, "
                + "\"s\": 0.61, \"beta\": 11.7}, \"log_likelihood\": -9594.98, \"converged\": false}";
        FitSummary s = ModelFiles.parse(old, "old.json").fit().orElseThrow();
        assertEquals(FitStatus.NOT_CONVERGED, s.status());
        assertEquals(List.of(), s.findings());
        String ok = old.replace("false", "true");
        assertEquals(FitStatus.CONVERGED, ModelFiles.parse(ok, "old.json").fit().orElseThrow().status());
    }

    @Test
    void standardErrorsThatCannotBeComputedPrintAsNotIdentified() {
        assertEquals("not identified", FitSummary.formatStandardError(Double.NaN));
        assertEquals("0.0476000", FitSummary.formatStandardError(0.0476));
        FitSummary s = new FitSummary(-1, new double[] {Double.NaN, 1}, null, 3, 3, true, 1, "ok", TimeUnit.WEEKS, null);
        assertTrue(s.toString().contains("not identified"), s.toString());
        assertNoNonFinite(s.toString());
    }

    static void assertNoNonFinite(String text) {
        assertFalse(text.contains("NaN"), text);
        assertFalse(text.contains("Infinity"), text);
    }
}
