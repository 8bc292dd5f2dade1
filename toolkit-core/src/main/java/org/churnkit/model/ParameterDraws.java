package org.churnkit.model;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.Cholesky;

/**
 * Draws of a model's parameter vector that express how uncertain the estimate is: the common input
 * of prediction intervals and of simulations that carry parameter uncertainty. Each draw is a full
 * parameter vector in the model's natural (positive) scale, in the order of
 * {@link FitResult#parameters()}; {@link #method()} says how they were made.
 *
 * <p>{@link #asymptotic} draws the log-parameters from their asymptotic normal distribution,
 * {@code log theta ~ N(log theta_hat, Sigma)} with {@code Sigma} the inverse of the negative Hessian of
 * the log-likelihood in log-parameters ({@link FitResult#logCovariance()}), so every draw stays
 * positive. Draws are reproducible to the bit for a given random source state.
 *
 * <p>Immutable; the accessors return copies.
 */
public final class ParameterDraws {
    /**
     * How the draws were made, and so how an interval is read from the values of a quantity over
     * them ({@link #quantileLevels}): every interval engine (plain, covariate, correlated,
     * time-varying and contractual models) reads its ends through this one rule.
     */
    public enum Method {
        /**
         * From the asymptotic normal distribution of the log-parameters: the interval at level
         * {@code c} runs between the type-7 quantiles (Hyndman and Fan 1996; R's default) of the
         * draws at {@code (1 - c)/2} and {@code (1 + c)/2}, Monte Carlo estimates of the normal's.
         */
        ASYMPTOTIC("asymptotic"),
        /**
         * From refits on customers resampled with replacement; the percentile bootstrap interval
         * (Efron and Tibshirani 1993, sec. 13.3; Davison and Hinkley 1997, sec. 5.2-5.3): from
         * {@code B} refits at level {@code c} its ends are the order statistics of ranks
         * {@code (B + 1)(1 - c)/2} and {@code (B + 1)(1 + c)/2} (1-based), interpolated linearly
         * between neighbours when the rank is not whole and held at the smallest or largest refit
         * beyond them (Hyndman and Fan's type 6). Why not the type-7 quantiles of the asymptotic
         * draws: their ranks {@code 1 + (B - 1)(1 -+ c)/2} lie almost one rank further in, and when the
         * estimate scatters around the truth as a refit scatters around the estimate, the truth
         * falls below the k-th smallest of B refits with probability {@code k / (B + 1)}; at
         * {@code B = 60} the type-7 interval of level 0.9 would cover about 87 %, this one 90 %.
         */
        BOOTSTRAP("bootstrap-percentile");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        /**
         * The method's name in output files and messages.
         *
         * @return {@code asymptotic} or {@code bootstrap-percentile}
         */
        public String label() {
            return label;
        }

        /**
         * The probabilities at which the interval ends of level {@code level} from {@code draws}
         * values are the type-7 quantiles (order statistic {@code 1 + p (draws - 1)}, 1-based,
         * interpolated), so that one quantile routine serves every method: {@code (1 -+ level)/2}
         * for {@link #ASYMPTOTIC}; for {@link #BOOTSTRAP} the rank {@code (B + 1) alpha} of its rule,
         * {@code p = ((B + 1) alpha - 1) / (B - 1)} clamped to [0, 1] (one draw: both 0).
         *
         * @param level the level, in (0, 1)
         * @param draws the number of values, at least 1
         * @return {lower, upper}, {@code 0 <= lower <= upper <= 1}
         * @throws IllegalArgumentException when the level is outside (0, 1) or there is no value
         */
        public double[] quantileLevels(double level, int draws) {
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
            }
            if (draws < 1) {
                throw new IllegalArgumentException("no values to take an interval of");
            }
            double lo = (1 - level) / 2;
            double hi = (1 + level) / 2;
            if (this == ASYMPTOTIC) {
                return new double[] {lo, hi};
            }
            if (draws == 1) {
                return new double[] {0, 0};
            }
            return new double[] {rank(lo, draws), rank(hi, draws)};
        }

