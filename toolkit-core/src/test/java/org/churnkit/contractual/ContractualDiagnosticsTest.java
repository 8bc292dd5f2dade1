package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.FitFinding;
import org.churnkit.model.FitStatus;
import org.junit.jupiter.api.Test;

/** Fits that are not a plain success say so, in words, and bad input is refused naming the subscriber. */
class ContractualDiagnosticsTest {

    @Test
    void homogeneousChurnRunsToTheBoundary() {
        // every subscriber has churn probability 0.3 exactly: geometric lifetimes, no heterogeneity
        long[] s = new long[13];
        s[0] = 1_000_000;
        for (int t = 1; t <= 12; t++) {
            s[t] = Math.round(1_000_000 * Math.pow(0.7, t));
        }
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, SurvivorCurve.of("flat", s));
        assertEquals(FitStatus.BOUNDARY, fit.summary().status(), fit.describe());
        FitFinding f = fit.summary().findings().get(0);
        assertEquals(List.of("gamma", "delta"), f.parameters());
        assertTrue(f.limitingModel().contains("0.3"), f.limitingModel());
        assertTrue(f.message().contains("ran to infinity together"), f.message());
    }

    @Test
    void oneRenewalDecisionIdentifiesNoHeterogeneity() {
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, SurvivorCurve.of("short", 1000, 631));
        assertTrue(fit.summary().status() != FitStatus.CONVERGED, fit.describe());
        assertTrue(fit.summary().diagnosis().contains("only 1 renewal decision"), fit.summary().diagnosis());
    }

    @Test
    void noCancellationIsNotIdentified() {
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG,
                SubscriberHistories.ofCounts(new int[] {1, 2, 3}, new boolean[] {false, false, false},
                        new double[] {10, 10, 10}));
        assertTrue(fit.summary().status() != FitStatus.CONVERGED, fit.describe());
        assertTrue(fit.summary().diagnosis().contains("no subscriber cancelled"), fit.summary().diagnosis());
    }

    @Test
    void badInputNamesTheSubscriberOrCohort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubscriberHistories.of(
                List.of("a", "b"), new int[] {3, 0}, new boolean[] {true, false}));
        assertTrue(e.getMessage().contains("subscriber 'b' (row 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SurvivorCurve.of("2024", 100, 80, 90));
        assertTrue(e.getMessage().contains("cohort '2024'") && e.getMessage().contains("period 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SubscriberHistories.of(List.of("a"), new int[] {2},
                new boolean[] {true}, List.of("price"), new double[][] {{Double.NaN}}));
        assertTrue(e.getMessage().contains("subscriber 'a'") && e.getMessage().contains("price"), e.getMessage());
    }

    @Test
    void compressionKeepsCountsAndOrder() {
        SubscriberHistories h = ContractualSimulator.of(ShiftedBetaGeometric.of(1, 2))
                .subscribers(10_000, 1, 5, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        double total = 0;
        for (int i = 0; i < h.rows(); i++) {
            total += h.count(i);
            if (i > 0) {
                assertTrue(h.periods(i - 1) < h.periods(i)
                        || (h.periods(i - 1) == h.periods(i) && !h.cancelled(i - 1) && h.cancelled(i)));
            }
        }
        assertEquals(10_000, total, 0.0);
        // the cohort form and the subscriber form have the same likelihood
        SurvivorCurve c = FaderHardie2007Test.REGULAR.first(7);
        assertEquals(ContractualFitter.of().fit(ContractualKind.SBG, c).logLikelihood(),
                ContractualFitter.of().fit(ContractualKind.SBG, c.toHistories()).logLikelihood(), 0.0);
    }

    @Test
    void observedSurvivalIsTheCohortCurveOrKaplanMeier() {
        SurvivorCurve c = FaderHardie2007Test.REGULAR;
        double[] km = c.toHistories().observedSurvival(20);
        assertEquals(13, km.length, "up to the last period with known decisions");
        for (int t = 0; t <= 12; t++) {
            assertEquals(c.survivors(t) / 1000.0, km[t], 1e-15);
        }
        // censoring: 10 cancel at 1; of 90 active, 40 are in period 1 (decision unknown), 50 in period 3
        SubscriberHistories h = SubscriberHistories.ofCounts(new int[] {1, 1, 3, 2},
                new boolean[] {true, false, false, true}, new double[] {10, 40, 50, 5});
        double[] s = h.observedSurvival(5);
        assertEquals(3, s.length);
        assertEquals(1 - 10.0 / 65, s[1], 1e-15); // known at 1: 10 cancelled + 5 cancelled at 2 + 50 active at 3
        assertEquals(s[1] * (1 - 5.0 / 55), s[2], 1e-15);
    }
}
