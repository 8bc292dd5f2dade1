package org.churnkit.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;

/**
 * Time-invariant covariates: one row per customer, one column per covariate, as a primitive
 * customer x covariate matrix, with the customers' ids (when known) and the linear transformation
 * applied to each column, {@code z = (raw - centre) / scale}.
 *
 * <p>The transformation is recorded so that predictions apply the same one to new customers
 * ({@link #transformedLike}); a fitted {@link StaticCovariateModel} stores it in its model file. By
 * default nothing is applied (centre 0, scale 1); {@link #standardised()} centres every column on
 * its mean and divides it by its standard deviation (population form; a constant column keeps
 * scale 1). Only the coefficients' scale changes with it, not the fit: the log-likelihood is
 * invariant under it.
 *
 * <p>Categorical columns ({@link #read}: any column with a cell that is not a number) become one
 * 0/1 indicator per level except the <b>reference level</b>, which is the one named by the caller
 * or else the first level in sorted (String) order; the indicator of level {@code v} of column
 * {@code c} is named {@code c=v}, and {@link #notes()} states each reference level.
 *
 * <p>Domain: every value finite (a NaN or infinite value is an error naming customer and
 * covariate). Immutable: arrays are copied in and out.
 */
public final class Covariates {
    private final int n;
    private final String[] ids;
    private final List<String> names;
    /** Raw values, row-major: {@code raw[i * p + j]}. */
    private final double[] raw;
    private final double[] centres;
    private final double[] scales;
    private final List<String> notes;
    /** Reference level per categorical column read by {@link #read}. */
    private final Map<String, String> references;

    private Covariates(int n, String[] ids, List<String> names, double[] raw, double[] centres, double[] scales,
                       List<String> notes) {
        this(n, ids, names, raw, centres, scales, notes, Map.of());
    }