        /** Type-7 probability of the 1-based rank {@code (B + 1) alpha}, within [0, 1]. */
        private static double rank(double alpha, int b) {
            return Math.min(1, Math.max(0, ((b + 1) * alpha - 1) / (b - 1)));
        }
    }

    private final Method method;
    private final double[] estimate;
    private final double[][] draws;

    private ParameterDraws(Method method, double[] estimate, double[][] draws) {
        this.method = method;
        this.estimate = estimate;
        this.draws = draws;
    }

    /**
     * Wraps draws made elsewhere (a bootstrap's refits, for instance).
     *
     * @param method how the draws were made
     * @param estimate the point estimate the draws scatter around
     * @param draws one parameter vector per row, each as long as {@code estimate}, all finite and positive
     * @return the draws (copied)
     * @throws IllegalArgumentException when there is no draw, a row has the wrong length, or a value
     *     is not finite and positive
     */
    public static ParameterDraws of(Method method, double[] estimate, double[][] draws) {
        Objects.requireNonNull(method, "method");
        double[] e = checked(estimate, "estimate");
        if (draws.length == 0) {
            throw new IllegalArgumentException("no parameter draw");
        }
        double[][] copy = new double[draws.length][];
        for (int d = 0; d < draws.length; d++) {
            if (draws[d].length != e.length) {
                throw new IllegalArgumentException("draw " + d + " has " + draws[d].length + " parameters, expected " + e.length);
            }
            copy[d] = checked(draws[d], "draw " + d);
        }
        return new ParameterDraws(method, e, copy);
    }

    /**
     * Draws from the asymptotic normal distribution of the log-parameters:
     * {@code theta = exp(log theta_hat + L u)} with {@code L L' = logCovariance} (Cholesky) and
     * {@code u} standard normal.
     *
     * @param fit the fit; its log-covariance must exist
     * @param count number of draws, at least 1
     * @param rng the random source (consumed; the same state gives the same draws)
     * @return the draws
     * @throws ChurnkitException when the fit has no covariance (its Hessian was not negative definite)
     */
    public static ParameterDraws asymptotic(FitResult<?> fit, int count, UniformRandomProvider rng) {
        double[][] cov = fit.logCovariance();
        if (cov == null) {
            throw new ChurnkitException("the fit has no covariance matrix (its Hessian was not negative definite, "
                    + "typically an optimum on the boundary): asymptotic intervals cannot be drawn; use a bootstrap");
        }
        return asymptotic(fit.parameters(), cov, count, rng);
    }

    /**
     * Draws from the asymptotic normal distribution of the log-parameters around {@code estimate}.
     *
     * @param estimate the parameter estimate (natural scale, positive)
     * @param logCovariance covariance of the log-parameters, symmetric positive definite
     * @param count number of draws, at least 1
     * @param rng the random source (consumed)
     * @return the draws
     * @throws IllegalArgumentException when the covariance is not positive definite or sizes differ
     */
    public static ParameterDraws asymptotic(double[] estimate, double[][] logCovariance, int count,
            UniformRandomProvider rng) {
        double[] e = checked(estimate, "estimate");
        int p = e.length;
        if (count < 1) {
            throw new IllegalArgumentException("the number of draws must be at least 1, got " + count);
        }
        if (logCovariance.length != p) {
            throw new IllegalArgumentException("covariance is " + logCovariance.length + " x ?, expected " + p + " x " + p);
        }
        double[][] shifts = normalShifts(logCovariance, count, rng);
        double[][] out = new double[count][p];
        for (int d = 0; d < count; d++) {
            for (int i = 0; i < p; i++) {
                out[d][i] = e[i] * Math.exp(shifts[d][i]);
            }
        }
        return new ParameterDraws(Method.ASYMPTOTIC, e, out);
    }

    /**
     * Draws of a zero-mean normal vector with this covariance: per draw one standard normal
     * {@code u_j} per row (ziggurat, in row order) and the shift {@code L u} with {@code L} the
     * lower Cholesky factor ({@code L L' = covariance}), each entry summed over {@code j <= i} in
     * order. What {@link #asymptotic} adds to the log-parameters; shared with models whose fitted
     * vector mixes log-parameters and plain coefficients (the contractual models), which add it to
     * their own scale.
     *
     * @param covariance a symmetric positive definite matrix
     * @param count number of draws, at least 1
     * @param rng the random source (consumed; the same state gives the same shifts)
     * @return {@code count} rows of {@code covariance.length} shifts
     * @throws IllegalArgumentException when {@code count < 1} or the covariance is not positive definite
     */
    public static double[][] normalShifts(double[][] covariance, int count, UniformRandomProvider rng) {
        Objects.requireNonNull(rng, "rng");
        if (count < 1) {
            throw new IllegalArgumentException("the number of draws must be at least 1, got " + count);
        }
        int p = covariance.length;
        double[][] l = Cholesky.factor(covariance);
        if (l == null) {
            throw new IllegalArgumentException("the covariance is not positive definite");
        }
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] u = new double[p];
        double[][] out = new double[count][p];
        for (int d = 0; d < count; d++) {
            for (int j = 0; j < p; j++) {
                u[j] = normal.sample();
            }
            for (int i = 0; i < p; i++) {
                double shift = 0;
                for (int j = 0; j <= i; j++) {
                    shift += l[i][j] * u[j];
                }
                out[d][i] = shift;
            }
        }
        return out;
    }

    private static double[] checked(double[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0 && v[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(what + ": parameter " + i + " is " + v[i] + ", expected finite and positive");
            }
        }
        return v.clone();
    }

    /**
     * How the draws were made.
     *
     * @return the method
     */
    public Method method() {
        return method;
    }

    /**
     * The point estimate (a copy).
     *
     * @return the estimate
     */
    public double[] estimate() {
        return estimate.clone();
    }

    /**
     * Number of draws.
     *
     * @return the count
     */
    public int count() {
        return draws.length;
    }

    /**
     * One draw (a copy).
     *
     * @param d index, {@code 0 <= d < count()}
     * @return the parameter vector
     */
    public double[] draw(int d) {
        return draws[d].clone();
    }

    @Override
    public String toString() {
        return "ParameterDraws[" + method + ", " + draws.length + " draws of " + Arrays.toString(estimate) + "]";
    }
}
