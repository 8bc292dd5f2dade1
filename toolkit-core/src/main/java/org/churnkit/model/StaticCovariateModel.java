package org.churnkit.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.churnkit.io.JsonText;

/**
 * A Pareto/NBD or BG/NBD model with time-invariant covariates (Fader and Hardie 2007, "Incorporating
 * time-invariant covariates into the Pareto/NBD and BG/NBD models", brucehardie.com note 019), with
 * known parameters. Customer i with transformed purchase covariates {@code z_P} and dropout
 * covariates {@code z_D} (see {@link Covariates}) has
 * <pre>
 *   Pareto/NBD: alpha_i = alpha exp(-gamma_P' z_P),  beta_i = beta exp(-gamma_D' z_D)
 *   BG/NBD:     alpha_i = alpha exp(-gamma_P' z_P),  a_i = a exp(gamma_D' z_D),  b_i = b exp(gamma_D' z_D)
 * </pre>
 * and is otherwise the plain model with those parameters (the BG/NBD dropout form is the one of
 * the reference fits, CLVTools' {@code bgnbd} with static covariates: both Beta shapes scaled by one
 * factor). A positive purchase coefficient means more purchases (the Gamma rate alpha_i shrinks, so
 * the mean purchase rate {@code r / alpha_i} grows by {@code exp(gamma)} per unit of z); a positive
 * Pareto/NBD dropout coefficient means earlier dropout. The BG/NBD dropout coefficient leaves the
 * mean dropout probability {@code a/(a+b)} unchanged and scales the Beta distribution's
 * concentration {@code a_i + b_i}: it makes customers more alike (positive) or more diverse
 * (negative) in their dropout probability, which the data identify only weakly. With every
 * coefficient zero, or without covariates, it is exactly the plain model.
 *
 * <p>Predictions ({@link #pAlive}, {@link #expectedTransactions}, {@link
 * #discountedExpectedTransactions}) are the plain model's with the customer's own parameters
 * ({@link #customerModel}); covariates are matched to customers by id and transformed with the
 * centres and scales recorded at fitting. A customer without a covariate row, or covariates
 * lacking one the model needs, is an error naming it.
 *
 * <p>Correlated purchase and dropout rates (Pareto/NBD only; {@link #withCorrelation}): each
 * customer's rates are mixed by the Sarmanov distribution {@code g_i(lambda) h_i(mu) [1 + omega
 * (e^-lambda - L1_i)(e^-mu - L2_i)]} with the customer's own alpha_i and beta_i (see
 * {@link CorrelatedFit}). Every prediction is then an expectation under that mixture given the
 * customer's history, which is a weighted sum of the plain predictions of four models, at
 * {@code (alpha_i, beta_i)}, {@code (alpha_i+1, beta_i+1)}, {@code (alpha_i+1, beta_i)} and
 * {@code (alpha_i, beta_i+1)}, with weights from their likelihoods of the history:
 * {@code w = (1 + omega K, omega K e11, -omega K e10, -omega K e01) / Z}, {@code K = L1_i L2_i},
 * {@code e_ab} the likelihood ratio of the shifted model to the unshifted one, {@code Z} the sum
 * making them add to 1. P(alive), expected transactions, DERT and CLV are such sums; DERT given
 * alive and the alive value are the same with weights {@code w_k P(alive)_k / P(alive)}.
 * omega = 0 is the independent model exactly.
 *
 * <p>Model file: the plain model's JSON plus an object {@code "covariates"} with {@code purchase}
 * and {@code dropout} (covariate name to coefficient) and {@code transform} (covariate name to
 * {@code {"centre": c, "scale": s}}) and, when known, {@code standard_errors} ({@code purchase}
 * and {@code dropout}: covariate name to the coefficient's standard error, as {@link
 * StaticCovariateFit} estimated it; files written before they were recorded still load, their
 * standard errors unknown) and, when known, {@code covariance} ({@code parameters}: the row names,
 * base parameters then coefficients; {@code matrix}: the rows), the joint covariance of the log base
 * parameters and the coefficients that {@link CovariatePredictionIntervals} draws from (files
 * written before it was recorded still load; intervals from them are refused with advice to
 * refit); for a correlated model only, an object {@code "correlation"} with
 * {@code omega} (and the reference customer's correlation, for reading; it is recomputed). Files
 * without it, written before correlation existed, load as independent models. Immutable and
 * thread-safe.
 */
public final class StaticCovariateModel {
    private final TransactionModel plain;
    private final List<String> purchase;
    private final double[] gammaP;
    private final List<String> dropout;
    private final double[] gammaD;
    private final Map<String, double[]> transform;
    /** Standard errors of gammaP and gammaD as recorded at fitting; NaN where unknown. */
    private final double[] seP;
    private final double[] seD;
    /** The Sarmanov omega; 0 for independent rates. */
    private final double omega;
    /**
     * An asymptotic draw's omega as drawn, before any bound ({@link #withDrawnCorrelation}), which
     * each customer's mixture puts within that customer's own bounds; NaN for any other model.
     */
    private final double drawnOmega;
    /** Reference level of each categorical column whose indicators the model uses; may be empty. */
    private final Map<String, String> references;
    /** Every level of each column of {@link #references} in the fitting data (sorted), reference included. */
    private final Map<String, java.util.SortedSet<String>> levels;
    /** Names of the rows of {@link #cov} (as the fit's estimates name them); empty without a covariance. */
    private final List<String> covNames;
    /** Joint covariance of (log base parameters, coefficients) as recorded at fitting; null when unknown. */
    private final double[][] cov;

    private StaticCovariateModel(TransactionModel plain, List<String> purchase, double[] gammaP, List<String> dropout,
                                 double[] gammaD, Map<String, double[]> transform, double omega, double[] seP,
                                 double[] seD) {
        this.plain = plain;
        this.omega = omega;
        this.drawnOmega = Double.NaN;
        this.purchase = List.copyOf(purchase);
        this.gammaP = gammaP.clone();
        this.dropout = List.copyOf(dropout);
        this.gammaD = gammaD.clone();
        Map<String, double[]> t = new LinkedHashMap<>();
        for (String n : this.purchase) {
            t.put(n, transformOf(transform, n));
        }
        for (String n : this.dropout) {
            t.put(n, transformOf(transform, n));
        }
        this.transform = t;
        check(this.purchase, this.gammaP, "purchase");
        check(this.dropout, this.gammaD, "dropout");
        this.seP = seP == null ? nans(this.gammaP.length) : seP.clone();
        this.seD = seD == null ? nans(this.gammaD.length) : seD.clone();
        this.references = Map.of();
        this.levels = Map.of();
        this.covNames = List.of();
        this.cov = null;
    }

    /** The same model with other recorded standard errors (checked by {@link #withStandardErrors}). */
    private StaticCovariateModel(StaticCovariateModel m, double[] seP, double[] seD) {
        this(m, seP, seD, m.references, m.levels);
    }

    /** The same model with other recorded standard errors and reference levels. */
    private StaticCovariateModel(StaticCovariateModel m, double[] seP, double[] seD, Map<String, String> references,
                                 Map<String, java.util.SortedSet<String>> levels) {
        this(m, seP, seD, references, levels, m.covNames, m.cov);
    }

    /** The same model with other recorded standard errors, reference levels and covariance. */
    private StaticCovariateModel(StaticCovariateModel m, double[] seP, double[] seD, Map<String, String> references,
                                 Map<String, java.util.SortedSet<String>> levels, List<String> covNames,
                                 double[][] cov) {
        this(m, seP, seD, references, levels, covNames, cov, m.drawnOmega);
    }

