package org.churnkit.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.BadInputException;
import org.churnkit.io.JsonText;

/**
 * The {@code provenance.recipe} section of a model file ({@link FitProvenance} as JSON):
 * <pre>
 * "recipe": {"model": "pareto-nbd", "max_iterations": 1000, "gradient_tolerance": 1.0E-8,
 *            "screen_rows": 20000, "starts": [[0.5, 10, 0.5, 10], ...], "time_unit": "week",
 *            "data_sha256": "5ea7...", "library_version": "0.1.0"}
 * </pre>
 * {@code starts} and {@code time_unit} may be {@code null} (the likelihood's own starts; unit
 * unknown). Doubles are written in Java's shortest round-trip form, so they read back exactly.
 * A missing section means "not recorded"; a section that is present must be complete. The JSON is
 * the plain tree of {@link JsonText} (ordered maps, lists, numbers, strings).
 */
final class FitProvenanceJson {
    /** The key, inside {@code provenance}. */
    static final String KEY = "recipe";

    private FitProvenanceJson() {}

    /** Writes {@code p} under {@link #KEY} into the provenance object. */
    static void write(Map<String, Object> provenance, FitProvenance p) {
        Map<String, Object> o = new LinkedHashMap<>();
        ModelFitter.Settings s = p.settings();
        o.put("model", p.model().id());
        o.put("max_iterations", s.maxIterations());
        o.put("gradient_tolerance", s.gradientTolerance());
        o.put("screen_rows", s.screenRows());
        double[][] starts = s.starts();
        if (starts == null) {
            o.put("starts", null);
        } else {
            List<List<Double>> rows = new ArrayList<>();
            for (double[] start : starts) {
                List<Double> row = new ArrayList<>();
                for (double v : start) {
                    row.add(v);
                }
                rows.add(row);
            }
            o.put("starts", rows);
        }
        o.put("time_unit", s.timeUnit() == null ? null : s.timeUnit().label());
        o.put("data_sha256", p.dataSha256());
        o.put("library_version", p.libraryVersion());
        provenance.put(KEY, o);
    }

    /**
     * Reads the section from the provenance object.
     *
     * @return the record, or null when the section is absent
     * @throws BadInputException naming the source and the field when the section is malformed
     */
    static FitProvenance read(Map<?, ?> provenance, String source) {
        Object node = provenance.get(KEY);
        if (node == null) {
            return null;
        }
        String where = "provenance." + KEY;
        if (!(node instanceof Map<?, ?> o)) {
            throw bad(source, where, "must be an object, got " + JsonText.inline(node));
        }
        ModelKind kind;
        try {
            kind = ModelKind.parse(text(o, "model", where, source));
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("model file " + source + ": " + where + ".model: " + e.getMessage(), e);
        }
        Object startsNode = o.get("starts");
        double[][] starts = null;
        if (startsNode != null) {
            if (!(startsNode instanceof List<?> list)) {
                throw bad(source, where + ".starts", "must be an array of arrays of numbers, got " + JsonText.inline(startsNode));
            }
            starts = new double[list.size()][];
            for (int i = 0; i < starts.length; i++) {
                if (!(list.get(i) instanceof List<?> row) || row.size() != kind.parameterNames().size()) {
                    throw bad(source, where + ".starts", "each start must list the " + kind.parameterNames().size()
                            + " parameters " + kind.parameterNames() + ", got " + JsonText.inline(list.get(i)));
                }
                starts[i] = new double[row.size()];
                for (int j = 0; j < starts[i].length; j++) {
                    Object v = row.get(j);
                    if (!(v instanceof Number num) || !(num.doubleValue() > 0) || Double.isInfinite(num.doubleValue())) {
                        throw bad(source, where + ".starts", "must hold positive finite numbers, got " + JsonText.inline(v));
                    }
                    starts[i][j] = num.doubleValue();
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
     * @throws BadInputException naming the source and {@code where} when it is not a unit name
     */
    static TimeUnit timeUnit(Object v, String where, String source) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof String text)) {
            throw bad(source, where, "must be text such as \"week\", got " + JsonText.inline(v));
        }
        try {
            return TimeUnit.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(source, where, e.getMessage());
        }
    }

    private static String text(Map<?, ?> o, String field, String where, String source) {
        if (!(o.get(field) instanceof String v)) {
            throw bad(source, where + "." + field, "must be text, got " + JsonText.inline(o.get(field)));
        }
        return v;
    }

    private static int whole(Map<?, ?> o, String field, String where, String source) {
        Object v = o.get(field);
        if (!(v instanceof Long l) || l != (int) (long) l) {
            throw bad(source, where + "." + field, "must be a whole number, got " + JsonText.inline(v));
        }
        return (int) (long) l;
    }

    private static double number(Map<?, ?> o, String field, String where, String source) {
        Object v = o.get(field);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw bad(source, where + "." + field, "must be a finite number, got " + JsonText.inline(v));
        }
        return n.doubleValue();
    }

    private static BadInputException bad(String source, String where, String what) {
        return BadInputException.of("model file " + source + ": " + where + ": " + what);
    }
}
