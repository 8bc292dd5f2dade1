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

    private static int compareRows(Histories h, int a, int b, boolean spend) {
        int c = Double.compare(h.frequency[a] + 0.0, h.frequency[b] + 0.0);
        if (c == 0) {
            c = Double.compare(h.recency[a] + 0.0, h.recency[b] + 0.0);
        }
        if (c == 0) {
            c = Double.compare(h.age[a] + 0.0, h.age[b] + 0.0);
        }
        if (c == 0 && spend) {
            c = Double.compare(h.monetary[a] + 0.0, h.monetary[b] + 0.0);
        }
        return c;
    }

    /**
     * The distinct histories with weights (counts, or sums of existing weights), ordered by
     * {@code (x, t_x, T)} ascending (and spend, when kept): ordered by x, likelihoods share work
     * between neighbouring rows, and one order for any input order makes a fit independent of how
     * the customers were read, to the last bit. Spend is
     * dropped: it does not enter transaction likelihoods. Each distinct row keeps the id of its first
     * customer, so that an error names a real customer, not a compressed row. Returns {@code h}
     * itself when every row is already distinct, unweighted and in that order.
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
        // Distinct rows in one canonical order, (x, t_x, T, spend) ascending, whatever the input
        // order: the likelihood is then summed in the same order for the same customers however
        // they were read (a file, a shuffled file, Spark's groupBy), so fits of the same customers
        // agree to the last bit, not only to the optimiser's tolerance.
        int[] firstRow = new int[distinct];
        java.util.Arrays.fill(firstRow, -1);
        for (int i = 0; i < n; i++) {
            if (firstRow[slot[i]] < 0) {
                firstRow[slot[i]] = i;
            }
        }
        Integer[] order = new Integer[distinct];
        for (int d = 0; d < distinct; d++) {
            order[d] = d;
        }
        java.util.Arrays.sort(order, (a, b) -> compareRows(h, firstRow[a], firstRow[b], spend));
        int[] rank = new int[distinct];
        boolean identity = true;
        for (int r = 0; r < distinct; r++) {
            rank[order[r]] = r;
            identity &= firstRow[order[r]] == r;
        }
        if (distinct == n && !h.isWeighted() && identity) {
            return h;
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
