package org.churnkit.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.AtomicOutput;
import org.churnkit.io.BadInputException;
import org.churnkit.io.JsonText;

/**
 * JSON model files. The minimal, hand-written form (published parameters) is
 * <pre>{"model": "pareto-nbd", "parameters": {"r": 0.55, "alpha": 10.6, "s": 0.61, "beta": 11.7}}</pre>
 * Fitted models add {@code format_version}, {@code standard_errors}, {@code covariance} (of the
 * natural parameters; with it {@code log_covariance}, that of the log-parameters, and
 * {@code interval_method}: {@code asymptotic}, how {@code score --intervals} draws parameters from
 * the file, see {@link PredictionIntervals#logCovariance}),
 * {@code log_likelihood}, {@code customers}, {@code distinct_rows}, {@code iterations},
 * {@code time_unit}, {@code converged}, {@code status} ({@link FitStatus#label()}), {@code findings}
 * (objects with {@code status, parameters, limiting_model, message}), {@code message} and {@code provenance}
 * ({@code input_sha256, fitted_at, library_version, settings} in words, and {@code recipe}: the
 * same as data, {@link FitProvenance}, from which {@link ModelFitter#refit} replays the fit; files
 * written before it existed have no {@code recipe}, which reads as "not recorded"; a refit adds
 * {@code predecessor}, the link to the model file it was refitted from, {@link FitPredecessor}:
 * files without it load as before).
 *
 * <p>Compatibility: files of {@code format_version} up to {@link #FORMAT_VERSION} (or without one)
 * load; a file from a newer churnkit is refused with a message saying so, since it may mean
 * something this version would misread. Fields this version does not know are ignored; every field
 * except {@code model} and {@code parameters} is optional, and a hand-written file may add
 * {@code time_unit}. Reading is strict: a key given twice, text after the object (a second object
 * included) is an error; a UTF-8 byte-order mark is accepted.
 * Parameter names are the papers' ({@link ModelKind#parameterNames()}).
 *
 * <p>Typed reading: {@link #read(Path, Class)} returns the model as the type the caller needs
 * ({@code ParetoNbd}, or any {@code TransactionModel}) and refuses a file of another kind with a
 * {@link ModelMismatchException}; {@link #read(Path)} returns whatever the file holds.
 */
public final class ModelFiles {
    /** The format this version writes. */
    public static final int FORMAT_VERSION = 1;

    private ModelFiles() {}

    /**
     * Reads a model file, whatever model it holds.
     *
     * @throws BadInputException naming the file and what is wrong with its content
     * @throws ChurnkitException naming the file when it cannot be read
     * @param file a model JSON file
     * @return the model
     */
    public static FittedModel read(Path file) {
        return parse(readText(file), file.toString());
    }

    /**
     * Reads a model file that must hold a model of {@code type}, e.g.
     * {@code ParetoNbd model = ModelFiles.read(file, ParetoNbd.class)}, or
     * {@code TransactionModel.class} for any model that predicts transactions.
     *
     * @param <M> the model type asked for
     * @param file a model JSON file
     * @param type the model type asked for
     * @return the model, as a {@code type}
     * @throws ModelMismatchException when the file holds another kind of model, reading
     *     {@code model file m.json holds a BG/NBD model; expected Pareto/NBD}
     * @throws BadInputException naming the file and what is wrong with its content
     * @throws ChurnkitException naming the file when it cannot be read
     */
    public static <M extends FittedModel> M read(Path file, Class<M> type) {
        return parse(readText(file), file.toString(), type);
    }

    /**
     * The text of a model file; shared with the covariate models' files, so that every model file
     * fails to read with the same message.
     *
     * @throws ChurnkitException naming the file when it cannot be read
     */
    static String readText(Path file) {
        try {
            return Files.readString(file); // UTF-8, malformed input reported
        } catch (IOException e) {
            throw new ChurnkitException("cannot read model file " + file + ": " + org.churnkit.io.IoErrors.reason(file, e), e);
        }
    }

    /**
     * Parses model JSON; {@code source} names it in errors (a file name).
     *
     * @throws BadInputException naming the source and what is wrong
     * @param json the model JSON
     * @param source the name used in error messages
     * @return the model
     */
    public static FittedModel parse(String json, String source) {
        return parse(json, source, FittedModel.class);
    }

