package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.ChurnkitException;
import org.churnkit.model.Histories;
import org.churnkit.model.Tracking;
import org.churnkit.model.TransactionModel;
import org.junit.jupiter.api.Test;

class HoldoutValidationTest {
    // x/T = 2/4, 0/2, 6/3; everyone-stays population rate 5/6.
    private final Histories h = Histories.of(new double[] {2, 0, 6}, new double[] {3, 0, 2.5},
            new double[] {4, 2, 3});
    private final double[] holdout = {1, 0, 3};
    // Calendar: calibration ends at 4, births 0, 2, 1 (so T = 4 - birth); all repeat transactions.
    private final double[] births = {0, 2, 1};
    private final double[] repeatTimes = {1.0, 3.0, 1.5, 2.0, 2.2, 2.8, 3.0, 3.5, 5.0, 4.5, 5.0, 6.0};

    private HoldoutSplit split() {
        return HoldoutSplit.of(h, holdout, 2.0).withCalendar(births, repeatTimes, 4.0);
    }

    @Test
    void errorsAndTotalsByHand() {
        HoldoutResult r = HoldoutValidation.of("everyone-stays", EveryoneStays.of(h), split(), 2, true);
        // Predictions (x/T) * 2 = 1, 0, 4 against 1, 0, 3: errors 0, 0, 1.
        assertArrayEquals(new double[] {1, 0, 4}, r.predictions().orElseThrow(), 1e-15);
        assertEquals(1.0 / 3, r.mae(), 1e-15);
        assertEquals(Math.sqrt(1.0 / 3), r.rmse(), 1e-15);
        assertEquals(5.0, r.predictedTotal(), 1e-14);
        assertEquals(4.0, r.actualTotal(), 0);
        assertEquals(0.25, r.relativeTotalError(), 1e-14);
        assertEquals(3, r.customers());
    }

    @Test
    void histogramByHand() {
        HoldoutResult r = HoldoutValidation.of("everyone-stays", EveryoneStays.of(h), split(), 2, false);
        FrequencyHistogram f = r.histogram();
        assertArrayEquals(new double[] {1, 0, 2}, f.actual(), 0);
        double lam = 5.0 / 6;
        double e0 = 0;
        double e1 = 0;
        for (double t : new double[] {4, 2, 3}) {
            e0 += Math.exp(-lam * t);
            e1 += lam * t * Math.exp(-lam * t);
        }
        // Sums of three Poisson probabilities: a few ulps of rounding.
        assertArrayEquals(new double[] {e0, e1, 3 - e0 - e1}, f.expected(), 1e-14);
        assertArrayEquals(new String[] {"0", "1", "2+"}, f.labels());
    }

    @Test
    void conditionalExpectationsByHand() {
        ConditionalExpectations c = HoldoutValidation.of("m", EveryoneStays.of(h), split(), 2, false)
                .conditionalExpectations();
        assertArrayEquals(new double[] {1, 0, 2}, c.customers(), 0);
        double[] a = c.meanActual();
        double[] p = c.meanPredicted();
        assertEquals(0.0, a[0], 0);
        assertEquals(0.0, p[0], 0);
        assertTrue(Double.isNaN(a[1]) && Double.isNaN(p[1]), "the empty bucket is NaN, as documented");
        assertEquals(2.0, a[2], 0);
        assertEquals(2.5, p[2], 1e-15);
    }

