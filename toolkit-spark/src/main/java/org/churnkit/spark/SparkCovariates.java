package org.churnkit.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.churnkit.ChurnkitException;
import org.churnkit.model.Covariates;

/**
 * Time-invariant covariates as a DataFrame: one row per customer, an id column and one column per
 * covariate, coded exactly as {@link Covariates#read} codes a file. A column of a numeric type, or
 * of text whose every cell is a number ({@link Covariates#number}), is numeric; any other column is
 * categorical: one 0/1 indicator per level (trimmed cell) except the reference level
 * ({@link Covariates#referenceLevel}: the one named, else the first in sorted order), named
 * {@link Covariates#indicatorName column=level}. Optionally every covariate is standardised
 * ({@link #standardised()}) as {@link Covariates#standardised()} does: centred on its mean over the
 * table's rows and divided by its population standard deviation (a constant column keeps scale 1).
 *
 * <p>The coding is found on the cluster (null cells, numeric columns, the levels of categorical
 * columns: a few small jobs) when a fit or a scoring asks for it. A null or blank cell, or an id on
 * more than one row, is an error naming the customer. Immutable.
 */
public final class SparkCovariates {
    private final Dataset<Row> table;
    private final String idColumn;
    private final Map<String, String> referenceLevels;
    private final boolean standardise;

    private SparkCovariates(Dataset<Row> table, String idColumn, Map<String, String> referenceLevels, boolean standardise) {
        this.table = table;
        this.idColumn = idColumn;
        this.referenceLevels = Map.copyOf(referenceLevels);
        this.standardise = standardise;
    }

