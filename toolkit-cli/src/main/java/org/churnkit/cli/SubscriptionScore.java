package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.DiscountRate;
import org.churnkit.contractual.RenewalDistribution;
import org.churnkit.contractual.SubscriberHistories;
import org.churnkit.contractual.SubscriberIntervals;
import org.churnkit.contractual.SubscriberCovariates;
import org.churnkit.contractual.SubscriberScoring;
import org.churnkit.contractual.SubscriptionReadOptions;
import org.churnkit.contractual.Subscriptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ScoreIntervals;
import picocli.CommandLine.Option;

/**
 * {@code score} with a subscription model ({@code sbg} or {@code bdw}): the options that only
 * subscribers have (a picocli {@code @Mixin} of {@link ScoreCommand}) and the run, which reads a
 * subscription table, picks each cohort's model file, and writes per active subscriber
 * P(renewal), the expected periods over the horizon, DERL and the residual value (the library's
 * {@link SubscriberScoring}).
 */
public final class SubscriptionScore {

    /** Creates the options; picocli fills them from the command line. */
    public SubscriptionScore() {
    }

    @Option(names = "--price", paramLabel = "P",
            description = "Subscriptions: price per period of every subscriber; adds residual_value = margin x price x "
                + "derl.")
    Double price;

    @Option(names = "--price-column", paramLabel = "C",
            description = "Subscriptions: column of --input with each subscriber's price per period (instead of "
                + "--price).")
    String priceColumn;

    /**
     * Whether {@code --model} is a subscription model: the file names sbg or bdw, or it does not
     * exist and per-cohort files {@code MODEL-COHORT.json} written by {@code fit} do.
     *
     * @param modelFile the value of {@code --model}
     * @return true for a subscription model
     */
    static boolean applies(Path modelFile) {
        if (Files.isRegularFile(modelFile)) {
            return ContractualModels.isContractual(modelFile);
        }
        return !cohortFiles(modelFile).isEmpty();
    }

