package org.churnkit.contractual;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.churnkit.data.DateParser;
import org.churnkit.data.Exclusions;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;

/**
 * Individual subscribers, one row each: how many periods each was observed for and whether they
 * cancelled, with their cohort and, when read from dates, their start and end. Read from a
 * subscription table in one of two shapes ({@link #read}):
 * <ul>
 *   <li>{@code customer_id, start, end}, the end empty for an active subscriber: the periods and
 *       the censoring follow from the dates by {@link RenewalCalendar}'s rule, as of a date;</li>
 *   <li>{@code customer_id, periods, cancelled}: the periods given (the file {@code summarize
 *       --contractual} writes, or one made elsewhere).</li>
 * </ul>
 *
 * <h2>Periods</h2>
 * {@code periods(i)} is the package's tenure: the periods paid for so far, {@code renewals + 1}
 * (1 for a subscriber who never renewed). A subscriber who cancelled did so at the end of that
 * period ({@code T = periods}); an active one is in it, their next renewal not yet known
 * ({@code T >= periods}). With the renewals of {@link RenewalCalendar}: a cancelled subscriber
 * with {@code n} renewals before their end has {@code n + 1} periods, an active one with {@code n}
 * renewal dates passed by the as-of date also {@code n + 1}.
 *
 * <h2>Odd rows</h2>
 * Rows that cannot be used are counted in {@link #exclusions()}, never dropped silently: a
 * subscription that ends before it starts, one that starts after the as-of date, the earlier
 * subscriptions of a subscriber who subscribed again (the latest is kept, the one scoring is
 * about), and an end after the as-of date (kept, as an active subscriber at the as-of date). A cell
 * that is not what its column needs (no id, a start that is not a date, periods that are not a
 * whole number {@code >= 1}, a flag that is not 1/0) is a
 * {@link BadInputException} naming file, line and column.
 *
 * <p>Immutable; the arrays are not exposed.
 */
public final class Subscriptions {
    /** Subscriptions whose end is before their start: dropped. */
    public static final String END_BEFORE_START = "end_before_start";
    /** Subscriptions that start after the as-of date: dropped. */
    public static final String START_AFTER_AS_OF = "start_after_as_of";
    /** Subscriptions that end after the as-of date: active at the as-of date. */
    public static final String END_AFTER_AS_OF = "end_after_as_of";
    /** Earlier subscriptions of a subscriber with a later one: dropped, the latest kept. */
    public static final String EARLIER_SUBSCRIPTION = "earlier_subscription";

    private static final long NO_DAY = Long.MIN_VALUE;

    private final String[] ids;
    private final String[] cohorts;
    private final int[] periods;
    private final boolean[] cancelled;
    /** Epoch days, or null for the periods shape. */
    private final long[] start;
    private final long[] end;
    /** The observation window in periods of each subscriber (renewals possible by the as-of date); null without dates. */
    private final int[] window;
    private final TimeUnit period;
    private final LocalDate asOf;
    private final Exclusions exclusions;
    private final List<String> notes;
    private final ColumnTable source;
    private final int[] sourceRow;

    private Subscriptions(String[] ids, String[] cohorts, int[] periods, boolean[] cancelled, long[] start,
                          long[] end, int[] window, TimeUnit period, LocalDate asOf, Exclusions exclusions,
                          List<String> notes, ColumnTable source, int[] sourceRow) {
        this.ids = ids;
        this.cohorts = cohorts;
        this.periods = periods;
        this.cancelled = cancelled;
        this.start = start;
        this.end = end;
        this.window = window;
        this.period = period;
        this.asOf = asOf;
        this.exclusions = exclusions;
        this.notes = List.copyOf(notes);
        this.source = source;
        this.sourceRow = sourceRow;
    }

