package org.churnkit.contractual;

import java.util.Optional;
import org.apache.commons.numbers.gamma.LogBeta;
import org.churnkit.NotComputableException;
import org.churnkit.model.FitSummary;

/**
 * The beta-discrete-Weibull model of Fader, Hardie, Liu, Davin and Steenburgh (2018), "How to
 * project customer retention revisited: the role of duration dependence", Journal of Interactive
 * Marketing 43: a subscriber with churn propensity {@code theta ~ Beta(gamma, delta)} survives
 * {@code t} periods with probability {@code (1 - theta)^(t^c)} (a discrete Weibull). Immutable
 * and thread-safe.
 *
 * <ul>
 *   <li>{@code S(t) = B(gamma, delta + t^c) / B(gamma, delta)} (eq. 4);</li>
 *   <li>{@code r(t) = B(gamma, delta + t^c) / B(gamma, delta + (t-1)^c)};</li>
 *   <li>{@code c = 1} is the sBG; {@code c < 1}: each subscriber's churn probability falls with
 *       tenure (negative duration dependence), {@code c > 1}: it rises;</li>
 *   <li>DEL and DERL have no closed form: they are summed ({@link #derl}; truncation error below
 *       1e-17 relative, see the method). Undiscounted lifetimes are refused (their tail decays
 *       only like {@code t^(-c gamma)}).</li>
 * </ul>
 */
public final class BetaDiscreteWeibull implements ContractualModel {
    private final double gamma;
    private final double delta;
    private final double c;
    private final FitSummary fit;
    private final double logBeta;

    private BetaDiscreteWeibull(double gamma, double delta, double c, FitSummary fit) {
        if (!(gamma > 0) || !(delta > 0) || !(c > 0) || Double.isInfinite(gamma) || Double.isInfinite(delta)
                || Double.isInfinite(c)) {
            throw new IllegalArgumentException("BdW parameters must be positive and finite, got gamma=" + gamma
                    + ", delta=" + delta + ", c=" + c);
        }
        this.gamma = gamma;
        this.delta = delta;
        this.c = c;
        this.fit = fit;
        this.logBeta = LogBeta.value(gamma, delta);
    }

    /**
     * A BdW model with known parameters.
     *
     * @param gamma first shape of the Beta distribution of the churn propensity, {@code > 0}
     * @param delta second shape, {@code > 0}
     * @param c the Weibull shape, {@code > 0} (1: no duration dependence, the sBG)
     * @return the model
     * @throws IllegalArgumentException when a parameter is not positive and finite
     */
    public static BetaDiscreteWeibull of(double gamma, double delta, double c) {
        return new BetaDiscreteWeibull(gamma, delta, c, null);
    }

    @Override
    public BetaDiscreteWeibull withFit(FitSummary f) {
        return new BetaDiscreteWeibull(gamma, delta, c, f);
    }

    /**
     * The first Beta shape.
     *
     * @return gamma
     */
    public double gamma() {
        return gamma;
    }

    /**
     * The second Beta shape.
     *
     * @return delta
     */
    public double delta() {
        return delta;
    }

    /**
     * The Weibull shape (duration dependence).
     *
     * @return c
     */
    public double c() {
        return c;
    }

    @Override
    public ContractualKind kind() {
        return ContractualKind.BDW;
    }

    @Override
    public double[] parameterArray() {
        return new double[] {gamma, delta, c};
    }

    @Override
    public Optional<FitSummary> fit() {
        return Optional.ofNullable(fit);
    }

    /** {@code t^c} for a whole period (exactly 0 and 1 at 0 and 1). */
    private double power(int t) {
        return t <= 1 ? t : Math.pow(t, c);
    }

    @Override
    public double logSurvival(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("the period must be >= 0, got " + t);
        }
        return t == 0 ? 0.0 : LogBeta.value(gamma, delta + power(t)) - logBeta;
    }

    @Override
    public double retention(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("the period must be >= 1, got " + t);
        }
        // exactly the sBG's at t = 1 (1^c = 1), so the decomposition starts from 0
        return t == 1 ? delta / (gamma + delta) : Math.exp(logRetention(t));
    }

    /** {@code log r(t)}, {@code <= 0}. */
    double logRetention(int t) {
        if (t == 1) {
            return Math.log(delta / (gamma + delta));
        }
        return Math.min(0.0, LogBeta.value(gamma, delta + power(t)) - LogBeta.value(gamma, delta + power(t - 1)));
    }

    @Override
    public double logChurnProbability(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("the period must be >= 1, got " + t);
        }
        double lr = logRetention(t);
        return logSurvival(t - 1) + Math.log(-Math.expm1(lr));
    }

    /**
     * {@inheritDoc}
     *
     * <p>By summation of the series ({@code DiscountedSums}): terms until the bound
     * {@code u_t / d} on the rest (valid because {@code S} does not increase) is at most 1e-17 of
     * the sum, so the truncation error is below 1e-17 relative; about {@code 40 / d} terms.
     */
    @Override
    public double derl(int tenure, DiscountRate rate) {
        if (tenure < 1) {
            throw new IllegalArgumentException("the tenure must be >= 1, got " + tenure);
        }
        if (rate.perPeriod() == 0) {
            throw new NotComputableException(null, "the undiscounted remaining lifetime under the BdW has no closed "
                    + "form (and is infinite when c gamma <= 1; here c gamma = " + (c * gamma)
                    + "): use a positive discount rate");
        }
        return DiscountedSums.derl(this, tenure, rate.perPeriod());
    }

    @Override
    public ShiftedBetaGeometric withoutDurationDependence() {
        return ShiftedBetaGeometric.of(gamma, delta);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BetaDiscreteWeibull m && Double.compare(m.gamma, gamma) == 0
                && Double.compare(m.delta, delta) == 0 && Double.compare(m.c, c) == 0
                && java.util.Objects.equals(m.fit, fit);
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(gamma) * 31 + Double.hashCode(delta)) * 31 + Double.hashCode(c);
    }

    @Override
    public String toString() {
        return "BdW[gamma=" + gamma + ", delta=" + delta + ", c=" + c + "]";
    }
}
