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
 * <p>Exact, not linearised: every draw rescores the listed customers' distinct histories with the
 * same engine as {@code score} ({@link Scoring}), so the cost is draws x distinct histories.
 * Immutable and safe for concurrent draws.
 */
public final class ModelUncertainty implements CampaignSimulation.Uncertainty {
    private final ModelKind kind;
    private final ParameterDraws draws;
    private final double[] x;
    private final double[] tx;
    private final double[] age;
    private final double[] value;
    private final double delta;

    private ModelUncertainty(ModelKind kind, ParameterDraws draws, double[] x, double[] tx, double[] age,
            double[] value, double delta) {
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
     * @return the uncertainty
     * @throws IllegalArgumentException when the model is not a transaction model, sizes differ or
     *     the draws have the wrong number of parameters
     */
    public static ModelUncertainty of(ModelKind kind, ParameterDraws draws, double[] x, double[] tx, double[] age,
            double[] value, double discountRate) {
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
        return new ModelUncertainty(kind, draws, x.clone(), tx.clone(), age.clone(), value.clone(), discountRate);
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
        return new CampaignSimulation.Draws() {
            @Override
            public int count() {
                return draws.count();
            }

            @Override
            public void fill(int d, double[] pChurn, double[] v) {
                Scores s = score(draws.draw(d), rows, settings);
                double[] pa = s.pAlive();
                double[] da = scaleValue ? s.dertIfAlive() : null;
                for (int j = 0; j < m; j++) {
                    int r = slot[j];
                    pChurn[j] = Math.min(1, Math.max(0, 1 - pa[r]));
                    v[j] = scaleValue ? v0[j] * (da[r] / base[r]) : v0[j];
                    if (!Double.isFinite(v[j])) {
                        throw new ChurnkitException("customer " + customers[j] + " (x=" + ux[r] + ", t_x=" + utx[r]
                                + ", T=" + ut[r] + "): value at stake under parameter draw " + d + " is " + v[j]);
                    }
                }
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

    @Override
    public String describe() {
        String how = switch (draws.method()) {
            case ASYMPTOTIC -> "draws from the asymptotic normal of the log-parameters";
            case BOOTSTRAP -> "bootstrap refits";
        };
        return draws.count() + " " + how + " of " + kind.id() + ": P(alive) "
                + (Double.isNaN(delta) ? "redrawn, values fixed" : "and DERT given alive redrawn");
    }
}
