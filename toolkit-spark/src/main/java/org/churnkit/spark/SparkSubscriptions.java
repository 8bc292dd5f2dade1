package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.RenewalCalendar;
import org.churnkit.contractual.SubscriptionReadOptions;
import org.churnkit.contractual.Subscriptions;
import org.churnkit.contractual.SurvivorTable;
import org.churnkit.data.DateParser;
import org.churnkit.data.Exclusions;
import org.churnkit.data.TimeUnit;

/**
 * A subscription table as a DataFrame, read by the rules of {@link Subscriptions#read}: the same
 * two shapes ({@code customer_id, start, end}, the end null or empty while active; or
 * {@code customer_id, periods, cancelled}), the same column names and cohort grouping
 * ({@link SubscriptionReadOptions}; its file format and encoding do not apply), the same renewal
 * rule ({@link RenewalCalendar}, per row on the executors) and the same exclusions: subscriptions
 * ending before they start or starting after the as-of date are dropped, the earlier
 * subscriptions of a subscriber who subscribed again are dropped (the latest start kept; equal
 * starts: the later row in the order Spark reads the table, which for one file is the file's),
 * and ends after the as-of date count as active. Without an as-of date it is the latest start or
 * end date of the table, as in the core.
 *
 * <p>The result, {@link #subscribers()}, has one row per subscriber: {@code customer_id} (text,
 * stripped), {@code cohort} ({@link SurvivorTable#ALL} without cohorts), {@code periods} (int,
 * {@code >= 1}: the periods paid for, see {@link Subscriptions}), {@code cancelled} (boolean),
 * then every other column of the table unchanged (a price, for instance). Cells are read as the
 * core reads a file: typed columns by their value, text by the core's rules (a whole number may be
 * written {@code 3.0}; flags 1/0, true/false, yes/no, y/n, t/f; dates in the options' format, or
 * detected from the column's first non-empty cell for {@code auto}; Spark date and timestamp
 * columns as UTC days).
 *
 * <p>Bad rows are refused before anything is fitted or scored: a row without an id, periods that
 * are not a whole number {@code >= 1}, a flag that is not one, a start that is not a date, an empty
 * cohort, or (periods shape) an id given twice is a {@link ChurnkitException} counting the rows of
 * each kind and naming the first subscriber of each (the smallest id; a row without an id is shown
 * by its other cells). Reading runs a few small jobs at once (the checks, the as-of date, the
 * exclusions); {@link #subscribers()} itself is lazy and recomputed by each job that uses it
 * (cache it for several). Immutable.
 */
public final class SparkSubscriptions {
    /** The subscriber id column of {@link #subscribers()}. */
    public static final String CUSTOMER_ID = "customer_id";
    /** The cohort column of {@link #subscribers()}. */
    public static final String COHORT = "cohort";
    /** The periods column of {@link #subscribers()}. */
    public static final String PERIODS = "periods";
    /** The cancel flag column of {@link #subscribers()}. */
    public static final String CANCELLED = "cancelled";

    private final Dataset<Row> subscribers;
    private final TimeUnit period;
    private final LocalDate asOf;
    private final boolean grouped;
    private final Exclusions exclusions;
    private final List<String> notes;

    private SparkSubscriptions(Dataset<Row> subscribers, TimeUnit period, LocalDate asOf, boolean grouped,
                               Exclusions exclusions, List<String> notes) {
        this.subscribers = subscribers;
        this.period = period;
        this.asOf = asOf;
        this.grouped = grouped;
        this.exclusions = exclusions;
        this.notes = List.copyOf(notes);
    }

