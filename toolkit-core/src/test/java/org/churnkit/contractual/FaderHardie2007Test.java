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

    /**
     * Years 8-12 projected from the fits to years 1-7, against the actual survivors (one line per
     * year, the table the report shows), and the BdW compared with the sBG by likelihood ratio.
     */
    @Test
    void projectionOfYears8To12AndTheLikelihoodRatio() {
        for (SurvivorCurve cohort : new SurvivorCurve[] {REGULAR, HIGH_END}) {
            ContractualFitter fitter = ContractualFitter.of();
            ContractualFit sbg = fitter.fit(ContractualKind.SBG, cohort.first(7));
            ContractualFit bdw = fitter.fit(ContractualKind.BDW, cohort.first(7));
            assertEquals(FitStatus.CONVERGED, bdw.summary().status(), bdw.describe());
            LikelihoodRatio lr = LikelihoodRatio.of(sbg, bdw);
            System.out.println(cohort.cohort() + ": " + lr.describe());
            double[][] ci = sbg.survivalIntervals(12, 0.95);
            for (int t = 8; t <= 12; t++) {
                double projected = cohort.size() * sbg.model().survival(t);
                System.out.println(String.format(Locale.ROOT,
                        "%s year %2d: actual %4d, sBG %6.1f (95%% %6.1f to %6.1f, error %+5.1f %%), BdW %6.1f",
                        cohort.cohort(), t, cohort.survivors(t), projected, cohort.size() * ci[t][0],
                        cohort.size() * ci[t][1], 100 * (projected / cohort.survivors(t) - 1),
                        cohort.size() * bdw.model().survival(t)));
                // the published projections track the actual survivors within a few per cent
                assertTrue(Math.abs(projected / cohort.survivors(t) - 1) < 0.05, cohort + " year " + t);
                assertTrue(cohort.survivors(t) >= cohort.size() * ci[t][0]
                        && cohort.survivors(t) <= cohort.size() * ci[t][1], cohort + " year " + t + " in the interval");
            }
            // calibration: the fitted curve of years 1-7 runs through the data
            for (int t = 1; t <= 7; t++) {
                assertTrue(Math.abs(cohort.size() * sbg.model().survival(t) - cohort.survivors(t)) < 20,
                        cohort + " year " + t);
            }
            if (cohort == REGULAR) {
                // no duration dependence to speak of: the sBG will do
                assertTrue(lr.pValue() > 0.05, lr.describe());
            } else {
                // c > 1 (rising individual churn), significant: the BdW tracks years 8-12 more closely
                assertTrue(lr.pValue() < 0.01 && bdw.estimates()[2] > 1, lr.describe());
                double sbgError = 0;
                double bdwError = 0;
                for (int t = 8; t <= 12; t++) {
                    sbgError += Math.abs(cohort.size() * sbg.model().survival(t) - cohort.survivors(t));
                    bdwError += Math.abs(cohort.size() * bdw.model().survival(t) - cohort.survivors(t));
                }
                assertTrue(bdwError < sbgError, "BdW " + bdwError + " vs sBG " + sbgError);
            }
        }
    }

    @Test
    void theSimulatorIsReproducible() {
        ContractualSimulator sim = ContractualSimulator.of(BetaDiscreteWeibull.of(0.5, 1.5, 0.8));
        SubscriberHistories a = sim.subscribers(5000, 1, 12,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        SubscriberHistories b = sim.subscribers(5000, 1, 12,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        assertEquals(a.rows(), b.rows());
        for (int i = 0; i < a.rows(); i++) {
            assertEquals(a.periods(i), b.periods(i));
            assertEquals(a.count(i), b.count(i), 0.0);
        }
    }
}
