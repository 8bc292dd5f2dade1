package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.churnkit.model.FitStatus;
import org.junit.jupiter.api.Test;

/**
 * The published sBG example: Fader and Hardie (2007), "How to project customer retention",
 * Journal of Interactive Marketing 21(1), table 1 (two cohorts of 1,000 customers, survivors at the
 * end of years 0-12) and the estimates of section 4 from years 1-7.
 */
class FaderHardie2007Test {
    static final SurvivorCurve REGULAR = SurvivorCurve.of("regular",
            1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173);
    static final SurvivorCurve HIGH_END = SurvivorCurve.of("high end",
            1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394);

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Test
    void regularCohortReproducesThePublishedEstimates() {
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, REGULAR.first(7));
        assertEquals(FitStatus.CONVERGED, fit.summary().status(), fit.summary().diagnosis());
        assertEquals(0.704, round3(fit.estimates()[0]), 0.0, fit.describe());
        assertEquals(1.182, round3(fit.estimates()[1]), 0.0, fit.describe());
    }

    @Test
    void highEndCohortReproducesThePublishedEstimates() {
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, HIGH_END.first(7));
        assertEquals(FitStatus.CONVERGED, fit.summary().status(), fit.summary().diagnosis());
        assertEquals(0.668, round3(fit.estimates()[0]), 0.0, fit.describe());
        assertEquals(3.806, round3(fit.estimates()[1]), 0.0, fit.describe());
    }

    @Test
    void projectionTable() {
        for (SurvivorCurve cohort : new SurvivorCurve[] {REGULAR, HIGH_END}) {
            ContractualFitter fitter = ContractualFitter.of();
            ContractualFit sbg = fitter.fit(ContractualKind.SBG, cohort.first(7));
            ContractualFit bdw = fitter.fit(ContractualKind.BDW, cohort.first(7));
            LikelihoodRatio lr = LikelihoodRatio.of(sbg, bdw);
            System.out.println(sbg.describe());
            System.out.println(bdw.describe());
            System.out.println(lr.describe());
            double[][] ci = sbg.survivalIntervals(12, 0.95);
            for (int t = 0; t <= 12; t++) {
                System.out.println(String.format(Locale.ROOT, "%s %2d actual %4d sBG %7.1f [%6.1f, %6.1f] BdW %7.1f",
                        cohort.cohort(), t, cohort.survivors(t), 1000 * sbg.model().survival(t), 1000 * ci[t][0],
                        1000 * ci[t][1], 1000 * bdw.model().survival(t)));
            }
            assertTrue(lr.pValue() >= 0 && lr.pValue() <= 1);
        }
    }
}
