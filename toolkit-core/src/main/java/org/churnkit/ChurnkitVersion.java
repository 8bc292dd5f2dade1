package org.churnkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The library version, read once from the build-filtered {@code churnkit-version.properties}. */
public final class ChurnkitVersion {
    private static final String VERSION = load();

    private ChurnkitVersion() {}

    /**
     * The version of toolkit-core on the class path.
     *
     * @return the version, for example {@code 0.1.0-SNAPSHOT}
     */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ChurnkitVersion.class.getResourceAsStream("churnkit-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
