package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The asymptotic draws of a correlated (Sarmanov) covariate model are admissible for every scored
 * customer: with covariates each customer has its own alpha_i and beta_i and so its own interval
 * of omega in which its mixing density is non-negative, and a draw of omega inside the reference
 * customer's interval can lie outside another customer's.
 */
class CorrelatedDrawBoundsTest {
    private static final double R = 1.5;
    private static final double ALPHA = 1.5;
    private static final double S = 1.0;
    private static final double BETA = 2.0;
    /** Dropout coefficient: a customer with w = 1 has beta_i = beta / 10, whose lower bound of omega is narrower. */
    private static final double GAMMA = Math.log(10);

    private static double[] bounds(double r, double alpha, double s, double beta) {
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(r, alpha), SarmanovMixing.logL(s, beta), c);
        return new double[] {SarmanovMixing.lower(c), SarmanovMixing.upper(c)};
    }

    @Test
    void aCustomerWithNarrowerBoundsThanTheReferenceGetsAdmissibleDrawsAndFiniteValues() {
        double[] ref = bounds(R, ALPHA, S, BETA);
        double[] narrow = bounds(R, ALPHA, S, BETA / 10);
        assertTrue(narrow[0] > ref[0] + 0.5, "the case needs a narrower lower bound: " + narrow[0] + " vs " + ref[0]);
        // omega at the narrow customer's lower bound, drawn with a spread that often crosses it but
        // mostly stays within the reference customer's bounds
        double omega = narrow[0] + 0.1;
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(R, ALPHA, S, BETA), List.of(), new double[0],
                List.of("w"), new double[] {GAMMA}, Map.of()).withCorrelation(omega);
        double[][] cov = new double[6][6];
        for (int i = 0; i < 5; i++) {
            cov[i][i] = 1e-4;
        }
        cov[5][5] = 0.25;
        m = m.withCovariance(List.of("r", "alpha", "s", "beta", "dropout:w", "omega"), cov);
        List<StaticCovariateModel> draws = CovariatePredictionIntervals.asymptoticDraws(m, 200, 7L);

        int beyondNarrow = 0;
        for (StaticCovariateModel d : draws) {
            double[] t = d.plainModel().parameterArray();
            double[] refBounds = bounds(t[0], t[1], t[2], t[3]);
            assertTrue(d.omega() >= refBounds[0] && d.omega() <= refBounds[1], d.toString());
            double[] ti = d.customerModel(new double[0], new double[] {1}).parameterArray();
            double[] own = bounds(ti[0], ti[1], ti[2], ti[3]);
            double wi = d.customerOmega(ti);
            assertTrue(wi >= own[0] && wi <= own[1], "draw " + d + ": omega " + wi + " outside the customer's "
                    + own[0] + ", " + own[1]);
            // the reference customer is scored with the model's own omega
            assertEquals(d.omega(), d.customerOmega(t), 0.0);
            if (d.omega() < own[0]) {
                beyondNarrow++;
                assertEquals(own[0], wi, 0.0, "a draw beyond the customer's bound is put on it");
            }
        }
        // without per-customer bounds these draws would score the customer with an inadmissible omega
        assertTrue(beyondNarrow >= 20, "draws inside the reference's bounds but beyond the customer's: " + beyondNarrow);

        org.apache.commons.rng.UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
        int n = 400;
        double[] ages = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            ages[i] = 2 + 4 * rng.nextDouble();
            w[i] = i % 2;
        }
        Histories h = SarmanovSimulator.simulate(R, ALPHA, S, BETA, narrow[0] + 0.2, ages, rng);
        Covariates z = Covariates.of(List.of("w"), new double[][] {w});
        ScoringSettings settings = ScoringSettings.of(4).withDiscountRate(0.01);
        ScoreIntervals iv = CovariatePredictionIntervals.of(m, draws, ParameterDraws.Method.ASYMPTOTIC, settings)
                .score(h, z, 0.9);
        for (ScoreColumn c : iv.columns()) {
            double[] lo = iv.lower(c);
            double[] hi = iv.upper(c);
            for (int i = 0; i < n; i++) {
                assertTrue(Double.isFinite(lo[i]) && Double.isFinite(hi[i]) && lo[i] <= hi[i],
                        c + " of customer " + i + ": " + lo[i] + ", " + hi[i]);
            }
        }
        // the narrow customers' P(alive) intervals have width: their draws vary
        assertTrue(iv.upper(ScoreColumn.P_ALIVE)[1] > iv.lower(ScoreColumn.P_ALIVE)[1]);
    }
}
