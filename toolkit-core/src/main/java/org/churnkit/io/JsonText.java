package org.churnkit.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The one way churnkit writes JSON: indented, and every number plain, never in scientific notation
 * ({@code 0.0000556}, not {@code 5.56E-5}; {@code 11370}, not {@code 1.137E4}). A double is written
 * with the shortest decimal that reads back to the same double ({@link Double#toString}'s digits),
 * so nothing is lost; a whole double keeps its {@code .0} ({@code 200.0}); counts written as Java
 * integers stay integers ({@code 5000}). NaN and infinities are not numbers in JSON and are refused:
 * callers write them as {@code null} (see {@link #number}).
 */
public final class JsonText {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonText() {}

    /**
     * A shared mapper (indented output) to build trees with; write them with {@link #write}.
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The JSON text of a value (a Jackson tree, a map, a list or a number), indented, with plain
     * numbers, ending with a line break.
     *
     * @param value the value
     * @return the text
     * @throws IllegalArgumentException when a number is NaN or infinite
     */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new PlainNumbers(MAPPER.getFactory().createGenerator(out))) {
            g.useDefaultPrettyPrinter();
            MAPPER.writeValue(g, value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
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

    /** Writes doubles and floats through {@link #number}; everything else as Jackson does. */
    private static final class PlainNumbers extends JsonGeneratorDelegate {
        PlainNumbers(JsonGenerator d) {
            super(d, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("JSON has no number for " + v);
            }
            delegate.writeNumber(number(v));
        }

        @Override
        public void writeNumber(float v) throws IOException {
            writeNumber((double) v);
        }

        @Override
        public void writeNumber(BigDecimal v) throws IOException {
            delegate.writeNumber(v.toPlainString());
        }
    }
}