    /**
     * The covariates of a table, untransformed, reference levels first in sorted order.
     *
     * @param table one row per customer
     * @param idColumn the customer id column (any type; compared with the summaries' {@code
     *     customer_id} as text)
     * @return the covariates
     * @throws ChurnkitException when the id column is missing
     */
    public static SparkCovariates of(Dataset<Row> table, String idColumn) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(idColumn, "idColumn");
        if (!List.of(table.columns()).contains(idColumn)) {
            throw new ChurnkitException("the covariates have no id column '" + idColumn + "' (columns: "
                    + String.join(", ", table.columns()) + ")");
        }
        return new SparkCovariates(table, idColumn, Map.of(), false);
    }

    /**
     * The same covariates with named reference levels.
     *
     * @param levels reference level per categorical column (column name to level)
     * @return a copy
     */
    public SparkCovariates withReferenceLevels(Map<String, String> levels) {
        return new SparkCovariates(table, idColumn, levels, standardise);
    }

    /**
     * The same covariates, each centred and scaled as {@link Covariates#standardised()} does, over
     * the rows of the table; the centres and scales are recorded in a fitted model.
     *
     * @return a copy
     */
    public SparkCovariates standardised() {
        return new SparkCovariates(table, idColumn, referenceLevels, true);
    }

    /**
     * The table.
     *
     * @return the DataFrame given
     */
    public Dataset<Row> table() {
        return table;
    }

    /**
     * The id column's name.
     *
     * @return the name given
     */
    public String idColumn() {
        return idColumn;
    }

    /** The id as text: the join key with the summaries' {@code customer_id}. */
    Column id() {
        return column(idColumn).cast(DataTypes.StringType);
    }

    /**
     * A column by its literal name: quoted, so that a name with a dot (e.g. {@code High.Season})
     * is not read as a struct field.
     */
    static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** How one coded covariate is computed from the table, as a double column. */
    record Coded(String name, Column value) {}

    /**
     * The coding of the table: every covariate it defines, in column order, with their values as
     * Spark expressions on the table, their centres and scales and the reference levels.
     */
    record Design(List<Coded> covariates, double[] centres, double[] scales, Map<String, String> references) {
        List<String> names() {
            return covariates.stream().map(Coded::name).toList();
        }

        /** The covariates named, in the order given, as a design (centres and scales kept). */
        Design select(List<String> wanted) {
            List<String> all = names();
            List<Coded> out = new ArrayList<>();
            double[] c = new double[wanted.size()];
            double[] s = new double[wanted.size()];
            for (int k = 0; k < wanted.size(); k++) {
                int j = all.indexOf(wanted.get(k));
                if (j < 0) {
                    throw new ChurnkitException("covariate '" + wanted.get(k) + "' is missing (the covariates are: "
                            + (all.isEmpty() ? "none" : String.join(", ", all)) + ")");
                }
                out.add(covariates.get(j));
                c[k] = centres[j];
                s[k] = scales[j];
            }
            return new Design(out, c, s, references);
        }
    }

    /** The rule of {@link Covariates#read} for a text cell, as a Spark function: the number or NaN. */
    private static final UserDefinedFunction NUMBER = org.apache.spark.sql.functions.udf(
            (UDF1<String, Double>) Covariates::number, DataTypes.DoubleType);

    /**
     * Finds the coding on the cluster: checks ids and cells, tells numeric from categorical
     * columns, collects the levels of the categorical ones, and (when standardising) the means and
     * standard deviations.
     */
    Design design() {
        return design(true);
    }

    /**
     * The coding, checking (time-invariant covariates) or not (long time-varying covariates, one
     * row per customer and period) that each customer has one row.
     */
    Design design(boolean oneRowPerCustomer) {
        if (oneRowPerCustomer) {
            checkIds();
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField f : table.schema().fields()) {
            if (!f.name().equals(idColumn)) {
                fields.add(f);
            }
        }
        if (fields.isEmpty()) {
            return new Design(List.of(), new double[0], new double[0], Map.of());
        }
        // One pass: blank cells per column, and text cells that are not numbers per text column.
        List<Column> aggs = new ArrayList<>();
        for (StructField f : fields) {
            Column c = column(f.name());
            aggs.add(sum(when(c.isNull().or(trim(c.cast(DataTypes.StringType)).equalTo("")), 1).otherwise(0)));
            aggs.add(f.dataType() instanceof NumericType ? lit(0L)
                    : sum(when(c.isNotNull().and(org.apache.spark.sql.functions.isnan(NUMBER.apply(c.cast(DataTypes.StringType)))), 1)
                            .otherwise(0)));
        }
        Row counts = table.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        List<Coded> coded = new ArrayList<>();
        Map<String, String> refs = new LinkedHashMap<>();
        for (int j = 0; j < fields.size(); j++) {
            StructField f = fields.get(j);
            String name = f.name();
            Column c = column(name);
            if (!counts.isNullAt(2 * j) && ((Number) counts.get(2 * j)).longValue() > 0) {
                Row bad = table.filter(c.isNull().or(trim(c.cast(DataTypes.StringType)).equalTo(""))).select(id()).first();
                throw new ChurnkitException("the covariates: covariate '" + name + "' of customer '" + bad.getString(0)
                        + "' is empty (" + ((Number) counts.get(2 * j)).longValue() + " customer(s))");
            }
            boolean numeric = f.dataType() instanceof NumericType || counts.isNullAt(2 * j + 1)
                    || ((Number) counts.get(2 * j + 1)).longValue() == 0;
            if (numeric) {
                coded.add(new Coded(name, f.dataType() instanceof NumericType ? c.cast(DataTypes.DoubleType)
                        : NUMBER.apply(c.cast(DataTypes.StringType))));
                continue;
            }
            Column text = trim(c.cast(DataTypes.StringType));
            TreeSet<String> levels = new TreeSet<>();
            for (Row r : table.select(text).distinct().collectAsList()) {
                levels.add(r.getString(0));
            }
            String ref = Covariates.referenceLevel(name, levels, referenceLevels, "the covariates");
            for (String level : levels) {
                if (!level.equals(ref)) {
                    coded.add(new Coded(Covariates.indicatorName(name, level), when(text.equalTo(level), 1.0).otherwise(0.0)));
                }
            }
            refs.put(name, ref);
        }
        int p = coded.size();
        double[] centres = new double[p];
        double[] scales = new double[p];
        java.util.Arrays.fill(scales, 1.0);
        if (standardise && p > 0) {
            // Covariates#standardised: the mean, then the population variance about it.
            Column[] means = coded.stream().map(k -> avg(k.value())).toArray(Column[]::new);
            Row m = table.agg(means[0], java.util.Arrays.copyOfRange(means, 1, p)).first();
            Column[] vars = new Column[p];
            for (int k = 0; k < p; k++) {
                centres[k] = m.getDouble(k);
                Column d = coded.get(k).value().minus(lit(centres[k]));
                vars[k] = avg(d.multiply(d));
            }
            Row v = table.agg(vars[0], java.util.Arrays.copyOfRange(vars, 1, p)).first();
            for (int k = 0; k < p; k++) {
                double sd = Math.sqrt(v.getDouble(k));
                scales[k] = sd > 0 ? sd : 1.0;
            }
        }
        return new Design(coded, centres, scales, refs);
    }

    /** A null id, or an id on two rows, is an error naming it (time-invariant: one row per customer). */
    private void checkIds() {
        List<Row> dup = table.groupBy(id().as("id")).agg(count(lit(1)).as("n")).filter(col("n").gt(1).or(col("id").isNull()))
                .limit(1).collectAsList();
        if (!dup.isEmpty()) {
            Row r = dup.get(0);
            if (r.isNullAt(0)) {
                throw new ChurnkitException("the covariates have " + r.getLong(1) + " row(s) without a customer id ('"
                        + idColumn + "' is null)");
            }
            throw new ChurnkitException("the covariates: customer '" + r.getString(0) + "' has " + r.getLong(1)
                    + " rows (time-invariant covariates need one row per customer)");
        }
    }
}
