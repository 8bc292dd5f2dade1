package org.churnkit.contractual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Subscribers as the contractual likelihood sees them: per subscriber the periods paid for so far
 * ({@code t >= 1}, the tenure) and whether they cancelled at the end of period {@code t}
 * ({@code T = t}) or are still active ({@code T >= t}, right-censored; see the package description),
 * with optional static covariates. Immutable.
 *
 * <p>Stored compressed: one row per distinct {@code (periods, cancelled[, covariates])} with the
 * number of subscribers sharing it, rows sorted by periods, then cancelled after active, then
 * covariates, so that a million subscribers over 36 monthly periods are at most 72 rows. Each row
 * remembers its first subscriber's id (or input row) so errors can name one.
 *
 * <p>Likelihood contributions: a cancellation at {@code t} gives {@code P(T = t)}, an active
 * subscriber in period {@code t} gives {@code S(t - 1)} (a subscriber in their first period,
 * {@code S(0) = 1}, carries no information but counts as a subscriber).
 */
public final class SubscriberHistories {
    private final int[] periods;
    private final boolean[] cancelled;
    private final double[] counts;
    /** Row-major covariates of the distinct rows, {@code rows x k}; null without covariates. */
    private final double[] covariates;
    private final List<String> covariateNames;
    private final String[] firstIds;
    private final double total;

    private SubscriberHistories(int[] periods, boolean[] cancelled, double[] counts, double[] covariates,
                                List<String> covariateNames, String[] firstIds) {
        this.periods = periods;
        this.cancelled = cancelled;
        this.counts = counts;
        this.covariates = covariates;
        this.covariateNames = covariateNames;
        this.firstIds = firstIds;
        double t = 0;
        for (double c : counts) {
            t += c;
        }
        this.total = t;
    }

    /**
     * Subscribers without ids (errors name their 1-based input row) or covariates.
     *
     * @param periods periods paid for per subscriber, each {@code >= 1}
     * @param cancelled per subscriber, whether they cancelled at the end of their last period
     * @return the histories
     * @throws IllegalArgumentException naming the subscriber's row for a period below 1, or for
     *     arrays of different lengths
     */
    public static SubscriberHistories of(int[] periods, boolean[] cancelled) {
        return of(null, periods, cancelled, List.of(), null);
    }

    /**
     * Subscribers with ids, without covariates.
     *
     * @param ids one id per subscriber (used in error messages), or {@code null}
     * @param periods periods paid for per subscriber, each {@code >= 1}
     * @param cancelled per subscriber, whether they cancelled at the end of their last period
     * @return the histories
     * @throws IllegalArgumentException naming the subscriber for a period below 1
     */
    public static SubscriberHistories of(List<String> ids, int[] periods, boolean[] cancelled) {
        return of(ids, periods, cancelled, List.of(), null);
    }

    /**
     * Subscribers with static covariates (one row of {@code covariateNames.size()} values per
     * subscriber, e.g. plan dummies, a price; centre or scale them as for the transaction models).
     *
     * @param ids one id per subscriber, or {@code null} (errors then name the 1-based row)
     * @param periods periods paid for per subscriber, each {@code >= 1}
     * @param cancelled per subscriber, whether they cancelled at the end of their last period
     * @param covariateNames the covariates' names, distinct (empty for none)
     * @param covariates per subscriber the covariate values (finite), or {@code null} when there are none
     * @return the histories
     * @throws IllegalArgumentException naming the subscriber for a period below 1, a covariate
     *     that is not finite or a row of the wrong length
     */
    public static SubscriberHistories of(List<String> ids, int[] periods, boolean[] cancelled,
                                         List<String> covariateNames, double[][] covariates) {
        Objects.requireNonNull(periods, "periods");
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(covariateNames, "covariateNames");
        int n = periods.length;
        if (cancelled.length != n || (ids != null && ids.size() != n) || (covariates != null && covariates.length != n)) {
            throw new IllegalArgumentException("periods, cancelled, ids and covariates must have one length per "
                    + "subscriber: got " + n + " periods, " + cancelled.length + " cancel flags"
                    + (ids == null ? "" : ", " + ids.size() + " ids")
                    + (covariates == null ? "" : ", " + covariates.length + " covariate rows"));
        }
        int k = covariateNames.size();
        if (k > 0 && covariates == null) {
            throw new IllegalArgumentException("covariates " + covariateNames + " are named but no values given");
        }
        if (k == 0 && covariates != null) {
            throw new IllegalArgumentException("covariate values given without names");
        }
        if (k > 0 && Set.copyOf(covariateNames).size() != k) {
            throw new IllegalArgumentException("covariate names must be distinct, got " + covariateNames);
        }
        for (int i = 0; i < n; i++) {
            if (periods[i] < 1) {
                throw new IllegalArgumentException(who(ids, i) + ": periods must be >= 1 (the periods paid for, the "
                        + "first one included), got " + periods[i]);
            }
            if (k > 0) {
                if (covariates[i] == null || covariates[i].length != k) {
                    throw new IllegalArgumentException(who(ids, i) + ": expected " + k + " covariate values "
                            + covariateNames + ", got " + (covariates[i] == null ? "none" : covariates[i].length));
                }
                for (int j = 0; j < k; j++) {
                    if (!Double.isFinite(covariates[i][j])) {
                        throw new IllegalArgumentException(who(ids, i) + ": covariate '" + covariateNames.get(j)
                                + "' must be finite, got " + covariates[i][j]);
                    }
                }
            }
        }
        return k == 0 ? compressPlain(ids, periods, cancelled) : compressCovariates(ids, periods, cancelled,
                List.copyOf(covariateNames), covariates);
    }