    /**
     * Subscribers given in memory (one cohort, {@link SurvivorTable#ALL}).
     *
     * @param ids distinct subscriber ids
     * @param periods each subscriber's periods paid so far (see the class description), {@code >= 1}
     * @param cancelled whether each cancelled at the end of their last period
     * @param period the renewal period, for discounting and labels
     * @return the subscribers
     * @throws IllegalArgumentException naming the subscriber whose values are out of range, or
     *     for arrays of different lengths
     */
    public static Subscriptions of(String[] ids, int[] periods, boolean[] cancelled, TimeUnit period) {
        int n = ids.length;
        if (periods.length != n || cancelled.length != n) {
            throw new IllegalArgumentException("ids, periods and cancelled have " + n + ", " + periods.length + " and "
                    + cancelled.length + " values");
        }
        for (int i = 0; i < n; i++) {
            Objects.requireNonNull(ids[i], "id");
            if (periods[i] < 1) {
                throw new IllegalArgumentException("subscriber '" + ids[i] + "': periods " + periods[i]
                        + ", expected >= 1 (the periods paid for, the first included)");
            }
        }
        return new Subscriptions(ids.clone(), null, periods.clone(), cancelled.clone(), null, null, null,
                Objects.requireNonNull(period, "period"), null, Exclusions.none(), List.of(), null, null);
    }

    /**
     * Reads a subscription table (either shape; see the class description). The periods shape is
     * read when the file has both the periods and the cancelled column, the dates shape
     * otherwise.
     *
     * @param file CSV, text, Parquet or Arrow
     * @param o columns, dates, period, as-of date, cohorts
     * @return the subscribers, with what was excluded
     * @throws BadInputException naming file, line and column (see the class description); for a
     *     file with neither shape's columns, naming the columns it has
     */
    public static Subscriptions read(Path file, SubscriptionReadOptions o) {
        return from(readTable(file, o), o);
    }

    /**
     * Reads a subscription table's file as it is (every column, text from CSV), for a caller that
     * looks at the columns before choosing a reader ({@link #from} or
     * {@link SurvivorTable#from}): one read of the file either way.
     *
     * @param file CSV, text, Parquet or Arrow
     * @param o the format, encoding and date columns
     * @return the table, its rows located for messages
     * @throws BadInputException for an unreadable or malformed file
     */
    public static ColumnTable readTable(Path file, SubscriptionReadOptions o) {
        try {
            return TableIO.read(file, o.format(), Map.of(), true, o.charset());
        } catch (BadInputException e) {
            // A Parquet or Arrow timestamp column with nulls (the empty end of active subscribers) is
            // not a timestamp column to the generic reader: read the date columns as ISO text instead.
            if (!o.endColumn().equals(e.column()) && !o.startColumn().equals(e.column())) {
                throw e;
            }
            return TableIO.read(file, o.format(), Map.of(o.startColumn(), ColumnType.STRING, o.endColumn(),
                    ColumnType.STRING), true, o.charset());
        }
    }

    /**
     * The subscribers of a table read by {@link #readTable} (or built in memory), by the rules of
     * {@link #read}.
     *
     * @param t the table; its source and lines name the file and line in messages
     * @param o columns, dates, period, as-of date, cohorts
     * @return the subscribers, with what was excluded
     * @throws BadInputException as {@link #read}
     */
    public static Subscriptions from(ColumnTable t, SubscriptionReadOptions o) {
        Path file = t.source() != null ? t.source() : Path.of("(table)");
        List<String> names = t.columnNames();
        boolean periodsShape = t.has(o.periodsColumn()) && t.has(o.cancelledColumn());
        if (periodsShape) {
            TableIO.checkHeader(file, names, List.of(o.idColumn()));
        } else if (t.has(o.startColumn())) {
            TableIO.checkHeader(file, names, List.of(o.idColumn(), o.startColumn(), o.endColumn()));
        } else {
            throw BadInputException.at(file, 1, null, "expected the columns " + o.idColumn() + ", " + o.startColumn() + ", "
                    + o.endColumn() + " (dates) or " + o.idColumn() + ", " + o.periodsColumn() + ", "
                    + o.cancelledColumn() + " (periods); the header has " + names);
        }
        if (t.rowCount() == 0) {
            throw BadInputException.at(file, 0, null, "no rows: expected one row per subscription");
        }
        return periodsShape ? readPeriods(file, t, o) : readDates(file, t, o);
    }

