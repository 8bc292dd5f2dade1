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
import org.churnkit.data.TimeUnit;
import org.churnkit.io.AtomicOutput;

/**
 * JSON model files. The minimal, hand-written form (published parameters) is
 * <pre>{"model": "pareto-nbd", "parameters": {"r": 0.55, "alpha": 10.6, "s": 0.61, "beta": 11.7}}</pre>
 * Fitted models add {@code format_version}, {@code standard_errors}, {@code covariance},
 * {@code log_likelihood}, {@code customers}, {@code distinct_rows}, {@code iterations},
 * {@code time_unit}, {@code converged}, {@code status} ({@link FitStatus#label()}), {@code findings}
 * (objects with {@code status, parameters, limiting_model, message}), {@code message} and {@code provenance}
 * ({@code input_sha256, fitted_at, library_version, settings} in words, and {@code recipe}: the
 * same as data, {@link FitProvenance}, from which {@link ModelFitter#refit} replays the fit; files
 * written before it existed have no {@code recipe}, which reads as "not recorded").
 *
 * <p>Compatibility: files of {@code format_version} up to {@link #FORMAT_VERSION} (or without one)
 * load; a file from a newer churnkit is refused with a message saying so, since it may mean
 * something this version would misread. Fields this version does not know are ignored; every field
 * except {@code model} and {@code parameters} is optional, and a hand-written file may add
 * {@code time_unit}. Reading is strict: a key given twice, text after the object (a second object
 * included) is an error; a UTF-8 byte-order mark is accepted.
 * Parameter names are the papers' ({@link ModelKind#parameterNames()}).
 */
public final class ModelFiles {
    /** The format this version writes. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            // strict reading: a key given twice, or anything after the object, is a broken file, not a model
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
            text = Files.readString(file); // UTF-8, malformed input reported
        } catch (IOException e) {
            throw new ChurnkitException("cannot read model file " + file + ": " + org.churnkit.io.IoErrors.reason(file, e), e);
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
        if (json.startsWith("\uFEFF")) { // a byte-order mark, as some Windows editors write
            json = json.substring(1);
        }
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
        JsonNode version = root.get("format_version");
        if (version != null && !version.isNull()) {
            if (!version.isIntegralNumber() || version.asLong() < 1) {
                throw new ChurnkitException("model file " + source + ": \"format_version\" must be a whole number >= 1, got "
                        + version);
            }
            if (version.asLong() > FORMAT_VERSION) {
                throw new ChurnkitException("model file " + source + " was written by a newer churnkit (format "
                        + version.asLong() + "); this version reads up to format " + FORMAT_VERSION
                        + ": upgrade churnkit, or write the model again with this version");
            }
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
        FitSummary fit = root.has("log_likelihood") ? readSummary(root, names, source)
                : root.hasNonNull("time_unit") ? unitOnly(root, names, source) : null;
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
                    text(pn, "settings"), FitProvenanceJson.read(pn, source));
        }
        boolean converged = root.path("converged").asBoolean(false);
        // Files written before fits were diagnosed have no status: the optimiser's flag decides.
        FitStatus status = converged ? FitStatus.CONVERGED : FitStatus.NOT_CONVERGED;
        String statusText = text(root, "status");
        if (statusText != null) {
            try {
                status = FitStatus.parse(statusText);
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("model file " + source + ": \"status\": " + e.getMessage(), e);
            }
        }
        List<FitFinding> findings = new java.util.ArrayList<>();
        JsonNode fn = root.get("findings");
        if (fn != null && fn.isArray()) {
            for (JsonNode o : fn) {
                List<String> ps = new java.util.ArrayList<>();
                o.path("parameters").forEach(n -> ps.add(n.asText()));
                FitStatus fs = status;
                String st = text(o, "status");
                if (st != null) {
                    try {
                        fs = FitStatus.parse(st);
                    } catch (IllegalArgumentException e) {
                        throw new ChurnkitException("model file " + source + ": findings: " + e.getMessage(), e);
                    }
                }
                findings.add(new FitFinding(fs, ps, o.path("limiting_model").asText(""), o.path("message").asText("")));
            }
        }
        return new FitSummary(
                number(root, "log_likelihood", source),
                se,
                cov,
                root.has("customers") ? number(root, "customers", source) : Double.NaN,
                root.path("distinct_rows").asInt(0),
                converged,
                root.path("iterations").asInt(0),
                root.path("message").asText(""),
                FitProvenanceJson.timeUnit(root.get("time_unit"), "\"time_unit\"", source),
                prov,
                status,
                findings);
    }

    /** A hand-written file that records its time unit and no fit: the unit is kept, nothing else claimed. */
    private static FitSummary unitOnly(JsonNode root, List<String> names, String source) {
        TimeUnit unit = FitProvenanceJson.timeUnit(root.get("time_unit"), "\"time_unit\"", source);
        double[] se = new double[names.size()];
        java.util.Arrays.fill(se, Double.NaN);
        return new FitSummary(Double.NaN, se, null, Double.NaN, 0, true, 0, "no fit recorded (hand-written model file)",
                unit, null);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static double number(JsonNode n, String field, String source) {
        JsonNode v = n.get(field);
        if (v != null && v.isNull()) {
            return Double.NaN; // written for a value that was not finite (see putNumber)
        }
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
        model.parameters().forEach((name, v) -> {
            if (!Double.isFinite(v)) {
                throw new ChurnkitException("refusing to write a " + model.kind().id() + " model: parameter '" + name
                        + "' is " + v + ", not a finite number");
            }
        });
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
                root.put("time_unit", f.timeUnit().label());
            } else {
                root.putNull("time_unit");
            }
            root.put("converged", f.converged());
            root.put("status", f.status().label());
            ArrayNode findings = root.putArray("findings");
            for (FitFinding fd : f.findings()) {
                ObjectNode o = findings.addObject();
                o.put("status", fd.status().label());
                ArrayNode ps = o.putArray("parameters");
                fd.parameters().forEach(ps::add);
                o.put("limiting_model", fd.limitingModel());
                o.put("message", fd.message());
            }
            root.put("message", f.message());
            FitSummary.Provenance p = f.provenance();
            if (p != null) {
                ObjectNode pn = root.putObject("provenance");
                pn.put("input_sha256", p.inputSha256());
                pn.put("fitted_at", p.fittedAt() == null ? null : p.fittedAt().toString());
                pn.put("library_version", p.libraryVersion());
                pn.put("settings", p.settings());
                if (p.recipe() != null) {
                    FitProvenanceJson.write(pn, p.recipe());
                }
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
