package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.churnkit.data.TimeUnit;
import org.churnkit.i18n.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time-varying coefficients in words: multipliers per period where the covariate is 1 (or per
 * unit), the "no detectable effect" rule, both languages, for a constructed model and for the
 * apparel retailer's fitted one (skipped, with the folder named, without {@code ../shared}).
 */
class TimeVaryingCovariateEffectsTest {
    private static final double Z = 1.959963984540054;

    @TempDir
    Path dir;

    private static StaticCovariateFit.Estimate coef(String name, double g, double se) {
        return new StaticCovariateFit.Estimate(name, g, se, g - Z * se, g + Z * se);
    }

    private static String two(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Purchase: a season flag and a price per unit; dropout: a channel indicator (reference "store") and the flag. */
    private static TimeVaryingCovariateModel model() {
        return TimeVaryingCovariateModel.of(ParetoNbd.of(0.6, 10, 0.8, 12), List.of("season", "price"),
                new double[] {0.8, -0.3}, List.of("channel=online", "season"), new double[] {0.1, -0.5},
                Map.of("channel", "store"), TimeUnit.WEEKS, 1);
    }

    private static TimeVaryingCovariateFit fit() {
        List<StaticCovariateFit.Estimate> est = List.of(
                new StaticCovariateFit.Estimate("r", 0.6, 0.05, 0.5, 0.7),
                new StaticCovariateFit.Estimate("alpha", 10, 1, 8, 12),
                new StaticCovariateFit.Estimate("s", 0.8, 0.1, 0.6, 1),
                new StaticCovariateFit.Estimate("beta", 12, 2, 8, 16),
                coef("purchase:season", 0.8, 0.1), coef("purchase:price", -0.3, 0.05),
                coef("dropout:channel=online", 0.1, 0.5), coef("dropout:season", -0.5, 0.1));
        return new TimeVaryingCovariateFit(model(), est, -1000, 0, 1e-6, true, 10, FitStatus.CONVERGED, List.of(),
                "converged", 2, 2);
    }

    /** Two customers whose season is 0 or 1, price 9.5 to 12, channel indicator 0 or 1. */
    private static TimeVaryingCovariates paths() {
        TimeVaryingCovariates.Builder b = TimeVaryingCovariates.builder(
                List.of("season", "price", "channel=online"), 1, TimeUnit.WEEKS, 0);
        b.add("a", 0, 2.5, 1.5, new int[] {0, 1, 0}, new double[] {0, 9.5, 1, 1, 12, 1, 0, 10, 1});
        b.add("b", 0, 2.5, 0, new int[] {0, 0, 0}, new double[] {1, 10, 0, 0, 11, 0, 1, 10, 0});
        return b.build();
    }

    @Test
    void multipliersPerPeriodWithIntervalsAndTheDetectableRule() {
        List<CovariateEffects.Effect> e = CovariateEffects.of(fit(), paths()).effects();
        assertEquals(4, e.size());
        CovariateEffects.Effect season = e.get(0);
        assertEquals(CovariateEffects.Kind.PURCHASE_RATE, season.kind());
        assertTrue(season.timeVarying() && season.indicator(), season.toString());
        assertEquals("1", season.level());
        assertEquals("0", season.referenceLevel());
        assertEquals(Math.exp(0.8), season.multiplier(), 1e-12);
        assertEquals(Math.exp(0.8 - Z * 0.1), season.lower(), 1e-12);
        assertEquals(Math.exp(0.8 + Z * 0.1), season.upper(), 1e-12);
        assertTrue(season.detectable());
        CovariateEffects.Effect price = e.get(1);
        assertFalse(price.indicator(), "price takes values other than 0 and 1");
        assertFalse(price.perStandardDeviation(), "time-varying covariates are untransformed");
        assertEquals(Math.exp(-0.3), price.multiplier(), 1e-12);
        CovariateEffects.Effect online = e.get(2);
        assertEquals(CovariateEffects.Kind.DROPOUT_RATE, online.kind());
        assertEquals("channel", online.column());
        assertEquals("online", online.level());
        assertEquals("store", online.referenceLevel());
        assertFalse(online.detectable(), "interval " + online.lower() + " to " + online.upper() + " contains 1");
        assertTrue(e.get(3).detectable());
        assertEquals(Math.exp(-0.5), e.get(3).multiplier(), 1e-12);
    }

    @Test
    void englishSentencesSpeakOfPeriods() {
        List<String> s = CovariateEffects.of(fit(), paths()).sentences(Messages.english());
        assertEquals("In periods when season = 1 (against 0), customers buy " + two(Math.exp(0.8))
                + " times as often (95 % interval " + two(Math.exp(0.8 - Z * 0.1)) + " to "
                + two(Math.exp(0.8 + Z * 0.1)) + ").", s.get(0));
        assertEquals("In periods when price is one unit higher, customers buy " + two(Math.exp(-0.3))
                + " times as often (95 % interval " + two(Math.exp(-0.3 - Z * 0.05)) + " to "
                + two(Math.exp(-0.3 + Z * 0.05)) + ").", s.get(1));
        assertEquals("In periods when channel = online (against the reference level store): no detectable effect on "
                + "dropout (" + two(Math.exp(0.1)) + " times as fast, 95 % interval " + two(Math.exp(0.1 - Z * 0.5))
                + " to " + two(Math.exp(0.1 + Z * 0.5)) + ").", s.get(2));
        assertTrue(s.get(3).startsWith("In periods when season = 1 (against 0), customers drop out "
                + two(Math.exp(-0.5)) + " times as fast"), s.get(3));
    }

    @Test
    void koreanSentencesCarryTheSameNumbers() {
        List<String> s = CovariateEffects.of(fit(), paths()).sentences(Messages.of(Locale.KOREAN));
        assertTrue(s.get(0).startsWith("season = 1인 기간에는(0인 기간 대비) 고객의 구매 빈도가 "
                + two(Math.exp(0.8)) + "배입니다"), s.get(0));
        assertTrue(s.get(1).startsWith("price이(가) 1단위 더 높은 기간에는"), s.get(1));
        assertTrue(s.get(2).contains("기준 수준 store 대비") && s.get(2).contains("이탈에 대한 뚜렷한 효과가 없습니다")
                && s.get(2).contains(two(Math.exp(0.1 - Z * 0.5)) + "~" + two(Math.exp(0.1 + Z * 0.5))), s.get(2));
        assertTrue(s.get(3).contains("이탈 속도가 " + two(Math.exp(-0.5)) + "배"), s.get(3));
    }

    @Test
    void withoutPathsFlagsReadPerUnit() {
        String s = CovariateEffects.of(fit(), null).sentences(Messages.english()).get(0);
        assertTrue(s.startsWith("In periods when season is one unit higher, customers buy"), s);
    }

    @Test
    void theModelFileRecordsTheStandardErrorsAndGivesTheFitsSentences() throws Exception {
        Path file = dir.resolve("tv.json");
        fit().model().write(file);
        assertTrue(java.nio.file.Files.readString(file).contains("\"standard_errors\""));
        TimeVaryingCovariateModel read = TimeVaryingCovariateModel.read(file);
        assertEquals(0.1, read.purchaseStandardErrors()[0], 0);
        assertEquals(0.5, read.dropoutStandardErrors()[0], 0);
        for (Messages m : List.of(Messages.english(), Messages.of(Locale.KOREAN))) {
            assertEquals(CovariateEffects.of(fit(), paths()).sentences(m), CovariateEffects.of(read, paths()).sentences(m));
        }
        // the recorded errors change no prediction: same coefficients, same model otherwise
        assertEquals(fit().model(), read);
    }

    @Test
    void aModelWithoutStandardErrorsSaysSo() throws Exception {
        // a model built without them, or a file written before they were recorded
        Path file = dir.resolve("old.json");
        model().write(file);
        assertFalse(java.nio.file.Files.readString(file).contains("standard_errors"));
        CovariateEffects fromFile = CovariateEffects.of(TimeVaryingCovariateModel.read(file), paths());
        List<CovariateEffects.Effect> fitted = CovariateEffects.of(fit(), paths()).effects();
        for (int k = 0; k < fitted.size(); k++) {
            CovariateEffects.Effect e = fromFile.effects().get(k);
            assertEquals(fitted.get(k).multiplier(), e.multiplier(), 0, e.toString());
            assertEquals(fitted.get(k).covariate(), e.covariate());
            assertFalse(e.hasInterval(), e.toString());
        }
        String s = fromFile.sentences(Messages.english()).get(2);
        assertTrue(s.startsWith("In periods when channel = online (against the reference level store), customers drop out")
                && s.contains("no interval"), s);
    }

    @Test
    void aBadStandardErrorInTheFileIsAnErrorNamingTheFile() {
        String json = fit().model().toJson();
        String bad = json.replace("\"channel=online\" : 0.5", "\"channel=online\" : -0.5");
        assertTrue(!bad.equals(json), json);
        org.churnkit.io.BadInputException x = org.junit.jupiter.api.Assertions.assertThrows(
                org.churnkit.io.BadInputException.class, () -> TimeVaryingCovariateModel.parse(bad, "bad.json"));
        assertTrue(x.getMessage().contains("bad.json") && x.getMessage().contains("channel=online"), x.getMessage());
    }

    @Test
    void staticEffectsKeepTheirCustomerSentences() {
        // the static constructor without the flag reads as before: customers, not periods
        CovariateEffects.Effect e = new CovariateEffects.Effect(CovariateEffects.Kind.PURCHASE_RATE, "x", "x", null,
                null, 1, false, 0.5, Math.exp(0.5), 1.2, 2.2);
        assertFalse(e.timeVarying());
        assertTrue(CovariateEffects.sentence(e, Messages.english()).startsWith("Customers with one unit more x buy"));
    }

    @Test
    void apparelDynamicFitInBothLanguages() {
        TimeVaryingCovariates d = TimeVaryingCovariateApparelTest.data(0);
        TimeVaryingCovariateFit fit = TimeVaryingCovariateFitter.of(ModelFitter.Settings.defaults()
                .withTimeUnit(TimeUnit.WEEKS)).fit(d, StaticCovariateFitter.Options.of(
                        TimeVaryingCovariateApparelTest.COVS, TimeVaryingCovariateApparelTest.COVS));
        CovariateEffects fx = CovariateEffects.of(fit, d);
        assertEquals(6, fx.effects().size());
        List<String> en = fx.sentences(Messages.english());
        List<String> ko = fx.sentences(Messages.of(Locale.KOREAN));
        for (int k = 0; k < 6; k++) {
            CovariateEffects.Effect e = fx.effects().get(k);
            StaticCovariateFit.Estimate est = fit.estimate((k < 3 ? "purchase:" : "dropout:") + e.covariate());
            // every apparel covariate is a 0/1 column: "periods when X = 1 (against 0)"
            assertTrue(e.indicator() && e.timeVarying() && e.hasInterval(), e.toString());
            assertEquals(Math.exp(est.estimate()), e.multiplier(), 1e-12 * e.multiplier());
            assertEquals(Math.exp(est.lower()), e.lower(), 1e-12 * e.lower());
            assertTrue(en.get(k).startsWith("In periods when " + e.covariate() + " = 1 (against 0)"), en.get(k));
            assertTrue(en.get(k).contains(CovariateEffects.number(e.multiplier(), Messages.english()) + " times as "),
                    en.get(k));
            assertEquals(!e.detectable(), en.get(k).contains("no detectable effect"), en.get(k));
            assertTrue(ko.get(k).startsWith(e.covariate() + " = 1인 기간에는(0인 기간 대비)"), ko.get(k));
            assertEquals(!e.detectable(), ko.get(k).contains("뚜렷한 효과가 없습니다"), ko.get(k));
        }
        // the channel raises purchasing detectably (its coefficient is 0.3 to 1.0 in the apparel test)
        assertTrue(fx.effects().get(2).detectable() && fx.effects().get(2).multiplier() > 1, en.get(2));
        assertTrue(en.get(2).startsWith("In periods when Channel = 1 (against 0), customers buy"), en.get(2));
    }
}
