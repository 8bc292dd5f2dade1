package org.churnkit.model;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 digest that identifies the data of a fit. */
final class HistoriesDigest {
    private HistoriesDigest() {}

    /**
     * SHA-256 of the histories' frequency, recency, age and weight columns: four big-endian
     * doubles per row, rows in order; with {@code withSpend}, the mean spend follows as a fifth
     * (a spend model is fitted to it). Without spend this is the digest files have always
     * carried, so those digests stay comparable.
     *
     * @param h the histories as given to the fitter (before compression)
     * @param withSpend whether to include the spend column (ignored when there is none)
     * @return 64 lower-case hex digits
     */
    static String sha256(Histories h, boolean withSpend) {
        boolean spend = withSpend && h.monetary != null;
        int width = spend ? 40 : 32;
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform must provide SHA-256
        }
        ByteBuffer buf = ByteBuffer.allocate(width * 4096);
        for (int i = 0; i < h.size(); i++) {
            if (buf.remaining() < width) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putDouble(h.frequency[i]).putDouble(h.recency[i]).putDouble(h.age[i]).putDouble(h.weight(i));
            if (spend) {
                buf.putDouble(h.monetary[i]);
            }
        }
        md.update(buf.array(), 0, buf.position());
        return HexFormat.of().formatHex(md.digest());
    }
}
