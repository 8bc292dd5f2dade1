package org.churnkit.cli;

import org.churnkit.ChurnkitVersion;
import picocli.CommandLine.IVersionProvider;

/** Reports the library version and the Java runtime, for bug reports. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "churnkit " + ChurnkitVersion.get(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
