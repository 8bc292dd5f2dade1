package org.churnkit.cost;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ModelRegistry;
import org.churnkit.model.ParameterDraws;
import org.churnkit.model.Scores;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.TransactionModel;

/**
 * Parameter uncertainty of a transaction model for {@link CampaignSimulation}: under parameter draw
 * d, customer i's churn probability is {@code 1 - P(alive | x_i, t_x,i, T_i; theta_d)} and, when a
 * discount rate is given, the value at stake is rescaled by how the draw changes the customer's
 * DERT given alive: {@code V_i,d = V_i * DERT_alive(theta_d) / DERT_alive(theta_hat)} (the alive
 * value is margin x expected spend x DERT given alive, see {@code CustomerValue}; margin and spend do
 * not depend on the transaction model's parameters, so the ratio is exact). Without a discount
 * rate the values stay fixed and only the churn probabilities move.
 *
 * <p>Two ways ({@link Mode}): {@link Mode#EXACT} rescores the listed customers' distinct histories
 * under every draw with the same engine as {@code score} ({@link Scoring}), costing draws x distinct
 * histories scorings; {@link Mode#LINEAR} propagates the draws to first order, linear in the
 * log-parameters on the scales where the asymptotic normal lives: {@code logit p_i(theta) = logit
 * p_i(theta_hat) + g_i . (log theta - log theta_hat)} and {@code log V_i(theta) = log V_i(theta_hat)
 * + h_i . (log theta - log theta_hat)}, with g_i and h_i by central differences (step 1e-4 in each
 * log-parameter: 2k + 1 scorings in all), so a draw costs a few multiplications per customer (the
 * delta method's own approximation, which the asymptotic draws already make). A customer whose
 * churn probability is exactly 0 or 1 (acquired at the end of observation) keeps it.
 * {@link Mode#AUTO} is exact up to {@value #EXACT_BUDGET} scorings (draws x distinct histories) and
 * linear beyond. Immutable and safe for concurrent draws.
 */
public final class ModelUncertainty implements CampaignSimulation.Uncertainty {
    /** How draws reach the customers' churn probabilities and values. */
    public enum Mode {
        /** Rescore every distinct history under every draw. */
        EXACT,
        /** First order in the log-parameters, on the logit and log scales. */
        LINEAR,
        /** Exact up to {@value ModelUncertainty#EXACT_BUDGET} scorings, linear beyond. */
        AUTO
    }

    /** Largest number of scorings (draws x distinct histories) {@link Mode#AUTO} does exactly. */
    public static final long EXACT_BUDGET = 20_000_000L;
    /** Step in each log-parameter of the central differences of {@link Mode#LINEAR}. */
    static final double STEP = 1e-4;

    private final ModelKind kind;
    private final ParameterDraws draws;
    private final double[] x;
    private final double[] tx;
    private final double[] age;
    private final double[] value;
    private final double delta;
    private final Mode mode;

    private ModelUncertainty(ModelKind kind, ParameterDraws draws, double[] x, double[] tx, double[] age,
            double[] value, double delta, Mode mode) {
        this.mode = mode;
        this.kind = kind;
        this.draws = draws;
        this.x = x;
        this.tx = tx;
        this.age = age;
        this.value = value;
        this.delta = delta;
    }

    /**
     * The uncertainty of a transaction model's parameters for these customers.
     *
     * @param kind the transaction model family (the draws are its parameter vectors)
     * @param draws parameter draws, e.g. {@link ParameterDraws#asymptotic} or a bootstrap's
     * @param x repeat transactions per customer (the campaign's order)
     * @param tx recency per customer
     * @param age T per customer
     * @param value value at stake per customer at the point estimate (the campaign's V_i)
     * @param discountRate continuous discount rate per model time unit ({@code > 0}) used for the
     *     values' DERT, or {@code NaN} to keep the values fixed
     * @return the uncertainty, {@link Mode#AUTO}
     * @throws IllegalArgumentException when the model is not a transaction model, sizes differ or
     *     the draws have the wrong number of parameters
     */
    public static ModelUncertainty of(ModelKind kind, ParameterDraws draws, double[] x, double[] tx, double[] age,
            double[] value, double discountRate) {
        return of(kind, draws, x, tx, age, value, discountRate, Mode.AUTO);
    }

