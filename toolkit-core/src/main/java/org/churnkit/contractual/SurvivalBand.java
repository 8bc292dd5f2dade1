package org.churnkit.contractual;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;

/**
 * Pointwise intervals of a fitted survivor curve {@code S(0..n)} from parameter draws: the
 * log-shapes ({@code log gamma, log delta[, log c]}) drawn from the normal with the fit's
 * covariance ({@link ContractualFit#covariance()}, the scale the fit was made on), {@code S(t)}
 * computed for each draw, and the {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles
 * taken per period: the band a projection of the survivors is drawn with. Like the transaction
 * models' asymptotic intervals it shows the uncertainty of the estimates, not the chance variation
 * of a finite cohort. Reproducible: the same seed gives the same band.
 *
 * @param lower per period {@code 0..n} the lower end ({@code lower[0] = 1})
 * @param upper per period the upper end
 * @param draws the number of draws the band was taken over
 */
public record SurvivalBand(double[] lower, double[] upper, int draws) {

    /**
     * The band of a fit.
     *
     * @param fit a fit with a covariance (the baseline subscriber's curve for a covariate fit)
     * @param n the last period, {@code >= 0}
     * @param level the interval level, in (0, 1)
     * @param draws the number of draws, {@code >= 20}
     * @param seed the seed of the draws
     * @return the band
     * @throws ChurnkitException when the fit has no usable covariance (standard errors could not be
     *     computed), naming the model
     * @throws IllegalArgumentException for a level outside (0, 1), fewer than 20 draws or a
     *     negative period
     */
    public static SurvivalBand of(ContractualFit fit, int n, double level, int draws, long seed) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
        if (draws < 20 || n < 0) {
            throw new IllegalArgumentException("need at least 20 draws and a period >= 0, got " + draws + " and " + n);
        }
        double[][] cov = fit.covariance();
        int k = fit.kind().parameterNames().size();
        double[] mean = fit.model().parameterArray();
        double[][] l = cov == null ? null : cholesky(cov, k);
        if (l == null) {
            throw new ChurnkitException("the " + fit.kind().displayName() + " fit has no usable covariance (its standard "
                    + "errors could not be computed): no interval can be drawn");
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] s = new double[n + 1][draws];
        double[] z = new double[k];
        double[] p = new double[k];
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < k; i++) {
                z[i] = normal.sample();
            }
            for (int i = 0; i < k; i++) {
                double u = Math.log(mean[i]);
                for (int j = 0; j <= i; j++) {
                    u += l[i][j] * z[j];
                }
                p[i] = Math.exp(u);
            }
            ContractualModel m = ContractualModel.of(fit.kind(), p, null);
            for (int t = 0; t <= n; t++) {
                s[t][d] = m.survival(t);
            }
        }
        double[] lo = new double[n + 1];
        double[] hi = new double[n + 1];
        for (int t = 0; t <= n; t++) {
            Arrays.sort(s[t]);
            lo[t] = quantile(s[t], (1 - level) / 2);
            hi[t] = quantile(s[t], (1 + level) / 2);
        }
        return new SurvivalBand(lo, hi, draws);
    }

    /** Type-7 quantile of sorted values (linear between order statistics, as R's default). */
    private static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int i = (int) Math.floor(h);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (h - i) * (sorted[j] - sorted[i]);
    }

    /** Lower Cholesky factor of the leading k x k block, or null when it is not positive definite or not finite. */
    private static double[][] cholesky(double[][] a, int k) {
        if (a.length < k) {
            return null;
        }
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int m = 0; m < j; m++) {
                    sum -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(sum > 0) || !Double.isFinite(sum)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }
}
