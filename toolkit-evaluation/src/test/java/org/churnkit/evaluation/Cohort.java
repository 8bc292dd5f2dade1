package org.churnkit.evaluation;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.Histories;

/**
 * A simulated cohort for end-to-end tests: births on a daily grid in weeks [0, birthSpan), Poisson
 * purchasing at rate lambda per week while alive, exponential lifetimes of rate mu, observed to
 * {@code end}. Event times are calendar weeks, in CSR form (customer c's repeat transactions are
 * {@code times[offset[c] .. offset[c+1])}, increasing).
 */
final class Cohort {
    final double[] birth;
    final int[] offset;
    final double[] times;
    final double end;

    private Cohort(double[] birth, int[] offset, double[] times, double end) {
        this.birth = birth;
        this.offset = offset;
        this.times = times;
        this.end = end;
    }

    static Cohort simulate(long seed, int customers, double lambda, double mu, double birthSpan, double end) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] birth = new double[customers];
        int[] offset = new int[customers + 1];
        double[] times = new double[customers * 8];
        int m = 0;
        for (int c = 0; c < customers; c++) {
            // Whole days, so that many customers share a birth (as in real data).
            birth[c] = Math.floor(rng.nextDouble() * birthSpan * 7) / 7.0;
            double death = birth[c] - Math.log1p(-rng.nextDouble()) / mu;
            double stop = Math.min(death, end);
            double t = birth[c];
            while (true) {
                t += -Math.log1p(-rng.nextDouble()) / lambda;
                if (t > stop) {
                    break;
                }
                if (m == times.length) {
                    times = Arrays.copyOf(times, 2 * m);
                }
                times[m++] = t;
            }
            offset[c + 1] = m;
        }
        return new Cohort(birth, offset, Arrays.copyOf(times, m), end);
    }

    /**
     * The split at origin c (customers born before c), with holdout (c + gap, c + gap + h] and
     * recent activity over (c - window, c].
     */
    HoldoutSplit split(double c, double gap, double h, double window) {
        int n = 0;
        for (double b : birth) {
            if (b < c) {
                n++;
            }
        }
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        double[] hold = new double[n];
        double[] recent = new double[n];
        double[] born = new double[n];
        int k = 0;
        int repeats = 0;
        for (int i = 0; i < birth.length; i++) {
            if (!(birth[i] < c)) {
                continue;
            }
            born[k] = birth[i];
            age[k] = c - birth[i];
            for (int j = offset[i]; j < offset[i + 1]; j++) {
                double t = times[j];
                if (t <= c) {
                    x[k]++;
                    tx[k] = t - birth[i];
                    if (t > c - window) {
                        recent[k]++;
                    }
                } else if (t > c + gap && t <= c + gap + h) {
                    hold[k]++;
                }
                if (t <= c + gap + h) {
                    repeats++;
                }
            }
            k++;
        }
        double[] cal = new double[repeats];
        int r = 0;
        for (int i = 0; i < birth.length; i++) {
            if (!(birth[i] < c)) {
                continue;
            }
            for (int j = offset[i]; j < offset[i + 1]; j++) {
                if (times[j] <= c + gap + h) {
                    cal[r++] = times[j];
                }
            }
        }
        return HoldoutSplit.of(Histories.of(x, tx, age), hold, h).withGap(gap).withRecentActivity(window, recent)
                .withCalendar(born, cal, c);
    }
}
