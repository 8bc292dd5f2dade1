package org.churnkit.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.BadInputException;
import org.churnkit.io.JsonText;

/**
 * A Pareto/NBD model with time-varying covariates (Bachmann, Meierer and Naef 2021, Marketing
 * Science 40(4)): customer i buys at rate {@code lambda exp(gamma_P' z_i(t))} and drops out at rate
 * {@code mu exp(gamma_D' z_i(t))}, {@code lambda ~ Gamma(r, alpha)}, {@code mu ~ Gamma(s, beta)},
 * covariates constant within each period. Positive coefficients mean more purchases, more dropout.
 *
 * <p>Predictions for customers given as {@link TimeVaryingCovariates} (their calibration paths
 * and, for expectations, the covariates of a future window), with {@code A(t)}, {@code B(t)} the
 * integrals of the rate factors from the first purchase:
 * <pre>
 *   P(alive at T) = (alpha + A(T))^-(r+x) (beta + B(T))^-s / [that + s I]         (I: see the likelihood)
 *   E[X(T, T + h)] = P(alive) (r + x)/(alpha + A(T)) int_T^{T+h} a(u) ((beta + B(T))/(beta + B(u)))^s du
 * </pre>
 * the integral in closed form per period: {@code a (Q_T/Q_0)^s Q_0/b (1 - (1 + b l/Q_0)^(1-s))/(s-1)}
 * ({@code log(1 + b l/Q_0)} at {@code s = 1}). DERT over an unbounded horizon and CLV are not
 * offered: with time-varying covariates they need the covariates to infinity, which no data give.
 * Expectations are over the window whose covariates are given, discounted ones too
 * ({@link #discountedExpectedTransactions}: the plain models' finite-horizon DERT, the same number).
 *
 * <p>Model file: the plain Pareto/NBD file plus {@code "time_varying_covariates"} (coefficients
 * per process, reference levels, the transformation of each covariate, which is the identity here,
 * time unit and period length, and, when known, {@code standard_errors} per process, which change
 * no prediction, and {@code covariance}, the joint covariance of the log base parameters and the
 * coefficients that prediction intervals draw from, as a static-covariate model file records it;
 * files written before it was recorded still load); the plain loader refuses it. Immutable.
 */
public final class TimeVaryingCovariateModel {
    private final ParetoNbd plain;
    private final List<String> purchase;
    private final double[] gammaP;
    private final List<String> dropout;
    private final double[] gammaD;
    private final Map<String, String> referenceLevels;
    private final TimeUnit unit;
    private final double periodLength;
    /** Recorded standard errors of the coefficients (NaN: unknown); they change no prediction. */
    private final double[] seP;
    private final double[] seD;
    /** Names of the rows of {@link #cov}; empty without a covariance. */
    private final List<String> covNames;
    /** Joint covariance of (log base parameters, coefficients) as recorded at fitting; null when unknown. */
    private final double[][] cov;

    private TimeVaryingCovariateModel(ParetoNbd plain, List<String> purchase, double[] gammaP, List<String> dropout,
                                      double[] gammaD, Map<String, String> referenceLevels, TimeUnit unit,
                                      double periodLength) {
        this(plain, purchase, gammaP, dropout, gammaD, referenceLevels, unit, periodLength,
                StaticCovariateModel.nans(gammaP.length), StaticCovariateModel.nans(gammaD.length));
    }

    private TimeVaryingCovariateModel(ParetoNbd plain, List<String> purchase, double[] gammaP, List<String> dropout,
                                      double[] gammaD, Map<String, String> referenceLevels, TimeUnit unit,
                                      double periodLength, double[] seP, double[] seD) {
        this(plain, purchase, gammaP, dropout, gammaD, referenceLevels, unit, periodLength, seP, seD, List.of(), null);
    }

