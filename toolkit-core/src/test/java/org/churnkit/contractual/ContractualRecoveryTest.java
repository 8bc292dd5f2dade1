package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.FitStatus;
import org.junit.jupiter.api.Test;

/**
 * Parameter recovery: data simulated from known parameters are fitted back, every estimate
 * within 3 standard errors of the truth (a test that fails about once in 100 per parameter by
 * chance with a fresh seed; the seeds are fixed).
 */
class ContractualRecoveryTest {

    private static void within3se(ContractualFit fit, double[] truth) {
        double[] est = fit.estimates();
        double[] se = fit.summary().standardErrors();
        StringBuilder line = new StringBuilder(fit.kind().displayName() + " recovery on "
                + (long) fit.summary().customers() + " subscribers:");
        for (int i = 0; i < truth.length; i++) {
            double z = (est[i] - truth[i]) / se[i];
            line.append(String.format(Locale.ROOT, " %s %.4f (true %.4f, se %.4f, z %+.2f)",
                    fit.parameterNames().get(i), est[i], truth[i], se[i], z));
            assertTrue(Math.abs(z) <= 3, fit.parameterNames().get(i) + " is " + z + " standard errors from the truth: "
                    + fit.describe());
        }
        System.out.println(line);
    }

    @Test
    void sbgFromAMillionSubscribers() {
        ShiftedBetaGeometric truth = ShiftedBetaGeometric.of(0.7, 1.2);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20070101L);
        SubscriberHistories data = ContractualSimulator.of(truth).subscribers(1_000_000, 1, 36, rng);
        assertEquals(1_000_000, data.subscribers(), 0.0);
        assertTrue(data.rows() <= 72, "compressed to at most 2 x 36 rows: " + data.rows());
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, data);
        assertEquals(FitStatus.CONVERGED, fit.summary().status(), fit.summary().diagnosis());
        within3se(fit, truth.parameterArray());
    }

    @Test
    void bdwFromAMillionSubscribers() {
        for (double c : new double[] {0.6, 1.4}) {
            BetaDiscreteWeibull truth = BetaDiscreteWeibull.of(0.5, 1.5, c);
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20180101L);
            SubscriberHistories data = ContractualSimulator.of(truth).subscribers(1_000_000, 1, 36, rng);
            ContractualFit fit = ContractualFitter.of().fit(ContractualKind.BDW, data);
            assertEquals(FitStatus.CONVERGED, fit.summary().status(), fit.summary().diagnosis());
            within3se(fit, truth.parameterArray());
            // the sBG on the same data is rejected by the likelihood ratio
            LikelihoodRatio lr = LikelihoodRatio.of(ContractualFitter.of().fit(ContractualKind.SBG, data), fit);
            assertTrue(lr.pValue() < 1e-6, lr.describe());
        }
    }

    @Test
    void cohortCountsRecoverTheParameters() {
        ShiftedBetaGeometric truth = ShiftedBetaGeometric.of(0.668, 3.806);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        SurvivorCurve cohort = ContractualSimulator.of(truth).cohort(200_000, 12, rng);
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, cohort);
        within3se(fit, truth.parameterArray());
        // the simulated survivors follow S(t)
        for (int t = 1; t <= 12; t++) {
            double p = truth.survival(t);
            double sd = Math.sqrt(200_000 * p * (1 - p));
            assertTrue(Math.abs(cohort.survivors(t) - 200_000 * p) < 4 * sd, "survivors at " + t);
        }
    }

    @Test
    void covariatesOnBothShapesAreRecoveredWithStandardErrors() {
        // two plans and a three-level channel: gamma and delta both move
        double[] bGamma = {0.5, -0.3};
        double[] bDelta = {-0.4, 0.2};
        ShiftedBetaGeometric base = ShiftedBetaGeometric.of(0.8, 2.0);
        int n = 300_000;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(99L);
        int[] periods = new int[n];
        boolean[] cancelled = new boolean[n];
        double[][] x = new double[n][];
        int i = 0;
        for (int plan = 0; plan < 2; plan++) {
            for (int channel = 0; channel < 3; channel++) {
                double[] xi = {plan, channel - 1};
                ShiftedBetaGeometric m = ShiftedBetaGeometric.of(
                        base.gamma() * Math.exp(bGamma[0] * xi[0] + bGamma[1] * xi[1]),
                        base.delta() * Math.exp(bDelta[0] * xi[0] + bDelta[1] * xi[1]));
                SubscriberHistories h = ContractualSimulator.of(m).subscribers(n / 6, 1, 24, rng);
                for (int r = 0; r < h.rows(); r++) {
                    for (int c = 0; c < (int) h.count(r); c++) {
                        periods[i] = h.periods(r);
                        cancelled[i] = h.cancelled(r);
                        x[i++] = xi;
                    }
                }
            }
        }
        SubscriberHistories data = SubscriberHistories.of(null, periods, cancelled, List.of("plan", "channel"), x);
        ContractualFit fit = ContractualFitter.of().fitWithCovariates(ContractualKind.SBG, data, CovariateTarget.BOTH);
        assertEquals(List.of("gamma", "delta", "gamma:plan", "gamma:channel", "delta:plan", "delta:channel"),
                fit.parameterNames());
        assertEquals(FitStatus.CONVERGED, fit.summary().status(), fit.summary().diagnosis());
        within3se(fit, new double[] {0.8, 2.0, bGamma[0], bGamma[1], bDelta[0], bDelta[1]});
        ContractualModel planOne = fit.modelFor(new double[] {1, 0});
        assertEquals(fit.estimates()[0] * Math.exp(fit.estimates()[2]), planOne.parameterArray()[0], 1e-12);
    }

    @Test
    void cohortsShareDeltaWithEffectsOnGamma() {
        ShiftedBetaGeometric a = ShiftedBetaGeometric.of(0.7, 2.0);
        ShiftedBetaGeometric b = ShiftedBetaGeometric.of(0.7 * Math.exp(0.5), 2.0);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
        SurvivorCurve ca = SurvivorCurve.of("2023", ContractualSimulator.of(a).cohort(100_000, 10, rng).survivors());
        SurvivorCurve cb = SurvivorCurve.of("2024", ContractualSimulator.of(b).cohort(100_000, 6, rng).survivors());
        ContractualFit fit = ContractualFitter.of().fitCohorts(ContractualKind.SBG, List.of(ca, cb), CovariateTarget.GAMMA);
        assertEquals(List.of("gamma", "delta", "gamma:cohort=2024"), fit.parameterNames());
        within3se(fit, new double[] {0.7, 2.0, 0.5});
        assertEquals(fit.estimates()[0] * Math.exp(fit.estimates()[2]),
                ContractualFitter.cohortModel(fit, "2024").parameterArray()[0], 1e-12);
        assertEquals(fit.estimates()[0], ContractualFitter.cohortModel(fit, "2023").parameterArray()[0], 0.0);
        assertEquals(2, ContractualFitter.of().fitEach(ContractualKind.SBG, List.of(ca, cb)).size());
    }

    @Test
    void aContinuousCovariateIsScreenedOnASubsampleAndRecovered() {
        int n = 60_000;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
        int[] periods = new int[n];
        boolean[] cancelled = new boolean[n];
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            double price = rng.nextDouble() * 2 - 1;
            x[i] = new double[] {price};
            SubscriberHistories one = ContractualSimulator.of(ShiftedBetaGeometric.of(0.7 * Math.exp(0.4 * price),
                    1.2 * Math.exp(-0.3 * price))).subscribers(1, 1, 24, rng);
            periods[i] = one.periods(0);
            cancelled[i] = one.cancelled(0);
        }
        SubscriberHistories data = SubscriberHistories.of(null, periods, cancelled, List.of("price"), x);
        assertTrue(data.rows() > 20_000, "more distinct rows than the screening size: " + data.rows());
        ContractualFit fit = ContractualFitter.of().fitWithCovariates(ContractualKind.SBG, data, CovariateTarget.BOTH);
        assertTrue(fit.summary().message().contains("screened on 20000 rows"), fit.summary().message());
        assertEquals(FitStatus.CONVERGED, fit.summary().status(), fit.summary().diagnosis());
        within3se(fit, new double[] {0.7, 1.2, 0.4, -0.3});
    }
}
