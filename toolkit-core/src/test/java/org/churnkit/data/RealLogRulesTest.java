package org.churnkit.data;

import org.churnkit.testing.OddRowsLog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.churnkit.ChurnkitException;
import org.churnkit.model.BgBb;
import org.churnkit.model.BgNbd;
import org.churnkit.model.FitData;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.Histories;
import org.churnkit.model.MbgNbd;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ModelRegistry;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.Scores;
import org.churnkit.model.TransactionModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules for the odd rows of real logs, the same in every step: zero amounts (transactions
 * without spend, or dropped), negative amounts (refunds: dropped, or netted), missing amounts,
 * exact duplicate rows (kept, or dropped), customers acquired on the last day (T = 0: scored as new
 * customers, skipped by fits with a constant likelihood), customers without a positive repeat
 * amount (out of the spend fit, scored at the population mean); each counted, with the first
 * example named by customer and file line.
 */
class RealLogRulesTest {
    @TempDir
    Path dir;

    private TransactionLog log() throws IOException {
        return OddRowsLog.write(dir);
    }

    private static SummaryOptions days(SummaryOptions.ZeroAmounts z, SummaryOptions.NegativeAmounts n,
                                       SummaryOptions.Duplicates d) {
        return SummaryOptions.defaults().withUnit(TimeUnit.DAYS).withAmountRules(z, n, d);
    }

