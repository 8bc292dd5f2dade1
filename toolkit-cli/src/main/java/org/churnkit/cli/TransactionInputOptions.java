package org.churnkit.cli;

import java.nio.file.Path;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReadOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How to read a transaction log: shared by every command that takes one ({@code summarize},
 * {@code split}, {@code backtest}, ...) as a picocli {@code @Mixin}: the log given with
 * {@code --input} and its layout ({@link LogReadOptions}).
 */
public final class TransactionInputOptions {

    /** Creates the options; picocli fills them from the command line. */
    public TransactionInputOptions() {
    }

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "LOG",
            description = "Transaction log: .csv, .txt (whitespace-separated), .parquet or .arrow/.feather.")
    Path input;

    // declared after --input so that the help lists the options in the same order as before
    @Mixin
    LogReadOptions layout;

    /**
     * The library options these flags describe.
     *
     * @return the read options (format, columns, date format, zone, delimiter, header, amount rules)
     */
    public TransactionReadOptions readOptions() {
        return layout.readOptions();
    }

    /**
     * The input file.
     *
     * @return the transaction log path given on the command line
     */
    public Path input() {
        return input;
    }

    /**
     * Reads the log.
     *
     * @return the transactions of {@link #input()} read with {@link #readOptions()}
     */
    public TransactionLog read() {
        return layout.read(input);
    }
}
