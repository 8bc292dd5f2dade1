package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Pareto/NBD model with Sarmanov-correlated purchase and dropout rates: omega = 0 is exactly
 * the independent model; the analytic gradient against central differences (with covariates and
 * through the bounds of omega); the mixing density integrates to 1 and its correlation, P(alive),
 * conditional expected transactions and DERT match two-dimensional numerical integration over
 * (lambda, mu); model files; recovery of a known correlation from simulated data.
 */
class CorrelatedParetoNbdTest {

    /** The covariate likelihood on h with covariates u (purchase) and v (dropout), correlated or not. */
    static StaticCovariateLikelihood likelihood(Histories h, Covariates c, boolean correlated) {
        double[] zp = c.select(List.of("u")).rowMajor();
        double[] zd = c.select(List.of("v")).rowMajor();
        return new StaticCovariateLikelihood(ModelKind.PARETO_NBD, h, zp, 1, zd, 1, new int[] {0}, new int[] {1}, 2, 0, 0,
                correlated);
    }

    static Histories data(long seed) {
        double[] t = new double[4];
        return StaticCovariateLikelihoodTest.data(ModelKind.PARETO_NBD, seed, t);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void omegaZeroIsExactlyTheIndependentModel(long seed) {
        Histories h = data(seed);
        Covariates c = StaticCovariateLikelihoodTest.randomCovariates(h.size(), seed);
        StaticCovariateLikelihood plain = likelihood(h, c, false);
        StaticCovariateLikelihood corr = likelihood(h, c, true);
        double[] u = {Math.log(0.7), Math.log(5), Math.log(0.9), Math.log(8), 0.3, -0.4};
        double[] uc = Arrays.copyOf(u, 7); // v = 0: omega = 0 exactly
        assertEquals(0.0, corr.omega(uc));
        double[] g = new double[6];
        double[] gc = new double[7];
        double ll = plain.logLikelihood(u, g);
        assertEquals(ll, corr.logLikelihood(uc, gc), 0.0);
        assertEquals(ll, corr.logLikelihood(uc, null), 0.0);
        for (int j = 0; j < 6; j++) {
            // the omega-path adds zero-weighted terms only: equal to rounding of the sum
            assertEquals(g[j], gc[j], 1e-12 * (1 + Math.abs(g[j])), "component " + j);
        }
        assertTrue(gc[6] != 0, "the slope in omega is informative");
        // the plain model (no covariates): the model without correlation predicts as the plain one
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(0.7, 5, 0.9, 8), List.of(), new double[0],
                List.of(), new double[0], null);
        assertEquals(m, m.withCorrelation(0));
        Covariates none = Covariates.none(h.size());
        assertEquals(ParetoNbd.of(0.7, 5, 0.9, 8).pAlive(h.frequency(0), h.recency(0), h.age(0)),
                m.withCorrelation(0).pAlive(h, none)[0], 0.0);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void gradientMatchesCentralDifferences(long seed) {
        Histories h = data(seed);
        Covariates c = StaticCovariateLikelihoodTest.randomCovariates(h.size(), seed);
        StaticCovariateLikelihood corr = likelihood(h, c, true);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 77);
        double[] u = {Math.log(0.5 + rng.nextDouble()), Math.log(0.5 + 3 * rng.nextDouble()),
            Math.log(0.5 + rng.nextDouble()), Math.log(0.5 + 3 * rng.nextDouble()), 0.5 * rng.nextDouble() - 0.25,
            0.5 * rng.nextDouble() - 0.25, 3 * rng.nextDouble() - 1.5};
        assertTrue(corr.omega(u) != 0);
        double[] g = new double[7];
        corr.logLikelihood(u, g);
        for (int j = 0; j < 7; j++) {
            double hh = 1e-5;
            double[] a = u.clone();
            double[] b = u.clone();
            a[j] += hh;
            b[j] -= hh;
            double fd = (corr.logLikelihood(a, null) - corr.logLikelihood(b, null)) / (2 * hh);
            assertEquals(fd, g[j], 1e-5 * (1 + Math.abs(fd)), "component " + j + " at " + Arrays.toString(u));
        }
    }

