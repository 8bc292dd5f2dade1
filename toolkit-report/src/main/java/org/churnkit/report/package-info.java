/**
 * The marketer's HTML report ({@link org.churnkit.report.CustomerReport}): one self-contained file
 * with inline SVG charts, no network access, print styles. Its holdout tracking plot reads a
 * {@link org.churnkit.report.TrackingFile} (a plain series or a backtest's {@code tracking.csv}).
 */
package org.churnkit.report;