    /**
     * As {@link #of(ModelKind, ParameterDraws, double[], double[], double[], double[], double)}, in
     * the given mode.
     *
     * @param kind the transaction model family
     * @param draws parameter draws
     * @param x repeat transactions per customer
     * @param tx recency per customer
     * @param age T per customer
     * @param value value at stake per customer at the point estimate
     * @param discountRate continuous discount rate per model time unit, or {@code NaN} to keep values fixed
     * @param mode exact, linear or automatic
     * @return the uncertainty
     * @throws IllegalArgumentException as the other factory
     */
    public static ModelUncertainty of(ModelKind kind, ParameterDraws draws, double[] x, double[] tx, double[] age,
            double[] value, double discountRate, Mode mode) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(draws, "draws");
        if (kind.isSpendModel()) {
            throw new IllegalArgumentException(kind.id() + " is a spend model: churn needs a transaction model");
        }
        if (draws.estimate().length != kind.parameterNames().size()) {
            throw new IllegalArgumentException("the draws have " + draws.estimate().length + " parameters, "
                    + kind.id() + " has " + kind.parameterNames().size());
        }
        int n = x.length;
        if (tx.length != n || age.length != n || value.length != n) {
            throw new IllegalArgumentException("columns differ in length");
        }
        if (!Double.isNaN(discountRate) && !(discountRate > 0 && discountRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the discount rate must be positive and finite (or NaN), got " + discountRate);
        }
        return new ModelUncertainty(kind, draws, x.clone(), tx.clone(), age.clone(), value.clone(), discountRate, mode);
    }

    private record Key(double x, double tx, double t) {}

    @Override
    public CampaignSimulation.Draws prepare(int[] customers) {
        int m = customers.length;
        Map<Key, Integer> index = new HashMap<>(Math.max(16, 2 * m));
        int[] slot = new int[m];
        double[] ux = new double[m];
        double[] utx = new double[m];
        double[] ut = new double[m];
        int distinct = 0;
        for (int j = 0; j < m; j++) {
            int i = customers[j];
            Integer s = index.putIfAbsent(new Key(x[i] + 0.0, tx[i] + 0.0, age[i] + 0.0), distinct);
            if (s == null) {
                ux[distinct] = x[i];
                utx[distinct] = tx[i];
                ut[distinct] = age[i];
                slot[j] = distinct++;
            } else {
                slot[j] = s;
            }
        }
        Histories rows = Histories.of(java.util.Arrays.copyOf(ux, distinct), java.util.Arrays.copyOf(utx, distinct),
                java.util.Arrays.copyOf(ut, distinct));
        boolean scaleValue = !Double.isNaN(delta);
        ScoringSettings settings = scaleValue ? ScoringSettings.of(1).withDiscountRate(delta) : ScoringSettings.of(1);
        double[] base = scaleValue ? score(draws.estimate(), rows, settings).dertIfAlive() : null;
        double[] v0 = new double[m];
        for (int j = 0; j < m; j++) {
            v0[j] = value[customers[j]];
        }
        boolean linear = mode == Mode.LINEAR || (mode == Mode.AUTO && (long) distinct * draws.count() > EXACT_BUDGET);
        if (linear) {
            return linear(customers, slot, rows, settings, base, v0);
        }
        return new CampaignSimulation.Draws() {
            @Override
            public String describe() {
                return ModelUncertainty.this.describe() + " (each draw rescored exactly)";
            }

            @Override
            public int count() {
                return draws.count();
            }

            @Override
            public CampaignSimulation.Draw at(int d) {
                // The draw's scores of every distinct history, computed once; ranges only gather.
                Scores s = score(draws.draw(d), rows, settings);
                double[] pa = s.pAlive();
                double[] da = scaleValue ? s.dertIfAlive() : null;
                return (from, to, pChurn, v) -> {
                    for (int j = from; j < to; j++) {
                        int r = slot[j];
                        pChurn[j - from] = Math.min(1, Math.max(0, 1 - pa[r]));
                        double vj = scaleValue ? v0[j] * (da[r] / base[r]) : v0[j];
                        if (!Double.isFinite(vj)) {
                            throw new ChurnkitException("customer " + customers[j] + " (x=" + ux[r] + ", t_x="
                                    + utx[r] + ", T=" + ut[r] + "): value at stake under parameter draw " + d + " is "
                                    + vj);
                        }
                        v[j - from] = vj;
                    }
                };
            }
        };
    }