    /**
     * Subscribers already counted: {@code counts[i]} subscribers in period {@code periods[i]} with
     * cancel flag {@code cancelled[i]} (repeated pairs are merged).
     *
     * @param periods periods paid for, each {@code >= 1}
     * @param cancelled whether those subscribers cancelled at the end of that period
     * @param counts how many subscribers, each finite and {@code >= 0} (weights allowed)
     * @return the histories
     * @throws IllegalArgumentException naming the row for a period below 1 or a count not finite and {@code >= 0}
     */
    public static SubscriberHistories ofCounts(int[] periods, boolean[] cancelled, double[] counts) {
        int n = periods.length;
        if (cancelled.length != n || counts.length != n) {
            throw new IllegalArgumentException("periods, cancelled and counts must have one length");
        }
        Map<Long, Double> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (periods[i] < 1) {
                throw new IllegalArgumentException("row " + (i + 1) + ": periods must be >= 1, got " + periods[i]);
            }
            if (!(counts[i] >= 0) || Double.isInfinite(counts[i])) {
                throw new IllegalArgumentException("row " + (i + 1) + ": the count must be finite and >= 0, got "
                        + counts[i]);
            }
            if (counts[i] > 0) {
                m.merge(key(periods[i], cancelled[i]), counts[i], Double::sum);
            }
        }
        long[] keys = m.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        int[] p = new int[keys.length];
        boolean[] c = new boolean[keys.length];
        double[] w = new double[keys.length];
        String[] first = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            p[i] = (int) (keys[i] >> 1);
            c[i] = (keys[i] & 1) == 1;
            w[i] = m.get(keys[i]);
        }
        return new SubscriberHistories(p, c, w, null, List.of(), first);
    }

    /**
     * The cohorts pooled into one table with cohort indicators as covariates, the data of a fit
     * with cohort effects: the first cohort (in the map's order) is the baseline, each other cohort
     * {@code c} gets a 0/1 covariate named {@code "cohort=" + c}. Counts are kept.
     *
     * @param byCohort each cohort's histories, in the order the cohorts are to be coded; at least two
     * @return the pooled histories with {@code byCohort.size() - 1} indicator covariates
     * @throws IllegalArgumentException for fewer than two cohorts
     */
    public static SubscriberHistories withCohortIndicators(Map<String, SubscriberHistories> byCohort) {
        if (byCohort.size() < 2) {
            throw new IllegalArgumentException("cohort effects need at least two cohorts, got " + byCohort.size());
        }
        List<String> labels = new ArrayList<>(byCohort.keySet());
        List<String> names = new ArrayList<>();
        for (int j = 1; j < labels.size(); j++) {
            names.add("cohort=" + labels.get(j));
        }
        int n = 0;
        for (SubscriberHistories h : byCohort.values()) {
            n += h.rows();
        }
        int[] periods = new int[n];
        boolean[] cancelled = new boolean[n];
        double[] counts = new double[n];
        double[][] x = new double[n][];
        int i = 0;
        for (int j = 0; j < labels.size(); j++) {
            SubscriberHistories h = byCohort.get(labels.get(j));
            double[] indicator = new double[labels.size() - 1];
            if (j > 0) {
                indicator[j - 1] = 1;
            }
            for (int r = 0; r < h.rows(); r++, i++) {
                periods[i] = h.periods(r);
                cancelled[i] = h.cancelled(r);
                counts[i] = h.count(r);
                x[i] = indicator;
            }
        }
        return ofCounts(periods, cancelled, counts, names, x);
    }

    /**
     * Subscribers already counted, with static covariates: {@code counts[i]} subscribers with
     * periods {@code periods[i]}, cancel flag {@code cancelled[i]} and covariates
     * {@code covariates[i]} (repeated rows are merged).
     *
     * @param periods periods paid for, each {@code >= 1}
     * @param cancelled whether those subscribers cancelled at the end of that period
     * @param counts how many subscribers, each finite and {@code >= 0}
     * @param covariateNames the covariates' names, distinct, at least one
     * @param covariates per row the covariate values, finite
     * @return the histories
     * @throws IllegalArgumentException naming the row for a value out of its domain
     */
    public static SubscriberHistories ofCounts(int[] periods, boolean[] cancelled, double[] counts,
                                               List<String> covariateNames, double[][] covariates) {
        int n = periods.length;
        int k = covariateNames.size();
        if (cancelled.length != n || counts.length != n || covariates.length != n) {
            throw new IllegalArgumentException("periods, cancelled, counts and covariates must have one length");
        }
        if (k == 0 || Set.copyOf(covariateNames).size() != k) {
            throw new IllegalArgumentException("covariate names must be given and distinct, got " + covariateNames);
        }
        Map<Key, double[]> m = new HashMap<>(); // {count, first row}
        for (int i = 0; i < n; i++) {
            if (periods[i] < 1) {
                throw new IllegalArgumentException("row " + (i + 1) + ": periods must be >= 1, got " + periods[i]);
            }
            if (!(counts[i] >= 0) || Double.isInfinite(counts[i])) {
                throw new IllegalArgumentException("row " + (i + 1) + ": the count must be finite and >= 0, got "
                        + counts[i]);
            }
            if (covariates[i] == null || covariates[i].length != k) {
                throw new IllegalArgumentException("row " + (i + 1) + ": expected " + k + " covariate values");
            }
            double[] xi = new double[k];
            for (int j = 0; j < k; j++) {
                if (!Double.isFinite(covariates[i][j])) {
                    throw new IllegalArgumentException("row " + (i + 1) + ": covariate '" + covariateNames.get(j)
                            + "' must be finite, got " + covariates[i][j]);
                }
                xi[j] = covariates[i][j] + 0.0;
            }
            if (counts[i] > 0) {
                int row = i;
                m.computeIfAbsent(new Key(periods[i], cancelled[i], xi), key -> new double[] {0, row})[0] += counts[i];
            }
        }
        return ofGroups(m, List.copyOf(covariateNames), row -> "row " + (row + 1));
    }

    private static long key(int periods, boolean cancelled) {
        return ((long) periods << 1) | (cancelled ? 1 : 0);
    }

    private static String who(List<String> ids, int i) {
        return ids == null ? "subscriber in row " + (i + 1) : "subscriber '" + ids.get(i) + "' (row " + (i + 1) + ")";
    }

    /** Counting sort on (periods, cancelled): one pass, no hashing, for the million-subscriber case. */
    private static SubscriberHistories compressPlain(List<String> ids, int[] periods, boolean[] cancelled) {
        int n = periods.length;
        int max = 0;
        for (int p : periods) {
            max = Math.max(max, p);
        }
        if (max > 50_000_000) {
            double[] ones = new double[n];
            Arrays.fill(ones, 1.0);
            return ofCounts(periods, cancelled, ones);
        }
        int[] count = new int[2 * (max + 1)];
        int[] first = new int[2 * (max + 1)];
        Arrays.fill(first, -1);
        for (int i = 0; i < n; i++) {
            int slot = 2 * periods[i] + (cancelled[i] ? 1 : 0);
            if (count[slot]++ == 0) {
                first[slot] = i;
            }
        }
        int rows = 0;
        for (int c : count) {
            rows += c > 0 ? 1 : 0;
        }
        int[] p = new int[rows];
        boolean[] c = new boolean[rows];
        double[] w = new double[rows];
        String[] firstIds = new String[rows];
        int r = 0;
        for (int slot = 0; slot < count.length; slot++) {
            if (count[slot] > 0) {
                p[r] = slot >> 1;
                c[r] = (slot & 1) == 1;
                w[r] = count[slot];
                firstIds[r] = who(ids, first[slot]);
                r++;
            }
        }
        return new SubscriberHistories(p, c, w, null, List.of(), firstIds);
    }

    private record Key(int periods, boolean cancelled, double[] x) implements Comparable<Key> {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.periods == periods && k.cancelled == cancelled && Arrays.equals(k.x, x);
        }

        @Override
        public int hashCode() {
            return (periods * 2 + (cancelled ? 1 : 0)) * 31 + Arrays.hashCode(x);
        }

        @Override
        public int compareTo(Key o) {
            int d = Integer.compare(periods, o.periods);
            if (d == 0) {
                d = Boolean.compare(cancelled, o.cancelled);
            }
            return d != 0 ? d : Arrays.compare(x, o.x);
        }
    }

    private static SubscriberHistories compressCovariates(List<String> ids, int[] periods, boolean[] cancelled,
                                                          List<String> names, double[][] x) {
        int k = names.size();
        Map<Key, double[]> m = new HashMap<>(); // {count, first row}
        for (int i = 0; i < periods.length; i++) {
            // +0.0 for -0.0 so that equal values share a row
            double[] xi = new double[k];
            for (int j = 0; j < k; j++) {
                xi[j] = x[i][j] + 0.0;
            }
            int row = i;
            m.computeIfAbsent(new Key(periods[i], cancelled[i], xi), key -> new double[] {0, row})[0]++;
        }
        return ofGroups(m, names, row -> who(ids, row));
    }

    /**
     * The distinct rows of {@code m} (key to {count, first row}; counts and row numbers are exact
     * in a double) in {@link Key} order, weighted by their counts, each named by
     * {@code firstRow} of its first row.
     */
    private static SubscriberHistories ofGroups(Map<Key, double[]> m, List<String> names,
                                                IntFunction<String> firstRow) {
        int k = names.size();
        List<Key> keys = new ArrayList<>(m.keySet());
        keys.sort(null);
        int rows = keys.size();
        int[] p = new int[rows];
        boolean[] c = new boolean[rows];
        double[] w = new double[rows];
        double[] cov = new double[rows * k];
        String[] firstIds = new String[rows];
        for (int r = 0; r < rows; r++) {
            Key key = keys.get(r);
            double[] v = m.get(key);
            p[r] = key.periods;
            c[r] = key.cancelled;
            w[r] = v[0];
            System.arraycopy(key.x, 0, cov, r * k, k);
            firstIds[r] = firstRow.apply((int) v[1]);
        }
        return new SubscriberHistories(p, c, w, cov, names, firstIds);
    }

    /**
     * Distinct rows.
     *
     * @return the number of distinct {@code (periods, cancelled[, covariates])} rows
     */
    public int rows() {
        return periods.length;
    }

    /**
     * Subscribers (sum of the counts).
     *
     * @return the total count
     */
    public double subscribers() {
        return total;
    }

    /**
     * Periods paid for by the subscribers of a row.
     *
     * @param row a row, {@code 0 <= row < rows()}
     * @return the periods, {@code >= 1}
     */
    public int periods(int row) {
        return periods[row];
    }

    /**
     * Whether the subscribers of a row cancelled at the end of their last period.
     *
     * @param row a row
     * @return true for cancelled, false for still active (censored)
     */
    public boolean cancelled(int row) {
        return cancelled[row];
    }

    /**
     * How many subscribers share a row.
     *
     * @param row a row
     * @return the count, {@code > 0}
     */
    public double count(int row) {
        return counts[row];
    }

    /**
     * The longest tenure among the subscribers.
     *
     * @return the largest periods value, 0 when empty
     */
    public int maxPeriods() {
        int m = 0;
        for (int p : periods) {
            m = Math.max(m, p);
        }
        return m;
    }

    /**
     * Subscribers who cancelled.
     *
     * @return the count of cancellations
     */
    public double cancellations() {
        double s = 0;
        for (int i = 0; i < periods.length; i++) {
            s += cancelled[i] ? counts[i] : 0;
        }
        return s;
    }

    /**
     * The covariates' names (empty without covariates).
     *
     * @return the names, in column order
     */
    public List<String> covariateNames() {
        return covariateNames;
    }

    /**
     * Whether the subscribers carry covariates.
     *
     * @return true when there is at least one covariate
     */
    public boolean hasCovariates() {
        return !covariateNames.isEmpty();
    }

    /**
     * A covariate value of a row.
     *
     * @param row a row
     * @param j the covariate's column, {@code 0 <= j < covariateNames().size()}
     * @return the value
     */
    public double covariate(int row, int j) {
        int k = covariateNames.size();
        if (j < 0 || j >= k) {
            throw new IndexOutOfBoundsException("covariate " + j + " of " + k);
        }
        return covariates[row * k + j];
    }

    /**
     * The row as an error message names it: its first subscriber and the row's values, e.g.
     * {@code subscriber 's7' (row 12) (periods=3, cancelled)}.
     *
     * @param row a row
     * @return the description
     */
    public String describe(int row) {
        String w = firstIds[row] == null ? "subscribers" : firstIds[row];
        return w + " (periods=" + periods[row] + ", " + (cancelled[row] ? "cancelled" : "active") + ")";
    }

    /**
     * The observed survivor curve, censoring allowed for (Kaplan and Meier 1958): the share still
     * subscribed after the renewal decision at the end of period {@code t} is
     * {@code prod_{s<=t} (1 - c_s / n_s)}, with {@code c_s} the subscribers who cancelled at the end
     * of period {@code s} and {@code n_s} those whose decision at the end of period {@code s} is known
     * (cancelled at {@code s} or later, or active in a later period). With one cohort observed to the
     * same period this is its survivor curve divided by its size: what a retention chart shows
     * beside the fitted {@code S(t)}.
     *
     * @param n the last period wanted, {@code >= 0}
     * @return {@code S(0) = 1, S(1), ...}, up to period {@code n} or the last period with a known
     *     decision, whichever comes first (so never NaN)
     */
    public double[] observedSurvival(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("the last period must be >= 0, got " + n);
        }
        int max = Math.min(n, maxPeriods());
        double[] cancelAt = new double[max + 2];
        double[] knownFrom = new double[max + 2]; // decisions known up to this period
        for (int i = 0; i < periods.length; i++) {
            int last = cancelled[i] ? periods[i] : periods[i] - 1;
            if (cancelled[i] && periods[i] <= max) {
                cancelAt[periods[i]] += counts[i];
            }
            knownFrom[Math.min(last, max + 1)] += counts[i];
        }
        // at risk at s: subscribers whose decisions are known through s or later
        double[] out = new double[max + 1];
        out[0] = 1;
        double atRisk = 0;
        for (int s = max + 1; s >= 1; s--) {
            atRisk += knownFrom[s];
            knownFrom[s] = atRisk;
        }
        int last = 0;
        for (int s = 1; s <= max; s++) {
            if (!(knownFrom[s] > 0)) {
                break;
            }
            out[s] = out[s - 1] * (1 - cancelAt[s] / knownFrom[s]);
            last = s;
        }
        return Arrays.copyOf(out, last + 1);
    }

    /**
     * {@code m} rows evenly spaced over the rows (row {@code floor(i n / m)}), counts and
     * covariates kept: where the fitter screens its starting points on many distinct rows.
     */
    SubscriberHistories subsample(int m) {
        int n = rows();
        int k = covariateNames.size();
        int[] p = new int[m];
        boolean[] c = new boolean[m];
        double[] w = new double[m];
        double[] x = k == 0 ? null : new double[m * k];
        String[] ids = new String[m];
        for (int i = 0; i < m; i++) {
            int j = (int) ((long) i * n / m);
            p[i] = periods[j];
            c[i] = cancelled[j];
            w[i] = counts[j];
            ids[i] = firstIds[j];
            if (x != null) {
                System.arraycopy(covariates, j * k, x, i * k, k);
            }
        }
        return new SubscriberHistories(p, c, w, x, covariateNames, ids);
    }

    /**
     * The same subscribers with the covariates dropped (rows merged).
     *
     * @return histories without covariates
     */
    public SubscriberHistories withoutCovariates() {
        if (!hasCovariates()) {
            return this;
        }
        return ofCounts(periods, cancelled, counts);
    }

    @Override
    public String toString() {
        return "SubscriberHistories[" + total + " subscribers, " + rows() + " distinct rows, "
                + cancellations() + " cancelled, covariates " + covariateNames + "]";
    }
}
