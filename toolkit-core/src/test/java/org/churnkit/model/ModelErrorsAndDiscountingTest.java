package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

/** Failures name the customer or the inputs; discounting agrees with a direct Stieltjes sum. */
class ModelErrorsAndDiscountingTest {

    @Test
    void batchErrorsNameTheCustomer() {
        BgNbd m = BgNbd.of(0.2426, 0.01, 0.7929, 2.4259);
        // A heavy buyer observed briefly and projected far ahead: about 1e11 series terms, refused.
        Histories h = Histories.of(new double[] {2, 100_000}, new double[] {30, 0.01}, new double[] {38, 0.02})
                .withIds(new String[] {"ok", "heavy"});
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> m.expectedTransactions(h, 10_000));
        assertTrue(e.getMessage().contains("customer 'heavy'"), e.getMessage());
        // Scalar errors name the inputs.
        ChurnkitException s = assertThrows(ChurnkitException.class, () -> m.pAlive(2, 40, 38));
        assertTrue(s.getMessage().contains("t_x=40.0"), s.getMessage());
        assertThrows(ChurnkitException.class, () -> BgBb.of(1, 1, 1, 1).pAlive(3, 2, 6)); // x > t_x
        assertThrows(IllegalArgumentException.class, () -> BgBb.of(1, 1, 1, 1).expectedTransactions(1, 1, 6, 2.5));
        assertThrows(IllegalArgumentException.class, () -> BgNbd.of(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> MbgNbd.of(1, Double.NaN, 1, 1));
        ChurnkitException like = assertThrows(ChurnkitException.class, () -> BgBbLikelihood.of().logLikelihood(
                new double[] {1, 1, 1, 1}, Histories.of(new double[] {3}, new double[] {2}, new double[] {6}), 0, 1, null));
        assertTrue(like.getMessage().contains("row 0"), like.getMessage());
    }

    @Test
    void heavyBuyersStayFinite() {
        // x = 100,000 in 10,000 time units, t_x = 0 and t_x = T, extreme parameters: finite results.
        for (double[] p : new double[][] {{0.01, 0.01, 0.05, 0.05}, {50, 1e5, 20, 20}, {0.2426, 4.4136, 0.7929, 2.4259}}) {
            for (TransactionModel m : new TransactionModel[] {BgNbd.of(p[0], p[1], p[2], p[3]), MbgNbd.of(p[0], p[1], p[2], p[3])}) {
                for (double tx : new double[] {0, 5000, 10_000}) {
                    double pa = m.pAlive(100_000, tx, 10_000);
                    double e = m.expectedTransactions(100_000, tx, 10_000, 52);
                    assertTrue(pa >= 0 && pa <= 1 && e >= 0 && Double.isFinite(m.logLikelihood(100_000, tx, 10_000)), m + " " + tx);
                }
            }
        }
    }

    @Test
    void discountedExpectationMatchesStieltjesSum() {
        BgNbd bg = BgNbd.of(0.243, 4.414, 0.793, 2.426);
        MbgNbd mbg = MbgNbd.of(0.525, 6.183, 0.891, 1.614);
        double delta = Math.log(1.15) / 52;
        for (TransactionModel m : new TransactionModel[] {bg, mbg}) {
            double h = 104;
            double d = m.discountedExpectedTransactions(2, 30.43, 38.86, delta, h);
            // sum of exp(-delta t_mid) (E(t_i+1) - E(t_i)) on 4,000 steps: midpoint error ~ (h/n)^2 delta^2 / 24, far below 1e-7.
            int n = 4000;
            double sum = 0;
            double prev = 0;
            for (int i = 1; i <= n; i++) {
                double t = h * i / n;
                double e = m.expectedTransactions(2, 30.43, 38.86, t);
                sum += Math.exp(-delta * (t - h / n / 2)) * (e - prev);
                prev = e;
            }
            assertEquals(sum, d, 1e-7 * sum, m.toString());
            assertEquals(m.expectedTransactions(2, 30.43, 38.86, h), m.discountedExpectedTransactions(2, 30.43, 38.86, 0, h), 1e-12);
            double dert = m.discountedExpectedTransactions(2, 30.43, 38.86, delta, Double.POSITIVE_INFINITY);
            assertTrue(dert > d && Double.isFinite(dert));
        }
    }

    @Test
    void bgBbDertMatchesClosedForm() {
        // Fader, Hardie and Shang (2010) eq. (14), discount factor 1/(1+d) per opportunity:
        // DERT = B(al+x+1, be+n-x)/B(al,be) B(ga, de+n+1)/(B(ga,de)(1+d)) 2F1(1, de+n+1; ga+de+n+1; 1/(1+d)) / L.
        // With rate = ln(1+d) the two discountings are the same.
        double al = 1.204;
        double be = 0.750;
        double ga = 0.657;
        double de = 2.783;
        BgBb m = BgBb.of(al, be, ga, de);
        double d = 0.1;
        for (double[] h : new double[][] {{3, 5, 6}, {0, 0, 6}, {6, 6, 6}, {1, 1, 20}}) {
            double x = h[0];
            double tx = h[1];
            double n = h[2];
            double log = org.apache.commons.numbers.gamma.LogBeta.value(al + x + 1, be + n - x)
                    - org.apache.commons.numbers.gamma.LogBeta.value(al, be)
                    + org.apache.commons.numbers.gamma.LogBeta.value(ga, de + n + 1)
                    - org.apache.commons.numbers.gamma.LogBeta.value(ga, de) - Math.log1p(d)
                    + org.churnkit.numerics.Hypergeometric2F1.log(1, de + n + 1, ga + de + n + 1, 1 / (1 + d))
                    - m.logLikelihood(x, tx, n);
            double closed = Math.exp(log);
            // Both sides are sums of positive terms evaluated in double precision: 1e-12.
            assertEquals(closed, m.discountedExpectedTransactions(x, tx, n, Math.log1p(d), Double.POSITIVE_INFINITY),
                    1e-12 * closed, java.util.Arrays.toString(h));
        }
    }
}
