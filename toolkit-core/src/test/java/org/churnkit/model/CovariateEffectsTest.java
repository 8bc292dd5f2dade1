package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.churnkit.i18n.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coefficients as multipliers in words: the numbers, the units, the "no detectable effect" rule, both languages. */
class CovariateEffectsTest {
    private static final double Z = 1.959963984540054;

    @TempDir
    Path dir;

    private static StaticCovariateFit.Estimate coef(String name, double g, double se) {
        return new StaticCovariateFit.Estimate(name, g, se, g - Z * se, g + Z * se);
    }

    /** A Pareto/NBD fit with an indicator and a standardised continuous purchase covariate, and the indicator on dropout. */
    private static StaticCovariateFit paretoFit(double dropoutSe) {
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(0.6, 10, 0.8, 12),
                List.of("channel=online", "age"), new double[] {0.8, -0.3}, List.of("channel=online"),
                new double[] {0.1}, Map.of("age", new double[] {40, 12.5}));
        List<StaticCovariateFit.Estimate> est = List.of(
                new StaticCovariateFit.Estimate("r", 0.6, 0.05, 0.5, 0.7),
                new StaticCovariateFit.Estimate("alpha", 10, 1, 8, 12),
                new StaticCovariateFit.Estimate("s", 0.8, 0.1, 0.6, 1),
                new StaticCovariateFit.Estimate("beta", 12, 2, 8, 16),
                coef("purchase:channel=online", 0.8, 0.1), coef("purchase:age", -0.3, 0.05),
                coef("dropout:channel=online", 0.1, dropoutSe));
        return new StaticCovariateFit(m, est, -1000, 0, 1e-6, true, 10, FitStatus.CONVERGED, List.of(), "converged", 500);
    }

    private static String two(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    @Test
    void multipliersAreTheExponentialsOfTheCoefficientsAndTheirWaldIntervals() {
        CovariateEffects fx = CovariateEffects.of(paretoFit(0.5));
        List<CovariateEffects.Effect> e = fx.effects();
        assertEquals(3, e.size());
        CovariateEffects.Effect online = e.get(0);
        assertEquals(CovariateEffects.Kind.PURCHASE_RATE, online.kind());
        assertTrue(online.indicator());
        assertEquals("channel", online.column());
        assertEquals("online", online.level());
        assertEquals(Math.exp(0.8), online.multiplier(), 1e-12);
        assertEquals(Math.exp(0.8 - Z * 0.1), online.lower(), 1e-12);
        assertEquals(Math.exp(0.8 + Z * 0.1), online.upper(), 1e-12);
        assertTrue(online.detectable());

        CovariateEffects.Effect age = e.get(1);
        assertFalse(age.indicator());
        assertTrue(age.perStandardDeviation());
        assertEquals(Math.exp(-0.3), age.multiplier(), 1e-12);
        assertTrue(age.detectable(), "the interval lies below 1");

        CovariateEffects.Effect drop = e.get(2);
        assertEquals(CovariateEffects.Kind.DROPOUT_RATE, drop.kind());
        assertTrue(drop.lower() < 1 && drop.upper() > 1);
        assertFalse(drop.detectable(), "an interval containing 1 is no detectable effect");

        List<String> s = fx.sentences(Messages.english());
        assertEquals("Customers with channel = online (against the reference level) buy " + two(Math.exp(0.8))
                + " times as often (95 % interval " + two(Math.exp(0.8 - Z * 0.1)) + " to " + two(Math.exp(0.8 + Z * 0.1))
                + ").", s.get(0));
        assertTrue(s.get(1).contains("one standard deviation (12.50) more age buy " + two(Math.exp(-0.3))), s.get(1));
        assertTrue(s.get(1).contains(two(Math.exp(-0.3 - Z * 0.05)) + " to " + two(Math.exp(-0.3 + Z * 0.05))), s.get(1));
        assertTrue(s.get(2).contains("no detectable effect on dropout (" + two(Math.exp(0.1)) + " times as fast, 95 % interval "
                + two(Math.exp(0.1 - Z * 0.5)) + " to " + two(Math.exp(0.1 + Z * 0.5))), s.get(2));

        // The same fit with a narrow dropout interval: now detectable, and said so.
        String narrow = CovariateEffects.of(paretoFit(0.01)).sentences(Messages.english()).get(2);
        assertTrue(narrow.startsWith("Customers with channel = online (against the reference level) drop out "
                + two(Math.exp(0.1)) + " times as fast"), narrow);
        assertFalse(narrow.contains("no detectable"), narrow);
    }

    @Test
    void aModelFileRecordsTheStandardErrorsSoItsEffectsAreTheFitsAndOlderFilesStillLoad() {
        StaticCovariateFit fit = paretoFit(0.5);
        // The fit's model records the coefficients' standard errors, in covariate order.
        assertEquals(0.1, fit.model().purchaseStandardErrors()[0]);
        assertEquals(0.05, fit.model().purchaseStandardErrors()[1]);
        assertEquals(0.5, fit.model().dropoutStandardErrors()[0]);
        String json = fit.model().toJson();
        assertTrue(json.contains("\"standard_errors\""), json);
        StaticCovariateModel read = StaticCovariateModel.parse(json, "m.json");
        assertEquals(fit.model(), read);
        // The sentences from the file are the fit's, word for word, in both languages.
        for (Messages m : List.of(Messages.english(), Messages.of(Locale.KOREAN))) {
            assertEquals(CovariateEffects.of(fit).sentences(m), CovariateEffects.of(read, null).sentences(m));
        }
        assertEquals(CovariateEffects.of(fit).effects(), CovariateEffects.of(read, null).effects());

        // A file written before standard errors were recorded: the same predictions, intervals unknown.
        String old = json.replaceAll(",\\s*\"standard_errors\"\\s*:\\s*\\{[^{}]*(\\{[^{}]*\\}[^{}]*)*\\}", "");
        assertFalse(old.contains("standard_errors"), old);
        StaticCovariateModel older = StaticCovariateModel.parse(old, "old.json");
        assertTrue(Double.isNaN(older.purchaseStandardErrors()[0]) && Double.isNaN(older.dropoutStandardErrors()[0]));
        assertEquals(fit.model().toString(), older.toString());
        CovariateEffects.Effect e = CovariateEffects.of(older, null).effects().get(0);
        assertFalse(e.hasInterval());
        assertEquals(Math.exp(0.8), e.multiplier(), 1e-12);
        assertTrue(CovariateEffects.sentence(e, Messages.english()).contains("no interval"));
        assertFalse(older.toJson().contains("standard_errors"), "unknown standard errors are not written");

        // A standard error that is not a positive number is refused, naming the covariate.
        String bad = json.replaceFirst("\"channel=online\"\\s*:\\s*0\\.5\\b", "\"channel=online\": -1");
        assertTrue(!bad.equals(json), "the dropout standard error is in the file: " + json);
        org.churnkit.io.BadInputException x = org.junit.jupiter.api.Assertions.assertThrows(
                org.churnkit.io.BadInputException.class, () -> StaticCovariateModel.parse(bad, "bad.json"));
        assertTrue(x.getMessage().contains("bad.json") && x.getMessage().contains("channel=online"), x.getMessage());
    }

    @Test
    void koreanSentencesCarryTheSameNumbers() {
        List<String> s = CovariateEffects.of(paretoFit(0.5)).sentences(Messages.of(Locale.KOREAN));
        assertTrue(s.get(0).contains("구매 빈도가 " + two(Math.exp(0.8)) + "배"), s.get(0));
        assertTrue(s.get(1).contains("1표준편차(12.50)"), s.get(1));
        assertTrue(s.get(2).contains("이탈에 대한 뚜렷한 효과가 없습니다"), s.get(2));
        assertTrue(s.get(2).contains(two(Math.exp(0.1 - Z * 0.5)) + "~" + two(Math.exp(0.1 + Z * 0.5))), s.get(2));
    }

    @Test
    void indicatorsNameTheirReferenceLevelAndStepZeroToOneWhateverTheScaling() throws IOException {
        Path f = dir.resolve("cov.csv");
        Files.writeString(f, "Id,channel,spend\na,online,1\nb,store,2\nc,online,5\nd,phone,3\n");
        Covariates c = Covariates.read(f, "Id", Map.of("channel", "store"));
        assertEquals(Map.of("channel", "store"), c.referenceLevels());
        assertEquals(Map.of("channel", "store"), c.standardised().select(List.of("channel=online")).referenceLevels());
        // A standardised indicator: one unit of z is 1/scale of the 0-to-1 step, so the multiplier is exp(gamma / scale).
        double scale = 0.5;
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(0.6, 10, 0.8, 12),
                List.of("channel=online", "spend"), new double[] {0.4, 0.2}, List.of(), new double[0],
                Map.of("channel=online", new double[] {0.5, scale}));
        StaticCovariateFit fit = new StaticCovariateFit(m, List.of(coef("purchase:channel=online", 0.4, 0.1),
                coef("purchase:spend", 0.2, Double.NaN)), -10, 0, 0, true, 1, FitStatus.CONVERGED, List.of(), "", 4);
        CovariateEffects fx = CovariateEffects.of(fit, c);
        CovariateEffects.Effect online = fx.effects().get(0);
        assertEquals("store", online.referenceLevel());
        assertEquals(Math.exp(0.4 / scale), online.multiplier(), 1e-12);
        assertEquals(Math.exp((0.4 + Z * 0.1) / scale), online.upper(), 1e-12);
        List<String> s = fx.sentences(Messages.english());
        assertTrue(s.get(0).startsWith("Customers with channel = online (against the reference level store) buy "
                + two(Math.exp(0.8)) + " times"), s.get(0));
        // An unscaled continuous covariate reads per raw unit; without a standard error there is no interval, and no NaN.
        CovariateEffects.Effect spend = fx.effects().get(1);
        assertFalse(spend.perStandardDeviation());
        assertFalse(spend.hasInterval());
        assertFalse(spend.detectable());
        assertTrue(s.get(1).startsWith("Customers with one unit more spend buy " + two(Math.exp(0.2))), s.get(1));
        assertTrue(s.get(1).contains("could not be computed") && !s.get(1).contains("NaN") && !s.get(1).contains("n/a"),
                s.get(1));
    }

    @Test
    void bgNbdDropoutCoefficientsChangeTheConcentrationAndConstrainedOnesCountTwice() {
        StaticCovariateModel m = StaticCovariateModel.of(BgNbd.of(0.5, 6, 1.2, 3), List.of("vip"), new double[] {0.7},
                List.of("vip"), new double[] {0.7}, Map.of());
        StaticCovariateFit fit = new StaticCovariateFit(m, List.of(coef("purchase=dropout:vip", 0.7, 0.2)), -10, 0, 0,
                true, 1, FitStatus.CONVERGED, List.of(), "", 100);
        CovariateEffects fx = CovariateEffects.of(fit);
        assertEquals(2, fx.effects().size());
        assertEquals(CovariateEffects.Kind.DROPOUT_CONCENTRATION, fx.effects().get(1).kind());
        assertEquals(Math.exp(0.7), fx.effects().get(1).multiplier(), 1e-12);
        String s = fx.sentences(Messages.english()).get(1);
        assertTrue(s.contains("same average dropout chance") && s.contains(two(Math.exp(0.7)) + " times as concentrated"), s);
        assertTrue(s.startsWith("Customers with one unit more vip"), s);
    }

    @Test
    void runOffCoefficientsAreBoundedInWordsNotThirtyDigits() {
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(0.6, 10, 0.8, 12), List.of("vip"),
                new double[] {0.2}, List.of("vip"), new double[] {40}, Map.of());
        StaticCovariateFit fit = new StaticCovariateFit(m, List.of(coef("purchase:vip", 0.2, 0.1), coef("dropout:vip", 40, 400)),
                -10, 0, 0, true, 1, FitStatus.CONVERGED, List.of(), "", 100);
        CovariateEffects.Effect e = CovariateEffects.of(fit).effects().get(1);
        assertEquals(Math.exp(40), e.multiplier(), 1e-12 * Math.exp(40));
        assertTrue(Double.isInfinite(e.upper()), "exp(40 + 1.96 * 400) overflows");
        String s = CovariateEffects.of(fit).sentences(Messages.english()).get(1);
        assertEquals("Customers with one unit more vip: no detectable effect on dropout (more than 1,000 times as fast, "
                + "95 % interval less than 0.01 to unbounded).", s);
    }
}
