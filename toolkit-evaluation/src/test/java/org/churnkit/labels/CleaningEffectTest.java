package org.churnkit.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CleaningEffectTest {
    private static final AuditLogit.Options OPTIONS = AuditLogit.Options.defaults();

    /** Four periods of 1,500 rows; the last one (period 3) is the test set. */
    private static double[] periods(int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = i % 4;
        }
        return p;
    }

    @Test
    void theAuditSeesOnlyTheEarlierPeriodsAndTheArmsAreTrainedAsDescribed() {
        NoisyLabels d = NoisyLabels.of(6_000, 0.2, NoisyLabels.Pattern.CLASS_CONDITIONAL, 8);
        double[] period = periods(6_000);
        String[] ids = new String[6_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "c" + i;
        }
        CleaningEffect e = CleaningEffect.of(ids, d.x, d.given, period, OutOfSample.leaveOneOut(OPTIONS),
                AuditTrainer.logit(OPTIONS), CleaningEffect.Profit.defaults());
        assertEquals(1_500, e.testRows());
        assertEquals(3.0, e.testPeriod());
        assertEquals(4_500, e.trainingAudit().size());
        int flags = e.trainingAudit().flags().size();
        assertTrue(flags > 500, "flags " + flags);
        for (LabelAudit.Flag f : e.trainingAudit().flags()) {
            int row = Integer.parseInt(f.id().substring(1));
            assertTrue(period[row] < 3, "a test row was audited: " + f.id());
        }
        assertEquals(4_500, e.asIs().trainingRows());
        assertEquals(4_500 - flags, e.removed().trainingRows());
        assertEquals(4_500 - flags, e.removed().trainingWeight(), 1e-9);
        assertEquals(4_500, e.reweighted().trainingRows());
        assertTrue(e.reweighted().trainingWeight() < 4_500 - flags / 2.0);
        // the test labels carry 20 % noise too (as given, never cleaned), which caps the AUC near 0.77
        for (CleaningEffect.Arm a : new CleaningEffect.Arm[] {e.asIs(), e.removed(), e.reweighted()}) {
            assertTrue(a.auc() > 0.7, a.toString());
            assertTrue(Double.isFinite(a.empc()), a.toString());
        }
        assertTrue(e.verdict().startsWith(e.helps() ? "cleaning helps: " : "cleaning does not help: "), e.verdict());
        assertTrue(e.verdict().contains("1500 rows of the most recent period"), e.verdict());
    }

    @Test
    void aTrainerWithoutWeightsHasNoReweightedArm() {
        NoisyLabels d = NoisyLabels.of(2_000, 0.1, NoisyLabels.Pattern.UNIFORM, 4);
        AuditTrainer logit = AuditTrainer.logit(OPTIONS);
        AuditTrainer unweighted = AuditTrainer.of("plain", false, (x, y, w) -> logit.train(x, y, null));
        CleaningEffect e = CleaningEffect.of(null, d.x, d.given, periods(2_000), OutOfSample.kFold(unweighted, 5, 1),
                unweighted, CleaningEffect.Profit.defaults());
        assertNull(e.reweighted());
        assertEquals(e.removed(), e.bestCleaned());
        assertEquals(OutOfSample.Method.K_FOLD, e.trainingAudit().outOfSample().method());
        for (LabelAudit.Flag f : e.trainingAudit().flags()) {
            // named by their row in the whole table, which is never a row of the test period (every 4th)
            assertTrue(Integer.parseInt(f.id()) % 4 != 0, f.toString());
        }
    }

    @Test
    void aSinglePeriodIsRefused() {
        NoisyLabels d = NoisyLabels.of(100, 0.1, NoisyLabels.Pattern.UNIFORM, 4);
        var ex = assertThrows(IllegalArgumentException.class, () -> CleaningEffect.of(null, d.x, d.given,
                new double[100], OutOfSample.leaveOneOut(OPTIONS), AuditTrainer.logit(OPTIONS),
                CleaningEffect.Profit.defaults()));
        assertTrue(ex.getMessage().contains("one period"), ex.getMessage());
        assertFalse(ex.getMessage().isEmpty());
    }
}
