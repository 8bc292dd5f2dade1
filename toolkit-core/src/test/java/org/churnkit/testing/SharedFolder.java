package org.churnkit.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (reference data beside the project: CDNOW, golden values, specs).
 * Tests that need it call {@link #require(String)}, which skips the test with a message naming the
 * missing folder when a user's own clone has no {@code ../shared}.
 */
public final class SharedFolder {
    private SharedFolder() {}

    /** The shared folder: system property {@code churnkit.shared.dir}, else {@code ../shared} from the working directory upwards. */
    public static Path root() {
        String prop = System.getProperty("churnkit.shared.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("golden"))) {
                return candidate;
            }
        }
        return dir.resolveSibling("shared");
    }

    /**
     * Whether {@code relative} exists under the shared folder. For {@code @BeforeAll} methods and
     * argument sources, which must not call {@link #require} (an assumption failing there aborts the
     * whole class, which Surefire then reports as "Tests run: 0" instead of skipped tests): they load
     * only when this is true, and each test calls {@link #require} itself.
     *
     * @param relative a path under the shared folder
     * @return true when it exists
     */
    public static boolean exists(String relative) {
        return Files.exists(root().resolve(relative));
    }

    /**
     * Resolves {@code relative} under the shared folder, skipping the calling test (with a message
     * that names the missing path) when it is absent.
     */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), () -> "skipped: needs " + p + " (the ../shared folder beside the project is absent)");
        return p;
    }
}
