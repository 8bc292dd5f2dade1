package org.churnkit.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.churnkit.i18n.Messages;
import org.churnkit.model.ScoreColumn;

/**
 * The one rule that names segments and recommends an action, from what their members actually
 * look like. Every segment name in churnkit (CLI, report, notebooks) comes from here.
 *
 * <p>A name has up to four parts, each from a statistic of the segment's customers:
 * <ul>
 *   <li>value tier, from the value index = mean value of the segment / mean value of all customers,
 *       where value is CLV (or past spend, frequency x monetary value, when there is no CLV):
 *       top value when &ge; {@value #TOP_VALUE}, high when &ge; {@value #HIGH_VALUE}, mid when
 *       &ge; {@value #MID_VALUE}, else low; no tier without a value column;</li>
 *   <li>purchase pattern: one-time buyers when the mean number of repeat purchases is below
 *       {@value #ONE_TIME}, else repeat buyers;</li>
 *   <li>activity, from the members' P(alive): <b>active</b> only when the median is &ge;
 *       {@value #ACTIVE} and at least 90 % of the members have P(alive) &ge; {@value #AT_RISK}
 *       (so an "active" segment has no large group of probably-lost customers); <b>at risk</b> when
 *       the median is &ge; {@value #AT_RISK}; else <b>lapsed</b>; no activity without a P(alive) column;</li>
 *   <li>only when two segments would otherwise share a name, a qualifier that says how they differ:
 *       the first of value, repeat purchases, recency, customer age (T) and P(alive) whose means
 *       differ by at least 10 % between every pair of them, in words ("more frequent", "less
 *       frequent"; "most", "mid", "least" for three; "rank 2 of 4" beyond).</li>
 * </ul>
 * Examples: "Top-value repeat buyers, active", "Low-value one-time buyers, lapsed", "High-value repeat
 * buyers, at risk (more frequent)". The action depends on tier, pattern and activity. Names are
 * built from the resource bundle ({@link Messages}), so the same segment has its English and its
 * Korean name; files store the English name and {@link #parse} reads either back.
 *
 * <p>Segments are ordered by value index (then size, then index) before naming; with the same data
 * the same names follow.
 */
public final class SegmentNaming {
    /** Value index from which a segment is top value. */
    public static final double TOP_VALUE = 4.0;
    /** Value index from which a segment is high value. */
    public static final double HIGH_VALUE = 1.5;
    /** Value index from which a segment is mid value. */
    public static final double MID_VALUE = 0.5;
    /** Median P(alive) from which a segment can be active. */
    public static final double ACTIVE = 0.6;
    /** Median P(alive) from which a segment is at risk rather than lapsed. */
    public static final double AT_RISK = 0.3;
    /** Share of an active segment's members that must have P(alive) of at least {@link #AT_RISK}. */
    public static final double ACTIVE_SHARE = 0.9;
    /** Mean repeat purchases below which a segment is of one-time buyers. */
    public static final double ONE_TIME = 0.5;
    /** Smallest relative difference of means that a qualifier may rest on. */
    static final double DISTINCT = 0.1;

    private SegmentNaming() {}

    /** Value tier of a segment. */
    public enum Tier {
        /** Value index &ge; 4. */
        TOP,
        /** Value index &ge; 1.5. */
        HIGH,
        /** Value index &ge; 0.5. */
        MID,
        /** Value index below 0.5. */
        LOW,
        /** No value column. */
        UNKNOWN
    }

    /** Purchase pattern of a segment. */
    public enum Purchases {
        /** Mean repeat purchases below 0.5. */
        ONE_TIME,
        /** Mean repeat purchases of 0.5 or more. */
        REPEAT,
        /** No frequency column. */
        UNKNOWN
    }

    /** Activity of a segment. */
    public enum Activity {
        /** Median P(alive) &ge; 0.6 and at least 90 % of members at 0.3 or more. */
        ACTIVE,
        /** Median P(alive) &ge; 0.3, not active. */
        AT_RISK,
        /** Median P(alive) below 0.3. */
        LAPSED,
        /** No P(alive) column. */
        UNKNOWN
    }

    /** What a qualifier tells apart segments that share tier, pattern and activity by. */
    public enum Dimension {
        /** Mean value (CLV or past spend). */
        VALUE,
        /** Mean repeat purchases. */
        FREQUENCY,
        /** Mean recency (time of the last purchase). */
        RECENCY,
        /** Mean customer age T (time since the first purchase). */
        AGE,
        /** Median P(alive). */
        P_ALIVE
    }

