package org.churnkit.data;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Parses transaction dates into wall-clock seconds since 1970-01-01T00:00 in the log's time zone
 * (the "civil" time pandas keeps in naive datetimes): a day is always 86,400 s, so periods and
 * durations never shift with daylight-saving changes. Values that carry an offset ({@code Z},
 * {@code +02:00}) or are epoch seconds are instants and are converted to the zone's wall clock.
 *
 * <p>Formats: {@code yyyyMMdd}, {@code iso-date} ({@code 1997-01-01}), {@code iso}
 * ({@code 1997-01-01}, {@code 1997-01-01T10:15[:30[.5]]}, space instead of {@code T}, optional
 * offset), {@code epoch} (seconds since 1970-01-01T00:00Z, fraction allowed), {@code epoch-millis},
 * or any {@link DateTimeFormatter} pattern such as {@code dd/MM/yyyy}. The first four are parsed
 * without allocating. {@code auto} is resolved from the first value by {@link #detect}.
 */
public final class DateParser {
    /** Returned by {@link #parse} when the text is not a date in this format. */
    public static final long INVALID = Long.MIN_VALUE;

    private enum Kind { YYYYMMDD, ISO_DATE, ISO, EPOCH, EPOCH_MILLIS, PATTERN }

    private final Kind kind;
    private final String spec;
    private final ZoneId zone;
    private final ZoneOffset fixedOffset; // zone's offset when it has a single one, else null
    private final DateTimeFormatter formatter;

    private DateParser(Kind kind, String spec, ZoneId zone, DateTimeFormatter formatter) {
        this.kind = kind;
        this.spec = spec;
        this.zone = zone;
        this.fixedOffset = zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
        this.formatter = formatter;
    }

    /**
     * A parser for a format name or pattern (see the class description).
     *
     * @throws IllegalArgumentException for {@code auto} (use {@link #detect}) or an invalid pattern
     * @param format a format name or a {@code java.time} pattern
     * @param zone zone of values without an offset; results are wall-clock time in this zone
     * @return the parser
     */
    public static DateParser of(String format, ZoneId zone) {
        String f = format.trim();
        switch (f.toLowerCase(Locale.ROOT)) {
            case "yyyymmdd":
                return new DateParser(Kind.YYYYMMDD, "yyyyMMdd", zone, null);
            case "iso-date", "yyyy-mm-dd":
                return new DateParser(Kind.ISO_DATE, "yyyy-MM-dd", zone, null);
            case "iso", "iso-datetime", "iso-date-time":
                return new DateParser(Kind.ISO, "iso", zone, null);
            case "epoch", "epoch-seconds", "unix":
                return new DateParser(Kind.EPOCH, "epoch", zone, null);
            case "epoch-millis", "epoch-ms":
                return new DateParser(Kind.EPOCH_MILLIS, "epoch-millis", zone, null);
            case "auto":
                throw new IllegalArgumentException("'auto' is resolved from the data: use DateParser.detect");
            default:
                try {
                    // STRICT: 31/02/2024 is an error, not 29/02 (the default SMART style clamps it);
                    // STRICT needs proleptic years ('u'), since 'y' (year of era) would need an era field
                    return new DateParser(Kind.PATTERN, f, zone, DateTimeFormatter.ofPattern(yearOfEraToYear(f), Locale.ROOT)
                            .withResolverStyle(java.time.format.ResolverStyle.STRICT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid date format '" + format + "': expected yyyyMMdd, iso-date, iso, epoch, "
                            + "epoch-millis or a java.time pattern such as dd/MM/yyyy (" + e.getMessage() + ")", e);
                }
        }
    }

    /**
     * Guesses the format from one value: 8 digits {@code yyyyMMdd}; ISO text ({@code 1997-01-01},
     * possibly with a time) {@code iso}, which takes dates and date-times alike; 9 to 11 digits {@code epoch}; 12 or 13 digits
     * {@code epoch-millis}.
     *
     * @return the parser, or {@code null} when the value fits none of these
     * @param sample a value from the date column
     * @param zone zone of values without an offset; results are wall-clock time in this zone
     */
    public static DateParser detect(CharSequence sample, ZoneId zone) {
        String s = sample.toString().strip();
        int n = s.length();
        boolean digits = n > 0 && s.chars().allMatch(c -> c >= '0' && c <= '9');
        DateParser p = null;
        if (digits && n == 8) {
            p = of("yyyyMMdd", zone);
        } else if (digits && n >= 9 && n <= 11) {
            p = of("epoch", zone);
        } else if (digits && (n == 12 || n == 13)) {
            p = of("epoch-millis", zone);
        } else if (n >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            p = of("iso", zone);
        }
        if (p != null) {
            char[] c = s.toCharArray();
            if (p.parse(c, 0, c.length) == INVALID) {
                return null;
            }
        }
        return p;
    }

    /**
     * The format, as given to {@link #of}.
     *
     * @return the format name or pattern
     */
    public String format() {
        return spec;
    }

    /**
     * The time zone whose wall clock the results are in.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    /**
     * What a valid value looks like, for error messages.
     *
     * @return a description of the expected form
     */
    public String expected() {
        return switch (kind) {
            case YYYYMMDD -> "a date like 19970101 (format yyyyMMdd)";
            case ISO_DATE -> "a date like 1997-01-01 (format iso-date)";
            case ISO -> "an ISO date or date-time like 1997-01-01 or 1997-01-01T10:15:00 (format iso)";
            case EPOCH -> "seconds since 1970-01-01T00:00Z (format epoch)";
            case EPOCH_MILLIS -> "milliseconds since 1970-01-01T00:00Z (format epoch-millis)";
            case PATTERN -> "a date in the format " + spec;
        };
    }

    /**
     * Parses a String; {@link #INVALID} when it is not a date in this format.
     *
     * @param text the value
     * @return wall-clock seconds since 1970-01-01T00:00, or {@link #INVALID}
     */
    public long parse(String text) {
        char[] c = text.toCharArray();
        return parse(c, 0, c.length);
    }

    /**
     * Parses {@code buf[off, off+len)}, ignoring surrounding blanks.
     *
     * @return wall-clock seconds since 1970-01-01T00:00, or {@link #INVALID}
     * @param buf characters holding the value
     * @param off index of the first character
     * @param len number of characters
     */
    public long parse(char[] buf, int off, int len) {
        int end = off + len;
        while (off < end && buf[off] <= ' ') {
            off++;
        }
        while (end > off && buf[end - 1] <= ' ') {
            end--;
        }
        len = end - off;
        switch (kind) {
            case YYYYMMDD: {
                if (len != 8) {
                    return INVALID;
                }
                int y = digits(buf, off, 4);
                int m = digits(buf, off + 4, 2);
                int d = digits(buf, off + 6, 2);
                return civilDay(y, m, d);
            }
            case ISO_DATE:
                return len == 10 ? isoDate(buf, off) : INVALID;
            case ISO:
                return iso(buf, off, len);
            case EPOCH:
                return epoch(buf, off, len, 1);
            case EPOCH_MILLIS:
                return epoch(buf, off, len, 1000);
            default:
                return pattern(new String(buf, off, len));
        }
    }

    /** Seconds of the day's start, or INVALID. */
    private static long civilDay(int y, int m, int d) {
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
            return INVALID;
        }
        return daysFromCivil(y, m, d) * 86_400L;
    }

    private static long isoDate(char[] b, int off) {
        if (b[off + 4] != '-' || b[off + 7] != '-') {
            return INVALID;
        }
        return civilDay(digits(b, off, 4), digits(b, off + 5, 2), digits(b, off + 8, 2));
    }

    private long iso(char[] b, int off, int len) {
        if (len < 10) {
            return INVALID;
        }
        long day = isoDate(b, off);
        if (day == INVALID || len == 10) {
            return day;
        }
        int i = off + 10;
        int end = off + len;
        if (b[i] != 'T' && b[i] != ' ' && b[i] != 't') {
            return INVALID;
        }
        i++;
        if (end - i < 5 || b[i + 2] != ':') {
            return INVALID;
        }
        int hh = digits(b, i, 2);
        int mm = digits(b, i + 3, 2);
        int ss = 0;
        i += 5;
        if (i < end && b[i] == ':') {
            if (end - i < 3) {
                return INVALID;
            }
            ss = digits(b, i + 1, 2);
            i += 3;
            if (i < end && (b[i] == '.' || b[i] == ',')) {
                i++;
                int start = i;
                while (i < end && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                if (i == start) {
                    return INVALID;
                }
            }
        }
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) {
            return INVALID;
        }
        long civil = day + hh * 3600L + mm * 60L + ss;
        if (i == end) {
            return civil;
        }
        int offsetSeconds;
        if (b[i] == 'Z' || b[i] == 'z') {
            if (i + 1 != end) {
                return INVALID;
            }
            offsetSeconds = 0;
        } else if (b[i] == '+' || b[i] == '-') {
            int sign = b[i] == '-' ? -1 : 1;
            i++;
            int oh = digits(b, i, Math.min(2, end - i));
            int om = 0;
            i += 2;
            if (i < end && b[i] == ':') {
                i++;
            }
            if (i < end) {
                if (end - i != 2) {
                    return INVALID;
                }
                om = digits(b, i, 2);
            }
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return INVALID;
            }
            offsetSeconds = sign * (oh * 3600 + om * 60);
        } else {
            return INVALID;
        }
        return toCivil(civil - offsetSeconds);
    }

    private long epoch(char[] b, int off, int len, int perSecond) {
        if (len == 0) {
            return INVALID;
        }
        int i = off;
        int end = off + len;
        boolean neg = b[i] == '-';
        if (neg) {
            i++;
        }
        long v = 0;
        int start = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            if (i - start > 17) {
                return INVALID;
            }
            v = v * 10 + (b[i] - '0');
            i++;
        }
        if (i == start) {
            return INVALID;
        }
        if (i < end) {
            if (b[i] != '.') {
                return INVALID;
            }
            for (i++; i < end; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    return INVALID;
                }
            }
        }
        if (neg) {
            v = -v;
        }
        return toCivil(Math.floorDiv(v, perSecond));
    }

    private long pattern(String text) {
        try {
            TemporalAccessor t = formatter.parseBest(text, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
            if (t instanceof ZonedDateTime z) {
                return toCivil(z.toEpochSecond());
            }
            if (t instanceof LocalDateTime l) {
                return l.toEpochSecond(ZoneOffset.UTC);
            }
            return ((LocalDate) t).toEpochDay() * 86_400L;
        } catch (DateTimeException e) {
            return INVALID;
        }
    }

    /**
     * Rewrites the year-of-era letter {@code y} as the proleptic year {@code u} outside quoted
     * literals, so that a pattern the user wrote as {@code dd/MM/yyyy} resolves strictly without an
     * era field (for the years of any transaction log the two agree).
     */
    static String yearOfEraToYear(String pattern) {
        StringBuilder sb = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            sb.append(!quoted && c == 'y' ? 'u' : c);
        }
        return sb.toString();
    }

    /** Converts an instant (epoch seconds) to wall-clock seconds in the zone. */
    long toCivil(long epochSeconds) {
        int offset = fixedOffset != null ? fixedOffset.getTotalSeconds()
                : zone.getRules().getOffset(Instant.ofEpochSecond(epochSeconds)).getTotalSeconds();
        return epochSeconds + offset;
    }

    /** Parses {@code n} ASCII digits, -1 when any is not a digit. */
    private static int digits(char[] b, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int c = b[off + i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return n == 0 ? -1 : v;
    }

    private static int daysInMonth(int y, int m) {
        return switch (m) {
            case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    /**
     * Wall-clock seconds as a LocalDateTime.
     *
     * @param civilSeconds wall-clock seconds since 1970-01-01T00:00
     * @return the date-time
     */
    public static LocalDateTime toLocalDateTime(long civilSeconds) {
        return LocalDateTime.ofEpochSecond(civilSeconds, 0, ZoneOffset.UTC);
    }

    /**
     * Parses a date given on the command line or in options: {@code 1997-09-30},
     * {@code 19970930} or {@code 1997-09-30T18:00[:00]}.
     *
     * @return wall-clock seconds, with {@code isDate} telling whether only a date was given
     * @throws IllegalArgumentException when it is none of these
     * @param text a date or date-time given by the user
     */
    public static LocalDateTime parseUserDate(String text) {
        String t = text.strip();
        try {
            if (t.length() == 8 && t.chars().allMatch(Character::isDigit)) {
                return LocalDate.parse(t, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay();
            }
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay();
            }
            return LocalDateTime.parse(t.replace(' ', 'T'));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid date '" + text + "': expected 1997-09-30, 19970930 or 1997-09-30T18:00:00");
        }
    }

    /**
     * Whether user text names a whole day (no time of day).
     *
     * @param text a date or date-time given by the user
     * @return true when the text has no time of day
     */
    public static boolean isDateOnly(String text) {
        String t = text.strip();
        return t.length() <= 10;
    }
}
