package org.churnkit.model;

import java.util.Locale;

/**
 * What {@link StaticCovariateFitter#fitCorrelated} returns: the Pareto/NBD fit (with or without
 * time-invariant covariates) whose purchase and dropout rates are correlated through the Sarmanov
 * mixing distribution of Park and Fader (2004), the same model without correlation, and the
 * inference on the correlation.
 *
 * <p>The mixing density is {@code g(lambda) h(mu) [1 + omega (e^-lambda - L1)(e^-mu - L2)]} with
 * {@code g = Gamma(r, alpha)}, {@code h = Gamma(s, beta)}, {@code L1 = (alpha/(alpha+1))^r},
 * {@code L2 = (beta/(beta+1))^s}, rates per time unit of the data. The correlation is
 * {@code cor(lambda, mu) = omega sqrt(r s) L1 L2 / ((alpha+1)(beta+1))}; with covariates it is the
 * one of the reference customer (every transformed covariate 0: alpha and beta themselves), since
 * each customer's alpha_i and beta_i give it its own value. omega is confined to the interval in
 * which every customer's mixing density is non-negative; an estimate at an end of it is a
 * {@link FitStatus#BOUNDARY} finding of {@link #fit()}.
 *
 * <p>Inference: the standard error is the delta method's from minus the Hessian of the
 * log-likelihood in the optimiser's variables (NaN, as are the Wald statistic and its p-value,
 * when that matrix is not positive definite, as at a bound); the 95 % interval is
 * {@code cor +- 1.96 se} clipped to the correlations omega's interval allows; the Wald test of
 * cor = 0 uses {@code z = cor / se} against the standard normal (two-sided); the likelihood-ratio
 * statistic {@code 2 (LL - LL_independent)} is referred to chi-square with 1 degree of freedom
 * (omega = 0 is inside its interval, so the usual limit applies).
 *
 * @param fit the correlated fit; its estimates end with {@code omega}, its model carries it
 * @param independent the fit with omega = 0 (the plain or covariate model)
 * @param omega the estimate of omega
 * @param omegaLower lower end of omega's admissible interval at the estimate
 * @param omegaUpper upper end of omega's admissible interval at the estimate
 * @param correlation the estimated correlation of the purchase and dropout rates
 * @param standardError its standard error (NaN when not available)
 * @param lower lower end of the 95 % interval (NaN without a standard error)
 * @param upper upper end of the 95 % interval (NaN without a standard error)
 * @param waldZ {@code correlation / standardError} (NaN without a standard error)
 * @param waldPValue two-sided p-value of the Wald test of zero correlation (NaN without a standard error)
 * @param lrStatistic {@code 2 (LL - LL_independent)}, {@code >= 0}
 * @param lrPValue p-value of the likelihood-ratio test of zero correlation (chi-square, 1 df)
 * @param atBound whether omega is at an end of its admissible interval
 */
public record CorrelatedFit(StaticCovariateFit fit, StaticCovariateFit independent, double omega, double omegaLower,
                           double omegaUpper, double correlation, double standardError, double lower, double upper,
                           double waldZ, double waldPValue, double lrStatistic, double lrPValue, boolean atBound) {

    /**
     * The correlated model (with omega).
     *
     * @return the model
     */
    public StaticCovariateModel model() {
        return fit.model();
    }

    /**
     * The result in plain words (English), e.g. "purchase and dropout rates are correlated -0.12
     * (95 % interval -0.25 to 0.01); no detectable correlation (likelihood-ratio test p = 0.08)".
     *
     * @return one or two sentences
     */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Correlation between the purchase rate and the dropout rate: %s",
                FitDiagnostics.fmt(correlation)));
        if (Double.isFinite(standardError)) {
            b.append(String.format(Locale.ROOT, " (standard error %s, 95 %% interval %s to %s; Wald z = %.2f, p = %s)",
                    FitDiagnostics.fmt(standardError), FitDiagnostics.fmt(lower), FitDiagnostics.fmt(upper), waldZ,
                    p(waldPValue)));
        } else {
            b.append(" (no standard error: the curvature of the log-likelihood is not negative definite at the "
                    + "estimate)");
        }
        b.append(String.format(Locale.ROOT, ". Likelihood-ratio test against no correlation: chi-square %.3f on 1 "
                + "degree of freedom, p = %s: ", lrStatistic, p(lrPValue)));
        if (lrPValue < 0.05) {
            b.append(correlation < 0
                    ? "customers who buy more often tend to drop out later (the rates are negatively correlated)."
                    : "customers who buy more often tend to drop out sooner (the rates are positively correlated).");
        } else {
            b.append("no detectable correlation at the 5 % level; the model without correlation describes these "
                    + "data as well.");
        }
        if (atBound) {
            b.append(" omega is at the edge of the range the Sarmanov construction allows, so the interval is not "
                    + "reliable; rely on the likelihood-ratio test.");
        }
        return b.toString();
    }

    private static String p(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }
}
