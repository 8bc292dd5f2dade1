package org.churnkit.contractual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.model.Covariates;

/**
 * Static covariates of subscribers, matched to them by id: the covariate file of the transaction
 * models ({@link Covariates#read}: one row per customer, text columns as indicators {@code c=v}
 * against a reference level) joined to a {@link Subscriptions} table, for
 * {@link ContractualFitter#fitWithCovariates} and for scoring with a covariate fit. Immutable.
 *
 * <p>The covariates are used raw (no centring or scaling): a coefficient {@code b} on a shape
 * multiplies it by {@code exp(b)} per unit of its covariate.
 */
public final class SubscriberCovariates {
    private final Covariates covariates;
    private final Map<String, Integer> rowById;

    private SubscriberCovariates(Covariates covariates, Map<String, Integer> rowById) {
        this.covariates = covariates;
        this.rowById = rowById;
    }

    /**
     * The covariates of subscribers, keyed by their ids.
     *
     * @param covariates covariates with ids, e.g. from {@link Covariates#read} (already {@link
     *     Covariates#select selected} to the columns the model uses)
     * @return the covariates
     * @throws IllegalArgumentException when the covariates have no ids or an id repeats
     */
    public static SubscriberCovariates of(Covariates covariates) {
        Objects.requireNonNull(covariates, "covariates");
        Map<String, Integer> at = new HashMap<>(Math.max(16, 2 * covariates.size()));
        for (int i = 0; i < covariates.size(); i++) {
            String id = covariates.id(i);
            if (id == null) {
                throw new IllegalArgumentException("the covariates have no customer ids to match subscribers by");
            }
            if (at.put(id, i) != null) {
                throw new IllegalArgumentException("customer '" + id + "' has two covariate rows");
            }
        }
        return new SubscriberCovariates(covariates, at);
    }

    /**
     * The covariate names, in order.
     *
     * @return the names
     */
    public List<String> names() {
        return covariates.names();
    }

    /**
     * The raw covariate values of one subscriber.
     *
     * @param id the subscriber's id
     * @return one value per {@link #names()}
     * @throws ChurnkitException naming the subscriber when the covariates have no row for them
     */
    public double[] row(String id) {
        Integer r = rowById.get(id);
        if (r == null) {
            throw new ChurnkitException("subscriber '" + id + "' has no covariates (" + String.join(", ", names())
                    + "): every subscriber fitted or scored needs a value for each");
        }
        double[] x = new double[names().size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = covariates.rawValue(r, j);
        }
        return x;
    }

    /**
     * The subscribers of one cohort (or all of them, for {@code label} {@code null}) with their
     * covariates, as {@link ContractualFitter#fitWithCovariates} takes them.
     *
     * @param subs the subscribers
     * @param label a cohort label, or {@code null} for every subscriber
     * @return the histories with covariates
     * @throws ChurnkitException naming the first subscriber without a covariate row
     * @throws IllegalArgumentException for a cohort without members
     */
    public SubscriberHistories histories(Subscriptions subs, String label) {
        int[] m;
        if (label == null) {
            m = new int[subs.size()];
            Arrays.setAll(m, i -> i);
        } else {
            m = subs.members(label);
        }
        if (m.length == 0) {
            throw new IllegalArgumentException("no subscriber in cohort '" + label + "'; the cohorts are "
                    + subs.cohortLabels());
        }
        List<String> ids = new ArrayList<>(m.length);
        int[] p = new int[m.length];
        boolean[] c = new boolean[m.length];
        double[][] x = new double[m.length][];
        for (int j = 0; j < m.length; j++) {
            String id = subs.id(m[j]);
            ids.add(id);
            p[j] = subs.periods(m[j]);
            c[j] = subs.cancelled(m[j]);
            x[j] = row(id);
        }
        return SubscriberHistories.of(ids, p, c, names(), x);
    }

