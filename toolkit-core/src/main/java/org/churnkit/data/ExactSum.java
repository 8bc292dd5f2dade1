package org.churnkit.data;

/**
 * Sums of amounts carried as two doubles ({@code hi + lo}, Dekker's and Knuth's double-double),
 * added with Knuth's TwoSum so that no rounding error is lost. While the exact sum fits in about
 * 106 significant bits (for amounts of a cent or more: sums below 10^13 in magnitude) every partial
 * sum is exact, so the result does not depend on the order of the additions, and {@code hi} is the
 * exact sum rounded once to the nearest double. That is what lets a customer's spend be summed
 * batch by batch, or partition by partition, and merged into exactly the figures a summary of the
 * whole log gives. Beyond that range the sum is still accurate to about 2^-106 relative, but its
 * last bit may depend on the order. Infinite or NaN inputs make {@code hi} NaN or infinite (callers
 * report the customer). Public so that every summariser (the core's, Spark's) sums the same way.
 */
public final class ExactSum {
    private ExactSum() {}

    /**
     * Adds {@code x} to the sum held in {@code hi[i] + lo[i]}.
     *
     * @param hi leading parts
     * @param lo trailing parts
     * @param i the slot
     * @param x the amount
     */
    public static void add(double[] hi, double[] lo, int i, double x) {
        double a = hi[i];
        double s = a + x;
        double bb = s - a;
        double e = (a - (s - bb)) + (x - bb) + lo[i];
        double h = s + e;
        double b2 = h - s;
        hi[i] = h;
        lo[i] = (s - (h - b2)) + (e - b2);
    }

    /**
     * Adds the sum {@code h + l} to the sum held in {@code hi[i] + lo[i]}.
     *
     * @param hi leading parts
     * @param lo trailing parts
     * @param i the slot
     * @param h the other sum's leading part
     * @param l the other sum's trailing part
     */
    public static void add(double[] hi, double[] lo, int i, double h, double l) {
        add(hi, lo, i, h);
        add(hi, lo, i, l);
    }
}
