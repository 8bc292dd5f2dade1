package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

/**
 * The check the predictive-interval tests of the correlated and time-varying models make of their
 * intervals on simulated holdout counts, written once: the share of customers whose realised count
 * lies in their interval must be, within 2.5 points, the share the model itself expects (the mean
 * over customers of the probability of the interval), which must be at least the level.
 */
final class HoldoutCoverage {
    private HoldoutCoverage() {}

    /**
     * Checks one level and appends its realised and expected rates to {@code report}.
     *
     * @param iv the intervals, {@code iv[0][i]} to {@code iv[1][i]}
     * @param future the realised holdout counts
     * @param p each customer's count probabilities, {@code p[i][k] = P(X_i = k)}, at least up to
     *     the upper end of the interval
     * @param level the intervals' level
     * @param report the text the failure message and the printed summary show
     */
    static void check(double[][] iv, double[] future, double[][] p, double level, StringBuilder report) {
        int n = future.length;
        int covered = 0;
        double expected = 0;
        for (int i = 0; i < n; i++) {
            if (iv[0][i] <= future[i] && future[i] <= iv[1][i]) {
                covered++;
            }
            for (int k = (int) iv[0][i]; k <= iv[1][i]; k++) {
                expected += p[i][k] / n;
            }
        }
        double rate = covered / (double) n;
        report.append(String.format(Locale.ROOT, " %.0f%%: realised %.3f, model %.3f;", 100 * level, rate, expected));
        assertTrue(expected >= level - 1e-9, report.toString());
        assertEquals(expected, rate, 0.025, report.toString());
    }
}
