package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

class SubscriberScoringTest {
    private static final ShiftedBetaGeometric REGULAR = ShiftedBetaGeometric.of(0.704, 1.182);

    /** r(n) of the sBG in closed form, independent of the model's code. */
    private static double r(double g, double d, int n) {
        return (d + n - 1) / (g + d + n - 1);
    }

    @Test
    void scoresAgreeWithTheClosedFormAndDirectSums() {
        DiscountRate rate = DiscountRate.fromAnnual(0.1, 1);
        SubscriberScoring s = SubscriberScoring.of(REGULAR, rate, 4);
        SubscriberScoring.Result res = s.score(new String[] {"a", "b"}, new int[] {1, 6});
        assertEquals(r(0.704, 1.182, 6), res.pRenewal()[1], 1e-14);
        double e = 0;
        double alive = 1;
        for (int k = 0; k < 4; k++) {
            alive *= r(0.704, 1.182, 6 + k);
            e += alive;
        }
        assertEquals(e, res.expectedPeriods()[1], 1e-12);
        double derl = 0;
        alive = 1;
        for (int k = 6; k < 1_000_000; k++) {
            alive *= r(0.704, 1.182, k) / 1.1;
            derl += alive;
        }
        assertEquals(derl, res.derl()[1], 1e-10 * derl);
        assertEquals(REGULAR.del(rate) - 1, res.derl()[0], 1e-12);
        double[] v = SubscriberScoring.residualValue(new String[] {"a", "b"}, res.derl(), 0.3, new double[] {10, 20});
        assertEquals(0.3 * 20 * res.derl()[1], v[1], 1e-12);
    }

    @Test
    void withoutAHorizonExpectedPeriodsExistOnlyWhereFinite() {
        DiscountRate rate = DiscountRate.fromAnnual(0.1, 12);
        assertFalse(SubscriberScoring.of(REGULAR, rate, 0).hasExpectedPeriods()); // gamma <= 1: infinite mean
        assertNull(SubscriberScoring.of(REGULAR, rate, 0).score(new String[] {"a"}, new int[] {2}).expectedPeriods());
        SubscriberScoring finite = SubscriberScoring.of(ShiftedBetaGeometric.of(2, 3), rate, 0);
        assertTrue(finite.hasExpectedPeriods());
        // (delta + n - 1) / (gamma - 1): the undiscounted DERL of Fader and Hardie (2010)
        assertEquals((3 + 2 - 1) / (2 - 1.0), finite.score(new String[] {"a"}, new int[] {2}).expectedPeriods()[0], 1e-9);
    }

    @Test
    void badInputNamesTheSubscriber() {
        SubscriberScoring s = SubscriberScoring.of(REGULAR, DiscountRate.perPeriod(0.01), 3);
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> s.score(new String[] {"a", "zz"}, new int[] {1, 0}));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
        e = assertThrows(ChurnkitException.class, () -> SubscriberScoring.residualValue(new String[] {"q"},
                new double[] {1}, 0.3, new double[] {Double.NaN}));
        assertTrue(e.getMessage().contains("'q'"), e.getMessage());
    }

    @Test
    void theBandOfDrawsCoversTheFitAndNarrowsWithData() {
        ContractualFitter fitter = ContractualFitter.of();
        ContractualFit small = fitter.fit(ContractualKind.SBG, SurvivorCurve.of(100, 63, 47, 38, 33));
        ContractualFit large = fitter.fit(ContractualKind.SBG, SurvivorCurve.of(10000, 6310, 4680, 3820, 3260));
        SurvivalBand a = SurvivalBand.of(small, 10, 0.9, 400, 7);
        SurvivalBand b = SurvivalBand.of(large, 10, 0.9, 400, 7);
        assertEquals(1, a.lower()[0], 0);
        for (int t = 1; t <= 10; t++) {
            double s = small.model().survival(t);
            assertTrue(a.lower()[t] < s && s < a.upper()[t], "period " + t);
            assertTrue(b.upper()[t] - b.lower()[t] < (a.upper()[t] - a.lower()[t]) / 3, "period " + t);
        }
        SurvivalBand again = SurvivalBand.of(small, 10, 0.9, 400, 7);
        assertEquals(a.upper()[10], again.upper()[10], 0); // same seed, same band
    }
}