    @Test
    void trackingByHand() {
        Tracking t = HoldoutValidation.of("m", EveryoneStays.of(h), split(), 2, false).tracking().orElseThrow();
        // Grid 1..6 (calibration end 4 + holdout 2); predicted lambda * sum_i max(0, u - b_i).
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.time(), 0);
        double lam = 5.0 / 6;
        assertArrayEquals(new double[] {lam, 3 * lam, 6 * lam, 9 * lam, 12 * lam, 15 * lam},
                t.predictedCumulative(), 1e-14);
        assertArrayEquals(new double[] {1, 3, 7, 8, 11, 12}, t.actualCumulative(), 0);
        assertArrayEquals(new double[] {1, 2, 4, 1, 3, 1}, t.actualIncremental(), 0);
        assertArrayEquals(new double[] {lam, 2 * lam, 3 * lam, 3 * lam, 3 * lam, 3 * lam},
                t.predictedIncremental(), 1e-14);
        assertEquals(4.0, t.calibrationEnd(), 0);
    }

    @Test
    void agreesWithASlowPerCustomerImplementation() {
        Cohort cohort = Cohort.simulate(20260101L, 3000, 0.25, 0.03, 12, 80);
        HoldoutSplit s = cohort.split(40, 0, 39, 8);
        TransactionModel m = new TrueProcess(0.25, 0.03);
        HoldoutResult r = HoldoutValidation.of("true", m, s, 5, true);
        Histories cal = s.calibration();
        int n = s.size();
        double[] pred = new double[n];
        double abs = 0;
        double sq = 0;
        double[] expected = new double[6];
        for (int i = 0; i < n; i++) {
            pred[i] = m.expectedTransactions(cal.frequency(i), cal.recency(i), cal.age(i), 39);
            double e = pred[i] - s.holdoutFrequency(i);
            abs += Math.abs(e);
            sq += e * e;
            double below = 0;
            for (int k = 0; k < 5; k++) {
                double p = m.probabilityOfTransactions(k, cal.age(i));
                expected[k] += p;
                below += p;
            }
            expected[5] += 1 - below;
        }
        // Same terms summed in another order (grouped by distinct T there): rounding only.
        assertArrayEquals(pred, r.predictions().orElseThrow(), 1e-12);
        assertEquals(abs / n, r.mae(), 1e-12);
        assertEquals(Math.sqrt(sq / n), r.rmse(), 1e-12);
        assertArrayEquals(expected, r.histogram().expected(), 1e-8);
        Tracking t = r.tracking().orElseThrow();
        double[] born = s.births();
        double[] times = s.repeatTimes();
        double[] u = t.time();
        for (int j = 0; j < u.length; j++) {
            double p = 0;
            for (double b : born) {
                if (u[j] > b) {
                    p += m.expectedTransactions(u[j] - b);
                }
            }
            int a = 0;
            for (double x : times) {
                if (x <= u[j]) {
                    a++;
                }
            }
            assertEquals(p, t.predictedCumulative()[j], 1e-9 * Math.max(1, p));
            assertEquals(a, t.actualCumulative()[j], 0);
        }
        assertEquals(79, u.length, "grid from week 0 to the holdout end 40 + 39");
    }

    @Test
    void aGapShiftsThePredictionWindow() {
        TransactionModel m = new TrueProcess(0.3, 0.05);
        HoldoutSplit s = HoldoutSplit.of(h, holdout, 2.0).withGap(1.5);
        double[] p = HoldoutValidation.predict(m, s);
        for (int i = 0; i < h.size(); i++) {
            double want = m.expectedTransactions(h.frequency(i), h.recency(i), h.age(i), 3.5)
                    - m.expectedTransactions(h.frequency(i), h.recency(i), h.age(i), 1.5);
            assertEquals(want, p[i], 1e-15);
        }
        LastPeriodRate lp = LastPeriodRate.of(h, 2, new double[] {1, 0, 2});
        assertArrayEquals(new double[] {1, 0, 2}, HoldoutValidation.predict(lp, s.withRecentActivity(2, new double[] {1, 0, 2})), 1e-14);
    }

    @Test
    void rowAwareModelsMustBeBuiltOnTheSplitsHistories() {
        HoldoutSplit s = HoldoutSplit.of(h, holdout, 2.0).withRecentActivity(2, new double[] {1, 0, 2});
        HoldoutResult r = HoldoutValidation.of("lp", LastPeriodRate.of(s), s, 2, true);
        // Rates 1/2, 0, 2/2: predictions over 2 weeks are 1, 0, 2.
        assertArrayEquals(new double[] {1, 0, 2}, r.predictions().orElseThrow(), 1e-15);
        Histories copy = Histories.of(h.frequencies(), h.recencies(), h.ages());
        assertThrows(ChurnkitException.class,
                () -> HoldoutValidation.of("lp", LastPeriodRate.of(copy, 2, new double[] {1, 0, 2}), s));
    }

    @Test
    void badSplitsAreRefusedNamingTheCustomer() {
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> HoldoutSplit.of(h, new double[] {1, -1, 0}, 2.0));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(ChurnkitException.class, () -> HoldoutSplit.of(h, new double[] {1, 0.5, 0}, 2.0));
        assertThrows(ChurnkitException.class, () -> HoldoutSplit.of(h, holdout, new double[] {1, 0, 1}));
        assertThrows(ChurnkitException.class,
                () -> HoldoutSplit.of(h.withWeights(new double[] {1, 2, 1}), holdout, 2.0));
        assertThrows(IllegalArgumentException.class, () -> HoldoutSplit.of(h, new double[] {1, 0}, 2.0));
        assertThrows(ChurnkitException.class, () -> split().withCalendar(new double[] {0, 5, 1}, repeatTimes, 4));
    }

    @Test
    void aModelThatReturnsNaNIsNamedNotPassedOn() {
        TransactionModel broken = new TrueProcess(0.3, 0.05) {
            @Override
            public double expectedTransactions(double x, double tx, double T, double t) {
                return x == 6 ? Double.NaN : 1;
            }
        };
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> HoldoutValidation.of("broken", broken, split()));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
    }
}
