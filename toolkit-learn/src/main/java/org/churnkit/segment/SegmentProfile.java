package org.churnkit.segment;

import java.util.ArrayList;
import java.util.List;
import org.churnkit.ChurnkitException;
import org.churnkit.model.ScoreColumn;

/**
 * What one segment looks like, in the units of the score file. Means are over the segment's
 * customers. A value is NaN exactly when the score file lacks the column it is computed from
 * (p_alive, expected_transactions, clv, ...); reports show such values as "not available".
 *
 * @param rank 1-based display position (segments are ordered by value index, highest first)
 * @param name the segment's name, unique within a segmentation
 * @param action recommended marketing action
 * @param customers number of customers
 * @param shareOfCustomers customers / all customers
 * @param shareOfValue value of the segment / value of all customers (value: CLV, else frequency x monetary value)
 * @param totalValue sum of value
 * @param meanValue mean value per customer
 * @param meanPAlive mean P(alive)
 * @param meanExpectedTransactions mean expected transactions over the score horizon
 * @param valueAtRisk sum over customers of the value at risk, alive value - CLV = (1 - P(alive)) x alive value
 *     ({@link org.churnkit.model.CustomerValue})
 * @param meanFrequency mean number of repeat transactions
 * @param meanRecency mean time of the last transaction
 * @param meanMonetaryValue mean of the average transaction value
 */
public record SegmentProfile(
        int rank, String name, String action, long customers, double shareOfCustomers, double shareOfValue,
        double totalValue, double meanValue, double meanPAlive, double meanExpectedTransactions,
        double valueAtRisk, double meanFrequency, double meanRecency, double meanMonetaryValue) {

    /**
     * Value index: mean value of the segment relative to the mean over all customers.
     *
     * @return the value index; 1 for an average segment
     */
    public double valueIndex() {
        return shareOfCustomers > 0 ? shareOfValue / shareOfCustomers : Double.NaN;
    }

    /**
     * Per-customer value used for shares and the naming rule: CLV when present, else past spend
     * (frequency x monetary value), else {@code null}.
     */
    static double[] valueColumn(ScoreColumns s) {
        if (s.has(ScoreColumn.CLV.column())) {
            return s.get(ScoreColumn.CLV.column());
        }
        if (s.has(ScoreColumn.FREQUENCY.column()) && s.has(ScoreColumn.MONETARY_VALUE.column())) {
            double[] f = s.get(ScoreColumn.FREQUENCY.column());
            double[] m = s.get(ScoreColumn.MONETARY_VALUE.column());
            double[] v = new double[f.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = f[i] * m[i];
            }
            return v;
        }
        return null;
    }

    /**
     * Profiles of segments {@code 0..names.length-1} given each customer's segment; profile i has
     * rank i + 1 and name {@code names[i]}. When {@code actions} is null the action comes from
     * {@link SegmentNaming#describe} on the segment's members.
     *
     * @throws ChurnkitException when a used score is NaN or infinite (naming the customer)
     * @param segment segment index per customer
     * @param names display name per segment
     * @param actions recommended action per segment
     * @param s the customers' score columns
     * @return one profile per segment
     */
    public static List<SegmentProfile> compute(int[] segment, String[] names, String[] actions, ScoreColumns s) {
        int k = names.length;
        int n = segment.length;
        if (n != s.size()) {
            throw new IllegalArgumentException(n + " segment labels for " + s.size() + " customers");
        }
        double[] value = valueColumn(s);
        double[] pAlive = s.get(ScoreColumn.P_ALIVE.column());
        double[] exp = s.get(ScoreColumn.EXPECTED_TRANSACTIONS.column());
        double[] risk = s.valuesAtRisk();
        double[] freq = s.get(ScoreColumn.FREQUENCY.column());
        double[] rec = s.get(ScoreColumn.RECENCY.column());
        double[] mon = s.get(ScoreColumn.MONETARY_VALUE.column());
        check(s, value, "value");
        check(s, pAlive, ScoreColumn.P_ALIVE.column());
        check(s, exp, ScoreColumn.EXPECTED_TRANSACTIONS.column());
        long[] cnt = new long[k];
        double[] sv = new double[k];
        double[] sp = new double[k];
        double[] se = new double[k];
        double[] sr = new double[k];
        double[] sf = new double[k];
        double[] sre = new double[k];
        double[] sm = new double[k];
        double totalValue = 0;
        for (int i = 0; i < n; i++) {
            int g = segment[i];
            cnt[g]++;
            if (value != null) {
                sv[g] += value[i];
                totalValue += value[i];
            }
            if (pAlive != null) {
                sp[g] += pAlive[i];
            }
            if (exp != null) {
                se[g] += exp[i];
            }
            if (risk != null) {
                sr[g] += risk[i];
            }
            if (freq != null) {
                sf[g] += freq[i];
            }
            if (rec != null) {
                sre[g] += rec[i];
            }
            if (mon != null) {
                sm[g] += mon[i];
            }
        }
        List<SegmentProfile> out = new ArrayList<>(k);
        double nan = Double.NaN;
        // Without given actions, each segment's action follows the naming rule on its members.
        List<SegmentNaming.Stats> stats = actions == null ? SegmentNaming.stats(segment, k, s) : null;
        org.churnkit.i18n.Messages en = actions == null ? org.churnkit.i18n.Messages.english() : null;
        for (int g = 0; g < k; g++) {
            double c = cnt[g];
            double share = n > 0 ? c / n : 0;
            double shareV = value == null ? nan : totalValue != 0 ? sv[g] / totalValue : 0;
            double meanP = pAlive == null || c == 0 ? nan : sp[g] / c;
            double meanF = freq == null || c == 0 ? nan : sf[g] / c;
            String action = actions != null ? actions[g] : SegmentNaming.describe(stats.get(g)).action(en);
            out.add(new SegmentProfile(g + 1, names[g], action, cnt[g], share, shareV,
                    value == null ? nan : sv[g], value == null || c == 0 ? nan : sv[g] / c, meanP,
                    exp == null || c == 0 ? nan : se[g] / c,
                    risk == null ? nan : sr[g], meanF,
                    rec == null || c == 0 ? nan : sre[g] / c, mon == null || c == 0 ? nan : sm[g] / c));
        }
        return out;
    }

    private static void check(ScoreColumns s, double[] col, String name) {
        if (col == null) {
            return;
        }
        int bad = ScoreColumns.firstNonFinite(col);
        if (bad >= 0) {
            throw new ChurnkitException("customer " + s.id(bad) + ": " + name + " is " + col[bad]
                    + "; segment profiles need finite values");
        }
    }
}