    /**
     * Composite Simpson nodes and weights for integrals over [0, hi] after {@code x = y^3}
     * ({@code dx = 3 y^2 dy}), which makes the Gamma densities' power behaviour at 0 smooth.
     */
    private static double[][] simpson(double hi, int m) {
        double[] x = new double[m + 1];
        double[] w = new double[m + 1];
        double top = Math.cbrt(hi);
        double step = top / m;
        for (int i = 0; i <= m; i++) {
            double y = i * step;
            x[i] = y * y * y;
            w[i] = step / 3 * (i == 0 || i == m ? 1 : i % 2 == 1 ? 4 : 2) * 3 * y * y;
        }
        return new double[][] {x, w};
    }

    static final double R = 2.3;
    static final double ALPHA = 1.6;
    static final double S = 1.7;
    static final double BETA = 2.2;

    /** Expectations under the Sarmanov density on a Simpson grid: f(lambda, mu) q(lambda, mu) summed. */
    interface Integrand {
        double at(double lambda, double mu);
    }

    static double integrate(double omega, Integrand q) {
        double[][] gl = simpson(40, 4000);
        double[][] gm = simpson(40, 4000);
        GammaDistribution g = GammaDistribution.of(R, 1 / ALPHA);
        GammaDistribution hd = GammaDistribution.of(S, 1 / BETA);
        double l1 = Math.pow(ALPHA / (ALPHA + 1), R);
        double l2 = Math.pow(BETA / (BETA + 1), S);
        double sum = 0;
        for (int i = 0; i < gl[0].length; i++) {
            double lam = gl[0][i];
            double gi = g.density(lam) * gl[1][i];
            if (gi == 0) {
                continue;
            }
            double p1 = Math.exp(-lam) - l1;
            for (int j = 0; j < gm[0].length; j++) {
                double mu = gm[0][j];
                double f = gi * hd.density(mu) * gm[1][j] * (1 + omega * p1 * (Math.exp(-mu) - l2));
                if (f != 0) {
                    sum += f * q.at(lam, mu);
                }
            }
        }
        return sum;
    }

    /** Several expectations in one pass over the grid of {@link #integrate}, the densities computed once. */
    static double[] integrateAll(double omega, Integrand... qs) {
        double[][] gl = simpson(40, 4000);
        double[][] gm = simpson(40, 4000);
        GammaDistribution g = GammaDistribution.of(R, 1 / ALPHA);
        GammaDistribution hd = GammaDistribution.of(S, 1 / BETA);
        double l1 = Math.pow(ALPHA / (ALPHA + 1), R);
        double l2 = Math.pow(BETA / (BETA + 1), S);
        int m = gm[0].length;
        double[] hw = new double[m];
        double[] p2 = new double[m];
        for (int j = 0; j < m; j++) {
            hw[j] = hd.density(gm[0][j]) * gm[1][j];
            p2[j] = Math.exp(-gm[0][j]) - l2;
        }
        double[] sum = new double[qs.length];
        for (int i = 0; i < gl[0].length; i++) {
            double lam = gl[0][i];
            double gi = g.density(lam) * gl[1][i];
            if (gi == 0) {
                continue;
            }
            double p1 = Math.exp(-lam) - l1;
            for (int j = 0; j < m; j++) {
                double f = gi * hw[j] * (1 + omega * p1 * p2[j]);
                if (f != 0) {
                    for (int k = 0; k < qs.length; k++) {
                        sum[k] += f * qs[k].at(lam, gm[0][j]);
                    }
                }
            }
        }
        return sum;
    }