    /** The same model with other recorded standard errors, reference levels, covariance and drawn omega. */
    private StaticCovariateModel(StaticCovariateModel m, double[] seP, double[] seD, Map<String, String> references,
                                 Map<String, java.util.SortedSet<String>> levels, List<String> covNames,
                                 double[][] cov, double drawnOmega) {
        this.drawnOmega = drawnOmega;
        this.covNames = covNames;
        this.cov = cov;
        this.references = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(references));
        Map<String, java.util.SortedSet<String>> lv = new LinkedHashMap<>();
        levels.forEach((c, l) -> lv.put(c, java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(l))));
        this.levels = java.util.Collections.unmodifiableMap(lv);
        this.plain = m.plain;
        this.purchase = m.purchase;
        this.gammaP = m.gammaP;
        this.dropout = m.dropout;
        this.gammaD = m.gammaD;
        this.transform = m.transform;
        this.omega = m.omega;
        this.seP = seP.clone();
        this.seD = seD.clone();
    }

    static double[] nans(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private static double[] transformOf(Map<String, double[]> transform, String n) {
        double[] cs = transform == null ? null : transform.get(n);
        if (cs == null) {
            return new double[] {0, 1};
        }
        if (cs.length != 2 || !Double.isFinite(cs[0]) || !(cs[1] > 0) || Double.isInfinite(cs[1])) {
            throw new IllegalArgumentException("covariate '" + n + "': transform must be {centre, scale} with a finite "
                    + "centre and a positive finite scale, got " + Arrays.toString(cs));
        }
        return cs.clone();
    }

    private static void check(List<String> names, double[] g, String process) {
        if (names.size() != g.length) {
            throw new IllegalArgumentException(names.size() + " " + process + " covariates for " + g.length
                    + " coefficients");
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("a " + process + " covariate is named twice: " + names);
        }
        for (int k = 0; k < g.length; k++) {
            if (!Double.isFinite(g[k])) {
                throw new IllegalArgumentException(process + " coefficient of '" + names.get(k) + "' is " + g[k]
                        + ", not a finite number");
            }
        }
    }

    /**
     * A model with known parameters.
     *
     * @param plain the plain model at all-zero (transformed) covariates: a {@link ParetoNbd} or {@link BgNbd}
     * @param purchaseCovariates names of the purchase covariates
     * @param purchaseCoefficients their coefficients gamma_P
     * @param dropoutCovariates names of the dropout covariates
     * @param dropoutCoefficients their coefficients gamma_D
     * @param transform centre and scale ({@code {c, s}}) per covariate name; missing names, or a
     *     {@code null} map, mean no transformation
     * @return the model
     * @throws IllegalArgumentException for another model kind, mismatched lengths, a repeated name
     *     or a non-finite coefficient
     */
    public static StaticCovariateModel of(TransactionModel plain, List<String> purchaseCovariates,
                                          double[] purchaseCoefficients, List<String> dropoutCovariates,
                                          double[] dropoutCoefficients, Map<String, double[]> transform) {
        Objects.requireNonNull(plain, "plain");
        if (!(plain instanceof ParetoNbd) && !(plain instanceof BgNbd)) {
            throw new IllegalArgumentException("time-invariant covariates are implemented for Pareto/NBD and BG/NBD, not "
                    + plain.kind().id());
        }
        return new StaticCovariateModel(plain, purchaseCovariates, purchaseCoefficients, dropoutCovariates,
                dropoutCoefficients, transform, 0, null, null);
    }

    /**
     * The same model with purchase and dropout rates correlated through the Sarmanov mixing
     * distribution with this omega (see the class comment and {@link CorrelatedFit}).
     *
     * @param omega the Sarmanov parameter; 0 gives back independent rates
     * @return the correlated model
     * @throws IllegalArgumentException when omega is not finite, is not 0 for a BG/NBD model, or lies
     *     outside the interval in which the reference customer's mixing density is non-negative
     */
    public StaticCovariateModel withCorrelation(double omega) {
        if (!Double.isFinite(omega)) {
            throw new IllegalArgumentException("omega must be finite, got " + omega);
        }
        if (omega != 0) {
            if (!(plain instanceof ParetoNbd)) {
                throw new IllegalArgumentException("the purchase-dropout correlation is implemented for Pareto/NBD, not "
                        + plain.kind().id());
            }
            double[] t = plain.parameterArray();
            double[] c = new double[4];
            SarmanovMixing.corners(SarmanovMixing.logL(t[0], t[1]), SarmanovMixing.logL(t[2], t[3]), c);
            if (omega < SarmanovMixing.lower(c) || omega > SarmanovMixing.upper(c)) {
                throw new IllegalArgumentException("omega " + omega + " is outside [" + SarmanovMixing.lower(c) + ", "
                        + SarmanovMixing.upper(c) + "], where the mixing density is non-negative");
            }
        }
        return new StaticCovariateModel(new StaticCovariateModel(plain, purchase, gammaP, dropout, gammaD, transform, omega,
                seP, seD), seP, seD, references, levels, covNames, cov);
    }

    /**
     * An asymptotic draw of this correlated model with omega as drawn: each customer's mixture
     * uses {@code drawn} clipped to the interval in which that customer's own mixing density (at
     * its alpha_i and beta_i) is non-negative ({@link #customerOmega}), and {@link #omega()} is the
     * reference customer's. Clipping, not rejecting: the fit holds omega within the bounds (its
     * estimate lies on a bound when the likelihood would go beyond it), so the estimator's
     * sampling distribution near a bound is the normal approximation projected onto the bound,
     * with the draws beyond it as mass on it, which is what clipping gives; rejecting the draws
     * would keep only the inner part of the normal (a truncated normal), shifting every interval
     * away from the bound, and rejecting a draw for one customer would score customers with
     * different sets of draws. Per customer, because a customer's interval must not depend on
     * which other customers are scored with it.
     *
     * @throws IllegalArgumentException as {@link #withCorrelation} when {@code drawn} is not
     *     finite or the model is not a Pareto/NBD
     */
    StaticCovariateModel withDrawnCorrelation(double drawn) {
        if (!Double.isFinite(drawn)) {
            throw new IllegalArgumentException("omega must be finite, got " + drawn);
        }
        double[] t = plain.parameterArray();
        StaticCovariateModel m = withCorrelation(t.length == 4 ? clip(drawn, t) : drawn);
        return new StaticCovariateModel(m, m.seP, m.seD, m.references, m.levels, m.covNames, m.cov, drawn);
    }

    /**
     * The omega with which a customer whose model has the parameters {@code t} (r, alpha_i, s,
     * beta_i) is scored: {@link #omega()}, or for a draw ({@link #withDrawnCorrelation}) the drawn
     * omega within that customer's bounds.
     */
    double customerOmega(double[] t) {
        return Double.isNaN(drawnOmega) ? omega : clip(drawnOmega, t);
    }

    /** {@code omega} within the bounds where the mixing density at parameters {@code t} is non-negative. */
    private static double clip(double omega, double[] t) {
        double[] c = new double[4];
        SarmanovMixing.corners(SarmanovMixing.logL(t[0], t[1]), SarmanovMixing.logL(t[2], t[3]), c);
        return Math.min(SarmanovMixing.upper(c), Math.max(SarmanovMixing.lower(c), omega));
    }

    /**
     * The Sarmanov omega of the purchase-dropout correlation (0: independent rates).
     *
     * @return omega
     */
    public double omega() {
        return omega;
    }

    /**
     * The correlation of the purchase rate lambda and the dropout rate mu of the reference customer
     * (every transformed covariate 0): {@code omega sqrt(r s) L1 L2 / ((alpha+1)(beta+1))}.
     *
     * @return the correlation, in [-1, 1]; 0 for independent rates
     */
    public double correlation() {
        if (omega == 0) {
            return 0;
        }
        double[] t = plain.parameterArray();
        return SarmanovMixing.correlation(t[0], t[1], t[2], t[3], omega);
    }

    /**
     * The plain model (every transformed covariate zero). For a fitted model it carries the fit
     * summary of the four base parameters.
     *
     * @return the plain model
     */
    public TransactionModel plainModel() {
        return plain;
    }

    /**
     * The model family.
     *
     * @return {@link ModelKind#PARETO_NBD} or {@link ModelKind#BG_NBD}
     */
    public ModelKind kind() {
        return plain.kind();
    }

    /**
     * Names of the purchase covariates.
     *
     * @return the names
     */
    public List<String> purchaseCovariates() {
        return purchase;
    }

    /**
     * Names of the dropout covariates.
     *
     * @return the names
     */
    public List<String> dropoutCovariates() {
        return dropout;
    }

    /**
     * Purchase coefficients gamma_P (a copy), in {@link #purchaseCovariates()} order.
     *
     * @return the coefficients
     */
    public double[] purchaseCoefficients() {
        return gammaP.clone();
    }

    /**
     * Dropout coefficients gamma_D (a copy), in {@link #dropoutCovariates()} order.
     *
     * @return the coefficients
     */
    public double[] dropoutCoefficients() {
        return gammaD.clone();
    }

    /**
     * Standard errors of the purchase coefficients as recorded at fitting (a copy), in {@link
     * #purchaseCovariates()} order; NaN where unknown (a model made by {@link #of}, a model file
     * written before files recorded them, or a fit whose Hessian was not negative definite).
     *
     * @return the standard errors
     */
    public double[] purchaseStandardErrors() {
        return seP.clone();
    }

    /**
     * Standard errors of the dropout coefficients as recorded at fitting (a copy), in {@link
     * #dropoutCovariates()} order; NaN where unknown.
     *
     * @return the standard errors
     */
    public double[] dropoutStandardErrors() {
        return seD.clone();
    }

    /**
     * The same model recording the standard errors of its coefficients, so that a model file
     * states the uncertainty of its effects ({@link CovariateEffects#of(StaticCovariateModel, Covariates)}).
     * They do not change any prediction.
     *
     * @param purchaseStandardErrors one per purchase coefficient: positive and finite, or NaN for unknown
     * @param dropoutStandardErrors one per dropout coefficient: positive and finite, or NaN for unknown
     * @return the model with these standard errors
     * @throws IllegalArgumentException for a wrong length, or a value that is neither NaN nor
     *     positive and finite
     */
    public StaticCovariateModel withStandardErrors(double[] purchaseStandardErrors, double[] dropoutStandardErrors) {
        checkErrors(purchase, purchaseStandardErrors, "purchase");
        checkErrors(dropout, dropoutStandardErrors, "dropout");
        return new StaticCovariateModel(this, purchaseStandardErrors, dropoutStandardErrors);
    }

    /**
     * The same model with the joint covariance of its fitted parameters recorded, as {@link
     * StaticCovariateFitter} estimates it (the inverse of the negative Hessian of the log-likelihood):
     * the rows are the logs of the plain model's parameters ({@link ModelKind#parameterNames()}, in
     * that order, named without "log") and then the coefficients, named as the fit's estimates name
     * them ({@code purchase:x}, {@code dropout:x}, or {@code purchase=dropout:x} for one coefficient
     * shared by both processes), and for a correlated model last a row {@code omega} (the Sarmanov
     * omega on its own scale). The model file records it, and {@link CovariatePredictionIntervals}
     * draws from it. A coefficient fixed at its value has a zero row and column.
     *
     * @param names the name of each row, the base parameters first
     * @param covariance the symmetric covariance matrix, finite, with a non-negative diagonal
     * @return the model with the covariance
     * @throws IllegalArgumentException when the names do not start with the base parameters, a
     *     coefficient of the model has no row, a name repeats, or the matrix is not square,
     *     symmetric and finite with a non-negative diagonal
     */
    public StaticCovariateModel withCovariance(List<String> names, double[][] covariance) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(covariance, "covariance");
        List<String> base = plain.kind().parameterNames();
        int k = names.size();
        if (k < base.size() || !names.subList(0, base.size()).equals(base)) {
            throw new IllegalArgumentException("the covariance's rows must start with " + base + ", got " + names);
        }
        if (names.stream().distinct().count() != k) {
            throw new IllegalArgumentException("a covariance row is named twice: " + names);
        }
        for (String n : purchase) {
            coefficientRow(names, "purchase", n);
        }
        for (String n : dropout) {
            coefficientRow(names, "dropout", n);
        }
        for (String n : names.subList(base.size(), k)) {
            if (OMEGA_ROW.equals(n) && omega != 0) {
                continue; // the correlation's row, on omega's own scale
            }
            if (Double.isNaN(coefficientOf(n))) {
                throw new IllegalArgumentException("covariance row '" + n + "' is no coefficient of the model (purchase "
                        + purchase + ", dropout " + dropout + ")");
            }
        }
        if (covariance.length != k) {
            throw new IllegalArgumentException("the covariance has " + covariance.length + " rows for " + k + " names");
        }
        double[][] c = new double[k][];
        for (int i = 0; i < k; i++) {
            if (covariance[i].length != k) {
                throw new IllegalArgumentException("covariance row " + names.get(i) + " has " + covariance[i].length
                        + " entries, expected " + k);
            }
            c[i] = covariance[i].clone();
        }
        for (int i = 0; i < k; i++) {
            if (!(c[i][i] >= 0) || Double.isInfinite(c[i][i])) {
                throw new IllegalArgumentException("the variance of " + names.get(i) + " is " + c[i][i]
                        + ", not a finite non-negative number");
            }
            for (int j = 0; j < k; j++) {
                // the inverse of a symmetric matrix is symmetric up to rounding only
                if (!Double.isFinite(c[i][j])
                        || Math.abs(c[i][j] - c[j][i]) > 1e-8 * Math.max(1, Math.abs(c[i][j]) + Math.abs(c[j][i]))) {
                    throw new IllegalArgumentException("the covariance is not finite and symmetric at (" + names.get(i)
                            + ", " + names.get(j) + ")");
                }
            }
        }
        return new StaticCovariateModel(this, seP, seD, references, levels, List.copyOf(names), c);
    }

    /**
     * Name of the covariance row of the Sarmanov omega of a correlated model: omega on its own
     * (natural) scale, its covariances with the other rows by the delta method from the fit's
     * free variable.
     */
    static final String OMEGA_ROW = "omega";

    /** The coefficient a covariance row names ({@code purchase:x}, {@code dropout:x}, {@code purchase=dropout:x}); NaN if none. */
    double coefficientOf(String row) {
        int colon = row.indexOf(':');
        if (colon < 0) {
            return Double.NaN;
        }
        String process = row.substring(0, colon);
        String name = row.substring(colon + 1);
        int kp = purchase.indexOf(name);
        int kd = dropout.indexOf(name);
        return switch (process) {
            case "purchase", "purchase=dropout" -> kp >= 0 ? gammaP[kp] : Double.NaN;
            case "dropout" -> kd >= 0 ? gammaD[kd] : Double.NaN;
            default -> Double.NaN;
        };
    }

    /**
     * The same model (covariates, transforms, reference levels, omega) with other parameters, as a
     * draw of them: standard errors and covariance are not carried over.
     */
    StaticCovariateModel withParameters(TransactionModel plainModel, double[] purchaseCoefficients,
                                        double[] dropoutCoefficients) {
        StaticCovariateModel m = new StaticCovariateModel(plainModel, purchase, purchaseCoefficients, dropout,
                dropoutCoefficients, transform, omega, null, null);
        return new StaticCovariateModel(m, m.seP, m.seD, references, levels, List.of(), null);
    }

    /** The row of a coefficient among covariance names: {@code process:name} or the shared {@code purchase=dropout:name}. */
    static int coefficientRow(List<String> names, String process, String name) {
        int r = names.indexOf(process + ":" + name);
        if (r < 0) {
            r = names.indexOf("purchase=dropout:" + name);
        }
        if (r < 0) {
            throw new IllegalArgumentException("the covariance has no row for the " + process + " coefficient of '"
                    + name + "' (rows: " + names + ")");
        }
        return r;
    }

    /**
     * The names of the rows of {@link #covariance()}; empty when the model records none.
     *
     * @return the names, base parameters first
     */
    public List<String> covarianceNames() {
        return covNames;
    }

    /**
     * The joint covariance of the log base parameters and the coefficients, as recorded at fitting
     * ({@link #withCovariance}); empty for a model file written before it was recorded, a model with
     * known parameters, or a fit whose Hessian was not negative definite.
     *
     * @return a copy of the matrix, if recorded
     */
    public java.util.Optional<double[][]> covariance() {
        if (cov == null) {
            return java.util.Optional.empty();
        }
        double[][] c = new double[cov.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = cov[i].clone();
        }
        return java.util.Optional.of(c);
    }

    static void checkErrors(List<String> names, double[] se, String process) {
        Objects.requireNonNull(se, process + " standard errors");
        if (se.length != names.size()) {
            throw new IllegalArgumentException(se.length + " " + process + " standard errors for " + names.size()
                    + " coefficients");
        }
        for (int k = 0; k < se.length; k++) {
            if (!Double.isNaN(se[k]) && !(se[k] > 0 && Double.isFinite(se[k]))) {
                throw new IllegalArgumentException(process + " standard error of '" + names.get(k) + "' is " + se[k]
                        + ", not a positive finite number (nor NaN for unknown)");
            }
        }
    }

    /**
     * The same model recording the reference level of each categorical column it was fitted with
     * ({@link Covariates#referenceLevels()} of the fitting data), its levels taken to be the
     * reference and those of the model's indicators ({@code column=level}). For files that recorded
     * only reference levels; a fit records every level ({@link #withLevels}).
     *
     * @param referenceLevels column to reference level
     * @return the model with these reference levels
     */
    public StaticCovariateModel withReferenceLevels(Map<String, String> referenceLevels) {
        Map<String, java.util.SortedSet<String>> lv = new LinkedHashMap<>();
        referenceLevels.forEach((c, ref) -> lv.put(c, knownLevels(c, ref)));
        return withLevels(referenceLevels, lv);
    }

    /**
     * The same model recording, for each categorical column it was fitted with, the reference level
     * and every level of the fitting data, so that a file of other customers is coded as the
     * fitting file was ({@link #readCovariates}): a level the fitting data held but the model does
     * not use (the user chose some indicators only) is scored as it was fitted, as the reference,
     * and only a level never seen is an error. Columns none of whose indicators the model uses are
     * left out.
     *
     * @param referenceLevels column to reference level
     * @param columnLevels column to its levels (the reference among them)
     * @return the model with these levels
     * @throws IllegalArgumentException when a column's levels lack its reference level
     */
    public StaticCovariateModel withLevels(Map<String, String> referenceLevels,
                                           Map<String, ? extends java.util.Collection<String>> columnLevels) {
        Map<String, String> used = new LinkedHashMap<>();
        Map<String, java.util.SortedSet<String>> lv = new LinkedHashMap<>();
        referenceLevels.forEach((c, ref) -> {
            if (knownLevels(c, ref).size() > 1) { // at least one of its indicators is used
                java.util.SortedSet<String> all = new java.util.TreeSet<>(columnLevels.containsKey(c)
                        ? columnLevels.get(c) : knownLevels(c, ref));
                all.addAll(knownLevels(c, ref));
                if (!all.contains(ref)) {
                    throw new IllegalArgumentException("the levels of '" + c + "' lack its reference level '" + ref + "'");
                }
                used.put(c, ref);
                lv.put(c, all);
            }
        });
        return new StaticCovariateModel(this, seP, seD, used, lv);
    }

    /**
     * The reference level of each categorical column, as recorded at fitting (empty for a model
     * without categorical covariates or from a file written before they were recorded).
     *
     * @return column to reference level
     */
    public Map<String, String> referenceLevels() {
        return references;
    }

    /** The reference level and the levels of the model's indicators {@code column=level}. */
    private java.util.SortedSet<String> knownLevels(String column, String reference) {
        java.util.SortedSet<String> levels = new java.util.TreeSet<>();
        levels.add(reference);
        String prefix = Covariates.indicatorName(column, "");
        for (String n : transform.keySet()) {
            if (n.startsWith(prefix)) {
                levels.add(n.substring(prefix.length()));
            }
        }
        return levels;
    }

    /**
     * Reads the covariates of customers to score with this model: {@link Covariates#read(Path,
     * String, Map, Map)} with the categorical columns coded by the levels the model was fitted with,
     * so a file need not hold every level, and a customer with a level the model never saw is an
     * error naming them rather than a customer silently scored as the reference level.
     *
     * @param file the covariate table
     * @param idColumn name of the customer id column
     * @return the covariates with ids, untransformed (the model applies its recorded transformation)
     * @throws BadInputException naming the file on a missing id column, a repeated id, an empty cell
     *     or an unknown level
     */
    public Covariates readCovariates(Path file, String idColumn) {
        return Covariates.read(file, idColumn, references, levels);
    }

    /**
     * Every covariate the model needs (purchase, then dropout ones not already named), in order.
     *
     * @return the names
     */
    public List<String> covariateNames() {
        return List.copyOf(transform.keySet());
    }

    /**
     * The recorded centre and scale of a covariate ({@code {centre, scale}}, a copy).
     *
     * @param name a covariate of the model
     * @return the transformation
     * @throws IllegalArgumentException for a covariate the model does not use
     */
    public double[] transform(String name) {
        double[] cs = transform.get(name);
        if (cs == null) {
            throw new IllegalArgumentException("the model has no covariate '" + name + "'");
        }
        return cs.clone();
    }

    /**
     * The plain model of one customer, from transformed covariate values.
     *
     * @param zPurchase transformed purchase covariates, in {@link #purchaseCovariates()} order
     * @param zDropout transformed dropout covariates, in {@link #dropoutCovariates()} order
     * @return the customer's model (a {@link ParetoNbd} or {@link BgNbd} with alpha_i etc.)
     * @throws ChurnkitException when a covariate drives a parameter to 0 or infinity
     */
    public TransactionModel customerModel(double[] zPurchase, double[] zDropout) {
        return modelAt(dot(gammaP, zPurchase), dot(gammaD, zDropout), zPurchase, zDropout);
    }

    /** The customer's model from its linear predictors (the covariates only name it in an error). */
    private TransactionModel modelAt(double etaP, double etaD, double[] zPurchase, double[] zDropout) {
        double[] t = plain.parameterArray();
        double alphaI = t[1] * Math.exp(-etaP);
        try {
            if (plain instanceof ParetoNbd) {
                return ParetoNbd.of(t[0], alphaI, t[2], t[3] * Math.exp(-etaD));
            }
            double e = Math.exp(etaD);
            return BgNbd.of(t[0], alphaI, t[2] * e, t[3] * e);
        } catch (IllegalArgumentException ex) {
            throw new ChurnkitException("the covariates " + Arrays.toString(zPurchase) + " / " + Arrays.toString(zDropout)
                    + " drive a parameter of the customer's model out of range: " + ex.getMessage(), ex);
        }
    }

    private static double dot(double[] g, double[] z) {
        if (z.length != g.length) {
            throw new IllegalArgumentException(g.length + " covariate values needed, got " + z.length);
        }
        double s = 0;
        for (int k = 0; k < g.length; k++) {
            s += g[k] * z[k];
        }
        return s;
    }

    /** A score of customer {@code i} under its own model. */
    @FunctionalInterface
    private interface PerCustomer {
        double score(TransactionModel m, int i);
    }

    /** Distinct customer models kept per chunk of rows; beyond it models are built per customer. */
    static final int MODEL_CACHE = 1 << 16;

    /** Rows of a chunk after which the table of models is dropped if most of them were distinct. */
    private static final int CACHE_SAMPLE = 1024;

    /**
     * {@code f} for each customer of {@code h} with its own model, covariates matched by id and
     * transformed. The rows run in chunks of 8,192 on the common fork-join pool (as {@link
     * Scoring}'s batches); in a chunk a model is built once per distinct pair of linear predictors
     * {@code (gamma_P' z_P, gamma_D' z_D)} (up to {@value #MODEL_CACHE} pairs, then once per
     * customer): with categorical covariates a million customers share a handful of models per
     * chunk instead of each building its own (three special functions in the BG/NBD constructor);
     * when most of a chunk's first 1,024 customers have predictors of their own (a continuous
     * covariate) the rest of the chunk builds a model per customer without the table.
     * The model of a pair is the one {@link #customerModel} builds from the same values, so the
     * scores are the same bit for bit, whatever the chunking.
     */
    private double[] each(Histories h, Covariates covariates, PerCustomer f) {
        double[] out = new double[h.size()];
        if (omega == 0) {
            forEachCustomer(h, covariates, null, m -> m, (m, i) -> out[i] = f.score(m, i));
        } else {
            forEachCustomer(h, covariates, null, this::mixture, (mx, i) -> {
                double[] w = mx.weights(h, i);
                double v = 0;
                for (int k = 0; k < 4; k++) {
                    v += w[k] * f.score(mx.models[k], i);
                }
                out[i] = finite(v, h, i);
            });
        }
        return out;
    }

    /** v, or an error naming customer i when it is not finite. */
    private static double finite(double v, Histories h, int i) {
        if (!Double.isFinite(v)) {
            throw new org.churnkit.NotComputableException(h.describe(i), "cannot compute the prediction of "
                    + h.describe(i) + " under the correlated mixing distribution: it is " + v);
        }
        return v;
    }

    /**
     * A customer's four shifted models of the Sarmanov mixture (see the class comment), with
     * {@code omega K}; {@code S} is what each model was prepared into.
     */
    private static final class Mixture<S> {
        final TransactionModel[] models;
        final List<S> prepared;
        final double omegaK;

        Mixture(TransactionModel[] models, List<S> prepared, double omegaK) {
            this.models = models;
            this.prepared = prepared;
            this.omegaK = omegaK;
        }

        /** The weights of the four models given customer i's history. */
        double[] weights(Histories h, int i) {
            double[] l = new double[4];
            for (int k = 0; k < 4; k++) {
                l[k] = models[k].logLikelihood(h.frequency(i), h.recency(i), h.age(i));
            }
            double[] w = new double[4];
            double logZ = SarmanovMixing.weights(omegaK, l[0], l[1], l[2], l[3], w);
            if (Double.isNaN(logZ)) {
                throw new org.churnkit.NotComputableException(h.describe(i), "cannot compute the correlated mixture "
                        + "for " + h.describe(i) + ": its likelihood is not positive (omega outside the range this "
                        + "customer's covariates allow)");
            }
            return w;
        }

        /** log of customer i's likelihood under the mixture. */
        double logLikelihood(Histories h, int i) {
            double[] l = new double[4];
            for (int k = 0; k < 4; k++) {
                l[k] = models[k].logLikelihood(h.frequency(i), h.recency(i), h.age(i));
            }
            double logZ = SarmanovMixing.weights(omegaK, l[0], l[1], l[2], l[3], new double[4]);
            if (Double.isNaN(logZ)) {
                throw new org.churnkit.NotComputableException(h.describe(i), "cannot compute the correlated likelihood of "
                        + h.describe(i) + ": it is not positive (omega outside the range this customer's covariates allow)");
            }
            return l[0] + logZ;
        }
    }

    /** The mixture of a customer's model (a Pareto/NBD at alpha_i, beta_i). */
    private Mixture<TransactionModel> mixture(TransactionModel m) {
        return mixture(m, x -> x);
    }

    private <S> Mixture<S> mixture(TransactionModel m, java.util.function.Function<TransactionModel, S> prepare) {
        double[] t = m.parameterArray();
        TransactionModel[] ms = {m, ParetoNbd.of(t[0], t[1] + 1, t[2], t[3] + 1), ParetoNbd.of(t[0], t[1] + 1, t[2], t[3]),
            ParetoNbd.of(t[0], t[1], t[2], t[3] + 1)};
        List<S> prepared = new ArrayList<>();
        for (TransactionModel x : ms) {
            prepared.add(prepare.apply(x));
        }
        double k = Math.exp(SarmanovMixing.logL(t[0], t[1]) + SarmanovMixing.logL(t[2], t[3]));
        return new Mixture<>(ms, prepared, customerOmega(t) * k);
    }

    /** What a batch does with customer {@code i} and the object prepared from its model. */
    @FunctionalInterface
    private interface RowSink<S> {
        void accept(S prepared, int i);
    }

    /**
     * Calls {@code sink} for each customer of {@code h} with {@code prepare} applied to its own
     * model, prepared once per distinct pair of linear predictors in a chunk as {@link #each}
     * describes, the chunks on {@code executor} (the common pool when {@code null}); {@code sink}
     * must only write row {@code i}'s own slots.
     */
    private <S> void forEachCustomer(Histories h, Covariates covariates, java.util.concurrent.Executor executor,
                                     java.util.function.Function<TransactionModel, S> prepare, RowSink<S> sink) {
        List<String> distinct = covariateNames();
        for (String n : distinct) {
            if (!covariates.names().contains(n)) {
                throw new ChurnkitException("the covariates lack '" + n + "', which the model needs (it uses "
                        + String.join(", ", distinct) + "; given: "
                        + (covariates.names().isEmpty() ? "none" : String.join(", ", covariates.names())) + ")");
            }
        }
        int[] rows = covariates.rowsFor(h);
        // Column of the covariates, centre and scale of each purchase then dropout covariate.
        int width = purchase.size() + dropout.size();
        int[] col = new int[width];
        double[] centre = new double[width];
        double[] scale = new double[width];
        for (int k = 0; k < width; k++) {
            String nm = k < purchase.size() ? purchase.get(k) : dropout.get(k - purchase.size());
            col[k] = covariates.names().indexOf(nm);
            centre[k] = transform.get(nm)[0];
            scale[k] = transform.get(nm)[1];
        }
        int p = purchase.size();
        int q = dropout.size();
        Scoring.chunks(h.size(), executor, (from, to) -> chunk(h, covariates, rows, col, centre, scale, p, q, from, to,
                prepare, sink));
    }

    /** Customers {@code from..to-1} of {@link #forEachCustomer}, with a table of prepared models of their own. */
    private <S> void chunk(Histories h, Covariates covariates, int[] rows, int[] col, double[] centre, double[] scale,
                           int p, int q, int from, int to, java.util.function.Function<TransactionModel, S> prepare,
                           RowSink<S> sink) {
        double[] zp = new double[p];
        double[] zd = new double[q];
        // Open addressing on the bits of the two predictors; linear probing, never resized.
        int cap = Integer.highestOneBit(Math.max(16, Math.min(2 * MODEL_CACHE, 2 * (to - from)))) * 2;
        long[] keyP = new long[cap];
        long[] keyD = new long[cap];
        Object[] models = new Object[cap];
        int stored = 0;
        // With a continuous covariate nearly every customer has a predictor of its own: after a
        // sample of rows that says so, models are prepared per customer without the table (no
        // probing, and no thousands of prepared models kept alive to the end of the chunk).
        boolean caching = true;
        for (int i = from; i < to; i++) {
            if (caching && i - from == CACHE_SAMPLE && stored > CACHE_SAMPLE / 2) {
                caching = false;
            }
            int row = rows == null ? i : rows[i];
            // The transformation of Covariates#value, with the model's recorded centre and scale.
            for (int k = 0; k < p; k++) {
                zp[k] = (covariates.rawValue(row, col[k]) - centre[k]) / scale[k];
            }
            for (int k = 0; k < q; k++) {
                zd[k] = (covariates.rawValue(row, col[p + k]) - centre[p + k]) / scale[p + k];
            }
            double etaP = dot(gammaP, zp);
            double etaD = dot(gammaD, zd);
            long bp = Double.doubleToLongBits(etaP);
            long bd = Double.doubleToLongBits(etaD);
            int slot = -1;
            S m = null;
            if (caching) {
                slot = (int) mix(bp * 31 + bd) & (cap - 1);
                while (models[slot] != null && (keyP[slot] != bp || keyD[slot] != bd)) {
                    slot = (slot + 1) & (cap - 1);
                }
                @SuppressWarnings("unchecked") // the table holds only what prepare returned
                S cached = (S) models[slot];
                m = cached;
            }
            if (m == null) {
                try {
                    m = Objects.requireNonNull(prepare.apply(modelAt(etaP, etaD, zp, zd)), "prepared model");
                } catch (ChurnkitException e) {
                    throw new ChurnkitException(h.describe(i) + ": " + e.getMessage(), e);
                }
                if (caching && stored < MODEL_CACHE) {
                    keyP[slot] = bp;
                    keyD[slot] = bd;
                    models[slot] = m;
                    stored++;
                }
            }
            sink.accept(m, i);
        }
    }

    /** A 64-bit finaliser (MurmurHash3's), so that close predictors spread over the table. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /**
     * P(alive) at the end of calibration for each customer of {@code h}, with their covariates.
     *
     * @param h the customers' histories (with ids when {@code covariates} has ids)
     * @param covariates the customers' raw covariates (any extra columns are ignored)
     * @return one probability per customer
     * @throws ChurnkitException naming a customer without covariates or a covariate the file lacks
     */
    public double[] pAlive(Histories h, Covariates covariates) {
        return each(h, covariates, (m, i) -> m.pAlive(h.frequency(i), h.recency(i), h.age(i)));
    }

    /**
     * Conditional expected transactions in {@code (T, T+t]} for each customer, with their covariates.
     *
     * @param h the customers' histories
     * @param covariates the customers' raw covariates
     * @param t the horizon, {@code >= 0}
     * @return one expectation per customer
     * @throws ChurnkitException naming a customer without covariates or a covariate the file lacks
     */
    public double[] expectedTransactions(Histories h, Covariates covariates, double t) {
        return each(h, covariates, (m, i) -> m.expectedTransactions(h.frequency(i), h.recency(i), h.age(i), t));
    }

    /**
     * Discounted expected residual transactions (DERT; {@code horizon = infinity}) or their
     * finite-horizon form, for each customer with their covariates.
     *
     * @param h the customers' histories
     * @param covariates the customers' raw covariates
     * @param delta continuous discount rate per time unit, {@code > 0}
     * @param horizon the horizon, {@code > 0}, possibly infinite
     * @return one value per customer
     * @throws ChurnkitException naming a customer without covariates or a covariate the file lacks
     */
    public double[] discountedExpectedTransactions(Histories h, Covariates covariates, double delta, double horizon) {
        return each(h, covariates, (m, i) -> m.discountedExpectedTransactions(h.frequency(i), h.recency(i), h.age(i),
                delta, horizon));
    }

    /**
     * The scores of {@link Scoring} for each customer with their covariates: every column the
     * plain engine computes with these settings ({@link Scoring#columns()}), each customer scored by
     * {@code Scoring.of(customerModel, settings)}. So p_alive, expected_transactions and dert are
     * the plain model's with the customer's own parameters (alpha_i, beta_i or a_i, b_i), the
     * discount rate is the settings' delta as for plain scoring, expected_spend is the spend
     * model's (Gamma-Gamma has no covariates: the same value as plain scoring gives), and clv,
     * alive_value and value_at_risk are those of {@link CustomerValue} from these. With every
     * coefficient zero the scores are exactly the plain engine's (a single customer of
     * {@link Scoring} runs the same code as a row of its batch).
     *
     * <p>Speed: rows run in chunks on the settings' executor (every core by default). A
     * Pareto/NBD customer's engine shares the parts of the plain engine's kernel that depend on s
     * only (with continuous covariates every customer has an engine of its own, and rebuilding
     * them cost ten times the scoring), so a customer costs about what a row of a plain batch
     * costs; the values are those of {@code Scoring.of(customerModel, settings)} bit for bit.
     *
     * @param h the customers' histories (with monetary values when the settings have a spend model)
     * @param covariates the customers' raw covariates
     * @param settings what to compute, as for {@link Scoring#of(TransactionModel, ScoringSettings)}
     * @return the scores, one value per row, in {@link Scores} layout
     * @throws ChurnkitException naming a customer without covariates, a covariate the file lacks or
     *     a customer who cannot be scored; or when a spend model is given without monetary values
     */
    public Scores score(Histories h, Covariates covariates, ScoringSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Scoring plainScoring = Scoring.of(plain, settings); // the column layout of every customer's engine
        boolean spend = settings.spendModel().isPresent();
        if (spend && !h.hasMonetary()) {
            throw new ChurnkitException("scoring with a spend model needs a monetary_value column");
        }
        int n = h.size();
        double[] pa = new double[n];
        double[] et = new double[n];
        double[] es = spend ? new double[n] : null;
        double[] de = plainScoring.hasDert() ? new double[n] : null;
        double[] da = de != null ? new double[n] : null;
        double[] clv = plainScoring.hasValue() ? new double[n] : null;
        double[] av = clv != null ? new double[n] : null;
        double[] risk = clv != null ? new double[n] : null;
        if (omega != 0) {
            forEachCustomer(h, covariates, settings.executorOrNull(), m -> mixture(m, x -> Scoring.of(x, settings)), (mx, i) -> {
                double[] w = mx.weights(h, i);
                CustomerScore[] c = new CustomerScore[4];
                for (int k = 0; k < 4; k++) {
                    try {
                        c[k] = mx.prepared.get(k).score(h.frequency(i), h.recency(i), h.age(i),
                                spend ? h.monetary(i) : Double.NaN);
                    } catch (ChurnkitException e) {
                        throw new ChurnkitException(h.describe(i) + ": " + e.getMessage(), e);
                    }
                }
                double pAlive = 0;
                double expected = 0;
                for (int k = 0; k < 4; k++) {
                    pAlive += w[k] * c[k].pAlive();
                    expected += w[k] * c[k].expectedTransactions();
                }
                pa[i] = Math.min(1, Math.max(0, finite(pAlive, h, i)));
                et[i] = Math.max(0, finite(expected, h, i));
                if (es != null) {
                    es[i] = c[0].expectedSpend(); // the spend model does not depend on lambda, mu
                }
                // Given alive: the weights w_k P(alive)_k / P(alive) (plain weights if P(alive) underflows).
                double[] wa = new double[4];
                double sa = 0;
                for (int k = 0; k < 4; k++) {
                    wa[k] = w[k] * c[k].pAlive();
                    sa += wa[k];
                }
                for (int k = 0; k < 4; k++) {
                    wa[k] = sa > 0 ? wa[k] / sa : w[k];
                }
                if (de != null) {
                    double d = 0;
                    double a = 0;
                    for (int k = 0; k < 4; k++) {
                        d += w[k] * c[k].dert();
                        a += wa[k] * c[k].dertIfAlive();
                    }
                    de[i] = Math.max(0, finite(d, h, i));
                    da[i] = Math.max(0, finite(a, h, i));
                }
                if (clv != null) {
                    double v = 0;
                    double a = 0;
                    for (int k = 0; k < 4; k++) {
                        v += w[k] * c[k].clv();
                        a += wa[k] * c[k].aliveValue();
                    }
                    clv[i] = Math.max(0, finite(v, h, i));
                    av[i] = Math.max(0, finite(a, h, i));
                    risk[i] = (1 - pa[i]) * av[i];
                }
            });
            return new Scores(pa, et, es, de, da, clv, av, risk);
        }
        // Each customer's engine is the plain engine's with the customer's own parameters
        // (Scoring#forCustomer: for Pareto/NBD the s-only parts of the kernel are shared, not
        // rebuilt per customer), on the settings' executor.
        // One row buffer per thread: a customer allocates nothing but its engine.
        ThreadLocal<double[]> buffer = ThreadLocal.withInitial(() -> new double[CustomerScore.WIDTH]);
        forEachCustomer(h, covariates, settings.executorOrNull(), plainScoring::forCustomer, (s, i) -> {
            double[] c = buffer.get();
            try {
                s.scoreInto(h.frequency(i), h.recency(i), h.age(i), spend ? h.monetary(i) : Double.NaN, c);
            } catch (ChurnkitException e) {
                throw new ChurnkitException(h.describe(i) + ": " + e.getMessage(), e);
            }
            pa[i] = c[CustomerScore.P_ALIVE];
            et[i] = c[CustomerScore.EXPECTED];
            if (es != null) {
                es[i] = c[CustomerScore.SPEND];
            }
            if (de != null) {
                de[i] = c[CustomerScore.DERT];
                da[i] = c[CustomerScore.DERT_IF_ALIVE];
            }
            if (clv != null) {
                clv[i] = c[CustomerScore.CLV];
                av[i] = c[CustomerScore.ALIVE_VALUE];
                risk[i] = c[CustomerScore.VALUE_AT_RISK];
            }
        });
        return new Scores(pa, et, es, de, da, clv, av, risk);
    }

    /**
     * The predictive interval of each customer's number of transactions over the next {@code t}
     * time units: {@link PredictiveDistribution#interval} of the customer's own model
     * ({@link #customerModel}) at the point estimate, the outcome spread of what the customer will
     * actually do (not the uncertainty of the expected value). Rows run in chunks on
     * {@code executor}, one distribution per distinct pair of linear predictors in a chunk.
     *
     * <p>With correlated rates (omega not 0) the count's distribution given the history is, as
     * every other prediction of the model (see the class comment), the weighted sum of those of
     * the customer's four shifted models, {@code P(X = k) = sum_c w_c P_c(X = k)} with the weights
     * of {@link #expectedTransactions}: given alive at T the posterior of (lambda, mu) is
     * proportional to {@code lambda^(r+x-1) e^(-lambda (alpha_i+T)) mu^(s-1) e^(-mu (beta_i+T))
     * [1 + omega (e^-lambda - L1_i)(e^-mu - L2_i)]}, whose bracket expands into four products of
     * Gamma posteriors with alpha_i and beta_i shifted by 0 or 1. Its mean is the model's
     * conditional expected transactions (to 1e-9, tested), and omega = 0 gives the independent
     * model's intervals exactly. A probability below zero beyond rounding (the mixing density
     * negative for this customer's covariates) is an error naming the customer.
     *
     * @param h the customers' histories
     * @param covariates the customers' raw covariates
     * @param t the window, finite and {@code > 0}
     * @param level the probability each interval holds at least, in (0, 1)
     * @param executor where chunks run, {@code null} for the common fork-join pool
     * @return {lower, upper}: whole counts, one value per customer
     * @throws ChurnkitException naming a customer who cannot be computed or has no covariates
     * @throws IllegalArgumentException when the window or the level is invalid
     */
    public double[][] predictiveIntervals(Histories h, Covariates covariates, double t, double level,
                                          java.util.concurrent.Executor executor) {
        Objects.requireNonNull(h, "h");
        PredictiveDistribution.checkLevel(level);
        PredictiveDistribution.of(plain, t); // checks the window before any customer
        double[] lo = new double[h.size()];
        double[] hi = new double[h.size()];
        double pl = (1 - level) / 2;
        double pu = (1 + level) / 2;
        if (omega != 0) {
            forEachCustomer(h, covariates, executor, m -> mixture(m, x -> PredictiveDistribution.of(x, t)), (mx, i) -> {
                int[] q;
                try {
                    q = PredictiveDistribution.quantiles(predictiveTerms(mx, h, i), pl, pu, h.frequency(i),
                            h.recency(i), h.age(i));
                } catch (RuntimeException e) {
                    throw new ChurnkitException("cannot compute the predictive interval of " + h.describe(i) + ": "
                            + e.getMessage(), e);
                }
                lo[i] = q[0];
                hi[i] = q[1];
            });
            return new double[][] {lo, hi};
        }
        forEachCustomer(h, covariates, executor, m -> PredictiveDistribution.of(m, t), (d, i) -> {
            int[] q;
            try {
                q = d.interval(h.frequency(i), h.recency(i), h.age(i), level);
            } catch (RuntimeException e) {
                throw new ChurnkitException("cannot compute the predictive interval of " + h.describe(i) + ": "
                        + e.getMessage(), e);
            }
            lo[i] = q[0];
            hi[i] = q[1];
        });
        return new double[][] {lo, hi};
    }

    /**
     * {@code P(X = k)} for {@code k = 0 .. maxCount} over the next {@code t} time units, for every
     * customer: the distributions whose quantiles {@link #predictiveIntervals} takes.
     */
    double[][] predictiveProbabilities(Histories h, Covariates covariates, double t, int maxCount) {
        double[][] out = new double[h.size()][];
        if (omega != 0) {
            forEachCustomer(h, covariates, null, m -> mixture(m, x -> PredictiveDistribution.of(x, t)),
                    (mx, i) -> out[i] = PredictiveDistribution.take(predictiveTerms(mx, h, i), maxCount));
        } else {
            forEachCustomer(h, covariates, null, m -> PredictiveDistribution.of(m, t),
                    (d, i) -> out[i] = d.probabilities(h.frequency(i), h.recency(i), h.age(i), maxCount));
        }
        return out;
    }

    /** Customer i's count distribution under the correlated mixture: the four models' with the mixture's weights. */
    private static PredictiveDistribution.Terms predictiveTerms(Mixture<PredictiveDistribution> mx, Histories h, int i) {
        double[] w = mx.weights(h, i);
        PredictiveDistribution.Terms[] parts = new PredictiveDistribution.Terms[4];
        for (int k = 0; k < 4; k++) {
            parts[k] = mx.prepared.get(k).terms(h.frequency(i), h.recency(i), h.age(i));
        }
        return PredictiveDistribution.signedMixture(w, parts);
    }

    /**
     * Total log-likelihood of the customers with their covariates (weights ignored).
     *
     * @param h the customers' histories
     * @param covariates the customers' raw covariates
     * @return the sum of per-customer log-likelihoods
     */
    public double logLikelihood(Histories h, Covariates covariates) {
        double[] terms;
        if (omega == 0) {
            terms = each(h, covariates, (m, i) -> m.logLikelihood(h.frequency(i), h.recency(i), h.age(i)));
        } else {
            double[] out = new double[h.size()];
            forEachCustomer(h, covariates, null, this::mixture, (mx, i) -> out[i] = mx.logLikelihood(h, i));
            terms = out;
        }
        double s = 0;
        for (double v : terms) {
            s += v;
        }
        return s;
    }

    // ------------------------------------------------------------------ model files

    /**
     * The model's JSON: the plain model's ({@link ModelFiles#toJson}) plus {@code "covariates"}.
     *
     * @return the JSON text
     */
    public String toJson() {
        Map<String, Object> root = plainJson(plain);
        Map<String, Object> cov = new LinkedHashMap<>();
        cov.put("purchase", named(purchase, gammaP));
        cov.put("dropout", named(dropout, gammaD));
        Map<String, Object> tr = new LinkedHashMap<>();
        transform.forEach((n, cs) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("centre", cs[0]);
            o.put("scale", cs[1]);
            tr.put(n, o);
        });
        cov.put("transform", tr);
        if (!references.isEmpty()) {
            cov.put("reference_levels", new LinkedHashMap<>(references));
            Map<String, Object> lv = new LinkedHashMap<>();
            levels.forEach((c, l) -> lv.put(c, new ArrayList<>(l)));
            cov.put("levels", lv);
        }
        putStandardErrors(cov, purchase, seP, dropout, seD);
        if (this.cov != null) {
            cov.put("covariance", covarianceJson(covNames, this.cov));
        }
        root.put("covariates", cov);
        if (omega != 0) {
            Map<String, Object> corr = new LinkedHashMap<>();
            corr.put("omega", omega);
            corr.put("reference_correlation", correlation());
            root.put("correlation", corr);
        }
        return JsonText.write(root);
    }

    /**
     * The plain model's file as a JSON object, to which a covariate model adds its section (this
     * one's {@code "covariates"}, the time-varying model's {@code "time_varying_covariates"}).
     */
    static Map<String, Object> plainJson(FittedModel plain) {
        Object base = JsonText.parse(ModelFiles.toJson(plain), "model");
        @SuppressWarnings("unchecked")
        Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) base);
        return root;
    }

    /**
     * Adds {@code "standard_errors": {"purchase": {...}, "dropout": {...}}} to a covariate
     * section, with only the known (not NaN) ones: a file without them (or with some missing)
     * reads as unknown. Nothing when none is known.
     */
    static void putStandardErrors(Map<String, Object> section, List<String> purchase, double[] seP,
                                  List<String> dropout, double[] seD) {
        Map<String, Object> se = new LinkedHashMap<>();
        Map<String, Object> seNamesP = finiteNamed(purchase, seP);
        Map<String, Object> seNamesD = finiteNamed(dropout, seD);
        if (!seNamesP.isEmpty()) {
            se.put("purchase", seNamesP);
        }
        if (!seNamesD.isEmpty()) {
            se.put("dropout", seNamesD);
        }
        if (!se.isEmpty()) {
            section.put("standard_errors", se);
        }
    }

    static Map<String, Object> finiteNamed(List<String> names, double[] v) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < v.length; k++) {
            if (!Double.isNaN(v[k])) {
                m.put(names.get(k), v[k]);
            }
        }
        return m;
    }

    /** {@code names[k]: v[k]} in order: a model file's coefficients. */
    static Map<String, Object> named(List<String> names, double[] v) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < v.length; k++) {
            m.put(names.get(k), v[k]);
        }
        return m;
    }

    /**
     * Parses a model file's JSON. A plain model's file (no {@code "covariates"}) gives a model
     * without covariates, which predicts exactly as the plain model.
     *
     * @param json the JSON text
     * @param source names the text in errors (a file name)
     * @return the model
     * @throws BadInputException naming the source and what is wrong
     */
    public static StaticCovariateModel parse(String json, String source) {
        Map<?, ?> root = rootObject(json, source);
        Object cov = root.get("covariates");
        double om = omegaOf(root.get("correlation"), source);
        TransactionModel plain = plainPart(root, source, TransactionModel.class, "covariates", "correlation");
        if (cov == null) {
            if (!(plain instanceof ParetoNbd) && !(plain instanceof BgNbd)) {
                throw BadInputException.of("model file " + source + ": covariates need a Pareto/NBD or BG/NBD model, this is "
                        + plain.kind().id());
            }
            return withOmega(of(plain, List.of(), new double[0], List.of(), new double[0], Map.of()), om, source);
        }
        if (!(cov instanceof Map<?, ?> c)) {
            throw BadInputException.of("model file " + source + ": \"covariates\" must be an object");
        }
        List<String> pn = new ArrayList<>();
        List<String> dn = new ArrayList<>();
        double[] pg = coefficients(c.get("purchase"), pn, source, "purchase");
        double[] dg = coefficients(c.get("dropout"), dn, source, "dropout");
        Map<String, double[]> tr = new LinkedHashMap<>();
        if (c.get("transform") instanceof Map<?, ?> t) {
            for (Map.Entry<?, ?> e : t.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> o) || !(o.get("centre") instanceof Number cn)
                        || !(o.get("scale") instanceof Number sc)) {
                    throw BadInputException.of("model file " + source + ": transform of covariate '" + e.getKey()
                            + "' must be {\"centre\": number, \"scale\": number}");
                }
                tr.put((String) e.getKey(), new double[] {cn.doubleValue(), sc.doubleValue()});
            }
        } else if (c.get("transform") != null) {
            throw BadInputException.of("model file " + source + ": \"covariates.transform\" must be an object");
        }
        try {
            StaticCovariateModel m = withOmega(of(plain, pn, pg, dn, dg, tr), om, source);
            Object refs = c.get("reference_levels");
            if (refs != null) {
                if (!(refs instanceof Map<?, ?> rm)) {
                    throw BadInputException.of("model file " + source + ": \"covariates.reference_levels\" must be an "
                            + "object of column name to level");
                }
                Map<String, String> r = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : rm.entrySet()) {
                    if (!(e.getValue() instanceof String level)) {
                        throw BadInputException.of("model file " + source + ": the reference level of '" + e.getKey()
                                + "' must be a string");
                    }
                    r.put((String) e.getKey(), level);
                }
                Object lvNode = c.get("levels");
                if (lvNode == null) {
                    m = m.withReferenceLevels(r); // written before every level was recorded
                } else {
                    if (!(lvNode instanceof Map<?, ?> lm)) {
                        throw BadInputException.of("model file " + source + ": \"covariates.levels\" must be an object "
                                + "of column name to its levels");
                    }
                    Map<String, List<String>> lv = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : lm.entrySet()) {
                        if (!(e.getValue() instanceof List<?> l) || !l.stream().allMatch(String.class::isInstance)) {
                            throw BadInputException.of("model file " + source + ": the levels of '" + e.getKey()
                                    + "' must be a list of strings");
                        }
                        lv.put((String) e.getKey(), l.stream().map(String.class::cast).toList());
                    }
                    m = m.withLevels(r, lv);
                }
            }
            Object se = c.get("standard_errors");
            if (se != null) { // absent in files written before standard errors were recorded
                if (!(se instanceof Map<?, ?> sem)) {
                    throw BadInputException.of("model file " + source + ": \"covariates.standard_errors\" must be an object");
                }
                m = m.withStandardErrors(standardErrors(sem.get("purchase"), pn, source, "purchase"),
                        standardErrors(sem.get("dropout"), dn, source, "dropout"));
            }
            Object cv = c.get("covariance");
            return cv == null ? m : withCovariance(m, cv, source); // absent in files written before it was recorded
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("model file " + source + ": " + e.getMessage(), e);
        }
    }

    /** A covariance as a model file records it: {@code {"parameters": names, "matrix": rows}}. */
    static Map<String, Object> covarianceJson(List<String> names, double[][] c) {
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("parameters", new ArrayList<>(names));
        List<Object> rowsOut = new ArrayList<>();
        for (double[] row : c) {
            List<Object> r = new ArrayList<>();
            for (double v : row) {
                r.add(v);
            }
            rowsOut.add(r);
        }
        cm.put("matrix", rowsOut);
        return cm;
    }

    /** The model with the covariance of a file's {@code covariates.covariance} object. */
    private static StaticCovariateModel withCovariance(StaticCovariateModel m, Object node, String source) {
        CovarianceNode c = covarianceNode(node, source, "covariates");
        return m.withCovariance(c.names(), c.matrix());
    }

    /** Row names and rows of a model file's covariance object. */
    record CovarianceNode(List<String> names, double[][] matrix) {}

    /** Reads a model file's {@code section.covariance} object (not yet checked against a model). */
    static CovarianceNode covarianceNode(Object node, String source, String section) {
        String what = "model file " + source + ": \"" + section + ".covariance\" must be an object with \"parameters\" "
                + "(a list of names) and \"matrix\" (a list of rows of numbers)";
        if (!(node instanceof Map<?, ?> cm) || !(cm.get("parameters") instanceof List<?> pl)
                || !pl.stream().allMatch(String.class::isInstance) || !(cm.get("matrix") instanceof List<?> rows)) {
            throw BadInputException.of(what);
        }
        double[][] c = new double[rows.size()][];
        for (int i = 0; i < c.length; i++) {
            if (!(rows.get(i) instanceof List<?> row) || !row.stream().allMatch(Number.class::isInstance)) {
                throw BadInputException.of(what + "; row " + (i + 1) + " is not a list of numbers");
            }
            c[i] = row.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        }
        return new CovarianceNode(pl.stream().map(String.class::cast).toList(), c);
    }

    /** omega of a file's {@code "correlation"} object; 0 when absent (files from before correlation). */
    private static double omegaOf(Object node, String source) {
        if (node == null) {
            return 0;
        }
        if (!(node instanceof Map<?, ?> m) || !(m.get("omega") instanceof Number v) || !Double.isFinite(v.doubleValue())) {
            throw BadInputException.of("model file " + source + ": \"correlation\" must be an object with a finite "
                    + "number \"omega\"");
        }
        return v.doubleValue();
    }

    private static StaticCovariateModel withOmega(StaticCovariateModel m, double omega, String source) {
        try {
            return m.withCorrelation(omega);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("model file " + source + ": " + e.getMessage(), e);
        }
    }

    /** The recorded standard errors of one process, NaN for a coefficient without one. */
    private static double[] standardErrors(Object node, List<String> names, String source, String process) {
        return standardErrors(node, names, source, process, "covariates");
    }

    /** The standard errors of a file's {@code SECTION.standard_errors.PROCESS} object; NaN where absent. */
    static double[] standardErrors(Object node, List<String> names, String source, String process, String section) {
        double[] se = nans(names.size());
        if (node == null) {
            return se;
        }
        if (!(node instanceof Map<?, ?> m)) {
            throw BadInputException.of("model file " + source + ": \"" + section + ".standard_errors." + process
                    + "\" must be an object of covariate name to standard error");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            int k = names.indexOf(e.getKey());
            if (k < 0) {
                throw BadInputException.of("model file " + source + ": standard error of " + process + " covariate '"
                        + e.getKey() + "', which has no coefficient");
            }
            if (!(e.getValue() instanceof Number v)) {
                throw BadInputException.of("model file " + source + ": " + process + " standard error of '" + e.getKey()
                        + "' must be a number, got " + JsonText.inline(e.getValue()));
            }
            se[k] = v.doubleValue();
        }
        return se;
    }

    private static double[] coefficients(Object node, List<String> names, String source, String process) {
        return coefficients(node, names, source, process, "covariates");
    }

    /** The coefficients of a file's {@code SECTION.PROCESS} object (name to number), their names added to {@code names}. */
    static double[] coefficients(Object node, List<String> names, String source, String process, String section) {
        if (node == null) {
            return new double[0];
        }
        if (!(node instanceof Map<?, ?> m)) {
            throw BadInputException.of("model file " + source + ": \"" + section + "." + process
                    + "\" must be an object of covariate name to coefficient");
        }
        double[] g = new double[m.size()];
        int k = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof Number v) || !Double.isFinite(v.doubleValue())) {
                throw BadInputException.of("model file " + source + ": " + process + " coefficient of '" + e.getKey()
                        + "' must be a finite number, got " + JsonText.inline(e.getValue()));
            }
            names.add((String) e.getKey());
            g[k++] = v.doubleValue();
        }
        return g;
    }

    /**
     * Reads a model file (with or without covariates).
     *
     * @param file the model JSON file
     * @return the model
     * @throws BadInputException naming the file and what is wrong
     * @throws ChurnkitException naming the file when it cannot be read
     */
    public static StaticCovariateModel read(Path file) {
        return parse(ModelFiles.readText(file), file.toString());
    }

    /** A model file's JSON object. */
    static Map<?, ?> rootObject(String json, String source) {
        Object rootObj = JsonText.parse(json, "model file " + source);
        if (!(rootObj instanceof Map<?, ?> root)) {
            throw BadInputException.of("model file " + source + ": expected a JSON object");
        }
        return root;
    }

    /**
     * The plain model a covariate model's file holds: its JSON object without the covariate
     * model's {@code sections}, read as a plain model file of this type.
     */
    static <M extends FittedModel> M plainPart(Map<?, ?> root, String source, Class<M> type, String... sections) {
        List<String> skip = List.of(sections);
        Map<String, Object> plainRoot = new LinkedHashMap<>();
        root.forEach((k, v) -> {
            if (!skip.contains(k)) {
                plainRoot.put((String) k, v);
            }
        });
        return ModelFiles.parse(JsonText.write(plainRoot), source, type);
    }

    /**
     * Writes the model file atomically.
     *
     * @param file the target
     * @throws ChurnkitException naming the file when it cannot be written
     */
    public void write(Path file) {
        ModelFiles.writeText(file, toJson());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StaticCovariateModel m)) {
            return false;
        }
        if (!plain.equals(m.plain) || Double.compare(omega, m.omega) != 0
                || Double.compare(drawnOmega, m.drawnOmega) != 0 || !purchase.equals(m.purchase) || !dropout.equals(m.dropout)
                || !Arrays.equals(gammaP, m.gammaP) || !Arrays.equals(gammaD, m.gammaD)
                || !Arrays.equals(seP, m.seP) || !Arrays.equals(seD, m.seD) || !references.equals(m.references) || !levels.equals(m.levels)
                || !covNames.equals(m.covNames) || !Arrays.deepEquals(cov, m.cov)
                || !transform.keySet().equals(m.transform.keySet())) {
            return false;
        }
        for (String n : transform.keySet()) {
            if (!Arrays.equals(transform.get(n), m.transform.get(n))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(plain, purchase, dropout, Arrays.hashCode(gammaP), Arrays.hashCode(gammaD), omega);
    }

    @Override
    public String toString() {
        return "StaticCovariateModel[" + plain + ", purchase " + named(purchase, gammaP) + ", dropout "
                + named(dropout, gammaD) + (omega != 0 ? ", omega " + omega : "") + "]";
    }
}
