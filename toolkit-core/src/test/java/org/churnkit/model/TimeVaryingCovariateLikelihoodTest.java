package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.NotComputableException;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time-varying Pareto/NBD likelihood against the plain and the static-covariate likelihoods
 * (which it must reduce to), against an independent many-node quadrature on hard cases, and its
 * analytic gradient against central differences.
 */
class TimeVaryingCovariateLikelihoodTest {
    static final List<String> NAMES = List.of("season", "campaign", "level");

    /** Random customers on a weekly grid, covariates varying per period (or constant per customer when asked). */
    static TimeVaryingCovariates random(int n, long seed, double maxT, int maxX, boolean constant, double horizon) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        TimeVaryingCovariates.Builder b = TimeVaryingCovariates.builder(NAMES, 1, TimeUnit.WEEKS, horizon);
        for (int i = 0; i < n; i++) {
            double offset = rng.nextInt(7) / 7.0;
            double t = rng.nextInt((int) (maxT * 7) + 1) / 7.0;
            int x = rng.nextInt(maxX + 1);
            int periods = (int) Math.ceil(t + horizon + offset) + 1;
            double[] z = new double[periods * 3];
            double c0 = rng.nextInt(2);
            double c2 = rng.nextDouble() * 2 - 1;
            for (int k = 0; k < periods; k++) {
                z[3 * k] = constant ? c0 : (k % 13 < 5 ? 1 : 0);
                z[3 * k + 1] = constant ? 1 - c0 : rng.nextInt(2);
                z[3 * k + 2] = constant ? c2 : rng.nextDouble() * 2 - 1;
            }
            int[] counts = new int[periods];
            double tx = 0;
            if (x > 0 && t > 0) {
                int days = (int) Math.round(t * 7);
                int last = 1 + rng.nextInt(days);
                tx = last / 7.0;
                counts[(int) Math.floor((tx + offset) / 1 + 1e-9)] += 1;
                for (int j = 1; j < x; j++) {
                    double tj = (1 + rng.nextInt(last)) / 7.0;
                    counts[(int) Math.floor(tj + offset + 1e-9)]++;
                }
            }
            b.add("c" + i, offset, t, tx, counts, z);
        }
        return b.build();
    }

    static TimeVaryingCovariateLikelihood likelihood(TimeVaryingCovariates d) {
        return new TimeVaryingCovariateLikelihood(d, new int[] {0, 1, 2}, new int[] {0, 1, 2}, new int[] {0, 1, 2},
                new int[] {3, 4, 5}, 6, 0, 0);
    }

    static double[] point(double r, double alpha, double s, double beta, double... g) {
        double[] u = new double[4 + g.length];
        u[0] = Math.log(r);
        u[1] = Math.log(alpha);
        u[2] = Math.log(s);
        u[3] = Math.log(beta);
        System.arraycopy(g, 0, u, 4, g.length);
        return u;
    }

    @Test
    void withZeroCoefficientsItIsThePlainParetoNbd() {
        double[][] params = {{0.55, 10.58, 0.61, 11.67}, {1.3, 47.2, 78.45, 9470.6}, {0.05, 0.3, 2.5, 0.8},
            {4, 2, 0.1, 50}, {0.9, 8, 1, 1}};
        for (double[] th : params) {
            TimeVaryingCovariates d = random(300, 7, 39, 30, false, 0);
            TimeVaryingCovariateLikelihood lik = likelihood(d);
            double[] u = point(th[0], th[1], th[2], th[3], 0, 0, 0, 0, 0, 0);
            ParetoNbd plain = ParetoNbd.of(th[0], th[1], th[2], th[3]);
            for (int i = 0; i < d.size(); i++) {
                double want = plain.logLikelihood(d.x[i], d.tx[i], d.age[i]);
                double got = lik.customerLogLikelihood(u, i, null);
                assertEquals(want, got, 1e-10 * Math.max(1, Math.abs(want)), d.describe(i) + " at " + java.util.Arrays.toString(th));
            }
        }
    }

    @Test
    void withConstantCovariatesItIsTheStaticModel() {
        TimeVaryingCovariates d = random(300, 11, 52, 25, true, 0);
        double[] gp = {0.4, -0.3, 0.8};
        double[] gd = {-0.5, 1.1, 0.3};
        double[] u = point(0.8, 20, 0.7, 15, 0.4, -0.3, 0.8, -0.5, 1.1, 0.3);
        TimeVaryingCovariateLikelihood lik = likelihood(d);
        ParetoNbd plain = ParetoNbd.of(0.8, 20, 0.7, 15);
        StaticCovariateModel st = StaticCovariateModel.of(plain, NAMES, gp, NAMES, gd, Map.of());
        for (int i = 0; i < d.size(); i++) {
            double[] z = new double[3];
            System.arraycopy(d.levels, d.level[d.seg[i]] * 3, z, 0, 3);
            double want = st.customerModel(z, z).logLikelihood(d.x[i], d.tx[i], d.age[i]);
            double got = lik.customerLogLikelihood(u, i, null);
            assertEquals(want, got, 1e-10 * Math.max(1, Math.abs(want)), d.describe(i));
        }
    }

    /** log L by composite 20-node Gauss-Legendre on 2000 geometrically graded pieces per segment, summed in log space. */
    static double reference(TimeVaryingCovariates d, int i, double[] u) {
        double r = Math.exp(u[0]);
        double alpha = Math.exp(u[1]);
        double s = Math.exp(u[2]);
        double beta = Math.exp(u[3]);
        double m = r + d.x[i];
        double[] nodes = new double[20];
        double[] weights = new double[20];
        for (int k = 0; k < 20; k++) {
            double z = Math.cos(Math.PI * (k + 0.75) / 20.5);
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = z;
                for (int j = 2; j <= 20; j++) {
                    double p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                double dp = 20 * (z * p1 - p0) / (z * z - 1);
                z -= p1 / dp;
                weights[k] = 2 / ((1 - z * z) * dp * dp);
            }
            nodes[k] = z;
        }
        double bigA = 0;
        double bigB = 0;
        double max = Double.NEGATIVE_INFINITY;
        java.util.List<Double> logs = new java.util.ArrayList<>();
        for (int k = d.seg[i]; k < d.futureFrom[i]; k++) {
            double[] z = java.util.Arrays.copyOfRange(d.levels, d.level[k] * 3, d.level[k] * 3 + 3);
            double a = Math.exp(u[4] * z[0] + u[5] * z[1] + u[6] * z[2]);
            double b = Math.exp(u[7] * z[0] + u[8] * z[1] + u[9] * z[2]);
            double l = d.length[k];
            if (k >= d.integralFrom[i]) {
                int pieces = 2000;
                double ratio = 1.01;
                double first = l * (ratio - 1) / (Math.pow(ratio, pieces) - 1);
                double at = 0;
                for (int pc = 0; pc < pieces; pc++) {
                    double h = first * Math.pow(ratio, pc);
                    for (int j = 0; j < 20; j++) {
                        double uu = at + 0.5 * h * (1 + nodes[j]);
                        double lv = Math.log(0.5 * h * weights[j]) + Math.log(b) - m * Math.log(alpha + bigA + a * uu)
                                - (s + 1) * Math.log(beta + bigB + b * uu);
                        logs.add(lv);
                        max = Math.max(max, lv);
                    }
                    at += h;
                }
            }
            bigA += a * l;
            bigB += b * l;
        }
        double sum = 0;
        for (double v : logs) {
            sum += Math.exp(v - max);
        }
        double logI = Math.log(s) + max + Math.log(sum);
        double logT1 = -m * Math.log(alpha + bigA) - s * Math.log(beta + bigB);
        double big = Math.max(logT1, logI);
        double eta = 0;
        for (int j = 0; j < 3; j++) {
            eta += u[4 + j] * d.purchaseSums[i * 3 + j];
        }
        return org.apache.commons.numbers.gamma.LogGamma.value(m) - org.apache.commons.numbers.gamma.LogGamma.value(r)
                + r * Math.log(alpha) + s * Math.log(beta) + eta + big
                + Math.log(Math.exp(logT1 - big) + (sum > 0 ? Math.exp(logI - big) : 0));
    }

    @Test
    void quadratureMatchesAManyNodeReferenceOnHardCases() {
        // small alpha (a sharp peak at t_x), no repeat purchase (the integral over all of [0, T]),
        // many purchases (a high power), large coefficients (rates jumping between periods)
        TimeVaryingCovariates.Builder b = TimeVaryingCovariates.builder(NAMES, 1, TimeUnit.WEEKS, 0);
        double[] z = new double[60 * 3];
        for (int k = 0; k < 60; k++) {
            z[3 * k] = k % 2;
            z[3 * k + 1] = k % 5 == 0 ? 1 : 0;
            z[3 * k + 2] = Math.sin(k);
        }
        int[] none = new int[60];
        int[] many = new int[60];
        many[3] = 150;
        many[10] = 50;
        b.add("x=0", 3 / 7.0, 52, 0, none, z);
        b.add("x=200", 1 / 7.0, 52, 10.5, many, z);
        b.add("tx=T", 0, 40, 40, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, z);
        TimeVaryingCovariates d = b.build();
        TimeVaryingCovariateLikelihood lik = likelihood(d);
        double[][] points = {point(0.5, 0.01, 0.6, 11, 0.5, -0.7, 0.4, 1.2, -0.8, 0.5),
            point(2, 0.001, 3, 0.05, 2, -1.5, 1, 3, -2, 1), point(0.05, 100, 0.02, 1e4, 0, 0, 0, 0, 0, 0),
            point(30, 0.5, 50, 0.2, -1, 1, 0.5, 0.5, 0.5, -0.5)};
        for (double[] u : points) {
            for (int i = 0; i < d.size(); i++) {
                double want = reference(d, i, u);
                double got = lik.customerLogLikelihood(u, i, null);
                assertEquals(want, got, 1e-10 * Math.max(1, Math.abs(want)), d.describe(i) + " at " + java.util.Arrays.toString(u));
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferences() {
        TimeVaryingCovariates d = random(60, 3, 39, 40, false, 0);
        TimeVaryingCovariateLikelihood lik = likelihood(d);
        double[][] points = {point(0.55, 10.58, 0.61, 11.67, 0.3, -0.2, 0.5, -0.4, 0.7, 0.2),
            point(2, 0.05, 3, 0.5, 1, -0.5, 0.2, 0.9, -0.3, 0.4)};
        for (double[] u : points) {
            double[] g = new double[u.length];
            lik.logLikelihood(u, g);
            for (int j = 0; j < u.length; j++) {
                double h = 1e-5;
                double[] up = u.clone();
                double[] dn = u.clone();
                up[j] += h;
                dn[j] -= h;
                double fd = (lik.logLikelihood(up, null) - lik.logLikelihood(dn, null)) / (2 * h);
                assertEquals(fd, g[j], 1e-5 * Math.max(1, Math.abs(fd)), "component " + j);
            }
        }
    }

    @Test
    void mergingIdenticalCustomersKeepsTheLikelihood() {
        TimeVaryingCovariates d = random(400, 5, 10, 2, true, 0);
        TimeVaryingCovariates m = d.merged();
        assertTrue(m.size() < d.size(), "rows " + m.size());
        assertEquals(d.size(), m.totalWeight(), 0);
        double[] u = point(0.8, 5, 0.7, 9, 0.2, 0.1, -0.3, 0.4, -0.2, 0.1);
        double[] g1 = new double[10];
        double[] g2 = new double[10];
        assertEquals(likelihood(d).logLikelihood(u, g1), likelihood(m).logLikelihood(u, g2), 1e-9);
        for (int j = 0; j < 10; j++) {
            assertEquals(g1[j], g2[j], 1e-8);
        }
    }

    @Test
    void anUncomputableCustomerIsNamed() {
        TimeVaryingCovariates d = random(5, 9, 30, 5, false, 0);
        double[] u = point(0.8, 5, 0.7, 9, 800, 0, 0, 0, 0, 0);
        NotComputableException e = assertThrows(NotComputableException.class, () -> likelihood(d).logLikelihood(u, null));
        assertTrue(e.getMessage().contains("customer 'c"), e.getMessage());
    }

    @Test
    void predictionsWithZeroCoefficientsAreThePlainOnes(@TempDir Path dir) {
        TimeVaryingCovariates d = random(200, 13, 39, 20, false, 52);
        ParetoNbd plain = ParetoNbd.of(0.55, 10.58, 0.61, 11.67);
        TimeVaryingCovariateModel model = TimeVaryingCovariateModel.of(plain, NAMES, new double[3], NAMES, new double[3],
                Map.of(), TimeUnit.WEEKS, 1);
        double[] pa = model.pAlive(d);
        double[] e = model.expectedTransactions(d, 52);
        double[] e10 = model.expectedTransactions(d, 10.5);
        for (int i = 0; i < d.size(); i++) {
            assertEquals(plain.pAlive(d.x[i], d.tx[i], d.age[i]), pa[i], 1e-10, d.describe(i));
            assertEquals(plain.expectedTransactions(d.x[i], d.tx[i], d.age[i], 52), e[i], 1e-10 * Math.max(1, e[i]));
            assertEquals(plain.expectedTransactions(d.x[i], d.tx[i], d.age[i], 10.5), e10[i], 1e-10 * Math.max(1, e10[i]));
        }
        assertThrows(IllegalArgumentException.class, () -> model.expectedTransactions(d, 53));
        // The discounted expectation over the window is the plain finite-horizon DERT, and with no
        // discount the expected transactions.
        double[] det = model.discountedExpectedTransactions(d, 0.01, 52);
        double[] det0 = model.discountedExpectedTransactions(d, 0, 10.5);
        for (int i = 0; i < d.size(); i++) {
            assertEquals(plain.discountedExpectedTransactions(d.x[i], d.tx[i], d.age[i], 0.01, 52), det[i],
                    1e-10 * Math.max(1, det[i]), d.describe(i));
            assertEquals(e10[i], det0[i], 1e-12 * Math.max(1, e10[i]), d.describe(i));
        }
        assertThrows(IllegalArgumentException.class, () -> model.discountedExpectedTransactions(d, -0.1, 52));
        // Every score column, money ones included, is the plain engine's with a finite discount horizon.
        double[] money = new double[d.size()];
        for (int i = 0; i < money.length; i++) {
            money[i] = d.x[i] > 0 ? 20 + (i % 7) * 3.5 : 0;
        }
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        ScoringSettings settings = ScoringSettings.of(39).withSpendModel(gg).withDiscountRate(0.002)
                .withDiscountHorizon(52).withMargin(0.3);
        Scores tv = model.score(d, settings, money);
        Scores want = Scoring.of(plain, settings).score(Histories.of(d.x, d.tx, d.age, money, null, null));
        double[][] got = {tv.pAlive(), tv.expectedTransactions(), tv.expectedSpend(), tv.dert(), tv.dertIfAlive(),
            tv.clv(), tv.aliveValue(), tv.valueAtRisk()};
        double[][] exp = {want.pAlive(), want.expectedTransactions(), want.expectedSpend(), want.dert(),
            want.dertIfAlive(), want.clv(), want.aliveValue(), want.valueAtRisk()};
        for (int c = 0; c < got.length; c++) {
            for (int i = 0; i < d.size(); i++) {
                assertEquals(exp[c][i], got[c][i], 1e-9 * Math.max(1, Math.abs(exp[c][i])), "column " + c + ", "
                        + d.describe(i));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> model.score(d, settings.withDiscountHorizon(
                Double.POSITIVE_INFINITY), money), "DERT to infinity needs covariates to infinity");
        assertThrows(IllegalArgumentException.class, () -> model.score(d, settings, null));
        assertThrows(IllegalArgumentException.class, () -> model.discountedExpectedTransactions(d, 0.01, 53));
        // A purchase-raising covariate in the window raises the expectation; a dropout-raising one lowers it.
        TimeVaryingCovariateModel up = TimeVaryingCovariateModel.of(plain, NAMES, new double[] {0.5, 0.5, 0}, NAMES,
                new double[3], Map.of(), TimeUnit.WEEKS, 1);
        TimeVaryingCovariateModel out = TimeVaryingCovariateModel.of(plain, NAMES, new double[3], NAMES,
                new double[] {0.5, 0.5, 0}, Map.of(), TimeUnit.WEEKS, 1);
        double sumPlain = java.util.Arrays.stream(e).sum();
        assertTrue(java.util.Arrays.stream(up.expectedTransactions(d, 52)).sum() > sumPlain);
        assertTrue(java.util.Arrays.stream(out.expectedTransactions(d, 52)).sum() < sumPlain);
        // With covariates that vary in the window, no discount still gives the closed-form expectation.
        double[] upE = up.expectedTransactions(d, 52);
        double[] upD = up.discountedExpectedTransactions(d, 0, 52);
        double[] upD1 = up.discountedExpectedTransactions(d, 0.05, 52);
        for (int i = 0; i < d.size(); i++) {
            assertEquals(upE[i], upD[i], 1e-12 * Math.max(1, upE[i]), d.describe(i));
            assertTrue(upD1[i] < upD[i] || upD[i] == 0, d.describe(i));
        }

        // The model file round-trips, and the plain loader refuses it.
        TimeVaryingCovariateModel fitted = TimeVaryingCovariateModel.of(plain, List.of("season"), new double[] {0.25},
                List.of("campaign"), new double[] {-0.5}, Map.of("Channel", "0"), TimeUnit.WEEKS, 1);
        Path f = dir.resolve("tv.json");
        fitted.write(f);
        assertEquals(fitted, TimeVaryingCovariateModel.read(f));
        BadInputException plainRefuses = assertThrows(BadInputException.class,
                () -> ModelFiles.read(f, TransactionModel.class));
        assertTrue(plainRefuses.getMessage().contains("time-varying"), plainRefuses.getMessage());
        assertThrows(BadInputException.class, () -> StaticCovariateModel.read(f));
    }
}