    private static Subscriptions readPeriods(Path file, ColumnTable t, SubscriptionReadOptions o) {
        int n = t.rowCount();
        String[] ids = ids(t, o.idColumn());
        int[] p = new int[n];
        boolean[] c = new boolean[n];
        for (int i = 0; i < n; i++) {
            long v = TableCells.wholeNumber(t, o.periodsColumn(), i);
            c[i] = TableCells.flag(t, o.cancelledColumn(), i);
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw BadInputException.at(file, t.line(i), o.periodsColumn(), "expected the periods paid for, a whole "
                        + "number >= 1 (1: in or cancelled at the end of the first period), found " + v);
            }
            p[i] = (int) v;
        }
        Map<String, Integer> seen = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Integer first = seen.putIfAbsent(ids[i], i);
            if (first != null) {
                throw BadInputException.at(file, t.line(i), o.idColumn(), "subscriber " + BadInputException.quote(ids[i])
                        + " is given twice (first on line " + t.line(first) + "): one row per subscriber");
            }
        }
        long[] startDay = null;
        List<String> notes = new ArrayList<>();
        if (o.cohortBy() == SubscriptionReadOptions.CohortBy.MONTH || o.cohortBy() == SubscriptionReadOptions.CohortBy.YEAR) {
            if (!t.has(o.startColumn())) {
                throw BadInputException.at(file, 1, o.startColumn(), "cohorts by start " + o.cohortBy().label()
                        + " need the start dates: expected a column named '" + o.startColumn() + "'; the header has "
                        + t.columnNames());
            }
            startDay = days(t, o.startColumn(), o, true);
        }
        String[] cohorts = cohorts(t, o, startDay);
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return new Subscriptions(ids, cohorts, p, c, startDay, null, null, o.period(), null, Exclusions.none(), notes,
                t, rows);
    }

    private static Subscriptions readDates(Path file, ColumnTable t, SubscriptionReadOptions o) {
        int n = t.rowCount();
        String[] allIds = ids(t, o.idColumn());
        long[] s = days(t, o.startColumn(), o, true);
        long[] e = days(t, o.endColumn(), o, false);
        List<String> notes = new ArrayList<>();
        LocalDate asOf = o.asOf();
        if (asOf == null) {
            long latest = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                latest = Math.max(latest, Math.max(s[i], e[i]));
            }
            asOf = LocalDate.ofEpochDay(latest);
            notes.add("as-of date not given: the latest start or end date in the file, " + asOf);
        }
        long asOfDay = asOf.toEpochDay();
        RenewalCalendar cal = RenewalCalendar.of(o.period());
        long endBeforeStart = 0;
        long startAfter = 0;
        long endAfter = 0;
        long earlier = 0;
        String exEndBefore = "";
        String exStartAfter = "";
        String exEndAfter = "";
        String exEarlier = "";
        // the latest subscription of each subscriber (by start, then by line)
        Map<String, Integer> latestOf = new LinkedHashMap<>(n * 2);
        boolean[] usable = new boolean[n];
        for (int i = 0; i < n; i++) {
            String where = "subscriber " + BadInputException.quote(allIds[i]) + ", " + file.getFileName() + " line "
                    + t.line(i);
            if (e[i] != NO_DAY && e[i] < s[i]) {
                if (endBeforeStart++ == 0) {
                    exEndBefore = where;
                }
                continue;
            }
            if (s[i] > asOfDay) {
                if (startAfter++ == 0) {
                    exStartAfter = where;
                }
                continue;
            }
            usable[i] = true;
            Integer before = latestOf.get(allIds[i]);
            if (before != null) {
                int drop = s[before] > s[i] ? i : before;
                usable[drop] = false;
                if (earlier++ == 0) {
                    exEarlier = "subscriber " + BadInputException.quote(allIds[i]) + ", " + file.getFileName() + " line "
                            + t.line(drop);
                }
                latestOf.put(allIds[i], drop == i ? before : i);
            } else {
                latestOf.put(allIds[i], i);
            }
        }
        int m = 0;
        for (boolean u : usable) {
            if (u) {
                m++;
            }
        }
        if (m == 0) {
            throw BadInputException.at(file, 0, null, "no subscription to use: every row ends before it starts or starts "
                    + "after the as-of date " + asOf);
        }
        String[] ids = new String[m];
        int[] p = new int[m];
        boolean[] c = new boolean[m];
        long[] st = new long[m];
        long[] en = new long[m];
        int[] win = new int[m];
        int[] rows = new int[m];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!usable[i]) {
                continue;
            }
            LocalDate start = LocalDate.ofEpochDay(s[i]);
            long w = cal.renewalsBy(start, asOf);
            boolean ended = e[i] != NO_DAY;
            if (ended && e[i] > asOfDay) {
                ended = false;
                if (endAfter++ == 0) {
                    exEndAfter = "subscriber " + BadInputException.quote(allIds[i]) + ", " + file.getFileName() + " line "
                            + t.line(i);
                }
            }
            long periods = (ended ? cal.renewalsBefore(start, LocalDate.ofEpochDay(e[i])) : w) + 1;
            if (periods > Integer.MAX_VALUE) {
                throw BadInputException.at(file, t.line(i), o.startColumn(), "more than " + Integer.MAX_VALUE + " "
                        + o.period().label() + "s before the as-of date");
            }
            ids[k] = allIds[i];
            p[k] = (int) periods;
            c[k] = ended;
            st[k] = s[i];
            en[k] = ended ? e[i] : NO_DAY;
            win[k] = (int) Math.min(w, Integer.MAX_VALUE);
            rows[k] = i;
            k++;
        }
        Exclusions ex = Exclusions.builder()
                .add(END_BEFORE_START, endBeforeStart, "subscriptions", "ending before they start", "dropped", exEndBefore)
                .add(START_AFTER_AS_OF, startAfter, "subscriptions", "starting after the as-of date " + asOf, "dropped",
                        exStartAfter)
                .add(EARLIER_SUBSCRIPTION, earlier, "subscriptions", "of subscribers who subscribed again",
                        "dropped, the latest subscription kept", exEarlier)
                .add(END_AFTER_AS_OF, endAfter, "subscriptions", "ending after the as-of date " + asOf,
                        "counted as active at the as-of date", exEndAfter)
                .build();
        String[] cohorts = cohorts(t, o, s);
        if (cohorts != null) {
            String[] kept = new String[m];
            for (int j = 0; j < m; j++) {
                kept[j] = cohorts[rows[j]];
            }
            cohorts = kept;
        }
        return new Subscriptions(ids, cohorts, p, c, st, en, win, o.period(), asOf, ex, notes, t, rows);
    }

    private static String[] ids(ColumnTable t, String column) {
        String[] out = new String[t.rowCount()];
        for (int i = 0; i < out.length; i++) {
            String v = t.cell(column, i).strip();
            if (v.isEmpty()) {
                throw BadInputException.at(t.source(), t.line(i), column, "expected a subscriber id, found an empty cell");
            }
            out[i] = v;
        }
        return out;
    }

    /** A date column as epoch days; an empty cell is an error when required, else {@link #NO_DAY}. */
    private static long[] days(ColumnTable t, String column, SubscriptionReadOptions o, boolean required) {
        int n = t.rowCount();
        long[] out = new long[n];
        if (t.type(column) == ColumnType.TIMESTAMP) {
            long[] sec = t.timestamps(column);
            for (int i = 0; i < n; i++) {
                out[i] = Math.floorDiv(sec[i], 86_400L);
            }
            return out;
        }
        DateParser parser = "auto".equalsIgnoreCase(o.dateFormat()) ? null : DateParser.of(o.dateFormat(), o.zone());
        for (int i = 0; i < n; i++) {
            String cell = t.cell(column, i).strip();
            if (cell.isEmpty()) {
                if (required) {
                    throw BadInputException.at(t.source(), t.line(i), column, "expected a date, found an empty cell");
                }
                out[i] = NO_DAY;
                continue;
            }
            if (parser == null) {
                parser = DateParser.detect(cell, o.zone());
                if (parser == null) {
                    throw BadInputException.at(t.source(), t.line(i), column, "cannot tell the date format of "
                            + BadInputException.quote(cell) + ": give it with --date-format (yyyyMMdd, iso-date, iso, "
                            + "epoch, epoch-millis or a pattern such as dd/MM/yyyy)");
                }
            }
            long sec = parser.parse(cell);
            if (sec == DateParser.INVALID) {
                throw BadInputException.at(t.source(), t.line(i), column, "expected " + parser.expected() + ", found "
                        + BadInputException.quote(cell));
            }
            out[i] = Math.floorDiv(sec, 86_400L);
        }
        return out;
    }

    /** Each row's cohort label, or null for one cohort. */
    private static String[] cohorts(ColumnTable t, SubscriptionReadOptions o, long[] startDay) {
        int n = t.rowCount();
        return switch (o.cohortBy()) {
            case NONE -> null;
            case COLUMN -> {
                if (!t.has(o.cohortColumn())) {
                    yield null;
                }
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    String v = t.cell(o.cohortColumn(), i).strip();
                    if (v.isEmpty()) {
                        throw BadInputException.at(t.source(), t.line(i), o.cohortColumn(),
                                "expected a cohort name, found an empty cell");
                    }
                    out[i] = v;
                }
                yield out;
            }
            case MONTH -> {
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    out[i] = YearMonth.from(LocalDate.ofEpochDay(startDay[i])).toString();
                }
                yield out;
            }
            case YEAR -> {
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    out[i] = Integer.toString(LocalDate.ofEpochDay(startDay[i]).getYear());
                }
                yield out;
            }
        };
    }

    /**
     * Number of subscribers.
     *
     * @return the count
     */
    public int size() {
        return ids.length;
    }

    /**
     * A subscriber's id.
     *
     * @param i the subscriber, 0-based
     * @return the id
     */
    public String id(int i) {
        return ids[i];
    }

    /**
     * A subscriber's periods (see the class description).
     *
     * @param i the subscriber, 0-based
     * @return the periods paid for, {@code >= 1}: cancelled at the end of the last, or in it
     */
    public int periods(int i) {
        return periods[i];
    }

    /**
     * Whether a subscriber cancelled.
     *
     * @param i the subscriber, 0-based
     * @return true when they cancelled, false when still active
     */
    public boolean cancelled(int i) {
        return cancelled[i];
    }

    /**
     * A subscriber's cohort.
     *
     * @param i the subscriber, 0-based
     * @return the cohort label, {@link SurvivorTable#ALL} without cohorts
     */
    public String cohort(int i) {
        return cohorts == null ? SurvivorTable.ALL : cohorts[i];
    }

    /**
     * Whether the subscribers come in more than one cohort.
     *
     * @return true when a cohort column or grouping gave more than one label
     */
    public boolean hasCohorts() {
        return cohorts != null && cohortLabels().size() > 1;
    }

    /**
     * The cohort labels, sorted.
     *
     * @return the distinct labels
     */
    public List<String> cohortLabels() {
        if (cohorts == null) {
            return List.of(SurvivorTable.ALL);
        }
        return new java.util.TreeSet<>(Arrays.asList(cohorts)).stream().toList();
    }

    /**
     * The subscribers of one cohort, in file order.
     *
     * @param label a cohort label
     * @return their indices
     */
    public int[] members(String label) {
        int[] out = new int[ids.length];
        int k = 0;
        for (int i = 0; i < ids.length; i++) {
            if (cohort(i).equals(label)) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /**
     * The renewal period.
     *
     * @return the unit of {@link #periods(int)}
     */
    public TimeUnit period() {
        return period;
    }

    /**
     * The as-of date the periods were counted to.
     *
     * @return the date, or {@code null} when the periods were given
     */
    public LocalDate asOf() {
        return asOf;
    }

    /**
     * What was left out or treated by a stated rule.
     *
     * @return the exclusions, in the order of the rules
     */
    public Exclusions exclusions() {
        return exclusions;
    }

    /**
     * Remarks on how the table was read (the as-of date when it was taken from the file).
     *
     * @return the notes, possibly empty
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * A numeric column of the file for the subscribers kept (a price, a margin), every cell a
     * finite number.
     *
     * @param column the column's name
     * @return one value per subscriber
     * @throws BadInputException for a missing column (naming those there are) or a cell that is
     *     not a finite number (naming file, line, column)
     */
    public double[] numbers(String column) {
        if (source == null) {
            throw new IllegalArgumentException("subscribers given in memory have no column '" + column + "'");
        }
        TableIO.checkHeader(source.source(), source.columnNames(), List.of(column));
        double[] out = new double[ids.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = TableCells.number(source, column, sourceRow[i]);
        }
        return out;
    }

    /**
     * Whether the file has a column.
     *
     * @param column the column's name
     * @return true when the subscribers were read from a file with this column
     */
    public boolean hasColumn(String column) {
        return source != null && source.has(column);
    }

    /**
     * The subscribers as the likelihood sees them (ids kept for messages, no covariates).
     *
     * @return the histories of every subscriber
     */
    public SubscriberHistories histories() {
        return SubscriberHistories.of(Arrays.asList(ids), periods, cancelled);
    }

    /**
     * The subscribers of one cohort as the likelihood sees them.
     *
     * @param label a cohort label
     * @return the histories of its members
     * @throws IllegalArgumentException for a cohort without members
     */
    public SubscriberHistories histories(String label) {
        int[] m = members(label);
        if (m.length == 0) {
            throw new IllegalArgumentException("no subscriber in cohort '" + label + "'; the cohorts are " + cohortLabels());
        }
        List<String> id = new ArrayList<>(m.length);
        int[] p = new int[m.length];
        boolean[] c = new boolean[m.length];
        for (int j = 0; j < m.length; j++) {
            id.add(ids[m[j]]);
            p[j] = periods[m[j]];
            c[j] = cancelled[m[j]];
        }
        return SubscriberHistories.of(id, p, c);
    }

    /**
     * Cohort survivor counts from the individual subscribers: for each cohort, survivors at the
     * end of periods {@code 0..h}, where {@code h} is the last period every member could have been
     * seen to renew (the renewals possible by the as-of date of the cohort's latest start; without
     * dates, the fewest renewals {@code periods - 1} of an active member, or the most periods of a
     * cancelled one when none is active). Survivors at period {@code t}: the members with
     * {@code periods > t}. Cohorts with {@code h = 0} (all started within the last period) are
     * left out.
     *
     * @return the table, one cohort per label, sorted by label
     * @throws IllegalArgumentException when no cohort has a whole period observed
     */
    public SurvivorTable survivorTable() {
        List<SurvivorCurve> out = new ArrayList<>();
        for (String label : cohortLabels()) {
            int[] m = members(label);
            int h = Integer.MAX_VALUE;
            int maxCancelled = 0;
            for (int i : m) {
                if (window != null) {
                    h = Math.min(h, window[i]);
                } else if (!cancelled[i]) {
                    h = Math.min(h, periods[i] - 1);
                } else {
                    maxCancelled = Math.max(maxCancelled, periods[i]);
                }
            }
            if (h == Integer.MAX_VALUE) {
                h = maxCancelled;
            }
            if (h < 1) {
                continue;
            }
            // lost[t] = cancelled at the end of period t; an active member within the window has
            // periods > h (the window is at most their renewals), so only cancellations count here
            TreeMap<Integer, Integer> lost = new TreeMap<>();
            for (int i : m) {
                if (periods[i] <= h) {
                    lost.merge(periods[i], 1, Integer::sum);
                }
            }
            long[] s = new long[h + 1];
            s[0] = m.length;
            for (int t = 1; t <= h; t++) {
                s[t] = s[t - 1] - lost.getOrDefault(t, 0);
            }
            out.add(SurvivorCurve.of(label, s));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no cohort has a whole period observed: every member started within "
                    + "the last " + period.label() + (asOf != null ? " before " + asOf : ""));
        }
        return SurvivorTable.of(out);
    }

    /**
     * The subscribers as a file, the periods shape {@link #read} reads back: {@code customer_id},
     * {@code cohort} (with cohorts), {@code start} and {@code end} (when read from dates; the end
     * empty for an active subscriber), {@code periods}, {@code cancelled} (1 or 0).
     *
     * @return the table
     */
    public ColumnTable toTable() {
        int n = ids.length;
        ColumnTable.Builder b = ColumnTable.builder().addString("customer_id", ids);
        if (cohorts != null) {
            b.addString("cohort", cohorts);
        }
        if (start != null && end != null) {
            String[] s = new String[n];
            String[] e = new String[n];
            for (int i = 0; i < n; i++) {
                s[i] = LocalDate.ofEpochDay(start[i]).toString();
                e[i] = end[i] == NO_DAY ? null : LocalDate.ofEpochDay(end[i]).toString();
            }
            b.addString("start", s).addString("end", e);
        }
        long[] p = new long[n];
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = periods[i];
            c[i] = cancelled[i] ? 1 : 0;
        }
        return b.addLong("periods", p).addLong("cancelled", c).build();
    }

    @Override
    public String toString() {
        long c = 0;
        for (boolean b : cancelled) {
            if (b) {
                c++;
            }
        }
        return "Subscriptions[" + ids.length + " subscribers, " + c + " cancelled, period " + period.label()
                + (asOf != null ? ", as of " + asOf : "") + "]";
    }
}