    /**
     * Position of a segment among those sharing its base name, by one dimension.
     *
     * @param dimension what they differ by
     * @param position 1 for the highest, up to {@code of}
     * @param of how many segments share the base name, {@code >= 2}
     */
    public record Qualifier(Dimension dimension, int position, int of) {
        /**
         * Checks the position.
         *
         * @throws IllegalArgumentException unless 1 &le; position &le; of and of &ge; 2
         */
        public Qualifier {
            Objects.requireNonNull(dimension, "dimension");
            if (of < 2 || position < 1 || position > of) {
                throw new IllegalArgumentException("qualifier position " + position + " of " + of);
            }
        }

        String render(Messages m) {
            String d = "segment.qualifier." + dimension.name().toLowerCase(Locale.ROOT);
            if (of == 2) {
                return m.get(d + (position == 1 ? ".higher" : ".lower"));
            }
            if (of == 3) {
                return m.get(d + (position == 1 ? ".highest" : position == 2 ? ".middle" : ".lowest"));
            }
            return m.get(d + ".rank", position, of);
        }
    }

    /**
     * A segment's name as parts: renders in any supported language.
     *
     * @param tier value tier
     * @param purchases purchase pattern
     * @param activity activity
     * @param qualifier what tells it apart from a segment with the same parts, or null
     */
    public record Name(Tier tier, Purchases purchases, Activity activity, Qualifier qualifier) {
        /**
         * Checks the parts.
         *
         * @throws NullPointerException when tier, purchases or activity is null
         */
        public Name {
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(purchases, "purchases");
            Objects.requireNonNull(activity, "activity");
        }

        /**
         * The name in the language of {@code m}.
         *
         * @param m the messages of a language
         * @return the name, e.g. "High-value repeat buyers, at risk"
         */
        public String render(Messages m) {
            String who = m.get("segment.purchases." + key(purchases));
            String base = tier == Tier.UNKNOWN ? who : m.get("segment.name.tierPurchases", m.get("segment.tier." + key(tier)), who);
            if (activity != Activity.UNKNOWN) {
                base = m.get("segment.name.withActivity", base, m.get("segment.activity." + key(activity)));
            }
            if (qualifier != null) {
                base = m.get("segment.name.withQualifier", base, qualifier.render(m));
            }
            return capitalize(base, m.locale());
        }

        /**
         * The English name, as stored in segment files and models.
         *
         * @return the name
         */
        @Override
        public String toString() {
            return render(Messages.english());
        }

        /**
         * The bundle key of the recommended action.
         *
         * @return a key such as {@code segment.action.vip}
         */
        public String actionKey() {
            return "segment.action." + actionId(tier, purchases, activity);
        }

        /**
         * The recommended action in the language of {@code m}.
         *
         * @param m the messages of a language
         * @return the action
         */
        public String action(Messages m) {
            return m.get(actionKey());
        }

        /**
         * This name without its qualifier.
         *
         * @return the base name
         */
        public Name base() {
            return qualifier == null ? this : new Name(tier, purchases, activity, null);
        }
    }

    /**
     * The statistics of one segment that the rule reads; NaN where the score column is absent.
     *
     * @param customers number of customers
     * @param valueIndex mean value of the segment / mean value of all customers
     * @param meanValue mean value (CLV, else past spend)
     * @param medianPAlive median P(alive)
     * @param shareAtLeastAtRisk share of members with P(alive) &ge; {@link #AT_RISK}
     * @param meanFrequency mean repeat purchases
     * @param meanRecency mean recency
     * @param meanAge mean customer age T
     */
    public record Stats(long customers, double valueIndex, double meanValue, double medianPAlive, double shareAtLeastAtRisk,
            double meanFrequency, double meanRecency, double meanAge) {

        double get(Dimension d) {
            return switch (d) {
                case VALUE -> meanValue;
                case FREQUENCY -> meanFrequency;
                case RECENCY -> meanRecency;
                case AGE -> meanAge;
                case P_ALIVE -> medianPAlive;
            };
        }
    }

