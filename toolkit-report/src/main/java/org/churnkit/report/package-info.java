/**
 * The marketer's HTML report ({@link org.churnkit.report.CustomerReport}): one self-contained file
 * with inline SVG charts, no network access, print styles.
 */
package org.churnkit.report;