    /**
     * Parses model JSON that must hold a model of {@code type}; {@code source} names it in errors.
     *
     * @param <M> the model type asked for
     * @param json the model JSON
     * @param source the name used in error messages (a file name)
     * @param type the model type asked for
     * @return the model, as a {@code type}
     * @throws ModelMismatchException when the JSON holds another kind of model
     * @throws BadInputException naming the source and what is wrong
     */
    public static <M extends FittedModel> M parse(String json, String source, Class<M> type) {
        String where = "model file " + source;
        if (!(JsonText.parse(json, where) instanceof Map<?, ?> root)) {
            throw bad(source, "expected a JSON object");
        }
        Object version = root.get("format_version");
        if (version != null) {
            if (!isWhole(version) || ((Number) version).doubleValue() < 1) {
                throw bad(source, "\"format_version\" must be a whole number >= 1, got " + JsonText.inline(version));
            }
            if (((Number) version).doubleValue() > FORMAT_VERSION) {
                throw BadInputException.of(where + " was written by a newer churnkit (format "
                        + version + "); this version reads up to format " + FORMAT_VERSION
                        + ": upgrade churnkit, or write the model again with this version");
            }
        }
        if (!(root.get("model") instanceof String modelName)) {
            throw bad(source, "field \"model\" (e.g. \"pareto-nbd\") is missing");
        }
        ModelKind kind;
        try {
            kind = ModelKind.parse(modelName);
        } catch (IllegalArgumentException e) { // a name is parsed as an argument: the file gives it its context
            throw BadInputException.of(where + ": " + e.getMessage(), e);
        }
        if (!type.isAssignableFrom(kind.modelType())) {
            // before the parameters: a file of the wrong kind is refused for its kind, whatever else it holds
            throw ModelMismatchException.of(kind, type, where);
        }
        if (root.containsKey("time_varying_covariates")) {
            // Its coefficients act per period: the plain model would drop them and the period grid.
            throw bad(source, "it holds a model with time-varying covariates; read it with "
                    + "TimeVaryingCovariateModel.read");
        }
        if (root.containsKey("correlation")) {
            // Scoring it as the plain model would silently drop the purchase-dropout correlation.
            throw bad(source, "it holds a Pareto/NBD model with correlated purchase and dropout rates; read it with "
                    + "StaticCovariateModel.read (CLI: score reads it)");
        }
        if (root.containsKey("covariates")) {
            // Scoring it as the plain model would silently drop every customer's covariate effects.
            throw bad(source, "it holds a model with covariates; read it with StaticCovariateModel.read "
                    + "(CLI: score with --covariates FILE)");
        }
        List<String> names = kind.parameterNames();
        if (!(root.get("parameters") instanceof Map<?, ?> params)) {
            throw bad(source, "object \"parameters\" with " + String.join(", ", names) + " is missing");
        }
        double[] p = new double[names.size()];
        for (int i = 0; i < p.length; i++) {
            Object v = params.get(names.get(i));
            if (v == null) {
                throw bad(source, "parameter '" + names.get(i) + "' is missing (" + kind.id() + " needs "
                        + String.join(", ", names) + ")");
            }
            if (!(v instanceof Number n)) {
                throw bad(source, "parameter '" + names.get(i) + "' must be a number, got " + JsonText.inline(v));
            }
            p[i] = n.doubleValue();
            if (!(p[i] > 0) || Double.isInfinite(p[i])) {
                throw bad(source, "parameter '" + names.get(i) + "' must be positive and finite, got " + n);
            }
        }
        String outside = ModelRegistry.outsideDomain(kind, p);
        if (outside != null) {
            throw bad(source, outside + ModelRegistry.NOT_IDENTIFIED);
        }
        FitSummary fit = root.containsKey("log_likelihood") ? readSummary(root, names, source)
                : root.get("time_unit") != null ? unitOnly(root, names, source) : null;
        return ModelMismatchException.check(ModelRegistry.likelihood(kind).create(p, fit), type, where);
    }

    private static BadInputException bad(String source, String what) {
        return BadInputException.of("model file " + source + ": " + what);
    }

    /** Whether a JSON value is a number written without fraction or exponent. */
    private static boolean isWhole(Object n) {
        return n instanceof Long || n instanceof java.math.BigInteger;
    }

