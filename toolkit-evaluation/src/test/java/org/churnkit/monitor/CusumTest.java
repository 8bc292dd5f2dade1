package org.churnkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CusumTest {

    @Test
    void averageRunLengthMatchesPublishedTables() {
        // Montgomery, table 9.3 (two-sided, k = 0.5): h = 4 gives ARL0 168, h = 5 gives 465.
        assertEquals(168, Cusum.of(0.5, 4).averageRunLength(), 4);
        assertEquals(465, Cusum.of(0.5, 5).averageRunLength(), 8);
    }

    @Test
    void averageRunLengthAndFalseAlarmRateMatchSimulation() {
        Cusum c = Cusum.of(0.5, 3);
        SplittableRandom rnd = new SplittableRandom(7);
        int runs = 4000;
        double total = 0;
        int within50 = 0;
        for (int r = 0; r < runs; r++) {
            double sp = 0;
            double sm = 0;
            int n = 0;
            while (true) {
                n++;
                double z = ChangingWorld.normal(rnd);
                sp = Math.max(0, sp + z - 0.5);
                sm = Math.max(0, sm - z - 0.5);
                if (sp > 3 || sm > 3) {
                    break;
                }
            }
            total += n;
            within50 += n <= 50 ? 1 : 0;
        }
        double arl = total / runs;
        assertEquals(arl, c.averageRunLength(), 0.06 * arl, "simulated ARL " + arl);
        double p = (double) within50 / runs;
        assertEquals(p, c.falseAlarmProbability(50), 0.03, "simulated P(alarm within 50) " + p);
    }

    @Test
    void defaultsHaveTheStatedFalseAlarmRates() {
        Cusum alarm = Cusum.of(Cusum.DEFAULT_K, Cusum.DEFAULT_H);
        System.out.printf("h=10: ARL0 %.0f, P(false alarm in 104) %.5f; h=4: ARL0 %.0f, P(104) %.4f%n",
                alarm.averageRunLength(), alarm.falseAlarmProbability(104),
                Cusum.of(0.5, 4).averageRunLength(), Cusum.of(0.5, 4).falseAlarmProbability(104));
        assertTrue(alarm.falseAlarmProbability(104) < 0.01);
    }

    @Test
    void selfStartingGivesStandardNormalValuesWhateverTheMeanAndScale() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] e = new double[20_000];
        for (int i = 0; i < e.length; i++) {
            e[i] = 40 + 7 * ChangingWorld.normal(rnd);
        }
        double[] z = Cusum.selfStarting(e, 4);
        double m = 0;
        double v = 0;
        for (int i = 4; i < z.length; i++) {
            m += z[i];
            v += z[i] * z[i];
        }
        int n = z.length - 4;
        assertEquals(0, m / n, 0.03);
        assertEquals(1, v / n, 0.04);
        assertEquals(0, z[0]);
    }

    /**
     * Short series (the first values matter most: the mean is estimated from few), many of them: the
     * self-started values of N(mu, 1) residuals are N(0, 1) and uncorrelated whatever mu, so the
     * CUSUM's false-alarm probability is the Brook-Evans one; a wider spread than the model's is not
     * absorbed (it is what the scale being the model's means).
     */
    @Test
    void selfStartingMeanGivesStandardNormalValuesWhateverTheMean() {
        SplittableRandom rnd = new SplittableRandom(5);
        int runs = 4000;
        int len = 30;
        double m = 0;
        double v = 0;
        double lag = 0;
        int alarms = 0;
        int wide = 0;
        Cusum c = Cusum.of(0.5, 3);
        for (int r = 0; r < runs; r++) {
            double[] e = new double[len];
            double[] w = new double[len];
            double mu = 50 * rnd.nextDouble() - 25;
            for (int i = 0; i < len; i++) {
                double n = ChangingWorld.normal(rnd);
                e[i] = mu + n;
                w[i] = mu + 1.5 * n;
            }
            double[] z = Cusum.selfStartingMean(e, 1);
            assertEquals(0, z[0]);
            for (int i = 1; i < len; i++) {
                m += z[i];
                v += z[i] * z[i];
                lag += i > 1 ? z[i] * z[i - 1] : 0;
            }
            alarms += c.run(z).signalled() ? 1 : 0;
            wide += c.run(Cusum.selfStartingMean(w, 1)).signalled() ? 1 : 0;
        }
        double n = runs * (len - 1.0);
        assertEquals(0, m / n, 0.01);
        assertEquals(1, v / n, 0.02);
        assertEquals(0, lag / (runs * (len - 2.0)), 0.02);
        double p = c.falseAlarmProbability(len - 1);
        assertEquals(p, (double) alarms / runs, 0.025, "simulated " + alarms + " of " + runs);
        assertTrue(wide > 2 * alarms, "a spread above the model's raises the false-alarm rate: " + wide);
        assertThrows(IllegalArgumentException.class, () -> Cusum.selfStartingMean(new double[] {1, Double.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> Cusum.selfStartingMean(new double[] {1}, 0));
    }

    @Test
    void signalsAShiftAndRejectsNonFiniteValues() {
        double[] z = new double[30];
        for (int i = 20; i < 30; i++) {
            z[i] = -3;
        }
        Cusum.Path p = Cusum.of(0.5, 8).run(z);
        assertEquals(23, p.firstSignal()); // 2.5 per period below: 2.5, 5, 7.5, 10 > 8 at the fourth
        assertTrue(p.down()[23] > 8);
        z[3] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> Cusum.of(0.5, 8).run(z));
    }
}