    /**
     * Scores subscribers with a covariate fit: each gets the model of its covariates
     * ({@link ContractualFit#modelFor}), subscribers with equal covariates share one
     * {@link SubscriberScoring} (so indicator covariates cost one scoring per level combination).
     *
     * @param fit a fit whose {@link ContractualFit#covariateNames()} are {@link #names()}
     * @param rate the discount rate per period
     * @param horizon the periods ahead expected periods count ({@link SubscriberScoring#of})
     * @param ids the subscribers' ids
     * @param tenure each subscriber's current period, {@code >= 1}
     * @return the scores, in input order
     * @throws ChurnkitException naming a subscriber without covariates, or one whose covariates
     *     give a model that cannot be scored
     * @throws IllegalArgumentException when the fit's covariates are not these
     */
    public SubscriberScoring.Result score(ContractualFit fit, DiscountRate rate, int horizon, String[] ids,
                                          int[] tenure) {
        if (!fit.covariateNames().equals(names())) {
            throw new IllegalArgumentException("the model's covariates are " + fit.covariateNames() + ", these "
                    + names());
        }
        int n = ids.length;
        Map<List<Double>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double[] x = row(ids[i]);
            List<Double> key = new ArrayList<>(x.length);
            for (double v : x) {
                key.add(v);
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        double[] p = new double[n];
        double[] e = new double[n];
        boolean everyExpected = true;
        double[] d = new double[n];
        for (var g : groups.entrySet()) {
            double[] x = g.getKey().stream().mapToDouble(Double::doubleValue).toArray();
            List<Integer> rows = g.getValue();
            String[] gid = new String[rows.size()];
            int[] gt = new int[rows.size()];
            for (int j = 0; j < gid.length; j++) {
                gid[j] = ids[rows.get(j)];
                gt[j] = tenure[rows.get(j)];
            }
            ContractualModel model;
            try {
                model = fit.modelFor(x);
            } catch (IllegalArgumentException ex) {
                throw new ChurnkitException("subscriber '" + gid[0] + "': " + ex.getMessage(), ex);
            }
            SubscriberScoring.Result r = SubscriberScoring.of(model, rate, horizon).score(gid, gt);
            // without a horizon a group may have no finite expectation: then no subscriber shows one
            everyExpected &= r.expectedPeriods() != null;
            for (int j = 0; j < gid.length; j++) {
                int i = rows.get(j);
                p[i] = r.pRenewal()[j];
                d[i] = r.derl()[j];
                if (r.expectedPeriods() != null) {
                    e[i] = r.expectedPeriods()[j];
                }
            }
        }
        return new SubscriberScoring.Result(p, everyExpected ? e : null, d);
    }

    /**
     * The fitted share still subscribed by period over a population with covariates: the
     * subscriber-weighted mean of each subscriber's {@code S_i(t)} (the model of their covariates),
     * what the actual curve of these subscribers ({@link SubscriberHistories#observedSurvival})
     * is compared with.
     *
     * @param fit a covariate fit
     * @param data subscribers with that fit's covariates
     * @param n the last period, {@code >= 0}
     * @return {@code S(0) = 1, ..., S(n)}
     * @throws IllegalArgumentException when the subscribers' covariates are not the fit's, or a
     *     negative {@code n}
     * @throws ChurnkitException naming a subscriber whose covariates give a model that cannot be
     *     evaluated
     */
    public static double[] meanSurvival(ContractualFit fit, SubscriberHistories data, int n) {
        if (!fit.covariateNames().equals(data.covariateNames())) {
            throw new IllegalArgumentException("the model's covariates are " + fit.covariateNames()
                    + ", the subscribers' " + data.covariateNames());
        }
        if (n < 0) {
            throw new IllegalArgumentException("the last period must be >= 0, got " + n);
        }
        int k = data.covariateNames().size();
        double[] out = new double[n + 1];
        double total = 0;
        for (int r = 0; r < data.rows(); r++) {
            double[] x = new double[k];
            for (int j = 0; j < k; j++) {
                x[j] = data.covariate(r, j);
            }
            ContractualModel m;
            try {
                m = fit.modelFor(x);
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException(data.describe(r) + ": " + e.getMessage(), e);
            }
            double w = data.count(r);
            total += w;
            for (int t = 0; t <= n; t++) {
                double s = m.survival(t);
                if (!Double.isFinite(s)) {
                    throw new ChurnkitException(data.describe(r) + ": the survival at period " + t + " is " + s);
                }
                out[t] += w * s;
            }
        }
        for (int t = 0; t <= n; t++) {
            out[t] /= total;
        }
        return out;
    }
}
