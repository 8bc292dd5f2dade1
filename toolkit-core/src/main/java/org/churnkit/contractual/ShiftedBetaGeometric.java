package org.churnkit.contractual;

import java.util.Optional;
import org.apache.commons.numbers.gamma.LogBeta;
import org.churnkit.NotComputableException;
import org.churnkit.model.FitSummary;
import org.churnkit.numerics.Hypergeometric2F1;

/**
 * The shifted-beta-geometric model of Fader and Hardie (2007), "How to project customer
 * retention", Journal of Interactive Marketing 21(1): each subscriber cancels at the end of every
 * period with their own constant probability {@code theta}, and {@code theta ~ Beta(gamma, delta)}
 * across subscribers. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@code P(T = t) = B(gamma + 1, delta + t - 1) / B(gamma, delta)} (eq. 5);</li>
 *   <li>{@code S(t) = B(gamma, delta + t) / B(gamma, delta)} (eq. 6);</li>
 *   <li>{@code r(t) = (delta + t - 1) / (gamma + delta + t - 1)} (eq. 8), rising with {@code t}
 *       through sorting alone;</li>
 *   <li>{@code DEL = 2F1(1, delta; gamma + delta; 1/(1+d))} and
 *       {@code DERL(n) = (delta + n - 1) / ((gamma + delta + n - 1)(1 + d)) 2F1(1, delta + n;
 *       gamma + delta + n; 1/(1+d))} (Fader and Hardie 2010, "Customer-base valuation in a
 *       contractual setting: the perils of ignoring heterogeneity", Marketing Science 29(1),
 *       eqs. 5 and 6), the series evaluated by {@link Hypergeometric2F1} (all terms positive;
 *       about {@code 40 / d} terms, so a rate per period below about 1e-6 is refused as not
 *       converging);
 *       undiscounted ({@code d = 0}) {@code DERL(n) = (delta + n - 1) / (gamma - 1)}, finite only
 *       for {@code gamma > 1} (Gauss's sum).</li>
 * </ul>
 */
public final class ShiftedBetaGeometric implements ContractualModel {
    private final double gamma;
    private final double delta;
    private final FitSummary fit;
    private final double logBeta;

    private ShiftedBetaGeometric(double gamma, double delta, FitSummary fit) {
        if (!(gamma > 0) || !(delta > 0) || Double.isInfinite(gamma) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("sBG parameters must be positive and finite, got gamma=" + gamma
                    + ", delta=" + delta);
        }
        this.gamma = gamma;
        this.delta = delta;
        this.fit = fit;
        this.logBeta = LogBeta.value(gamma, delta);
    }

    /**
     * An sBG model with known parameters.
     *
     * @param gamma first shape of the Beta distribution of the churn probability, {@code > 0}
     * @param delta second shape, {@code > 0}; the mean churn probability is {@code gamma / (gamma + delta)}
     * @return the model
     * @throws IllegalArgumentException when a parameter is not positive and finite
     */
    public static ShiftedBetaGeometric of(double gamma, double delta) {
        return new ShiftedBetaGeometric(gamma, delta, null);
    }

    @Override
    public ShiftedBetaGeometric withFit(FitSummary f) {
        return new ShiftedBetaGeometric(gamma, delta, f);
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

    @Override
    public ContractualKind kind() {
        return ContractualKind.SBG;
    }

    @Override
    public double[] parameterArray() {
        return new double[] {gamma, delta};
    }

    @Override
    public Optional<FitSummary> fit() {
        return Optional.ofNullable(fit);
    }

    @Override
    public double logSurvival(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("the period must be >= 0, got " + t);
        }
        if (t == 0) {
            return 0.0;
        }
        if (t <= 32) {
            // the product of t ratios is exact to a few ulps; the Beta difference loses
            // a few digits to cancellation when delta is large
            double s = 0;
            for (int i = 0; i < t; i++) {
                s += Math.log1p(-gamma / (gamma + delta + i));
            }
            return s;
        }
        return LogBeta.value(gamma, delta + t) - logBeta;
    }

    @Override
    public double retention(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("the period must be >= 1, got " + t);
        }
        return (delta + (t - 1)) / (gamma + delta + (t - 1));
    }

    @Override
    public double logChurnProbability(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("the period must be >= 1, got " + t);
        }
        return logSurvival(t - 1) + Math.log(gamma / (gamma + delta + (t - 1)));
    }

    @Override
    public double derl(int tenure, DiscountRate rate) {
        if (tenure < 1) {
            throw new IllegalArgumentException("the tenure must be >= 1, got " + tenure);
        }
        double d = rate.perPeriod();
        double n = tenure;
        if (d == 0) {
            if (!(gamma > 1)) {
                throw new NotComputableException(null, "the expected remaining lifetime under the sBG with gamma = "
                        + gamma + " <= 1 is infinite (the churn probabilities of too many subscribers are near 0): "
                        + "use a positive discount rate");
            }
            return (delta + n - 1) / (gamma - 1);
        }
        double z = rate.factor();
        double log = Hypergeometric2F1.log(1.0, delta + n, gamma + delta + n, z);
        return (delta + n - 1) / (gamma + delta + n - 1) * z * Math.exp(log);
    }

    @Override
    public ShiftedBetaGeometric withoutDurationDependence() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShiftedBetaGeometric m && Double.compare(m.gamma, gamma) == 0
                && Double.compare(m.delta, delta) == 0 && java.util.Objects.equals(m.fit, fit);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(gamma) * 31 + Double.hashCode(delta);
    }

    @Override
    public String toString() {
        return "sBG[gamma=" + gamma + ", delta=" + delta + "]";
    }
}
