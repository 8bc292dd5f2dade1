package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.ContractualFit;
import org.churnkit.contractual.ContractualFitter;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModel;
import org.churnkit.contractual.ContractualModelFiles;
import org.churnkit.contractual.CovariateTarget;
import org.churnkit.contractual.DiscountRate;
import org.churnkit.contractual.SubscriberHistories;
import org.churnkit.contractual.SubscriberScoring;
import org.churnkit.model.Covariates;

/**
 * Contractual (subscription) models on a cluster: the sBG and the BdW fitted to the subscribers of
 * a {@link SparkSubscriptions} table and applied to them, by the core's definitions.
 *
 * <h2>Fitting</h2>
 * The likelihood is a sum over subscribers of terms that depend only on {@code (periods,
 * cancelled)} (and the covariates), so the subscribers of each distinct row are counted on the
 * cluster ({@code groupBy + count}) and only the distinct rows reach the driver: at most twice the
 * longest tenure per cohort without covariates. {@link SubscriberHistories#ofCounts} orders them as
 * the core's own compression does, so {@link ContractualFitter} sees the rows a core fit of the
 * same subscribers sees, in the same order and with the same weights, and the model files
 * ({@link ContractualModelFiles}) equal those of {@code churnkit fit --model sbg|bdw} for the same
 * table: one model per cohort ({@link #fit}), one with cohort effects ({@link #fitCohortEffects}),
 * or one with static covariates on the shapes ({@link #fitWithCovariates}: the covariates of
 * {@link SparkCovariates}, used raw as the core uses them).
 *
 * <h2>Scoring</h2>
 * {@link #score} writes per active subscriber what {@code churnkit score} writes for a
 * subscription model ({@link SubscriberScoring}): {@code customer_id}, {@code cohort} (with more
 * than one cohort), {@code periods}, {@code p_renewal}, {@code expected_periods}, {@code derl}
 * and, with a price, {@code price} and {@code residual_value}. The models travel as JSON and are
 * parsed once per partition. DERL by tenure is a backward recursion from the longest tenure
 * scored together, so the longest tenure of each group the command line scores together (a
 * cohort; with covariates, a cohort's subscribers with equal covariates) is found on the cluster
 * first and every partition scores each group up to it: the values are those of the command line
 * per subscriber, to the last bit.
 */
public final class SparkContractual {
    private SparkContractual() {}

    /**
     * The subscribers of each cohort counted per distinct {@code (periods, cancelled)} on the
     * cluster.
     *
     * @param subs the subscribers
     * @return the histories by cohort label, labels sorted as the core sorts them
     * @throws ChurnkitException when there is no subscriber
     */
    public static Map<String, SubscriberHistories> histories(SparkSubscriptions subs) {
        List<Row> rows = subs.subscribers().groupBy(col(SparkSubscriptions.COHORT), col(SparkSubscriptions.PERIODS),
                col(SparkSubscriptions.CANCELLED)).agg(count(lit(1))).collectAsList();
        if (rows.isEmpty()) {
            throw new ChurnkitException("no subscriber to fit: the subscription table is empty");
        }
        Map<String, List<Row>> byCohort = new TreeMap<>();
        for (Row r : rows) {
            byCohort.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
        }
        Map<String, SubscriberHistories> out = new LinkedHashMap<>();
        byCohort.forEach((label, rs) -> {
            int n = rs.size();
            int[] p = new int[n];
            boolean[] c = new boolean[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = rs.get(i).getInt(1);
                c[i] = rs.get(i).getBoolean(2);
                w[i] = rs.get(i).getLong(3);
            }
            out.put(label, SubscriberHistories.ofCounts(p, c, w));
        });
        return out;
    }