    private static FitSummary readSummary(Map<?, ?> root, List<String> names, String source) {
        int k = names.size();
        double[] se = new double[k];
        Map<?, ?> seNode = root.get("standard_errors") instanceof Map<?, ?> m ? m : Map.of();
        for (int i = 0; i < k; i++) {
            se[i] = seNode.get(names.get(i)) instanceof Number v ? v.doubleValue() : Double.NaN;
        }
        double[] cov = null;
        if (root.get("covariance") instanceof List<?> rows && rows.size() == k) {
            cov = new double[k * k];
            for (int i = 0; i < k; i++) {
                List<?> row = rows.get(i) instanceof List<?> r ? r : List.of();
                for (int j = 0; j < k; j++) {
                    cov[i * k + j] = j < row.size() && row.get(j) instanceof Number v ? v.doubleValue() : Double.NaN;
                }
            }
        }
        FitSummary.Provenance prov = provenanceFromJson(root.get("provenance"), source);
        FitStatus status = statusFromJson(root, source);
        boolean converged = Boolean.TRUE.equals(root.get("converged"));
        List<FitFinding> findings = findingsFromJson(root.get("findings"), status, source);
        return new FitSummary(
                number(root, "log_likelihood", source),
                se,
                cov,
                root.containsKey("customers") ? number(root, "customers", source) : Double.NaN,
                integer(root, "distinct_rows"),
                converged,
                integer(root, "iterations"),
                asText(root.get("message"), ""),
                FitProvenanceJson.timeUnit(root.get("time_unit"), "\"time_unit\"", source),
                prov,
                status,
                findings);
    }

