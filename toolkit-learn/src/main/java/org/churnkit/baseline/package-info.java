/**
 * Baseline classifiers built on Smile: {@link org.churnkit.baseline.GradientBoostedBaseline}, the
 * accuracy-driven churn model that {@code org.churnkit.cost}'s profit-driven models are compared with.
 */
package org.churnkit.baseline;