    private static int row(CustomerSummaries s, String id) {
        for (int i = 0; i < s.size(); i++) {
            if (s.id(i).equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no customer " + id);
    }

    @Test
    void defaultsCountZeroAmountsDropRefundsKeepDuplicates() throws IOException {
        CustomerSummaries s = Summarizer.summarize(log(), SummaryOptions.defaults().withUnit(TimeUnit.DAYS));
        int a = row(s, "a");
        assertEquals(2, s.frequency(a)); // day 2 (zero) and day 3 are transactions
        assertEquals(2.0, s.recency(a));
        assertEquals(40.0, s.monetaryValue(a)); // positive repeat periods only: day 3, 20 + 20
        int b = row(s, "b");
        assertEquals(1, s.frequency(b));
        assertEquals(0.0, s.monetaryValue(b)); // no positive repeat amount
        int c = row(s, "c");
        assertEquals(0, s.frequency(c)); // the refund is no transaction: c starts on day 5
        assertEquals(1.0, s.age(c));
        int d = row(s, "d");
        assertEquals(0.0, s.age(d)); // acquired on the last day: kept
        Exclusions e = s.exclusions();
        assertEquals(2, e.count(Exclusions.ZERO_AMOUNT));
        assertEquals(1, e.count(Exclusions.NEGATIVE_AMOUNT));
        assertEquals(1, e.count(Exclusions.DUPLICATE_ROW));
        assertEquals(1, e.count(Exclusions.ZERO_AGE));
        assertEquals(1, e.count(Exclusions.NO_POSITIVE_SPEND));
        // the first of each, by customer and file line
        assertTrue(find(e, Exclusions.ZERO_AMOUNT).example().contains("customer 'a', log.csv line 3"), e.toString());
        assertTrue(find(e, Exclusions.NEGATIVE_AMOUNT).example().contains("customer 'c', log.csv line 7"), e.toString());
        assertTrue(find(e, Exclusions.DUPLICATE_ROW).example().contains("customer 'a', log.csv line 6"), e.toString());
        assertTrue(find(e, Exclusions.ZERO_AGE).example().contains("'d'"), e.toString());
        assertTrue(find(e, Exclusions.NO_POSITIVE_SPEND).example().contains("'b'"), e.toString());
        assertTrue(find(e, Exclusions.ZERO_AMOUNT).line().startsWith("2 transactions with amount 0: counted"), e.toString());
    }

    private static Exclusions.Item find(Exclusions e, String key) {
        return e.items().stream().filter(i -> i.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError(key));
    }

    @Test
    void theOtherRulesDropZerosNetRefundsAndDropDuplicates() throws IOException {
        CustomerSummaries s = Summarizer.summarize(log(), days(SummaryOptions.ZeroAmounts.DROP,
                SummaryOptions.NegativeAmounts.NET, SummaryOptions.Duplicates.DROP));
        int a = row(s, "a");
        assertEquals(1, s.frequency(a)); // the zero day is no transaction
        assertEquals(20.0, s.monetaryValue(a)); // the duplicate 20 is dropped
        assertEquals(0, s.frequency(row(s, "b")));
        int c = row(s, "c");
        assertEquals(1, s.frequency(c)); // netted: the refund day is c's first transaction
        assertEquals(8.0, s.monetaryValue(c)); // ... without spend
        assertTrue(find(s.exclusions(), Exclusions.ZERO_AMOUNT).treatment().startsWith("dropped"));
        assertTrue(find(s.exclusions(), Exclusions.DUPLICATE_ROW).treatment().startsWith("dropped"));
        assertEquals(0, s.exclusions().count(Exclusions.NO_POSITIVE_SPEND));
    }

    @Test
    void aCustomerWhoseEveryRowIsDroppedIsExcludedAndCounted() {
        TransactionLog log = TransactionLog.of(new String[] {"a", "z", "a"},
                new long[] {0, 86_400, 2 * 86_400}, new double[] {5, 0, 6});
        CustomerSummaries s = Summarizer.summarize(log, days(SummaryOptions.ZeroAmounts.DROP,
                SummaryOptions.NegativeAmounts.DROP, SummaryOptions.Duplicates.KEEP));
        assertEquals(1, s.size());
        assertEquals(1, s.exclusions().count(Exclusions.NO_ROW_LEFT));
        assertTrue(find(s.exclusions(), Exclusions.NO_ROW_LEFT).example().contains("'z'"));
    }

    @Test
    void parallelPartsGiveTheSameSummariesAndCounts() throws IOException {
        TransactionLog log = log();
        SummaryOptions o = SummaryOptions.defaults().withUnit(TimeUnit.DAYS);
        CustomerSummaries one = Summarizer.summarize(log, o, 1);
        CustomerSummaries three = Summarizer.summarize(log, o, 3);
        assertEquals(one.size(), three.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.id(i), three.id(i));
            assertEquals(one.frequency(i), three.frequency(i));
            assertEquals(one.recency(i), three.recency(i));
            assertEquals(one.age(i), three.age(i));
            assertEquals(one.monetaryValue(i), three.monetaryValue(i));
        }
        assertEquals(one.exclusions().lines(), three.exclusions().lines());
    }

    @Test
    void splitAppliesTheSameRules() throws IOException {
        CustomerSummaries s = Summarizer.split(log(), PeriodEnd.of(LocalDate.of(2020, 1, 3)),
                SummaryOptions.defaults().withUnit(TimeUnit.DAYS));
        int a = row(s, "a");
        assertEquals(2, s.frequency(a));
        assertEquals(0.0, s.age(row(s, "a")) - 2.0);
        assertEquals(1, s.frequencyHoldout(row(s, "b"))); // b's zero-value day 4 is a holdout transaction
        assertEquals(0.0, s.monetaryValueHoldout(row(s, "b"))); // ... without spend
        assertEquals(2, s.exclusions().count(Exclusions.FIRST_PURCHASE_AFTER_END)); // c (refund dropped) and d
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(ParetoNbd.of(0.55, 10.58, 0.61, 11.67), 1.0),
                Arguments.of(BgNbd.of(0.24, 4.41, 0.79, 2.43), 1.0),
                Arguments.of(MbgNbd.of(0.24, 4.41, 0.79, 2.43), 2.43 / (0.79 + 2.43)), // may die at time 0
                Arguments.of(BgBb.of(1.20, 0.75, 0.66, 2.78), 1.0));
    }

    @ParameterizedTest
    @MethodSource("models")
    void customersAcquiredOnTheLastDayAreScoredAsNewCustomers(TransactionModel m, double pAlive) {
        Histories h = Histories.of(new double[] {0, 2}, new double[] {0, 3}, new double[] {0, 6}, null, null,
                new String[] {"new", "old"});
        Scores s = Scoring.of(m, 5).score(h);
        assertEquals(pAlive, s.pAlive()[0], 1e-12);
        // expected transactions of a new customer: the unconditional E[X(t)]
        assertEquals(m.expectedTransactions(5), s.expectedTransactions()[0], 1e-12 * m.expectedTransactions(5));
        assertTrue(Double.isFinite(m.discountedExpectedTransactions(0, 0, 0, 0.01, Double.POSITIVE_INFINITY)));
    }

