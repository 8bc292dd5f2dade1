package org.churnkit.contractual;

/**
 * Which Beta shape static covariates (or cohort effects) scale. With covariates {@code x} a
 * subscriber's shapes are {@code gamma_i = gamma exp(b_gamma' x_i)} and {@code delta_i = delta
 * exp(b_delta' x_i)}, the link Fader and Hardie (2007, "Incorporating time-invariant covariates
 * into the Pareto/NBD and BG/NBD models", note at brucehardie.com) use for the BG/NBD's Beta
 * shapes {@code a, b}; both stay positive. {@code x = 0} gives the baseline {@code gamma, delta}.
 */
public enum CovariateTarget {
    /** Only {@code gamma} varies: mostly the mean churn probability moves. */
    GAMMA,
    /** Only {@code delta} varies. */
    DELTA,
    /** Both shapes, with separate coefficients: mean and heterogeneity both move (the default). */
    BOTH;

    boolean gamma() {
        return this != DELTA;
    }

    boolean delta() {
        return this != GAMMA;
    }
}
