package org.churnkit.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What a scoring service pays for importing {@code toolkit-core}: its runtime class path (as Maven
 * resolves it, written to {@code target/runtime-classpath.txt} by the build) holds no GPL artifact,
 * no native library, and adds up, with the module's own classes, to at most 3 MiB.
 */
class ServiceFootprintTest {
    /** The budget: 3 MiB for the module and everything it pulls in. */
    static final long BUDGET_BYTES = 3L * 1024 * 1024;

    /** The runtime jars of toolkit-core, in Maven's order. */
    static List<Path> runtimeJars() throws IOException {
        Path file = Path.of("target", "runtime-classpath.txt");
        assertTrue(Files.exists(file), "the build writes " + file.toAbsolutePath() + " (maven-dependency-plugin, generate-test-resources)");
        String cp = Files.readString(file).strip();
        List<Path> jars = new ArrayList<>();
        for (String s : cp.isEmpty() ? new String[0] : cp.split(java.io.File.pathSeparator)) {
            jars.add(Path.of(s));
        }
        return jars;
    }

    static long classesBytes() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("target", "classes"))) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void theModuleAndItsDependenciesFitInThreeMebibytes() throws IOException {
        long total = classesBytes();
        StringBuilder what = new StringBuilder("toolkit-core classes " + total);
        for (Path jar : runtimeJars()) {
            long size = Files.size(jar);
            total += size;
            what.append(", ").append(jar.getFileName()).append(' ').append(size);
        }
        // the module's classes are counted uncompressed: its jar can only be smaller
        assertTrue(total <= BUDGET_BYTES, total + " bytes > " + BUDGET_BYTES + ": " + what);
    }

    @Test
    void noNativeLibraryAndNoGplArtifact() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path jar : runtimeJars()) {
            try (ZipFile z = new ZipFile(jar.toFile())) {
                for (ZipEntry e : java.util.Collections.list(z.entries())) {
                    String name = e.getName().toLowerCase(Locale.ROOT);
                    if (name.endsWith(".so") || name.endsWith(".dll") || name.endsWith(".dylib") || name.endsWith(".jnilib")) {
                        problems.add(jar.getFileName() + " holds a native library: " + e.getName());
                    }
                    boolean licenceText = name.startsWith("meta-inf/") && (name.contains("license") || name.contains("licence")
                            || name.contains("copying") || name.endsWith("pom.xml"));
                    if (licenceText && !e.isDirectory()) {
                        String text = new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                        if (isGpl(text)) {
                            problems.add(jar.getFileName() + " is GPL-licensed (" + e.getName() + ")");
                        }
                    }
                }
            }
            if (jar.getFileName().toString().startsWith("smile-")) {
                problems.add(jar.getFileName() + " is Smile (GPL-3)");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** GNU GPL text or a pom naming it; the LGPL and "GPL-compatible" notes of Apache jars do not count. */
    static boolean isGpl(String text) {
        String t = text.replaceAll("\\s+", " ");
        return (t.contains("GNU GENERAL PUBLIC LICENSE") || t.contains("GNU General Public License")
                || t.matches("(?s).*<name>\\s*(GPL|GNU GPL)[^<]*</name>.*")) && !t.contains("Apache License");
    }

    @Test
    void theGplCheckRecognisesGplText() {
        assertTrue(isGpl("                    GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007"));
        assertTrue(isGpl("<licenses><license><name>GNU GPL v3</name></license></licenses>"));
        assertTrue(!isGpl("Apache License\n Version 2.0, January 2004"));
    }

    @Test
    void nothingHeavyIsOnTheClassPath() throws IOException {
        List<String> names = runtimeJars().stream().map(p -> p.getFileName().toString()).toList();
        for (String heavy : Arrays.asList("arrow-", "smile-", "spark-", "jackson-databind", "hipparchus")) {
            assertTrue(names.stream().noneMatch(n -> n.startsWith(heavy)), heavy + " on a service's class path: " + names);
        }
    }
}
