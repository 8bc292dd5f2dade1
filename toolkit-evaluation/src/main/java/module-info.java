/**
 * Honest evaluation in time (holdout, rolling-origin backtests, baselines, drift) and
 * cost-sensitive targeting (expected campaign profit, EMPC, profit curves, campaign lists,
 * cost-sensitive logistic regression). Apache Commons only.
 */
module org.churnkit.evaluation {
    requires transitive org.churnkit.core;
    requires org.apache.commons.numbers.gamma;
    requires org.apache.commons.rng.simple;

    exports org.churnkit.evaluation;
    exports org.churnkit.cost;
    exports org.churnkit.labels;
    exports org.churnkit.monitor;
}
