package org.churnkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.BetaDiscreteWeibull;
import org.churnkit.contractual.ContractualFit;
import org.churnkit.contractual.ContractualFitter;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModel;
import org.churnkit.contractual.ContractualModelFiles;
import org.churnkit.contractual.ContractualSimulator;
import org.churnkit.contractual.CovariateTarget;
import org.churnkit.contractual.DiscountRate;
import org.churnkit.contractual.ShiftedBetaGeometric;
import org.churnkit.contractual.SubscriberCovariates;
import org.churnkit.contractual.SubscriberHistories;
import org.churnkit.contractual.SubscriberScoring;
import org.churnkit.contractual.SubscriptionReadOptions;
import org.churnkit.contractual.Subscriptions;
import org.churnkit.contractual.SurvivorCurve;
import org.churnkit.data.Exclusions;
import org.churnkit.data.TimeUnit;
import org.churnkit.model.Covariates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contractual models through Spark in {@code local[2]} against the core on the same subscription
 * files, read, fitted and scored as {@code churnkit fit} and {@code churnkit score} do: simulated
 * subscribers of two cohorts (sBG and BdW, periods shape), subscriptions with dates and every odd
 * row the reader has a rule for, subscribers with a text and a continuous covariate, and the
 * published cohorts of Fader and Hardie (2007) as subscribers. Fits agree to 1e-9 relative (the
 * same rows reach the same optimiser, so in practice exactly) and scores are identical per
 * subscriber.
 */
