package org.churnkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;

/**
 * The {@code provenance.recipe} section of a model file ({@link FitProvenance} as JSON):
 * <pre>
 * "recipe": {"model": "pareto-nbd", "max_iterations": 1000, "gradient_tolerance": 1.0E-8,
 *            "screen_rows": 20000, "starts": [[0.5, 10, 0.5, 10], ...], "time_unit": "week",
 *            "data_sha256": "5ea7...", "library_version": "0.1.0"}
 * </pre>
 * {@code starts} and {@code time_unit} may be {@code null} (the likelihood's own starts; unit
 * unknown). Doubles are written in Java's shortest round-trip form, so they read back exactly.
 * A missing section means "not recorded"; a section that is present must be complete.
 */
final class FitProvenanceJson {
    /** The key, inside {@code provenance}. */
    static final String KEY = "recipe";

    private FitProvenanceJson() {}

    /** Writes {@code p} under {@link #KEY} into the provenance object. */
    static void write(ObjectNode provenance, FitProvenance p) {
        ObjectNode o = provenance.putObject(KEY);
        ModelFitter.Settings s = p.settings();
        o.put("model", p.model().id());
        o.put("max_iterations", s.maxIterations());
        o.put("gradient_tolerance", s.gradientTolerance());
        o.put("screen_rows", s.screenRows());
        double[][] starts = s.starts();
        if (starts == null) {
            o.putNull("starts");
        } else {
            ArrayNode rows = o.putArray("starts");
            for (double[] start : starts) {
                ArrayNode row = rows.addArray();
                for (double v : start) {
                    row.add(v);
                }
            }
        }
        if (s.timeUnit() == null) {
            o.putNull("time_unit");
        } else {
            o.put("time_unit", s.timeUnit().label());
        }
        o.put("data_sha256", p.dataSha256());
        o.put("library_version", p.libraryVersion());
    }

    /**
     * Reads the section from the provenance object.
     *
     * @return the record, or null when the section is absent
     * @throws ChurnkitException naming the source and the field when the section is malformed
     */
    static FitProvenance read(JsonNode provenance, String source) {
        JsonNode o = provenance.get(KEY);
        if (o == null || o.isNull()) {
            return null;
        }
        String where = "provenance." + KEY;
        if (!o.isObject()) {
            throw bad(source, where, "must be an object, got " + o);
        }
        ModelKind kind;
        try {
            kind = ModelKind.parse(text(o, "model", where, source));
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("model file " + source + ": " + where + ".model: " + e.getMessage(), e);
        }
        JsonNode startsNode = o.get("starts");
        double[][] starts = null;
        if (startsNode != null && !startsNode.isNull()) {
            if (!startsNode.isArray()) {
                throw bad(source, where + ".starts", "must be an array of arrays of numbers, got " + startsNode);
            }
            starts = new double[startsNode.size()][];
            for (int i = 0; i < starts.length; i++) {
                JsonNode row = startsNode.get(i);
                if (!row.isArray() || row.size() != kind.parameterNames().size()) {
                    throw bad(source, where + ".starts", "each start must list the " + kind.parameterNames().size()
                            + " parameters " + kind.parameterNames() + ", got " + row);
                }
                starts[i] = new double[row.size()];
                for (int j = 0; j < starts[i].length; j++) {
                    JsonNode v = row.get(j);
                    if (!v.isNumber() || !(v.asDouble() > 0) || Double.isInfinite(v.asDouble())) {
                        throw bad(source, where + ".starts", "must hold positive finite numbers, got " + v);
                    }
                    starts[i][j] = v.asDouble();
                }
            }
        }
        ModelFitter.Settings settings;
        try {
            settings = new ModelFitter.Settings(whole(o, "max_iterations", where, source),
                    number(o, "gradient_tolerance", where, source), whole(o, "screen_rows", where, source), starts,
                    timeUnit(o.get("time_unit"), where + ".time_unit", source));
        } catch (IllegalArgumentException e) {
            throw bad(source, where, e.getMessage());
        }
        try {
            return FitProvenance.of(kind, settings, text(o, "data_sha256", where, source),
                    text(o, "library_version", where, source));
        } catch (IllegalArgumentException e) {
            throw bad(source, where, e.getMessage());
        }
    }

    /**
     * A time unit in a model file: {@code null} when absent or JSON null.
     *
     * @throws ChurnkitException naming the source and {@code where} when it is not a unit name
     */
    static TimeUnit timeUnit(JsonNode v, String where, String source) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad(source, where, "must be text such as \"week\", got " + v);
        }
        try {
            return TimeUnit.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw bad(source, where, e.getMessage());
        }
    }

    private static String text(JsonNode o, String field, String where, String source) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw bad(source, where + "." + field, "must be text, got " + v);
        }
        return v.asText();
    }

    private static int whole(JsonNode o, String field, String where, String source) {
        JsonNode v = o.get(field);
        if (v == null || !v.isInt()) {
            throw bad(source, where + "." + field, "must be a whole number, got " + v);
        }
        return v.asInt();
    }

    private static double number(JsonNode o, String field, String where, String source) {
        JsonNode v = o.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw bad(source, where + "." + field, "must be a finite number, got " + v);
        }
        return v.asDouble();
    }

    private static ChurnkitException bad(String source, String where, String what) {
        return new ChurnkitException("model file " + source + ": " + where + ": " + what);
    }
}
