package org.churnkit.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The command line of a {@code spark-submit} job: {@code --name value} options and {@code --name}
 * flags, declared once per job in a {@link Spec} that also renders its {@code --help}. Every job
 * of this package parses with it, so flags, errors and help read the same everywhere.
 *
 * <p>Rules: each argument is a declared name ({@code --name}); a valued option takes the next
 * argument as its value (which may start with {@code -}, e.g. a negative number); an option given
 * twice keeps the last value; {@code --help} or {@code -h} anywhere asks for the usage (nothing
 * else is checked then). An unknown name, a missing value or a missing required option is a
 * {@link UsageException} naming the option, with the usage line.
 *
 * <pre>{@code
 * static final JobArguments.Spec SPEC = JobArguments.Spec.of("SummariseJob",
 *         "Summarise a transaction log per customer.")
 *     .required("--input", "PATH", "transactions, Parquet")
 *     .option("--time-unit", "UNIT", "day, week (default), month")
 *     .flag("--overwrite", "replace an existing output")
 *     .example("--input tx.parquet --output summaries.parquet");
 *
 * public static void main(String[] args) {
 *     JobArguments.main(SPEC, args, a -> { ...; return 0; });
 * }
 * }</pre>
 */
public final class JobArguments {
    private static final int WIDTH = 80;

    private final Spec spec;
    private final Map<String, String> values;
    private final boolean help;

    private JobArguments(Spec spec, Map<String, String> values, boolean help) {
        this.spec = spec;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.help = help;
    }

    /**
     * A bad command line: an unknown option, an option without its value, a missing required
     * option or a value of the wrong form. The message names the option; {@link #usage()} is the
     * job's usage line.
     */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** The job's usage line (synopsis), printed after the message. */
        private final String usage;

        /**
         * An error with the job's synopsis.
         *
         * @param message what is wrong, naming the option
         * @param usage the job's synopsis
         */
        public UsageException(String message, String usage) {
            super(message + "; " + usage);
            this.usage = usage;
        }