    /**
     * Statistics of segments {@code 0..k-1} given each customer's segment.
     *
     * @param segment segment index per customer, in {@code [0, k)}
     * @param k number of segments
     * @param s the customers' scores
     * @return one entry per segment
     */
    public static List<Stats> stats(int[] segment, int k, ScoreColumns s) {
        double[] value = SegmentProfile.valueColumn(s);
        double[] pa = s.get(ScoreColumn.P_ALIVE.column());
        double[] f = s.get(ScoreColumn.FREQUENCY.column());
        double[] r = s.get(ScoreColumn.RECENCY.column());
        double[] t = s.get(ScoreColumn.AGE.column());
        long[] n = new long[k];
        double[] sv = new double[k];
        double[] sf = new double[k];
        double[] sr = new double[k];
        double[] st = new double[k];
        long[] atLeast = new long[k];
        double total = 0;
        for (int i = 0; i < segment.length; i++) {
            int g = segment[i];
            n[g]++;
            if (value != null) {
                sv[g] += value[i];
                total += value[i];
            }
            if (f != null) {
                sf[g] += f[i];
            }
            if (r != null) {
                sr[g] += r[i];
            }
            if (t != null) {
                st[g] += t[i];
            }
            if (pa != null && pa[i] >= AT_RISK) {
                atLeast[g]++;
            }
        }
        double[] median = new double[k];
        Arrays.fill(median, Double.NaN);
        if (pa != null) {
            double[][] byGroup = new double[k][];
            int[] fill = new int[k];
            for (int g = 0; g < k; g++) {
                byGroup[g] = new double[(int) n[g]];
            }
            for (int i = 0; i < segment.length; i++) {
                byGroup[segment[i]][fill[segment[i]]++] = pa[i];
            }
            for (int g = 0; g < k; g++) {
                median[g] = median(byGroup[g]);
            }
        }
        double meanAll = segment.length == 0 ? Double.NaN : total / segment.length;
        List<Stats> out = new ArrayList<>(k);
        double nan = Double.NaN;
        for (int g = 0; g < k; g++) {
            double c = n[g];
            double mv = value == null || c == 0 ? nan : sv[g] / c;
            double vi = value == null ? nan : meanAll > 0 ? mv / meanAll : c > 0 && meanAll == 0 ? 1 : nan;
            out.add(new Stats(n[g], vi, mv, median[g], pa == null || c == 0 ? nan : atLeast[g] / c,
                    f == null || c == 0 ? nan : sf[g] / c, r == null || c == 0 ? nan : sr[g] / c,
                    t == null || c == 0 ? nan : st[g] / c));
        }
        return out;
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] c = v.clone();
        Arrays.sort(c);
        int m = c.length / 2;
        return c.length % 2 == 1 ? c[m] : (c[m - 1] + c[m]) / 2;
    }

    /**
     * The base name (no qualifier) of one segment.
     *
     * @param s the segment's statistics
     * @return its name without qualifier
     */
    public static Name describe(Stats s) {
        double vi = s.valueIndex();
        Tier tier = Double.isNaN(vi) ? Tier.UNKNOWN : !(vi >= MID_VALUE) ? Tier.LOW
                : vi >= TOP_VALUE ? Tier.TOP : vi >= HIGH_VALUE ? Tier.HIGH : Tier.MID;
        Purchases p = Double.isNaN(s.meanFrequency()) ? Purchases.UNKNOWN
                : s.meanFrequency() < ONE_TIME ? Purchases.ONE_TIME : Purchases.REPEAT;
        double med = s.medianPAlive();
        Activity a = Double.isNaN(med) ? Activity.UNKNOWN
                : med >= ACTIVE && s.shareAtLeastAtRisk() >= ACTIVE_SHARE ? Activity.ACTIVE
                : med >= AT_RISK ? Activity.AT_RISK : Activity.LAPSED;
        return new Name(tier, p, a, null);
    }

    /**
     * Names of segments given in display order: base names from {@link #describe}, plus a
     * qualifier for segments that share a base name.
     *
     * @param stats statistics per segment, in display order
     * @return one distinct name per segment, same order
     */
    public static List<Name> names(List<Stats> stats) {
        List<Name> base = new ArrayList<>();
        for (Stats s : stats) {
            base.add(describe(s));
        }
        Map<Name, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < base.size(); i++) {
            groups.computeIfAbsent(base.get(i), x -> new ArrayList<>()).add(i);
        }
        List<Name> out = new ArrayList<>(base);
        for (var e : groups.entrySet()) {
            List<Integer> members = e.getValue();
            if (members.size() < 2) {
                continue;
            }
            Dimension dim = Dimension.P_ALIVE;
            for (Dimension d : Dimension.values()) {
                if (distinct(members, stats, d)) {
                    dim = d;
                    break;
                }
            }
            final Dimension by = dim;
            List<Integer> sorted = new ArrayList<>(members);
            // Highest first; equal values (only when no dimension separates them) keep display order.
            sorted.sort(Comparator.comparingDouble((Integer i) -> {
                double v = stats.get(i).get(by);
                return Double.isNaN(v) ? Double.POSITIVE_INFINITY : -v;
            }).thenComparingInt(i -> i));
            for (int pos = 0; pos < sorted.size(); pos++) {
                Name b = e.getKey();
                out.set(sorted.get(pos), new Name(b.tier(), b.purchases(), b.activity(),
                        new Qualifier(by, pos + 1, sorted.size())));
            }
        }
        return out;
    }

    /** Whether every pair of the segments differs by at least {@link #DISTINCT} (relative) in dimension d. */
    private static boolean distinct(List<Integer> members, List<Stats> stats, Dimension d) {
        double[] v = new double[members.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = stats.get(members.get(i)).get(d);
            if (Double.isNaN(v[i])) {
                return false;
            }
        }
        Arrays.sort(v);
        for (int i = 1; i < v.length; i++) {
            double scale = Math.max(Math.abs(v[i]), Math.abs(v[i - 1]));
            if (!(v[i] - v[i - 1] >= DISTINCT * scale) || scale == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a segment name written by this rule, in any supported language, back into its parts.
     *
     * @param text a segment name, e.g. from a segments file
     * @return the parts, or empty when {@code text} is not a name this rule makes (a user's own label)
     */
    public static Optional<Name> parse(String text) {
        return text == null ? Optional.empty() : Optional.ofNullable(Parser.ALL.get(text.strip()));
    }

    /** Every name this rule can make, in every language, built once. */
    private static final class Parser {
        static final Map<String, Name> ALL = build();

        private static Map<String, Name> build() {
            Map<String, Name> m = new HashMap<>();
            List<Messages> langs = Messages.SUPPORTED.stream().map(Messages::of).toList();
            for (Tier t : Tier.values()) {
                for (Purchases p : Purchases.values()) {
                    for (Activity a : Activity.values()) {
                        List<Qualifier> qs = new ArrayList<>();
                        qs.add(null);
                        for (Dimension d : Dimension.values()) {
                            for (int of = 2; of <= 12; of++) {
                                for (int pos = 1; pos <= of; pos++) {
                                    qs.add(new Qualifier(d, pos, of));
                                }
                            }
                        }
                        for (Qualifier q : qs) {
                            Name n = new Name(t, p, a, q);
                            for (Messages l : langs) {
                                m.putIfAbsent(n.render(l), n);
                            }
                        }
                    }
                }
            }
            return Map.copyOf(m);
        }
    }

    /**
     * Display order of segments: by value index descending, then size descending, then index.
     *
     * @param valueIndex value index per segment (NaN sorts last)
     * @param size customers per segment
     * @return the segment indices in display order
     */
    static Integer[] order(double[] valueIndex, long[] size) {
        Integer[] idx = new Integer[valueIndex.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator
                .comparingDouble((Integer i) -> Double.isNaN(valueIndex[i]) ? Double.NEGATIVE_INFINITY : -valueIndex[i])
                .thenComparingLong(i -> -size[i])
                .thenComparingInt(i -> i));
        return idx;
    }

    private static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String capitalize(String s, Locale l) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(l) + s.substring(1);
    }

    /** The action for a tier, pattern and activity: the bundle key's last part. */
    private static String actionId(Tier tier, Purchases p, Activity act) {
        if (tier == Tier.UNKNOWN) {
            return switch (act) {
                case ACTIVE -> p == Purchases.ONE_TIME ? "second-purchase" : "engage-add-value";
                case AT_RISK -> "reengage";
                case LAPSED -> "low-cost";
                case UNKNOWN -> "add-scores";
            };
        }
        if (act == Activity.LAPSED && (tier == Tier.LOW || tier == Tier.MID) && p == Purchases.ONE_TIME) {
            return "no-budget-one-time";
        }
        if (act == Activity.LAPSED && tier == Tier.LOW) {
            return "no-budget";
        }
        if (p == Purchases.ONE_TIME && (tier == Tier.MID || tier == Tier.LOW)) {
            return "second-purchase";
        }
        return switch (tier) {
            case TOP, HIGH -> switch (act) {
                case ACTIVE -> tier == Tier.TOP ? "vip" : "reward";
                case AT_RISK -> "win-back-now";
                case LAPSED -> "win-back-once";
                case UNKNOWN -> "protect";
            };
            case MID -> switch (act) {
                case ACTIVE -> "grow";
                case AT_RISK -> "reengage";
                case LAPSED -> "win-back-low-cost";
                case UNKNOWN -> "cross-sell";
            };
            case LOW, UNKNOWN -> switch (act) {
                case ACTIVE -> "nurture";
                case AT_RISK -> "remind-low-cost";
                case LAPSED, UNKNOWN -> "low-cost";
            };
        };
    }
}
