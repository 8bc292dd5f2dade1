package org.churnkit.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.TransactionLog;

/** The short account {@code summarize}, {@code split} and {@code demo} print to stderr. */
final class SummaryReport {
    private SummaryReport() {}

    static void print(PrintWriter err, String command, TransactionLog log, CustomerSummaries s, long readMillis, long summaryMillis) {
        CustomerSummaries.Counts c = s.counts();
        err.printf(Locale.ROOT, "%s: read %,d transactions of %,d customers from %s (%.1f s)%n", command,
                c.transactionsRead(), c.customersRead(), log.source(), readMillis / 1000.0);
        err.printf(Locale.ROOT, "%s: %,d customers summarised in %ss (%.1f s); %,d transactions used, %,d merged into another in the same period%n",
                command, s.size(), s.unit().label(), summaryMillis / 1000.0, c.transactionsUsed(), c.transactionsMerged());
        if (c.transactionsAfterEnd() > 0) {
            err.printf(Locale.ROOT, "%s: dropped %,d transactions after the observation end%n", command, c.transactionsAfterEnd());
        }
        if (c.customersExcludedCohort() > 0) {
            err.printf(Locale.ROOT, "%s: excluded %,d customers outside the cohort%n", command, c.customersExcludedCohort());
        }
        if (c.customersExcludedAfterCutoff() > 0) {
            err.printf(Locale.ROOT, "%s: excluded %,d customers whose first purchase is after the %s%n", command,
                    c.customersExcludedAfterCutoff(), s.hasHoldout() ? "calibration end" : "observation end");
        }
        // the odd rows and customers and what the rules did with them (the three above are already said)
        for (org.churnkit.data.Exclusions.Item item : s.exclusions().items()) {
            if (!java.util.Set.of(org.churnkit.data.Exclusions.AFTER_END, org.churnkit.data.Exclusions.OUTSIDE_COHORT,
                    org.churnkit.data.Exclusions.FIRST_PURCHASE_AFTER_END).contains(item.key())) {
                err.printf(Locale.ROOT, "%s: %s%n", command, item.line());
            }
        }
        if (s.hasHoldout()) {
            long h = 0;
            for (int i = 0; i < s.size(); i++) {
                h += s.frequencyHoldout(i);
            }
            err.printf(Locale.ROOT, "%s: holdout of %s %ss with %,d transactions%n", command,
                    org.churnkit.io.ColumnTable.formatDouble(s.durationHoldout()), s.unit().label(), h);
        }
        err.flush();
    }
}
