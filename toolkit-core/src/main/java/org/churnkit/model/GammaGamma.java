package org.churnkit.model;

import java.util.Optional;
import org.apache.commons.numbers.gamma.GammaRatio;
import org.apache.commons.numbers.gamma.LogGamma;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;

/**
 * The Gamma-Gamma model of transaction value (Colombo and Jiang 1999; Fader, Hardie and Lee 2005,
 * "RFM and CLV: using iso-value curves for customer base analysis", JMR 42(4)): each transaction's
 * value is {@code Gamma(p, nu)} (shape p, rate nu) around a customer's mean {@code p/nu}, and
 * {@code nu ~ Gamma(q, gamma)} across customers. Immutable and thread-safe.
 *
 * <ul>
 *   <li>log-likelihood of a mean {@code m > 0} over {@code x >= 1} transactions:
 *       {@code lnG(px+q) - lnG(px) - lnG(q) + q ln gamma + (px-1) ln m + px ln x - (px+q) ln(gamma + m x)};
 *   <li>population mean spend {@code p gamma / (q - 1)}, finite only for {@code q > 1}, which
 *       {@link #of} therefore requires;
 *   <li>expected spend given {@code (x, m)}: {@code p (gamma + x m) / (p x + q - 1)}, a weighted
 *       average of the population mean and {@code m}; for {@code x = 0}, and for customers without a
 *       positive repeat amount ({@code m = 0}), the population mean.
 * </ul>
 */
public final class GammaGamma implements SpendModel {
    private final double p;
    private final double q;
    private final double gamma;
    private final FitSummary fit;

    private GammaGamma(double p, double q, double gamma, FitSummary fit) {
        if (!(p > 0) || !(q > 0) || !(gamma > 0) || Double.isInfinite(p) || Double.isInfinite(q)
                || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("Gamma-Gamma parameters must be positive and finite, got p=" + p
                    + ", q=" + q + ", gamma=" + gamma);
        }
        if (!(q > 1)) {
            throw new ChurnkitException("Gamma-Gamma with q = " + q + " <= 1 has no finite mean spend"
                    + " (E[p/nu] = p gamma / (q - 1) needs q > 1): expected spend cannot be computed");
        }
        this.p = p;
        this.q = q;
        this.gamma = gamma;
        this.fit = fit;
    }

    /**
     * A Gamma-Gamma model with known parameters.
     *
     * @param p shape of the Gamma distribution of a transaction's value, {@code > 0}
     * @param q shape of the Gamma distribution of that distribution's rate nu, {@code > 1}
     * @param gamma rate of the Gamma distribution of nu, {@code > 0}
     * @return the model
     * @throws IllegalArgumentException for non-positive or non-finite parameters
     * @throws ChurnkitException for {@code q <= 1} (no finite mean: every spend prediction would be undefined)
     */
    public static GammaGamma of(double p, double q, double gamma) {
        return new GammaGamma(p, q, gamma, null);
    }

    /**
     * A fitted model; {@code fit} may be {@code null}.
     *
     * @param p shape of the Gamma distribution of a transaction's value, {@code > 0}
     * @param q shape of the Gamma distribution of that distribution's rate nu, {@code > 1}
     * @param gamma rate of the Gamma distribution of nu, {@code > 0}
     * @param fit how the model was fitted, or {@code null}
     * @return the model
     */
    public static GammaGamma of(double p, double q, double gamma, FitSummary fit) {
        return new GammaGamma(p, q, gamma, fit);
    }

    /**
     * Shape of the Gamma distribution of a transaction's value.
     *
     * @return p
     */
    public double p() {
        return p;
    }

    /**
     * Shape of the Gamma distribution of the value distribution's rate nu.
     *
     * @return q
     */
    public double q() {
        return q;
    }

    /**
     * Rate of the Gamma distribution of nu.
     *
     * @return gamma
     */
    public double gamma() {
        return gamma;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.GAMMA_GAMMA;
    }

    @Override
    public double[] parameterArray() {
        return new double[] {p, q, gamma};
    }

    @Override
    public Optional<FitSummary> fit() {
        return Optional.ofNullable(fit);
    }