    /**
     * One model per cohort, each fitted on its own (one model for the table without cohorts), as
     * {@code churnkit fit --model sbg|bdw} fits a subscription table. The fits may not have
     * converged; look at their summaries.
     *
     * @param kind sBG or BdW
     * @param subs the subscribers
     * @param fitter the optimiser
     * @return the fits by cohort label, sorted
     * @throws ChurnkitException when there is no subscriber
     */
    public static Map<String, ContractualFit> fit(ContractualKind kind, SparkSubscriptions subs,
                                                  ContractualFitter fitter) {
        Map<String, ContractualFit> out = new LinkedHashMap<>();
        histories(subs).forEach((label, h) -> out.put(label, fitter.fit(kind, h)));
        return out;
    }

    /**
     * One model for every cohort with shared parameters and cohort effects ({@code churnkit fit
     * --cohort-effects}): the first cohort in sorted order is the baseline, each other gets the
     * indicator {@code cohort=label}.
     *
     * @param kind sBG or BdW
     * @param subs the subscribers, in at least two cohorts
     * @param target which shapes differ between cohorts
     * @param fitter the optimiser
     * @return the fit
     * @throws ChurnkitException with fewer than two cohorts
     */
    public static ContractualFit fitCohortEffects(ContractualKind kind, SparkSubscriptions subs, CovariateTarget target,
                                                  ContractualFitter fitter) {
        Map<String, SubscriberHistories> data = histories(subs);
        if (data.size() < 2) {
            throw new ChurnkitException("cohort effects need at least two cohorts; the table has " + data.size());
        }
        SubscriberHistories all = SubscriberHistories.withCohortIndicators(data);
        return fitter.fitWithCovariates(kind, all, target);
    }

    /**
     * A fit with subscriber covariates and the coding a model file records with it.
     *
     * @param fit the fit
     * @param referenceLevels the reference level of each categorical column the fit uses
     * @param levels every level of each categorical column the fit uses, the reference first
     */
    public record CovariateFit(ContractualFit fit, Map<String, String> referenceLevels,
                               Map<String, List<String>> levels) {
        /**
         * The model file's text ({@link ContractualModelFiles#toJson(ContractualFit, String, Map, Map)}).
         *
         * @param period what one period is ({@code month}), or {@code null}
         * @return the JSON
         */
        public String toJson(String period) {
            return ContractualModelFiles.toJson(fit, period, referenceLevels, levels);
        }
    }

