package org.churnkit.model;

import org.churnkit.numerics.RadixSort;

/**
 * Merges identical {@code (x, t_x, T)} rows into one weighted row, the step that makes fitting
 * data with few distinct histories (daily or weekly units) fast: the likelihood of a row is
 * evaluated once and multiplied by its weight. Existing weights are summed.
 */
public final class CompressedHistories {
    private CompressedHistories() {}

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
        // Sorted already, distinct and unweighted (one linear check): nothing to merge or reorder.
        if (!h.isWeighted() && strictlyAscending(h, spend)) {
            return h;
        }
        // Distinct rows in one canonical order, (x, t_x, T, spend) ascending, whatever the input
        // order: the likelihood is then summed in the same order for the same customers however
        // they were read (a file, a shuffled file, Spark's groupBy), so fits of the same customers
        // agree to the last bit, not only to the optimiser's tolerance. A stable sort of the row
        // numbers on primitive columns (no hashing, no boxing: a million rows in a fraction of a
        // second) keeps identical rows in input order, so each merged row keeps its first
        // customer's id and sums its weights in input order.
        int[] order = sortedOrder(h, spend);
        int distinct = n == 0 ? 0 : 1;
        for (int r = 1; r < n; r++) {
            if (compareRows(h, order[r - 1], order[r], spend) != 0) {
                distinct++;
            }
        }
        double[] x = new double[distinct];
        double[] tx = new double[distinct];
        double[] t = new double[distinct];
        double[] w = new double[distinct];
        double[] m = spend ? new double[distinct] : null;
        String[] ids = h.ids == null ? null : new String[distinct];
        int s = -1;
        for (int r = 0; r < n; r++) {
            int i = order[r];
            if (r == 0 || compareRows(h, order[r - 1], i, spend) != 0) {
                s++;
                if (ids != null) {
                    ids[s] = h.ids[i];
                }
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

    private static boolean strictlyAscending(Histories h, boolean spend) {
        for (int i = 1; i < h.size(); i++) {
            if (compareRows(h, i - 1, i, spend) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Row numbers in the order of {@link #compareRows}, identical rows in input order: the stable
     * radix sort of the row numbers by the columns, so that a million rows take a few dozen
     * milliseconds, where hashing them as boxed keys took most of a second.
     */
    private static int[] sortedOrder(Histories h, boolean spend) {
        int n = h.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (spend) {
            RadixSort.sortBy(order, false, h.frequency, h.recency, h.age, h.monetary);
        } else {
            RadixSort.sortBy(order, false, h.frequency, h.recency, h.age);
        }
        return order;
    }
}
