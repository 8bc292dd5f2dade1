package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.DiscountRate;
import org.churnkit.contractual.SubscriberCovariates;
import org.churnkit.contractual.SubscriberScoring;
import org.churnkit.contractual.SubscriptionReadOptions;
import org.churnkit.contractual.Subscriptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
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
        if (cmd.spendFile != null || cmd.covariatesDate != null || cmd.intervals != null || !cmd.keep.isEmpty()) {
            throw new ChurnkitException("--spend-model, --covariates-date-column, --intervals and --keep-columns are for "
                    + "the transaction models; a subscription model is scored with --horizon, --discount-rate, --margin, "
                    + "--price or --price-column, and --covariates for a model fitted with them");
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
        ColumnTable.Builder t = ColumnTable.builder().addString("customer_id", ids);
        if (subs.hasCohorts()) {
            t.addString("cohort", cohort);
        }
        t.addLong("periods", periods).addDouble("p_renewal", p).addDouble("expected_periods", e).addDouble("derl", d);
        double total = 0;
        if (pr != null) {
            double[] value = SubscriberScoring.residualValue(ids, d, cmd.margin, pr);
            t.addDouble("price", pr).addDouble("residual_value", value);
            for (double v : value) {
                total += v;
            }
        }
        cmd.output.write(t.build());
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
