package org.churnkit.model;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.churnkit.data.DateParser;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;

/**
 * Customers' histories with time-varying covariates (Bachmann, Meierer and Naef 2021): covariates
 * constant within each calendar period, held as each customer's path of segments on his own time
 * axis (time 0 = his first purchase, in the model's time unit), as primitive arrays.
 *
 * <p>Per customer: the repeat purchases {@code x}, the time {@code t_x} of the last one, the
 * observation length {@code T}, the sum over his repeat purchases of the covariate vector of the
 * period each falls in (all the purchase term {@code prod_j a(t_j) = exp(gamma_P' sum_j z(t_j))}
 * needs), and the segments of {@code [0, T]} between period boundaries, split at {@code t_x}; then,
 * when a prediction window {@code h > 0} was asked for, the segments of {@code (T, T + h]}
 * (neighbouring periods with equal covariates form one segment: the rates are constant across). Each
 * segment has a length and the index of its covariate vector in a table of distinct vectors (with
 * categorical covariates most periods share a handful of vectors, and the model evaluates
 * {@code exp(gamma' z)} once per distinct vector).
 *
 * <p>Covariate values are used as given (no centring or scaling); categorical columns of a file
 * become indicators against a reference level exactly as {@link Covariates#read} does.
 * Immutable; the arrays are not exposed.
 */
public final class TimeVaryingCovariates {
    final List<String> names;
    final Map<String, String> referenceLevels;
    final List<String> notes;
    final String[] ids;
    final double[] x;
    final double[] tx;
    final double[] age;
    /** Weights (merged identical customers); null: all 1. */
    final double[] weight;
    /** Segment range of customer i: {@code [seg[i], seg[i + 1])}. */
    final int[] seg;
    /** First segment of the integral from t_x to T. */
    final int[] integralFrom;
    /** First segment after T (the prediction window); {@code seg[i + 1]} without one. */
    final int[] futureFrom;
    final double[] length;
    final int[] level;
    /** Distinct covariate vectors, row-major, {@code names.size()} wide. */
    final double[] levels;
    /** Sum of the covariate vectors at the repeat purchases, row-major n x c. */
    final double[] purchaseSums;
    final double horizon;
    final TimeUnit unit;
    final double periodLength;

