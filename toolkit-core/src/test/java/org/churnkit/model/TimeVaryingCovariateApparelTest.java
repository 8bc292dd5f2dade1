package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import org.churnkit.data.TransactionReader;
import org.churnkit.io.BadInputException;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apparel retailer's 600 customers with the weekly dynamic covariates High.Season, Gender and
 * Channel on both processes (calibration to 2005-10-09), against the static fit it nests
 * (Gender, Channel: log-likelihood -2589.2321 by churnkit's static fitter, above CLVTools'
 * -2589.476; CLVTools' own dynamic fit stops with "non finite values"). Skipped, with the folder
 * named, without {@code ../shared}.
 */
class TimeVaryingCovariateApparelTest {
    static final LocalDate END = LocalDate.of(2005, 10, 9);
    static final List<String> COVS = List.of("High.Season", "Gender", "Channel");

    static TransactionLog log() {
        Path file = SharedFolder.require("datasets/apparel/transactions.csv");
        return TransactionReader.read(file, TransactionReadOptions.defaults().withColumns("Id", "Date", "Price"));
    }

    static TimeVaryingCovariates data(double horizon) {
        Path cov = SharedFolder.require("datasets/apparel/dynamic_covariates.csv");
        return TimeVaryingCovariates.read(log(), List.of(cov),
                TimeVaryingCovariates.ReadOptions.weekly("Id", "Cov.Date", END).withHorizon(horizon));
    }

    @Test
    void theDataAreThoseOfTheReferenceSetup() {
        TimeVaryingCovariates d = data(0);
        Histories plain = IllPosedFitsTest.apparel();
        assertEquals(600, d.size());
        assertEquals(COVS, d.names());
        double x = 0;
        long zeros = 0;
        for (int i = 0; i < d.size(); i++) {
            x += d.x[i];
            zeros += d.x[i] == 0 ? 1 : 0;
            // same x, t_x and T as the summaries (same-day purchases merged)
            int j = Arrays.asList(plain.ids).indexOf(d.id(i));
            assertEquals(plain.frequency[j], d.x[i], 0, d.describe(i));
            assertEquals(plain.recency[j], d.tx[i], 1e-12, d.describe(i));
            assertEquals(plain.age[j], d.age[i], 1e-12, d.describe(i));
        }
        assertEquals(1164 - 600, x, 0);
        assertEquals(307, zeros);
    }

    @Test
    void dynamicFitNestsTheStaticFitAndPredictsTheHoldout() throws Exception {
        TimeVaryingCovariates d = data(52);
        TimeVaryingCovariateFit fit = TimeVaryingCovariateFitter.of(ModelFitter.Settings.defaults()
                .withTimeUnit(TimeUnit.WEEKS)).fit(d, StaticCovariateFitter.Options.of(COVS, COVS));
        assertTrue(fit.logLikelihood() >= -2589.2321, "log-likelihood " + fit.logLikelihood() + "; " + fit.estimates());
        assertTrue(fit.gradientNorm() < 1e-4, "gradient norm " + fit.gradientNorm() + "; " + fit.message());
        assertTrue(fit.converged(), fit.message());
        assertEquals(10, fit.estimates().size());
        // the findings are the static fits' kind: a status and, unless plainly converged, why
        assertTrue(fit.status() == FitStatus.CONVERGED || !fit.findings().isEmpty(), fit.status() + " " + fit.findings());
        for (String cv : List.of("Gender", "Channel")) {
            StaticCovariateFit.Estimate e = fit.estimate("purchase:" + cv);
            assertTrue(e.estimate() > 0.3 && e.estimate() < 1.0, e.toString());
        }
        // Holdout: the first 52 weeks after the calibration end hold 546 repeat transactions.
        double[] e = fit.model().expectedTransactions(d, 52);
        double sum = Arrays.stream(e).sum();
        assertTrue(sum > 450 && sum < 650, "holdout sum " + sum);
        double[] pa = fit.model().pAlive(d);
        for (double v : pa) {
            assertTrue(v >= 0 && v <= 1, "P(alive) " + v);
        }
        assertEquals(fit.logLikelihood(), fit.model().logLikelihood(d), 1e-8);
        String coverage = holdoutCoverage(fit.model(), d);
        // the figures for the closing note
        System.out.printf(java.util.Locale.ROOT, "apparel dynamic fit: LL %.4f, gradient norm %.2e, holdout sum %.1f, %s;"
                + " holdout coverage of predictive intervals:%s%n", fit.logLikelihood(), fit.gradientNorm(), sum,
                fit.status(), coverage);
    }

    /**
     * Each customer's realised count in the 52 weeks after the calibration end (purchase days, as
     * the summaries count them) against the 50, 80 and 90 % predictive intervals of the fitted
     * model with the window's covariates: the realised rate must reach the level less 3 points
     * (600 customers: a binomial standard deviation of 1.2 to 2 points) and agree with the rate the
     * model itself expects within 5 points, as the plain model's on CDNOW.
     */
    private static String holdoutCoverage(TimeVaryingCovariateModel m, TimeVaryingCovariates d) throws Exception {
        Path file = SharedFolder.require("datasets/apparel/transactions.csv");
        Map<String, java.util.Set<LocalDate>> days = new java.util.HashMap<>();
        LocalDate last = END.plusDays(52 * 7);
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            LocalDate day = LocalDate.parse(f[1]);
            if (day.isAfter(END) && !day.isAfter(last)) {
                days.computeIfAbsent(f[0].replace("\"", ""), k -> new java.util.HashSet<>()).add(day);
            }
        }
        int n = d.size();
        double[] actual = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            actual[i] = days.getOrDefault(d.id(i), java.util.Set.of()).size();
            total += actual[i];
        }
        assertEquals(546, total, 0, "the holdout's repeat transactions");
        double[][] p = m.predictiveProbabilities(d, 52, 400);
        StringBuilder report = new StringBuilder();
        for (double level : new double[] {0.5, 0.8, 0.9}) {
            double[][] iv = m.predictiveIntervals(d, 52, level, null);
            int covered = 0;
            double expected = 0;
            for (int i = 0; i < n; i++) {
                covered += iv[0][i] <= actual[i] && actual[i] <= iv[1][i] ? 1 : 0;
                for (int k = (int) iv[0][i]; k <= iv[1][i]; k++) {
                    expected += p[i][k] / n;
                }
            }
            double rate = covered / (double) n;
            report.append(String.format(java.util.Locale.ROOT, " %.0f%%: realised %.3f, model %.3f;", 100 * level, rate,
                    expected));
            assertTrue(expected >= level - 1e-9 && rate >= level - 0.03, report.toString());
            assertEquals(expected, rate, 0.05, report.toString());
        }
        return report.toString();
    }

    @Test
    void aCustomerWithoutAPeriodHeNeedsIsNamed(@TempDir Path dir) throws Exception {
        Path cov = SharedFolder.require("datasets/apparel/dynamic_covariates.csv");
        List<String> lines = Files.readAllLines(cov);
        // drop customer 1's week of 2005-03-06
        Path cut = dir.resolve("cut.csv");
        Files.write(cut, lines.stream().filter(l -> !l.startsWith("\"1\",2005-03-06")).toList());
        BadInputException e = assertThrows(BadInputException.class, () -> TimeVaryingCovariates.read(log(), List.of(cut),
                TimeVaryingCovariates.ReadOptions.weekly("Id", "Cov.Date", END)));
        assertTrue(e.getMessage().contains("customer '1'") && e.getMessage().contains("2005-03-06"), e.getMessage());
    }

    @Test
    void equalityConstraintsAndPenaltyAreTheStaticFittersOptions() {
        TimeVaryingCovariateFit fit = TimeVaryingCovariateFitter.of(ModelFitter.Settings.defaults()
                .withTimeUnit(TimeUnit.WEEKS)).fit(data(0), StaticCovariateFitter.Options.of(COVS, COVS)
                .withEqual(List.of("Gender")).withPenalty(0.5, 0.5));
        assertEquals(9, fit.estimates().size());
        StaticCovariateFit.Estimate g = fit.estimate("purchase=dropout:Gender");
        assertEquals(g.estimate(), fit.model().purchaseCoefficients()[1], 0);
        assertEquals(g.estimate(), fit.model().dropoutCoefficients()[1], 0);
        assertTrue(fit.penalty() > 0, "penalty " + fit.penalty());
        assertTrue(fit.gradientNorm() < 1e-4, "gradient norm " + fit.gradientNorm());
        // the penalised optimum lies below the unpenalised maximum
        assertTrue(fit.logLikelihood() < -2568.57, "log-likelihood " + fit.logLikelihood());
    }

    @Test
    void staticAndDynamicReadersAgreeOnAStaticSubset() {
        // Gender and Channel alone, read from the dynamic file, are time-invariant: the fit of the
        // time-varying model on them is the static fit's log-likelihood.
        TimeVaryingCovariates d = data(0);
        double ll = TimeVaryingCovariateFitter.of(ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS))
                .fit(d, StaticCovariateFitter.Options.of(List.of("Gender", "Channel"), List.of("Gender", "Channel")))
                .logLikelihood();
        Covariates c = Covariates.read(SharedFolder.require("datasets/apparel/static_covariates.csv"), "Id", Map.of());
        double st = StaticCovariateFitter.of(ModelFitter.Settings.defaults().withTimeUnit(TimeUnit.WEEKS))
                .fit(ModelKind.PARETO_NBD, IllPosedFitsTest.apparel(), c,
                        StaticCovariateFitter.Options.of(List.of("Gender", "Channel"), List.of("Gender", "Channel")))
                .logLikelihood();
        assertEquals(st, ll, 1e-4);
    }
}
