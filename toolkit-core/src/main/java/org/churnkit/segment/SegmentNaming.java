package org.churnkit.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic rule that names segments and recommends an action, from three profile numbers:
 * <ul>
 *   <li>value index = mean value of the segment / mean value of all customers, where value is CLV
 *       (or past spend, frequency x monetary value, when there is no CLV): Top value when &ge; 4,
 *       High value when &ge; 1.5, Mid value when &ge; 0.5, else Low value;</li>
 *   <li>activity from mean P(alive): active when &ge; 0.6, at risk when &ge; 0.3, else lapsed
 *       (unknown when there is no P(alive));</li>
 *   <li>mean frequency &lt; 0.5 repeat purchases marks a segment of mostly one-time buyers.</li>
 * </ul>
 * Names: low-value lapsed segments are "Lapsed"; one-time buyers that are not high value are
 * "One-time buyers, active|at risk"; all others are "TIER, ACTIVITY" ("High value, at risk").
 * Top and High value segments share actions, except that active Top value customers get VIP care. Without any value column (no CLV, no spend), segments
 * are named by activity alone ("Active", "At risk", "Lapsed", "One-time buyers, active").
 * Segments are ordered by value index (then size, then id) before naming; when two segments get
 * the same name, they are told apart with " (A)", " (B)", ... in that order, so names are unique and
 * the same data always yields the same names.
 */
public final class SegmentNaming {
    static final double TOP_VALUE = 4.0;
    static final double HIGH_VALUE = 1.5;
    static final double MID_VALUE = 0.5;
    static final double ACTIVE = 0.6;
    static final double AT_RISK = 0.3;
    static final double ONE_TIME = 0.5;

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

    /** Activity of a segment; UNKNOWN when the scores have no P(alive). */
    public enum Activity {
        /** Mean P(alive) &ge; 0.6. */
        ACTIVE,
        /** Mean P(alive) &ge; 0.3. */
        AT_RISK,
        /** Mean P(alive) below 0.3. */
        LAPSED,
        /** No P(alive) column. */
        UNKNOWN
    }

    /**
     * What the rule concludes for one segment: its base name (before de-duplication) and the action.
     *
     * @param tier the value tier
     * @param activity the activity
     * @param oneTime whether the segment is mostly one-time buyers (mean frequency &lt; 0.5)
     * @param baseName the segment's name before de-duplication
     * @param action the recommended action
     */
    public record Description(Tier tier, Activity activity, boolean oneTime, String baseName, String action) {}

