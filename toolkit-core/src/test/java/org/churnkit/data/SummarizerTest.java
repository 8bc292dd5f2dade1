package org.churnkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;

class SummarizerTest {

    private static long at(String isoDateTime) {
        return LocalDateTime.parse(isoDateTime).toEpochSecond(ZoneOffset.UTC);
    }

    private static long day(String isoDate) {
        return LocalDate.parse(isoDate).toEpochDay() * 86_400L;
    }

    /** Customer a: 3 purchases on 3 days, two on the first day; b: a single purchase; c: joins late. */
    private static TransactionLog log() {
        return TransactionLog.of(
                new String[] {"a", "b", "a", "a", "a", "c"},
                new long[] {at("2020-01-01T09:00:00"), day("2020-01-05"), at("2020-01-01T17:00:00"),
                        day("2020-01-15"), day("2020-01-29"), day("2020-02-10")},
                new double[] {10, 7, 5, 20, 40, 3});
    }

    @Test
    void lifetimesSemanticsInDays() {
        CustomerSummaries s = Summarizer.summarize(log(), SummaryOptions.defaults().withUnit(TimeUnit.DAYS)
                .withObservationEnd(PeriodEnd.parse("2020-02-10")));
        assertEquals(3, s.size());
        // a: same-day purchases merge (10 + 5 = 15), then 2 repeats on day 14 and 28
        assertEquals("a", s.id(0));
        assertEquals(2, s.frequency(0));
        assertEquals(28.0, s.recency(0));
        assertEquals(40.0, s.age(0));
        assertEquals(30.0, s.monetaryValue(0)); // mean of repeats 20, 40
        assertEquals(25.0, s.meanValue(0)); // mean of 15, 20, 40
        assertEquals(day("2020-01-01"), s.firstPurchase(0));
        assertEquals(day("2020-01-29"), s.lastPurchase(0));
        assertEquals(0, s.frequency(1));
        assertEquals(0.0, s.recency(1));
        assertEquals(0.0, s.monetaryValue(1)); // no repeats: 0, as lifetimes
        assertEquals(36.0, s.age(1));
        assertEquals(0.0, s.age(2)); // joined on the last day
        assertEquals(1, s.counts().transactionsMerged());
        // c was acquired on the last day: a valid history (T = 0), reported by name
        assertEquals(0.0, org.churnkit.model.Histories.of(s).age(2));
        assertEquals(1, s.exclusions().count(Exclusions.ZERO_AGE));
        assertTrue(s.exclusions().items().get(0).example().contains("'c'"), s.exclusions().toString());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"s.csv", "s.txt"})
    void summaryFilesReadBackAsHistories(String name, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CustomerSummaries s = Summarizer.summarize(log(), SummaryOptions.defaults().withUnit(TimeUnit.DAYS)
                .withObservationEnd(PeriodEnd.parse("2020-02-11")));
        java.nio.file.Path p = dir.resolve(name);
        org.churnkit.io.TableIO.write(s.toTable(true), p);
        org.churnkit.model.Histories h = org.churnkit.model.Histories.read(p);
        assertEquals(org.churnkit.model.Histories.of(s), h);
    }

    @Test
    void unitsScaleTheSameCounts() {
        SummaryOptions o = SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("2020-02-10"));
        CustomerSummaries d = Summarizer.summarize(log(), o.withUnit(TimeUnit.DAYS));
        for (TimeUnit u : new TimeUnit[] {TimeUnit.HOURS, TimeUnit.WEEKS, TimeUnit.MONTHS}) {
            CustomerSummaries s = Summarizer.summarize(log(), o.withUnit(u));
            for (int i = 0; i < s.size(); i++) {
                // same days, expressed in another unit: exact up to rounding of the scale factor
                assertEquals(d.recency(i) / u.days(), s.recency(i), 1e-12);
                assertEquals(d.age(i) / u.days(), s.age(i), 1e-12);
                assertEquals(d.frequency(i), s.frequency(i));
            }
        }
        assertEquals(40.0 / (365.25 / 12), Summarizer.summarize(log(), o.withUnit(TimeUnit.MONTHS)).age(0), 1e-12);
    }

    @Test
    void mergePeriodsChangeFrequency() {
        SummaryOptions o = SummaryOptions.defaults().withUnit(TimeUnit.HOURS).withObservationEnd(PeriodEnd.parse("2020-02-10"));
        CustomerSummaries exact = Summarizer.summarize(log(), o.withMerge(MergePeriod.NONE));
        assertEquals(3, exact.frequency(0)); // 09:00 and 17:00 are two purchases
        assertEquals(at("2020-01-29T00:00:00") / 3600.0 - at("2020-01-01T09:00:00") / 3600.0, exact.recency(0), 1e-9);
        // whole-day end with exact times: T runs to the day's last second
        assertEquals((at("2020-02-10T23:59:59") - at("2020-01-01T09:00:00")) / 3600.0, exact.age(0), 1e-9);
        CustomerSummaries weekly = Summarizer.summarize(log(), o.withMerge(MergePeriod.WEEK).withUnit(TimeUnit.WEEKS));
        assertEquals(2, weekly.frequency(0)); // weeks of Dec 30, Jan 13, Jan 27
        assertEquals(4.0, weekly.recency(0));
    }

    @Test
    void cohortAndDropAfterEnd() {
        SummaryOptions o = SummaryOptions.defaults().withObservationEnd(PeriodEnd.parse("2020-01-31"));
        BadInputException e = assertThrows(BadInputException.class, () -> Summarizer.summarize(log(), o));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("2020-02-10"), e.getMessage());
        CustomerSummaries s = Summarizer.summarize(log(), o.withDropAfterEnd(true));
        assertEquals(2, s.size());
        assertEquals(1, s.counts().transactionsAfterEnd());
        assertEquals(1, s.counts().customersExcludedAfterCutoff());
        CustomerSummaries cohort = Summarizer.summarize(log(), o.withDropAfterEnd(true)
                .withCohort(LocalDate.parse("2020-01-02"), LocalDate.parse("2020-01-31")));
        assertEquals(1, cohort.size());
        assertEquals("b", cohort.id(0));
        assertEquals(1, cohort.counts().customersExcludedCohort());
    }

    @Test
    void splitCountsHoldoutAndExcludesLateJoiners() {
        CustomerSummaries s = Summarizer.split(log(), PeriodEnd.parse("2020-01-14"),
                SummaryOptions.defaults().withUnit(TimeUnit.DAYS));
        assertEquals(2, s.size()); // c joined after the cutoff
        assertEquals(1, s.counts().customersExcludedAfterCutoff());
        assertEquals(0, s.frequency(0));
        assertEquals(13.0, s.age(0));
        assertEquals(2, s.frequencyHoldout(0));
        assertEquals(30.0, s.monetaryValueHoldout(0));
        assertEquals(0, s.frequencyHoldout(1));
        assertEquals(0.0, s.monetaryValueHoldout(1));
        assertEquals(27.0, s.durationHoldout()); // Jan 14 to Feb 10
        assertThrows(IllegalArgumentException.class,
                () -> Summarizer.split(log(), PeriodEnd.parse("2020-02-10"), SummaryOptions.defaults()));
    }

    @Test
    void unsortedInputGivesTheSameSummary() {
        org.apache.commons.rng.UniformRandomProvider rng =
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        int n = 5_000;
        String[] ids = new String[n];
        long[] t = new long[n];
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + rng.nextInt(300);
            t[i] = day("2020-01-01") + rng.nextLong(0, 400L * 86_400);
            a[i] = rng.nextInt(10_000) / 100.0;
        }
        // sort a copy by time, then compare summaries customer by customer
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> t[i]));
        String[] ids2 = new String[n];
        long[] t2 = new long[n];
        double[] a2 = new double[n];
        for (int i = 0; i < n; i++) {
            ids2[i] = ids[order[i]];
            t2[i] = t[order[i]];
            a2[i] = a[order[i]];
        }
        SummaryOptions o = SummaryOptions.defaults();
        CustomerSummaries s1 = Summarizer.summarize(TransactionLog.of(ids, t, a), o);
        // parallel parts must give exactly the sequential result, in the same order
        CustomerSummaries s3 = Summarizer.summarize(TransactionLog.of(ids, t, a), o, 3);
        assertEquals(s1.size(), s3.size());
        for (int i = 0; i < s1.size(); i++) {
            assertEquals(s1.id(i), s3.id(i));
            assertEquals(s1.frequency(i), s3.frequency(i));
            assertEquals(s1.recency(i), s3.recency(i));
            assertEquals(s1.age(i), s3.age(i));
            assertEquals(s1.monetaryValue(i), s3.monetaryValue(i));
            assertEquals(s1.meanValue(i), s3.meanValue(i));
        }
        assertEquals(s1.counts(), s3.counts());
        CustomerSummaries s2 = Summarizer.summarize(TransactionLog.of(ids2, t2, a2), o);
        java.util.Map<String, Integer> pos = new java.util.HashMap<>();
        for (int i = 0; i < s2.size(); i++) {
            pos.put(s2.id(i), i);
        }
        assertEquals(s1.size(), s2.size());
        for (int i = 0; i < s1.size(); i++) {
            int j = pos.get(s1.id(i));
            assertEquals(s1.frequency(i), s2.frequency(j));
            assertEquals(s1.recency(i), s2.recency(j));
            assertEquals(s1.age(i), s2.age(j));
            // sums in a different order: equal to rounding
            assertEquals(s1.monetaryValue(i), s2.monetaryValue(j), 1e-9);
        }
    }
}