    /** The first-order draws: per distinct history the logit churn and log value and their slopes. */
    private CampaignSimulation.Draws linear(int[] customers, int[] slot, Histories rows, ScoringSettings settings,
            double[] baseDert, double[] v0) {
        int d = rows.size();
        int m = customers.length;
        double[] est = draws.estimate();
        int k = est.length;
        double[] pa0 = score(est, rows, settings).pAlive();
        double[] logit = new double[d];
        boolean[] fixed = new boolean[d];
        for (int r = 0; r < d; r++) {
            // logit of the churn probability 1 - pAlive, computed from pAlive without cancelling
            logit[r] = Math.log1p(-pa0[r]) - Math.log(pa0[r]);
            fixed[r] = !Double.isFinite(logit[r]);
        }
        boolean scaleValue = baseDert != null;
        double[] g = new double[d * k];
        double[] h = scaleValue ? new double[d * k] : null;
        for (int t = 0; t < k; t++) {
            double[] up = est.clone();
            double[] down = est.clone();
            up[t] = est[t] * Math.exp(STEP);
            down[t] = est[t] * Math.exp(-STEP);
            Scores su = score(up, rows, settings);
            Scores sd = score(down, rows, settings);
            for (int r = 0; r < d; r++) {
                if (!fixed[r]) {
                    double lu = Math.log1p(-su.pAlive()[r]) - Math.log(su.pAlive()[r]);
                    double ld = Math.log1p(-sd.pAlive()[r]) - Math.log(sd.pAlive()[r]);
                    double slope = (lu - ld) / (2 * STEP);
                    g[r * k + t] = Double.isFinite(slope) ? slope : 0;
                }
                if (scaleValue) {
                    double slope = (Math.log(su.dertIfAlive()[r]) - Math.log(sd.dertIfAlive()[r])) / (2 * STEP);
                    h[r * k + t] = Double.isFinite(slope) ? slope : 0;
                }
            }
        }
        double[] p0 = new double[d];
        for (int r = 0; r < d; r++) {
            p0[r] = 1 - pa0[r];
        }
        double[] logEst = new double[k];
        for (int t = 0; t < k; t++) {
            logEst[t] = Math.log(est[t]);
        }
        return new CampaignSimulation.Draws() {
            @Override
            public int count() {
                return draws.count();
            }

            @Override
            public CampaignSimulation.Draw at(int di) {
                double[] theta = draws.draw(di);
                double[] step = new double[k];
                for (int t = 0; t < k; t++) {
                    step[t] = Math.log(theta[t]) - logEst[t];
                }
                if (scaleValue) {
                    return new CampaignSimulation.LazyDraw() {
                        @Override
                        public void fill(int from, int to, double[] pChurn, double[] v) {
                            plain(di, step, from, to, pChurn, v);
                        }

                        @Override
                        public void fillLog(int from, int to, double[] pChurn, double[] base, double[] logFactor) {
                            for (int j = from; j < to; j++) {
                                int r = slot[j];
                                int o = r * k;
                                int out = j - from;
                                pChurn[out] = churn(r, o, step);
                                double e = 0;
                                for (int t = 0; t < k; t++) {
                                    e += h[o + t] * step[t];
                                }
                                base[out] = v0[j];
                                logFactor[out] = e;
                            }
                        }
                    };
                }
                return (from, to, pChurn, v) -> plain(di, step, from, to, pChurn, v);
            }

            /** The churn probability of distinct history r (slopes from o) under a draw's log-parameter step. */
            private double churn(int r, int o, double[] step) {
                if (fixed[r]) {
                    return p0[r];
                }
                double z = logit[r];
                for (int t = 0; t < k; t++) {
                    z += g[o + t] * step[t];
                }
                return 1 / (1 + Math.exp(-z));
            }

            /** The draw's churn probabilities and values, each value's exponential taken at once. */
            private void plain(int di, double[] step, int from, int to, double[] pChurn, double[] v) {
                for (int j = from; j < to; j++) {
                    int r = slot[j];
                    int o = r * k;
                    int out = j - from;
                    pChurn[out] = churn(r, o, step);
                    if (scaleValue) {
                        double e = 0;
                        for (int t = 0; t < k; t++) {
                            e += h[o + t] * step[t];
                        }
                        double vj = v0[j] * Math.exp(e);
                        if (!Double.isFinite(vj)) {
                            throw new ChurnkitException("customer " + customers[j] + ": value at stake under "
                                    + "parameter draw " + di + " is " + vj);
                        }
                        v[out] = vj;
                    } else {
                        v[out] = v0[j];
                    }
                }
            }

            @Override
            public String describe() {
                return ModelUncertainty.this.describe() + " (to first order in the log-parameters, slopes from "
                        + d + " distinct histories)";
            }
        };
    }

    private Scores score(double[] theta, Histories rows, ScoringSettings settings) {
        TransactionModel model;
        try {
            model = (TransactionModel) ModelRegistry.create(kind, theta, null);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("a parameter draw of " + kind.id() + " lies outside the model's domain: "
                    + e.getMessage(), e);
        }
        return Scoring.of(model, settings).score(rows);
    }

    /**
     * How the uncertainty is made, in words.
     *
     * @return the description
     */
    public String describe() {
        String how = switch (draws.method()) {
            case ASYMPTOTIC -> "draws from the asymptotic normal of the log-parameters";
            case BOOTSTRAP -> "bootstrap refits";
        };
        return draws.count() + " " + how + " of " + kind.id() + ": P(alive) "
                + (Double.isNaN(delta) ? "redrawn, values fixed" : "and DERT given alive redrawn");
    }
}