    /**
     * Describes a segment from its value index, mean P(alive) (NaN when unknown) and mean frequency
     * (NaN when unknown).
     *
     * @param valueIndex mean value of the segment over the mean of all customers, or NaN
     * @param meanPAlive mean P(alive) of the segment, or NaN
     * @param meanFrequency mean repeat purchases of the segment, or NaN
     * @return tier, activity, name and action
     */
    public static Description describe(double valueIndex, double meanPAlive, double meanFrequency) {
        Tier tier = Double.isNaN(valueIndex) ? Tier.UNKNOWN : !(valueIndex >= MID_VALUE) ? Tier.LOW
                : valueIndex >= TOP_VALUE ? Tier.TOP : valueIndex >= HIGH_VALUE ? Tier.HIGH : Tier.MID;
        Activity act = Double.isNaN(meanPAlive) ? Activity.UNKNOWN
                : meanPAlive >= ACTIVE ? Activity.ACTIVE : meanPAlive >= AT_RISK ? Activity.AT_RISK : Activity.LAPSED;
        boolean oneTime = meanFrequency < ONE_TIME;
        String tierName = switch (tier) {
            case TOP -> "Top value";
            case HIGH -> "High value";
            case MID -> "Mid value";
            case LOW -> "Low value";
            case UNKNOWN -> "";
        };
        String actName = switch (act) {
            case ACTIVE -> "active";
            case AT_RISK -> "at risk";
            case LAPSED -> "lapsed";
            case UNKNOWN -> "";
        };
        String name;
        String action;
        if (tier == Tier.UNKNOWN) {
            // No CLV and no spend columns: name by activity (and one-time buying) alone.
            name = switch (act) {
                case ACTIVE -> oneTime ? "One-time buyers, active" : "Active";
                case AT_RISK -> oneTime ? "One-time buyers, at risk" : "At risk";
                case LAPSED -> "Lapsed";
                case UNKNOWN -> oneTime ? "One-time buyers" : "Repeat buyers";
            };
            action = switch (act) {
                case ACTIVE -> "Keep them engaged; add spend data to tell high from low value.";
                case AT_RISK -> "Re-engage with a reminder or a modest incentive.";
                case LAPSED -> "Keep on low-cost channels.";
                case UNKNOWN -> "Add P(alive) and CLV scores for a sharper recommendation.";
            };
        } else if (tier == Tier.LOW && act == Activity.LAPSED) {
            name = "Lapsed";
            action = "Do not spend retention budget here; keep them on low-cost channels such as the newsletter.";
        } else if (oneTime && (tier == Tier.MID || tier == Tier.LOW) && act != Activity.LAPSED) {
            name = act == Activity.UNKNOWN ? "One-time buyers" : "One-time buyers, " + actName;
            action = "Turn the first purchase into a second one: a welcome-back offer or a product recommendation.";
        } else {
            name = act == Activity.UNKNOWN ? tierName : tierName + ", " + actName;
            action = switch (tier) {
                case TOP, HIGH -> switch (act) {
                    case ACTIVE -> tier == Tier.TOP
                            ? "VIP care: personal contact and exclusive perks; watch for any drop in activity. No discounts needed."
                            : "Reward and retain: loyalty perks and early access; no discounts needed.";
                    case AT_RISK -> "Win them back now: personal outreach or a targeted offer. Retention money works hardest here.";
                    case LAPSED -> "Try one win-back offer; stop if there is no response.";
                    case UNKNOWN -> "Protect this group: keep service and contact quality high.";
                };
                case MID -> switch (act) {
                    case ACTIVE -> "Grow them: cross-sell and encourage the next purchase.";
                    case AT_RISK -> "Re-engage with a reminder or a modest incentive.";
                    case LAPSED -> "A low-cost win-back message at most.";
                    case UNKNOWN -> "Grow them with cross-selling.";
                };
                case LOW, UNKNOWN -> switch (act) {
                    case ACTIVE -> "Nurture cheaply: newsletters and suggestions to raise order value.";
                    case AT_RISK -> "Low-cost reminders only.";
                    case LAPSED, UNKNOWN -> "Keep on low-cost channels.";
                };
            };
        }
        return new Description(tier, act, oneTime, name, action);
    }

    /**
     * Order of segments for display: by value index descending, then size descending, then
     * original index. Returns the original indices in display order.
     */
    static Integer[] order(double[] valueIndex, long[] size) {
        Integer[] idx = new Integer[valueIndex.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, Comparator
                .comparingDouble((Integer i) -> Double.isNaN(valueIndex[i]) ? Double.NEGATIVE_INFINITY : -valueIndex[i])
                .thenComparingLong(i -> -size[i])
                .thenComparingInt(i -> i));
        return idx;
    }

    /** Makes base names unique, in the given (display) order, by appending " (A)", " (B)", .... */
    static List<String> unique(List<String> baseNames) {
        Map<String, Integer> count = new HashMap<>();
        for (String n : baseNames) {
            count.merge(n, 1, Integer::sum);
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String n : baseNames) {
            if (count.get(n) == 1) {
                out.add(n);
            } else {
                int i = seen.merge(n, 1, Integer::sum) - 1;
                out.add(n + " (" + letters(i) + ")");
            }
        }
        return out;
    }

    private static String letters(int i) {
        return i < 26 ? String.valueOf((char) ('A' + i)) : letters(i / 26 - 1) + (char) ('A' + i % 26);
    }
}
