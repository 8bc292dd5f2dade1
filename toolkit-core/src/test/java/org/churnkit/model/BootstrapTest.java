package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

/** The bootstrap of a fit: reproducible to the bit, honest about failed refits, spread like the asymptotics. */
class BootstrapTest {
    private static final Histories DATA = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7))
            .simulateHistories(1500, 20, 52, 7L);

    private static double[][] all(ParameterDraws d) {
        double[][] out = new double[d.count()][];
        for (int i = 0; i < d.count(); i++) {
            out[i] = d.draw(i);
        }
        return out;
    }

    @Test
    void sameSeedSameDrawsToTheBitWhateverTheThreads() throws Exception {
        FitResult<?> fit = ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(), DATA);
        Bootstrap a = Bootstrap.of(fit, DATA, 12, RandomSource.XO_RO_SHI_RO_128_PP.create(42L));
        // Refits run on whatever pool the call runs in: one thread must give the same bits.
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            Bootstrap b = one.submit(() -> Bootstrap.of(fit, DATA, 12, RandomSource.XO_RO_SHI_RO_128_PP.create(42L)))
                    .get();
            assertEquals(a.draws().count(), b.draws().count());
            for (int i = 0; i < a.draws().count(); i++) {
                assertArrayEquals(a.draws().draw(i), b.draws().draw(i), 0.0, "draw " + i);
            }
        } finally {
            one.shutdown();
        }
        // From the model alone (as read from a model file): the same refits.
        Bootstrap fromModel = Bootstrap.of(fit.model(), DATA, 12, RandomSource.XO_RO_SHI_RO_128_PP.create(42L));
        assertArrayEquals(a.draws().draw(3), fromModel.draws().draw(3), 0.0);
        Bootstrap c = Bootstrap.of(fit, DATA, 12, RandomSource.XO_RO_SHI_RO_128_PP.create(43L));
        assertNotEquals(a.draws().draw(0)[0], c.draws().draw(0)[0]);
        assertEquals(ParameterDraws.Method.BOOTSTRAP, a.draws().method());
        assertArrayEquals(fit.parameters(), a.draws().estimate(), 0.0);
        assertEquals(12, a.requested());
        assertEquals(12, a.draws().count() + a.failed());
        // Resamples differ from the data: the refits scatter around the estimate.
        for (double[] d : all(a.draws())) {
            assertNotEquals(fit.parameters()[0], d[0]);
        }
    }

    @Test
    void resampleHasTheCustomerCountAndOnlyDrawnRows() {
        Histories rows = CompressedHistories.compress(DATA);
        double[] w = new double[rows.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rows.weight(i);
        }
        var sampler = org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler.of(
                RandomSource.XO_RO_SHI_RO_128_PP.create(5L), w);
        Histories r = Bootstrap.resample(rows, Bootstrap.counts(sampler, rows.size(), 1500));
        assertEquals(1500, r.totalWeight(), 0.0);
        assertTrue(r.size() < rows.size(), "some rows are not drawn");
        for (int i = 0; i < r.size(); i++) {
            assertTrue(r.weight(i) >= 1);
        }
    }

    @Test
    void failedRefitsAreCountedAndReported() {
        FitResult<?> fit = ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(), DATA);
        // Two iterations from the estimate do not reach 1e-12 on a resample: every refit fails.
        ModelFitter.Settings tight = ModelFitter.Settings.defaults().withMaxIterations(2).withGradientTolerance(1e-12);
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> Bootstrap.of(ParetoNbdLikelihood.of(), DATA,
                fit.parameters(), tight, 5, RandomSource.XO_RO_SHI_RO_128_PP.create(1L)));
        assertTrue(e.getMessage().contains("all 5 refits failed"), e.getMessage());
        assertTrue(e.getMessage().contains("did not converge"), e.getMessage());
        // A budget that some refits meet and some do not: the failed ones are counted, not dropped silently.
        ModelFitter.Settings some = ModelFitter.Settings.defaults().withMaxIterations(6).withGradientTolerance(3e-5);
        Bootstrap b = Bootstrap.of(ParetoNbdLikelihood.of(), DATA, fit.parameters(), some, 40,
                RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        assertEquals(40, b.draws().count() + b.failed());
        assertEquals(b.failed(), b.failures().size());
        for (String f : b.failures()) {
            assertTrue(f.startsWith("refit "), f);
        }
        assertTrue(b.toString().contains("of 40 refits"));
    }

    @Test
    void rejectsNonsense() {
        var rng = RandomSource.XO_RO_SHI_RO_128_PP.create(1L);
        double[] est = {0.5, 10, 0.6, 11};
        var s = ModelFitter.Settings.defaults();
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.of(ParetoNbdLikelihood.of(), DATA, est, s, 0, rng));
        assertThrows(IllegalArgumentException.class,
                () -> Bootstrap.of(ParetoNbdLikelihood.of(), DATA, new double[] {1, 2}, s, 3, rng));
        assertThrows(IllegalArgumentException.class,
                () -> Bootstrap.of(ParetoNbdLikelihood.of(), DATA, new double[] {1, 2, -1, 4}, s, 3, rng));
    }

    /** The standard deviation of each log-parameter over the draws. */
    private static double[] logSpread(ParameterDraws d) {
        int k = d.estimate().length;
        double[] sd = new double[k];
        for (int j = 0; j < k; j++) {
            double mean = 0;
            for (int i = 0; i < d.count(); i++) {
                mean += Math.log(d.draw(i)[j]) / d.count();
            }
            double ss = 0;
            for (int i = 0; i < d.count(); i++) {
                double e = Math.log(d.draw(i)[j]) - mean;
                ss += e * e;
            }
            sd[j] = Math.sqrt(ss / (d.count() - 1));
        }
        return sd;
    }

    /**
     * Data drawn from the model itself (CDNOW's size and design): the bootstrap standard deviation
     * of each log-parameter agrees with the asymptotic one (square root of the log-covariance's
     * diagonal). 200 refits estimate a standard deviation to about 5 %; 20 % leaves room for the
     * asymptotic normal's own error. Measured: ratios 0.99, 1.01, 0.91, 0.89.
     */
    @Test
    void spreadMatchesTheAsymptoticStandardErrorsWhenTheModelHolds() {
        Histories h = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7)).simulateHistories(2357, 39, 39, 9L);
        FitResult<?> fit = ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(), h);
        Bootstrap b = Bootstrap.of(fit, h, 200, RandomSource.XO_RO_SHI_RO_128_PP.create(2026L));
        assertTrue(b.failed() <= 2, b.failures().toString());
        double[][] cov = fit.logCovariance();
        double[] sd = logSpread(b.draws());
        for (int j = 0; j < 4; j++) {
            double asym = Math.sqrt(cov[j][j]);
            assertEquals(asym, sd[j], 0.2 * asym, "log-parameter " + j + ": bootstrap " + sd[j] + " vs asymptotic " + asym);
        }
    }

    /**
     * On CDNOW, 200 refits: the bootstrap spread of each log-parameter is comparable with the
     * asymptotic standard error, within a factor 1.6 either way. It is not closer because the
     * two measure different things when the model does not hold exactly: the asymptotic one is the
     * model's own information, the bootstrap the data's actual variability (the sandwich). On
     * CDNOW the bootstrap is wider for every parameter (ratios measured 1.19, 1.45, 1.41, 1.18: the purchase
     * counts are more dispersed than the NBD allows), which is why the bootstrap is offered.
     */
    @Test
    void cdnowSpreadIsComparableWithTheAsymptoticStandardErrors() throws Exception {
        Histories h = ParetoNbdCdnowFitTest.cdnow();
        FitResult<?> fit = ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(), h);
        Bootstrap b = Bootstrap.of(fit, h, 200, RandomSource.XO_RO_SHI_RO_128_PP.create(2026L));
        assertTrue(b.failed() <= 2, b.failures().toString());
        double[][] cov = fit.logCovariance();
        double[] sd = logSpread(b.draws());
        for (int j = 0; j < 4; j++) {
            double ratio = sd[j] / Math.sqrt(cov[j][j]);
            System.out.println("bootstrap/asymptotic log-parameter " + j + ": " + ratio);
            assertTrue(ratio > 1 / 1.6 && ratio < 1.6, "log-parameter " + j + ": ratio " + ratio);
        }
        // The draws centre on the estimate: mean log-parameter within one asymptotic standard error.
        for (int j = 0; j < 4; j++) {
            double mean = 0;
            for (int i = 0; i < b.draws().count(); i++) {
                mean += Math.log(b.draws().draw(i)[j]) / b.draws().count();
            }
            assertEquals(Math.log(fit.parameters()[j]), mean, Math.sqrt(cov[j][j]), "centre " + j);
        }
        assertEquals(4, b.standardErrors().length);
    }
}
