/**
 * Everything churnkit builds on Smile (GPL-3): k-means segments a marketer can read (size, value,
 * risk, action) and the gradient-boosted baseline classifier, the accuracy-driven model that
 * {@code org.churnkit.cost}'s profit-driven ones are compared with.
 */
module org.churnkit.learn {
    requires transitive org.churnkit.core;
    requires smile.core;
    requires smile.base;
    requires org.apache.commons.rng.simple;

    exports org.churnkit.segment;
    exports org.churnkit.baseline;
}
