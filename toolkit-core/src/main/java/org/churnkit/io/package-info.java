/**
 * Table files: a named-column table in memory ({@link org.churnkit.io.ColumnTable}: text,
 * double, int64 and timestamp columns on primitive arrays) and its I/O as CSV, whitespace text,
 * Parquet and Arrow IPC ({@link org.churnkit.io.TableIO}), chosen by file extension
 * ({@code .csv}, {@code .txt}, {@code .parquet}, {@code .arrow}/{@code .feather}/{@code .ipc}) or
 * explicitly ({@link org.churnkit.io.FileFormat}). Every command's output goes through here.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every write is atomic ({@link org.churnkit.io.AtomicOutput}): a temporary file in the
 *       target directory, renamed into place; on failure nothing is left and an existing target
 *       is untouched. Temporary files are removed on exit and, after a kill -9, by the next write
 *       to the same target. Links are followed, devices and pipes written through, read-only
 *       targets refused, and directories written into only when churnkit owns them.</li>
 *   <li>No output destroys an input: {@link org.churnkit.io.OutputSafety} compares every output
 *       with every input (real paths, file identity) before a command does any work.</li>
 *   <li>I/O failures are said in words ({@link org.churnkit.io.IoErrors}): "permission denied",
 *       not the bare path that {@code java.nio} exceptions carry.</li>
 *   <li>Outputs are plain and portable: UTF-8 CSV with a header and RFC 4180 quoting, missing
 *       values empty; Parquet and Arrow with {@code utf8}, {@code double}, {@code int64} and
 *       {@code timestamp[ms]} columns — pandas, R, Spark, DuckDB and Excel read them as they are.</li>
 *   <li>Bad input is a {@link org.churnkit.io.BadInputException} naming the file, the line (the
 *       row for Parquet/Arrow) and the column, and saying what was expected and what was found.</li>
 * </ul>
 *
 * <h2>Why Parquet goes through Arrow Dataset (JNI)</h2>
 * Parquet without Hadoop had four candidates, measured on the project's machines:
 * <table>
 *   <caption>Parquet options</caption>
 *   <tr><th>library</th><th>size</th><th>read</th><th>write</th></tr>
 *   <tr><td>Arrow Dataset JNI 18.3</td><td>83 MB (native code for Linux and macOS, x86-64 and aarch64)</td>
 *       <td>1M rows in ~90 ms</td><td>1M rows in ~1.0 s</td></tr>
 *   <tr><td>Hardwood</td><td>0.7 MB, pure Java</td><td>yes</td><td>no</td></tr>
 *   <tr><td>parquet-floor 2.3</td><td>~20 MB (parquet-mr without Hadoop)</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>DuckDB JDBC</td><td>~80 MB native</td><td>yes</td><td>yes</td></tr>
 * </table>
 * Arrow Dataset was chosen: it reads and writes, it is the fastest reader, and it is the same
 * Arrow stack ({@code arrow-vector}) that reads and writes Arrow IPC, so one set of column
 * accessors (in the {@code toolkit-arrow} module) serves both formats and no second Parquet
 * implementation is needed. Its cost is the 83 MB jar (78 MB of it the native library) and JNI:
 * the JVM needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}, which the launcher and the
 * build pass. Hardwood cannot write; parquet-floor writes but would sit beside Arrow as a second
 * stack for no gain in speed; DuckDB is as large and brings SQL we do not need. Because of that weight the Arrow stack lives in
 * its own module, {@code toolkit-arrow}, which provides {@link org.churnkit.io.ColumnarFormat}: this
 * package reads and writes CSV and text itself and hands {@code .parquet} and {@code .arrow} files to
 * that service, so a scoring service that reads CSV or nothing at all carries none of it. Verified:
 * Arrow Dataset writes and reads Parquet (round-trip tests in {@code toolkit-arrow}'s {@code ColumnarFilesTest},
 * and the 10M-row benchmark, {@code SummarizeBenchmark}, reads a 200 MB Parquet file written by it).
 *
 * <p>Two details of the JNI writer: it writes a directory of files, so
 * the Arrow module writes into a fresh temporary directory beside the target and
 * renames the single file it produced; and it releases its last exported buffers after returning,
 * so Parquet writes share one long-lived allocator instead of closing one per call. The Java
 * writer does not expose compression: files are written with Arrow C++'s defaults (dictionary
 * encoding, no compression).
 */
package org.churnkit.io;
