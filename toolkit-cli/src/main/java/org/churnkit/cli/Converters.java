package org.churnkit.cli;

import java.time.LocalDate;
import java.time.ZoneId;
import org.churnkit.data.DateParser;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.FileFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters with messages that say what is expected. */
final class Converters {
    private Converters() {}

    static final class Unit implements ITypeConverter<TimeUnit> {
        @Override
        public TimeUnit convert(String value) {
            try {
                return TimeUnit.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Merge implements ITypeConverter<MergePeriod> {
        @Override
        public MergePeriod convert(String value) {
            try {
                return MergePeriod.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class End implements ITypeConverter<PeriodEnd> {
        @Override
        public PeriodEnd convert(String value) {
            try {
                return PeriodEnd.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Day implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return DateParser.parseUserDate(value).toLocalDate();
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Zone implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (RuntimeException e) {
                throw new TypeConversionException("unknown time zone '" + value + "': expected e.g. UTC, Europe/Berlin or +02:00");
            }
        }
    }

    static final class Format implements ITypeConverter<FileFormat> {
        @Override
        public FileFormat convert(String value) {
            try {
                return FileFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Encoding implements ITypeConverter<java.nio.charset.Charset> {
        @Override
        public java.nio.charset.Charset convert(String value) {
            try {
                return org.churnkit.io.TextInput.charset(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
