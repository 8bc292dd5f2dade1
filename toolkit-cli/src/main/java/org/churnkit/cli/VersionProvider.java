package org.churnkit.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the library version and the Java runtime, for bug reports. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return Main.versionLines();
    }
}
