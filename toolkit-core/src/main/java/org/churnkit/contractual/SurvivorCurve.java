package org.churnkit.contractual;

import java.util.Arrays;
import java.util.Objects;

/**
 * One cohort's survivors at the end of periods {@code 0..n}: {@code survivors[0]} subscribers
 * acquired at the start of period 1, {@code survivors[t]} of them still subscribed after the
 * renewal decision at the end of period {@code t} (the data of Fader and Hardie 2007, table 1).
 * Immutable.
 */
public final class SurvivorCurve {
    private final String cohort;
    private final long[] survivors;

    private SurvivorCurve(String cohort, long[] survivors) {
        this.cohort = cohort;
        this.survivors = survivors;
    }

    /**
     * A cohort without a name.
     *
     * @param survivors survivors at the end of periods 0..n: the first positive, none negative, none
     *     above the one before
     * @return the curve
     * @throws IllegalArgumentException naming the period where the counts break these rules
     */
    public static SurvivorCurve of(long... survivors) {
        return of("cohort", survivors);
    }

    /**
     * A named cohort.
     *
     * @param cohort the cohort's name (used in messages and reports), not blank
     * @param survivors survivors at the end of periods 0..n: the first positive, none negative, none
     *     above the one before
     * @return the curve
     * @throws IllegalArgumentException naming the cohort and the period where the counts break these rules
     */
    public static SurvivorCurve of(String cohort, long... survivors) {
        Objects.requireNonNull(cohort, "cohort");
        if (cohort.isBlank()) {
            throw new IllegalArgumentException("the cohort's name must not be blank");
        }
        if (survivors.length < 1 || survivors[0] <= 0) {
            throw new IllegalArgumentException("cohort '" + cohort + "': the survivors at the end of period 0 (the "
                    + "cohort's size) must be positive" + (survivors.length < 1 ? ", got no counts" : ", got " + survivors[0]));
        }
        for (int t = 1; t < survivors.length; t++) {
            if (survivors[t] < 0) {
                throw new IllegalArgumentException("cohort '" + cohort + "': survivors at the end of period " + t
                        + " must be >= 0, got " + survivors[t]);
            }
            if (survivors[t] > survivors[t - 1]) {
                throw new IllegalArgumentException("cohort '" + cohort + "': survivors at the end of period " + t
                        + " (" + survivors[t] + ") exceed those at the end of period " + (t - 1) + " ("
                        + survivors[t - 1] + "): a survivor curve cannot rise");
            }
        }
        return new SurvivorCurve(cohort, survivors.clone());
    }

    /**
     * The cohort's name.
     *
     * @return the name
     */
    public String cohort() {
        return cohort;
    }

    /**
     * The last period observed, {@code n}.
     *
     * @return n, {@code >= 0}
     */
    public int periods() {
        return survivors.length - 1;
    }

    /**
     * The cohort's size, {@code survivors(0)}.
     *
     * @return the size
     */
    public long size() {
        return survivors[0];
    }

    /**
     * Survivors at the end of period {@code t}.
     *
     * @param t the period, {@code 0 <= t <= periods()}
     * @return the count
     */
    public long survivors(int t) {
        return survivors[t];
    }

    /**
     * Survivors at the end of periods {@code 0..n} (a copy).
     *
     * @return the counts
     */
    public long[] survivors() {
        return survivors.clone();
    }

    /**
     * Subscribers who cancelled at the end of period {@code t}.
     *
     * @param t the period, {@code 1 <= t <= periods()}
     * @return {@code survivors(t-1) - survivors(t)}
     */
    public long churned(int t) {
        if (t < 1 || t > periods()) {
            throw new IllegalArgumentException("period " + t + " is outside 1.." + periods());
        }
        return survivors[t - 1] - survivors[t];
    }

    /**
     * The observed retention rate {@code survivors(t) / survivors(t - 1)}.
     *
     * @param t the period, {@code 1 <= t <= periods()}
     * @return the rate
     * @throws org.churnkit.NotComputableException when no one was left at the end of period {@code t - 1}
     */
    public double retention(int t) {
        if (t < 1 || t > periods()) {
            throw new IllegalArgumentException("period " + t + " is outside 1.." + periods());
        }
        if (survivors[t - 1] == 0) {
            throw new org.churnkit.NotComputableException(null, "cohort '" + cohort + "': the retention rate of period "
                    + t + " is undefined: no one was left at the end of period " + (t - 1));
        }
        return (double) survivors[t] / survivors[t - 1];
    }

    /**
     * The cohort observed up to the end of period {@code n} (the calibration data of a projection).
     *
     * @param n the last period kept, {@code 0 <= n <= periods()}
     * @return the first {@code n + 1} counts
     */
    public SurvivorCurve first(int n) {
        if (n < 0 || n > periods()) {
            throw new IllegalArgumentException("period " + n + " is outside 0.." + periods());
        }
        return new SurvivorCurve(cohort, Arrays.copyOf(survivors, n + 1));
    }

    /**
     * The same data as subscribers: {@code churned(t)} subscribers {@code (t, cancelled)} for each
     * period, and the survivors at the end of period {@code n} as {@code (n + 1, active)} (they have
     * renewed into period {@code n + 1}); the likelihood of these histories is the cohort
     * likelihood of Fader and Hardie (2007, eq. 7).
     *
     * @return the histories
     */
    public SubscriberHistories toHistories() {
        int n = periods();
        int[] p = new int[n + 1];
        boolean[] c = new boolean[n + 1];
        double[] w = new double[n + 1];
        for (int t = 1; t <= n; t++) {
            p[t - 1] = t;
            c[t - 1] = true;
            w[t - 1] = churned(t);
        }
        p[n] = n + 1;
        w[n] = survivors[n];
        return SubscriberHistories.ofCounts(p, c, w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SurvivorCurve s && s.cohort.equals(cohort) && Arrays.equals(s.survivors, survivors);
    }

    @Override
    public int hashCode() {
        return cohort.hashCode() * 31 + Arrays.hashCode(survivors);
    }

    @Override
    public String toString() {
        return "SurvivorCurve[" + cohort + ": " + Arrays.toString(survivors) + "]";
    }
}