    TimeVaryingCovariates(List<String> names, Map<String, String> referenceLevels, List<String> notes, String[] ids,
                          double[] x, double[] tx, double[] age, double[] weight, int[] seg, int[] integralFrom,
                          int[] futureFrom, double[] length, int[] level, double[] levels, double[] purchaseSums,
                          double horizon, TimeUnit unit, double periodLength) {
        this.names = List.copyOf(names);
        this.referenceLevels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(referenceLevels));
        this.notes = List.copyOf(notes);
        this.ids = ids;
        this.x = x;
        this.tx = tx;
        this.age = age;
        this.weight = weight;
        this.seg = seg;
        this.integralFrom = integralFrom;
        this.futureFrom = futureFrom;
        this.length = length;
        this.level = level;
        this.levels = levels;
        this.purchaseSums = purchaseSums;
        this.horizon = horizon;
        this.unit = unit;
        this.periodLength = periodLength;
    }

    /**
     * Number of customers (rows; merged rows count once).
     *
     * @return the row count
     */
    public int size() {
        return x.length;
    }

    /**
     * Total weight (customers, counting merged rows by their weight).
     *
     * @return the sum of weights
     */
    public double totalWeight() {
        if (weight == null) {
            return x.length;
        }
        double s = 0;
        for (double w : weight) {
            s += w;
        }
        return s;
    }

    double weight(int i) {
        return weight == null ? 1 : weight[i];
    }

    /**
     * The covariate names (indicators named {@code column=level}).
     *
     * @return the names, in column order
     */
    public List<String> names() {
        return names;
    }

    /**
     * Reference level per categorical column.
     *
     * @return column to reference level
     */
    public Map<String, String> referenceLevels() {
        return referenceLevels;
    }

    /**
     * What was read, excluded or converted, in words (reference levels, customers excluded and why).
     *
     * @return the notes
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * Customer id of row i ({@code null} when built without ids).
     *
     * @param i row
     * @return the id
     */
    public String id(int i) {
        return ids == null ? null : ids[i];
    }

    /**
     * The plain histories {@code (x, t_x, T)} with ids and weights, for the plain models.
     *
     * @return the histories
     */
    public Histories histories() {
        return Histories.wrap(x.clone(), tx.clone(), age.clone(), null, weight == null ? null : weight.clone(),
                ids == null ? null : ids.clone());
    }

    /**
     * Length of the prediction window after each customer's T held here (0 when none).
     *
     * @return h, in the time unit
     */
    public double horizon() {
        return horizon;
    }

    /**
     * The model's time unit.
     *
     * @return the unit
     */
    public TimeUnit unit() {
        return unit;
    }

    /**
     * Length of a covariate period, in the time unit.
     *
     * @return the period length
     */
    public double periodLength() {
        return periodLength;
    }

    String describe(int i) {
        String who = ids != null ? "customer '" + ids[i] + "'" : "customer at row " + i;
        return who + " (x=" + x[i] + ", t_x=" + tx[i] + ", T=" + age[i] + ")";
    }

    /**
     * A builder for covariate paths given per period (for simulated or programmatically built
     * data).
     *
     * @param names covariate names, distinct
     * @param periodLength length of a period, in the time unit, {@code > 0}
     * @param unit the time unit
     * @param horizon prediction window after each T to hold, {@code >= 0}
     * @return an empty builder
     */
    public static Builder builder(List<String> names, double periodLength, TimeUnit unit, double horizon) {
        return new Builder(names, periodLength, unit, horizon);
    }

    /**
     * Collects customers in primitive arrays and interns covariate vectors. Not thread-safe.
     */
    public static final class Builder {
        private final List<String> names;
        private final int c;
        private final double period;
        private final TimeUnit unit;
        private final double horizon;
        private final List<String> ids = new ArrayList<>();
        private boolean anyId;
        private double[] x = new double[16];
        private double[] tx = new double[16];
        private double[] age = new double[16];
        private double[] sums = new double[16];
        private int[] seg = new int[17];
        private int[] from = new int[16];
        private int[] fut = new int[16];
        private double[] len = new double[64];
        private int[] lev = new int[64];
        private double[] levels = new double[64];
        private int levelCount;
        private int n;
        private int segments;
        private final Map<Key, Integer> index = new HashMap<>();
        private final List<String> notes = new ArrayList<>();
        private Map<String, String> references = Map.of();
        /** Weights of the customers added; null while every weight is 1. */
        private double[] w;

        private Builder(List<String> names, double periodLength, TimeUnit unit, double horizon) {
            this.names = List.copyOf(names);
            if (new java.util.HashSet<>(this.names).size() != this.names.size()) {
                throw new IllegalArgumentException("covariate names must be distinct: " + names);
            }
            this.c = names.size();
            if (!(periodLength > 0) || Double.isInfinite(periodLength)) {
                throw new IllegalArgumentException("period length must be positive and finite, got " + periodLength);
            }
            if (!(horizon >= 0) || Double.isInfinite(horizon)) {
                throw new IllegalArgumentException("horizon must be >= 0 and finite, got " + horizon);
            }
            this.period = periodLength;
            this.unit = Objects.requireNonNull(unit, "unit");
            this.horizon = horizon;
        }

        Builder notes(List<String> more, Map<String, String> refs) {
            notes.addAll(more);
            references = refs;
            return this;
        }

        /**
         * Records the reference level of each categorical column the covariates were coded from
         * (kept in a fitted model, as {@link TimeVaryingCovariates#read} keeps them).
         *
         * @param levels column to reference level
         * @return this builder
         */
        public Builder referenceLevels(Map<String, String> levels) {
            references = Map.copyOf(levels);
            return this;
        }

        /**
         * Adds {@code weight} identical customers as one weighted row (for data counted
         * elsewhere, e.g. on a cluster): the likelihood counts the row {@code weight} times, as it
         * counts the rows {@link TimeVaryingCovariateFitter} merges itself. Arguments as
         * {@link #add}.
         *
         * @param id customer id (may be null)
         * @param weight number of customers, positive and finite
         * @param offset where the first purchase falls in period 0, in {@code [0, L)}
         * @param ageT observation length T
         * @param recency t_x
         * @param purchases repeat purchases per period
         * @param z covariate vectors of periods 0, 1, ... (row-major)
         * @return this builder
         * @throws IllegalArgumentException as {@link #add}, and on a weight that is not positive
         */
        public Builder addWeighted(String id, double weight, double offset, double ageT, double recency, int[] purchases,
                                   double[] z) {
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException((id != null ? "customer '" + id + "'" : "customer at row " + n)
                        + ": weight must be positive and finite, got " + weight);
            }
            add(id, offset, ageT, recency, purchases, z);
            if (weight != 1 && w == null) {
                w = new double[x.length];
                Arrays.fill(w, 1.0);
            }
            if (w != null) {
                if (w.length < x.length) {
                    int old = w.length;
                    w = Arrays.copyOf(w, x.length);
                    Arrays.fill(w, old, w.length, 1.0);
                }
                w[n - 1] = weight;
            }
            return this;
        }

        /**
         * Adds a customer. Period k covers {@code [k L - offset, (k + 1) L - offset)} of his time
         * axis (period 0 holds his first purchase at time 0).
         *
         * @param id customer id (may be null)
         * @param offset where the first purchase falls in period 0, in {@code [0, L)}
         * @param ageT observation length T, {@code >= 0}
         * @param recency t_x, in {@code [0, T]} (0 without repeat purchases)
         * @param purchases repeat purchases per period (index k for period k)
         * @param z covariate vectors of periods 0, 1, ... (row-major, {@code names().size()} wide),
         *     at least up to the period holding {@code T + h} (or the last purchase)
         * @return this builder
         * @throws IllegalArgumentException when a value is out of range or periods are missing
         *     (naming the customer)
         */
        public Builder add(String id, double offset, double ageT, double recency, int[] purchases, double[] z) {
            String who = id != null ? "customer '" + id + "'" : "customer at row " + n;
            if (!(offset >= 0 && offset < period) || !(ageT >= 0) || Double.isInfinite(ageT) || !(recency >= 0)
                    || !(recency <= ageT)) {
                throw new IllegalArgumentException(who + ": need 0 <= offset < period length, 0 <= t_x <= T finite; got "
                        + "offset " + offset + ", t_x " + recency + ", T " + ageT);
            }
            if (z.length % Math.max(1, c) != 0) {
                throw new IllegalArgumentException(who + ": covariate values not a multiple of " + c);
            }
            int periods = c == 0 ? Integer.MAX_VALUE : z.length / c;
            for (double v : z) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(who + ": covariate value " + v + " is not finite");
                }
            }
            double end = ageT + horizon;
            int needed = periodOf(end > 0 ? end : 0, offset, end > 0);
            long count = 0;
            int lastWith = -1;
            for (int k = 0; k < purchases.length; k++) {
                if (purchases[k] < 0) {
                    throw new IllegalArgumentException(who + ": negative purchase count in period " + k);
                }
                count += purchases[k];
                if (purchases[k] > 0) {
                    lastWith = k;
                }
            }
            if (count > 0 && !(recency > 0)) {
                throw new IllegalArgumentException(who + ": " + count + " repeat purchases but t_x = " + recency);
            }
            if (Math.max(needed, lastWith) >= periods) {
                throw new IllegalArgumentException(who + ": covariates for " + periods + " periods, needs "
                        + (Math.max(needed, lastWith) + 1));
            }
            grow();
            ids.add(id);
            anyId |= id != null;
            x[n] = count;
            tx[n] = recency;
            age[n] = ageT;
            for (int k = 0; k <= lastWith; k++) {
                for (int j = 0; j < c; j++) {
                    sums[n * c + j] += purchases[k] * z[k * c + j];
                }
            }
            seg[n] = segments;
            // Cut points: period boundaries inside (0, T + h), t_x and T; each segment's period from
            // its midpoint, which no rounding of a boundary can move to a neighbour.
            double[] cuts = new double[Math.max(0, needed) + 4];
            int m = 0;
            cuts[m++] = 0;
            for (int k = 1; k <= needed; k++) {
                double b = k * period - offset;
                if (b > 0 && b < end) {
                    cuts[m++] = b;
                }
            }
            if (recency > 0 && recency < ageT) {
                cuts[m++] = recency;
            }
            if (ageT > 0 && ageT < end) {
                cuts[m++] = ageT;
            }
            cuts[m++] = end;
            Arrays.sort(cuts, 0, m);
            from[n] = -1;
            fut[n] = -1;
            // Neighbouring periods with equal covariates are one segment (A and B are linear across
            // them), except across t_x and T, where the likelihood's and the window's sums start.
            int regionStart = segments;
            for (int k = 0; k + 1 < m; k++) {
                double a = cuts[k];
                double b = cuts[k + 1];
                if (!(b > a)) {
                    continue;
                }
                if (from[n] < 0 && a >= recency) {
                    from[n] = segments;
                    regionStart = segments;
                }
                if (fut[n] < 0 && a >= ageT) {
                    fut[n] = segments;
                    regionStart = segments;
                }
                int p = (int) Math.floor((0.5 * (a + b) + offset) / period);
                if (c > 0 && p >= periods) {
                    throw new IllegalArgumentException(who + ": covariates for " + periods + " periods, needs " + (p + 1));
                }
                int lv = intern(z, p);
                if (segments > regionStart && lev[segments - 1] == lv) {
                    len[segments - 1] += b - a;
                } else {
                    addSegment(b - a, lv);
                }
            }
            if (from[n] < 0) {
                from[n] = segments;
            }
            if (fut[n] < 0) {
                fut[n] = segments;
            }
            n++;
            seg[n] = segments;
            return this;
        }

        private int periodOf(double t, double offset, boolean open) {
            double k = Math.floor((t + offset) / period);
            // a window ending exactly on a boundary does not need the next period
            if (open && k > 0 && k * period - offset >= t - 1e-9 * period) {
                k--;
            }
            return (int) k;
        }

        private int intern(double[] z, int p) {
            Key key = new Key(z, p * c, c);
            Integer at = index.get(key);
            if (at != null) {
                return at;
            }
            if ((levelCount + 1) * c > levels.length) {
                levels = Arrays.copyOf(levels, Math.max(2 * levels.length, (levelCount + 1) * c));
            }
            System.arraycopy(z, p * c, levels, levelCount * c, c);
            index.put(new Key(Arrays.copyOfRange(z, p * c, p * c + c), 0, c), levelCount);
            return levelCount++;
        }

        private void addSegment(double l, int lv) {
            if (segments == len.length) {
                len = Arrays.copyOf(len, 2 * segments);
                lev = Arrays.copyOf(lev, 2 * segments);
            }
            len[segments] = l;
            lev[segments++] = lv;
        }

        private void grow() {
            if (n == x.length) {
                int cap = 2 * n;
                x = Arrays.copyOf(x, cap);
                tx = Arrays.copyOf(tx, cap);
                age = Arrays.copyOf(age, cap);
                from = Arrays.copyOf(from, cap);
                fut = Arrays.copyOf(fut, cap);
                seg = Arrays.copyOf(seg, cap + 1);
            }
            if ((n + 1) * c > sums.length) {
                sums = Arrays.copyOf(sums, Math.max(2 * sums.length, (n + 1) * c));
            }
        }

        /** The weights of the rows added (1 for rows added by {@link #add}), or null when all are 1. */
        private double[] weights() {
            if (w == null) {
                return null;
            }
            // rows added by add() after the array last grew are not in it: weight 1
            double[] out = new double[n];
            Arrays.fill(out, 1.0);
            System.arraycopy(w, 0, out, 0, Math.min(n, w.length));
            return out;
        }

        /**
         * The data.
         *
         * @return the covariate paths of the customers added
         */
        public TimeVaryingCovariates build() {
            return new TimeVaryingCovariates(names, references, notes, anyId ? ids.toArray(new String[0]) : null,
                    Arrays.copyOf(x, n), Arrays.copyOf(tx, n), Arrays.copyOf(age, n), weights(), Arrays.copyOf(seg, n + 1),
                    Arrays.copyOf(from, n), Arrays.copyOf(fut, n), Arrays.copyOf(len, segments),
                    Arrays.copyOf(lev, segments), Arrays.copyOf(levels, levelCount * c), Arrays.copyOf(sums, n * c),
                    horizon, unit, period);
        }
    }

    /** A covariate vector as a hash key (a view into an array). */
    private record Key(double[] a, int off, int len) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(a, off, off + len, k.a, k.off, k.off + k.len);
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (int j = off; j < off + len; j++) {
                h = 31 * h + Double.hashCode(a[j] + 0.0);
            }
            return h;
        }
    }

    /**
     * How to read a transaction log and a long covariate file.
     *
     * @param idColumn the customer id column of the covariate files
     * @param dateColumn the period start date column of the covariate files
     * @param calibrationEnd last day of the calibration period (T runs to the start of this day, as
     *     the summaries' T does)
     * @param periodDays period length in days ({@code 7}: weekly)
     * @param unit the model's time unit
     * @param horizon prediction window after the calibration end to hold, in the unit ({@code 0}
     *     for a fit)
     * @param referenceLevels reference level per categorical column (others: first in sorted order)
     */
    public record ReadOptions(String idColumn, String dateColumn, LocalDate calibrationEnd, int periodDays, TimeUnit unit,
                              double horizon, Map<String, String> referenceLevels) {
        /**
         * Checks and copies.
         *
         * @throws IllegalArgumentException on a non-positive period or a negative horizon
         */
        public ReadOptions {
            Objects.requireNonNull(idColumn, "idColumn");
            Objects.requireNonNull(dateColumn, "dateColumn");
            Objects.requireNonNull(calibrationEnd, "calibrationEnd");
            Objects.requireNonNull(unit, "unit");
            referenceLevels = Map.copyOf(referenceLevels);
            if (periodDays < 1) {
                throw new IllegalArgumentException("period length must be at least one day, got " + periodDays);
            }
            if (!(horizon >= 0) || Double.isInfinite(horizon)) {
                throw new IllegalArgumentException("horizon must be >= 0 and finite, got " + horizon);
            }
        }

        /**
         * Weekly periods in weeks, no prediction window, default reference levels.
         *
         * @param idColumn id column
         * @param dateColumn period start column
         * @param calibrationEnd last calibration day
         * @return the options
         */
        public static ReadOptions weekly(String idColumn, String dateColumn, LocalDate calibrationEnd) {
            return new ReadOptions(idColumn, dateColumn, calibrationEnd, 7, TimeUnit.WEEKS, 0, Map.of());
        }

        /**
         * The same options with a prediction window.
         *
         * @param h window after the calibration end, in the unit
         * @return a copy
         */
        public ReadOptions withHorizon(double h) {
            return new ReadOptions(idColumn, dateColumn, calibrationEnd, periodDays, unit, h, referenceLevels);
        }
    }

    /**
     * Builds the paths from a transaction log and long covariate files (one row per customer and
     * period start date; several files are read as one, e.g. the calibration file and a file of
     * future values). Purchases on the same day are one transaction (as the summaries merge
     * them); purchases after the calibration end are ignored. Customers whose first purchase is
     * after the calibration end are excluded and counted in {@link #notes()}.
     *
     * @param log the transactions (customer, date)
     * @param covariateFiles the covariate tables (CSV or any format {@link TableIO} reads)
     * @param options columns, calibration end, period, unit, window
     * @return the paths, one row per customer in the order of the log's customers
     * @throws BadInputException naming the file, customer and date when a customer lacks the
     *     covariate row of a period he needs, a (customer, date) is repeated, or a date is not on
     *     a period start of that customer's grid
     */
    public static TimeVaryingCovariates read(TransactionLog log, List<Path> covariateFiles, ReadOptions options) {
        Objects.requireNonNull(log, "log");
        if (covariateFiles.isEmpty()) {
            throw new IllegalArgumentException("no covariate file");
        }
        // One table: the files' rows in order (their columns must agree).
        List<String[]> idParts = new ArrayList<>();
        List<long[]> dayParts = new ArrayList<>();
        List<ColumnTable> tables = new ArrayList<>();
        List<String> columns = null;
        for (Path f : covariateFiles) {
            ColumnTable t = TableIO.read(f);
            if (!t.has(options.dateColumn())) {
                throw BadInputException.of("covariate file " + f + ": the date column '" + options.dateColumn()
                        + "' is missing (columns: " + String.join(", ", t.columnNames()) + ")");
            }
            if (!t.has(options.idColumn())) {
                throw BadInputException.of("covariate file " + f + ": the id column '" + options.idColumn()
                        + "' is missing (columns: " + String.join(", ", t.columnNames()) + ")");
            }
            if (columns == null) {
                columns = t.columnNames();
            } else if (!new java.util.HashSet<>(columns).equals(new java.util.HashSet<>(t.columnNames()))) {
                throw BadInputException.of("covariate file " + f + ": columns " + t.columnNames() + " differ from "
                        + columns + " of " + covariateFiles.get(0));
            }
            tables.add(t);
            idParts.add(t.stringsOf(options.idColumn()));
            dayParts.add(days(t, f, options.dateColumn()));
        }
        ColumnTable all = tables.size() == 1 ? tables.get(0) : concat(tables, columns);
        Covariates cov = Covariates.fromTable(all, covariateFiles.get(0), options.idColumn(), Set.of(options.dateColumn()),
                options.referenceLevels(), Map.of(), false);
        int rows = cov.size();
        int c = cov.names().size();
        double[] z = cov.rowMajor();
        String[] cid = new String[rows];
        long[] day = new long[rows];
        int[] fileOf = new int[rows];
        for (int f = 0, at = 0; f < idParts.size(); f++) {
            System.arraycopy(idParts.get(f), 0, cid, at, idParts.get(f).length);
            System.arraycopy(dayParts.get(f), 0, day, at, dayParts.get(f).length);
            Arrays.fill(fileOf, at, at + idParts.get(f).length, f);
            at += idParts.get(f).length;
        }
        Map<String, Map<Long, Integer>> byCustomer = new HashMap<>();
        for (int i = 0; i < rows; i++) {
            Integer prev = byCustomer.computeIfAbsent(cid[i], k -> new HashMap<>()).put(day[i], i);
            if (prev != null) {
                throw BadInputException.of("covariate file " + covariateFiles.get(fileOf[i]) + ": customer '" + cid[i]
                        + "' has two rows for the period starting " + LocalDate.ofEpochDay(day[i]));
            }
        }
        // The log's purchase days per customer, same-day purchases merged.
        int k = log.customerCount();
        long calDay = options.calibrationEnd().toEpochDay();
        List<List<Long>> daysOf = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            daysOf.add(new ArrayList<>());
        }
        for (int r = 0; r < log.size(); r++) {
            daysOf.get(log.customerCode(r)).add(Math.floorDiv(log.time(r), 86_400L));
        }
        double perDay = 1.0 / options.unit().days();
        double period = options.periodDays() * perDay;
        int pd = options.periodDays();
        Builder b = builder(cov.names(), period, options.unit(), options.horizon());
        List<String> notes = new ArrayList<>(cov.notes());
        int late = 0;
        long merged = 0;
        for (int j = 0; j < k; j++) {
            long[] ds = daysOf.get(j).stream().mapToLong(Long::longValue).sorted().distinct().toArray();
            merged += daysOf.get(j).size() - ds.length;
            String id = log.customerId(j);
            if (ds[0] > calDay) {
                late++;
                continue;
            }
            Map<Long, Integer> mine = byCustomer.get(id);
            if (mine == null) {
                throw BadInputException.of("covariate files " + covariateFiles + ": customer '" + id
                        + "' has no covariate rows (first purchase " + LocalDate.ofEpochDay(ds[0]) + ")");
            }
            // The period holding the first purchase: the latest start on or before it.
            long start = Long.MIN_VALUE;
            for (long d : mine.keySet()) {
                if (d <= ds[0] && d > start) {
                    start = d;
                }
            }
            if (start == Long.MIN_VALUE || ds[0] >= start + pd) {
                throw BadInputException.of("covariate files " + covariateFiles + ": customer '" + id
                        + "' has no covariate row for the period holding his first purchase on "
                        + LocalDate.ofEpochDay(ds[0]));
            }
            // whole days covering the window (a fractional last day needs its period too)
            long endDay = calDay + (long) Math.ceil(options.horizon() * options.unit().days() - 1e-9);
            int lastPurchase = 0;
            int[] counts = new int[(int) ((Math.max(endDay, calDay) - start) / pd) + 2];
            long lastDay = ds[0];
            for (int q = 1; q < ds.length && ds[q] <= calDay; q++) {
                int p = (int) ((ds[q] - start) / pd);
                counts[p]++;
                lastPurchase = Math.max(lastPurchase, p);
                lastDay = ds[q];
            }
            // Periods needed: those meeting [first purchase, end) and any holding a purchase.
            int periods = (int) Math.max((endDay - start + pd - 1) / pd, lastPurchase + 1);
            periods = Math.max(periods, 1);
            double[] zs = new double[periods * c];
            for (int p = 0; p < periods; p++) {
                long d = start + (long) p * pd;
                Integer row = mine.get(d);
                if (row == null) {
                    throw BadInputException.of("covariate files " + covariateFiles + ": customer '" + id
                            + "' has no covariate row for the period starting " + LocalDate.ofEpochDay(d)
                            + " (needed from his first purchase on " + LocalDate.ofEpochDay(ds[0]) + " to "
                            + LocalDate.ofEpochDay(endDay) + ")");
                }
                System.arraycopy(z, row * c, zs, p * c, c);
            }
            double ageT = (calDay - ds[0]) * perDay;
            double recency = (lastDay - ds[0]) * perDay;
            b.add(id, (ds[0] - start) * perDay, ageT, recency, Arrays.copyOf(counts, periods), zs);
        }
        if (late > 0) {
            notes.add(late + " customer(s) excluded: first purchase after the calibration end "
                    + options.calibrationEnd());
        }
        if (merged > 0) {
            notes.add(merged + " same-day purchase(s) merged into one transaction");
        }
        b.notes(notes, cov.referenceLevels());
        return b.build();
    }

    private static long[] days(ColumnTable t, Path f, String column) {
        int n = t.rowCount();
        long[] out = new long[n];
        if (t.type(column) == ColumnType.TIMESTAMP) {
            long[] s = t.timestamps(column);
            for (int i = 0; i < n; i++) {
                out[i] = Math.floorDiv(s[i], 86_400L);
            }
            return out;
        }
        String[] s = t.stringsOf(column);
        for (int i = 0; i < n; i++) {
            try {
                out[i] = DateParser.parseUserDate(s[i].trim()).toLocalDate().toEpochDay();
            } catch (RuntimeException e) {
                throw BadInputException.of("covariate file " + f + ": '" + s[i] + "' in column '" + column + "' (row "
                        + (i + 1) + ") is not a date");
            }
        }
        return out;
    }

    private static ColumnTable concat(List<ColumnTable> tables, List<String> columns) {
        ColumnTable.Builder b = ColumnTable.builder();
        for (String col : columns) {
            List<String> vals = new ArrayList<>();
            for (ColumnTable t : tables) {
                vals.addAll(Arrays.asList(t.stringsOf(col)));
            }
            b.addString(col, vals.toArray(new String[0]));
        }
        return b.build();
    }

    /**
     * Customers with equal histories, purchase sums and covariate paths merged into one weighted
     * row (first appearance order, first id kept); the likelihood is a weighted sum, so its
     * optimum is unchanged. Returns this when every row is distinct.
     */
    TimeVaryingCovariates merged() {
        int n = size();
        int c = names.size();
        Map<RowKey, Integer> seen = new HashMap<>();
        int[] slot = new int[n];
        List<Integer> firsts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RowKey key = new RowKey(this, i);
            Integer s = seen.putIfAbsent(key, firsts.size());
            if (s == null) {
                slot[i] = firsts.size();
                firsts.add(i);
            } else {
                slot[i] = s;
            }
        }
        int m = firsts.size();
        if (m == n) {
            return this;
        }
        double[] w = new double[m];
        for (int i = 0; i < n; i++) {
            w[slot[i]] += weight(i);
        }
        return select(firsts.stream().mapToInt(Integer::intValue).toArray(), w);
    }

    /** The rows {@code rows} (in this order) with weights {@code w} (null: their own). */
    TimeVaryingCovariates select(int[] rows, double[] w) {
        int m = rows.length;
        int c = names.size();
        if (w == null) {
            w = new double[m];
            for (int k = 0; k < m; k++) {
                w[k] = weight(rows[k]);
            }
        }
        int total = 0;
        for (int i : rows) {
            total += seg[i + 1] - seg[i];
        }
        double[] nx = new double[m];
        double[] ntx = new double[m];
        double[] nt = new double[m];
        int[] ns = new int[m + 1];
        int[] nf = new int[m];
        int[] nfu = new int[m];
        double[] nl = new double[total];
        int[] nlev = new int[total];
        double[] nsum = new double[m * c];
        String[] nid = ids == null ? null : new String[m];
        for (int k = 0, at = 0; k < m; k++) {
            int i = rows[k];
            nx[k] = x[i];
            ntx[k] = tx[i];
            nt[k] = age[i];
            ns[k] = at;
            int cnt = seg[i + 1] - seg[i];
            System.arraycopy(length, seg[i], nl, at, cnt);
            System.arraycopy(level, seg[i], nlev, at, cnt);
            nf[k] = at + integralFrom[i] - seg[i];
            nfu[k] = at + futureFrom[i] - seg[i];
            System.arraycopy(purchaseSums, i * c, nsum, k * c, c);
            if (nid != null) {
                nid[k] = ids[i];
            }
            at += cnt;
            ns[k + 1] = at;
        }
        return new TimeVaryingCovariates(names, referenceLevels, notes, nid, nx, ntx, nt, w, ns, nf, nfu, nl, nlev, levels,
                nsum, horizon, unit, periodLength);
    }

    /** Row identity for merging: everything the likelihood reads. */
    private record RowKey(TimeVaryingCovariates d, int i) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof RowKey k)) {
                return false;
            }
            int j = k.i;
            int c = d.names.size();
            return d.x[i] == d.x[j] && d.tx[i] == d.tx[j] && d.age[i] == d.age[j]
                    && d.integralFrom[i] - d.seg[i] == d.integralFrom[j] - d.seg[j]
                    && d.futureFrom[i] - d.seg[i] == d.futureFrom[j] - d.seg[j]
                    && Arrays.equals(d.length, d.seg[i], d.seg[i + 1], d.length, d.seg[j], d.seg[j + 1])
                    && Arrays.equals(d.level, d.seg[i], d.seg[i + 1], d.level, d.seg[j], d.seg[j + 1])
                    && Arrays.equals(d.purchaseSums, i * c, i * c + c, d.purchaseSums, j * c, j * c + c);
        }

        @Override
        public int hashCode() {
            int c = d.names.size();
            int h = Double.hashCode(d.x[i]) * 31 + Double.hashCode(d.tx[i]);
            h = h * 31 + Double.hashCode(d.age[i]);
            for (int s = d.seg[i]; s < d.seg[i + 1]; s++) {
                h = h * 31 + d.level[s];
                h = h * 31 + Double.hashCode(d.length[s]);
            }
            for (int j = i * c; j < i * c + c; j++) {
                h = h * 31 + Double.hashCode(d.purchaseSums[j] + 0.0);
            }
            return h;
        }
    }
}
