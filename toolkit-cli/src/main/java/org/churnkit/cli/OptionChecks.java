package org.churnkit.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.churnkit.model.ModelKind;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Checks every command's options before it runs, so that a value outside its range is a usage
 * error (exit 2, picocli's parameter exception with the command's usage), never an internal error
 * or a half-done run: every number must be finite, and the options below must lie in their ranges
 * whatever command has them. Model and data compatibility (a discrete-time model on a
 * continuous-time log) is checked here too.
 */
final class OptionChecks {
    private OptionChecks() {}

    /** Range of an option: lower and upper bounds, whether each is inclusive, and why (or empty). */
    private record Range(double lo, boolean loIn, double hi, boolean hiIn, String why) {
        Range(double lo, boolean loIn, double hi, boolean hiIn) {
            this(lo, loIn, hi, hiIn, "");
        }

        boolean holds(double v) {
            return (loIn ? v >= lo : v > lo) && (hiIn ? v <= hi : v < hi);
        }

        String text() {
            if (hi == Double.POSITIVE_INFINITY) {
                return lo == 0 && !loIn ? "a positive number" : (loIn ? ">= " : "> ") + fmt(lo);
            }
            return (loIn ? "[" : "(") + fmt(lo) + ", " + fmt(hi) + (hiIn ? "]" : ")");
        }

        private static String fmt(double v) {
            return org.churnkit.io.ColumnTable.formatDouble(v);
        }
    }

    private static final Range POSITIVE = new Range(0, false, Double.POSITIVE_INFINITY, false);
    private static final Range NON_NEGATIVE = new Range(0, true, Double.POSITIVE_INFINITY, false);
    private static final Range AT_LEAST_ONE = new Range(1, true, Double.POSITIVE_INFINITY, false);
    private static final Range PROBABILITY = new Range(0, true, 1, true);

    /** Ranges by option name; the same name means the same thing in every command. */
    private static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("--horizon", POSITIVE),
            Map.entry("--recent-window", POSITIVE),
            Map.entry("--window-length", POSITIVE),
            Map.entry("--gap", new Range(0, true, Double.POSITIVE_INFINITY, false,
                    " (a negative gap starts the test window before the origin)")),
            Map.entry("--discount-rate", NON_NEGATIVE),
            Map.entry("--annual-discount-rate", NON_NEGATIVE),
            Map.entry("--margin", PROBABILITY),
            Map.entry("--periods-per-year", POSITIVE),
            Map.entry("--incentive", NON_NEGATIVE),
            Map.entry("--contact-cost", NON_NEGATIVE),
            Map.entry("--acceptance", PROBABILITY),
            Map.entry("--non-churner-acceptance", PROBABILITY),
            Map.entry("--budget", NON_NEGATIVE),
            Map.entry("--budget-money", NON_NEGATIVE),
            Map.entry("--clv", NON_NEGATIVE),
            Map.entry("--customers", AT_LEAST_ONE),
            Map.entry("--max-iterations", AT_LEAST_ONE),
            Map.entry("--restarts", AT_LEAST_ONE),
            Map.entry("--top", AT_LEAST_ONE),
            Map.entry("--periods", POSITIVE),
            Map.entry("--join-periods", NON_NEGATIVE),
            Map.entry("--calibration-end", NON_NEGATIVE));

    /** Options named like these in {@code profit} are the acceptance rate's Beta shapes. */
    private static final Map<String, Range> PROFIT_RANGES = Map.of("--alpha", POSITIVE, "--beta", POSITIVE);

    /**
     * Checks the options of the command that is about to run (the last subcommand of {@code parsed}).
     *
     * @param parsed the parse result of the whole command line
     * @throws ParameterException naming the option, the value and the range expected
     */
    static void check(ParseResult parsed) {
        ParseResult p = parsed;
        while (p.subcommand() != null) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return;
            }
            p = p.subcommand();
        }
        if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
            return;
        }
        CommandLine cl = p.commandSpec().commandLine();
        String command = p.commandSpec().name();
        for (OptionSpec o : p.commandSpec().options()) {
            if (!p.hasMatchedOption(o) && o.defaultValue() == null) {
                continue; // not given and no default: a primitive's 0 is not the user's value
            }
            Object value = o.getValue();
            String name = o.longestName();
            String shown = typedName(p, o);
            if (value instanceof List<?> list) {
                for (Object v : list) {
                    checkValue(cl, command, name, shown, v);
                }
            } else {
                checkValue(cl, command, name, shown, value);
            }
        }
        if (command.equals("fit") && p.commandSpec().findOption("--model").getValue() instanceof FitCommand.ModelChoice c
                && c.transaction() == ModelKind.BG_BB
                && p.commandSpec().findOption("--log").getValue() != null) {
            throw new ParameterException(cl, "--model bg-bb with --log: bg-bb is a discrete-time model (x transactions in n "
                    + "opportunities) and a summarised log gives continuous time; give a recency-frequency table with "
                    + "--input, or fit pareto-nbd, bg-nbd or mbg-nbd to the log");
        }
        if (command.equals("backtest")) {
            Object models = p.commandSpec().findOption("--models").getValue();
            if (models instanceof List<?> list) {
                for (Object m : list) {
                    ModelKind kind;
                    try {
                        kind = ModelKind.parse(String.valueOf(m));
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(cl, "--models: " + e.getMessage());
                    }
                    if (kind == ModelKind.BG_BB || kind.isSpendModel()) {
                        throw new ParameterException(cl, "--models: " + kind.id() + " cannot be backtested on a transaction "
                                + "log: " + (kind.isSpendModel() ? "it models spend, not transactions"
                                : "it is a discrete-time model (x transactions in n opportunities), while the log gives "
                                + "continuous time") + "; use pareto-nbd, bg-nbd or mbg-nbd");
                    }
                }
            }
        }
    }

    /**
     * The name of {@code o} as the user typed it ({@code --discount-rate} rather than its alias
     * {@code --annual-discount-rate}), so that an error names what is on the user's command line;
     * the longest name when the value is a default.
     */
    private static String typedName(ParseResult p, OptionSpec o) {
        for (String arg : p.originalArgs()) {
            for (String n : o.names()) {
                if (arg.equals(n) || arg.startsWith(n + "=")) {
                    return n;
                }
            }
        }
        return o.longestName();
    }

    private static void checkValue(CommandLine cl, String command, String name, String shown, Object value) {
        if (!(value instanceof Number n)) {
            return;
        }
        double v = n.doubleValue();
        if ((value instanceof Double || value instanceof Float) && !Double.isFinite(v)) {
            throw new ParameterException(cl, shown + ": expected a finite number, got " + value);
        }
        Range r = command.equals("profit") && PROFIT_RANGES.containsKey(name) ? PROFIT_RANGES.get(name) : RANGES.get(name);
        if (r != null && !r.holds(v)) {
            throw new ParameterException(cl, String.format(Locale.ROOT, "%s: expected %s%s, got %s", shown, r.text(),
                    r.why(), value));
        }
    }
}
