package org.churnkit.monitor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryState;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.evaluation.PopulationStability;
import org.churnkit.model.BgNbd;
import org.churnkit.model.MbgNbd;
import org.churnkit.model.Histories;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.Scoring;
import org.churnkit.model.SpendModel;
import org.churnkit.model.TransactionModel;

/**
 * What a model expected of each period after it was fitted, next to what happened: one-step-ahead
 * forecasts made at the start of each period from every customer's history up to then.
 *
 * <p>Periods are {@code periodDays} whole days; period {@code n} (from 1) runs from the end of day
 * {@code start + (n - 1) periodDays} (exclusive) to the end of day {@code start + n periodDays}
 * (inclusive), with {@code start} the model's calibration end. At each period's start the log is
 * summarised up to then with the summary rules of {@code options} (merge period, amount rules) and
 * split at it ({@link Summarizer#split}), so the customers are those acquired by then and
 * <ul>
 *   <li><b>repeat transactions</b>: actual {@code A = sum_i x_i^holdout}, forecast {@code F = sum_i
 *       E[X_i(T_i, T_i + L) | x_i, t_xi, T_i]} with {@code L} the period in the model's unit, and
 *       variance {@code V = sum_i Var(X_i)}: for Pareto/NBD and the BG/NBD family, whose rate given
 *       alive is {@code Gamma(r + x, alpha + T)} a posteriori, {@code Var(X_i) = E X_i + P(alive)
 *       L^2 (r + x)(r + x + 1)/(alpha + T)^2 - (E X_i)^2} (Poisson count given the rate, death within
 *       the period neglected in the second moment, so {@code P(alive) L (r + x)/(alpha + T) = E X_i} and
 *       the middle term is {@code E X_i L (r + x + 1)/(alpha + T)}), never below {@code E X_i}; for other models the
 *       Poisson variance {@code E X_i};</li>
 *   <li><b>new customers</b>: actual the customers whose first purchase falls in the period, forecast
 *       the mean per period over the {@link #REFERENCE_PERIODS} periods before {@code start} (fewer
 *       when the log is shorter; the model has no acquisition process), Poisson variance (at least 1);</li>
 *   <li><b>spend</b> of the repeat transactions: actual {@code x_i^holdout} times the holdout mean
 *       amount, forecast {@code sum_i E X_i m_i} with {@code m_i} the spend model's expected spend
 *       per transaction (or, without one, the customer's mean repeat amount, the population's for a
 *       customer without one), variance {@code sum_i m_i^2 (Var X_i + c^2 E X_i)} with {@code c}
 *       the coefficient of variation of single positive amounts before {@code start};</li>
 *   <li><b>scores</b>: the population stability index ({@link PopulationStability}) of the per-customer
 *       forecasts at this period's start against those {@code lag} periods earlier.</li>
 * </ul>
 * Immutable.
 *
 * @param start the model's calibration end (day)
 * @param periodDays length of a period in days
 * @param periods one entry per monitored period, in order
 */
public record PeriodForecasts(LocalDate start, int periodDays, List<Period> periods) {
    /** Periods before the start over which the new-customer rate is averaged. */
    public static final int REFERENCE_PERIODS = 13;

    /**
     * Copies the list.
     */
    public PeriodForecasts {
        Objects.requireNonNull(start, "start");
        periods = List.copyOf(periods);
    }

    /**
     * One period's actuals and forecasts.
     *
     * @param index period number, from 1
     * @param end last day of the period
     * @param customers customers acquired before the period
     * @param transactions actual repeat transactions of those customers in the period
     * @param expectedTransactions forecast of {@code transactions}
     * @param transactionVariance predictive variance of {@code transactions}
     * @param newCustomers customers whose first purchase is in the period
     * @param expectedNewCustomers forecast of {@code newCustomers}
     * @param spend actual spend of the repeat transactions (0 without amounts)
     * @param expectedSpend forecast of {@code spend} (0 without amounts)
     * @param spendVariance predictive variance of {@code spend} (0 without amounts)
     * @param scorePsi PSI of the per-customer forecasts against {@code lag} periods earlier, NaN for the first {@code lag} periods
     */
    public record Period(int index, LocalDate end, int customers, double transactions, double expectedTransactions,
                         double transactionVariance, double newCustomers, double expectedNewCustomers, double spend,
                         double expectedSpend, double spendVariance, double scorePsi) {
        Period withNewCustomers(int count) {
            return new Period(index, end, customers, transactions, expectedTransactions, transactionVariance, count,
                    expectedNewCustomers, spend, expectedSpend, spendVariance, scorePsi);
        }
    }