class SparkContractualTest {
    private static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);
    private static final DiscountRate RATE = DiscountRate.fromAnnual(0.1, TimeUnit.MONTHS.perYear());
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("churnkit-contractual-test", 4);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Every column as text, as the core reads a CSV file, in three partitions. */
    private static Dataset<Row> csv(Path file, boolean repartition) {
        Dataset<Row> d = spark.read().option("header", "true").csv(file.toString());
        return repartition ? d.repartition(3) : d;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines);
    }

    /** Individual subscribers from the core's simulator, shuffled: {@code periods, cancelled} per subscriber. */
    private static List<int[]> simulated(ContractualModel model, int n, UniformRandomProvider rng) {
        SubscriberHistories h = ContractualSimulator.of(model).subscribers(n, 1, 36, rng);
        List<int[]> out = new ArrayList<>();
        for (int r = 0; r < h.rows(); r++) {
            for (int k = 0; k < (int) h.count(r); k++) {
                out.add(new int[] {h.periods(r), h.cancelled(r) ? 1 : 0});
            }
        }
        java.util.Collections.shuffle(out, new java.util.Random(rng.nextLong()));
        return out;
    }

    private static void assertSameFit(ContractualFit want, ContractualFit got, String what) {
        assertEquals(want.parameterNames(), got.parameterNames(), what);
        double[] a = want.estimates();
        double[] b = got.estimates();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-9 * Math.abs(a[i]), what + " " + want.parameterNames().get(i));
        }
        assertEquals(want.logLikelihood(), got.logLikelihood(), 1e-12 * Math.abs(want.logLikelihood()), what);
        assertEquals(want.summary().customers(), got.summary().customers(), what);
        assertEquals(want.summary().status(), got.summary().status(), what);
    }

    /**
     * The scores {@code churnkit score} writes for a subscription model, by the command's own
     * steps: the active subscribers of each cohort in file order, scored together with their
     * cohort's model (or each with their covariates' model), the residual value from the price.
     */
    private static Map<String, double[]> coreScores(Subscriptions subs, Map<String, ContractualModel> models,
                                                    ContractualFit covariateFit, SubscriberCovariates cov,
                                                    double[] prices, double margin, int horizon) {
        Map<String, double[]> out = new HashMap<>();
        for (String label : subs.cohortLabels()) {
            List<Integer> rows = new ArrayList<>();
            for (int i : subs.members(label)) {
                if (!subs.cancelled(i)) {
                    rows.add(i);
                }
            }
            String[] ids = new String[rows.size()];
            int[] ten = new int[rows.size()];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = subs.id(rows.get(j));
                ten[j] = subs.periods(rows.get(j));
            }
            SubscriberScoring.Result r = cov != null ? cov.score(covariateFit, RATE, horizon, ids, ten)
                    : SubscriberScoring.of(models.get(label), RATE, horizon).score(ids, ten);
            double[] pr = new double[ids.length];
            for (int j = 0; j < ids.length; j++) {
                pr[j] = prices == null ? 0 : prices[rows.get(j)];
            }
            double[] value = SubscriberScoring.residualValue(ids, r.derl(), margin, pr);
            for (int j = 0; j < ids.length; j++) {
                out.put(ids[j], new double[] {ten[j], r.pRenewal()[j], r.expectedPeriods()[j], r.derl()[j], pr[j],
                    value[j]});
            }
        }
        return out;
    }

    /** Every active subscriber scored once, each value bit for bit the core's. */
    private static void assertSameScores(Map<String, double[]> want, Dataset<Row> got, boolean priced) {
        List<Row> rows = got.collectAsList();
        assertEquals(want.size(), rows.size(), "active subscribers scored");
        List<String> cols = List.of(got.columns());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Row r : rows) {
            String id = r.getString(0);
            assertTrue(seen.add(id), "scored twice: " + id);
            double[] w = want.get(id);
            assertTrue(w != null, "not active in the core: " + id);
            assertEquals((long) w[0], r.getLong(cols.indexOf("periods")), id);
            assertEquals(w[1], r.getDouble(cols.indexOf("p_renewal")), 0.0, id + " p_renewal");
            assertEquals(w[2], r.getDouble(cols.indexOf("expected_periods")), 0.0, id + " expected_periods");
            assertEquals(w[3], r.getDouble(cols.indexOf("derl")), 0.0, id + " derl");
            if (priced) {
                assertEquals(w[4], r.getDouble(cols.indexOf("price")), 0.0, id + " price");
                assertEquals(w[5], r.getDouble(cols.indexOf("residual_value")), 0.0, id + " residual_value");
            }
        }
    }

    /**
     * Two simulated cohorts (an sBG and a BdW population, 12,000 subscribers), periods shape with
     * a price column: one fit per cohort equals the core's for both models, and the scores of
     * every active subscriber with each cohort's model are the core's.
     */
    @Test
    void simulatedCohortsFitAndScoreAsTheCore() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20L);
        List<String> lines = new ArrayList<>(List.of("customer_id,cohort,periods,cancelled,price"));
        int id = 0;
        Map<String, ContractualModel> truth = Map.of("2023-01", ShiftedBetaGeometric.of(0.7, 1.2),
                "2023-02", BetaDiscreteWeibull.of(0.9, 2.5, 1.4));
        for (var e : new java.util.TreeMap<>(truth).entrySet()) {
            for (int[] s : simulated(e.getValue(), 6_000, rng)) {
                lines.add(String.format(Locale.ROOT, "s%05d,%s,%d,%d,%s", id++, e.getKey(), s[0], s[1],
                        rng.nextBoolean() ? "9.99" : "14.5"));
            }
        }
        // one long-standing subscriber, in one partition only: the others' DERL must still be
        // recursed from their cohort's longest tenure, as the command line recurses it
        lines.add("s99999,2023-01,120,0,9.99");
        Path file = dir.resolve("subscribers.csv");
        write(file, lines);
        SubscriptionReadOptions o = SubscriptionReadOptions.defaults();
        Subscriptions core = Subscriptions.read(file, o);
        SparkSubscriptions subs = SparkSubscriptions.of(csv(file, true), o);
        assertTrue(subs.grouped());
        ContractualFitter fitter = ContractualFitter.of();
        Map<String, ContractualModel> models = new LinkedHashMap<>();
        Map<String, String> json = new LinkedHashMap<>();
        for (ContractualKind kind : ContractualKind.values()) {
            Map<String, ContractualFit> fits = SparkContractual.fit(kind, subs, fitter);
            assertEquals(core.cohortLabels(), List.copyOf(fits.keySet()));
            for (String label : core.cohortLabels()) {
                ContractualFit want = fitter.fit(kind, core.histories(label));
                assertSameFit(want, fits.get(label), kind + " cohort " + label);
                if (kind == ContractualKind.SBG) {
                    models.put(label, want.model());
                    json.put(label, ContractualModelFiles.toJson(fits.get(label), "month"));
                }
            }
        }
        // the simulated populations are recovered, so the comparison is of sensible fits
        assertEquals(0.7, SparkContractual.fit(ContractualKind.SBG, subs, fitter).get("2023-01").estimates()[0], 0.1);
        Dataset<Row> scores = SparkContractual.score(subs, null, SubscriptionScoreSettings.ofCohorts(json, 12)
                .withDiscountPerPeriod(RATE.perPeriod()).withMargin(0.3).withPriceColumn("price"));
        assertEquals(List.of("customer_id", "cohort", "periods", "p_renewal", "expected_periods", "derl", "price",
                "residual_value"), List.of(scores.columns()));
        assertSameScores(coreScores(core, models, null, null, core.numbers("price"), 0.3, 12), scores, true);
    }

    /**
     * Subscriptions with dates and an odd row of every kind the reader has a rule for (an end
     * before the start, a start after the as-of date, a subscriber who subscribed again, an end
     * after the as-of date): the subscribers, their periods and flags, the exclusions, the fit and
     * the scores equal the core's reading of the same file.
     */
    @Test
    void datedSubscriptionsAreReadFittedAndScoredAsTheCore() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(21L);
        List<String> lines = new ArrayList<>(List.of("customer_id,start,end"));
        for (int i = 0; i < 4_000; i++) {
            LocalDate start = AS_OF.minusDays(rng.nextInt(900));
            String end = rng.nextInt(3) == 0 ? "" : start.plusDays(rng.nextInt(700)).toString();
            lines.add("d" + i + "," + start + "," + end);
        }
        lines.add("d9001,2024-03-01,2024-02-01");  // ends before it starts
        lines.add("d9002,2024-08-01,");            // starts after the as-of date
        lines.add("d17,2019-01-15,2019-05-02");    // an earlier subscription of d17
        lines.add("d9003,2023-01-31,2025-01-01");  // ends after the as-of date: active
        Path file = dir.resolve("subscriptions.csv");
        write(file, lines);
        SubscriptionReadOptions o = SubscriptionReadOptions.defaults().withAsOf(AS_OF);
        Subscriptions core = Subscriptions.read(file, o);
        SparkSubscriptions subs = SparkSubscriptions.of(csv(file, false), o);
        assertEquals(AS_OF, subs.asOf());
        assertFalse(subs.grouped());
        for (String key : List.of(Subscriptions.END_BEFORE_START, Subscriptions.START_AFTER_AS_OF,
                Subscriptions.EARLIER_SUBSCRIPTION, Subscriptions.END_AFTER_AS_OF)) {
            assertEquals(count(core.exclusions(), key), count(subs.exclusions(), key), key);
        }
        assertTrue(count(subs.exclusions(), Subscriptions.EARLIER_SUBSCRIPTION) >= 1);
        Map<String, int[]> want = new HashMap<>();
        for (int i = 0; i < core.size(); i++) {
            want.put(core.id(i), new int[] {core.periods(i), core.cancelled(i) ? 1 : 0});
        }
        List<Row> got = subs.subscribers().collectAsList();
        assertEquals(want.size(), got.size());
        for (Row r : got) {
            int[] w = want.get(r.getString(0));
            assertEquals(w[0], r.getInt(2), r.getString(0));
            assertEquals(w[1] == 1, r.getBoolean(3), r.getString(0));
        }
        // cohorts by start year: each subscriber's label is the core's
        SubscriptionReadOptions byYear = o.withCohortBy(SubscriptionReadOptions.CohortBy.YEAR);
        Subscriptions coreYears = Subscriptions.read(file, byYear);
        SparkSubscriptions years = SparkSubscriptions.of(csv(file, false), byYear);
        assertTrue(years.grouped());
        Map<String, String> cohortOf = new HashMap<>();
        for (int i = 0; i < coreYears.size(); i++) {
            cohortOf.put(coreYears.id(i), coreYears.cohort(i));
        }
        List<Row> labelled = years.subscribers().collectAsList();
        assertEquals(cohortOf.size(), labelled.size());
        for (Row r : labelled) {
            assertEquals(cohortOf.get(r.getString(0)), r.getString(1), r.getString(0));
        }
        ContractualFitter fitter = ContractualFitter.of();
        ContractualFit want1 = fitter.fit(ContractualKind.SBG, core.histories());
        ContractualFit fit = SparkContractual.fit(ContractualKind.SBG, subs, fitter).get("all");
        assertSameFit(want1, fit, "sBG of dated subscriptions");
        // the as-of date taken from the table, as the core takes it from the file
        SparkSubscriptions latest = SparkSubscriptions.of(csv(file, false), o.withAsOf(null));
        assertEquals(Subscriptions.read(file, o.withAsOf(null)).asOf(), latest.asOf());
        Dataset<Row> scores = SparkContractual.score(subs, null, SubscriptionScoreSettings.of(
                ContractualModelFiles.toJson(fit, "month"), 24).withDiscountPerPeriod(RATE.perPeriod()).withPrice(20));
        assertEquals(List.of("customer_id", "periods", "p_renewal", "expected_periods", "derl", "price",
                "residual_value"), List.of(scores.columns()));
        double[] prices = new double[core.size()];
        java.util.Arrays.fill(prices, 20);
        assertSameScores(coreScores(core, Map.of("all", want1.model()), null, null, prices, 1.0, 24), scores, true);
    }

    private static long count(Exclusions e, String key) {
        return e.items().stream().filter(i -> i.key().equals(key)).mapToLong(Exclusions.Item::count).sum();
    }

    /**
     * Subscribers with a plan (text: an indicator against the first level) and a continuous
     * covariate, each plan its own population: the covariate fit equals the core's (the CLI's
     * reading of the covariate file), the model file records the same levels, and every active
     * subscriber's scores with their own model are the core's. A subscriber without covariates
     * and a level the model never saw are refused, naming the subscriber.
     */
    @Test
    void covariateFitAndScoresEqualTheCore() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(22L);
        List<String> subsLines = new ArrayList<>(List.of("customer_id,periods,cancelled"));
        List<String> covLines = new ArrayList<>(List.of("customer_id,plan,usage"));
        int id = 0;
        for (String plan : List.of("basic", "premium", "family")) {
            ContractualModel m = switch (plan) {
                case "basic" -> ShiftedBetaGeometric.of(0.8, 1.5);
                case "premium" -> ShiftedBetaGeometric.of(0.8, 4.0);
                default -> ShiftedBetaGeometric.of(1.5, 3.0);
            };
            for (int[] s : simulated(m, 1_000, rng)) {
                String cid = "c" + id++;
                subsLines.add(cid + "," + s[0] + "," + s[1]);
                covLines.add(cid + "," + plan + "," + String.format(Locale.ROOT, "%.3f", rng.nextDouble() * 2));
            }
        }
        Path subsFile = dir.resolve("subscribers.csv");
        Path covFile = dir.resolve("plans.csv");
        write(subsFile, subsLines);
        write(covFile, covLines);
        SubscriptionReadOptions o = SubscriptionReadOptions.defaults();
        Subscriptions core = Subscriptions.read(subsFile, o);
        Covariates all = Covariates.read(covFile, "customer_id", Map.of());
        ContractualFitter fitter = ContractualFitter.of();
        SparkSubscriptions subs = SparkSubscriptions.of(csv(subsFile, true), o);
        SparkCovariates cov = SparkCovariates.of(csv(covFile, true), "customer_id");
        for (CovariateTarget target : List.of(CovariateTarget.BOTH, CovariateTarget.DELTA)) {
            SubscriberHistories h = SubscriberCovariates.of(all).histories(core, null);
            ContractualFit want = fitter.fitWithCovariates(ContractualKind.SBG, h, target);
            SparkContractual.CovariateFit got = SparkContractual.fitWithCovariates(ContractualKind.SBG, subs, cov,
                    List.of(), target, fitter);
            assertSameFit(want, got.fit(), "covariates on " + target);
            assertEquals(Map.of("plan", "basic"), got.referenceLevels());
            assertEquals(Map.of("plan", List.of("basic", "family", "premium")), got.levels());
        }
        // only the plan, by its column name
        ContractualFit planOnly = fitter.fitWithCovariates(ContractualKind.SBG, SubscriberCovariates.of(
                all.select(List.of("plan=family", "plan=premium"))).histories(core, null), CovariateTarget.BOTH);
        SparkContractual.CovariateFit gotPlan = SparkContractual.fitWithCovariates(ContractualKind.SBG, subs, cov,
                List.of("plan"), CovariateTarget.BOTH, fitter);
        assertSameFit(planOnly, gotPlan.fit(), "plan only");

        SparkContractual.CovariateFit fit = SparkContractual.fitWithCovariates(ContractualKind.SBG, subs, cov,
                List.of(), CovariateTarget.BOTH, fitter);
        String json = fit.toJson("month");
        ContractualModelFiles.Contents c = ContractualModelFiles.parse(json, "model");
        SubscriberCovariates scored = SubscriberCovariates.of(Covariates.read(covFile, "customer_id",
                c.referenceLevels(), c.levels()).select(c.fit().covariateNames()));
        Dataset<Row> scores = SparkContractual.score(subs, cov, SubscriptionScoreSettings.of(json, 12)
                .withDiscountPerPeriod(RATE.perPeriod()));
        assertEquals(List.of("customer_id", "periods", "p_renewal", "expected_periods", "derl"),
                List.of(scores.columns()));
        assertSameScores(coreScores(core, null, c.fit(), scored, null, 1.0, 12), scores, false);

        // a subscriber without covariates, and one with a plan the model never saw
        // (scoring needs the covariates of the active subscribers: take two of them)
        List<Integer> active = new ArrayList<>();
        for (int i = 1; i < subsLines.size() && active.size() < 2; i++) {
            if (subsLines.get(i).endsWith(",0")) {
                active.add(i);
            }
        }
        List<String> fewer = new ArrayList<>(covLines);
        fewer.set(active.get(1), fewer.get(active.get(1)).replaceFirst(",(basic|premium|family),", ",student,"));
        Path bad = dir.resolve("bad-plans.csv");
        write(bad, fewer);
        String first = covLines.get(active.get(0)).split(",")[0];
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> SparkContractual.score(subs,
                SparkCovariates.of(csv(bad, true).filter("plan <> 'student' and customer_id <> '" + first + "'"),
                        "customer_id"), SubscriptionScoreSettings.of(json, 12)));
        String second = covLines.get(active.get(1)).split(",")[0];
        String named = first.compareTo(second) < 0 ? first : second;
        assertTrue(e.getMessage().startsWith("2 subscriber(s) have no covariates (plan=family, plan=premium, usage), "
                + "e.g. subscriber '" + named + "'"), e.getMessage());
        e = assertThrows(ChurnkitException.class, () -> SparkContractual.score(subs,
                SparkCovariates.of(csv(bad, true), "customer_id"), SubscriptionScoreSettings.of(json, 12)));
        String student = fewer.get(active.get(1)).split(",")[0];
        assertTrue(e.getMessage().contains("1 subscriber(s) have a level of 'plan' the model was not fitted with")
                && e.getMessage().contains("subscriber '" + student + "'"), e.getMessage());
    }

    /**
     * The published cohorts of Fader and Hardie (2007, table 1; years 1-7) as 2,000 individual
     * subscribers: the Spark fit of each cohort reproduces the published estimates and equals the
     * core's fit of the same subscribers; a fit with cohort effects on both shapes gives each
     * cohort the model of its own fit, and scores with it equal the core's.
     */
    @Test
    void publishedCohortsAsSubscribers() throws IOException {
        SurvivorCurve regular = SurvivorCurve.of("regular", 1000, 631, 468, 382, 326, 289, 262, 241);
        SurvivorCurve highEnd = SurvivorCurve.of("high end", 1000, 869, 743, 653, 593, 551, 517, 491);
        List<String> lines = new ArrayList<>(List.of("customer_id,cohort,periods,cancelled"));
        int id = 0;
        for (SurvivorCurve c : List.of(regular, highEnd)) {
            SubscriberHistories h = c.toHistories();
            for (int r = 0; r < h.rows(); r++) {
                for (int k = 0; k < (int) h.count(r); k++) {
                    lines.add("f" + id++ + "," + c.cohort() + "," + h.periods(r) + "," + (h.cancelled(r) ? 1 : 0));
                }
            }
        }
        Path file = dir.resolve("fader-hardie.csv");
        write(file, lines);
        SubscriptionReadOptions o = SubscriptionReadOptions.defaults();
        Subscriptions core = Subscriptions.read(file, o);
        SparkSubscriptions subs = SparkSubscriptions.of(csv(file, true), o);
        ContractualFitter fitter = ContractualFitter.of();
        Map<String, ContractualFit> fits = SparkContractual.fit(ContractualKind.SBG, subs, fitter);
        assertEquals(0.704, Math.round(fits.get("regular").estimates()[0] * 1000) / 1000.0, 0.0);
        assertEquals(1.182, Math.round(fits.get("regular").estimates()[1] * 1000) / 1000.0, 0.0);
        assertEquals(0.668, Math.round(fits.get("high end").estimates()[0] * 1000) / 1000.0, 0.0);
        assertEquals(3.806, Math.round(fits.get("high end").estimates()[1] * 1000) / 1000.0, 0.0);
        for (String label : core.cohortLabels()) {
            assertSameFit(fitter.fit(ContractualKind.SBG, core.histories(label)), fits.get(label), label);
        }
        ContractualFit effects = SparkContractual.fitCohortEffects(ContractualKind.SBG, subs, CovariateTarget.BOTH,
                fitter);
        assertEquals(List.of("cohort=regular"), effects.covariateNames());
        Map<String, ContractualModel> models = new HashMap<>();
        for (String label : core.cohortLabels()) {
            ContractualModel m = ContractualFitter.cohortModel(effects, label);
            models.put(label, m);
            double[] own = fits.get(label).estimates();
            double[] shared = m.parameterArray();
            for (int j = 0; j < 2; j++) {
                assertEquals(own[j], shared[j], 1e-4 * own[j], label);
            }
        }
        Dataset<Row> scores = SparkContractual.score(subs, null, SubscriptionScoreSettings.of(
                ContractualModelFiles.toJson(effects, "year"), 5).withDiscountPerPeriod(0.1));
        Map<String, double[]> want = new HashMap<>();
        DiscountRate rate = DiscountRate.perPeriod(0.1);
        for (String label : core.cohortLabels()) {
            List<Integer> rows = new ArrayList<>();
            for (int i : core.members(label)) {
                if (!core.cancelled(i)) {
                    rows.add(i);
                }
            }
            String[] ids = rows.stream().map(core::id).toArray(String[]::new);
            int[] ten = rows.stream().mapToInt(core::periods).toArray();
            SubscriberScoring.Result r = SubscriberScoring.of(models.get(label), rate, 5).score(ids, ten);
            for (int j = 0; j < ids.length; j++) {
                want.put(ids[j], new double[] {ten[j], r.pRenewal()[j], r.expectedPeriods()[j], r.derl()[j]});
            }
        }
        assertSameScores(want, scores, false);
    }

    /**
     * Bad rows are counted by kind and the first of each named, before anything is fitted: a row
     * without an id (shown by its cells), negative or fractional periods, a flag that is not one,
     * a repeated subscriber.
     */
    @Test
    void badRowsAreCountedAndNamed() throws IOException {
        Path file = dir.resolve("bad.csv");
        write(file, List.of("customer_id,periods,cancelled", "a1,3,0", ",4,1", "a3,-2,1", "a4,2.5,0", "a5,2,maybe",
                "a6,1,1"));
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> SparkSubscriptions.of(csv(file, true), SubscriptionReadOptions.defaults()));
        String m = e.getMessage();
        assertTrue(m.startsWith("the subscription table has 4 row(s) that cannot be read"), m);
        assertTrue(m.contains("1 without a subscriber id (e.g. a row without a subscriber id: periods '4', "
                + "cancelled '1')"), m);
        assertTrue(m.contains("2 with periods that are not a whole number >= 1 (e.g. subscriber 'a3': column "
                + "'periods': expected the periods paid for, a whole number >= 1, found '-2')"), m);
        assertTrue(m.contains("1 with a cancel flag that is not 1 or 0 (e.g. subscriber 'a5'"), m);

        Path twice = dir.resolve("twice.csv");
        write(twice, List.of("customer_id,periods,cancelled", "b1,3,0", "b2,4,1", "b1,2,1"));
        e = assertThrows(ChurnkitException.class,
                () -> SparkSubscriptions.of(csv(twice, true), SubscriptionReadOptions.defaults()));
        assertTrue(e.getMessage().contains("1 subscriber(s) are given more than once, e.g. subscriber 'b1' (2 rows)"),
                e.getMessage());

        Path dates = dir.resolve("bad-dates.csv");
        write(dates, List.of("customer_id,start,end", "c1,2024-01-05,2024-03-01", "c2,2024-13-01,", "c3,2024-02-01,soon",
                "c4,2024-02-01,"));
        // (the end's format is told from its first cell, as the core tells it from the file's)
        e = assertThrows(ChurnkitException.class,
                () -> SparkSubscriptions.of(csv(dates, false), SubscriptionReadOptions.defaults()));
        assertTrue(e.getMessage().contains("1 with a start that is not a date (e.g. subscriber 'c2'")
                && e.getMessage().contains("1 with an end that is not a date (e.g. subscriber 'c3'"), e.getMessage());
    }
}
