/**
 * The marketer's HTML report (English and Korean) and the demo pipeline that runs every step on one
 * transaction log.
 */
module org.churnkit.report {
    requires transitive org.churnkit.core;
    requires transitive org.churnkit.evaluation;
    requires transitive org.churnkit.learn;
    requires org.apache.commons.rng.simple;

    exports org.churnkit.report;
    exports org.churnkit.pipeline;
}
