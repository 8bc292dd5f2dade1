package org.churnkit.contractual;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.io.AtomicOutput;
import org.churnkit.io.BadInputException;
import org.churnkit.io.JsonText;
import org.churnkit.model.FitFinding;
import org.churnkit.model.FitStatus;
import org.churnkit.model.FitSummary;
import org.churnkit.model.ModelFiles;

/**
 * Contractual model files: JSON like the transaction models' ({@code org.churnkit.model.ModelFiles}),
 * self-describing and versioned.
 *
 * <pre>{"format_version": 1, "model": "sbg", "family": "contractual",
 *  "description": "...", "parameters": {"gamma": 0.704, "delta": 1.182}}</pre>
 * A fitted model adds {@code period} (what one period is, e.g. {@code month}, when known),
 * {@code covariates} ({@code names}, {@code target}, {@code coefficients} by name
 * {@code gamma:x}/{@code delta:x}, and for covariates coded from categorical columns
 * {@code reference_levels} and {@code levels} by column) for a covariate or cohort fit, {@code standard_errors} and
 * {@code covariance} (natural scale, every parameter), {@code fitted_covariance} (the scale fitted
 * on: log shapes, plain coefficients; intervals are drawn from it, and {@code interval_method}
 * {@code asymptotic} says so), {@code log_likelihood},
 * {@code subscribers}, {@code distinct_rows}, {@code iterations}, {@code converged}, {@code status},
 * {@code findings}, {@code message} and {@code provenance} ({@code input_sha256, fitted_at,
 * library_version, settings}). Only {@code model} and {@code parameters} are required; files of a
 * newer {@code format_version} are refused; unknown fields are ignored; reading is strict (a key
 * given twice, text after the object).
 */
public final class ContractualModelFiles {
    /** The format this version writes. */
    public static final int FORMAT_VERSION = 1;

    private ContractualModelFiles() {}

    /**
     * What a contractual model file holds.
     *
     * @param model the model (the baseline subscriber's for a covariate fit), with its fit summary when fitted
     * @param fit the whole fit (coefficients, covariance) when the file holds one, else {@code null}
     * @param period what one period is ({@code month}, {@code year}), or {@code null} when not recorded
     * @param referenceLevels reference level of each categorical covariate column (empty when none)
     * @param levels every level of each categorical covariate column, the reference first (empty when none)
     */
    public record Contents(ContractualModel model, ContractualFit fit, String period,
                           Map<String, String> referenceLevels, Map<String, List<String>> levels) {
        /** Copies the maps. */
        public Contents {
            referenceLevels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(referenceLevels));
            Map<String, List<String>> l = new LinkedHashMap<>();
            levels.forEach((c, v) -> l.put(c, List.copyOf(v)));
            levels = java.util.Collections.unmodifiableMap(l);
        }