    /**
     * Computes the forecasts and actuals of {@code periods} periods after {@code start}.
     *
     * @param model the fitted transaction model (its time unit must be {@code options.unit()})
     * @param spendModel the spend model, if any
     * @param log the transactions, covering at least the periods
     * @param options the summary rules the model was fitted with (unit, merge period, amount rules); its observation end is ignored
     * @param start the model's calibration end (its last day)
     * @param periodDays length of a period in days, {@code >= 1}
     * @param periods number of periods, {@code >= 1}
     * @param lag periods between the two score distributions compared by PSI, {@code >= 1}
     * @return the periods
     * @throws ChurnkitException when no customer was acquired by {@code start} or a forecast cannot be computed (naming the customer)
     */
    public static PeriodForecasts compute(TransactionModel model, Optional<SpendModel> spendModel, TransactionLog log,
                                          SummaryOptions options, LocalDate start, int periodDays, int periods,
                                          int lag) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(spendModel, "spendModel");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(options, "options");
        Schedule schedule = new Schedule(start, periodDays, periods, lag);
        SummaryOptions base = options.withDropAfterEnd(true);
        double newRate = newCustomerRate(Summarizer.summarize(log, base.withObservationEnd(PeriodEnd.of(start))),
                schedule);
        double cv2 = amountCv2(log, Long.MIN_VALUE, PeriodEnd.of(start).lastSecond());
        PeriodHistories fast = PeriodHistories.supports(base) ? PeriodHistories.of(log, base) : null;
        CutSource cuts = new CutSource() {
            @Override
            public Cut cut(LocalDate from, LocalDate to) {
                return fast != null ? Cut.of(fast, log, from, to) : Cut.of(log, base, from, to);
            }

            @Override
            public int customersBy(LocalDate day) {
                return fast != null ? Cut.customersBy(fast, day) : sizeAt(log, base, day);
            }
        };
        return run(model, spendModel, log.hasAmounts(), cuts, newRate, cv2, schedule, options.unit());
    }

    /**
     * The same forecasts from a summary state instead of the whole log: the state holds the history
     * up to its end (at or before {@code start}), {@code after} the transactions since. Each period's
     * calibration summaries are the state advanced to the period's start ({@link SummaryState#update}
     * on a copy: the caller's state is not changed); the actual repeat transactions of a customer in
     * a period are the growth of its frequency, their spend the growth of its {@code monetary value
     * x frequency} (exact when every purchase period has a positive amount, as in a log without
     * returns). The summary rules are the state's. The new-customer rate comes from the first
     * purchases at {@code start}; the spread of single amounts (for the spend variance), which the
     * state does not keep, from the amounts in {@code after}. Equal to {@link #compute} on the whole
     * log (tested) when the periods and the state's end fall on boundaries of the merge period (any
     * day with daily merging; with weekly merging a week that straddles a period start counts,
     * whole, in the calibration of the log's summaries, but is split here).
     *
     * @param model the fitted transaction model (its time unit must be the state's)
     * @param spendModel the spend model, if any
     * @param state the summary state, ending at or before {@code start}; not changed
     * @param after the transactions after the state's end, covering the periods (rows after the last period are ignored)
     * @param start the model's calibration end (its last day)
     * @param periodDays length of a period in days, {@code >= 1}
     * @param periods number of periods, {@code >= 1}
     * @param lag periods between the two score distributions compared by PSI, {@code >= 1}
     * @return the periods
     * @throws ChurnkitException when the state ends after {@code start}, a transaction of {@code after} is at or
     *     before the state's end (naming its line), no customer was acquired by {@code start}, or a forecast
     *     cannot be computed
     */
    public static PeriodForecasts compute(TransactionModel model, Optional<SpendModel> spendModel, SummaryState state,
                                          TransactionLog after, LocalDate start, int periodDays, int periods,
                                          int lag) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(spendModel, "spendModel");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(after, "after");
        Schedule schedule = new Schedule(start, periodDays, periods, lag);
        SummaryOptions options = state.settings().options();
        long startSecond = PeriodEnd.of(start).lastSecond();
        long stateEnd = state.end() == null ? Long.MIN_VALUE : state.end().lastSecond();
        if (stateEnd > startSecond) {
            throw new ChurnkitException("the summary state ends at " + state.end() + ", after the calibration end "
                    + start + ": it no longer tells the periods apart; monitor from a state saved at or before "
                    + start);
        }
        long lastSecond = PeriodEnd.of(schedule.endOf(periods)).lastSecond();
        int[] rows = IntStream.range(0, after.size()).filter(r -> after.time(r) <= lastSecond).boxed()
                .sorted(java.util.Comparator.comparingLong(after::time)).mapToInt(Integer::intValue).toArray();
        for (int r : rows) {
            if (after.time(r) <= stateEnd) {
                throw new ChurnkitException(after.locate(r) + ": transaction of " + after.customerId(after.customerCode(r))
                        + " at " + after.dateTime(r) + " is at or before the summary state's end " + state.end()
                        + ": give the transactions after it");
            }
        }
        SummaryState s = state.copy();
        int[] at = {0};
        java.util.function.LongFunction<CustomerSummaries> advance = until -> {
            int from = at[0];
            int to = from;
            while (to < rows.length && after.time(rows[to]) <= until) {
                to++;
            }
            at[0] = to;
            String[] ids = new String[to - from];
            long[] times = new long[to - from];
            double[] amounts = after.hasAmounts() ? new double[to - from] : null;
            for (int i = from; i < to; i++) {
                ids[i - from] = after.customerId(after.customerCode(rows[i]));
                times[i - from] = after.time(rows[i]);
                if (amounts != null) {
                    amounts[i - from] = after.amount(rows[i]);
                }
            }
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(until, 86_400L));
            s.update(TransactionLog.of(ids, times, amounts), PeriodEnd.of(day), SummaryState.Late.REFUSE, false);
            return s.summaries();
        };
        CustomerSummaries atStart = advance.apply(startSecond);
        double newRate = newCustomerRate(atStart, schedule);
        double cv2 = amountCv2(after, stateEnd, lastSecond);
        CustomerSummaries[] previous = {atStart};
        int[] size = {atStart.size()};
        CutSource cuts = new CutSource() {
            @Override
            public Cut cut(LocalDate from, LocalDate to) {
                CustomerSummaries a = previous[0];
                CustomerSummaries b = advance.apply(PeriodEnd.of(to).lastSecond());
                previous[0] = b;
                size[0] = b.size();
                return Cut.of(a, b);
            }

            @Override
            public int customersBy(LocalDate day) {
                return size[0];
            }
        };
        return run(model, spendModel, after.hasAmounts(), cuts, newRate, cv2, schedule, options.unit());
    }

    /**
     * The monitored periods: {@code periods} periods of {@code periodDays} days after {@code start},
     * and the lag, in periods, of the score distributions compared by PSI. The one place that
     * checks these numbers and says where a period starts and ends.
     *
     * @param start the model's calibration end (its last day)
     * @param periodDays length of a period in days, {@code >= 1}
     * @param periods number of periods, {@code >= 1}
     * @param lag periods between the two score distributions compared by PSI, {@code >= 1}
     */
    private record Schedule(LocalDate start, int periodDays, int periods, int lag) {
        Schedule {
            Objects.requireNonNull(start, "start");
            if (periodDays < 1 || periods < 1 || lag < 1) {
                throw new IllegalArgumentException("periodDays, periods and lag must be >= 1, got " + periodDays + ", "
                        + periods + ", " + lag);
            }
        }

        /** The day whose end starts period {@code n} (from 1): the end of the period before. */
        LocalDate startOf(int n) {
            return endOf(n - 1);
        }

        /** The last day of period {@code n} (from 1); {@code endOf(0)} is {@code start}. */
        LocalDate endOf(int n) {
            return start.plusDays((long) n * periodDays);
        }

        /** The length of a period in {@code unit}. */
        double length(TimeUnit unit) {
            return periodDays * 86_400.0 / unit.seconds();
        }
    }

    /** The cuts at successive period starts, asked for in order. */
    private interface CutSource {
        Cut cut(LocalDate from, LocalDate to);

        /** Customers acquired by the end of {@code day}: the end of the last period cut so far. */
        int customersBy(LocalDate day);
    }

    private static PeriodForecasts run(TransactionModel model, Optional<SpendModel> spendModel, boolean amounts,
                                       CutSource cuts, double newRate, double cv2, Schedule schedule, TimeUnit unit) {
        int periods = schedule.periods();
        int lag = schedule.lag();
        double length = schedule.length(unit);
        List<Period> out = new ArrayList<>(periods);
        List<double[]> scores = new ArrayList<>();
        Scoring scoring = Scoring.of(model, length);
        for (int n = 1; n <= periods; n++) {
            LocalDate from = schedule.startOf(n);
            LocalDate to = schedule.endOf(n);
            Cut cut = cuts.cut(from, to);
            int customers = cut.x.length;
            if (customers == 0) {
                throw new ChurnkitException("no customer was acquired by " + from + ": nothing to forecast");
            }
            if (n > 1) {
                Period last = out.get(n - 2);
                out.set(n - 2, last.withNewCustomers(customers - last.customers()));
            }
            Histories h = Histories.of(cut.x, cut.tx, cut.age).withIds(cut.ids);
            // the scoring engine: the fast Pareto/NBD kernel (about a third of the scalar formulas' cost), same values
            double[] e = scoring.score(h).get(ScoreColumn.EXPECTED_TRANSACTIONS);
            double meanAmount = populationMeanAmount(cut);
            double a = 0;
            double f = 0;
            double v = 0;
            double sp = 0;
            double fs = 0;
            double vs = 0;
            for (int i = 0; i < customers; i++) {
                double x = cut.x[i];
                double var = countVariance(model, x, cut.age[i], e[i], length);
                a += cut.holdout[i];
                f += e[i];
                v += var;
                if (amounts) {
                    double mon = cut.monetary[i];
                    double m = spendModel.isPresent()
                            ? spendModel.get().expectedSpend(x, x > 0 && mon > 0 ? mon : 0)
                            : (x > 0 && mon > 0 ? mon : meanAmount);
                    sp += cut.holdoutSpend[i];
                    fs += e[i] * m;
                    vs += m * m * (var + cv2 * e[i]);
                    if (!Double.isFinite(fs) || !Double.isFinite(vs)) {
                        throw new ChurnkitException("cannot forecast the spend of period " + n + ": the forecast for "
                                + h.describe(i) + " is not finite");
                    }
                }
            }
            if (!Double.isFinite(f) || !Double.isFinite(v)) {
                throw new ChurnkitException("cannot forecast the transactions of period " + n + ": the sum is not finite");
            }
            scores.add(e);
            double psi = Double.NaN;
            if (scores.size() > lag) {
                psi = PopulationStability.of(scores.get(scores.size() - 1 - lag), e).value();
                scores.set(scores.size() - 1 - lag, null); // free what is no longer compared
            }
            out.add(new Period(n, to, customers, a, f, Math.max(v, 1e-12), 0, newRate, sp, fs,
                    Math.max(vs, 1e-12), psi));
        }
        Period last = out.get(periods - 1);
        int atEnd = cuts.customersBy(last.end());
        out.set(periods - 1, last.withNewCustomers(atEnd - last.customers()));
        return new PeriodForecasts(schedule.start(), schedule.periodDays(), out);
    }

    /** The calibration summary at a period start and each customer's holdout in the period. */
    record Cut(String[] ids, double[] x, double[] tx, double[] age, double[] monetary, double[] holdout,
                       double[] holdoutSpend) {
        static Cut of(TransactionLog log, SummaryOptions base, LocalDate from, LocalDate to) {
            CustomerSummaries s = Summarizer.split(log, PeriodEnd.of(from), base.withObservationEnd(PeriodEnd.of(to)));
            Cut c = blank(s.ids());
            for (int i = 0; i < c.ids.length; i++) {
                c.x[i] = s.frequency(i);
                c.tx[i] = s.recency(i);
                c.age[i] = s.age(i);
                c.monetary[i] = s.hasAmounts() ? s.monetaryValue(i) : 0;
                c.holdout[i] = s.frequencyHoldout(i);
                double mh = s.hasAmounts() ? s.monetaryValueHoldout(i) : 0;
                // the holdout mean is over periods with a positive sum; their count is not kept, so
                // the spend is the mean times the count (equal when every holdout period has an amount)
                c.holdoutSpend[i] = Double.isFinite(mh) ? mh * c.holdout[i] : 0;
            }
            return c;
        }

        /** The cut between summaries {@code a} at a period's start and {@code b} at its end (b's customers start with a's). */
        static Cut of(CustomerSummaries a, CustomerSummaries b) {
            String[] ida = a.ids();
            String[] idb = b.ids();
            Cut c = blank(ida);
            for (int i = 0; i < ida.length; i++) {
                if (!ida[i].equals(idb[i])) {
                    throw new IllegalStateException("customer order changed at " + i + ": " + ida[i] + " / " + idb[i]);
                }
                double x = a.frequency(i);
                c.x[i] = x;
                c.tx[i] = a.recency(i);
                c.age[i] = a.age(i);
                double mon = a.hasAmounts() ? a.monetaryValue(i) : 0;
                c.monetary[i] = mon;
                c.holdout[i] = b.frequency(i) - x;
                if (a.hasAmounts()) {
                    double before = x > 0 && Double.isFinite(mon) ? mon * x : 0;
                    double m = b.monetaryValue(i);
                    double now = b.frequency(i) > 0 && Double.isFinite(m) ? m * b.frequency(i) : 0;
                    c.holdoutSpend[i] = Math.max(0, now - before);
                }
            }
            return c;
        }

        static Cut of(PeriodHistories ph, TransactionLog log, LocalDate from, LocalDate to) {
            long calP = ph.merge.periodOf(PeriodEnd.of(from).lastSecond());
            long endP = ph.merge.periodOf(PeriodEnd.of(to).lastSecond());
            Cut out = blank(new String[customersBy(ph, from)]);
            int i = 0;
            for (int c = 0; c < ph.customers; c++) {
                int o = ph.offset[c];
                if (o == ph.offset[c + 1] || ph.period[o] > calP) {
                    continue;
                }
                int cut = ph.firstAfter(c, calP);
                int end = ph.firstAfter(c, endP);
                long firstP = ph.period[o];
                out.ids[i] = log.customerId(c);
                out.x[i] = cut - o - 1;
                out.tx[i] = (ph.period[cut - 1] - firstP) * ph.perUnit;
                out.age[i] = (calP - firstP) * ph.perUnit;
                double sumRep = 0;
                int knownRep = 0;
                for (int j = o + 1; j < cut; j++) {
                    if (ph.sum[j] > 0) {
                        sumRep += ph.sum[j];
                        knownRep++;
                    }
                }
                out.monetary[i] = knownRep > 0 ? sumRep / knownRep : 0;
                out.holdout[i] = end - cut;
                double spend = 0;
                for (int j = cut; j < end; j++) {
                    if (ph.sum[j] > 0) {
                        spend += ph.sum[j];
                    }
                }
                out.holdoutSpend[i] = spend;
                i++;
            }
            return out;
        }

        /**
         * A cut of these customers with every number 0, for the builders above to fill in: the one
         * place that lays out its columns.
         */
        private static Cut blank(String[] ids) {
            int k = ids.length;
            return new Cut(ids, new double[k], new double[k], new double[k], new double[k], new double[k],
                    new double[k]);
        }

        /** Customers whose first purchase is on or before the day. */
        static int customersBy(PeriodHistories ph, LocalDate day) {
            long p = ph.merge.periodOf(PeriodEnd.of(day).lastSecond());
            int k = 0;
            for (int c = 0; c < ph.customers; c++) {
                if (ph.offset[c] < ph.offset[c + 1] && ph.period[ph.offset[c]] <= p) {
                    k++;
                }
            }
            return k;
        }
    }

    /** Var(X) of one customer's count over a window of length L; see the class comment. */
    static double countVariance(TransactionModel model, double x, double T, double mean, double length) {
        double r;
        double alpha;
        if (model instanceof ParetoNbd p) {
            r = p.r();
            alpha = p.alpha();
        } else if (model instanceof BgNbd b) {
            r = b.r();
            alpha = b.alpha();
        } else if (model instanceof MbgNbd b) {
            r = b.r();
            alpha = b.alpha();
        } else {
            return mean;
        }
        // P(alive) L^2 (r+x)(r+x+1)/(alpha+T)^2 = E X * L (r+x+1)/(alpha+T) when death within the window is neglected
        double second = mean * length * (r + x + 1) / (alpha + T);
        double var = mean + second - mean * mean;
        return Double.isFinite(var) ? Math.max(var, mean) : mean;
    }

    /** Customers acquired up to the end of {@code day}. */
    private static int sizeAt(TransactionLog log, SummaryOptions options, LocalDate day) {
        return Summarizer.summarize(log, options.withObservationEnd(PeriodEnd.of(day))).size();
    }

    /** Mean amount of the repeat transactions with an amount, or 1 when there is none. */
    private static double populationMeanAmount(Cut c) {
        double sum = 0;
        double n = 0;
        for (int i = 0; i < c.x.length; i++) {
            if (c.x[i] > 0 && c.monetary[i] > 0) {
                sum += c.monetary[i] * c.x[i];
                n += c.x[i];
            }
        }
        return n > 0 ? sum / n : 1;
    }

    /** Squared coefficient of variation of positive single amounts in {@code (from, to]} (seconds). */
    private static double amountCv2(TransactionLog log, long from, long to) {
        if (!log.hasAmounts()) {
            return 0;
        }
        double mean = 0;
        double m2 = 0;
        long n = 0;
        for (int row = 0; row < log.size(); row++) {
            double v = log.amount(row);
            long t = log.time(row);
            if (t > from && t <= to && v > 0 && Double.isFinite(v)) {
                n++;
                double d = v - mean;
                mean += d / n;
                m2 += d * (v - mean);
            }
        }
        return n > 1 && mean > 0 ? (m2 / (n - 1)) / (mean * mean) : 1;
    }

    /** Mean number of customers acquired per period over the reference periods before the schedule's start. */
    private static double newCustomerRate(CustomerSummaries s, Schedule schedule) {
        LocalDate start = schedule.start();
        int periodDays = schedule.periodDays();
        long end = PeriodEnd.of(start).lastSecond() + 1;
        long first = Long.MAX_VALUE;
        for (int i = 0; i < s.size(); i++) {
            first = Math.min(first, s.firstPurchase(i));
        }
        long span = (long) REFERENCE_PERIODS * periodDays * 86_400L;
        long from = Math.max(first, end - span);
        double periodsCovered = Math.max(1.0, (end - from) / (periodDays * 86_400.0));
        long count = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.firstPurchase(i) >= from) {
                count++;
            }
        }
        return count / periodsCovered;
    }
}
