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
