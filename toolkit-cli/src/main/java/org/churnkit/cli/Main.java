package org.churnkit.cli;

import org.churnkit.ChurnkitVersion;

/**
 * The entry point of the {@code churnkit} command line (the jar's {@code Main-Class}).
 *
 * <p>It names no picocli type, so that the JVM does not load picocli before it is needed: picocli is
 * compiled for Java 5, and the JDK's ahead-of-time cache cannot hold classes that old, so loading
 * and verifying them is most of the time of a short run. {@code --version} alone is answered here
 * without it; everything else goes to {@link ChurnkitCommand}.
 */
public final class Main {
    private Main() {}

    /**
     * Runs {@code churnkit}: exits with the command's status when it is not 0, and returns after a
     * successful command (instead of {@code System.exit(0)}, which starts the JDK's logging to log
     * the exit, tens of milliseconds; every thread churnkit starts is a daemon, so the JVM ends).
     *
     * @param args the command line arguments
     */
    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            for (String line : versionLines()) {
                System.out.println(line);
            }
            return;
        }
        int status = ChurnkitCommand.forArguments(args).execute(args);
        if (status != 0) {
            System.exit(status);
        }
        System.out.flush();
        System.err.flush();
    }

    /** The lines {@code churnkit --version} prints: churnkit's version, then the JVM's. */
    static String[] versionLines() {
        // String.concat, not '+': the first '+' of a run bootstraps the JDK's string-concatenation
        // factory, which costs --version a tenth of its time. java.runtime.version is the text of
        // Runtime.version() without the stream code that formats it.
        String java = System.getProperty("java.runtime.version");
        if (java == null) {
            java = Runtime.version().toString();
        }
        return new String[] {
            "churnkit ".concat(ChurnkitVersion.get()),
            String.join("", "Java ", java, " (", System.getProperty("java.vendor"), ")"),
        };
    }
}
