package org.churnkit.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Merges identical {@code (x, t_x, T)} rows into one weighted row, the step that makes fitting
 * data with few distinct histories (daily or weekly units) fast: the likelihood of a row is
 * evaluated once and multiplied by its weight. Existing weights are summed.
 */
public final class CompressedHistories {
    private CompressedHistories() {}

    private record Key(double x, double tx, double t, double m) {}

    /**
     * The distinct histories with weights (counts, or sums of existing weights), ordered by x (then
     * first appearance), so that likelihoods can share work between neighbouring rows. Spend is
     * dropped: it does not enter transaction likelihoods. Each distinct row keeps the id of its first
     * customer, so that an error names a real customer, not a compressed row. Returns {@code h}
     * itself when every row is already distinct and unweighted.
     *
     * @param h the histories
     * @return the distinct histories weighted by their counts
     */
    public static Histories compress(Histories h) {
        return compress(h, false);
    }

    /**
     * As {@link #compress(Histories)}; with {@code keepMonetary} (spend models) rows are identical
     * only when their mean spend is too, and the spend column is kept.
     *
     * @param h the histories
     * @param keepMonetary whether to keep (and compare) the spend column
     * @return the distinct histories weighted by their counts
     */
    public static Histories compress(Histories h, boolean keepMonetary) {
        boolean spend = keepMonetary && h.hasMonetary();
        int n = h.size();
        Map<Key, Integer> index = new HashMap<>(Math.max(16, n * 2));
        int[] slot = new int[n];
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            // +0.0 folds -0.0 into 0.0 so that the record's equality (Double.compare) matches ==.
            Key k = new Key(h.frequency[i] + 0.0, h.recency[i] + 0.0, h.age[i] + 0.0, spend ? h.monetary[i] + 0.0 : 0.0);
            Integer s = index.putIfAbsent(k, distinct);
            if (s == null) {
                slot[i] = distinct++;
            } else {
                slot[i] = s;
            }
        }
        if (distinct == n && !h.isWeighted()) {
            return h;
        }
        // Counting sort of the distinct rows by x (x is a whole number; skip for absurd maxima).
        double maxX = 0;
        for (int i = 0; i < n; i++) {
            maxX = Math.max(maxX, h.frequency[i]);
        }
        int[] rank = new int[distinct];
        if (maxX < 10_000_000) {
            int[] firstRow = new int[distinct];
            java.util.Arrays.fill(firstRow, -1);
            for (int i = 0; i < n; i++) {
                if (firstRow[slot[i]] < 0) {
                    firstRow[slot[i]] = i;
                }
            }
            int[] start = new int[(int) maxX + 2];
            for (int d = 0; d < distinct; d++) {
                start[(int) h.frequency[firstRow[d]] + 1]++;
            }
            for (int v = 1; v < start.length; v++) {
                start[v] += start[v - 1];
            }
            for (int d = 0; d < distinct; d++) {
                rank[d] = start[(int) h.frequency[firstRow[d]]]++;
            }
        } else {
            for (int d = 0; d < distinct; d++) {
                rank[d] = d;
            }
        }
        for (int i = 0; i < n; i++) {
            slot[i] = rank[slot[i]];
        }
        double[] x = new double[distinct];
        double[] tx = new double[distinct];
        double[] t = new double[distinct];
        double[] w = new double[distinct];
        double[] m = spend ? new double[distinct] : null;
        String[] ids = h.ids == null ? null : new String[distinct];
        for (int i = 0; i < n; i++) {
            int s = slot[i];
            if (ids != null && ids[s] == null) {
                ids[s] = h.ids[i];
            }
            x[s] = h.frequency[i];
            tx[s] = h.recency[i];
            t[s] = h.age[i];
            w[s] += h.weight(i);
            if (spend) {
                m[s] = h.monetary[i];
            }
        }
        return Histories.wrap(x, tx, t, m, w, ids);
    }
}
