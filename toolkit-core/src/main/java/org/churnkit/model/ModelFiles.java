package org.churnkit.model;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.churnkit.ChurnkitException;
import org.churnkit.io.AtomicOutput;

/**
 * JSON model files. The minimal, hand-written form (published parameters) is
 * <pre>{"model": "pareto-nbd", "parameters": {"r": 0.55, "alpha": 10.6, "s": 0.61, "beta": 11.7}}</pre>
 * Fitted models add {@code format_version}, {@code standard_errors}, {@code covariance},
 * {@code log_likelihood}, {@code customers}, {@code distinct_rows}, {@code iterations},
 * {@code time_unit}, {@code converged}, {@code message} and {@code provenance}
 * ({@code input_sha256, fitted_at, library_version, settings}).
 *
 * <p>Compatibility: fields this version does not know are ignored (files from later versions load
 * as far as they can); every field except {@code model} and {@code parameters} is optional.
 * Parameter names are the papers' ({@link ModelKind#parameterNames()}).
 */
public final class ModelFiles {
    /** The format this version writes. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {}

    /**
     * Reads a model file.
     *
     * @throws ChurnkitException naming the file and what is wrong with it
     * @param file a model JSON file
     * @return the model
     */
    public static FittedModel read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ChurnkitException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses model JSON; {@code source} names it in errors (a file name).
     *
     * @throws ChurnkitException naming the source and what is wrong
     * @param json the model JSON
     * @param source the name used in error messages
     * @return the model
     */
    public static FittedModel parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ChurnkitException("model file " + source + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""), e);
        }
        if (root == null || !root.isObject()) {
            throw new ChurnkitException("model file " + source + ": expected a JSON object");
        }
        JsonNode modelNode = root.get("model");
        if (modelNode == null || !modelNode.isTextual()) {
            throw new ChurnkitException("model file " + source + ": field \"model\" (e.g. \"pareto-nbd\") is missing");
        }
        ModelKind kind;
        try {
            kind = ModelKind.parse(modelNode.asText());
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("model file " + source + ": " + e.getMessage(), e);
        }
        List<String> names = kind.parameterNames();
        JsonNode params = root.get("parameters");
        if (params == null || !params.isObject()) {
            throw new ChurnkitException("model file " + source + ": object \"parameters\" with " + String.join(", ", names)
                    + " is missing");
        }
        double[] p = new double[names.size()];
        for (int i = 0; i < p.length; i++) {
            JsonNode v = params.get(names.get(i));
            if (v == null || v.isNull()) {
                throw new ChurnkitException("model file " + source + ": parameter '" + names.get(i) + "' is missing ("
                        + kind.id() + " needs " + String.join(", ", names) + ")");
            }
            if (!v.isNumber()) {
                throw new ChurnkitException("model file " + source + ": parameter '" + names.get(i)
                        + "' must be a number, got " + v);
            }
            p[i] = v.asDouble();
            if (!(p[i] > 0) || Double.isInfinite(p[i])) {
                throw new ChurnkitException("model file " + source + ": parameter '" + names.get(i)
                        + "' must be positive and finite, got " + v);
            }
        }
        FitSummary fit = root.has("log_likelihood") ? readSummary(root, names, source) : null;
        try {
            return ModelRegistry.create(kind, p, fit);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("model file " + source + ": " + e.getMessage(), e);
        }
    }

    private static FitSummary readSummary(JsonNode root, List<String> names, String source) {
        int k = names.size();
        double[] se = new double[k];
        JsonNode seNode = root.get("standard_errors");
        for (int i = 0; i < k; i++) {
            JsonNode v = seNode == null ? null : seNode.get(names.get(i));
            se[i] = v != null && v.isNumber() ? v.asDouble() : Double.NaN;
        }
        double[] cov = null;
        JsonNode covNode = root.get("covariance");
        if (covNode != null && covNode.isArray() && covNode.size() == k) {
            cov = new double[k * k];
            for (int i = 0; i < k; i++) {
                JsonNode row = covNode.get(i);
                for (int j = 0; j < k; j++) {
                    JsonNode v = row == null ? null : row.get(j);
                    cov[i * k + j] = v != null && v.isNumber() ? v.asDouble() : Double.NaN;
                }
            }
        }
        FitSummary.Provenance prov = null;
        JsonNode pn = root.get("provenance");
        if (pn != null && pn.isObject()) {
            Instant at = null;
            String atText = text(pn, "fitted_at");
            if (atText != null) {
                try {
                    at = Instant.parse(atText);
                } catch (DateTimeParseException e) {
                    throw new ChurnkitException("model file " + source + ": provenance.fitted_at is not an ISO-8601 "
                            + "instant: " + atText, e);
                }
            }
            prov = new FitSummary.Provenance(text(pn, "input_sha256"), at, text(pn, "library_version"),
                    text(pn, "settings"));
        }
        return new FitSummary(
                number(root, "log_likelihood", source),
                se,
                cov,
                root.has("customers") ? number(root, "customers", source) : Double.NaN,
                root.path("distinct_rows").asInt(0),
                root.path("converged").asBoolean(false),
                root.path("iterations").asInt(0),
                root.path("message").asText(""),
                text(root, "time_unit"),
                prov);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static double number(JsonNode n, String field, String source) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new ChurnkitException("model file " + source + ": \"" + field + "\" must be a number, got " + v);
        }
        return v.asDouble();
    }

    /**
     * The JSON text of a model (fit fields only when it was fitted).
     *
     * @param model the model
     * @return the JSON text
     */
    public static String toJson(FittedModel model) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("model", model.kind().id());
        ObjectNode params = root.putObject("parameters");
        model.parameters().forEach(params::put);
        model.fit().ifPresent(f -> {
            List<String> names = model.kind().parameterNames();
            ObjectNode se = root.putObject("standard_errors");
            double[] s = f.standardErrors();
            for (int i = 0; i < names.size(); i++) {
                putNumber(se, names.get(i), s[i]);
            }
            double[] cov = f.covariance();
            if (cov != null) {
                ArrayNode rows = root.putArray("covariance");
                int k = names.size();
                for (int i = 0; i < k; i++) {
                    ArrayNode row = rows.addArray();
                    for (int j = 0; j < k; j++) {
                        double v = cov[i * k + j];
                        if (Double.isFinite(v)) {
                            row.add(v);
                        } else {
                            row.addNull();
                        }
                    }
                }
            }
            putNumber(root, "log_likelihood", f.logLikelihood());
            double customers = f.customers();
            if (customers == Math.rint(customers) && Math.abs(customers) < 0x1p53) {
                // a count: an integer in the file, 5000 and not 5000.0
                root.put("customers", (long) customers);
            } else {
                putNumber(root, "customers", customers);
            }
            root.put("distinct_rows", f.distinctRows());
            root.put("iterations", f.iterations());
            if (f.timeUnit() != null) {
                root.put("time_unit", f.timeUnit());
            } else {
                root.putNull("time_unit");
            }
            root.put("converged", f.converged());
            root.put("message", f.message());
            FitSummary.Provenance p = f.provenance();
            if (p != null) {
                ObjectNode pn = root.putObject("provenance");
                pn.put("input_sha256", p.inputSha256());
                pn.put("fitted_at", p.fittedAt() == null ? null : p.fittedAt().toString());
                pn.put("library_version", p.libraryVersion());
                pn.put("settings", p.settings());
            }
        });
        return org.churnkit.io.JsonText.write(root);
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    /**
     * Writes a model file: to a temporary file in the target directory, then moved into place, so a
     * failure never leaves a half-written model.
     *
     * @param model the model
     * @param file the target path
     */
    public static void write(FittedModel model, Path file) {
        try {
            AtomicOutput.writeString(file, toJson(model));
        } catch (java.io.UncheckedIOException e) {
            throw new ChurnkitException("cannot write model file " + file + ": " + e.getCause().getMessage(), e);
        }
    }

}