    @Test
    void fitsSkipAndCountCustomersWithTZeroWhoseLikelihoodIsConstant() {
        double[] x = {0, 1, 2, 0, 5, 0};
        double[] tx = {0, 3, 5, 0, 8, 0};
        double[] t = {10, 9, 8, 7, 9, 0};
        Histories h = Histories.of(x, tx, t, null, null, new String[] {"a", "b", "c", "d", "e", "late"});
        FitData data = FitData.of(ModelKind.BG_NBD, h);
        assertEquals(5, data.histories().size());
        assertEquals(1, data.exclusions().count(Exclusions.ZERO_AGE));
        assertTrue(data.exclusions().lines().get(0).contains("'late'"), data.exclusions().toString());
        // the skipped row adds exactly 0 to the log-likelihood (a BG/BB customer with n = 0 too)
        double[] p = {0.24, 4.41, 0.79, 2.43};
        var l = ModelRegistry.likelihood(ModelKind.BG_NBD);
        assertEquals(0.0, l.logLikelihood(p, h, 5, 6, null), 1e-12);
        assertEquals(0.0, BgBb.likelihood().logLikelihood(new double[] {1.2, 0.75, 0.66, 2.78},
                Histories.of(new double[] {0}, new double[] {0}, new double[] {0}), 0, 1, null), 1e-12);
    }

    @Test
    void aLikelihoodErrorAfterCompressionNamesARealCustomer() {
        // fitted without FitData's selection, a zero mean is an error: it must name the customer, not a compressed row
        double[] x = {2, 2, 1, 3};
        double[] tx = {4, 4, 2, 6};
        double[] t = {8, 8, 8, 8};
        double[] m = {20, 20, 0, 27};
        Histories h = Histories.of(x, tx, t, m, null, new String[] {"a", "b", "10244", "d"});
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> ModelFitter.of().fit(ModelRegistry.likelihood(ModelKind.GAMMA_GAMMA), h));
        assertTrue(e.getMessage().contains("customer '10244'"), e.getMessage());
    }

    @Test
    void theSpendFitUsesPositiveMeansAndScoresTheRestAtThePopulationMean() {
        double[] x = {0, 2, 3, 1, 4, 2, 1, 3};
        double[] tx = {0, 4, 6, 2, 7, 5, 3, 6};
        double[] t = {8, 8, 8, 8, 8, 8, 8, 8};
        double[] m = {0, 20, 35, 0, 12, 50, 18, 27};
        Histories h = Histories.of(x, tx, t, m, null, new String[] {"a", "b", "c", "zero", "e", "f", "g", "h"});
        FitData data = FitData.of(ModelKind.GAMMA_GAMMA, h);
        assertEquals(6, data.histories().size());
        assertEquals(1, data.exclusions().count(Exclusions.NO_REPEAT));
        assertEquals(1, data.exclusions().count(Exclusions.NO_POSITIVE_SPEND));
        assertTrue(data.exclusions().lines().get(1).contains("'zero'"), data.exclusions().toString());
        var fit = ModelFitter.of().fit(ModelRegistry.likelihood(ModelKind.GAMMA_GAMMA), data.histories());
        assertTrue(Double.isFinite(fit.summary().logLikelihood()));
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        Scores s = Scoring.of(ParetoNbd.of(0.55, 10.58, 0.61, 11.67), ScoringSettings.of(10).withSpendModel(gg)
                .withDiscountRate(0.002).withMargin(0.3)).score(h);
        assertEquals(gg.meanSpend(), s.expectedSpend()[3], 1e-12);
        assertEquals(gg.meanSpend(), s.expectedSpend()[0], 1e-12);
        // a negative mean is not "no spend" but a bad row: an error naming the customer
        m[2] = -1;
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> FitData.of(ModelKind.GAMMA_GAMMA,
                Histories.of(x, tx, t, m, null, new String[] {"a", "b", "c", "zero", "e", "f", "g", "h"})));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
    }
}