        /**
         * Contents without categorical covariates.
         *
         * @param model the model
         * @param fit the fit, or {@code null}
         * @param period the period, or {@code null}
         */
        public Contents(ContractualModel model, ContractualFit fit, String period) {
            this(model, fit, period, Map.of(), Map.of());
        }
    }

    /**
     * The JSON text of a model written by hand (its fit summary, if any, included).
     *
     * @param model the model
     * @param period what one period is, or {@code null}
     * @return the text
     */
    public static String toJson(ContractualModel model, String period) {
        return write(model, null, period, Map.of(), Map.of());
    }

    /**
     * The JSON text of a fit: the model, the coefficients of a covariate or cohort fit, standard
     * errors, covariances, the diagnosis and provenance.
     *
     * @param fit the fit
     * @param period what one period is ({@code month}), or {@code null}
     * @return the text
     */
    public static String toJson(ContractualFit fit, String period) {
        return write(fit.model(), fit, period, Map.of(), Map.of());
    }

    /**
     * The JSON text of a covariate fit whose covariates were coded from categorical columns,
     * recording each column's reference level and levels so that a file of other subscribers is
     * coded as the fitting file was ({@code Covariates.read} with these levels).
     *
     * @param fit the fit
     * @param period what one period is, or {@code null}
     * @param referenceLevels reference level per categorical column ({@code Covariates.referenceLevels()})
     * @param levels every level per categorical column ({@code Covariates.levels()})
     * @return the text
     */
    public static String toJson(ContractualFit fit, String period, Map<String, String> referenceLevels,
                                Map<String, List<String>> levels) {
        return write(fit.model(), fit, period, referenceLevels, levels);
    }

    /**
     * Writes a fit atomically (a temporary file moved into place).
     *
     * @param fit the fit
     * @param period what one period is, or {@code null}
     * @param file the target
     * @throws ChurnkitException naming the file when it cannot be written
     */
    public static void write(ContractualFit fit, String period, Path file) {
        write(fit, period, Map.of(), Map.of(), file);
    }

    /**
     * Writes a covariate fit with the levels of its categorical columns ({@link
     * #toJson(ContractualFit, String, Map, Map)}) atomically.
     *
     * @param fit the fit
     * @param period what one period is, or {@code null}
     * @param referenceLevels reference level per categorical column
     * @param levels every level per categorical column
     * @param file the target
     * @throws ChurnkitException naming the file when it cannot be written
     */
    public static void write(ContractualFit fit, String period, Map<String, String> referenceLevels,
                             Map<String, List<String>> levels, Path file) {
        try {
            AtomicOutput.writeString(file, toJson(fit, period, referenceLevels, levels));
        } catch (java.io.UncheckedIOException e) {
            throw new ChurnkitException("cannot write model file " + file + ": " + e.getCause().getMessage(), e);
        }
    }

    private static String description(ContractualKind kind) {
        return kind == ContractualKind.SBG
                ? "shifted-beta-geometric (Fader and Hardie 2007): each subscriber cancels at the end of every period "
                + "with a constant probability theta ~ Beta(gamma, delta)"
                : "beta-discrete-Weibull (Fader, Hardie, Liu, Davin and Steenburgh 2018): P(still subscribed after t "
                + "periods | theta) = (1 - theta)^(t^c), theta ~ Beta(gamma, delta); c < 1 churn falls with tenure, "
                + "c > 1 rises, c = 1 is the sBG";
    }

    private static String write(ContractualModel model, ContractualFit fit, String period,
                                Map<String, String> referenceLevels, Map<String, List<String>> levels) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", FORMAT_VERSION);
        root.put("model", model.kind().id());
        root.put("family", "contractual");
        root.put("description", description(model.kind()));
        root.put("parameters", model.parameters());
        if (period != null) {
            root.put("period", period);
        }
        List<String> names = fit != null ? fit.parameterNames() : model.kind().parameterNames();
        if (fit != null && !fit.covariateNames().isEmpty()) {
            Map<String, Object> cov = new LinkedHashMap<>();
            cov.put("names", fit.covariateNames());
            cov.put("target", fit.covariateTarget().name().toLowerCase(java.util.Locale.ROOT));
            Map<String, Object> coef = new LinkedHashMap<>();
            double[] e = fit.estimates();
            for (int i = model.kind().parameterNames().size(); i < e.length; i++) {
                coef.put(names.get(i), e[i]);
            }
            cov.put("coefficients", coef);
            if (!referenceLevels.isEmpty()) {
                cov.put("reference_levels", new LinkedHashMap<>(referenceLevels));
                cov.put("levels", new LinkedHashMap<>(levels));
            }
            root.put("covariates", cov);
        }
        model.fit().ifPresent(f -> {
            int k = names.size();
            double[] s = f.standardErrors();
            if (s.length == k) {
                Map<String, Object> se = new LinkedHashMap<>();
                for (int i = 0; i < k; i++) {
                    se.put(names.get(i), orNull(s[i]));
                }
                root.put("standard_errors", se);
                double[] c = f.covariance();
                if (c != null) {
                    root.put("covariance", matrix(c, k));
                }
            }
            if (fit != null && fit.covariance() != null) {
                double[][] u = fit.covariance();
                double[] flat = new double[k * k];
                for (int i = 0; i < k; i++) {
                    System.arraycopy(u[i], 0, flat, i * k, k);
                }
                root.put("fitted_covariance", matrix(flat, k));
                // how score --intervals draws parameters by default (SubscriberIntervals), as the
                // transaction models' files say it
                root.put("interval_method", "asymptotic");
            }
            root.put("log_likelihood", orNull(f.logLikelihood()));
            double n = f.customers();
            root.put("subscribers", n == Math.rint(n) && n < 0x1p53 ? (Object) (long) n : (Object) orNull(n));
            root.put("distinct_rows", f.distinctRows());
            root.put("iterations", f.iterations());
            root.put("converged", f.converged());
            root.put("status", f.status().label());
            root.put("findings", ModelFiles.findingsToJson(f.findings()));
            root.put("message", f.message());
            if (f.provenance() != null) {
                root.put("provenance", ModelFiles.provenanceToJson(f.provenance()));
            }
        });
        return JsonText.write(root);
    }

    private static List<List<Double>> matrix(double[] flat, int k) {
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            List<Double> row = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                row.add(orNull(flat[i * k + j]));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Reads a contractual model file.
     *
     * @param file the file
     * @return what it holds
     * @throws BadInputException naming the file and what is wrong with its content
     * @throws ChurnkitException naming the file when it cannot be read
     */
    public static Contents read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ChurnkitException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses the text of a contractual model file.
     *
     * @param json the text
     * @param source names the text in messages (its file)
     * @return what it holds
     * @throws BadInputException naming the source and what is wrong
     */
    public static Contents parse(String json, String source) {
        if (!(JsonText.parse(json, "model file " + source) instanceof Map<?, ?> root)) {
            throw bad(source, "expected a JSON object");
        }
        Object version = root.get("format_version");
        if (version != null) {
            if (!(version instanceof Long v) || v < 1) {
                throw bad(source, "\"format_version\" must be a whole number >= 1, got " + JsonText.inline(version));
            }
            if (v > FORMAT_VERSION) {
                throw bad(source, "it was written by a newer churnkit (format_version " + v + "); this version reads "
                        + "up to format " + FORMAT_VERSION + ": upgrade churnkit to read it");
            }
        }
        if (!(root.get("model") instanceof String name)) {
            throw bad(source, "field \"model\" (\"sbg\" or \"bdw\") is missing");
        }
        ContractualKind kind;
        try {
            kind = ContractualKind.parse(name);
        } catch (IllegalArgumentException e) {
            throw bad(source, e.getMessage());
        }
        List<String> shapes = kind.parameterNames();
        if (!(root.get("parameters") instanceof Map<?, ?> params)) {
            throw bad(source, "object \"parameters\" with " + String.join(", ", shapes) + " is missing");
        }
        double[] p = new double[shapes.size()];
        for (int i = 0; i < p.length; i++) {
            Object v = params.get(shapes.get(i));
            if (!(v instanceof Number n) || !(n.doubleValue() > 0) || Double.isInfinite(n.doubleValue())) {
                throw bad(source, "parameter '" + shapes.get(i) + "' must be a positive finite number, got "
                        + (v == null ? "nothing" : JsonText.inline(v)));
            }
            p[i] = n.doubleValue();
        }
        List<String> names = new ArrayList<>(shapes);
        List<String> covNames = List.of();
        CovariateTarget target = null;
        List<Double> coefficients = new ArrayList<>();
        Map<String, String> refs = new LinkedHashMap<>();
        Map<String, List<String>> lv = new LinkedHashMap<>();
        if (root.get("covariates") instanceof Map<?, ?> cov) {
            if (cov.get("reference_levels") instanceof Map<?, ?> rl) {
                rl.forEach((c, r) -> refs.put(String.valueOf(c), String.valueOf(r)));
                if (!(cov.get("levels") instanceof Map<?, ?> lm)) {
                    throw bad(source, "\"covariates\" with \"reference_levels\" needs \"levels\"");
                }
                for (var e : lm.entrySet()) {
                    if (!(e.getValue() instanceof List<?> l)) {
                        throw bad(source, "the levels of covariate column '" + e.getKey() + "' must be a list");
                    }
                    lv.put(String.valueOf(e.getKey()), l.stream().map(String::valueOf).toList());
                }
                for (var e : refs.entrySet()) {
                    if (!lv.containsKey(e.getKey()) || !lv.get(e.getKey()).contains(e.getValue())) {
                        throw bad(source, "the levels of covariate column '" + e.getKey() + "' lack its reference "
                                + "level '" + e.getValue() + "'");
                    }
                }
            }
            if (!(cov.get("names") instanceof List<?> cn) || !(cov.get("target") instanceof String t)
                    || !(cov.get("coefficients") instanceof Map<?, ?> coef)) {
                throw bad(source, "\"covariates\" needs \"names\", \"target\" and \"coefficients\"");
            }
            covNames = cn.stream().map(String::valueOf).toList();
            try {
                target = CovariateTarget.valueOf(t.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(source, "covariate target must be gamma, delta or both, got '" + t + "'");
            }
            for (String shape : new String[] {"gamma", "delta"}) {
                if (shape.equals("gamma") ? target.gamma() : target.delta()) {
                    for (String c : covNames) {
                        String key = shape + ":" + c;
                        if (!(coef.get(key) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                            throw bad(source, "coefficient '" + key + "' must be a finite number");
                        }
                        names.add(key);
                        coefficients.add(n.doubleValue());
                    }
                }
            }
        }
        String period = root.get("period") instanceof String s ? s : null;
        if (!root.containsKey("log_likelihood")) {
            if (!covNames.isEmpty()) {
                throw bad(source, "a model with covariates needs its fit (\"log_likelihood\" and the rest)");
            }
            return new Contents(ContractualModel.of(kind, p, null), null, period);
        }
        int k = names.size();
        double[] se = new double[k];
        Map<?, ?> seNode = root.get("standard_errors") instanceof Map<?, ?> m ? m : Map.of();
        for (int i = 0; i < k; i++) {
            se[i] = seNode.get(names.get(i)) instanceof Number v ? v.doubleValue() : Double.NaN;
        }
        double[] cov = flat(root.get("covariance"), k, source, "covariance");
        double[] ucov = flat(root.get("fitted_covariance"), k, source, "fitted_covariance");
        // the fit record of every model file, read as the transaction models' reader reads it
        FitSummary.Provenance prov = ModelFiles.provenanceFromJson(root.get("provenance"), source);
        FitStatus status = ModelFiles.statusFromJson(root, source);
        List<FitFinding> findings = ModelFiles.findingsFromJson(root.get("findings"), status, source);
        boolean converged = Boolean.TRUE.equals(root.get("converged"));
        double ll = root.get("log_likelihood") instanceof Number n ? n.doubleValue() : Double.NaN;
        double subs = root.get("subscribers") instanceof Number n ? n.doubleValue() : Double.NaN;
        FitSummary summary = new FitSummary(ll, se, cov, subs,
                root.get("distinct_rows") instanceof Number n ? n.intValue() : 0, converged,
                root.get("iterations") instanceof Number n ? n.intValue() : 0, str(root.get("message")), null, prov,
                status, findings);
        ContractualModel model = ContractualModel.of(kind, p, summary);
        double[] est = new double[k];
        System.arraycopy(p, 0, est, 0, p.length);
        for (int i = 0; i < coefficients.size(); i++) {
            est[p.length + i] = coefficients.get(i);
        }
        double[][] u = null;
        if (ucov != null) {
            u = new double[k][k];
            for (int i = 0; i < k; i++) {
                System.arraycopy(ucov, i * k, u[i], 0, k);
            }
        }
        ContractualFit fit = new ContractualFit(model, names, est, p.length, covNames, target, summary, u);
        return new Contents(model, fit, period, refs, lv);
    }

    private static String str(Object o) {
        return o instanceof String s ? s : "";
    }

    private static double[] flat(Object node, int k, String source, String field) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof List<?> rows) || rows.size() != k) {
            throw bad(source, "\"" + field + "\" must be a " + k + " x " + k + " matrix");
        }
        double[] out = new double[k * k];
        for (int i = 0; i < k; i++) {
            if (!(rows.get(i) instanceof List<?> row) || row.size() != k) {
                throw bad(source, "\"" + field + "\" must be a " + k + " x " + k + " matrix");
            }
            for (int j = 0; j < k; j++) {
                out[i * k + j] = row.get(j) instanceof Number n ? n.doubleValue() : Double.NaN;
            }
        }
        return out;
    }

    private static BadInputException bad(String source, String what) {
        return BadInputException.of("model file " + source + ": " + what);
    }
}