    @Test
    void densityIntegratesToOneAndCorrelationMatchesIntegration() {
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(R, ALPHA), SarmanovMixing.logL(S, BETA), c);
        for (double omega : new double[] {0.9 * SarmanovMixing.lower(c), 0.9 * SarmanovMixing.upper(c)}) {
            assertEquals(1.0, integrate(omega, (l, m) -> 1), 1e-8);
            double el = integrate(omega, (l, m) -> l);
            double em = integrate(omega, (l, m) -> m);
            double vl = integrate(omega, (l, m) -> l * l) - el * el;
            double vm = integrate(omega, (l, m) -> m * m) - em * em;
            double cov = integrate(omega, (l, m) -> l * m) - el * em;
            double cor = cov / Math.sqrt(vl * vm);
            assertEquals(R / ALPHA, el, 1e-8); // the marginals are the Gammas
            assertEquals(cor, SarmanovMixing.correlation(R, ALPHA, S, BETA, omega), 1e-7);
            assertTrue(Math.abs(cor) > 0.05, "a correlation worth checking: " + cor);
        }
        // outside the bounds the density goes negative somewhere: refused
        assertThrows(IllegalArgumentException.class, () -> StaticCovariateModel.of(ParetoNbd.of(R, ALPHA, S, BETA),
                List.of(), new double[0], List.of(), new double[0], null).withCorrelation(1.01 * SarmanovMixing.upper(c)));
    }

    @Test
    void predictionsMatchIntegrationOverTheMixingDistribution() {
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(R, ALPHA), SarmanovMixing.logL(S, BETA), c);
        double omega = 0.8 * SarmanovMixing.lower(c);
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(R, ALPHA, S, BETA), List.of(), new double[0],
                List.of(), new double[0], null).withCorrelation(omega);
        double[][] customers = {{2, 3, 6}, {0, 0, 4}, {6, 5.5, 6}, {1, 0.5, 5}};
        Histories h = Histories.wrap(new double[] {2, 0, 6, 1}, new double[] {3, 0, 5.5, 0.5}, new double[] {6, 4, 6, 5},
                null, null, null);
        Covariates none = Covariates.none(4);
        double t = 3;
        double delta = 0.1;
        double[] pa = m.pAlive(h, none);
        double[] et = m.expectedTransactions(h, none, t);
        double[] dert = m.discountedExpectedTransactions(h, none, delta, Double.POSITIVE_INFINITY);
        double ll = m.logLikelihood(h, none);
        double llSum = 0;
        for (int i = 0; i < customers.length; i++) {
            double x = customers[i][0];
            double tx = customers[i][1];
            double bigT = customers[i][2];
            // individual likelihood and its alive part (Fader and Hardie 2005 note)
            Integrand alive = (l, mu) -> Math.pow(l, x) * Math.exp(-(l + mu) * bigT);
            Integrand lik = (l, mu) -> alive.at(l, mu) * l / (l + mu)
                    + Math.pow(l, x) * mu / (l + mu) * Math.exp(-(l + mu) * tx);
            double den = integrate(omega, lik);
            llSum += Math.log(den);
            double p = integrate(omega, alive) / den;
            double e = integrate(omega, (l, mu) -> alive.at(l, mu) * l / mu * -Math.expm1(-mu * t)) / den;
            double d = integrate(omega, (l, mu) -> alive.at(l, mu) * l / (mu + delta)) / den;
            assertEquals(p, pa[i], 2e-6 * p, "P(alive) of customer " + i);
            assertEquals(e, et[i], 2e-6 * e, "expected transactions of customer " + i);
            assertEquals(d, dert[i], 2e-6 * d, "DERT of customer " + i);
            // the correlation changes the predictions (else the test would not test it)
            double plainP = ParetoNbd.of(R, ALPHA, S, BETA).pAlive(x, tx, bigT);
            assertTrue(i == 1 || Math.abs(plainP - pa[i]) > 1e-4, "customer " + i + ": " + plainP + " vs " + pa[i]);
        }
        assertEquals(llSum, ll, 1e-6);
        // scoring gives the same values as the prediction methods
        Scores sc = m.score(h, none, ScoringSettings.of(t).withDiscountRate(delta));
        for (int i = 0; i < 4; i++) {
            assertEquals(pa[i], sc.pAlive()[i], 1e-12);
            assertEquals(et[i], sc.expectedTransactions()[i], 1e-12 * et[i]);
            assertEquals(dert[i], sc.dert()[i], 1e-9 * dert[i]);
            assertEquals(dert[i] / pa[i], sc.dertIfAlive()[i], 1e-9 * dert[i] / pa[i]);
        }
    }

    @Test
    void modelFilesKeepOmegaAndOldFilesLoadIndependent() throws IOException {
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(R, ALPHA, S, BETA), List.of("u"), new double[] {0.2},
                List.of("v"), new double[] {-0.1}, null).withCorrelation(-1.2);
        StaticCovariateModel back = StaticCovariateModel.parse(m.toJson(), "test");
        assertEquals(m, back);
        assertEquals(-1.2, back.omega());
        assertTrue(m.toJson().contains("\"correlation\""));
        String old;
        try (InputStream in = getClass().getResourceAsStream("pareto-nbd-covariates-format1.json")) {
            old = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StaticCovariateModel o = StaticCovariateModel.parse(old, "pareto-nbd-covariates-format1.json");
        assertEquals(0.0, o.omega());
        assertEquals(0.0, o.correlation());
        assertEquals(List.of("Gender", "Channel"), o.purchaseCovariates());
        // an independent model writes no correlation object, so older readers still read it
        assertTrue(!o.toJson().contains("\"correlation\""));
        // a correlated model file is not silently read as a plain model
        String plainCorrelated = StaticCovariateModel.of(ParetoNbd.of(R, ALPHA, S, BETA), List.of(), new double[0],
                List.of(), new double[0], null).withCorrelation(-1.2).toJson();
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> ModelFiles.parse(plainCorrelated, "test", TransactionModel.class));
        assertTrue(e.getMessage().contains("correlated purchase and dropout rates"), e.getMessage());
    }

    @Test
    void recoversAKnownCorrelation() {
        double r = 1.5;
        double alpha = 1.5;
        double s = 1.0;
        double beta = 2.0;
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(r, alpha), SarmanovMixing.logL(s, beta), c);
        double omega = 0.6 * SarmanovMixing.lower(c);
        double trueCor = SarmanovMixing.correlation(r, alpha, s, beta, omega);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20261205L);
        int n = 20_000;
        double[] ages = new double[n];
        for (int i = 0; i < n; i++) {
            ages[i] = 2 + 4 * rng.nextDouble();
        }
        Histories h = SarmanovSimulator.simulate(r, alpha, s, beta, omega, ages, rng);
        long t0 = System.nanoTime();
        CorrelatedFit fit = StaticCovariateFitter.of().fitCorrelated(h);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(fit.fit().converged(), fit.fit().message());
        assertEquals(FitStatus.CONVERGED, fit.fit().status(), fit.fit().findings().toString());
        assertTrue(fit.fit().logLikelihood() >= fit.independent().logLikelihood());
        assertTrue(fit.standardError() > 0 && fit.standardError() < 0.04, "se " + fit.standardError());
        assertTrue(!fit.atBound());
        assertTrue(Math.abs(fit.correlation() - trueCor) < 3 * fit.standardError(),
                "cor " + fit.correlation() + " se " + fit.standardError() + " true " + trueCor + "; " + fit.describe());
        assertTrue(fit.lower() <= fit.correlation() && fit.correlation() <= fit.upper());
        assertTrue(fit.lrPValue() >= 0 && fit.lrPValue() <= 1 && fit.waldPValue() >= 0 && fit.waldPValue() <= 1);
        double[] truth = {r, alpha, s, beta};
        String[] names = {"r", "alpha", "s", "beta"};
        for (int j = 0; j < 4; j++) {
            StaticCovariateFit.Estimate e = fit.fit().estimate(names[j]);
            assertTrue(Math.abs(e.estimate() - truth[j]) < 3 * e.standardError(), e + " true " + truth[j]);
        }
        assertEquals(fit.omega(), fit.model().omega());
        assertEquals(fit.correlation(), fit.model().correlation(), 1e-15);
        System.out.printf("recovery: n=%d true cor %.4f estimate %.4f se %.4f LR p %.3g Wald p %.3g, %.1f s%n", n, trueCor,
                fit.correlation(), fit.standardError(), fit.lrPValue(), fit.waldPValue(), seconds);
    }
}
