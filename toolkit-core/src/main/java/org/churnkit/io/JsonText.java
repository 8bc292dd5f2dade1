package org.churnkit.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way churnkit reads and writes JSON, on Jackson's streaming parser and generator alone (no
 * data binding: the light module stays small).
 *
 * <p>Writing: indented, and every number plain, never in scientific notation ({@code 0.0000556},
 * not {@code 5.56E-5}; {@code 11370}, not {@code 1.137E4}). A double is written with the shortest
 * decimal that reads back to the same double ({@link Double#toString}'s digits), so nothing is
 * lost; a whole double keeps its {@code .0} ({@code 200.0}); counts written as Java integers stay
 * integers ({@code 5000}). NaN and infinities are not numbers in JSON and are refused: callers
 * write them as {@code null} (see {@link #number}).
 *
 * <p>Reading ({@link #parse}) gives a tree of plain values: a JSON object is an ordered
 * {@code Map<String, Object>} (insertion order kept), an array a {@code List<Object>}, a string a
 * {@link String}, {@code true}/{@code false} a {@link Boolean}, {@code null} Java's {@code null}, a
 * number without fraction or exponent a {@link Long} (a {@link BigInteger} beyond its range) and any
 * other number a {@link Double} (the nearest double, so a double written here reads back exactly).
 * Reading is strict: a key given twice, text after the value (a second value included), and the
 * non-standard {@code NaN} are errors; a leading UTF-8 byte-order mark is accepted.
 */
public final class JsonText {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // strict reading: a key given twice is a broken file, not a value
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonText() {}

    /**
     * The JSON text of a value, indented, with plain numbers, ending with a line break. A value is a
     * {@link Map} (keys written with {@link String#valueOf}, in the map's iteration order), a
     * {@link Iterable}, a {@code double[]}, a {@link Number}, a {@link CharSequence}, a
     * {@link Boolean} or {@code null}, nested freely.
     *
     * @param value the value
     * @return the text
     * @throws IllegalArgumentException when a number is NaN or infinite, or a value is of another type
     */
    public static String write(Object value) {
        return render(value, true) + "\n";
    }

    /**
     * The JSON text of a value on one line, as {@link #write} but without indentation or final line
     * break: for quoting a value in a message.
     *
     * @param value the value, of the types {@link #write} takes
     * @return the text, e.g. {@code "week"} (with its quotes) or {@code [1, 2]}
     * @throws IllegalArgumentException when a number is NaN or infinite, or a value is of another type
     */
    public static String inline(Object value) {
        return render(value, false);
    }

    private static String render(Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object v : list) {
                writeValue(g, v);
            }
            g.writeEndArray();
        } else if (value instanceof double[] a) {
            g.writeStartArray();
            for (double v : a) {
                g.writeNumber(number(v));
            }
            g.writeEndArray();
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(number(((Number) value).doubleValue()));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof BigDecimal b) {
            g.writeNumber(b.toPlainString());
        } else if (value instanceof CharSequence s) {
            g.writeString(s.toString());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            throw new IllegalArgumentException("JSON has no value for a " + value.getClass().getName());
        }
    }

    /**
     * The plain decimal text of a finite double: the digits of {@link Double#toString}, without an
     * exponent.
     *
     * @param v a finite double
     * @return the text, e.g. {@code 0.0000556}, {@code 200.0}, {@code 11370.0}
     * @throws IllegalArgumentException when {@code v} is NaN or infinite
     */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("JSON has no number for " + v);
        }
        String s = Double.toString(v);
        if (s.indexOf('E') < 0) {
            return s;
        }
        String plain = new BigDecimal(s).toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    /**
     * Reads one JSON value (see the class comment for the tree it gives).
     *
     * @param json the text; a leading byte-order mark is skipped
     * @param what names the text in errors, e.g. {@code "model file m.json"}
     * @return the value: a map, list, string, boolean, number or {@code null}
     * @throws BadInputException reading {@code WHAT is not valid JSON: REASON (line L, column C)}
     *     when the text is not exactly one JSON value
     */
    public static Object parse(String json, String what) {
        if (json.startsWith("\uFEFF")) { // a byte-order mark, as some Windows editors write
            json = json.substring(1);
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw invalid(what, "no content", p.currentLocation());
            }
            Object value = read(p);
            if (p.nextToken() != null) {
                throw invalid(what, "unexpected text after the value", p.currentTokenLocation());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw invalid(what, e.getOriginalMessage(), e.getLocation());
        } catch (IOException e) { // reading from a string does no I/O
            throw new UncheckedIOException(e);
        }
    }

    private static BadInputException invalid(String what, String reason, JsonLocation at) {
        return BadInputException.of(what + " is not valid JSON: " + reason
                + (at != null ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : ""));
    }

    /** The value starting at the parser's current token, which is left on the value's last token. */
    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    m.put(key, read(p));
                }
                return Collections.unmodifiableMap(m);
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                return Collections.unmodifiableList(l);
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalStateException("unexpected JSON token " + t);
        }
    }
}
