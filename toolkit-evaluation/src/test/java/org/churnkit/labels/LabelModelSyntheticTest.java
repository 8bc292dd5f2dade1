package org.churnkit.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The label model on labelling rules with known accuracies (0.55 to 0.95) and two correlated pairs
 * (a rule that copies another's vote most of the time), 10,000 rows: every estimated accuracy within
 * 0.05 of the truth, and its labels more accurate than the majority vote.
 */
class LabelModelSyntheticTest {

    /** Synthetic votes with the truth they were drawn from. */
    record Synthetic(Votes votes, int[] truth, double[] trueAccuracy) {}

    /**
     * Draws y ~ Bernoulli(prior); rule j votes with probability coverage[j] and is right with
     * probability accuracy[j]; a rule with copyOf[j] &gt;= 0 repeats that rule's vote (abstain
     * included) with probability copyRate. The true accuracy is each rule's share of right votes.
     */
    static Synthetic draw(int n, double prior, double[] accuracy, double[] coverage, int[] copyOf, double copyRate,
                          long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int r = accuracy.length;
        int[] y = new int[n];
        byte[][] v = new byte[r][n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < prior ? 1 : 0;
            for (int j = 0; j < r; j++) {
                if (copyOf[j] >= 0 && rnd.nextDouble() < copyRate) {
                    v[j][i] = v[copyOf[j]][i];
                } else if (rnd.nextDouble() < coverage[j]) {
                    v[j][i] = (byte) (rnd.nextDouble() < accuracy[j] ? y[i] : 1 - y[i]);
                } else {
                    v[j][i] = -1;
                }
            }
        }
        double[] acc = new double[r];
        List<String> names = new ArrayList<>();
        for (int j = 0; j < r; j++) {
            long right = 0;
            long votes = 0;
            for (int i = 0; i < n; i++) {
                if (v[j][i] >= 0) {
                    votes++;
                    right += v[j][i] == y[i] ? 1 : 0;
                }
            }
            acc[j] = (double) right / votes;
            names.add("lf" + j);
        }
        return new Synthetic(Votes.of(List.of("stays", "churned"), names, v), y, acc);
    }

    /** Share of rows whose label is right; ABSTAIN (a tie or no vote) counts as the given fallback. */
    static double labelAccuracy(int[] labels, int[] truth, int fallback) {
        long right = 0;
        for (int i = 0; i < truth.length; i++) {
            int l = labels[i] < 0 ? fallback : labels[i];
            right += l == truth[i] ? 1 : 0;
        }
        return (double) right / truth.length;
    }

    static int[] argmax(double[] p1) {
        int[] out = new int[p1.length];
        for (int i = 0; i < p1.length; i++) {
            out[i] = p1[i] >= 0.5 ? 1 : 0;
        }
        return out;
    }

    /** The majority vote's accuracy, ties and rows without votes given the majority's most common class. */
    static double majorityAccuracy(Votes v, int[] truth) {
        int[] mv = v.majorityVote();
        long ones = 0;
        long decided = 0;
        for (int l : mv) {
            ones += l == 1 ? 1 : 0;
            decided += l >= 0 ? 1 : 0;
        }
        return labelAccuracy(mv, truth, 2 * ones >= decided ? 1 : 0);
    }

    private static final double[] ACCURACY = {0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.7};
    private static final double[] COVERAGE = {0.7, 0.6, 0.8, 0.5, 0.6, 0.7, 0.5, 0.4, 0.3, 0.6};
    // lf1 copies lf0 and lf3 copies lf2: two correlated pairs of weak rules, which a model assuming
    // independence would count twice
    private static final int[] COPY = {-1, 0, -1, 2, -1, -1, -1, -1, -1, -1};

    @Test
    void estimatesEveryAccuracyWithinFivePointsAndBeatsTheMajorityVote() {
        for (long seed : new long[] {17, 2024, 99}) {
            Synthetic s = draw(10_000, 0.35, ACCURACY, COVERAGE, COPY, 0.8, seed);
            LabelModel m = LabelModel.fit(s.votes());
            double[] est = m.accuracies();
            StringBuilder line = new StringBuilder();
            double worst = 0;
            for (int j = 0; j < est.length; j++) {
                worst = Math.max(worst, Math.abs(est[j] - s.trueAccuracy()[j]));
                line.append(String.format(Locale.ROOT, " %.3f/%.3f", est[j], s.trueAccuracy()[j]));
            }
            double lm = labelAccuracy(argmax(m.probabilities(s.votes())), s.truth(), 0);
            double mv = majorityAccuracy(s.votes(), s.truth());
            LabelModel ind = LabelModel.fit(s.votes(), LabelModel.Options.independent());
            double indAcc = labelAccuracy(argmax(ind.probabilities(s.votes())), s.truth(), 0);
            double indWorst = 0;
            for (int j = 0; j < est.length; j++) {
                indWorst = Math.max(indWorst, Math.abs(ind.accuracy(j) - s.trueAccuracy()[j]));
            }
            System.out.printf(Locale.ROOT, "seed %d: label model accuracy %.4f, majority vote %.4f, "
                    + "independent Dawid-Skene %.4f (worst accuracy error %.3f); groups %s; worst accuracy error %.3f;"
                    + " estimated/true:%s%n", seed, lm, mv, indAcc, indWorst, m.dependentGroups(), worst, line);
            assertTrue(worst <= 0.05, "worst accuracy error " + worst + " at seed " + seed);
            assertTrue(lm > mv, "label model " + lm + " vs majority vote " + mv);
            assertEquals(List.of(List.of("lf0", "lf1"), List.of("lf2", "lf3")), m.dependentGroups());
            assertTrue(m.converged());
        }
    }

    @Test
    void independentRulesAreNotGrouped() {
        int[] none = new int[ACCURACY.length];
        java.util.Arrays.fill(none, -1);
        Synthetic s = draw(10_000, 0.35, ACCURACY, COVERAGE, none, 0, 5);
        LabelModel m = LabelModel.fit(s.votes());
        assertEquals(List.of(), m.dependentGroups());
        for (int j = 0; j < ACCURACY.length; j++) {
            assertEquals(s.trueAccuracy()[j], m.accuracy(j), 0.05, "rule " + j);
        }
        assertEquals(0.35, m.prior(), 0.03);
    }

    @Test
    void knownDependencyStructureGivesTheSameAccuracies() {
        Synthetic s = draw(10_000, 0.35, ACCURACY, COVERAGE, COPY, 0.8, 17);
        LabelModel m = LabelModel.fit(s.votes(), LabelModel.Options.independent(),
                List.of(List.of("lf0", "lf1"), List.of("lf2", "lf3")));
        assertEquals(List.of(List.of("lf0", "lf1"), List.of("lf2", "lf3")), m.dependentGroups());
        for (int j = 0; j < ACCURACY.length; j++) {
            assertEquals(s.trueAccuracy()[j], m.accuracy(j), 0.05, "rule " + j);
        }
        // class-conditional vote probabilities of a rule sum to 1 for each class
        for (int c = 0; c < 2; c++) {
            double sum = m.voteProbability(4, c, -1) + m.voteProbability(4, c, 0) + m.voteProbability(4, c, 1);
            assertEquals(1, sum, 1e-12);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LabelModel.fit(s.votes(), LabelModel.Options.independent(), List.of(List.of("lf0", "nope"))));
    }

    @Test
    void rulesThatNeverVoteGiveFiniteOutputs() {
        byte[][] v = new byte[3][100];
        for (byte[] col : v) {
            java.util.Arrays.fill(col, (byte) -1);
        }
        v[0][0] = 1;
        Votes votes = Votes.of(List.of("no", "yes"), List.of("a", "b", "c"), v);
        LabelModel m = LabelModel.fit(votes);
        for (double a : m.accuracies()) {
            assertTrue(Double.isFinite(a) && a > 0 && a < 1, "accuracy " + a);
        }
        for (double p : m.probabilities(votes)) {
            assertTrue(p > 0 && p < 1, "probability " + p);
        }
        org.junit.jupiter.api.Assertions.assertThrows(org.churnkit.ChurnkitException.class,
                () -> LabelModel.fit(Votes.of(List.of("no", "yes"), List.of("a"), new byte[][] {{}})));
    }

    @Test
    void labellingFunctionsAreCheckedByRuleAndRow() {
        int[] data = {3, 9, 4};
        LabellingFunction big = LabellingFunction.of("big", i -> data[i] > 5 ? 1 : LabellingFunction.ABSTAIN);
        LabellingFunction odd = LabellingFunction.of("odd", i -> data[i] % 2 == 1 ? 0 : 1);
        Votes v = Votes.of(List.of("small", "large"), List.of(big, odd), data.length);
        assertEquals(List.of("big", "odd"), v.rules());
        assertEquals(1, v.vote(0, 1));
        assertEquals(-1, v.vote(0, 0));
        assertEquals(1, v.vote(1, 2));
        LabellingFunction wrong = LabellingFunction.of("wrong", i -> i == 2 ? 7 : 0);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Votes.of(List.of("small", "large"), List.of(wrong), data.length));
        assertEquals("rule 'wrong' votes 7 on row 2; expected 0, 1 or -1 (abstain)", e.getMessage());
    }
}
