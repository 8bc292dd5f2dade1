package org.churnkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModel;
import org.churnkit.contractual.ContractualModelFiles;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.JsonText;

/**
 * Contractual model files as the command line uses them ({@link ContractualModelFiles} reads and
 * writes them): whether a {@code --model} file holds one, and its renewal period as a unit.
 */
final class ContractualModels {
    private ContractualModels() {}

    /** A model read back with its renewal period. */
    record Read(ContractualModel model, TimeUnit period, ContractualModelFiles.Contents contents) {
    }

    /** Whether a model file names a contractual model (read only as far as its "model" field). */
    static boolean isContractual(Path file) {
        try {
            Object root = JsonText.parse(Files.readString(file), "model file " + file);
            if (root instanceof Map<?, ?> m && m.get("model") instanceof String s) {
                ContractualKind.parse(s);
                return true;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not readable or not contractual: the transaction model reader says why
        }
        return false;
    }

    /**
     * Reads a contractual model file; its period must be recorded (fit records --period).
     *
     * @param file the model file
     * @param fallback the period to assume when the file does not record one, or {@code null}
     * @return the model and its period
     */
    static Read read(Path file, TimeUnit fallback) {
        ContractualModelFiles.Contents c = ContractualModelFiles.read(file);
        TimeUnit period = fallback;
        if (c.period() != null) {
            try {
                period = TimeUnit.parse(c.period());
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("model file " + file + ": period '" + c.period() + "': " + e.getMessage(), e);
            }
        }
        if (period == null) {
            throw new ChurnkitException("model file " + file + " does not say what one period is: give --period");
        }
        return new Read(c.model(), period, c);
    }
}