    /**
     * One model for every subscriber with static covariates on its shapes ({@code churnkit fit
     * --model sbg|bdw --covariates FILE}): the covariates joined by id, coded as
     * {@link Covariates#read} codes a file (numbers raw; text columns as indicators against the
     * first level in sorted order, or the table's named reference levels), the subscribers counted
     * per distinct {@code (periods, cancelled, covariates)} and fitted on the driver.
     *
     * @param kind sBG or BdW
     * @param subs the subscribers (all cohorts together, as the command line fits them)
     * @param covariates one row per subscriber; not standardised
     * @param columns the covariates to use (a text column stands for all its indicators, one
     *     indicator is {@code column=level}); empty for every one
     * @param target the shapes the covariates scale
     * @param fitter the optimiser
     * @return the fit with the levels of its categorical columns
     * @throws ChurnkitException when a covariate is missing or named twice, the covariates are
     *     invalid, or subscribers have none (counted, the first named)
     */
    public static CovariateFit fitWithCovariates(ContractualKind kind, SparkSubscriptions subs,
                                                 SparkCovariates covariates, List<String> columns, CovariateTarget target,
                                                 ContractualFitter fitter) {
        SparkCovariates.Design all = covariates.design();
        List<String> names = covariateNames(all, columns);
        SparkCovariates.Design design = all.select(names);
        int k = names.size();
        List<Column> cov = new ArrayList<>();
        cov.add(covariates.id().as("__cid"));
        for (int j = 0; j < k; j++) {
            cov.add(design.covariates().get(j).value().as("__z" + j));
        }
        Dataset<Row> joined = subs.subscribers().select(col(SparkSubscriptions.CUSTOMER_ID).as("__id"),
                        col(SparkSubscriptions.PERIODS), col(SparkSubscriptions.CANCELLED))
                .join(covariates.table().select(cov.toArray(new Column[0])), col("__id").equalTo(col("__cid")), "left");
        requireCovariates(joined, "fitted", names);
        List<Column> group = new ArrayList<>(List.of(col(SparkSubscriptions.PERIODS), col(SparkSubscriptions.CANCELLED)));
        for (int j = 0; j < k; j++) {
            group.add(col("__z" + j));
        }
        List<Row> rows = joined.groupBy(group.toArray(new Column[0])).agg(count(lit(1))).collectAsList();
        if (rows.isEmpty()) {
            throw new ChurnkitException("no subscriber to fit: the subscription table is empty");
        }
        int n = rows.size();
        int[] p = new int[n];
        boolean[] c = new boolean[n];
        double[] w = new double[n];
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            p[i] = r.getInt(0);
            c[i] = r.getBoolean(1);
            for (int j = 0; j < k; j++) {
                x[i][j] = r.getDouble(2 + j);
            }
            w[i] = r.getLong(2 + k);
        }
        ContractualFit fit = fitter.fitWithCovariates(kind, SubscriberHistories.ofCounts(p, c, w, names, x), target);
        // the levels of the categorical columns the model uses, so that scoring codes a table as this one
        Map<String, String> refs = new LinkedHashMap<>();
        Map<String, List<String>> levels = new LinkedHashMap<>();
        all.references().forEach((column, ref) -> {
            String prefix = Covariates.indicatorName(column, "");
            if (names.stream().anyMatch(m -> m.startsWith(prefix))) {
                List<String> l = new ArrayList<>(List.of(ref));
                for (String m : all.names()) {
                    if (m.startsWith(prefix)) {
                        l.add(m.substring(prefix.length()));
                    }
                }
                refs.put(column, ref);
                levels.put(column, l);
            }
        });
        return new CovariateFit(fit, refs, levels);
    }

    /**
     * Refuses subscribers without covariates: counts them and names the first (by id order).
     *
     * @param joined the subscribers left-joined to the covariates ({@code __id}, {@code __cid})
     * @param what "fitted" or "scored", for the message
     * @param names the covariates needed
     */
    private static void requireCovariates(Dataset<Row> joined, String what, List<String> names) {
        Dataset<Row> missing = joined.filter(col("__cid").isNull()).select(col("__id"));
        List<Row> first = missing.orderBy(col("__id")).limit(1).collectAsList();
        if (!first.isEmpty()) {
            throw new ChurnkitException(missing.count() + " subscriber(s) have no covariates (" + String.join(", ", names)
                    + "), e.g. subscriber '" + first.get(0).getString(0) + "': every subscriber " + what
                    + " needs a value for each");
        }
    }

    /** The covariates chosen as the command line chooses them: a text column stands for its indicators. */
    private static List<String> covariateNames(SparkCovariates.Design all, List<String> wanted) {
        List<String> have = all.names();
        if (wanted.isEmpty()) {
            if (have.isEmpty()) {
                throw new ChurnkitException("the covariates have no covariate column besides the id");
            }
            return have;
        }
        List<String> out = new ArrayList<>();
        for (String w : wanted) {
            String name = w.strip();
            if (all.references().containsKey(name)) {
                String prefix = Covariates.indicatorName(name, "");
                have.stream().filter(m -> m.startsWith(prefix)).forEach(out::add);
            } else if (have.contains(name)) {
                out.add(name);
            } else {
                throw new ChurnkitException("covariate '" + name + "' is missing (the covariates are: "
                        + String.join(", ", have) + ")");
            }
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new ChurnkitException("a covariate is named twice: " + wanted);
        }
        return out;
    }

    /**
     * The scores of the active subscribers (see the class description). Runs small jobs at once
     * (the cohorts, each scoring group's longest tenure, and with covariates the check that every
     * subscriber has them and only levels the model knows); the scoring itself is lazy.
     *
     * @param subs the subscribers
     * @param covariates the subscribers' covariates for a model fitted with them, else {@code null}
     * @param settings the models and numbers
     * @return one row per active subscriber: {@code customer_id, [cohort,] periods, p_renewal,
     *     expected_periods, derl[, price, residual_value]}
     * @throws ChurnkitException for an invalid model, a cohort without one, covariates given to a
     *     model without them or missing for one with them, no active subscriber, a missing price
     *     column; when the job runs, naming a subscriber who cannot be scored or whose price is not
     *     a finite number
     */
    public static Dataset<Row> score(SparkSubscriptions subs, SparkCovariates covariates,
                                     SubscriptionScoreSettings settings) {
        ContractualModelFiles.Contents single = settings.modelJson() == null ? null
                : ContractualModelFiles.parse(settings.modelJson(), "the model");
        settings.cohortModels().forEach((label, json) -> ContractualModelFiles.parse(json, "the model of cohort '"
                + label + "'"));
        ContractualFit fit = single == null ? null : single.fit();
        boolean withCovariates = fit != null && !fit.covariateNames().isEmpty()
                && !fit.covariateNames().stream().allMatch(n -> n.startsWith("cohort="));
        if (withCovariates && covariates == null) {
            throw new ChurnkitException("the model has covariates (" + String.join(", ", fit.covariateNames())
                    + "): score with the subscribers' covariates");
        }
        if (!withCovariates && covariates != null) {
            throw new ChurnkitException("the model has no subscriber covariates; score without covariates");
        }
        Dataset<Row> all = subs.subscribers();
        List<String> cols = List.of(all.columns());
        if (settings.priceColumn() != null && !cols.contains(settings.priceColumn())) {
            throw new ChurnkitException("the subscription table has no price column '" + settings.priceColumn()
                    + "' (columns: " + String.join(", ", cols) + ")");
        }
        List<String> labels = all.select(col(SparkSubscriptions.COHORT)).distinct().collectAsList().stream()
                .map(r -> r.getString(0)).sorted().toList();
        for (String label : labels) {
            if (single == null && !settings.cohortModels().containsKey(label)) {
                throw new ChurnkitException("no model for cohort '" + label + "' (models for: "
                        + String.join(", ", settings.cohortModels().keySet()) + ")");
            }
        }
        boolean cohortColumn = subs.grouped() && labels.size() > 1;
        List<Column> keep = new ArrayList<>(List.of(col(SparkSubscriptions.CUSTOMER_ID), col(SparkSubscriptions.COHORT),
                col(SparkSubscriptions.PERIODS)));
        keep.add(settings.priceColumn() != null ? SparkCovariates.column(settings.priceColumn()).as("__price")
                : lit(null).cast(DataTypes.StringType).as("__price"));
        Dataset<Row> active = all.filter(not(col(SparkSubscriptions.CANCELLED)));
        List<String> names = withCovariates ? fit.covariateNames() : List.of();
        List<Column> group = new ArrayList<>(List.of(col(SparkSubscriptions.COHORT)));
        Dataset<Row> rows;
        if (withCovariates) {
            List<Column> cov = new ArrayList<>();
            cov.add(covariates.id().as("__cid"));
            for (int j = 0; j < names.size(); j++) {
                cov.add(coded(covariates, names.get(j), single).as("__z" + j));
                group.add(col("__z" + j));
            }
            Dataset<Row> coded = covariates.table().select(cov.toArray(new Column[0]));
            requireKnownLevels(covariates, single);
            Dataset<Row> joined = active.select(keep.toArray(new Column[0]))
                    .withColumn("__id", col(SparkSubscriptions.CUSTOMER_ID))
                    .join(coded, col("__id").equalTo(col("__cid")), "left");
            requireCovariates(joined, "scored", names);
            List<Column> sel = new ArrayList<>(List.of(col(SparkSubscriptions.CUSTOMER_ID), col(SparkSubscriptions.COHORT),
                    col(SparkSubscriptions.PERIODS), col("__price")));
            for (int j = 0; j < names.size(); j++) {
                sel.add(col("__z" + j));
            }
            rows = joined.select(sel.toArray(new Column[0]));
        } else {
            rows = active.select(keep.toArray(new Column[0]));
        }
        // each group's longest tenure, what the command line's backward DERL recursion starts from:
        // aggregated and joined back (a few rows per cohort, broadcast; one per distinct covariate
        // vector with covariates), so that the scoring keeps the input's partitions
        List<String> keys = new ArrayList<>(List.of(SparkSubscriptions.COHORT));
        for (int j = 0; j < names.size(); j++) {
            keys.add("__z" + j);
        }
        Dataset<Row> longest = rows.groupBy(group.toArray(new Column[0])).agg(max(col(SparkSubscriptions.PERIODS))
                .as("__max"));
        List<Column> ordered = new ArrayList<>(List.of(col(SparkSubscriptions.CUSTOMER_ID), col(SparkSubscriptions.COHORT),
                col(SparkSubscriptions.PERIODS), col("__price")));
        for (int j = 0; j < names.size(); j++) {
            ordered.add(col("__z" + j));
        }
        ordered.add(col("__max"));
        rows = rows.join(longest, keys.toArray(new String[0])).select(ordered.toArray(new Column[0]));
        if (rows.limit(1).collectAsList().isEmpty()) {
            throw new ChurnkitException("every subscriber has cancelled; there is no one to score");
        }
        StructType out = new StructType().add(SparkSubscriptions.CUSTOMER_ID, DataTypes.StringType, false);
        if (cohortColumn) {
            out = out.add(SparkSubscriptions.COHORT, DataTypes.StringType, false);
        }
        out = out.add(SparkSubscriptions.PERIODS, DataTypes.LongType, false)
                .add("p_renewal", DataTypes.DoubleType, false).add("expected_periods", DataTypes.DoubleType, false)
                .add("derl", DataTypes.DoubleType, false);
        if (settings.priced()) {
            out = out.add("price", DataTypes.DoubleType, false).add("residual_value", DataTypes.DoubleType, false);
        }
        Broadcast<SubscriptionScoreSettings> b = JavaSparkContext.fromSparkContext(all.sparkSession().sparkContext())
                .broadcast(settings);
        return rows.mapPartitions(new Partition(b, names.size(), cohortColumn, withCovariates), Encoders.row(out));
    }

    /**
     * Covariate {@code name} of the model as its file codes it: an indicator {@code column=level}
     * of a column the model knows levels of, else the number in column {@code name}.
     */
    private static Column coded(SparkCovariates covariates, String name, ContractualModelFiles.Contents model) {
        for (var e : model.levels().entrySet()) {
            String prefix = Covariates.indicatorName(e.getKey(), "");
            if (name.startsWith(prefix) && e.getValue().contains(name.substring(prefix.length()))) {
                Column text = trim(SparkCovariates.column(e.getKey()).cast(DataTypes.StringType));
                return when(text.equalTo(name.substring(prefix.length())), 1.0).otherwise(0.0);
            }
        }
        if (!List.of(covariates.table().columns()).contains(name)) {
            throw new ChurnkitException("the covariates lack '" + name + "', which the model needs (it uses "
                    + String.join(", ", model.fit().covariateNames()) + "; columns: "
                    + String.join(", ", covariates.table().columns()) + ")");
        }
        Column c = SparkCovariates.column(name);
        return org.apache.spark.sql.functions.udf((org.apache.spark.sql.api.java.UDF1<String, Double>) Covariates::number,
                DataTypes.DoubleType).apply(c.cast(DataTypes.StringType));
    }

    /**
     * A level the model was not fitted with, or an empty cell of a column the model uses, is an
     * error counting the subscribers and naming the first (as the core refuses them: coding an
     * unknown level as the reference would score the subscriber as someone else).
     */
    private static void requireKnownLevels(SparkCovariates covariates, ContractualModelFiles.Contents model) {
        List<String> used = new ArrayList<>();
        for (String n : model.fit().covariateNames()) {
            String column = n;
            for (String c : model.levels().keySet()) {
                if (n.startsWith(Covariates.indicatorName(c, ""))) {
                    column = c;
                }
            }
            if (!used.contains(column)) {
                used.add(column);
            }
        }
        List<Column> aggs = new ArrayList<>();
        for (String c : used) {
            Column text = trim(SparkCovariates.column(c).cast(DataTypes.StringType));
            List<String> known = model.levels().get(c);
            Column bad = known != null ? text.isNull().or(not(text.isin(known.toArray())))
                    : text.isNull().or(text.equalTo(""))
                            .or(org.apache.spark.sql.functions.isnan(coded(covariates, c, model)));
            aggs.add(sum(when(bad, 1).otherwise(0)));
            aggs.add(min(when(bad, covariates.id())));
        }
        Row r = covariates.table().agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        for (int j = 0; j < used.size(); j++) {
            if (!r.isNullAt(2 * j) && r.getLong(2 * j) > 0) {
                String c = used.get(j);
                List<String> known = model.levels().get(c);
                throw new ChurnkitException("the covariates: " + r.getLong(2 * j) + " subscriber(s) have "
                        + (known != null ? "a level of '" + c + "' the model was not fitted with (levels: "
                                + String.join(", ", known) + "), e.g. subscriber '" + r.getString(2 * j + 1)
                                + "'; refit with it, or give the subscriber a known level"
                                : "no number in '" + c + "', e.g. subscriber '" + r.getString(2 * j + 1) + "'"));
            }
        }
    }

    /**
     * One partition: blocks of rows ({@link RowBlocks}), grouped by (cohort, covariates, longest
     * tenure), each group scored by the core with its longest tenure, back to rows in their order.
     *
     * @param settings the broadcast models and numbers
     * @param k the number of covariates (0 for a model without)
     * @param cohortColumn whether the output has the cohort
     * @param withCovariates whether the single model is a covariate fit
     */
    private record Partition(Broadcast<SubscriptionScoreSettings> settings, int k, boolean cohortColumn,
                             boolean withCovariates) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return RowBlocks.map(rows, () -> {
                SubscriptionScoreSettings s = settings.value();
                Models models = new Models(s, withCovariates);
                DiscountRate rate = DiscountRate.perPeriod(s.discountPerPeriod());
                return block -> score(s, models, rate, block);
            });
        }

        /** A block's scores, group by group; each output row is the subscriber's key fields and scores. */
        private IntFunction<Row> score(SubscriptionScoreSettings s, Models models, DiscountRate rate, List<Row> b) {
            int n = b.size();
            int maxAt = 4 + k;
            Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Row r = b.get(i);
                List<Object> key = new ArrayList<>(k + 2);
                key.add(r.getString(1));
                for (int j = 0; j < k; j++) {
                    key.add(r.getDouble(4 + j));
                }
                key.add(r.getInt(maxAt));
                groups.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
            }
            double[][] sc = new double[s.priced() ? 5 : 3][n];
            for (var g : groups.entrySet()) {
                List<Object> key = g.getKey();
                List<Integer> idx = g.getValue();
                int m = idx.size();
                int longest = (Integer) key.get(key.size() - 1);
                // the group's longest tenure last, so that DERL is recursed from where the core starts
                String[] ids = new String[m + 1];
                int[] tenure = new int[m + 1];
                for (int j = 0; j < m; j++) {
                    ids[j] = b.get(idx.get(j)).getString(0);
                    tenure[j] = b.get(idx.get(j)).getInt(2);
                }
                ids[m] = "of cohort '" + key.get(0) + "' with the longest tenure, " + longest;
                tenure[m] = longest;
                SubscriberScoring scoring = models.scoring((String) key.get(0), key.subList(1, 1 + k), ids[0],
                        rate, s.horizon());
                SubscriberScoring.Result res = scoring.score(ids, tenure);
                for (int j = 0; j < m; j++) {
                    int i = idx.get(j);
                    sc[0][i] = res.pRenewal()[j];
                    sc[1][i] = res.expectedPeriods()[j];
                    sc[2][i] = res.derl()[j];
                }
            }
            if (s.priced()) {
                String[] ids = new String[n];
                for (int i = 0; i < n; i++) {
                    Row r = b.get(i);
                    ids[i] = r.getString(0);
                    sc[3][i] = s.price() != null ? s.price() : price(r, ids[i]);
                }
                sc[4] = SubscriberScoring.residualValue(ids, sc[2], s.margin(), sc[3]);
            }
            return i -> {
                Row r = b.get(i);
                List<Object> v = new ArrayList<>(9);
                v.add(r.getString(0));
                if (cohortColumn) {
                    v.add(r.getString(1));
                }
                v.add((long) r.getInt(2));
                v.add(sc[0][i]);
                v.add(sc[1][i]);
                v.add(sc[2][i]);
                if (s.priced()) {
                    v.add(sc[3][i]);
                    v.add(sc[4][i]);
                }
                return RowFactory.create(v.toArray());
            };
        }

        /** The core's number rule for a price cell: a finite number, typed or as text. */
        private static double price(Row r, String id) {
            Object cell = r.get(3);
            double v = Double.NaN;
            if (cell instanceof Number x) {
                v = x.doubleValue();
            } else if (cell != null) {
                try {
                    v = Double.parseDouble(cell.toString().strip());
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
            }
            if (!Double.isFinite(v)) {
                throw new ChurnkitException("subscriber '" + id + "': expected a price, a finite number, found "
                        + (cell == null || cell.toString().isBlank() ? "an empty cell" : "'" + cell + "'"));
            }
            return v;
        }
    }

    /** The models of one task: parsed once, one scoring per cohort or covariate vector. */
    private static final class Models {
        private final ContractualModelFiles.Contents single;
        private final Map<String, ContractualModelFiles.Contents> perCohort = new HashMap<>();
        private final boolean withCovariates;
        private final Map<List<Object>, ContractualModel> byKey = new HashMap<>();

        Models(SubscriptionScoreSettings s, boolean withCovariates) {
            this.single = s.modelJson() == null ? null : ContractualModelFiles.parse(s.modelJson(), "the model");
            s.cohortModels().forEach((label, json) -> perCohort.put(label, ContractualModelFiles.parse(json, label)));
            this.withCovariates = withCovariates;
        }

        /**
         * The scoring of a group, as the command line picks its model: the cohort's own file, the
         * cohort's model of a fit with cohort effects, the subscriber's model of a covariate fit,
         * or the one model.
         */
        SubscriberScoring scoring(String cohort, List<Object> x, String firstId, DiscountRate rate, int horizon) {
            ContractualModel model = byKey.computeIfAbsent(withCovariates ? x : List.of(cohort), kk -> {
                if (single == null) {
                    return perCohort.get(cohort).model();
                }
                ContractualFit fit = single.fit();
                if (withCovariates) {
                    double[] v = new double[x.size()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = (Double) x.get(j);
                    }
                    try {
                        return fit.modelFor(v);
                    } catch (IllegalArgumentException e) {
                        throw new ChurnkitException("subscriber '" + firstId + "': " + e.getMessage(), e);
                    }
                }
                if (fit == null || fit.covariateNames().isEmpty()) {
                    return single.model();
                }
                return ContractualFitter.cohortModel(fit, cohort);
            });
            return SubscriberScoring.of(model, rate, horizon);
        }
    }
}
