package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Parameter recovery: customers simulated from known coefficients with a calendar season flag
 * common to all, a per-customer campaign flag switching on and off, and a time-invariant
 * indicator, on both processes; every coefficient and base parameter within 3 standard errors.
 */
class TimeVaryingCovariateRecoveryTest {
    static final List<String> NAMES = ParetoNbdSimulator.WEEKLY_COHORT_COVARIATES;

    /** Weekly paths: cohorts joining over half a year, T to a common calendar end ({@link ParetoNbdSimulator#simulateWeeklyCohorts}). */
    static TimeVaryingCovariates simulate(TimeVaryingCovariateModel truth, int n, long seed, double horizon) {
        return ParetoNbdSimulator.simulateWeeklyCohorts(truth, n, seed, horizon);
    }

    /** As {@link #simulate(TimeVaryingCovariateModel, int, long, double)}, with the holdout counts when {@code future} is not null. */
    static TimeVaryingCovariates simulate(TimeVaryingCovariateModel truth, int n, long seed, double horizon,
                                          double[] future) {
        return ParetoNbdSimulator.simulateWeeklyCohorts(truth, n, seed, horizon, future);
    }

    @Test
    void everyCoefficientIsRecoveredWithinThreeStandardErrors() {
        double[] gp = {0.6, 0.4, -0.3};
        double[] gd = {0.8, -0.6, 0.4};
        TimeVaryingCovariateModel truth = TimeVaryingCovariateModel.of(ParetoNbd.of(0.8, 6, 0.7, 10), NAMES, gp, NAMES,
                gd, Map.of(), TimeUnit.WEEKS, 1);
        TimeVaryingCovariates d = simulate(truth, 10_000, 1, 0);
        TimeVaryingCovariateFit fit = TimeVaryingCovariateFitter.of().fit(d, StaticCovariateFitter.Options.of(NAMES, NAMES));
        assertTrue(fit.converged(), fit.message());
        assertEquals(FitStatus.CONVERGED, fit.status(), fit.findings().toString());
        double[] base = {0.8, 6, 0.7, 10};
        List<String> baseNames = List.of("r", "alpha", "s", "beta");
        for (int j = 0; j < 4; j++) {
            StaticCovariateFit.Estimate e = fit.estimate(baseNames.get(j));
            assertTrue(Math.abs(e.estimate() - base[j]) <= 3 * e.standardError(), e + " vs " + base[j]);
        }
        for (int k = 0; k < 3; k++) {
            StaticCovariateFit.Estimate ep = fit.estimate("purchase:" + NAMES.get(k));
            StaticCovariateFit.Estimate ed = fit.estimate("dropout:" + NAMES.get(k));
            assertTrue(Math.abs(ep.estimate() - gp[k]) <= 3 * ep.standardError(), ep + " vs " + gp[k]);
            assertTrue(Math.abs(ed.estimate() - gd[k]) <= 3 * ed.standardError(), ed + " vs " + gd[k]);
            // and the intervals are informative: not wider than the effect scale
            assertTrue(ep.standardError() < 0.2 && ed.standardError() < 0.5, ep + " " + ed);
        }
    }
}
