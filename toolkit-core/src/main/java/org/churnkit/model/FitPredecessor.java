package org.churnkit.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The model a fit was refitted from: one link of the provenance chain. A model file records it
 * under {@code provenance.predecessor} ({@code file_sha256, library_version, fitted_at, refit,
 * reason}); only the direct predecessor is kept, and its file's SHA-256 identifies the file that
 * holds the link before it, so a chain of daily refits does not make every file longer. Files
 * written before refits were recorded have none ({@link FitSummary.Provenance#predecessor()} is
 * {@code null}), which means "not a refit, or not recorded".
 *
 * @param fileSha256 SHA-256 (hex) of the predecessor's model file, as read
 * @param libraryVersion the churnkit version that fitted the predecessor, or {@code null} when it did not record one
 * @param fittedAt when the predecessor was fitted, or {@code null} when it did not record it
 * @param refit how the new fit was made: {@code "warm"} (from the predecessor's parameters) or
 *     {@code "full"} (multistart, the warm start having been refused or rejected)
 * @param reason why, in words (the criterion that decided)
 */
public record FitPredecessor(String fileSha256, String libraryVersion, Instant fittedAt, String refit, String reason) {
    /**
     * Checks the digest and the refit mode.
     *
     * @throws NullPointerException when the digest, mode or reason is {@code null}
     * @throws IllegalArgumentException when the digest is not 64 lower-case hex digits or the mode is unknown
     */
    public FitPredecessor {
        Objects.requireNonNull(fileSha256, "fileSha256");
        Objects.requireNonNull(refit, "refit");
        Objects.requireNonNull(reason, "reason");
        if (!fileSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("fileSha256 must be 64 lower-case hex digits, got '" + fileSha256 + "'");
        }
        if (!refit.equals("warm") && !refit.equals("full") && !refit.equals("pending")) {
            throw new IllegalArgumentException("refit must be warm or full, got '" + refit + "'");
        }
    }

    /**
     * The link to a predecessor model before the refit is decided: its file's digest, and its
     * version and fit date as its own provenance records them.
     *
     * @param fileSha256 SHA-256 (hex) of the predecessor's model file
     * @param previous the predecessor model as read from that file
     * @return the link, its mode still "pending" ({@link ModelFitter#warmFit} sets it)
     */
    public static FitPredecessor of(String fileSha256, FittedModel previous) {
        FitSummary.Provenance p = previous.fit().map(FitSummary::provenance).orElse(null);
        return new FitPredecessor(fileSha256, p == null ? null : p.libraryVersion(), p == null ? null : p.fittedAt(),
                "pending", "");
    }

    /**
     * SHA-256 of a model file's bytes, as {@link #fileSha256()} records it.
     *
     * @param content the file's bytes
     * @return 64 lower-case hex digits
     */
    public static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The same link with the refit decided.
     *
     * @param mode "warm" or "full"
     * @param why the criterion that decided
     * @return the link
     */
    public FitPredecessor decided(String mode, String why) {
        return new FitPredecessor(fileSha256, libraryVersion, fittedAt, mode, why);
    }
}
