/**
 * Transaction logs and per-customer summaries: the data layer every model stands on.
 *
 * <ul>
 *   <li>{@link org.churnkit.data.TransactionLog}: the log in columns (dictionary-encoded customer
 *       ids, wall-clock seconds, amounts), read by {@link org.churnkit.data.TransactionReader}
 *       from CSV, whitespace text, Parquet or Arrow IPC with
 *       {@link org.churnkit.data.TransactionReadOptions} (column names or positions, delimiter,
 *       header, {@link org.churnkit.data.DateParser date format}, time zone, tolerance of negative
 *       or missing amounts).</li>
 *   <li>{@link org.churnkit.data.Summarizer}: per-customer frequency, recency, age, mean repeat
 *       value and mean value ({@link org.churnkit.data.CustomerSummaries}) up to an observation end
 *       ({@link org.churnkit.data.PeriodEnd}), in a {@link org.churnkit.data.TimeUnit}, with
 *       same-period transactions merged ({@link org.churnkit.data.MergePeriod}) and an optional
 *       cohort filter; or a calibration/holdout split. {@code Histories.of(CustomerSummaries)}
 *       gives the models' input, {@code toTable()} the file the CLI writes.</li>
 *   <li>{@link org.churnkit.data.SummaryState}: what the summaries need per customer (first and last
 *       purchase period, purchase periods, exact spend sums), updated batch by batch and merged over
 *       disjoint customers or time ranges to exactly the whole log's summaries; stored by
 *       {@link org.churnkit.data.SummaryStateFile} (versioned, checksummed, written atomically).</li>
 *   <li>{@link org.churnkit.data.SummaryTable}: a summary file read back as model input (renamable
 *       columns, BG/BB's discrete rows, weights), every row checked by
 *       {@link org.churnkit.data.SummaryValidator}; {@link org.churnkit.data.TimeAxis} turns model
 *       time into the log's dates.</li>
 * </ul>
 *
 * <h2>Conventions (those of BTYD and lifetimes)</h2>
 * Each transaction stands at the start of its merge period (by default its day). Frequency x
 * counts the periods with a purchase after the first; recency t_x runs from the first to the last
 * such period, age T from the first to the period holding the observation end. A date given as
 * the end includes that whole day, so with daily merging a customer who first bought on
 * 1997-01-01 has T = 272 days = 38.857 weeks at an end of 1997-09-30, reproducing BTYD's
 * {@code dc.ElogToCbsCbt} on the CDNOW sample exactly. The monetary value is the mean of the
 * repeat transactions (0 without repeats), as lifetimes and the Gamma-Gamma model expect.
 *
 * <h2>Performance</h2>
 * Readers parse in place (FastCSV callbacks; Arrow batches copied once to the heap) and intern
 * customer ids in batches so that the CPU overlaps the id table's cache misses; the summariser is
 * a counting sort by customer and one linear pass, split by customer ranges over the cores for
 * large logs. Parquet and Arrow readers intern ids on a second thread while decoding. Measured
 * with {@code SummarizeBenchmark}: a 10M-row, 1M-customer log and its summaries hold 305 MB of
 * live heap after a full GC, and the whole read-and-summarise runs within {@code -Xmx1g}.
 */
package org.churnkit.data;
