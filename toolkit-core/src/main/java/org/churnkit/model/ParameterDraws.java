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
    /** How the draws were made. */
    public enum Method {
        /** From the asymptotic normal distribution of the log-parameters. */
        ASYMPTOTIC,
        /** From refits on customers resampled with replacement. */
        BOOTSTRAP
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