    private Covariates(int n, String[] ids, List<String> names, double[] raw, double[] centres, double[] scales,
                       List<String> notes, Map<String, String> references) {
        this.references = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(references));
        this.n = n;
        this.ids = ids;
        this.names = List.copyOf(names);
        this.raw = raw;
        this.centres = centres;
        this.scales = scales;
        this.notes = List.copyOf(notes);
    }

    /**
     * Covariates from columns of raw values (no ids: rows are matched to customers by position).
     *
     * @param names covariate names, distinct and non-blank
     * @param columns one array per name, all of the same length (the number of customers)
     * @return the covariates, untransformed
     * @throws IllegalArgumentException on a repeated or blank name, ragged columns or a non-finite
     *     value (naming row and covariate)
     */
    public static Covariates of(List<String> names, double[][] columns) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(columns, "columns");
        if (names.size() != columns.length) {
            throw new IllegalArgumentException(names.size() + " names for " + columns.length + " columns");
        }
        checkNames(names);
        int p = names.size();
        int n = p == 0 ? 0 : columns[0].length;
        double[] raw = new double[n * p];
        for (int j = 0; j < p; j++) {
            if (columns[j].length != n) {
                throw new IllegalArgumentException("covariate '" + names.get(j) + "' has " + columns[j].length
                        + " values, '" + names.get(0) + "' " + n);
            }
            for (int i = 0; i < n; i++) {
                double v = columns[j][i];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("covariate '" + names.get(j) + "' of row " + i + " is " + v
                            + ", not a finite number");
                }
                raw[i * p + j] = v;
            }
        }
        double[] c = new double[p];
        double[] s = new double[p];
        Arrays.fill(s, 1.0);
        return new Covariates(n, null, names, raw, c, s, List.of());
    }

    /**
     * Covariates for {@code n} customers without any covariate (the plain model).
     *
     * @param n number of customers
     * @return the empty covariate matrix
     */
    public static Covariates none(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative customer count " + n);
        }
        return new Covariates(n, null, List.of(), new double[0], new double[0], new double[0], List.of());
    }

    private static void checkNames(List<String> names) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String nm : names) {
            if (nm == null || nm.isBlank()) {
                throw new IllegalArgumentException("covariate names must not be blank");
            }
            if (!seen.add(nm)) {
                throw new IllegalArgumentException("covariate '" + nm + "' is given twice");
            }
        }
    }

    /**
     * Reads a table with one row per customer (CSV, text, or any format {@link TableIO} reads): the
     * column {@code idColumn} holds customer ids, every other column is a covariate. A column whose
     * cells are all numbers is numeric; any other becomes indicators (see the class description).
     *
     * @param file the table
     * @param idColumn name of the customer id column
     * @param referenceLevels reference level per categorical column (others: first in sorted order); may be empty
     * @return the covariates with ids, untransformed
     * @throws BadInputException naming the file on a missing id column, a repeated id, an empty
     *     cell, or an unknown reference level
     */
    public static Covariates read(Path file, String idColumn, Map<String, String> referenceLevels) {
        return read(file, idColumn, referenceLevels, Map.of());
    }

    /**
     * Reads a covariate table as {@link #read(Path, String, Map)} does, coding the categorical
     * columns named in {@code knownLevels} by those levels: the levels a model was fitted with. So a
     * file for scoring is coded as the fitting file was, whichever levels it happens to hold: its
     * indicators are those of the known levels (a level absent from the file gives an indicator of
     * zeros, the reference level need not occur), and a level the model has never seen is an error
     * naming the customer, since coding it as the reference level would score the customer as
     * someone else.
     *
     * @param file the table
     * @param idColumn name of the customer id column
     * @param referenceLevels reference level per categorical column; must be one of the known
     *     levels for a column of {@code knownLevels}
     * @param knownLevels the levels of each categorical column a model knows (column to levels,
     *     reference included); may be empty
     * @return the covariates with ids, untransformed
     * @throws BadInputException naming the file on a missing id column, a repeated id, an empty
     *     cell, an unknown reference level, or a customer with a level outside the known ones
     */
    public static Covariates read(Path file, String idColumn, Map<String, String> referenceLevels,
                                  Map<String, ? extends java.util.Collection<String>> knownLevels) {
        return fromTable(TableIO.read(file), file, idColumn, java.util.Set.of(), referenceLevels, knownLevels, true);
    }


    /**
     * The parsing of {@link #read} on a table already read: every column except {@code idColumn}
     * and those in {@code skip} is a covariate. With {@code oneRowPerCustomer} false, ids may
     * repeat (long files of time-varying covariates, one row per customer and period). {@code knownLevels}
     * as for {@link #read(Path, String, Map, Map)}.
     */
    static Covariates fromTable(ColumnTable t, Path file, String idColumn, java.util.Set<String> skip,
                                Map<String, String> referenceLevels,
                                Map<String, ? extends java.util.Collection<String>> knownLevels, boolean oneRowPerCustomer) {
        if (!t.has(idColumn)) {
            throw BadInputException.of("covariate file " + file + ": the id column '" + idColumn + "' is missing (columns: "
                    + String.join(", ", t.columnNames()) + ")");
        }
        String[] idv = t.stringsOf(idColumn);
        int n = idv.length;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; oneRowPerCustomer && i < n; i++) {
            if (seen.put(idv[i], i) != null) {
                throw BadInputException.of("covariate file " + file + ": customer '" + idv[i]
                        + "' has more than one row (time-invariant covariates need one row per customer)");
            }
        }
        List<String> names = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, String> refs = new LinkedHashMap<>();
        for (String c : t.columnNames()) {
            if (c.equals(idColumn) || skip.contains(c)) {
                continue;
            }
            String[] cells = t.stringsOf(c);
            double[] num = new double[n];
            boolean numeric = true;
            for (int i = 0; i < n; i++) {
                String v = cells[i] == null ? "" : cells[i].trim();
                if (v.isEmpty()) {
                    throw BadInputException.of("covariate file " + file + ": covariate '" + c + "' of customer '" + idv[i]
                            + "' is empty");
                }
                num[i] = number(v);
                if (Double.isNaN(num[i])) {
                    numeric = false;
                }
            }
            java.util.Collection<String> known = knownLevels.get(c);
            if (numeric && known == null) {
                names.add(c);
                cols.add(num);
                continue;
            }
            TreeSet<String> levels = new TreeSet<>();
            String ref;
            if (known == null) {
                for (String v : cells) {
                    levels.add(v.trim());
                }
                ref = referenceLevel(c, levels, referenceLevels, "covariate file " + file);
            } else {
                levels.addAll(known);
                for (int i = 0; i < n; i++) {
                    if (!levels.contains(cells[i].trim())) {
                        throw BadInputException.of("covariate file " + file + ": customer '" + idv[i] + "' has level '"
                                + cells[i].trim() + "' of '" + c + "', which the model was not fitted with (levels: "
                                + String.join(", ", levels) + "); refit with it, or give the customer a known level");
                    }
                }
                ref = referenceLevels.get(c);
                if (ref == null || !levels.contains(ref)) {
                    throw new IllegalArgumentException("the reference level of '" + c + "' must be one of the known levels "
                            + levels + ", got " + ref);
                }
            }
            for (String level : levels) {
                if (level.equals(ref)) {
                    continue;
                }
                double[] ind = new double[n];
                for (int i = 0; i < n; i++) {
                    ind[i] = cells[i].trim().equals(level) ? 1 : 0;
                }
                names.add(indicatorName(c, level));
                cols.add(ind);
            }
            refs.put(c, ref);
            notes.add(categoricalNote(c, ref));
        }
        Covariates cv = of(names, cols.toArray(new double[0][]));
        return new Covariates(n, idv.clone(), cv.names, cv.raw, cv.centres, cv.scales, notes, refs);
    }

    /**
     * The number {@link #read} takes a cell for: {@link Double#parseDouble} of the trimmed cell
     * when that is finite. A column is numeric when every cell is a number, categorical otherwise.
     *
     * @param cell a cell's text, possibly {@code null}
     * @return the finite number, or NaN when the cell is {@code null}, empty, not a number or not
     *     finite
     */
    public static double number(String cell) {
        if (cell == null) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(cell.trim());
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The reference level {@link #read} gives a categorical column: the level named in
     * {@code referenceLevels} for this column, or else the first of {@code levels} in sorted
     * (String) order. For code that finds the levels of a column elsewhere (a Spark job reading
     * the distinct trimmed cells of a column) and must code it exactly as {@link #read} does.
     *
     * @param column the column's name
     * @param levels the column's distinct levels (trimmed cells), at least one
     * @param referenceLevels reference level per column; may be {@code null} or lack the column
     * @param source names the data in an error (e.g. {@code "covariate file x.csv"})
     * @return the reference level, one of {@code levels}
     * @throws BadInputException naming the source when the named reference level does not occur
     */
    public static String referenceLevel(String column, java.util.Collection<String> levels,
                                        Map<String, String> referenceLevels, String source) {
        TreeSet<String> sorted = new TreeSet<>(levels);
        if (sorted.isEmpty()) {
            throw BadInputException.of(source + ": covariate '" + column + "' has no value");
        }
        String ref = referenceLevels == null ? null : referenceLevels.get(column);
        if (ref == null) {
            return sorted.first();
        }
        if (!sorted.contains(ref)) {
            throw BadInputException.of(source + ": reference level '" + ref + "' of '" + column
                    + "' does not occur (levels: " + String.join(", ", sorted) + ")");
        }
        return ref;
    }

    /**
     * The name of the indicator of level {@code level} of categorical column {@code column}:
     * {@code column=level}, as {@link #read} names it.
     *
     * @param column the categorical column
     * @param level one of its levels (trimmed)
     * @return the covariate name
     */
    public static String indicatorName(String column, String level) {
        return column + "=" + level;
    }

    private static String categoricalNote(String column, String ref) {
        return "'" + column + "' is categorical: one indicator per level, reference level '" + ref + "'";
    }

    /**
     * The same covariates recording that they were coded from categorical columns with these
     * reference levels (as {@link #read} records them, with the same {@link #notes()}): for
     * covariates built with {@link #of} from indicator columns made elsewhere by the rules of
     * {@link #read} ({@link #referenceLevel}, {@link #indicatorName}), so that
     * {@link CovariateEffects} names each indicator's reference level.
     *
     * @param referenceLevels reference level per categorical column (column name to level)
     * @return a copy with these reference levels and one note per categorical column
     */
    public Covariates withReferenceLevels(Map<String, String> referenceLevels) {
        List<String> nt = new ArrayList<>();
        referenceLevels.forEach((c, ref) -> nt.add(categoricalNote(c, ref)));
        return new Covariates(n, ids, names, raw, centres, scales, nt, referenceLevels);
    }

    /**
     * The same covariates with customer ids, to be matched to histories by {@link #alignedTo}.
     *
     * @param customerIds one distinct id per row
     * @return a copy with ids
     */
    public Covariates withIds(String[] customerIds) {
        if (customerIds.length != size()) {
            throw new IllegalArgumentException(customerIds.length + " ids for " + size() + " rows");
        }
        return new Covariates(n, customerIds.clone(), names, raw, centres, scales, notes, references);
    }

    /**
     * Number of customers (rows).
     *
     * @return the row count
     */
    public int size() {
        return n;
    }

    /**
     * Covariate names, in column order.
     *
     * @return the names
     */
    public List<String> names() {
        return names;
    }

    /**
     * What was done to the data on reading (categorical columns and their reference levels).
     *
     * @return sentences, possibly none
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * The reference level of each categorical column read by {@link #read} (column name to level):
     * indicator {@code c=v} compares level {@code v} of column {@code c} with this level.
     *
     * @return the reference levels, empty when no column was categorical
     */
    public Map<String, String> referenceLevels() {
        return references;
    }

    /**
     * Every level of each categorical column (column name to its reference level followed by the
     * levels of its indicators still among {@link #names()}), as a model records them so that a
     * file of other customers is coded as the fitting file was ({@link #read(Path, String, Map, Map)}).
     *
     * @return the levels, empty when no column was categorical
     */
    public Map<String, List<String>> levels() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        references.forEach((col, ref) -> {
            List<String> l = new ArrayList<>(List.of(ref));
            String prefix = indicatorName(col, "");
            for (String nm : names) {
                if (nm.startsWith(prefix)) {
                    l.add(nm.substring(prefix.length()));
                }
            }
            out.put(col, List.copyOf(l));
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * The customer id of a row, or {@code null} when the rows have no ids.
     *
     * @param i row
     * @return the id, or {@code null}
     */
    public String id(int i) {
        return ids == null ? null : ids[i];
    }

    /**
     * The transformed value {@code (raw - centre) / scale} of covariate {@code j} for customer {@code i}.
     *
     * @param i row
     * @param j column
     * @return the value the model uses
     */
    public double value(int i, int j) {
        int p = names.size();
        return (raw[i * p + j] - centres[j]) / scales[j];
    }

    /**
     * The values the model uses ({@link #value}), customer by customer: {@code z[i * p + j] =
     * value(i, j)} for {@code p} covariates, the layout the likelihood reads.
     *
     * @return a new array of {@code size() * names().size()} values
     */
    double[] rowMajor() {
        int n = size();
        int p = names.size();
        double[] z = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                z[i * p + j] = value(i, j);
            }
        }
        return z;
    }

    /**
     * The raw (untransformed) value of covariate {@code j} for customer {@code i}.
     *
     * @param i row
     * @param j column
     * @return the value as read
     */
    public double rawValue(int i, int j) {
        return raw[i * names.size() + j];
    }

    /**
     * The centres subtracted, one per covariate (a copy).
     *
     * @return the centres
     */
    public double[] centres() {
        return centres.clone();
    }

    /**
     * The scales divided by, one per covariate (a copy).
     *
     * @return the scales
     */
    public double[] scales() {
        return scales.clone();
    }

    /**
     * The same covariates, each column centred on its mean and divided by its standard deviation
     * (population form; a constant column keeps scale 1 and is only centred).
     *
     * @return a standardised copy, recording centres and scales
     */
    public Covariates standardised() {
        int p = names.size();
        double[] c = new double[p];
        double[] s = new double[p];
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += raw[i * p + j];
            }
            m = n == 0 ? 0 : m / n;
            double v = 0;
            for (int i = 0; i < n; i++) {
                double d = raw[i * p + j] - m;
                v += d * d;
            }
            double sd = n == 0 ? 0 : Math.sqrt(v / n);
            c[j] = m;
            s[j] = sd > 0 ? sd : 1.0;
        }
        return new Covariates(n, ids, names, raw, c, s, notes, references);
    }

    /**
     * The same raw values with a recorded transformation (a fitted model's), for prediction.
     *
     * @param centres one centre per covariate
     * @param scales one positive scale per covariate
     * @return a copy using these centres and scales
     */
    public Covariates transformedLike(double[] centres, double[] scales) {
        if (centres.length != names.size() || scales.length != names.size()) {
            throw new IllegalArgumentException("need " + names.size() + " centres and scales");
        }
        for (int j = 0; j < scales.length; j++) {
            if (!(scales[j] > 0) || Double.isInfinite(scales[j]) || !Double.isFinite(centres[j])) {
                throw new IllegalArgumentException("covariate '" + names.get(j) + "': centre " + centres[j]
                        + " and scale " + scales[j] + " must be finite, the scale positive");
            }
        }
        return new Covariates(n, ids, names, raw, centres.clone(), scales.clone(), notes, references);
    }

    /**
     * The named columns, in the order given (with their transformation).
     *
     * @param wanted covariate names
     * @return the selection
     * @throws ChurnkitException naming a covariate that is missing, and the ones there are
     */
    public Covariates select(List<String> wanted) {
        checkNames(wanted);
        int p = names.size();
        int q = wanted.size();
        int[] at = new int[q];
        for (int k = 0; k < q; k++) {
            at[k] = names.indexOf(wanted.get(k));
            if (at[k] < 0) {
                throw new ChurnkitException("covariate '" + wanted.get(k) + "' is missing (the covariates are: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
            }
        }
        double[] r = new double[n * q];
        double[] c = new double[q];
        double[] s = new double[q];
        for (int k = 0; k < q; k++) {
            c[k] = centres[at[k]];
            s[k] = scales[at[k]];
            for (int i = 0; i < n; i++) {
                r[i * q + k] = raw[i * p + at[k]];
            }
        }
        return new Covariates(n, ids, wanted, r, c, s, notes, references);
    }

    /**
     * The rows reordered to match the customers of {@code histories} by id; covariates without
     * ids are matched by position (then the row counts must agree).
     *
     * @param histories the customers
     * @return covariates with row i for customer i of {@code histories}
     * @throws ChurnkitException naming the first customer that has no covariate row, or when the
     *     covariates have ids and the histories none
     */
    public Covariates alignedTo(Histories histories) {
        int[] rows = rowsFor(histories);
        if (rows == null) {
            return this;
        }
        int m = histories.size();
        int p = names.size();
        double[] r = new double[m * p];
        String[] out = new String[m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(raw, rows[i] * p, r, i * p, p);
            out[i] = ids[rows[i]];
        }
        return new Covariates(m, out, names, r, centres, scales, notes, references);
    }

    /**
     * Rows {@code from..to-1} (ids, transform and reference levels kept): a block of customers of
     * covariates already {@link #alignedTo aligned} to the histories being scored in blocks, so that
     * no block matches ids again.
     */
    Covariates rows(int from, int to) {
        int p = names.size();
        return new Covariates(to - from, ids == null ? null : Arrays.copyOfRange(ids, from, to), names,
                Arrays.copyOfRange(raw, from * p, to * p), centres, scales, notes, references);
    }

    /**
     * The covariate row of each customer of {@code histories}: by id, or by position when the
     * covariates have no ids; {@code null} when row i is customer i (no ids, or the same ids in
     * the same order). The checks and errors of {@link #alignedTo}.
     */
    int[] rowsFor(Histories histories) {
        int m = histories.size();
        if (ids != null && histories.ids == null) {
            // Matching by position would silently pair the wrong customers if the orders differ.
            throw new ChurnkitException("the covariates are keyed by customer id but the histories have no ids to "
                    + "match them to: give the histories their ids (Histories.withIds)");
        }
        if (ids == null) {
            if (n != m) {
                throw new ChurnkitException("the covariates have " + n + " rows for " + m + " customers");
            }
            return null;
        }
        boolean same = n == m;
        for (int i = 0; same && i < m; i++) {
            same = ids[i].equals(histories.id(i));
        }
        if (same) {
            return null;
        }
        Map<String, Integer> at = new HashMap<>(Math.max(16, 2 * ids.length));
        for (int i = 0; i < ids.length; i++) {
            at.put(ids[i], i);
        }
        int[] rows = new int[m];
        for (int i = 0; i < m; i++) {
            String id = histories.id(i);
            Integer row = at.get(id);
            if (row == null) {
                throw new ChurnkitException("customer '" + id + "' has no covariates (" + String.join(", ", names)
                        + "): every customer scored or fitted needs a value for each");
            }
            rows[i] = row;
        }
        return rows;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Covariates[%d customers, %s]", size(), names);
    }
}