        /**
         * The job's synopsis.
         *
         * @return the usage line of the job whose arguments were wrong
         */
        public String usage() {
            return usage;
        }
    }

    /**
     * One option of a job.
     *
     * @param name the option, with its dashes ({@code --input})
     * @param label the value's placeholder in the usage ({@code PATH}), or {@code null} for a flag
     * @param description what it means, its default, its unit
     * @param required whether the job refuses to run without it
     */
    public record Option(String name, String label, String description, boolean required) {
        /**
         * Checks the name.
         *
         * @throws IllegalArgumentException when the name does not start with {@code --}
         */
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            if (!name.startsWith("--") || name.length() < 3) {
                throw new IllegalArgumentException("an option name starts with --, got '" + name + "'");
            }
        }

        /**
         * Whether the option takes no value.
         *
         * @return {@code true} for a flag such as {@code --overwrite}
         */
        public boolean isFlag() {
            return label == null;
        }

        private String synopsis() {
            return isFlag() ? name : name + " " + label;
        }
    }

    /**
     * A job's options, summary and examples: what it accepts and its {@code --help}. Immutable;
     * each method returns a copy with one more entry.
     */
    public static final class Spec {
        private final String job;
        private final String summary;
        private final List<Option> options;
        private final List<String> examples;

        private Spec(String job, String summary, List<Option> options, List<String> examples) {
            this.job = job;
            this.summary = summary;
            this.options = List.copyOf(options);
            this.examples = List.copyOf(examples);
        }

        /**
         * A job with no option yet.
         *
         * @param job the job's class name as given to {@code spark-submit --class} (simple name)
         * @param summary one sentence saying what the job does
         * @return the spec
         */
        public static Spec of(String job, String summary) {
            return new Spec(Objects.requireNonNull(job, "job"), Objects.requireNonNull(summary, "summary"),
                    List.of(), List.of());
        }

        private Spec with(Option o) {
            for (Option e : options) {
                if (e.name().equals(o.name())) {
                    throw new IllegalArgumentException("option " + o.name() + " declared twice");
                }
            }
            List<Option> l = new ArrayList<>(options);
            l.add(o);
            return new Spec(job, summary, l, examples);
        }

        /**
         * Adds an option the job cannot run without.
         *
         * @param name the option ({@code --input})
         * @param label the value's placeholder ({@code PATH})
         * @param description what it means
         * @return a copy with the option
         */
        public Spec required(String name, String label, String description) {
            return with(new Option(name, Objects.requireNonNull(label, "label"), description, true));
        }

        /**
         * Adds an optional option with a value.
         *
         * @param name the option ({@code --time-unit})
         * @param label the value's placeholder ({@code UNIT})
         * @param description what it means, with its default
         * @return a copy with the option
         */
        public Spec option(String name, String label, String description) {
            return with(new Option(name, Objects.requireNonNull(label, "label"), description, false));
        }

        /**
         * Adds a flag (an option without a value).
         *
         * @param name the flag ({@code --overwrite})
         * @param description what it means
         * @return a copy with the flag
         */
        public Spec flag(String name, String description) {
            return with(new Option(name, null, description, false));
        }

        /**
         * Adds an example: the job's arguments (after the jar on the submit line).
         *
         * @param arguments the arguments, e.g. {@code --input tx.parquet --output s.parquet}
         * @return a copy with the example
         */
        public Spec example(String arguments) {
            List<String> l = new ArrayList<>(examples);
            l.add(Objects.requireNonNull(arguments, "arguments"));
            return new Spec(job, summary, options, l);
        }

        /**
         * The job's name.
         *
         * @return the simple class name given to {@link #of}
         */
        public String job() {
            return job;
        }

        /**
         * The options in the order declared.
         *
         * @return the options, unmodifiable
         */
        public List<Option> options() {
            return options;
        }

        /**
         * The option of this name, if declared.
         *
         * @param name the option ({@code --input})
         * @return the option, or {@code null} when the job has none of this name
         */
        public Option find(String name) {
            for (Option o : options) {
                if (o.name().equals(name)) {
                    return o;
                }
            }
            return null;
        }

        /**
         * The one-line synopsis: required options first as given, optional ones in brackets.
         *
         * @return e.g. {@code usage: SummariseJob --input PATH --output PATH [--overwrite]}
         */
        public String synopsis() {
            StringBuilder b = new StringBuilder("usage: ").append(job);
            for (Option o : options) {
                b.append(' ').append(o.required() ? o.synopsis() : "[" + o.synopsis() + "]");
            }
            return b.toString();
        }

        /**
         * The full help, wrapped at 80 columns: summary, synopsis, one paragraph per option and
         * the examples as {@code spark-submit} lines.
         *
         * @return the text {@code --help} prints
         */
        public String help() {
            StringBuilder b = new StringBuilder();
            wrap(b, "", "", summary);
            wrap(b, "", "    ", synopsis());
            b.append('\n').append("Options:\n");
            String indent = " ".repeat(26);
            for (Option o : options) {
                option(b, "  " + o.synopsis(), (o.required() ? "(required) " : "") + o.description(), indent);
            }
            option(b, "  --help", "print this help and exit", indent);
            if (!examples.isEmpty()) {
                b.append('\n').append("Examples:\n");
                for (String e : examples) {
                    command(b, "spark-submit --class org.churnkit.spark." + job + " churnkit-spark.jar " + e);
                }
            }
            return b.toString();
        }

        /** An option's synopsis, its description wrapped in a column (on the next line when the synopsis is long). */
        private static void option(StringBuilder b, String head, String text, String indent) {
            if (head.length() < indent.length() - 1) {
                wrap(b, head + " ".repeat(indent.length() - head.length()), indent, text);
            } else {
                b.append(head).append('\n');
                wrap(b, indent, indent, text);
            }
        }

        /** Greedy word wrap of one paragraph at 80 columns. */
        private static void wrap(StringBuilder b, String first, String rest, String text) {
            StringBuilder line = new StringBuilder(first);
            int start = first.length();
            for (String w : text.strip().split(" +")) {
                if (line.length() > start && line.length() + 1 + w.length() > WIDTH) {
                    b.append(line).append('\n');
                    line = new StringBuilder(rest);
                    start = rest.length();
                }
                if (line.length() > start) {
                    line.append(' ');
                }
                line.append(w);
            }
            b.append(line).append('\n');
        }

        /** A shell command wrapped with backslashes before an option, an option and its value kept together. */
        private static void command(StringBuilder b, String command) {
            List<String> parts = new ArrayList<>();
            for (String w : command.split(" +")) {
                int last = parts.size() - 1;
                if (last >= 0 && parts.get(last).startsWith("--") && !parts.get(last).contains(" ") && !w.startsWith("--")) {
                    parts.set(last, parts.get(last) + " " + w);
                } else {
                    parts.add(w);
                }
            }
            StringBuilder line = new StringBuilder("  ");
            for (String w : parts) {
                if (line.length() > 2 && line.length() + 1 + w.length() > WIDTH - 2) {
                    b.append(line).append(" \\\n");
                    line = new StringBuilder("      ");
                } else if (line.length() > 2) {
                    line.append(' ');
                }
                line.append(w);
            }
            b.append(line).append('\n');
        }
    }

    /**
     * Parses a command line.
     *
     * @param spec what the job accepts
     * @param args the arguments after the jar on the submit line
     * @return the options given; when {@code --help} or {@code -h} is among them,
     *     {@link #helpRequested()} is true and nothing else was checked
     * @throws UsageException naming the option when an option is unknown, lacks its value or a
     *     required option is missing
     */
    public static JobArguments parse(Spec spec, String... args) {
        Objects.requireNonNull(spec, "spec");
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return new JobArguments(spec, Map.of(), true);
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            Option o = spec.find(k);
            if (o == null) {
                throw new UsageException("unknown option '" + k + "'" + (k.startsWith("-") ? "" : " (options start with --)"),
                        spec.synopsis());
            }
            if (o.isFlag()) {
                m.put(k, "true");
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException(k + " needs a value (" + o.label() + ")", spec.synopsis());
                }
                m.put(k, args[++i]);
            }
        }
        return of(spec, m);
    }

    /**
     * Arguments given as a map (tests, notebooks): option name to value, {@code "true"} for a flag.
     *
     * @param spec what the job accepts
     * @param values option name ({@code --input}) to value
     * @return the arguments
     * @throws UsageException naming the option when an option is unknown or a required one missing
     */
    public static JobArguments of(Spec spec, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (spec.find(e.getKey()) == null) {
                throw new UsageException("unknown option '" + e.getKey() + "'", spec.synopsis());
            }
            Objects.requireNonNull(e.getValue(), e.getKey());
        }
        for (Option o : spec.options()) {
            if (o.required() && !values.containsKey(o.name())) {
                throw new UsageException("missing " + o.name() + " " + o.label(), spec.synopsis());
            }
        }
        return new JobArguments(spec, values, false);
    }

    /**
     * Runs a job's {@code main}: prints the help to standard output on {@code --help}, a usage
     * error (message and synopsis, "--help for more") to standard error with exit code 2, and
     * otherwise runs {@code job}. Exits the JVM only with a non-zero code, so that a
     * {@code spark-submit} driver ends normally after a successful job.
     *
     * @param spec what the job accepts
     * @param args the arguments of {@code main}
     * @param job the job: its exit code (0 for success)
     */
    public static void main(Spec spec, String[] args, ToIntFunction<JobArguments> job) {
        int code = launch(spec, args, System.out, System.err, job);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * {@link #main} without exiting: for tests.
     *
     * @param spec what the job accepts
     * @param args the command line
     * @param out where the help goes
     * @param err where a usage error goes
     * @param job the job
     * @return the exit code: the job's, 0 after the help, 2 after a usage error
     */
    public static int launch(Spec spec, String[] args, PrintStream out, PrintStream err, ToIntFunction<JobArguments> job) {
        JobArguments a;
        try {
            a = parse(spec, args);
        } catch (UsageException e) {
            err.println(spec.job() + ": " + e.getMessage().substring(0, e.getMessage().length() - e.usage().length() - 2));
            err.println(e.usage());
            err.println("(--help for the options and an example)");
            err.flush();
            return 2;
        }
        if (a.helpRequested()) {
            out.print(spec.help());
            out.flush();
            return 0;
        }
        return job.applyAsInt(a);
    }

    /**
     * Whether {@code --help} was asked for.
     *
     * @return {@code true} when the command line held {@code --help} or {@code -h}
     */
    public boolean helpRequested() {
        return help;
    }

    /**
     * What the job accepts.
     *
     * @return the spec parsed against
     */
    public Spec spec() {
        return spec;
    }

    /**
     * The options given.
     *
     * @return option name to value ({@code "true"} for a flag), in the order given, unmodifiable
     */
    public Map<String, String> asMap() {
        return values;
    }

    private void declared(String name) {
        if (spec.find(name) == null) {
            throw new IllegalStateException(spec.job() + " declares no option " + name);
        }
    }

    /**
     * Whether the option (or flag) was given.
     *
     * @param name a declared option
     * @return {@code true} when given
     */
    public boolean has(String name) {
        declared(name);
        return values.containsKey(name);
    }

    /**
     * The option's value.
     *
     * @param name a declared option
     * @return its value, or {@code null} when not given
     */
    public String get(String name) {
        declared(name);
        return values.get(name);
    }

    /**
     * The option's value or a default.
     *
     * @param name a declared option
     * @param otherwise the value when not given
     * @return its value, or {@code otherwise}
     */
    public String get(String name, String otherwise) {
        String v = get(name);
        return v == null ? otherwise : v;
    }

    /**
     * The value of an option the job needs here (required or not in the spec).
     *
     * @param name a declared option
     * @return its value
     * @throws UsageException "missing NAME" when not given
     */
    public String require(String name) {
        String v = get(name);
        if (v == null) {
            Option o = spec.find(name);
            throw new UsageException("missing " + name + (o.isFlag() ? "" : " " + o.label()), spec.synopsis());
        }
        return v;
    }

    /**
     * Refuses an option given without the one it depends on.
     *
     * @param name a declared option
     * @param needs the option it needs
     * @throws UsageException "NAME needs NEEDS" when {@code name} is given without {@code needs}
     */
    public void requireWith(String name, String needs) {
        if (has(name) && !has(needs)) {
            throw new UsageException(name + " needs " + needs, spec.synopsis());
        }
    }

    /**
     * The option's value as a number.
     *
     * @param name a declared option, given
     * @return the value parsed as a double
     * @throws UsageException naming the option when it is missing or not a number
     */
    public double number(String name) {
        String v = require(name);
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got '" + v + "'", spec.synopsis());
        }
    }

    /**
     * The option's value as a finite positive number.
     *
     * @param name a declared option, given
     * @return the value, finite and {@code > 0}
     * @throws UsageException naming the option when it is missing, not a number, not finite or not positive
     */
    public double positive(String name) {
        double d = number(name);
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new UsageException(name + " must be finite and positive, got " + get(name), spec.synopsis());
        }
        return d;
    }

    /**
     * The option's value as a positive whole number.
     *
     * @param name a declared option, given
     * @return the value, {@code >= 1}
     * @throws UsageException naming the option when it is missing or not a positive integer
     */
    public int positiveInt(String name) {
        String v = require(name);
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new UsageException(name + " must be a whole number >= 1, got '" + v + "'", spec.synopsis());
    }

    /**
     * The option's value parsed by a library parser, its {@link IllegalArgumentException}
     * reported as a usage error naming the option.
     *
     * @param <T> the parsed type
     * @param name a declared option, given
     * @param parser e.g. {@code TimeUnit::parse}
     * @return the parsed value
     * @throws UsageException naming the option when it is missing or the parser refuses it
     */
    public <T> T parsed(String name, java.util.function.Function<String, T> parser) {
        String v = require(name);
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            throw new UsageException(name + ": " + e.getMessage(), spec.synopsis());
        }
    }
}
