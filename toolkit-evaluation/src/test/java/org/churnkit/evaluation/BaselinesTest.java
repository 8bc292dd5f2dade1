package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.ChurnkitException;
import org.churnkit.model.DiscountedExpectation;
import org.churnkit.model.Histories;
import org.churnkit.model.TransactionModel;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    // Three customers: x/T = 2/4, 0/2, 6/3; by hand the mean rate is (0.5 + 0 + 2) / 3 = 5/6.
    private final Histories h = Histories.of(new double[] {2, 0, 6}, new double[] {3, 0, 2.5},
            new double[] {4, 2, 3});

    @Test
    void everyoneStaysCarriesEachCustomersOwnRateForever() {
        EveryoneStays m = EveryoneStays.of(h);
        assertEquals(5.0 / 6.0, m.populationRate(), 1e-15);
        assertEquals(1.5, m.expectedTransactions(2, 3, 4, 3), 0);
        assertEquals(0.0, m.expectedTransactions(0, 0, 2, 10), 0);
        assertEquals(20.0, m.expectedTransactions(6, 2.5, 3, 10), 0);
        assertArrayEquals(new double[] {1.5, 0, 6}, m.expectedTransactions(h, 3), 0);
        assertEquals(1.0, m.pAlive(0, 0, 100), 0);
        assertEquals(1.0, m.pAliveAt(2, 1, 4, 50), 0);
        assertArrayEquals(new double[] {1, 1, 1}, m.pAlive(h), 0);
        assertEquals(5.0 / 6.0 * 12, m.expectedTransactions(12), 1e-14);
    }

    @Test
    void everyoneStaysNewCustomerIsPoissonAtThePopulationRate() {
        EveryoneStays m = EveryoneStays.ofRate(0.5);
        double t = 4; // mean 2
        assertEquals(Math.exp(-2), m.probabilityOfTransactions(0, t), 1e-16);
        assertEquals(2 * Math.exp(-2), m.probabilityOfTransactions(1, t), 1e-15);
        // 2^3 / 3! = 8/6.
        assertEquals(8.0 / 6.0 * Math.exp(-2), m.probabilityOfTransactions(3, t), 1e-15);
        double sum = 0;
        for (int n = 0; n < 40; n++) {
            sum += m.probabilityOfTransactions(n, t);
        }
        // The Poisson(2) tail beyond 39 is below 1e-30; only rounding remains.
        assertEquals(1.0, sum, 1e-14);
        assertEquals(1.0, EveryoneStays.ofRate(0).probabilityOfTransactions(0, 5), 0);
        assertEquals(0.0, EveryoneStays.ofRate(0).probabilityOfTransactions(2, 5), 0);
    }

    @Test
    void everyoneStaysLikelihoodAndDiscountingHaveClosedForms() {
        EveryoneStays m = EveryoneStays.of(h);
        // x ln(x/T) - x: 2 ln(1/2) - 2.
        assertEquals(2 * Math.log(0.5) - 2, m.logLikelihood(2, 3, 4), 1e-15);
        assertEquals(0.0, m.logLikelihood(0, 0, 2), 0);
        double delta = Math.log(1.15) / 52;
        // Checked against the generic quadrature of the expectation (independent route).
        double numeric = DiscountedExpectation.of(t -> m.expectedTransactions(2, 3, 4, t), delta, 39);
        assertEquals(numeric, m.discountedExpectedTransactions(2, 3, 4, delta, 39), 1e-10);
        assertEquals(0.5 / delta, m.discountedExpectedTransactions(2, 3, 4, delta, Double.POSITIVE_INFINITY), 1e-9);
        assertEquals(0.5 * 39, m.discountedExpectedTransactions(2, 3, 4, 0, 39), 1e-13);
        assertThrows(IllegalArgumentException.class,
                () -> m.discountedExpectedTransactions(2, 3, 4, 0, Double.POSITIVE_INFINITY));
    }

    @Test
    void baselinesAreBaselineKindsThatCannotBeFitted() {
        EveryoneStays m = EveryoneStays.of(h);
        assertEquals(org.churnkit.model.ModelKind.EVERYONE_STAYS, m.kind());
        assertTrue(m.kind().isBaseline());
        assertEquals("everyone-stays", m.name());
        var e = assertThrows(org.churnkit.ChurnkitException.class,
                () -> org.churnkit.model.ModelRegistry.likelihood(m.kind()));
        assertTrue(e.getMessage().contains("baseline"), e.getMessage());
        assertEquals(5.0 / 6.0, m.parameters().get("rate"), 1e-15);
        assertEquals(0, m.fit().stream().count());
    }

    @Test
    void lastPeriodRateUsesTheRecentWindowAndTheAgeOfYoungCustomers() {
        // Window 2.5: customer 0 bought once in (1.5, 4] -> 1/2.5; customer 1 none -> 0;
        // customer 2 is 3 old (>= 2.5) with 4 recent -> 4/2.5.
        LastPeriodRate m = LastPeriodRate.of(h, 2.5, new double[] {1, 0, 4});
        assertEquals(0.4, m.rate(0), 1e-15);
        assertEquals(0.0, m.rate(1), 0);
        assertEquals(1.6, m.rate(2), 1e-15);
        assertArrayEquals(new double[] {4, 0, 16}, m.expectedTransactions(h, 10), 1e-13);
        assertEquals(0.4 * 7, m.expectedTransactionsOfRow(h, 0, 7), 1e-15);
        assertEquals((0.4 + 0 + 1.6) / 3, m.populationRate(), 1e-15);
        // Window 5 is longer than every age: the rate is judged on the whole age, x_recent / T.
        LastPeriodRate wide = LastPeriodRate.of(h, 5, new double[] {2, 0, 6});
        assertEquals(0.5, wide.rate(0), 1e-15);
        assertEquals(2.0, wide.rate(2), 1e-15);
    }

    @Test
    void lastPeriodRatePredictsOnlyForItsOwnRows() {
        LastPeriodRate m = LastPeriodRate.of(h, 2.5, new double[] {1, 0, 4});
        Histories other = Histories.of(new double[] {2, 0, 6}, new double[] {3, 0, 2.5}, new double[] {4, 2, 3});
        assertThrows(ChurnkitException.class, () -> m.expectedTransactions(other, 1));
        assertThrows(ChurnkitException.class, () -> m.expectedTransactionsOfRow(other, 0, 1));
        assertThrows(ChurnkitException.class, () -> m.discountedExpectedTransactions(other, 0.01, 10));
        // It is no TransactionModel, so it has no single-history methods that would have to refuse.
        assertFalse(TransactionModel.class.isAssignableFrom(LastPeriodRate.class));
        assertArrayEquals(new double[] {1, 1, 1}, m.pAlive(other), 0);
        // Customer 2 has 6 transactions but a recent rate of 1.6: log-likelihood 6 ln 1.6 - 1.6 * 3.
        assertEquals(6 * Math.log(1.6) - 4.8, m.logLikelihood(h)[2], 1e-13);
    }

    @Test
    void lastPeriodRateRejectsImpossibleRecentCounts() {
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> LastPeriodRate.of(h, 2, new double[] {3, 0, 1}));
        assertEquals(true, e.getMessage().contains("row 0"), e.getMessage());
    }
}