    private TimeVaryingCovariateModel(ParetoNbd plain, List<String> purchase, double[] gammaP, List<String> dropout,
                                      double[] gammaD, Map<String, String> referenceLevels, TimeUnit unit,
                                      double periodLength, double[] seP, double[] seD, List<String> covNames,
                                      double[][] cov) {
        this.covNames = List.copyOf(covNames);
        this.cov = cov;
        this.seP = seP.clone();
        this.seD = seD.clone();
        this.plain = plain;
        this.purchase = List.copyOf(purchase);
        this.gammaP = gammaP.clone();
        this.dropout = List.copyOf(dropout);
        this.gammaD = gammaD.clone();
        this.referenceLevels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(referenceLevels));
        this.unit = unit;
        this.periodLength = periodLength;
    }

    /**
     * A model.
     *
     * @param plain the base parameters (r, alpha, s, beta), with its fit summary when fitted
     * @param purchase purchase covariate names
     * @param gammaP their coefficients
     * @param dropout dropout covariate names
     * @param gammaD their coefficients
     * @param referenceLevels reference level per categorical column (for the record)
     * @param unit time unit
     * @param periodLength period length in the unit, {@code > 0}
     * @return the model
     * @throws IllegalArgumentException on mismatched lengths, repeated names or non-finite values
     */
    public static TimeVaryingCovariateModel of(ParetoNbd plain, List<String> purchase, double[] gammaP,
                                               List<String> dropout, double[] gammaD,
                                               Map<String, String> referenceLevels, TimeUnit unit,
                                               double periodLength) {
        Objects.requireNonNull(plain, "plain");
        check(purchase, gammaP, "purchase");
        check(dropout, gammaD, "dropout");
        Objects.requireNonNull(unit, "unit");
        if (!(periodLength > 0) || Double.isInfinite(periodLength)) {
            throw new IllegalArgumentException("period length must be positive and finite, got " + periodLength);
        }
        return new TimeVaryingCovariateModel(plain, purchase, gammaP, dropout, gammaD, referenceLevels, unit,
                periodLength);
    }

    private static void check(List<String> names, double[] g, String process) {
        if (names.size() != g.length) {
            throw new IllegalArgumentException(names.size() + " " + process + " covariates, " + g.length + " coefficients");
        }
        if (new java.util.HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("repeated " + process + " covariate in " + names);
        }
        for (int k = 0; k < g.length; k++) {
            if (!Double.isFinite(g[k])) {
                throw new IllegalArgumentException(process + " coefficient of '" + names.get(k) + "' is " + g[k]);
            }
        }
    }

    /**
     * The base parameters as a plain Pareto/NBD model (its summary, when fitted, covers them).
     *
     * @return r, alpha, s, beta
     */
    public ParetoNbd plainModel() {
        return plain;
    }

    /**
     * Purchase covariate names.
     *
     * @return the names
     */
    public List<String> purchaseCovariates() {
        return purchase;
    }

    /**
     * Dropout covariate names.
     *
     * @return the names
     */
    public List<String> dropoutCovariates() {
        return dropout;
    }

    /**
     * Purchase coefficients, in the order of {@link #purchaseCovariates()}.
     *
     * @return a copy
     */
    public double[] purchaseCoefficients() {
        return gammaP.clone();
    }

    /**
     * Dropout coefficients, in the order of {@link #dropoutCovariates()}.
     *
     * @return a copy
     */
    public double[] dropoutCoefficients() {
        return gammaD.clone();
    }

    /**
     * Reference levels of the categorical columns the covariates came from.
     *
     * @return column to level
     */
    public Map<String, String> referenceLevels() {
        return referenceLevels;
    }

    /**
     * The time unit.
     *
     * @return the unit
     */
    public TimeUnit unit() {
        return unit;
    }

    /**
     * The period length, in the unit.
     *
     * @return the length
     */
    public double periodLength() {
        return periodLength;
    }

    /**
     * Recorded standard errors of the purchase coefficients (from the fit), in the order of
     * {@link #purchaseCovariates()}; NaN where unknown (a model built without them, a file written
     * before they were recorded, or a fit whose Hessian was not negative definite).
     *
     * @return a copy
     */
    public double[] purchaseStandardErrors() {
        return seP.clone();
    }

    /**
     * Recorded standard errors of the dropout coefficients, as {@link #purchaseStandardErrors()}.
     *
     * @return a copy
     */
    public double[] dropoutStandardErrors() {
        return seD.clone();
    }

    /**
     * The same model recording the standard errors of its coefficients, so that a model file
     * states the uncertainty of its effects ({@link CovariateEffects#of(TimeVaryingCovariateModel,
     * TimeVaryingCovariates)}). They do not change any prediction.
     *
     * @param purchaseStandardErrors one per purchase coefficient: positive and finite, or NaN for unknown
     * @param dropoutStandardErrors one per dropout coefficient: positive and finite, or NaN for unknown
     * @return the model with these standard errors
     * @throws IllegalArgumentException for a wrong length, or a value that is neither NaN nor
     *     positive and finite
     */
    public TimeVaryingCovariateModel withStandardErrors(double[] purchaseStandardErrors,
                                                        double[] dropoutStandardErrors) {
        StaticCovariateModel.checkErrors(purchase, purchaseStandardErrors, "purchase");
        StaticCovariateModel.checkErrors(dropout, dropoutStandardErrors, "dropout");
        return new TimeVaryingCovariateModel(plain, purchase, gammaP, dropout, gammaD, referenceLevels, unit,
                periodLength, purchaseStandardErrors, dropoutStandardErrors, covNames, cov);
    }

    /**
     * The same model with the joint covariance of its fitted parameters recorded, as {@link
     * TimeVaryingCovariateFitter} estimates it: rows {@code r, alpha, s, beta} (their logs) then the
     * coefficients ({@code purchase:x}, {@code dropout:x}, {@code purchase=dropout:x}), with the
     * checks of {@link StaticCovariateModel#withCovariance}. {@link CovariatePredictionIntervals}
     * draws from it.
     *
     * @param names the name of each row, the base parameters first
     * @param covariance the symmetric covariance matrix, finite, with a non-negative diagonal
     * @return the model with the covariance
     * @throws IllegalArgumentException as {@link StaticCovariateModel#withCovariance}
     */
    public TimeVaryingCovariateModel withCovariance(List<String> names, double[][] covariance) {
        StaticCovariateModel checked = asStatic().withCovariance(names, covariance);
        return new TimeVaryingCovariateModel(plain, purchase, gammaP, dropout, gammaD, referenceLevels, unit,
                periodLength, seP, seD, checked.covarianceNames(), checked.covariance().orElseThrow());
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
     * The joint covariance of the log base parameters and the coefficients, as recorded at
     * fitting; empty for a model file written before it was recorded, a model with known
     * parameters, or a fit whose Hessian was not negative definite.
     *
     * @return a copy of the matrix, if recorded
     */
    public java.util.Optional<double[][]> covariance() {
        return cov == null ? java.util.Optional.empty()
                : java.util.Optional.of(Arrays.stream(cov).map(double[]::clone).toArray(double[][]::new));
    }

    /**
     * The static-covariate model with the same parameters and coefficients (untransformed
     * covariates) and this model's covariance: the parameter layout that {@link
     * CovariatePredictionIntervals#asymptoticDraws} draws from.
     */
    StaticCovariateModel asStatic() {
        StaticCovariateModel m = StaticCovariateModel.of(plain, purchase, gammaP, dropout, gammaD, Map.of());
        return cov == null ? m : m.withCovariance(covNames, cov);
    }

    /** The same model (covariates, unit, period) with the parameters of a drawn static layout. */
    TimeVaryingCovariateModel withParametersOf(StaticCovariateModel drawn) {
        return new TimeVaryingCovariateModel((ParetoNbd) drawn.plainModel(), purchase, drawn.purchaseCoefficients(),
                dropout, drawn.dropoutCoefficients(), referenceLevels, unit, periodLength);
    }

    /** The likelihood of this model's covariates on these data, and its parameter vector. */
    TimeVaryingCovariateLikelihood likelihood(TimeVaryingCovariates d) {
        if (d.unit != unit || Math.abs(d.periodLength - periodLength) > 1e-12 * periodLength) {
            throw new IllegalArgumentException("the data are in periods of " + d.periodLength + " " + d.unit.label()
                    + "(s), the model in periods of " + periodLength + " " + unit.label() + "(s)");
        }
        int[] pc = columns(d, purchase);
        int[] dc = columns(d, dropout);
        int[] pi = new int[pc.length];
        int[] di = new int[dc.length];
        for (int k = 0; k < pi.length; k++) {
            pi[k] = k;
        }
        for (int k = 0; k < di.length; k++) {
            di[k] = pi.length + k;
        }
        return new TimeVaryingCovariateLikelihood(d, pc, dc, pi, di, pi.length + di.length, 0, 0);
    }

    static int[] columns(TimeVaryingCovariates d, List<String> wanted) {
        int[] out = new int[wanted.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = d.names.indexOf(wanted.get(k));
            if (out[k] < 0) {
                throw BadInputException.of("the covariates lack '" + wanted.get(k) + "' (they have: "
                        + String.join(", ", d.names) + ")");
            }
        }
        return out;
    }

    double[] point() {
        double[] u = new double[4 + gammaP.length + gammaD.length];
        u[0] = Math.log(plain.r());
        u[1] = Math.log(plain.alpha());
        u[2] = Math.log(plain.s());
        u[3] = Math.log(plain.beta());
        System.arraycopy(gammaP, 0, u, 4, gammaP.length);
        System.arraycopy(gammaD, 0, u, 4 + gammaP.length, gammaD.length);
        return u;
    }

    /**
     * Total log-likelihood of these customers (weights counted).
     *
     * @param d the customers' paths
     * @return the log-likelihood
     * @throws NotComputableException naming a customer whose term cannot be computed
     */
    public double logLikelihood(TimeVaryingCovariates d) {
        return likelihood(d).logLikelihood(point(), null);
    }

    /**
     * Each customer's probability of being alive at his T.
     *
     * @param d the customers' paths
     * @return one probability per row, in [0, 1]
     * @throws NotComputableException naming a customer whose value cannot be computed
     */
    public double[] pAlive(TimeVaryingCovariates d) {
        return likelihood(d).aliveAndIntegrals(point())[0];
    }

    /**
     * Each customer's conditional expected number of transactions in {@code (T, T + h]}, with the
     * covariates of the window held by {@code d} (see the class description).
     *
     * @param d the customers' paths, built with a window of at least h
     * @param h window length in the unit, {@code 0 <= h <= d.horizon()}
     * @return one expectation per row
     * @throws IllegalArgumentException when the data hold a shorter window
     * @throws NotComputableException naming a customer whose value cannot be computed
     */
    public double[] expectedTransactions(TimeVaryingCovariates d, double h) {
        checkWindow(d, h, false);
        AtEstimate at = atEstimate(d);
        double[][] base = at.aliveAndIntegrals();
        double[][] f = at.rateFactors();
        double r = plain.r();
        double alpha = plain.alpha();
        double s = plain.s();
        double beta = plain.beta();
        int n = d.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double qT = beta + base[2][i];
            double q0 = qT;
            double left = h;
            double sum = 0;
            for (int k = d.futureFrom[i]; k < d.seg[i + 1] && left > 0; k++) {
                double l = Math.min(d.length[k], left);
                left -= l;
                double a = f[0][d.level[k]];
                double b = f[1][d.level[k]];
                double lg = Math.log1p(b * l / q0);
                double sm1 = s - 1;
                double ratio = Math.abs(sm1 * lg) < 1e-8 ? lg * (1 - 0.5 * sm1 * lg) : -Math.expm1(-sm1 * lg) / sm1;
                sum += a * Math.exp(s * Math.log(qT / q0)) * q0 / b * ratio;
                q0 += b * l;
            }
            double e = base[0][i] * (r + d.x[i]) / (alpha + base[1][i]) * sum;
            if (!Double.isFinite(e)) {
                throw new NotComputableException(d.describe(i), "cannot compute the expected transactions of "
                        + d.describe(i));
            }
            out[i] = e;
        }
        return out;
    }

    /**
     * The predictive interval of each customer's number of transactions in {@code (T, T + h]}, with
     * the covariates of the window held by {@code d} (those {@link #expectedTransactions} uses): the
     * outcome spread of what the customer will actually do at the point estimate, not the
     * uncertainty of the expected value. Given alive at T the posterior is
     * {@code lambda ~ Gamma(r + x, alpha + A(T))}, {@code mu ~ Gamma(s, beta + B(T))} (A, B as the
     * likelihood computes them over the customer's calibration life) and the future is an
     * inhomogeneous process: with {@code A_f}, {@code B_f} the cumulative purchase and dropout
     * multipliers since T (piecewise linear over the window's periods) the count until death at u
     * is NBD(r + x, (alpha + A(T)) / (alpha + A(T) + A_f(u))) and the survival
     * {@code ((beta + B(T)) / (beta + B(T) + B_f(u)))^s}; so {@code P(X = k) = (1 - P(alive)) [k = 0]
     * + P(alive) (S(h) NB_k(h) + int_0^h f(u) NB_k(u) du)}, the integral period by period by the
     * quadrature of {@link PredictiveDistribution} (48-point Gauss-Legendre per piece). Its mean is
     * {@link #expectedTransactions} (to 1e-9, tested); with constant covariates it is the plain
     * model's distribution with alpha and beta divided by the multipliers. The interval runs from
     * the quantile at {@code (1 - level)/2} to the one at {@code (1 + level)/2} and holds at least
     * {@code level} of the probability. Rows run in chunks on {@code executor}.
     *
     * @param d the customers' paths, built with a window of at least h
     * @param h window length in the unit, {@code 0 < h <= d.horizon()}
     * @param level the probability each interval holds at least, in (0, 1)
     * @param executor where chunks run, {@code null} for the common fork-join pool
     * @return {lower, upper}: whole counts, one value per row
     * @throws IllegalArgumentException when the level is outside (0, 1), h is not positive or the
     *     data hold a shorter window
     * @throws NotComputableException naming a customer whose distribution cannot be computed
     */
    public double[][] predictiveIntervals(TimeVaryingCovariates d, double h, double level,
                                          java.util.concurrent.Executor executor) {
        PredictiveDistribution.checkLevel(level);
        Predictive p = predictive(d, h);
        int n = d.size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        double pl = (1 - level) / 2;
        double pu = (1 + level) / 2;
        Scoring.chunks(n, 2048, executor, (from, to) -> {
            for (int i = from; i < to; i++) {
                int[] q;
                try {
                    q = PredictiveDistribution.quantiles(p.terms(i), pl, pu, d.x[i], d.tx[i], d.age[i]);
                } catch (RuntimeException e) {
                    throw new NotComputableException(d.describe(i), "cannot compute the predictive interval of "
                            + d.describe(i) + ": " + e.getMessage());
                }
                lo[i] = q[0];
                hi[i] = q[1];
            }
        });
        return new double[][] {lo, hi};
    }

    /**
     * {@code P(X = k)} for {@code k = 0 .. maxCount} in {@code (T, T + h]} for every row: the
     * distributions whose quantiles {@link #predictiveIntervals} takes.
     */
    double[][] predictiveProbabilities(TimeVaryingCovariates d, double h, int maxCount) {
        Predictive p = predictive(d, h);
        double[][] out = new double[d.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = PredictiveDistribution.take(p.terms(i), maxCount);
        }
        return out;
    }

    /** What every row's predictive distribution needs: P(alive), A(T), B(T) and the rate factors. */
    private Predictive predictive(TimeVaryingCovariates d, double h) {
        checkWindow(d, h, true);
        AtEstimate at = atEstimate(d);
        return new Predictive(d, h, at.aliveAndIntegrals(), at.rateFactors());
    }

    /**
     * Refuses a window {@code h} the covariates of {@code d} do not cover (beyond {@code
     * d.horizon()}, with a relative allowance of 1e-12 for rounding), negative or NaN, or 0 when
     * {@code positive}: the one check of every prediction over a window.
     */
    private void checkWindow(TimeVaryingCovariates d, double h, boolean positive) {
        if (!(positive ? h > 0 : h >= 0) || h > d.horizon * (1 + 1e-12)) {
            throw new IllegalArgumentException("the covariates cover a window of " + d.horizon + " " + unit.label()
                    + "(s) after T; cannot predict over " + h + (positive ? " (the window must be positive)" : ""));
        }
    }

    /**
     * What every prediction over a window starts from, at the point estimate: per customer
     * {@code {P(alive at T), A(T), B(T)}} ({@link TimeVaryingCovariateLikelihood#aliveAndIntegrals})
     * and the rate factors {@code {a, b}} of every distinct covariate vector.
     */
    private record AtEstimate(double[][] aliveAndIntegrals, double[][] rateFactors) {}

    private AtEstimate atEstimate(TimeVaryingCovariates d) {
        TimeVaryingCovariateLikelihood lik = likelihood(d);
        double[] u = point();
        return new AtEstimate(lik.aliveAndIntegrals(u), lik.rateFactors(u));
    }

    /** The predictive distribution of each row, from the quantities the expectations use. */
    private final class Predictive {
        private final TimeVaryingCovariates d;
        private final double h;
        private final double[][] base;
        private final double[][] f;

        Predictive(TimeVaryingCovariates d, double h, double[][] base, double[][] f) {
            this.d = d;
            this.h = h;
            this.base = base;
            this.f = f;
        }

        /** Row i's terms, over the same periods of the window as {@link #expectedTransactions}. */
        PredictiveDistribution.Terms terms(int i) {
            double pa = base[0][i];
            double a = plain.alpha() + base[1][i];
            double b = plain.beta() + base[2][i];
            if (!(pa >= 0 && pa <= 1) || !(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
                throw new NotComputableException(d.describe(i), "cannot compute the predictive distribution of "
                        + d.describe(i) + ": P(alive) " + pa + ", alpha + A(T) " + a + ", beta + B(T) " + b);
            }
            PredictiveDistribution.Lifetime l = new PredictiveDistribution.Lifetime(plain.r() + d.x[i], a, plain.s(), b);
            double left = h;
            for (int k = d.futureFrom[i]; k < d.seg[i + 1] && left > 0; k++) {
                double len = Math.min(d.length[k], left);
                left -= len;
                l.period(len, f[0][d.level[k]], f[1][d.level[k]]);
            }
            return PredictiveDistribution.givenAlive(pa, l.terms());
        }
    }

    /**
     * Each customer's discounted expected transactions over the window {@code (T, T + h]} whose
     * covariates {@code d} holds: the plain models' finite-horizon DERT
     * ({@link ParetoNbd#discountedExpectedTransactions(double, double, double, double, double)}, the
     * same definition) with the customer's covariate path,
     * <pre>
     *   P(alive) (r + x)/(alpha + A(T)) int_T^{T+h} e^(-delta (u - T)) a(u) ((beta + B(T))/(beta + B(u)))^s du.
     * </pre>
     * Within a period the integrand is smooth; it is integrated by 16-point Gauss-Legendre on pieces
     * no longer than a quarter of the distance to its singularity at {@code u = -Q_0/b}, which keeps
     * the quadrature error far below double rounding. With all coefficients zero it equals the
     * plain model's value (tested to 1e-10).
     *
     * @param d the customers' paths, built with a window of at least h
     * @param delta continuous discount rate per time unit, {@code >= 0}
     * @param h window length in the unit, {@code 0 <= h <= d.horizon()}
     * @return one value per row
     * @throws IllegalArgumentException when delta is negative or not finite, or the data hold a
     *     shorter window
     * @throws NotComputableException naming a customer whose value cannot be computed
     */
    public double[] discountedExpectedTransactions(TimeVaryingCovariates d, double delta, double h) {
        return discounted(d, delta, h)[0];
    }

    /** {DERT over the window, the same given alive} per customer (see {@link #discountedExpectedTransactions}). */
    private double[][] discounted(TimeVaryingCovariates d, double delta, double h) {
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("the discount rate must be finite and >= 0, got " + delta);
        }
        checkWindow(d, h, false);
        AtEstimate at = atEstimate(d);
        double[][] base = at.aliveAndIntegrals();
        double[][] f = at.rateFactors();
        double r = plain.r();
        double alpha = plain.alpha();
        double s = plain.s();
        double beta = plain.beta();
        double[] x16 = TimeVaryingCovariateLikelihood.NODES[16];
        double[] w16 = TimeVaryingCovariateLikelihood.WEIGHTS[16];
        int n = d.size();
        double[] out = new double[n];
        double[] ifAlive = new double[n];
        for (int i = 0; i < n; i++) {
            double qT = beta + base[2][i];
            double q0 = qT;
            double t0 = 0; // time since T at the start of the period
            double left = h;
            double sum = 0;
            for (int k = d.futureFrom[i]; k < d.seg[i + 1] && left > 0; k++) {
                double l = Math.min(d.length[k], left);
                left -= l;
                double a = f[0][d.level[k]];
                double b = f[1][d.level[k]];
                int pieces = (int) Math.min(1 << 20, Math.ceil(4 * b * l / q0));
                pieces = Math.max(1, pieces);
                double len = l / pieces;
                for (int p = 0; p < pieces; p++) {
                    double mid = (p + 0.5) * len;
                    double part = 0;
                    for (int j = 0; j < x16.length; j++) {
                        double v = mid + 0.5 * len * x16[j];
                        part += w16[j] * Math.exp(-delta * (t0 + v) - s * Math.log1p(b * v / q0));
                    }
                    sum += a * Math.exp(s * Math.log(qT / q0)) * 0.5 * len * part;
                }
                q0 += b * l;
                t0 += l;
            }
            double alive = (r + d.x[i]) / (alpha + base[1][i]) * sum;
            double e = base[0][i] * alive;
            if (!Double.isFinite(e) || !Double.isFinite(alive)) {
                throw new NotComputableException(d.describe(i), "cannot compute the discounted expected transactions of "
                        + d.describe(i));
            }
            out[i] = e;
            ifAlive[i] = alive;
        }
        return new double[][] {out, ifAlive};
    }

    /**
     * The scores of {@link Scoring} for customers with time-varying covariates, each column with the
     * plain models' definition: {@code p_alive}; {@code expected_transactions} over
     * {@code settings.horizon()}; with discounting, {@code dert} and {@code dert_if_alive} over the
     * finite {@code settings.discountHorizon()} ({@link #discountedExpectedTransactions}); with a
     * spend model, {@code expected_spend} from the customer's frequency and mean spend, and
     * {@code clv}, {@code alive_value} and {@code value_at_risk} as {@link CustomerValue} defines
     * them (margin x expected spend x DERT over that horizon). Every window must lie within the
     * covariates' window {@code d.horizon()}: an unbounded discount horizon would need covariates to
     * infinity, and is refused.
     *
     * @param d the customers' paths, built with a window of at least the horizons
     * @param settings what to compute
     * @param monetary each row's mean spend per repeat purchase (as {@code monetary_value} of the
     *     summaries; any value for a customer without repeat purchases); needed with a spend model,
     *     else may be {@code null}
     * @return the scores, one row per row of {@code d}
     * @throws IllegalArgumentException when a horizon exceeds the covariates' window, the discount
     *     horizon is unbounded, or monetary values are missing or of the wrong length
     * @throws NotComputableException naming a customer whose value cannot be computed
     */
    public Scores score(TimeVaryingCovariates d, ScoringSettings settings, double[] monetary) {
        int n = d.size();
        double[] pa = pAlive(d);
        double[] et = expectedTransactions(d, settings.horizon());
        double[] de = null;
        double[] da = null;
        if (settings.discounts()) {
            double dh = settings.discountHorizon();
            if (Double.isInfinite(dh)) {
                throw new IllegalArgumentException("DERT with time-varying covariates needs their values over the "
                        + "whole discount horizon: give a finite discount horizon within the covariates' window of "
                        + d.horizon + " " + unit.label() + "(s)");
            }
            double[][] both = discounted(d, settings.discountRate(), dh);
            de = both[0];
            da = both[1];
        }
        double[] es = null;
        double[] clv = null;
        double[] av = null;
        double[] risk = null;
        if (settings.spendModel().isPresent()) {
            SpendModel spend = settings.spendModel().get();
            if (monetary == null || monetary.length != n) {
                throw new IllegalArgumentException("scoring with a spend model needs one mean spend per customer ("
                        + n + "), got " + (monetary == null ? "none" : String.valueOf(monetary.length)));
            }
            es = new double[n];
            for (int i = 0; i < n; i++) {
                es[i] = spend.expectedSpend(d.x[i], d.x[i] > 0 ? monetary[i] : 0);
                if (!Double.isFinite(es[i])) {
                    throw new NotComputableException(d.describe(i), "cannot compute the expected spend of "
                            + d.describe(i) + " (mean spend " + monetary[i] + ")");
                }
            }
            if (da != null) {
                clv = new double[n];
                av = new double[n];
                risk = new double[n];
                for (int i = 0; i < n; i++) {
                    CustomerValue v;
                    try {
                        v = CustomerValue.of(pa[i], settings.margin() * es[i] * da[i]);
                    } catch (IllegalArgumentException e) {
                        throw new NotComputableException(d.describe(i), "cannot compute the value of " + d.describe(i)
                                + ": " + e.getMessage());
                    }
                    clv[i] = v.clv();
                    av[i] = v.aliveValue();
                    risk[i] = v.valueAtRisk();
                }
            }
        }
        return new Scores(pa, et, es, de, da, clv, av, risk);
    }

    // ------------------------------------------------------------------ model files

    /**
     * The model's JSON: the plain model's ({@link ModelFiles#toJson}) plus
     * {@code "time_varying_covariates"}.
     *
     * @return the JSON text
     */
    public String toJson() {
        Map<String, Object> root = StaticCovariateModel.plainJson(plain);
        Map<String, Object> cov = new LinkedHashMap<>();
        cov.put("purchase", StaticCovariateModel.named(purchase, gammaP));
        cov.put("dropout", StaticCovariateModel.named(dropout, gammaD));
        Map<String, Object> tr = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(purchase);
        dropout.stream().filter(nm -> !all.contains(nm)).forEach(all::add);
        for (String nm : all) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("centre", 0.0);
            o.put("scale", 1.0);
            tr.put(nm, o);
        }
        cov.put("transform", tr);
        cov.put("reference_levels", new LinkedHashMap<>(referenceLevels));
        cov.put("time_unit", unit.label());
        cov.put("period_length", periodLength);
        StaticCovariateModel.putStandardErrors(cov, purchase, seP, dropout, seD);
        if (this.cov != null) {
            cov.put("covariance", StaticCovariateModel.covarianceJson(covNames, this.cov));
        }
        root.put("time_varying_covariates", cov);
        return JsonText.write(root);
    }

    /**
     * Parses a model file's JSON.
     *
     * @param json the JSON text
     * @param source names the text in errors (a file name)
     * @return the model
     * @throws BadInputException naming the source and what is wrong (also for a file without
     *     time-varying covariates)
     */
    public static TimeVaryingCovariateModel parse(String json, String source) {
        Map<?, ?> root = StaticCovariateModel.rootObject(json, source);
        if (!(root.get("time_varying_covariates") instanceof Map<?, ?> c)) {
            throw BadInputException.of("model file " + source + ": no object \"time_varying_covariates\": not a model "
                    + "with time-varying covariates");
        }
        ParetoNbd plain = StaticCovariateModel.plainPart(root, source, ParetoNbd.class, "time_varying_covariates");
        List<String> pn = new ArrayList<>();
        List<String> dn = new ArrayList<>();
        double[] pg = StaticCovariateModel.coefficients(c.get("purchase"), pn, source, "purchase",
                "time_varying_covariates");
        double[] dg = StaticCovariateModel.coefficients(c.get("dropout"), dn, source, "dropout",
                "time_varying_covariates");
        Map<String, String> refs = new LinkedHashMap<>();
        if (c.get("reference_levels") instanceof Map<?, ?> rl) {
            rl.forEach((k, v) -> refs.put(String.valueOf(k), String.valueOf(v)));
        }
        if (!(c.get("time_unit") instanceof String tu) || !(c.get("period_length") instanceof Number pl)) {
            throw BadInputException.of("model file " + source + ": \"time_varying_covariates\" needs \"time_unit\" "
                    + "and \"period_length\"");
        }
        for (Object o : c.get("transform") instanceof Map<?, ?> t ? t.values() : List.of()) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("centre") instanceof Number cn) || cn.doubleValue() != 0
                    || !(m.get("scale") instanceof Number sc) || sc.doubleValue() != 1) {
                throw BadInputException.of("model file " + source + ": time-varying covariates are used untransformed "
                        + "(centre 0, scale 1), got " + JsonText.inline(o));
            }
        }
        try {
            TimeVaryingCovariateModel m = of(plain, pn, pg, dn, dg, refs, TimeUnit.parse(tu), pl.doubleValue());
            Object cv = c.get("covariance");
            if (cv != null) { // absent in files written before it was recorded
                StaticCovariateModel.CovarianceNode node = StaticCovariateModel.covarianceNode(cv, source,
                        "time_varying_covariates");
                m = m.withCovariance(node.names(), node.matrix());
            }
            Object se = c.get("standard_errors");
            if (se == null) {
                return m; // a file written before standard errors were recorded
            }
            if (!(se instanceof Map<?, ?> sem)) {
                throw BadInputException.of("model file " + source + ": \"time_varying_covariates.standard_errors\" "
                        + "must be an object");
            }
            return m.withStandardErrors(
                    StaticCovariateModel.standardErrors(sem.get("purchase"), pn, source, "purchase",
                            "time_varying_covariates"),
                    StaticCovariateModel.standardErrors(sem.get("dropout"), dn, source, "dropout",
                            "time_varying_covariates"));
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("model file " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model file.
     *
     * @param file the model JSON file
     * @return the model
     * @throws BadInputException naming the file and what is wrong
     * @throws ChurnkitException naming the file when it cannot be read
     */
    public static TimeVaryingCovariateModel read(Path file) {
        return parse(ModelFiles.readText(file), file.toString());
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
        return o instanceof TimeVaryingCovariateModel m && plain.equals(m.plain) && purchase.equals(m.purchase)
                && dropout.equals(m.dropout) && Arrays.equals(gammaP, m.gammaP) && Arrays.equals(gammaD, m.gammaD)
                && referenceLevels.equals(m.referenceLevels) && unit == m.unit && periodLength == m.periodLength
                && covNames.equals(m.covNames) && Arrays.deepEquals(cov, m.cov);
    }

    @Override
    public int hashCode() {
        return Objects.hash(plain, purchase, dropout, Arrays.hashCode(gammaP), Arrays.hashCode(gammaD), unit);
    }

    @Override
    public String toString() {
        return "TimeVaryingCovariateModel[" + plain + ", purchase " + StaticCovariateModel.named(purchase, gammaP)
                + ", dropout " + StaticCovariateModel.named(dropout, gammaD) + ", period " + periodLength + " " + unit.label() + "]";
    }
}
