package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

/** Prediction intervals of the Pareto/NBD model with time-varying covariates ({@link TimeVaryingPredictionIntervals}). */
class TimeVaryingPredictionIntervalsTest {
    private static final List<String> NAMES = TimeVaryingCovariateRecoveryTest.NAMES;

    /**
     * A fit records the joint covariance (its diagonal the squared standard errors, round-tripping
     * through the model file); draws from it give intervals that are reproducible by seed, have
     * width, contain the estimate for nearly every customer and cover most customers' expectation at
     * the true parameters; a file without the covariance loads and is refused with advice to refit.
     */
    @Test
    void intervalsOfAFitAreReproducibleAndCoverTheTruth() {
        double[] gp = {0.6, 0.4, -0.3};
        double[] gd = {0.8, -0.6, 0.4};
        TimeVaryingCovariateModel truth = TimeVaryingCovariateModel.of(ParetoNbd.of(0.8, 6, 0.7, 10), NAMES, gp, NAMES,
                gd, Map.of(), TimeUnit.WEEKS, 1);
        TimeVaryingCovariates d = TimeVaryingCovariateRecoveryTest.simulate(truth, 3000, 2, 13);
        TimeVaryingCovariateFit fit = TimeVaryingCovariateFitter.of().fit(d, StaticCovariateFitter.Options.of(NAMES, NAMES));
        TimeVaryingCovariateModel m = fit.model();
        assertEquals(List.of("r", "alpha", "s", "beta", "purchase:season", "purchase:campaign", "purchase:gender",
                "dropout:season", "dropout:campaign", "dropout:gender"), m.covarianceNames());
        double[][] c = m.covariance().orElseThrow();
        double se = fit.estimate("dropout:gender").standardError();
        assertEquals(se * se, c[9][9], 1e-9 * se * se);
        assertEquals(m, TimeVaryingCovariateModel.parse(m.toJson(), "round trip"), "the covariance round-trips");

        ScoringSettings s = ScoringSettings.of(13).withDiscountRate(0.002).withDiscountHorizon(13);
        List<TimeVaryingCovariateModel> draws = TimeVaryingPredictionIntervals.asymptoticDraws(m, 150, 4L);
        assertEquals(draws, TimeVaryingPredictionIntervals.asymptoticDraws(m, 150, 4L), "the same seed, the same draws");
        ScoreIntervals a = TimeVaryingPredictionIntervals.of(m, draws, s).score(d, null, 0.9);
        ScoreIntervals b = TimeVaryingPredictionIntervals.of(m, draws, s.withExecutor(Runnable::run)).score(d, null, 0.9);
        assertEquals(List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS, ScoreColumn.DERT), a.columns());
        double[] want = truth.expectedTransactions(d, 13);
        double[] lo = a.lower(ScoreColumn.EXPECTED_TRANSACTIONS);
        double[] hi = a.upper(ScoreColumn.EXPECTED_TRANSACTIONS);
        double[] point = a.point().expectedTransactions();
        for (ScoreColumn col : a.columns()) {
            assertArrayEquals(a.lower(col), b.lower(col), 0.0, col.column());
            assertArrayEquals(a.upper(col), b.upper(col), 0.0, col.column());
        }
        int covered = 0;
        int inside = 0;
        for (int i = 0; i < d.size(); i++) {
            assertTrue(hi[i] > lo[i], "row " + i);
            covered += lo[i] <= want[i] && want[i] <= hi[i] ? 1 : 0;
            inside += lo[i] <= point[i] && point[i] <= hi[i] ? 1 : 0;
        }
        assertTrue(inside > 0.95 * d.size(), "the estimate inside its interval: " + inside);
        assertTrue(covered > 0.75 * d.size(), "the true expectation covered: " + covered + " of " + d.size());
        ScoreIntervals.Band total = a.totalExpectedTransactions();
        assertTrue(total.lower() < total.estimate() && total.estimate() < total.upper(), total.toString());

        TimeVaryingCovariateModel old = TimeVaryingCovariateModel.parse(TimeVaryingCovariateModel.of(m.plainModel(),
                NAMES, m.purchaseCoefficients(), NAMES, m.dropoutCoefficients(), Map.of(), TimeUnit.WEEKS, 1).toJson(),
                "old.json");
        assertTrue(old.covariance().isEmpty());
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> TimeVaryingPredictionIntervals.asymptoticDraws(old, 10, 1L));
        assertTrue(e.getMessage().contains("refit"), e.getMessage());
    }
}
