package org.churnkit.cli;

import java.nio.file.Path;
import org.churnkit.ChurnkitException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.FileFormat;
import org.churnkit.io.TableIO;
import picocli.CommandLine.Option;

/** Where a command writes its table: a picocli {@code @Mixin}. Writes are atomic. */
public final class OutputOptions {

    /** Creates the options; picocli fills them from the command line. */
    public OutputOptions() {
    }

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Output file: .csv, .parquet or .arrow/.feather (written to a temporary file, then moved into place; "
                + "never one of the inputs; a symbolic link's target is replaced, a device or pipe written through).")
    Path output;

    @Option(names = "--output-format", paramLabel = "FORMAT", converter = Converters.Format.class,
            description = "Output format when the extension does not tell: csv, text, parquet, arrow.")
    FileFormat format;

    /**
     * The output path.
     *
     * @return the value of {@code --output}
     */
    public Path output() {
        return output;
    }

    /** Checks the format can be told before any work is done. */
    public void validate() {
        if (format == null) {
            try {
                FileFormat.of(output);
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("--output: " + e.getMessage() + " (--output-format)");
            }
        }
    }

    /**
     * Writes the table atomically, in {@code --output-format} or the format the extension tells.
     *
     * @param table the table to write to {@link #output()}
     */
    public void write(ColumnTable table) {
        TableIO.write(table, output, format);
    }
}
