package org.churnkit.model;

import java.util.Objects;
import org.churnkit.ChurnkitException;

/**
 * How a fit was made, as data: enough to replay it with {@link ModelFitter#refit(FitProvenance,
 * Histories)} and get the same parameters. Model files record it under {@code provenance.recipe}
 * (see {@link ModelFiles}); files written before it existed have none ({@link
 * FitSummary#fitProvenance()} is empty), which means "not recorded", not an error.
 *
 * <p>What determines a fit: the model family, the optimiser settings (iteration limit, gradient
 * tolerance, screening threshold, and the starting points actually used: the likelihood's own
 * starts are resolved and recorded, so a replay does not depend on a later version's defaults),
 * the data (identified by their SHA-256) and the code (the churnkit version, which fixes the
 * algorithm and its constants). The fit has no random element, so there is no seed; identical
 * histories are always merged before fitting, so there is no compression switch. The time unit
 * does not change the numbers; it is recorded so the replayed fit carries it too.
 *
 * <p>Bit-for-bit replay also needs the same processor count when the distinct (compressed) rows
 * exceed 8192 per processor on either machine: above that the likelihood's parallel sums are
 * split into blocks whose size depends on the processor count, which changes the rounding (in
 * the last digits) of the result.
 *
 * @param model the model family fitted
 * @param settings the optimiser settings, with the starting points used
 * @param dataSha256 SHA-256 (hex) of the fitted histories: frequency, recency, age and weight as
 *     big-endian doubles row by row, and for spend models the mean spend as well
 * @param libraryVersion the churnkit version that fitted it
 */
public record FitProvenance(ModelKind model, ModelFitter.Settings settings, String dataSha256, String libraryVersion) {
    /**
     * Checks that every field is given.
     *
     * @throws NullPointerException when a field is {@code null}
     * @throws IllegalArgumentException when the digest is not 64 hex digits
     */
    public FitProvenance {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(dataSha256, "dataSha256");
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        if (!dataSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("dataSha256 must be 64 lower-case hex digits, got '" + dataSha256 + "'");
        }
    }

    /**
     * A provenance record.
     *
     * @param model the model family fitted
     * @param settings the optimiser settings, with the starting points used
     * @param dataSha256 SHA-256 of the fitted histories (see {@link #digest})
     * @param libraryVersion the churnkit version that fitted it
     * @return the record
     */
    public static FitProvenance of(ModelKind model, ModelFitter.Settings settings, String dataSha256,
                                   String libraryVersion) {
        return new FitProvenance(model, settings, dataSha256, libraryVersion);
    }

    /**
     * The SHA-256 that a fit of {@code model} to {@code data} records: frequency, recency, age and
     * weight as big-endian doubles row by row, and the mean spend too when {@code model} is a
     * spend model.
     *
     * @param model the model family
     * @param data the histories as given to the fitter
     * @return 64 lower-case hex digits
     */
    public static String digest(ModelKind model, Histories data) {
        return HistoriesDigest.sha256(Objects.requireNonNull(data, "data"), model.isSpendModel());
    }

    /**
     * Whether {@code data} are the data this fit was made on (same digest).
     *
     * @param data histories
     * @return true when the digests agree
     */
    public boolean matches(Histories data) {
        return dataSha256.equals(digest(model, data));
    }

    /**
     * Checks that {@code data} are the data this fit was made on.
     *
     * @param data histories
     * @throws ChurnkitException naming both digests when they differ
     */
    void requireSameData(Histories data) {
        String given = digest(model, data);
        if (!dataSha256.equals(given)) {
            throw new ChurnkitException("cannot replay the " + model.id() + " fit: the data given (SHA-256 " + given
                    + ") are not the data it was fitted to (SHA-256 " + dataSha256 + "); to fit other data with "
                    + "the same settings use ModelFitter.of(provenance.settings())");
        }
    }
}
