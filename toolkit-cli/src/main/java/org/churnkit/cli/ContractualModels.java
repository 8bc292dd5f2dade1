package org.churnkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.ContractualFit;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModel;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.AtomicOutput;
import org.churnkit.io.BadInputException;
import org.churnkit.io.JsonText;

/**
 * The model file of a contractual fit, as the command line writes and reads it: the model
 * ({@code sbg} or {@code bdw}), the renewal period, the parameters, and from the fit the standard
 * errors, the covariance of the log-parameters (what parameter draws for intervals need), the
 * log-likelihood, the subscribers and the status.
 */
final class ContractualModels {
    private ContractualModels() {}

    /** A model read back, with what scoring and the report need besides the parameters. */
    record Read(ContractualModel model, TimeUnit period, double[][] logCovariance) {
    }

    /** Whether a model file names a contractual model (read only as far as its "model" field). */
    static boolean isContractual(Path file) {
        try {
            Object root = JsonText.parse(Files.readString(file), "model file " + file);
            if (root instanceof Map<?, ?> m && m.get("model") instanceof String s) {
                ContractualKind.parse(s);
                return true;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not readable or not contractual: the transaction model reader says why
        }
        return false;
    }

    static void write(ContractualFit fit, TimeUnit period, Path file) {
        ContractualModel m = fit.model();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", 1);
        root.put("model", m.kind().id());
        root.put("period", period.label());
        root.put("parameters", m.parameters());
        var s = fit.summary();
        Map<String, Object> se = new LinkedHashMap<>();
        List<String> names = fit.parameterNames();
        for (int i = 0; i < names.size(); i++) {
            se.put(names.get(i), Double.isFinite(s.standardErrors()[i]) ? s.standardErrors()[i] : null);
        }
        root.put("standard_errors", se);
        double[][] cov = fit.covariance();
        if (cov != null && allFinite(cov)) {
            List<Object> rows = new ArrayList<>();
            for (double[] r : cov) {
                rows.add(r);
            }
            root.put("log_parameter_covariance", rows);
        }
        root.put("log_likelihood", s.logLikelihood());
        root.put("subscribers", s.customers() == Math.rint(s.customers()) && s.customers() < 9e15
                ? (Object) (long) s.customers() : (Object) s.customers());
        root.put("converged", s.converged());
        root.put("status", s.status().label());
        try {
            AtomicOutput.writeString(file, JsonText.write(root));
        } catch (java.io.UncheckedIOException e) {
            throw new ChurnkitException("cannot write model file " + file + ": " + e.getCause().getMessage(), e);
        }
    }

    static Read read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.io.IOException e) {
            throw new ChurnkitException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        String what = "model file " + file;
        if (!(JsonText.parse(text, what) instanceof Map<?, ?> root)) {
            throw BadInputException.of(what + ": expected a JSON object");
        }
        ContractualKind kind;
        TimeUnit period;
        try {
            kind = ContractualKind.parse(String.valueOf(root.get("model")));
            period = TimeUnit.parse(String.valueOf(root.get("period")));
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(what + ": " + e.getMessage(), e);
        }
        if (!(root.get("parameters") instanceof Map<?, ?> params)) {
            throw BadInputException.of(what + ": expected \"parameters\" with " + kind.parameterNames());
        }
        List<String> names = kind.parameterNames();
        double[] p = new double[names.size()];
        for (int i = 0; i < p.length; i++) {
            if (!(params.get(names.get(i)) instanceof Number n) || !(n.doubleValue() > 0)
                    || Double.isInfinite(n.doubleValue())) {
                throw BadInputException.of(what + ": parameter \"" + names.get(i) + "\" must be a positive number, got "
                        + params.get(names.get(i)));
            }
            p[i] = n.doubleValue();
        }
        double[][] cov = null;
        if (root.get("log_parameter_covariance") instanceof List<?> rows && rows.size() == p.length) {
            cov = new double[p.length][p.length];
            for (int i = 0; i < p.length; i++) {
                if (!(rows.get(i) instanceof List<?> r) || r.size() != p.length) {
                    throw BadInputException.of(what + ": \"log_parameter_covariance\" must be " + p.length + " x "
                            + p.length);
                }
                for (int j = 0; j < p.length; j++) {
                    if (!(r.get(j) instanceof Number n)) {
                        throw BadInputException.of(what + ": \"log_parameter_covariance\" holds a non-number");
                    }
                    cov[i][j] = n.doubleValue();
                }
            }
        }
        try {
            return new Read(ContractualModel.of(kind, p, null), period, cov);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(what + ": " + e.getMessage(), e);
        }
    }

    private static boolean allFinite(double[][] m) {
        for (double[] r : m) {
            for (double v : r) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
