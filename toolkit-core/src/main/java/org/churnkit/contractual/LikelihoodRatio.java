package org.churnkit.contractual;

import java.util.Locale;
import java.util.Objects;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * A likelihood-ratio test of a model against a larger one that nests it, fitted to the same
 * data: {@code LR = 2 (LL_general - LL_restricted)}, chi-squared with as many degrees of freedom
 * as the general model has extra parameters (Wilks 1938). The sBG is the BdW at {@code c = 1}, an
 * interior point, so the chi-squared(1) reference holds without boundary correction.
 *
 * @param restricted the nested fit (e.g. the sBG)
 * @param general the larger fit (e.g. the BdW)
 * @param statistic {@code 2 (LL_general - LL_restricted)}, at least 0 (a general fit that ends
 *     below the restricted one, by optimiser tolerance, gives 0)
 * @param degreesOfFreedom extra parameters of the general model
 * @param pValue {@code P(chi2_df >= statistic)}
 */
public record LikelihoodRatio(ContractualFit restricted, ContractualFit general, double statistic,
                              int degreesOfFreedom, double pValue) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException for a missing fit
     */
    public LikelihoodRatio {
        Objects.requireNonNull(restricted, "restricted");
        Objects.requireNonNull(general, "general");
    }

    /**
     * The test of {@code restricted} against {@code general}.
     *
     * @param restricted the nested fit (fewer parameters)
     * @param general the larger fit, to the same subscribers
     * @return the test
     * @throws IllegalArgumentException when the fits do not have the same subscribers (count) or
     *     the general model does not have more parameters
     */
    public static LikelihoodRatio of(ContractualFit restricted, ContractualFit general) {
        int df = general.estimates().length - restricted.estimates().length;
        if (df <= 0) {
            throw new IllegalArgumentException("the general model must have more parameters than the restricted one: "
                    + general.parameterNames() + " vs " + restricted.parameterNames());
        }
        if (restricted.summary().customers() != general.summary().customers()) {
            throw new IllegalArgumentException("the fits are to different data: " + restricted.summary().customers()
                    + " and " + general.summary().customers() + " subscribers");
        }
        double lr = Math.max(0.0, 2 * (general.logLikelihood() - restricted.logLikelihood()));
        double p = ChiSquaredDistribution.of(df).survivalProbability(lr);
        return new LikelihoodRatio(restricted, general, lr, df, p);
    }

    /**
     * The test in words, e.g. {@code BdW vs sBG: LR = 5.21 on 1 df, p = 0.0225: the BdW fits
     * better at the 5 % level}.
     *
     * @return the text
     */
    public String describe() {
        String g = general.kind().displayName();
        String r = restricted.kind().displayName();
        String verdict = pValue < 0.05
                ? "the " + g + " fits significantly better at the 5 % level"
                : "no significant improvement at the 5 % level: the simpler " + r + " will do";
        return String.format(Locale.ROOT, "%s vs %s: LR = %.4g on %d df, p = %.4g: %s", g, r, statistic,
                degreesOfFreedom, pValue, verdict);
    }
}