    /**
     * Reads a subscription table: the periods shape when it has both the periods and the cancelled
     * column, the dates shape otherwise (as {@link Subscriptions#from}).
     *
     * @param table the subscription table, one row per subscription
     * @param o the columns, date format and zone, renewal period, as-of date and cohort grouping
     * @return the subscribers, with what was excluded
     * @throws ChurnkitException when a needed column is missing (naming those there are), the
     *     table has no row or no usable subscription, or rows are bad (counted, the first named)
     */
    public static SparkSubscriptions of(Dataset<Row> table, SubscriptionReadOptions o) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(o, "options");
        List<String> names = List.of(table.columns());
        boolean periodsShape = names.contains(o.periodsColumn()) && names.contains(o.cancelledColumn());
        List<String> need = periodsShape ? List.of(o.idColumn()) : List.of(o.idColumn(), o.startColumn(), o.endColumn());
        if (!periodsShape && !names.contains(o.startColumn())) {
            throw new ChurnkitException("the subscription table: expected the columns " + o.idColumn() + ", "
                    + o.startColumn() + ", " + o.endColumn() + " (dates) or " + o.idColumn() + ", " + o.periodsColumn()
                    + ", " + o.cancelledColumn() + " (periods); it has " + names);
        }
        for (String c : need) {
            if (!names.contains(c)) {
                throw new ChurnkitException("the subscription table has no '" + c + "' column (columns: "
                        + String.join(", ", names) + ")");
            }
        }
        boolean byStart = o.cohortBy() == SubscriptionReadOptions.CohortBy.MONTH
                || o.cohortBy() == SubscriptionReadOptions.CohortBy.YEAR;
        if (periodsShape && byStart && !names.contains(o.startColumn())) {
            throw new ChurnkitException("the subscription table: cohorts by start " + o.cohortBy().label() + " need the "
                    + "start dates: expected a column named '" + o.startColumn() + "'; it has " + names);
        }
        boolean cohortColumn = o.cohortBy() == SubscriptionReadOptions.CohortBy.COLUMN && names.contains(o.cohortColumn());
        boolean grouped = cohortColumn || byStart;
        boolean readStart = !periodsShape || byStart;
        Cells cells = new Cells(names.indexOf(o.idColumn()),
                periodsShape ? names.indexOf(o.periodsColumn()) : -1, periodsShape ? names.indexOf(o.cancelledColumn()) : -1,
                readStart ? names.indexOf(o.startColumn()) : -1, periodsShape ? -1 : names.indexOf(o.endColumn()),
                cohortColumn ? names.indexOf(o.cohortColumn()) : -1, o.cohortBy(),
                readStart ? dateFormat(table, o.startColumn(), o) : null,
                periodsShape ? null : dateFormat(table, o.endColumn(), o), o.zone(),
                new String[] {o.idColumn(), o.periodsColumn(), o.cancelledColumn(), o.startColumn(), o.endColumn(),
                    o.cohortColumn()}, names.size());
        List<String> used = List.of(o.idColumn(), o.startColumn(), o.endColumn(), o.periodsColumn(), o.cancelledColumn(),
                o.cohortColumn(), CUSTOMER_ID, COHORT, PERIODS, CANCELLED);
        List<Column> carried = new ArrayList<>();
        for (String n : names) {
            if (!used.contains(n)) {
                carried.add(SparkCovariates.column(n));
            }
        }
        StructType schema = new StructType(table.schema().fields())
                .add("__order", DataTypes.LongType, false)
                .add("__id", DataTypes.StringType, true).add("__cohort", DataTypes.StringType, true)
                .add("__periods", DataTypes.IntegerType, true).add("__cancelled", DataTypes.BooleanType, true)
                .add("__start", DataTypes.LongType, true).add("__end", DataTypes.LongType, true)
                .add("__kind", DataTypes.StringType, true).add("__problem", DataTypes.StringType, true);
        Dataset<Row> read = table.withColumn("__order", monotonically_increasing_id()).map(cells, Encoders.row(schema));
        Row first = read.agg(count(lit(1)), sum(when(col("__kind").isNotNull(), 1).otherwise(0)),
                max(greatest(col("__start"), col("__end")))).first();
        if (first.getLong(0) == 0) {
            throw new ChurnkitException("the subscription table has no rows: expected one row per subscription");
        }
        if (first.getLong(1) > 0) {
            refuse(read, first.getLong(1));
        }
        List<Column> out = new ArrayList<>(List.of(col("__id").as(CUSTOMER_ID), col("__cohort").as(COHORT)));
        if (periodsShape) {
            requireDistinct(read);
            out.add(col("__periods").as(PERIODS));
            out.add(col("__cancelled").as(CANCELLED));
            out.addAll(carried);
            return new SparkSubscriptions(read.select(out.toArray(new Column[0])), o.period(), null, grouped,
                    Exclusions.none(), List.of());
        }
        List<String> notes = new ArrayList<>();
        LocalDate asOf = o.asOf();
        if (asOf == null) {
            asOf = LocalDate.ofEpochDay(first.getLong(2));
            notes.add("as-of date not given: the latest start or end date in the table, " + asOf);
        }
        long day = asOf.toEpochDay();
        Column start = col("__start");
        Column end = col("__end");
        Column endBefore = end.isNotNull().and(end.lt(start));
        Column startAfter = not(endBefore).and(start.gt(day));
        Row dropped = read.agg(sum(when(endBefore, 1).otherwise(0)), min(when(endBefore, col("__id"))),
                sum(when(startAfter, 1).otherwise(0)), min(when(startAfter, col("__id")))).first();
        // the latest subscription of each subscriber: by start, then by the order of the rows
        Dataset<Row> ranked = read.filter(not(endBefore).and(not(startAfter))).withColumn("__rank", row_number()
                .over(Window.partitionBy(col("__id")).orderBy(start.desc(), col("__order").desc())));
        Column earlier = col("__rank").gt(1);
        Column endAfter = col("__rank").equalTo(1).and(end.isNotNull()).and(end.gt(day));
        Row kept = ranked.agg(sum(when(col("__rank").equalTo(1), 1).otherwise(0)), sum(when(earlier, 1).otherwise(0)),
                min(when(earlier, col("__id"))), sum(when(endAfter, 1).otherwise(0)), min(when(endAfter, col("__id"))))
                .first();
        if (kept.isNullAt(0) || kept.getLong(0) == 0) {
            throw new ChurnkitException("the subscription table: no subscription to use: every row ends before it "
                    + "starts or starts after the as-of date " + asOf);
        }
        Exclusions ex = Exclusions.builder()
                .add(Subscriptions.END_BEFORE_START, dropped.getLong(0), "subscriptions", "ending before they start",
                        "dropped", example(dropped, 1))
                .add(Subscriptions.START_AFTER_AS_OF, dropped.getLong(2), "subscriptions", "starting after the as-of date "
                        + asOf, "dropped", example(dropped, 3))
                .add(Subscriptions.EARLIER_SUBSCRIPTION, kept.getLong(1), "subscriptions",
                        "of subscribers who subscribed again", "dropped, the latest subscription kept", example(kept, 2))
                .add(Subscriptions.END_AFTER_AS_OF, kept.getLong(3), "subscriptions", "ending after the as-of date " + asOf,
                        "counted as active at the as-of date", example(kept, 4))
                .build();
        UserDefinedFunction periods = org.apache.spark.sql.functions.udf(new PeriodsOf(o.period(), day),
                DataTypes.IntegerType);
        out.add(periods.apply(start, end, col("__id")).as(PERIODS));
        out.add(end.isNotNull().and(end.leq(day)).as(CANCELLED));
        out.addAll(carried);
        Dataset<Row> subs = ranked.filter(col("__rank").equalTo(1)).select(out.toArray(new Column[0]));
        return new SparkSubscriptions(subs, o.period(), asOf, grouped, ex, notes);
    }

    private static String example(Row r, int i) {
        return r.isNullAt(i) ? "" : "subscriber '" + r.getString(i) + "'";
    }

    /** The bad rows counted by kind, the first of each named. */
    private static void refuse(Dataset<Row> read, long bad) {
        List<Row> kinds = read.filter(col("__kind").isNotNull()).groupBy(col("__kind"))
                .agg(count(lit(1)), min(col("__problem"))).orderBy(col("__kind")).collectAsList();
        StringBuilder b = new StringBuilder("the subscription table has ").append(bad).append(" row(s) that cannot be "
                + "read:");
        String sep = " ";
        for (Row k : kinds) {
            b.append(sep).append(k.getLong(1)).append(" ").append(k.getString(0)).append(" (e.g. ")
                    .append(k.getString(2)).append(")");
            sep = "; ";
        }
        throw new ChurnkitException(b.toString());
    }

    /** The periods shape has one row per subscriber: a repeated id is an error naming it. */
    private static void requireDistinct(Dataset<Row> read) {
        Dataset<Row> twice = read.groupBy(col("__id")).agg(count(lit(1)).as("n")).filter(col("n").gt(1));
        List<Row> first = twice.orderBy(col("__id")).limit(1).collectAsList();
        if (!first.isEmpty()) {
            throw new ChurnkitException("the subscription table: " + twice.count() + " subscriber(s) are given more "
                    + "than once, e.g. subscriber '" + first.get(0).getString(0) + "' (" + first.get(0).getLong(1)
                    + " rows): one row per subscriber");
        }
    }

    /**
     * The date format of a text column: the options' format, or for {@code auto} the format of
     * the column's first non-empty cell ({@link DateParser#detect}); {@code null} for a Spark date
     * or timestamp column.
     */
    private static String dateFormat(Dataset<Row> table, String column, SubscriptionReadOptions o) {
        StructField f = table.schema().apply(column);
        if (f.dataType() instanceof org.apache.spark.sql.types.DateType
                || f.dataType() instanceof org.apache.spark.sql.types.TimestampType
                || f.dataType() instanceof org.apache.spark.sql.types.TimestampNTZType) {
            return null;
        }
        if (!"auto".equalsIgnoreCase(o.dateFormat())) {
            try {
                return DateParser.of(o.dateFormat(), o.zone()).format();
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException(e.getMessage(), e);
            }
        }
        Column text = trim(SparkCovariates.column(column).cast(DataTypes.StringType));
        List<Row> cell = table.select(text).filter(text.isNotNull().and(text.notEqual(""))).limit(1).collectAsList();
        if (cell.isEmpty()) {
            return "iso";
        }
        DateParser p = DateParser.detect(cell.get(0).getString(0), o.zone());
        if (p == null) {
            throw new ChurnkitException("the subscription table: cannot tell the date format of column '" + column
                    + "' from '" + cell.get(0).getString(0) + "': give it (yyyyMMdd, iso-date, iso, epoch, epoch-millis "
                    + "or a pattern such as dd/MM/yyyy)");
        }
        return p.format();
    }

    /**
     * The subscribers: {@code customer_id, cohort, periods, cancelled} and the table's other
     * columns (see the class description). Lazy.
     *
     * @return one row per subscriber
     */
    public Dataset<Row> subscribers() {
        return subscribers;
    }

    /**
     * The renewal period.
     *
     * @return the unit of {@code periods}
     */
    public TimeUnit period() {
        return period;
    }

    /**
     * The as-of date the periods were counted to.
     *
     * @return the date, or {@code null} for the periods shape
     */
    public LocalDate asOf() {
        return asOf;
    }

    /**
     * Whether the cohorts come from a cohort column of the table (or the start dates), as opposed
     * to one cohort of everyone ({@link SurvivorTable#ALL}).
     *
     * @return true when {@code cohort} was read or derived
     */
    public boolean grouped() {
        return grouped;
    }

    /**
     * What was left out or treated by a stated rule, as {@link Subscriptions#exclusions()}.
     *
     * @return the exclusions (none for the periods shape)
     */
    public Exclusions exclusions() {
        return exclusions;
    }

    /**
     * Remarks on how the table was read (the as-of date when it was taken from the table).
     *
     * @return the notes, possibly empty
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * One row's cells as the core reads them: the id, periods, flag, start and end days and cohort,
     * or the first problem found ({@code __kind} names its kind, {@code __problem} the subscriber).
     * Date parsers are made once per task.
     */
    private static final class Cells implements MapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final int idAt;
        private final int periodsAt;
        private final int cancelledAt;
        private final int startAt;
        private final int endAt;
        private final int cohortAt;
        private final SubscriptionReadOptions.CohortBy cohortBy;
        private final String startFormat;
        private final String endFormat;
        private final ZoneId zone;
        private final String[] columns;
        private final int width;
        private transient DateParser startParser;
        private transient DateParser endParser;

        Cells(int idAt, int periodsAt, int cancelledAt, int startAt, int endAt, int cohortAt,
              SubscriptionReadOptions.CohortBy cohortBy, String startFormat, String endFormat, ZoneId zone,
              String[] columns, int width) {
            this.idAt = idAt;
            this.periodsAt = periodsAt;
            this.cancelledAt = cancelledAt;
            this.startAt = startAt;
            this.endAt = endAt;
            this.cohortAt = cohortAt;
            this.cohortBy = cohortBy;
            this.startFormat = startFormat;
            this.endFormat = endFormat;
            this.zone = zone;
            this.columns = columns;
            this.width = width;
        }

        @Override
        public Row call(Row r) {
            Object[] v = new Object[width + 9];
            for (int j = 0; j <= width; j++) {
                v[j] = r.get(j);
            }
            String id = text(r, idAt);
            String who = "subscriber '" + id + "'";
            if (id.isEmpty()) {
                StringBuilder b = new StringBuilder("a row without a subscriber id: ");
                String sep = "";
                int[] at = {periodsAt, cancelledAt, startAt, endAt, cohortAt};
                for (int k = 0; k < at.length; k++) {
                    if (at[k] >= 0) {
                        b.append(sep).append(columns[k + 1]).append(" ").append(shown(r, at[k]));
                        sep = ", ";
                    }
                }
                return problem(v, "without a subscriber id", b.toString());
            }
            v[width + 1] = id;
            if (periodsAt >= 0) {
                Long p = wholeNumber(r.get(periodsAt));
                if (p == null || p < 1 || p > Integer.MAX_VALUE) {
                    return problem(v, "with periods that are not a whole number >= 1", who + ": column '" + columns[1]
                            + "': expected the periods paid for, a whole number >= 1, found " + shown(r, periodsAt));
                }
                Boolean c = flag(r.get(cancelledAt));
                if (c == null) {
                    return problem(v, "with a cancel flag that is not 1 or 0", who + ": column '" + columns[2]
                            + "': expected 1 or 0 (or true/false, yes/no), found " + shown(r, cancelledAt));
                }
                v[width + 3] = (int) (long) p;
                v[width + 4] = c;
            }
            Long start = null;
            if (startAt >= 0) {
                start = day(r, startAt, true);
                if (start == null) {
                    return problem(v, "with a start that is not a date", who + ": column '" + columns[3] + "': expected "
                            + expected(true) + ", found " + shown(r, startAt));
                }
                v[width + 5] = start;
            }
            if (endAt >= 0) {
                Long end = day(r, endAt, false);
                if (end != null && end == Long.MIN_VALUE) {
                    return problem(v, "with an end that is not a date", who + ": column '" + columns[4] + "': expected "
                            + expected(false) + " or an empty cell, found " + shown(r, endAt));
                }
                v[width + 6] = end;
            }
            String cohort = SurvivorTable.ALL;
            if (cohortAt >= 0) {
                cohort = text(r, cohortAt);
                if (cohort.isEmpty()) {
                    return problem(v, "with an empty cohort", who + ": column '" + columns[5]
                            + "': expected a cohort name, found an empty cell");
                }
            } else if (cohortBy == SubscriptionReadOptions.CohortBy.MONTH) {
                cohort = YearMonth.from(LocalDate.ofEpochDay(start)).toString();
            } else if (cohortBy == SubscriptionReadOptions.CohortBy.YEAR) {
                cohort = Integer.toString(LocalDate.ofEpochDay(start).getYear());
            }
            v[width + 2] = cohort;
            return RowFactory.create(v);
        }

        private static Row problem(Object[] v, String kind, String text) {
            v[v.length - 2] = kind;
            v[v.length - 1] = text;
            return RowFactory.create(v);
        }

        private static String text(Row r, int at) {
            return r.isNullAt(at) ? "" : r.get(at).toString().strip();
        }

        private static String shown(Row r, int at) {
            String t = text(r, at);
            return t.isEmpty() ? "an empty cell" : "'" + t + "'";
        }

        /** The core's whole number: an integer, an integral double, or text of either; else null. */
        private static Long wholeNumber(Object cell) {
            if (cell instanceof Long || cell instanceof Integer || cell instanceof Short || cell instanceof Byte) {
                return ((Number) cell).longValue();
            }
            double v;
            if (cell instanceof Number n) {
                v = n.doubleValue();
            } else if (cell != null) {
                String s = cell.toString().strip();
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    try {
                        v = Double.parseDouble(s);
                    } catch (NumberFormatException e2) {
                        return null;
                    }
                }
            } else {
                return null;
            }
            return v == Math.rint(v) && Math.abs(v) < 9e15 ? (long) v : null;
        }

        /** The core's flag: 1/0, true/false, yes/no, y/n, t/f (any case), or a boolean; else null. */
        private static Boolean flag(Object cell) {
            if (cell instanceof Boolean b) {
                return b;
            }
            if (cell == null) {
                return null;
            }
            return switch (cell.toString().strip().toLowerCase(Locale.ROOT)) {
                case "1", "1.0", "true", "yes", "y", "t" -> Boolean.TRUE;
                case "0", "0.0", "false", "no", "n", "f" -> Boolean.FALSE;
                default -> null;
            };
        }

        private String expected(boolean start) {
            String f = start ? startFormat : endFormat;
            return f == null ? "a date" : DateParser.of(f, zone).expected();
        }

        /**
         * The cell as epoch days: null for an empty end (and for an empty or bad start),
         * {@link Long#MIN_VALUE} for an end that is not a date.
         */
        private Long day(Row r, int at, boolean isStart) {
            Object cell = r.get(at);
            if (cell instanceof java.sql.Date d) {
                return d.toLocalDate().toEpochDay();
            }
            if (cell instanceof LocalDate d) {
                return d.toEpochDay();
            }
            if (cell instanceof java.sql.Timestamp t) {
                return Math.floorDiv(t.toInstant().getEpochSecond(), 86_400L);
            }
            if (cell instanceof Instant t) {
                return Math.floorDiv(t.getEpochSecond(), 86_400L);
            }
            if (cell instanceof LocalDateTime t) {
                return t.toLocalDate().toEpochDay();
            }
            String s = cell == null ? "" : cell.toString().strip();
            if (s.isEmpty()) {
                return null;
            }
            DateParser p = isStart ? startParser : endParser;
            if (p == null) {
                String f = isStart ? startFormat : endFormat;
                p = DateParser.of(f == null ? "iso" : f, zone);
                if (isStart) {
                    startParser = p;
                } else {
                    endParser = p;
                }
            }
            long sec = p.parse(s);
            if (sec == DateParser.INVALID) {
                return isStart ? null : Long.MIN_VALUE;
            }
            return Math.floorDiv(sec, 86_400L);
        }
    }

    /**
     * A kept subscription's periods by {@link RenewalCalendar}'s rule, as {@link Subscriptions#read} counts them.
     *
     * @param unit the renewal period
     * @param asOfDay the as-of date, in epoch days
     */
    private record PeriodsOf(TimeUnit unit, long asOfDay) implements UDF3<Long, Long, String, Integer> {
        @Override
        public Integer call(Long start, Long end, String id) {
            RenewalCalendar cal = RenewalCalendar.of(unit);
            LocalDate s = LocalDate.ofEpochDay(start);
            boolean ended = end != null && end <= asOfDay;
            long p = (ended ? cal.renewalsBefore(s, LocalDate.ofEpochDay(end)) : cal.renewalsBy(s,
                    LocalDate.ofEpochDay(asOfDay))) + 1;
            if (p > Integer.MAX_VALUE) {
                throw new ChurnkitException("subscriber '" + id + "': more than " + Integer.MAX_VALUE + " "
                        + unit.label() + "s before the as-of date");
            }
            return (int) p;
        }
    }
}
