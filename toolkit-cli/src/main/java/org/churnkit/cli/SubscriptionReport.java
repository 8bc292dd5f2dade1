package org.churnkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.churnkit.contractual.Subscriptions;

/** What reading a subscription table did, on stderr: counts, the period rule, notes and exclusions. */
final class SubscriptionReport {
    private SubscriptionReport() {}

    static void print(PrintWriter err, String command, Path file, Subscriptions s) {
        long cancelled = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.cancelled(i)) {
                cancelled++;
            }
        }
        err.printf(Locale.ROOT, "%s: read %,d subscribers from %s: %,d cancelled, %,d active%s; periods of one %s%n",
                command, s.size(), file, cancelled, s.size() - cancelled,
                s.asOf() != null ? " as of " + s.asOf() : "", s.period().label());
        if (s.hasCohorts()) {
            err.printf(Locale.ROOT, "%s: %,d cohorts (%s ... %s)%n", command, s.cohortLabels().size(),
                    s.cohortLabels().get(0), s.cohortLabels().get(s.cohortLabels().size() - 1));
        }
        if (s.asOf() != null) {
            err.println(command + ": " + SubscriptionTableOptions.ruleLine(s.period()));
        }
        for (String n : s.notes()) {
            err.println(command + ": " + n);
        }
        for (String line : s.exclusions().lines()) {
            err.println(command + ": " + line);
        }
    }
}