    /** @throws ChurnkitException for {@code x < 1}, non-whole x, or {@code m <= 0} (no density there) */
    @Override
    public double logLikelihood(double x, double m) {
        checkSpend(x, m, true);
        double l = logLikelihood(p, q, gamma, x, m);
        if (!Double.isFinite(l)) {
            throw new NotComputableException("history (x=" + x + ", m=" + m + ")",
                    "cannot compute the Gamma-Gamma log-likelihood for x=" + x + ", m=" + m + ": the result is " + l);
        }
        return l;
    }

    /**
     * The same formula regrouped so that no large terms cancel: {@code (px-1) ln m + px ln x - (px+q)
     * ln(gamma+mx) + q ln gamma = -px log1p(gamma/(mx)) - ln m - q log1p(mx/gamma)}, and
     * {@code lnG(px+q) - lnG(px)} from Commons Numbers' {@code GammaRatio} when representable.
     */
    static double logLikelihood(double p, double q, double gamma, double x, double m) {
        double px = p * x;
        return logGammaDelta(px, q) - LogGamma.value(q) - Math.log(m) - px * Math.log1p(gamma / (m * x))
                - q * Math.log1p(m * x / gamma);
    }

    /** {@code lnG(a + d) - lnG(a)}. */
    static double logGammaDelta(double a, double d) {
        double ratio = GammaRatio.delta(a, d); // Gamma(a) / Gamma(a + d)
        if (ratio > Double.MIN_NORMAL && ratio < Double.POSITIVE_INFINITY) {
            return -Math.log(ratio);
        }
        return LogGamma.value(a + d) - LogGamma.value(a);
    }

    /**
     * For {@code x = 0}, or a customer with repeat transactions but no positive repeat amount
     * ({@code m = 0}, the summaries' value when the repeats were of zero value or refunded), the
     * population mean, as lifetimes and CLVTools score customers the spend model was not fitted on.
     *
     * @throws ChurnkitException for negative or non-whole x, or a negative or non-finite m with {@code x >= 1}
     */
    @Override
    public double expectedSpend(double x, double m) {
        checkSpend(x, m, false);
        if (x == 0 || m == 0) {
            return meanSpend();
        }
        return p * (gamma + x * m) / (p * x + q - 1);
    }

    @Override
    public double meanSpend() {
        return p * gamma / (q - 1);
    }

    /**
     * Expected spend per row of histories with a spend column; errors name the customer.
     *
     * @param h the customers' histories, with mean repeat-transaction values
     * @return {@link #expectedSpend(double, double)} per row of {@code h}
     */
    public double[] expectedSpend(Histories h) {
        if (!h.hasMonetary()) {
            throw new ChurnkitException("expected spend needs a monetary value column");
        }
        double[] out = new double[h.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = expectedSpend(h.frequency[i], h.frequency[i] == 0 ? 0 : h.monetary[i]);
            } catch (ChurnkitException e) {
                throw new NotComputableException(h.describe(i), "cannot compute expected spend for " + h.describe(i) + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    private static void checkSpend(double x, double m, boolean needPositive) {
        if (!(x >= 0) || x != Math.rint(x) || Double.isInfinite(x) || (needPositive && x < 1)) {
            throw new ChurnkitException("invalid number of transactions x=" + x
                    + (needPositive ? ": needs a whole x >= 1" : ": needs a whole x >= 0"));
        }
        if (x > 0 && (needPositive ? !(m > 0) : !(m >= 0)) || x > 0 && Double.isInfinite(m)) {
            throw new ChurnkitException("invalid mean transaction value m=" + m + " for x=" + x
                    + (needPositive ? ": needs a positive finite value" : ": needs a finite value >= 0 (0: no positive amount)"));
        }
    }

    @Override
    public String toString() {
        return "GammaGamma[p=" + p + ", q=" + q + ", gamma=" + gamma + "]";
    }

    /**
     * The log-likelihood of this model family, to fit it with {@link ModelFitter}:
     * {@code ModelFitter.of().fitOrThrow(GammaGamma.likelihood(), histories).model()} is a
     * {@code GammaGamma}. Stateless and thread-safe (one shared instance).
     *
     * @return the likelihood
     */
    public static LikelihoodFunction<GammaGamma> likelihood() {
        return GammaGammaLikelihood.of();
    }
}