    /**
     * A fit's provenance read back from a model file ({@link #provenanceToJson}'s object): what
     * every model file's reader shares.
     *
     * @param node the {@code provenance} node, or {@code null}
     * @param source names the file in messages
     * @return the provenance, or {@code null} when the node is not an object
     * @throws BadInputException naming the file when a time is not an ISO-8601 instant or the
     *     recipe or predecessor is malformed
     */
    public static FitSummary.Provenance provenanceFromJson(Object node, String source) {
        if (!(node instanceof Map<?, ?> pn)) {
            return null;
        }
        Instant at = null;
        String atText = text(pn, "fitted_at");
        if (atText != null) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException e) {
                throw BadInputException.of("model file " + source + ": provenance.fitted_at is not an ISO-8601 "
                        + "instant: " + atText, e);
            }
        }
        return new FitSummary.Provenance(text(pn, "input_sha256"), at, text(pn, "library_version"),
                text(pn, "settings"), FitProvenanceJson.read(pn, source), predecessor(pn, source));
    }

    /**
     * A fit's status read back from a model file: its {@code status} label, or for files written
     * before fits were diagnosed the optimiser's {@code converged} flag.
     *
     * @param root the file's object
     * @param source names the file in messages
     * @return the status
     * @throws BadInputException naming the file for an unknown label
     */
    public static FitStatus statusFromJson(Map<?, ?> root, String source) {
        String statusText = text(root, "status");
        if (statusText != null) {
            return status(statusText, source, "\"status\": ");
        }
        return Boolean.TRUE.equals(root.get("converged")) ? FitStatus.CONVERGED : FitStatus.NOT_CONVERGED;
    }

    /**
     * A fit's findings read back from a model file ({@link #findingsToJson}'s list); a finding
     * without a status takes the file's.
     *
     * @param node the {@code findings} node, or {@code null}
     * @param status the file's status
     * @param source names the file in messages
     * @return the findings (empty when the node is not a list)
     * @throws BadInputException naming the file for an unknown status label
     */
    public static List<FitFinding> findingsFromJson(Object node, FitStatus status, String source) {
        List<FitFinding> findings = new ArrayList<>();
        if (node instanceof List<?> fn) {
            for (Object item : fn) {
                Map<?, ?> o = item instanceof Map<?, ?> m ? m : Map.of();
                List<String> ps = new ArrayList<>();
                if (o.get("parameters") instanceof List<?> l) {
                    l.forEach(n -> ps.add(asText(n, "")));
                }
                String st = text(o, "status");
                FitStatus fs = st != null ? status(st, source, "findings: ") : status;
                findings.add(new FitFinding(fs, ps, asText(o.get("limiting_model"), ""), asText(o.get("message"), "")));
            }
        }
        return findings;
    }

    private static FitStatus status(String text, String source, String field) {
        try {
            return FitStatus.parse(text);
        } catch (IllegalArgumentException e) { // a label is parsed as an argument: the file gives it its context
            throw BadInputException.of("model file " + source + ": " + field + e.getMessage(), e);
        }
    }

    /** A hand-written file that records its time unit and no fit: the unit is kept, nothing else claimed. */
    private static FitSummary unitOnly(Map<?, ?> root, List<String> names, String source) {
        TimeUnit unit = FitProvenanceJson.timeUnit(root.get("time_unit"), "\"time_unit\"", source);
        double[] se = new double[names.size()];
        java.util.Arrays.fill(se, Double.NaN);
        return new FitSummary(Double.NaN, se, null, Double.NaN, 0, true, 0, "no fit recorded (hand-written model file)",
                unit, null);
    }

    /** A field as text (a number or boolean as its JSON text), or {@code null} when missing or null. */
    private static String text(Map<?, ?> n, String field) {
        Object v = n.get(field);
        return v == null ? null : asText(v, null);
    }

    private static String asText(Object v, String missing) {
        if (v == null) {
            return missing;
        }
        return v instanceof String s ? s : v instanceof Map || v instanceof List ? "" : JsonText.inline(v);
    }

    /** A count, 0 when missing or not a number (as files from before the field was written). */
    private static int integer(Map<?, ?> n, String field) {
        return n.get(field) instanceof Number v ? v.intValue() : 0;
    }

    private static double number(Map<?, ?> n, String field, String source) {
        Object v = n.get(field);
        if (v == null && n.containsKey(field)) {
            return Double.NaN; // written for a value that was not finite (see putNumber)
        }
        if (!(v instanceof Number num)) {
            throw bad(source, "\"" + field + "\" must be a number, got " + (v == null ? "nothing" : JsonText.inline(v)));
        }
        return num.doubleValue();
    }

    /**
     * The JSON text of a model (fit fields only when it was fitted).
     *
     * @param model the model
     * @return the JSON text
     * @throws ChurnkitException when a parameter is not a finite number
     */
    public static String toJson(FittedModel model) {
        model.parameters().forEach((name, v) -> {
            if (!Double.isFinite(v)) {
                throw new ChurnkitException("refusing to write a " + model.kind().id() + " model: parameter '" + name
                        + "' is " + v + ", not a finite number");
            }
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", FORMAT_VERSION);
        root.put("model", model.kind().id());
        root.put("parameters", model.parameters());
        model.fit().ifPresent(f -> {
            List<String> names = model.kind().parameterNames();
            Map<String, Object> se = new LinkedHashMap<>();
            double[] s = f.standardErrors();
            for (int i = 0; i < names.size(); i++) {
                se.put(names.get(i), numberOrNull(s[i]));
            }
            root.put("standard_errors", se);
            double[] cov = f.covariance();
            if (cov != null) {
                List<List<Double>> rows = new ArrayList<>();
                int k = names.size();
                for (int i = 0; i < k; i++) {
                    List<Double> row = new ArrayList<>();
                    for (int j = 0; j < k; j++) {
                        row.add(numberOrNull(cov[i * k + j]));
                    }
                    rows.add(row);
                }
                root.put("covariance", rows);
                // What score --intervals draws from: the asymptotic normal of the log-parameters. The
                // log covariance is written too, for readers outside churnkit; churnkit reads it back
                // from "covariance" (PredictionIntervals.logCovariance), which older files also have.
                double[] theta = model.parameterArray();
                List<List<Double>> logRows = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    List<Double> row = new ArrayList<>();
                    for (int j = 0; j < k; j++) {
                        row.add(numberOrNull(cov[i * k + j] / (theta[i] * theta[j])));
                    }
                    logRows.add(row);
                }
                root.put("log_covariance", logRows);
                root.put("interval_method", "asymptotic");
            }
            root.put("log_likelihood", numberOrNull(f.logLikelihood()));
            double customers = f.customers();
            if (customers == Math.rint(customers) && Math.abs(customers) < 0x1p53) {
                // a count: an integer in the file, 5000 and not 5000.0
                root.put("customers", (long) customers);
            } else {
                root.put("customers", numberOrNull(customers));
            }
            root.put("distinct_rows", f.distinctRows());
            root.put("iterations", f.iterations());
            root.put("time_unit", f.timeUnit() == null ? null : f.timeUnit().label());
            root.put("converged", f.converged());
            root.put("status", f.status().label());
            root.put("findings", findingsToJson(f.findings()));
            root.put("message", f.message());
            if (f.provenance() != null) {
                root.put("provenance", provenanceToJson(f.provenance()));
            }
        });
        return JsonText.write(root);
    }

    /**
     * A fit's findings as every model file holds them: one object per finding with its status,
     * parameters, limiting model and message. Shared with the other model families' files so that
     * one reader understands them all.
     *
     * @param findings the fit's findings
     * @return the JSON objects, in order
     */
    public static List<Map<String, Object>> findingsToJson(List<FitFinding> findings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FitFinding fd : findings) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("status", fd.status().label());
            o.put("parameters", fd.parameters());
            o.put("limiting_model", fd.limitingModel());
            o.put("message", fd.message());
            out.add(o);
        }
        return out;
    }

    /**
     * A fit's provenance as every model file holds it: input checksum, fit time, library version,
     * settings and, when recorded, the recipe that replays the fit and the model it replaced.
     *
     * @param p the provenance
     * @return the JSON object
     */
    public static Map<String, Object> provenanceToJson(FitSummary.Provenance p) {
        Map<String, Object> pn = new LinkedHashMap<>();
        pn.put("input_sha256", p.inputSha256());
        pn.put("fitted_at", p.fittedAt() == null ? null : p.fittedAt().toString());
        pn.put("library_version", p.libraryVersion());
        pn.put("settings", p.settings());
        if (p.recipe() != null) {
            FitProvenanceJson.write(pn, p.recipe());
        }
        if (p.predecessor() != null) {
            FitPredecessor fp = p.predecessor();
            Map<String, Object> po = new LinkedHashMap<>();
            po.put("file_sha256", fp.fileSha256());
            po.put("library_version", fp.libraryVersion());
            po.put("fitted_at", fp.fittedAt() == null ? null : fp.fittedAt().toString());
            po.put("refit", fp.refit());
            po.put("reason", fp.reason());
            pn.put("predecessor", po);
        }
        return pn;
    }

    /** {@code provenance.predecessor}, or null when the file has none (written before refits were recorded). */
    private static FitPredecessor predecessor(Map<?, ?> pn, String source) {
        if (!(pn.get("predecessor") instanceof Map<?, ?> po)) {
            if (pn.get("predecessor") != null) {
                throw BadInputException.of("model file " + source + ": provenance.predecessor must be an object");
            }
            return null;
        }
        Instant at = null;
        String atText = text(po, "fitted_at");
        if (atText != null) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException e) {
                throw BadInputException.of("model file " + source + ": provenance.predecessor.fitted_at is not an "
                        + "ISO-8601 instant: " + atText, e);
            }
        }
        String sha = text(po, "file_sha256");
        String refit = text(po, "refit");
        String reason = text(po, "reason");
        try {
            return new FitPredecessor(sha == null ? "" : sha, text(po, "library_version"), at,
                    refit == null ? "" : refit, reason == null ? "" : reason);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("model file " + source + ": provenance.predecessor: " + e.getMessage(), e);
        }
    }

    /** A finite value, or {@code null}: JSON has no NaN, and a missing standard error is written as null. */
    private static Double numberOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Writes a model file: to a temporary file in the target directory, then moved into place, so a
     * failure never leaves a half-written model.
     *
     * @param model the model
     * @param file the target path
     * @throws ChurnkitException naming the file when it cannot be written
     */
    public static void write(FittedModel model, Path file) {
        writeText(file, toJson(model));
    }

    /**
     * Writes a model file's text atomically (see {@link #write}); shared with the covariate
     * models' files.
     *
     * @throws ChurnkitException naming the file when it cannot be written
     */
    static void writeText(Path file, String json) {
        try {
            AtomicOutput.writeString(file, json);
        } catch (java.io.UncheckedIOException e) {
            throw new ChurnkitException("cannot write model file " + file + ": " + e.getCause().getMessage(), e);
        }
    }

}
