package org.churnkit.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Executes a notebook with Debian's {@code jupyter nbconvert} and the rapaio Java kernel, started
 * on the same JDK that runs the tests. The kernel spec is written to a private JUPYTER_PATH so the
 * user's own kernels are neither needed nor touched.
 */
final class NotebookRunner {
    /**
     * Kernel starts sometimes hang: about 5 of 24 in the stack's notes, and once three in a row for
     * one notebook, which failed a full test run. A kernel that starts answers within seconds, so a hung start is
     * given up after {@link #STARTUP_TIMEOUT_SECONDS} and retried: with six attempts, six hangs in a
     * row have a chance of about (5/24)^6, under 1e-4.
     */
    static final int ATTEMPTS = 6;
    static final int STARTUP_TIMEOUT_SECONDS = 45;
    static final long TIMEOUT_SECONDS = 300;
    static final String KERNEL_NAME = "churnkit-java";

    private final Path kernelJar;
    private final Path jupyterPath;

    NotebookRunner(Path kernelJar, Path workDir) throws IOException {
        this.kernelJar = kernelJar;
        this.jupyterPath = workDir.resolve("jupyter");
        writeKernelSpec();
    }

    /** Whether {@code jupyter nbconvert} can be run on this machine. */
    static boolean jupyterAvailable() {
        try {
            Process p = new ProcessBuilder("jupyter", "nbconvert", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private void writeKernelSpec() throws IOException {
        Path dir = jupyterPath.resolve("kernels").resolve(KERNEL_NAME);
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ObjectMapper om = new ObjectMapper();
        ObjectNode spec = om.createObjectNode();
        spec.putArray("argv").add(java).add("--add-opens=java.base/java.nio=ALL-UNNAMED")
                .add("--enable-native-access=ALL-UNNAMED").add("-jar").add(kernelJar.toString()).add("{connection_file}");
        spec.put("display_name", "Java (churnkit)");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        ObjectNode env = spec.putObject("env");
        env.put("RJK_TIMEOUT_MILLIS", "-1");
        env.put("RJK_COMPILER_OPTIONS", "");
        env.put("RJK_INIT_SCRIPT", "");
        Files.writeString(dir.resolve("kernel.json"), om.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
    }

    /**
     * Executes {@code notebook} in its own folder (so its relative paths work) and writes the
     * executed copy to {@code outputDir}; returns the executed notebook's path.
     *
     * @throws IOException with nbconvert's output when every attempt failed
     */
    Path execute(Path notebook, Path outputDir) throws IOException, InterruptedException {
        Files.createDirectories(outputDir);
        String name = notebook.getFileName().toString();
        Path executed = outputDir.resolve(name);
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Files.deleteIfExists(executed);
            Path log = outputDir.resolve(name + ".attempt" + attempt + ".log");
            ProcessBuilder pb = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.kernel_name=" + KERNEL_NAME,
                    "--ExecutePreprocessor.timeout=" + TIMEOUT_SECONDS,
                    "--ExecutePreprocessor.startup_timeout=" + STARTUP_TIMEOUT_SECONDS,
                    "--output-dir", outputDir.toString(), "--output", name, notebook.toString())
                    .directory(notebook.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
            pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
            Process p = pb.start();
            boolean finished = p.waitFor(TIMEOUT_SECONDS + 120, TimeUnit.SECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                failures.add("attempt " + attempt + ": timed out");
                continue;
            }
            if (p.exitValue() == 0 && Files.exists(executed)) {
                return executed;
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            failures.add("attempt " + attempt + ": exit " + p.exitValue() + "\n" + tail(out, 4000));
            if (out.contains("CellExecutionError") || out.contains("CompilerException")) {
                break; // the notebook itself is wrong; retrying will not help
            }
        }
        throw new IOException("notebook " + notebook + " failed:\n" + String.join("\n", failures));
    }

    static JsonNode read(Path notebook) throws IOException {
        return new ObjectMapper().readTree(notebook.toFile());
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : "..." + s.substring(s.length() - n);
    }
}
