package org.churnkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.churnkit.ChurnkitException;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@link SummaryState}: random logs, split into random batches (by time) or random
 * customer subsets, give exactly the summaries of the whole log, for every merge period, amount
 * and duplicate rule; the CDNOW master file updated month by month equals its summary.
 */
class SummaryStatePropertiesTest {
    private static final long BASE = LocalDate.of(2020, 1, 1).toEpochDay() * 86_400L;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 150);
    }

    /** A random log and the settings to summarise it with. */
    record Case(String[] ids, long[] times, double[] amounts, SummaryOptions options, long lastTime) {
        TransactionLog log(int[] rows) {
            String[] i = new String[rows.length];
            long[] t = new long[rows.length];
            double[] a = amounts == null ? null : new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                i[r] = ids[rows[r]];
                t[r] = times[rows[r]];
                if (a != null) {
                    a[r] = amounts[rows[r]];
                }
            }
            return TransactionLog.of(i, t, a);
        }

        TransactionLog whole() {
            int[] all = new int[ids.length];
            Arrays.setAll(all, r -> r);
            return log(all);
        }
    }

    static Case randomCase(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int customers = 1 + rnd.nextInt(40);
        int n = 1 + rnd.nextInt(400);
        boolean amounts = rnd.nextInt(8) != 0;
        List<String> ids = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Double> amts = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            if (r > 0 && rnd.nextInt(10) == 0) { // an exact duplicate of an earlier row
                int q = rnd.nextInt(r);
                ids.add(ids.get(q));
                times.add(times.get(q));
                amts.add(amts.get(q));
                continue;
            }
            ids.add("c" + rnd.nextInt(customers));
            long day = rnd.nextInt(150);
            long sec = switch (rnd.nextInt(3)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(24) * 3_600L;
                default -> rnd.nextInt(86_400);
            };
            times.add(BASE + day * 86_400L + sec);
            int kind = rnd.nextInt(20);
            double a;
            if (kind == 0) {
                a = 0.0;
            } else if (kind == 1) {
                a = -(1 + rnd.nextInt(5_000)) / 100.0;
            } else if (kind == 2) {
                a = Double.NaN;
            } else if (kind < 6) {
                a = rnd.nextDouble() * 1_000; // not whole cents
            } else {
                a = (1 + rnd.nextInt(50_000)) / 100.0;
            }
            amts.add(a);
        }
        MergePeriod merge = MergePeriod.values()[rnd.nextInt(MergePeriod.values().length)];
        TimeUnit unit = TimeUnit.values()[rnd.nextInt(TimeUnit.values().length)];
        SummaryOptions o = SummaryOptions.defaults().withUnit(unit).withMerge(merge).withAmountRules(
                SummaryOptions.ZeroAmounts.values()[rnd.nextInt(2)], SummaryOptions.NegativeAmounts.values()[rnd.nextInt(2)],
                SummaryOptions.Duplicates.values()[rnd.nextInt(2)]);
        long last = times.stream().mapToLong(Long::longValue).max().orElseThrow();
        return new Case(ids.toArray(String[]::new), times.stream().mapToLong(Long::longValue).toArray(),
                amounts ? amts.stream().mapToDouble(Double::doubleValue).toArray() : null, o, last);
    }

    static PeriodEnd instant(long t) {
        return PeriodEnd.of(LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC));
    }

    /** Random cut points: batch b holds the rows with cuts[b-1] < time <= cuts[b]; the last cut is the end. */
    static long[] cuts(SplittableRandom rnd, long last, long end) {
        int k = 1 + rnd.nextInt(6);
        long[] c = new long[k];
        for (int i = 0; i < k - 1; i++) {
            c[i] = BASE + rnd.nextLong(last - BASE + 2) - 1;
            if (rnd.nextBoolean()) {
                c[i] = Math.floorDiv(c[i], 86_400L) * 86_400L + 86_399; // a whole day
            }
        }
        c[k - 1] = end;
        Arrays.sort(c);
        return c;
    }

    static int[] rowsBetween(Case cs, long from, long to) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < cs.times.length; i++) {
            if (cs.times[i] > from && cs.times[i] <= to) {
                r.add(i);
            }
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every column, in the same order, bit for bit. */
    static void assertSameSummaries(CustomerSummaries want, CustomerSummaries got, String what) {
        assertArrayEquals(want.ids(), got.ids(), what + ": ids");
        int n = want.size();
        long[] x = new long[n];
        long[] gx = new long[n];
        double[][] w = new double[6][n];
        double[][] g = new double[6][n];
        for (int i = 0; i < n; i++) {
            x[i] = want.frequency(i);
            gx[i] = got.frequency(i);
            w[0][i] = want.recency(i);
            g[0][i] = got.recency(i);
            w[1][i] = want.age(i);
            g[1][i] = got.age(i);
            w[2][i] = want.monetaryValue(i);
            g[2][i] = got.monetaryValue(i);
            w[3][i] = want.meanValue(i);
            g[3][i] = got.meanValue(i);
            w[4][i] = want.firstPurchase(i);
            g[4][i] = got.firstPurchase(i);
            w[5][i] = want.lastPurchase(i);
            g[5][i] = got.lastPurchase(i);
        }
        assertArrayEquals(x, gx, what + ": frequency");
        String[] names = {"recency", "T", "monetary_value", "mean_value", "first_purchase", "last_purchase"};
        for (int j = 0; j < 6; j++) {
            assertArrayEquals(w[j], g[j], 0.0, what + ": " + names[j]);
        }
        assertEquals(want.hasAmounts(), got.hasAmounts(), what + ": amounts");
        assertEquals(want.counts().transactionsUsed(), got.counts().transactionsUsed(), what + ": rows used");
        assertEquals(want.counts().transactionsMerged(), got.counts().transactionsMerged(), what + ": rows merged");
    }

    /** The same customers with the same columns, in any order. */
    static void assertSameByCustomer(CustomerSummaries want, CustomerSummaries got, String what) {
        assertEquals(want.size(), got.size(), what + ": customers");
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < got.size(); i++) {
            at.put(got.id(i), i);
        }
        for (int i = 0; i < want.size(); i++) {
            Integer j = at.get(want.id(i));
            String c = what + ", customer " + want.id(i);
            assertTrue(j != null, c + " missing");
            assertEquals(want.frequency(i), got.frequency(j), c);
            assertEquals(want.recency(i), got.recency(j), 0.0, c);
            assertEquals(want.age(i), got.age(j), 0.0, c);
            assertEquals(Double.doubleToLongBits(want.monetaryValue(i)), Double.doubleToLongBits(got.monetaryValue(j)), c);
            assertEquals(Double.doubleToLongBits(want.meanValue(i)), Double.doubleToLongBits(got.meanValue(j)), c);
            assertEquals(want.firstPurchase(i), got.firstPurchase(j), c);
            assertEquals(want.lastPurchase(i), got.lastPurchase(j), c);
        }
    }

    /** Summarizer on the whole log, or the message it fails with. */
    static Object whole(TransactionLog log, SummaryOptions o) {
        try {
            return Summarizer.summarize(log, o);
        } catch (ChurnkitException e) {
            return e;
        }
    }

    @ParameterizedTest(name = "random log in random batches, seed {0}")
    @MethodSource("seeds")
    void incrementalEqualsBatch(long seed) {
        Case cs = randomCase(seed);
        SplittableRandom rnd = new SplittableRandom(seed * 31 + 7);
        long end = cs.lastTime + rnd.nextInt(3) * 43_200L;
        long[] cut = cuts(rnd, cs.lastTime, end);
        SummaryState state = SummaryState.empty(SummaryState.Settings.of(cs.options, cs.amounts != null));
        List<Integer> order = new ArrayList<>();
        long from = Long.MIN_VALUE;
        for (long c : cut) {
            int[] rows = rowsBetween(cs, from, c);
            for (int r : rows) {
                order.add(r);
            }
            state.update(cs.log(rows), instant(c), SummaryState.Late.REFUSE, false);
            from = c;
        }
        // the whole log is the batches one after the other (the order a daily export appends them)
        TransactionLog all = cs.log(order.stream().mapToInt(Integer::intValue).toArray());
        String what = "seed " + seed + " (" + cs.options.merge() + ", " + cut.length + " batches)";
        PeriodEnd finalEnd = instant(end);
        Object want = whole(all, cs.options.withObservationEnd(finalEnd));
        if (want instanceof ChurnkitException) {
            assertThrows(ChurnkitException.class, state::summaries, what);
            return;
        }
        assertSameSummaries((CustomerSummaries) want, state.summaries(), what);
        // T advances for everyone at a later date; nothing else changes
        PeriodEnd later = PeriodEnd.of(LocalDate.ofEpochDay(Math.floorDiv(end, 86_400L) + 40));
        assertSameSummaries(Summarizer.summarize(all, cs.options.withObservationEnd(later)), state.summaries(later),
                what + " at a later date");
        // and the file keeps it exactly
        SummaryState back = roundTrip(state);
        assertSameSummaries((CustomerSummaries) want, back.summaries(), what + " after a file round trip");
    }

    @ParameterizedTest(name = "random customer partition merged, seed {0}")
    @MethodSource("seeds")
    void customerPartitionsMergeExactly(long seed) {
        Case cs = randomCase(seed);
        SplittableRandom rnd = new SplittableRandom(seed * 17 + 3);
        int parts = 1 + rnd.nextInt(4);
        Map<String, Integer> part = new HashMap<>();
        for (String id : cs.ids) {
            part.computeIfAbsent(id, k -> rnd.nextInt(parts));
        }
        PeriodEnd end = instant(cs.lastTime);
        SummaryState merged = null;
        for (int p = 0; p < parts; p++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < cs.ids.length; i++) {
                if (part.get(cs.ids[i]) == p) {
                    rows.add(i);
                }
            }
            SummaryState s = SummaryState.empty(SummaryState.Settings.of(cs.options, cs.amounts != null));
            s.update(cs.log(rows.stream().mapToInt(Integer::intValue).toArray()), end, SummaryState.Late.REFUSE, false);
            merged = merged == null ? s : SummaryState.merge(merged, s);
        }
        Object want = whole(cs.whole(), cs.options.withObservationEnd(end));
        if (want instanceof ChurnkitException) {
            assertThrows(ChurnkitException.class, merged::summaries);
            return;
        }
        assertSameByCustomer((CustomerSummaries) want, merged.summaries(), "seed " + seed + ", " + parts + " parts");
    }

    @ParameterizedTest(name = "random time ranges summarised apart and merged, seed {0}")
    @MethodSource("seeds")
    void timeRangesMergeExactly(long seed) {
        Case cs = randomCase(seed);
        SplittableRandom rnd = new SplittableRandom(seed * 13 + 5);
        long[] cut = cuts(rnd, cs.lastTime, cs.lastTime);
        List<SummaryState> states = new ArrayList<>();
        long from = Long.MIN_VALUE;
        for (long c : cut) {
            SummaryState s = SummaryState.empty(SummaryState.Settings.of(cs.options, cs.amounts != null));
            s.update(cs.log(rowsBetween(cs, from, c)), instant(c), SummaryState.Late.REFUSE, false);
            states.add(s);
            from = c;
        }
        // neighbouring ranges merged in a random order (a random merge tree), either argument first
        while (states.size() > 1) {
            int i = rnd.nextInt(states.size() - 1);
            SummaryState a = states.get(i);
            SummaryState b = states.remove(i + 1);
            states.set(i, rnd.nextBoolean() ? SummaryState.merge(a, b) : SummaryState.merge(b, a));
        }
        SummaryState merged = states.get(0);
        Object want = whole(cs.whole(), cs.options.withObservationEnd(instant(cs.lastTime)));
        if (want instanceof ChurnkitException) {
            assertThrows(ChurnkitException.class, merged::summaries);
            return;
        }
        assertSameByCustomer((CustomerSummaries) want, merged.summaries(), "seed " + seed + ", " + cut.length + " ranges");
    }

    @ParameterizedTest(name = "late transactions merged when mergeable, seed {0}")
    @MethodSource("seeds")
    void lateDataMergedExactlyOrRefused(long seed) {
        Case cs = randomCase(seed);
        SplittableRandom rnd = new SplittableRandom(seed * 7 + 1);
        // hold back random rows as a late batch, applied after the rest
        List<Integer> early = new ArrayList<>();
        List<Integer> late = new ArrayList<>();
        for (int i = 0; i < cs.ids.length; i++) {
            (rnd.nextInt(6) == 0 ? late : early).add(i);
        }
        PeriodEnd end = instant(cs.lastTime);
        SummaryState s = SummaryState.empty(SummaryState.Settings.of(cs.options, cs.amounts != null));
        s.update(cs.log(early.stream().mapToInt(Integer::intValue).toArray()), end, SummaryState.Late.REFUSE, false);
        SummaryState before = s.copy();
        TransactionLog lateLog = cs.log(late.stream().mapToInt(Integer::intValue).toArray());
        if (!late.isEmpty()) {
            assertThrows(org.churnkit.io.BadInputException.class,
                    () -> s.update(lateLog, end, SummaryState.Late.REFUSE, false), "late rows refused by default");
        }
        try {
            s.update(lateLog, end, SummaryState.Late.ACCEPT_IF_MERGEABLE, false);
        } catch (org.churnkit.io.BadInputException e) {
            assertTrue(e.getMessage().contains("cannot be merged exactly"), e.getMessage());
            // refused as a whole: the state is as before
            assertSameOrBothFail(before, s, "seed " + seed + " after a refused batch");
            return;
        }
        List<Integer> order = new ArrayList<>(early);
        order.addAll(late);
        Object want = whole(cs.log(order.stream().mapToInt(Integer::intValue).toArray()), cs.options.withObservationEnd(end));
        if (want instanceof ChurnkitException) {
            assertThrows(ChurnkitException.class, s::summaries);
            return;
        }
        assertSameSummaries((CustomerSummaries) want, s.summaries(), "seed " + seed + " with late rows merged");
    }

    private static void assertSameOrBothFail(SummaryState a, SummaryState b, String what) {
        CustomerSummaries x;
        try {
            x = a.summaries();
        } catch (ChurnkitException e) {
            assertThrows(ChurnkitException.class, b::summaries, what);
            return;
        }
        assertSameSummaries(x, b.summaries(), what);
    }

    static SummaryState roundTrip(SummaryState s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SummaryStateFile.write(s, out);
        return SummaryStateFile.read(new java.io.ByteArrayInputStream(out.toByteArray()), "state");
    }

    @Test
    void overlappingRangesRefused() {
        // a purchase between two of the other state's: the states interleave, no exact merge
        SummaryOptions o = SummaryOptions.defaults();
        long d = 86_400L;
        for (long day = 1; day <= 9; day++) {
            SummaryState a = SummaryState.of(TransactionLog.of(new String[] {"x", "x"}, new long[] {BASE, BASE + 10 * d},
                    new double[] {1, 2}), o, instant(BASE + 10 * d));
            SummaryState b = SummaryState.of(TransactionLog.of(new String[] {"x"}, new long[] {BASE + day * d},
                    new double[] {3}), o, instant(BASE + 10 * d));
            ChurnkitException e = assertThrows(ChurnkitException.class, () -> SummaryState.merge(a, b));
            assertTrue(e.getMessage().contains("customer 'x'") && e.getMessage().contains("disjoint"), e.getMessage());
            assertThrows(ChurnkitException.class, () -> SummaryState.merge(b, a));
        }
    }

    @Test
    void cdnowMasterMonthByMonthEqualsWhole() {
        Path master = SharedFolder.require("datasets/cdnow/CDNOW_master.txt");
        TransactionLog log = TransactionReader.read(master, TransactionReadOptions.defaults()
                .withColumns("customer_id", "date", "dollar_value").withDateFormat("yyyyMMdd"));
        SummaryOptions o = SummaryOptions.defaults();
        SummaryState state = SummaryState.empty(SummaryState.Settings.of(o, true));
        LocalDate month = LocalDate.of(1997, 1, 1);
        long total = 0;
        int batches = 0;
        while (!month.isAfter(LocalDate.of(1998, 6, 1))) {
            long from = month.toEpochDay() * 86_400L;
            long to = month.plusMonths(1).toEpochDay() * 86_400L;
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < log.size(); r++) {
                if (log.time(r) >= from && log.time(r) < to) {
                    rows.add(r);
                }
            }
            String[] ids = new String[rows.size()];
            long[] t = new long[rows.size()];
            double[] a = new double[rows.size()];
            for (int i = 0; i < ids.length; i++) {
                int r = rows.get(i);
                ids[i] = log.customerId(log.customerCode(r));
                t[i] = log.time(r);
                a[i] = log.amount(r);
            }
            SummaryState.Update u = state.update(TransactionLog.of(ids, t, a), PeriodEnd.of(month.plusMonths(1).minusDays(1)),
                    SummaryState.Late.REFUSE, false);
            total += u.rowsRead();
            batches++;
            month = month.plusMonths(1);
        }
        assertEquals(18, batches);
        assertEquals(log.size(), total);
        CustomerSummaries want = Summarizer.summarize(log, o.withObservationEnd(PeriodEnd.parse("1998-06-30")));
        assertEquals(23_570, want.size());
        // the master file is sorted by customer, the batches by month: the same customers in another order
        assertSameByCustomer(want, state.summaries(), "CDNOW by month");
        assertSameByCustomer(want, roundTrip(state).summaries(), "CDNOW by month, read back");
        assertEquals(want.counts().transactionsUsed(), state.summaries().counts().transactionsUsed());
        assertEquals(want.counts().transactionsMerged(), state.summaries().counts().transactionsMerged());
    }
}
