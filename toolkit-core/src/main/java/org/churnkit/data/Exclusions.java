package org.churnkit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a step left out of its result, or treated by a stated rule rather than as an ordinary
 * row, with counts and the first example: the account a practitioner needs so that no odd row of a
 * real log is lost silently. {@link Summarizer} reports rows of the log (zero, negative and missing
 * amounts, exact duplicates, rows after the end) and customers (outside the cohort, acquired at the
 * end of observation, without a positive repeat amount); {@link org.churnkit.model.FitData} reports
 * the customers a fit leaves out.
 *
 * <p>Immutable. Items with a count of 0 are never stored. The library never prints: callers show
 * {@link #lines()} (the command line prints them to stderr).
 */
public final class Exclusions {
    /** Rows of the log whose amount is exactly 0. */
    public static final String ZERO_AMOUNT = "zero_amount";
    /** Rows of the log whose amount is below 0 (returns, refunds). */
    public static final String NEGATIVE_AMOUNT = "negative_amount";
    /** Rows of the log without an amount (allowed with missing amounts). */
    public static final String MISSING_AMOUNT = "missing_amount";
    /** Rows identical to an earlier row (same customer, time and amount). */
    public static final String DUPLICATE_ROW = "duplicate_row";
    /** Rows after the observation end (dropped when allowed). */
    public static final String AFTER_END = "after_end";
    /** Customers whose first purchase is outside the cohort. */
    public static final String OUTSIDE_COHORT = "outside_cohort";
    /** Customers whose first purchase is after the calibration (or observation) end. */
    public static final String FIRST_PURCHASE_AFTER_END = "first_purchase_after_end";
    /** Customers every one of whose rows was dropped by an amount or duplicate rule. */
    public static final String NO_ROW_LEFT = "no_row_left";
    /** Customers acquired at the end of observation (T = 0). */
    public static final String ZERO_AGE = "zero_age";
    /** Customers without repeat transactions (x = 0): no information for a spend model. */
    public static final String NO_REPEAT = "no_repeat";
    /** Customers with repeat transactions but no positive repeat amount. */
    public static final String NO_POSITIVE_SPEND = "no_positive_spend";

    /**
     * One kind of excluded or specially treated row or customer.
     *
     * @param key       what (one of the constants of {@link Exclusions})
     * @param count     how many, {@code > 0}
     * @param unit      {@code "transactions"} or {@code "customers"}
     * @param what      the rows or customers, in words, e.g. "transactions with amount 0"
     * @param treatment what was done with them, in words, e.g. "dropped"
     * @param example   the first one: customer id and, when known, file and line; may be empty
     */
    public record Item(String key, long count, String unit, String what, String treatment, String example) {
        /**
         * Checks the fields.
         *
         * @throws IllegalArgumentException when the count is not positive
         */
        public Item {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(treatment, "treatment");
            example = example == null ? "" : example;
            if (count <= 0) {
                throw new IllegalArgumentException("an exclusion item needs a positive count, got " + count);
            }
        }

        /**
         * The item as one line, e.g. {@code "80 transactions with amount 0: counted as transactions,
         * left out of spend means (first: customer '00455', CDNOW_master.txt line 1077)"}.
         *
         * @return a sentence for a log or a terminal
         */
        public String line() {
            return String.format(Locale.ROOT, "%,d %s %s: %s%s", count, unit, what, treatment,
                    example.isEmpty() ? "" : " (first: " + example + ")");
        }
    }

    private static final Exclusions NONE = new Exclusions(List.of());

    private final List<Item> items;

    private Exclusions(List<Item> items) {
        this.items = items;
    }

    /**
     * Nothing excluded.
     *
     * @return the empty report
     */
    public static Exclusions none() {
        return NONE;
    }

    /**
     * A report of these items, in this order.
     *
     * @param items the items
     * @return the report
     */
    public static Exclusions of(List<Item> items) {
        return items.isEmpty() ? NONE : new Exclusions(List.copyOf(items));
    }

    /**
     * A builder that skips items with a count of 0.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects items, skipping those with a count of 0. */
    public static final class Builder {
        private final List<Item> items = new ArrayList<>();

        private Builder() {}

        /**
         * Adds an item when {@code count > 0}.
         *
         * @param key what (one of the constants of {@link Exclusions})
         * @param count how many; nothing is added when 0
         * @param unit {@code "transactions"} or {@code "customers"}
         * @param what the rows or customers, in words
         * @param treatment what was done with them, in words
         * @param example the first one, or an empty string
         * @return this builder
         */
        public Builder add(String key, long count, String unit, String what, String treatment, String example) {
            if (count > 0) {
                items.add(new Item(key, count, unit, what, treatment, example));
            }
            return this;
        }

        /**
         * The report.
         *
         * @return the items added so far
         */
        public Exclusions build() {
            return of(items);
        }
    }

    /**
     * The items, in the order of the pipeline.
     *
     * @return an unmodifiable list
     */
    public List<Item> items() {
        return items;
    }

    /**
     * Whether there is nothing to report.
     *
     * @return true when there is no item
     */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * The count of one kind.
     *
     * @param key one of the constants of {@link Exclusions}
     * @return its count, 0 when absent
     */
    public long count(String key) {
        long c = 0;
        for (Item i : items) {
            if (i.key().equals(key)) {
                c += i.count();
            }
        }
        return c;
    }

    /**
     * This report followed by another's items.
     *
     * @param other a later step's report
     * @return both reports' items in order
     */
    public Exclusions plus(Exclusions other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<Item> all = new ArrayList<>(items);
        all.addAll(other.items);
        return of(all);
    }

    /**
     * One sentence per item ({@link Item#line()}).
     *
     * @return the lines, empty when nothing was excluded
     */
    public List<String> lines() {
        return items.stream().map(Item::line).toList();
    }

    @Override
    public String toString() {
        return "Exclusions" + lines();
    }
}