    /** The files {@code MODEL-*.json} beside {@code modelFile} that hold subscription models. */
    static List<Path> cohortFiles(Path modelFile) {
        Path dir = modelFile.toAbsolutePath().getParent();
        String name = modelFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (var s = Files.list(dir)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(stem + "-") && n.endsWith(ext) && ContractualModels.isContractual(p);
            }).sorted().forEach(out::add);
        } catch (java.io.IOException e) {
            return out;
        }
        return out;
    }

    /**
     * The model of one cohort: the file's model, or for a fit with cohort effects (fit
     * --cohort-effects) the baseline's shapes scaled by the cohort's effects.
     */
    static org.churnkit.contractual.ContractualModel cohortModel(ContractualModels.Read r, String label,
                                                                        PrintWriter err) {
        org.churnkit.contractual.ContractualFit fit = r.contents().fit();
        if (fit == null || fit.covariateNames().isEmpty()) {
            return r.model();
        }
        if (!fit.covariateNames().stream().allMatch(n -> n.startsWith("cohort="))) {
            // score takes the covariate path before this; the subscriber report draws one curve per cohort
            throw new ChurnkitException("the model has subscriber covariates " + fit.covariateNames() + ": the "
                    + "subscriber report draws models without them (one per cohort, or with --cohort-effects); score "
                    + "it with --covariates");
        }
        if (!fit.covariateNames().contains("cohort=" + label)) {
            err.println("score: cohort '" + label + "' has no effect of its own in the model (cohorts with effects: "
                    + fit.covariateNames() + "): scored as the baseline cohort");
        }
        return org.churnkit.contractual.ContractualFitter.cohortModel(fit, label);
    }

    /**
     * The covariates of the subscribers for a model fitted with them: {@code --covariates} read
     * with the model's categorical levels (a level it never saw is an error naming the
     * customer); {@code null} for a model without subscriber covariates.
     */
    private static SubscriberCovariates covariatesOf(ScoreCommand cmd, ContractualModels.Read single,
                                                    List<Path> perCohort, PrintWriter err) {
        org.churnkit.contractual.ContractualFit fit = single != null ? single.contents().fit() : null;
        boolean has = fit != null && !fit.covariateNames().isEmpty()
                && !fit.covariateNames().stream().allMatch(n -> n.startsWith("cohort="));
        if (!has) {
            if (cmd.covariatesFile != null) {
                throw new ChurnkitException("--covariates: " + (single != null ? cmd.modelFile : perCohort.get(0))
                        + " holds a subscription model without subscriber covariates; score without --covariates");
            }
            return null;
        }
        if (cmd.covariatesFile == null) {
            throw new ChurnkitException(cmd.modelFile + " holds a model with covariates ("
                    + String.join(", ", fit.covariateNames()) + "): score with --covariates FILE");
        }
        var c = single.contents();
        org.churnkit.model.Covariates read = org.churnkit.model.Covariates.read(cmd.covariatesFile, cmd.covariatesId,
                c.referenceLevels(), c.levels());
        try {
            return SubscriberCovariates.of(read.select(fit.covariateNames()));
        } catch (IllegalArgumentException | ChurnkitException e) {
            throw new ChurnkitException(cmd.covariatesFile + ": " + e.getMessage(), e);
        }
    }

    private static final String P_RENEWAL = "p_renewal";
    private static final String EXPECTED_PERIODS = "expected_periods";
    private static final String DERL = "derl";
    private static final String RESIDUAL_VALUE = "residual_value";

    /** Interval columns per active subscriber: {p_renewal, expected_periods, derl} ends and the predictive range. */
    private record Intervals(double[][] lower, double[][] upper, long[][] renewals) {
    }

    /**
     * The intervals of {@code --intervals}: one engine for a single model file (all cohorts, its
     * cohort effects or covariates), else one per cohort file, each from its own seed stream.
     */
    private static Intervals intervals(ScoreCommand cmd, Subscriptions subs, ContractualModels.Read single,
                                       Map<String, ContractualModels.Read> byCohort, SubscriberCovariates covariates,
                                       DiscountRate rate, int horizon, String[] ids, String[] cohort, long[] periods,
                                       Map<String, List<Integer>> rows, PrintWriter err) {
        int n = ids.length;
        Intervals out = new Intervals(new double[3][n], new double[3][n], new long[2][n]);
        boolean boot = "bootstrap".equals(cmd.method);
        int j = 0;
        List<Map.Entry<String, List<Integer>>> groups = new ArrayList<>(rows.entrySet());
        if (single != null) {
            // every subscriber at once: the survivors band is of them all
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(i);
            }
            groups = List.of(Map.entry("", all));
        }
        for (var g : groups) {
            ContractualModels.Read read = single != null ? single : byCohort.get(g.getKey());
            Path file = single != null ? cmd.modelFile : SubscriptionFit.cohortFile(cmd.modelFile, g.getKey());
            org.churnkit.contractual.ContractualFit fit = read.contents().fit();
            if (fit == null) {
                throw new ChurnkitException("--intervals: " + file + " holds a subscription model written by hand, "
                        + "without the covariance of a fit: refit it with 'churnkit fit', which records it");
            }
            UniformRandomProvider rng = single != null ? RandomSource.XO_RO_SHI_RO_128_PP.create(cmd.seed)
                    : RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {cmd.seed, j});
            j++;
            SubscriberIntervals engine;
            try {
                engine = boot ? SubscriberIntervals.bootstrap(fit, fitted(fit, subs, single != null ? null
                        : g.getKey(), covariates), cmd.draws, ModelFitter.Settings.defaults(), rng)
                        : SubscriberIntervals.asymptotic(fit, cmd.draws, rng);
            } catch (ChurnkitException | IllegalArgumentException e) {
                throw new ChurnkitException((boot ? "--method bootstrap on " + cmd.input : file.toString()) + ": "
                        + e.getMessage(), e);
            }
            if (!engine.failures().isEmpty()) {
                err.printf(Locale.ROOT, "score: %d of %d bootstrap refits%s failed and are left out (%s)%n",
                        engine.failures().size(), engine.requested(), single != null ? "" : " of cohort '" + g.getKey()
                        + "'", engine.failures().get(0));
            }
            int[] idx = g.getValue().stream().mapToInt(Integer::intValue).toArray();
            String[] gid = new String[idx.length];
            String[] gc = new String[idx.length];
            int[] ten = new int[idx.length];
            for (int k = 0; k < idx.length; k++) {
                gid[k] = ids[idx[k]];
                gc[k] = cohort[idx[k]];
                ten[k] = (int) periods[idx[k]];
            }
            SubscriberIntervals.Result r;
            try {
                r = engine.score(gid, ten, gc, covariates, rate, horizon, cmd.intervals);
            } catch (ChurnkitException e) {
                throw new ChurnkitException(cmd.input + ": " + e.getMessage(), e);
            }
            SubscriberScoring.Result[] ends = {r.lower(), r.upper()};
            double[][][] to = {out.lower(), out.upper()};
            for (int s = 0; s < 2; s++) {
                for (int k = 0; k < idx.length; k++) {
                    to[s][0][idx[k]] = ends[s].pRenewal()[k];
                    to[s][1][idx[k]] = ends[s].expectedPeriods()[k];
                    to[s][2][idx[k]] = ends[s].derl()[k];
                }
            }
            for (int k = 0; k < idx.length; k++) {
                out.renewals()[0][idx[k]] = r.renewalsLower()[k];
                out.renewals()[1][idx[k]] = r.renewalsUpper()[k];
            }
            ScoreIntervals.Band first = r.survivors()[0];
            ScoreIntervals.Band last = r.survivors()[horizon - 1];
            err.printf(Locale.ROOT, "score: %s %% intervals from %d %s parameter draws (seed %d)%s; of %,d active "
                    + "subscribers, expected still subscribed after 1 period %s [%s, %s], after %d %s [%s, %s]%n",
                    ColumnTable.formatDouble(100 * cmd.intervals), r.draws(),
                    r.method().label(), cmd.seed, single != null ? "" : " for cohort '"
                    + g.getKey() + "'", idx.length, ColumnTable.formatDouble(first.estimate()),
                    ColumnTable.formatDouble(first.lower()), ColumnTable.formatDouble(first.upper()), horizon,
                    ColumnTable.formatDouble(last.estimate()), ColumnTable.formatDouble(last.lower()),
                    ColumnTable.formatDouble(last.upper()));
        }
        return out;
    }

    /**
     * The subscribers a model was fitted to, for its bootstrap: the cohort's for a per-cohort
     * file, every cohort's with indicators for a fit with cohort effects (coded in the fit's
     * order), with their covariates for a covariate fit, else all of them.
     */
    private static SubscriberHistories fitted(org.churnkit.contractual.ContractualFit fit, Subscriptions subs,
                                              String cohortFile, SubscriberCovariates covariates) {
        if (cohortFile != null) {
            return subs.histories(cohortFile);
        }
        if (covariates != null) {
            return covariates.histories(subs, null);
        }
        List<String> names = fit.covariateNames();
        if (names.isEmpty()) {
            return subs.histories();
        }
        List<String> labels = subs.cohortLabels();
        List<String> baseline = labels.stream().filter(l -> !names.contains("cohort=" + l)).toList();
        if (baseline.size() != 1 || labels.size() != names.size() + 1) {
            throw new ChurnkitException("the model has effects of cohorts " + names + " besides its baseline; "
                    + "the cohorts of the input are " + labels + ": give the subscribers it was fitted to");
        }
        Map<String, SubscriberHistories> coded = new LinkedHashMap<>();
        coded.put(baseline.get(0), subs.histories(baseline.get(0)));
        for (String name : names) {
            String label = name.substring("cohort=".length());
            coded.put(label, subs.histories(label));
        }
        return SubscriberHistories.withCohortIndicators(coded);
    }

    /**
     * Runs the scoring.
     *
     * @param cmd the score command, whose input, output, horizon, discount rate and margin apply
     * @return the exit code
     */
    int run(ScoreCommand cmd) {
        PrintWriter err = cmd.spec.commandLine().getErr();
        if (cmd.input == null) {
            throw new ChurnkitException("give --input SUBSCRIPTIONS (the subscription table to score)");
        }
        if (cmd.spendFile != null || cmd.covariatesDate != null || !cmd.keep.isEmpty()) {
            throw new ChurnkitException("--spend-model, --covariates-date-column and --keep-columns are for "
                    + "the transaction models; a subscription model is scored with --horizon, --discount-rate, --margin, "
                    + "--price or --price-column, --covariates for a model fitted with them, and --intervals");
        }
        if (cmd.intervals != null) {
            cmd.checkIntervalOptions();
        }
        if (price != null && priceColumn != null) {
            throw new ChurnkitException("give --price or --price-column, not both");
        }
        if (price != null && (!Double.isFinite(price) || price < 0)) {
            throw new ChurnkitException("--price must be a finite number >= 0, got " + price);
        }
        if (cmd.horizon != Math.rint(cmd.horizon) || cmd.horizon < 1 || cmd.horizon > 100_000) {
            throw new ChurnkitException("--horizon: a subscription model counts whole periods, expected a whole number "
                    + "from 1 to 100000, got " + ColumnTable.formatDouble(cmd.horizon));
        }
        int horizon = (int) cmd.horizon;
        // the models: one file, or one per cohort beside it
        Map<String, ContractualModels.Read> byCohort = new LinkedHashMap<>();
        SubscriptionTableOptions so = cmd.subscriptions;
        TimeUnit given = cmd.spec.commandLine().getParseResult().hasMatchedOption("--period") ? so.period() : null;
        ContractualModels.Read single = Files.isRegularFile(cmd.modelFile)
                ? ContractualModels.read(cmd.modelFile, given) : null;
        List<Path> perCohort = single == null ? cohortFiles(cmd.modelFile) : List.of();
        ContractualModels.Read any = single != null ? single : ContractualModels.read(perCohort.get(0), given);
        if (given != null && given != any.period()) {
            throw new ChurnkitException("--period " + so.period().label() + ": the model was fitted to periods of one "
                    + any.period().label());
        }
        SubscriptionReadOptions ro = so.readOptions(cmd.columns.id, cmd.columns.inputFormat, cmd.log.dateFormat,
                cmd.log.zone, cmd.columns.encoding).withPeriod(any.period());
        Subscriptions subs = so.readSubscriptions(cmd.input, ro);
        SubscriptionReport.print(err, "score", cmd.input, subs);
        // a model with subscriber covariates: one for every cohort, each subscriber scored with theirs
        SubscriberCovariates covariates = covariatesOf(cmd, single, perCohort, err);
        for (String label : subs.cohortLabels()) {
            if (single != null) {
                byCohort.put(label, single);
            } else {
                Path f = SubscriptionFit.cohortFile(cmd.modelFile, label);
                if (!Files.isRegularFile(f)) {
                    throw new ChurnkitException("no model for cohort '" + label + "': expected " + f + " (fit writes one "
                            + "file per cohort beside --output), or give one model file for every cohort");
                }
                byCohort.put(label, ContractualModels.read(f, given));
            }
        }
        double ppy = cmd.periodsPerYear != null ? cmd.periodsPerYear : any.period().perYear();
        DiscountRate rate;
        try {
            rate = DiscountRate.fromAnnual(cmd.discountRate, ppy);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("--discount-rate: " + e.getMessage(), e);
        }
        double[] prices = priceColumn != null ? subs.numbers(priceColumn) : null;
        // active subscribers only: a cancelled one has nothing left to value
        int n = 0;
        for (int i = 0; i < subs.size(); i++) {
            if (!subs.cancelled(i)) {
                n++;
            }
        }
        if (n == 0) {
            throw new ChurnkitException(cmd.input + ": every subscriber has cancelled; there is no one to score");
        }
        String[] ids = new String[n];
        String[] cohort = new String[n];
        long[] periods = new long[n];
        double[] p = new double[n];
        double[] e = new double[n];
        double[] d = new double[n];
        double[] pr = prices != null || price != null ? new double[n] : null;
        int k = 0;
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int i = 0; i < subs.size(); i++) {
            if (subs.cancelled(i)) {
                continue;
            }
            ids[k] = subs.id(i);
            cohort[k] = subs.cohort(i);
            periods[k] = subs.periods(i);
            if (pr != null) {
                pr[k] = prices != null ? prices[i] : price;
            }
            rows.computeIfAbsent(cohort[k], x -> new ArrayList<>()).add(k);
            k++;
        }
        for (var r : rows.entrySet()) {
            int[] idx = r.getValue().stream().mapToInt(Integer::intValue).toArray();
            String[] cid = new String[idx.length];
            int[] ten = new int[idx.length];
            for (int j = 0; j < idx.length; j++) {
                cid[j] = ids[idx[j]];
                ten[j] = (int) periods[idx[j]];
            }
            SubscriberScoring.Result res;
            try {
                res = covariates != null
                        ? covariates.score(single.contents().fit(), rate, horizon, cid, ten)
                        : SubscriberScoring.of(cohortModel(byCohort.get(r.getKey()), r.getKey(), err), rate, horizon)
                                .score(cid, ten);
            } catch (ChurnkitException ex) {
                throw new ChurnkitException(cmd.input + (covariates != null ? " with " + cmd.covariatesFile : "") + ": "
                        + ex.getMessage(), ex);
            }
            for (int j = 0; j < idx.length; j++) {
                p[idx[j]] = res.pRenewal()[j];
                e[idx[j]] = res.expectedPeriods()[j];
                d[idx[j]] = res.derl()[j];
            }
        }
        Intervals iv = cmd.intervals == null ? null
                : intervals(cmd, subs, single, byCohort, covariates, rate, horizon, ids, cohort, periods, rows, err);
        ColumnTable.Builder t = ColumnTable.builder().addString("customer_id", ids);
        if (subs.hasCohorts()) {
            t.addString("cohort", cohort);
        }
        t.addLong("periods", periods);
        String[] names = {P_RENEWAL, EXPECTED_PERIODS, DERL};
        double[][] point = {p, e, d};
        for (int c = 0; c < names.length; c++) {
            t.addDouble(names[c], point[c]);
            if (iv != null) {
                t.addDouble(ScoreIntervals.lowerColumn(names[c]), iv.lower[c])
                        .addDouble(ScoreIntervals.upperColumn(names[c]), iv.upper[c]);
            }
        }
        if (iv != null) {
            t.addLong(RenewalDistribution.LOWER_COLUMN, iv.renewals[0]).addLong(RenewalDistribution.UPPER_COLUMN,
                    iv.renewals[1]);
        }
        double total = 0;
        if (pr != null) {
            double[] value = SubscriberScoring.residualValue(ids, d, cmd.margin, pr);
            t.addDouble("price", pr).addDouble(RESIDUAL_VALUE, value);
            if (iv != null) {
                double[][] ends = SubscriberIntervals.residualValueEnds(ids, iv.lower[2], iv.upper[2], cmd.margin, pr);
                double[] lo = ends[0];
                double[] hi = ends[1];
                t.addDouble(ScoreIntervals.lowerColumn(RESIDUAL_VALUE), lo)
                        .addDouble(ScoreIntervals.upperColumn(RESIDUAL_VALUE), hi);
            }
            for (double v : value) {
                total += v;
            }
        }
        cmd.output.write(t.build());
        if (iv != null) {
            err.println("score: c_lower/c_upper = uncertainty of the expected value (estimation); "
                    + RenewalDistribution.LOWER_COLUMN + "/upper = range of the further periods a subscriber will "
                    + "actually pay over the next " + horizon);
        }
        err.printf(Locale.ROOT, "score: wrote %,d active subscribers to %s (%,d cancelled not scored); "
                + "p_renewal = P(renewing at the end of the current period), expected_periods = further periods "
                + "paid over the next %d, derl at %s per %s (annual %s)%n", n, cmd.output.output(), subs.size() - n,
                horizon, ColumnTable.formatDouble(rate.perPeriod()), any.period().label(),
                ColumnTable.formatDouble(cmd.discountRate));
        if (pr != null) {
            err.printf(Locale.ROOT, "score: residual_value = margin %s x price x derl; total %s%n",
                    ColumnTable.formatDouble(cmd.margin), ColumnTable.formatDouble(total));
        }
        err.flush();
        return 0;
    }
}
