package org.churnkit.labels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One-sided rules, the usual kind ("p_alive &lt; 0.2 -&gt; churned", abstain otherwise): each rule
 * votes for one class only, so its accuracy shows in how its coverage differs between the classes.
 * Ten such rules, five per class, accuracies 0.55 to 0.95, 10,000 rows.
 */
class LabelModelOneSidedTest {

    @Test
    void estimatesTheAccuraciesOfOneSidedRules() {
        double prior = 0.4;
        double[] acc = {0.55, 0.65, 0.75, 0.85, 0.95, 0.6, 0.7, 0.8, 0.9, 0.95};
        int r = acc.length;
        int n = 10_000;
        SplittableRandom rnd = new SplittableRandom(31);
        int[] y = new int[n];
        byte[][] v = new byte[r][n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < prior ? 1 : 0;
        }
        for (int j = 0; j < r; j++) {
            int c = j < 5 ? 1 : 0;
            double pc = c == 1 ? prior : 1 - prior;
            double alpha = 0.5;
            // accuracy = pc alpha / (pc alpha + (1 - pc) beta)
            double beta = pc * alpha * (1 - acc[j]) / ((1 - pc) * acc[j]);
            for (int i = 0; i < n; i++) {
                boolean fire = rnd.nextDouble() < (y[i] == c ? alpha : beta);
                v[j][i] = fire ? (byte) c : -1;
            }
        }
        List<String> names = new ArrayList<>();
        double[] truth = new double[r];
        for (int j = 0; j < r; j++) {
            names.add("r" + j);
            long right = 0;
            long cast = 0;
            for (int i = 0; i < n; i++) {
                if (v[j][i] >= 0) {
                    cast++;
                    right += v[j][i] == y[i] ? 1 : 0;
                }
            }
            truth[j] = (double) right / cast;
        }
        Votes votes = Votes.of(List.of("stays", "churned"), names, v);
        LabelModel m = LabelModel.fit(votes);
        double worst = 0;
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < r; j++) {
            worst = Math.max(worst, Math.abs(m.accuracy(j) - truth[j]));
            line.append(String.format(Locale.ROOT, " %.3f/%.3f", m.accuracy(j), truth[j]));
        }
        double lm = LabelModelSyntheticTest.labelAccuracy(LabelModelSyntheticTest.argmax(m.probabilities(votes)), y, 0);
        double mv = LabelModelSyntheticTest.majorityAccuracy(votes, y);
        System.out.printf(Locale.ROOT, "one-sided rules: label model %.4f, majority vote %.4f; groups %s; worst accuracy "
                + "error %.3f; estimated/true:%s%n", lm, mv, m.dependentGroups(), worst, line);
        assertTrue(worst <= 0.05, "worst accuracy error " + worst);
        assertTrue(lm > mv, "label model " + lm + " vs majority vote " + mv);
    }
}
