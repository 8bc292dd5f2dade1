package org.churnkit.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.churnkit.io.ColumnTable;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelRegistry;
import org.churnkit.model.ParetoNbd;
import org.churnkit.testing.CdnowHoldout;
import org.junit.jupiter.api.Test;

/**
 * The README's CDNOW example end to end: the 2,357 customers of the 1/10 sample, calibration to
 * 1997-09-30 and a 39-week holdout. The label to recover is "no purchase in the holdout"; the rules
 * see only the calibration period (frequency, weeks since the last purchase and P(alive) from a
 * Pareto/NBD fit on the calibration period). The label model's labels are checked against the
 * holdout truth and beside the majority vote.
 *
 * <p>What it shows: about 71 % of the customers make no purchase in the holdout; the label model's
 * labels are right for 77.5 % of them (the majority vote's too), well above the 71 % of calling
 * everyone churned. Its accuracy estimates are optimistic (about 0.95 to 0.996 against 0.65 to 0.86
 * measured on the holdout): the rules seldom vote on the same customer (no conflicts), which leaves
 * little agreement to learn accuracies from, and every rule reads the same three numbers
 * (frequency, recency, age), so they are not independent given the label. Rules built on separate sources of evidence are
 * where a label model earns its keep (see {@link LabelModelSyntheticTest}).
 */
class CdnowWeakSupervisionTest {

    /** The rules of the README and the notebook. */
    static final String RULES = """
            classes: stays, churned
            one_and_done: frequency == 0 and weeks_since_last > 26 -> churned
            low_alive:    p_alive < 0.2 -> churned
            recent:       weeks_since_last < 10 -> stays
            high_alive:   p_alive > 0.6 -> stays
            """;

    @Test
    void labelModelRecoversHoldoutChurnFromCalibrationRules() throws IOException {
        CdnowHoldout cbs = CdnowHoldout.read();
        int n = cbs.size();
        double[] x = cbs.x();
        double[] tx = cbs.tx();
        double[] t = cbs.t();
        int[] churned = new int[n];
        for (int i = 0; i < n; i++) {
            churned[i] = cbs.star()[i] == 0 ? 1 : 0;
        }
        Histories h = cbs.histories();
        ParetoNbd pnbd = ModelFitter.of().fitOrThrow(ModelRegistry.likelihood(ParetoNbd.class), h).model();
        double[] pAlive = new double[n];
        double[] since = new double[n];
        for (int i = 0; i < n; i++) {
            pAlive[i] = pnbd.pAlive(x[i], tx[i], t[i]);
            since[i] = t[i] - tx[i];
        }
        ColumnTable table = ColumnTable.builder().addDouble("frequency", x).addDouble("T", t)
                .addDouble("weeks_since_last", since).addDouble("p_alive", pAlive).build();
        RuleSet rules = RuleSet.parse(RULES, "cdnow.rules");
        Votes votes = rules.votes(table);
        LabelModel model = LabelModel.fit(votes);
        double[] p = model.probabilities(votes);

        int[] lm = LabelModelSyntheticTest.argmax(p);
        double modelAccuracy = LabelModelSyntheticTest.labelAccuracy(lm, churned, 0);
        double majorityAccuracy = LabelModelSyntheticTest.majorityAccuracy(votes, churned);
        long churners = 0;
        for (int c : churned) {
            churners += c;
        }
        double base = Math.max(churners, n - churners) / (double) n;
        StringBuilder report = new StringBuilder();
        for (int j = 0; j < votes.rules().size(); j++) {
            long right = 0;
            long cast = 0;
            for (int i = 0; i < n; i++) {
                int v = votes.vote(j, i);
                if (v >= 0) {
                    cast++;
                    right += v == churned[i] ? 1 : 0;
                }
            }
            report.append(String.format(Locale.ROOT, " %s %.3f/%.3f", votes.rules().get(j), model.accuracy(j),
                    (double) right / cast));
        }
        System.out.printf(Locale.ROOT, "CDNOW: %d customers, %.3f churned in the holdout; label model accuracy %.4f, "
                + "majority vote %.4f, always-the-majority-class %.4f; groups %s; rule accuracy estimated/true:%s%n",
                n, churners / (double) n, modelAccuracy, majorityAccuracy, base, model.dependentGroups(), report);
        assertEquals(2357, n);
        assertTrue(model.converged());
        assertTrue(modelAccuracy > base + 0.05, "label model " + modelAccuracy + " vs base rate " + base);
        // rules that read the same three numbers cannot beat what those numbers tell: the model matches
        // the majority vote here (and its accuracy estimates are optimistic, see the class comment)
        assertTrue(modelAccuracy >= majorityAccuracy - 0.005, "label model " + modelAccuracy + " vs majority "
                + majorityAccuracy);
        assertEquals(List.of(List.of("one_and_done", "low_alive")), model.dependentGroups());
    }
}
