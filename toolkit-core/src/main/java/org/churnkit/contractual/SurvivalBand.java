package org.churnkit.contractual;

import java.util.List;
import org.churnkit.ChurnkitException;
import org.churnkit.model.PredictionIntervals;

/**
 * Pointwise intervals of a fitted survivor curve {@code S(0..n)} from parameter draws: the
 * fitted vector ({@code log gamma, log delta[, log c]}, coefficients) drawn from the normal with
 * the fit's covariance ({@link ContractualFit#covariance()}, the scale the fit was made on), as
 * {@link SubscriberIntervals#asymptotic} draws it, the baseline's {@code S(t)} computed for each
 * draw, and the {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles (type 7) taken per
 * period: the band a projection of the survivors is drawn with. Like the transaction
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
        // the draws of every score interval (SubscriberIntervals.asymptotic): the whole fitted vector,
        // of which the baseline's curve uses the shapes
        List<ContractualFit> drawn = SubscriberIntervals.asymptotic(fit, draws, seed).draws();
        double[][] s = new double[n + 1][draws];
        for (int d = 0; d < draws; d++) {
            ContractualModel m = drawn.get(d).model();
            for (int t = 0; t <= n; t++) {
                s[t][d] = m.survival(t);
            }
        }
        double[] lo = new double[n + 1];
        double[] hi = new double[n + 1];
        for (int t = 0; t <= n; t++) {
            double[] band = PredictionIntervals.interval(s[t], level);
            lo[t] = band[0];
            hi[t] = band[1];
        }
        return new SurvivalBand(lo, hi, draws);
    }
}
