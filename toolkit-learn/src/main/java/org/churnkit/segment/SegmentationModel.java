package org.churnkit.segment;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.io.AtomicOutput;
import org.churnkit.io.BadInputException;
import org.churnkit.io.JsonText;

/**
 * A fitted segmentation: the feature transform, one centroid per segment (in the transformed,
 * standardised space) and the segments' names and recommended actions, in display order. It assigns
 * any customer to the segment whose centroid is nearest (Euclidean) to the customer's transformed
 * features; ties go to the lower segment index. Immutable.
 *
 * <p>Saved as JSON:
 * <pre>{
 *   "format_version": 1,
 *   "kind": "churnkit-segmentation",
 *   "features": [{"name": "frequency", "log1p": true, "mean": 0.41, "sd": 0.63}, ...],
 *   "segments": [{"name": "High value, active", "action": "...", "centroid": [1.9, ...]}, ...]
 * }</pre>
 * Doubles are written in their shortest round-trip form ({@link JsonText}), so a model read back
 * assigns exactly as the written one did.
 */
public final class SegmentationModel {
    /** Version of the JSON layout this class writes; {@link #read} accepts only this one. */
    public static final int FORMAT_VERSION = 1;
    static final String KIND = "churnkit-segmentation";

    private final FeatureTransform transform;
    private final double[][] centroids;
    private final List<String> names;
    private final List<String> actions;

    private SegmentationModel(FeatureTransform transform, double[][] centroids, List<String> names, List<String> actions) {
        this.transform = transform;
        this.centroids = centroids;
        this.names = List.copyOf(names);
        this.actions = List.copyOf(actions);
    }

    /**
     * A model from its parts (the centroids are copied).
     *
     * @param transform the feature transform
     * @param centroids one centroid per segment, each of the transform's dimension, finite
     * @param names unique, non-blank segment names, one per centroid
     * @param actions recommended actions, one per centroid
     * @throws ChurnkitException when the parts do not fit together
     * @return the model
     */
    public static SegmentationModel of(FeatureTransform transform, double[][] centroids, List<String> names,
            List<String> actions) {
        int k = centroids.length;
        if (k == 0 || names.size() != k || actions.size() != k) {
            throw new ChurnkitException("segmentation model: " + k + " centroids, " + names.size() + " names and "
                    + actions.size() + " actions; expected the same positive number of each");
        }
        double[][] copy = new double[k][];
        for (int c = 0; c < k; c++) {
            if (centroids[c].length != transform.dimension()) {
                throw new ChurnkitException("segmentation model: centroid of segment '" + names.get(c) + "' has "
                        + centroids[c].length + " coordinates; expected " + transform.dimension());
            }
            for (double v : centroids[c]) {
                if (!Double.isFinite(v)) {
                    throw new ChurnkitException("segmentation model: centroid of segment '" + names.get(c)
                            + "' has a non-finite coordinate " + v);
                }
            }
            copy[c] = centroids[c].clone();
        }
        if (new HashSet<>(names).size() != k || names.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new ChurnkitException("segmentation model: segment names must be unique and non-blank: " + names);
        }
        return new SegmentationModel(transform, copy, names, actions);
    }

    /**
     * Number of segments.
     *
     * @return k
     */
    public int k() {
        return centroids.length;
    }

    /**
     * The feature transform.
     *
     * @return the transform
     */
    public FeatureTransform transform() {
        return transform;
    }

    /**
     * Segment names, in display order.
     *
     * @return the names
     */
    public List<String> names() {
        return names;
    }

    /**
     * The segment name of each customer, from their segment indices ({@link #assign}).
     *
     * @param segments segment index per customer, {@code 0 <= c < k()}
     * @return the names, one per customer, in the same order
     * @throws IndexOutOfBoundsException when an index is not a segment of this model
     */
    public String[] namesOf(int[] segments) {
        String[] out = new String[segments.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = names.get(segments[i]);
        }
        return out;
    }

    /**
     * The score columns the segments are built on, in feature order.
     *
     * @return the column names of {@link #transform()}'s features
     */
    public List<String> featureColumns() {
        return transform.features().stream().map(Feature::column).toList();
    }

    /**
     * Recommended actions, in display order.
     *
     * @return the actions
     */
    public List<String> actions() {
        return actions;
    }

    /**
     * Centroid of segment {@code c} in the standardised space (a copy).
     *
     * @param c segment index, {@code 0 <= c < k()}
     * @return the centroid, one value per feature
     */
    public double[] centroid(int c) {
        return centroids[c].clone();
    }

    /**
     * Centroid of segment {@code c} mapped back to raw feature units.
     *
     * @param c segment index, {@code 0 <= c < k()}
     * @return the centroid in raw units, one value per feature
     */
    public double[] centroidRaw(int c) {
        double[] out = new double[transform.dimension()];
        for (int j = 0; j < out.length; j++) {
            out[j] = transform.invert(j, centroids[c][j]);
        }
        return out;
    }

    /**
     * Segment index of every customer in {@code scores}.
     *
     * @throws ChurnkitException when a feature column is missing, or a customer's feature is NaN,
     *     infinite or below -1 for a log-transformed feature (naming the customer)
     * @param scores the customers' score columns
     * @return the segment index of each customer
     */
    public int[] assign(ScoreColumns scores) {
        int d = transform.dimension();
        double[][] cols = new double[d][];
        for (int j = 0; j < d; j++) {
            Feature f = transform.features().get(j);
            cols[j] = scores.require(f.column());
            FeatureTransform.checkFinite(f, cols[j], scores);
            if (transform.isLog(j)) {
                for (int i = 0; i < cols[j].length; i++) {
                    if (cols[j][i] <= -1) {
                        throw new ChurnkitException("customer " + scores.id(i) + ": " + f.column() + " is "
                                + cols[j][i] + "; this model log-transforms it and needs a value above -1");
                    }
                }
            }
        }
        int[] out = new int[scores.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = transform.apply(j, cols[j][i]);
            }
            out[i] = KMeansEngine.nearest(centroids, z);
        });
        return out;
    }

    /**
     * The model as JSON text.
     *
     * @return the JSON text
     */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", FORMAT_VERSION);
        root.put("kind", KIND);
        List<Map<String, Object>> fs = new ArrayList<>();
        for (int j = 0; j < transform.dimension(); j++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", transform.features().get(j).column());
            f.put("log1p", transform.isLog(j));
            f.put("mean", transform.mean(j));
            f.put("sd", transform.sd(j));
            fs.add(f);
        }
        root.put("features", fs);
        List<Map<String, Object>> ss = new ArrayList<>();
        for (int c = 0; c < k(); c++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", names.get(c));
            s.put("action", actions.get(c));
            s.put("centroid", centroids[c]);
            ss.add(s);
        }
        root.put("segments", ss);
        return JsonText.write(root);
    }

    /**
     * Parses a model from JSON text; {@code source} names it in error messages.
     *
     * @throws BadInputException naming the source and the offending field when the text is not a
     *     valid model of this format version
     * @param json the JSON text
     * @param source names the text in error messages (e.g. a file name)
     * @return the model
     */
    public static SegmentationModel fromJson(String json, String source) {
        if (!(JsonText.parse(json, source) instanceof Map<?, ?> root)) {
            throw BadInputException.of(source + ": expected a JSON object with a segmentation model");
        }
        if (!(root.get("format_version") instanceof Number v) || v.doubleValue() != Math.rint(v.doubleValue())) {
            throw BadInputException.of(source + ": no format_version; not a churnkit segmentation model");
        }
        if (v.doubleValue() != FORMAT_VERSION) {
            throw BadInputException.of(source + ": format_version " + v + " is not supported; this churnkit reads version "
                    + FORMAT_VERSION);
        }
        Object kind = root.get("kind");
        if (!KIND.equals(kind)) {
            throw BadInputException.of(source + ": kind is '" + (kind instanceof String k ? k : kind == null ? "" : JsonText.inline(kind))
                    + "'; expected '" + KIND + "'");
        }
        List<?> fs = array(root, "features", source);
        int d = fs.size();
        List<Feature> features = new ArrayList<>();
        boolean[] log = new boolean[d];
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            String where = "features[" + j + "]";
            Map<?, ?> f = object(fs.get(j), source, where);
            features.add(Feature.of(text(f, "name", source, where)));
            if (!(f.get("log1p") instanceof Boolean l)) {
                throw BadInputException.of(source + ": " + where + ".log1p: expected true or false");
            }
            log[j] = l;
            mean[j] = number(f, "mean", source, where);
            sd[j] = number(f, "sd", source, where);
        }
        FeatureTransform t = FeatureTransform.of(features, log, mean, sd);
        List<?> ss = array(root, "segments", source);
        int k = ss.size();
        double[][] c = new double[k][];
        List<String> names = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            String where = "segments[" + s + "]";
            Map<?, ?> seg = object(ss.get(s), source, where);
            names.add(text(seg, "name", source, where));
            actions.add(text(seg, "action", source, where));
            if (!(seg.get("centroid") instanceof List<?> a) || a.size() != d) {
                throw BadInputException.of(source + ": " + where + ".centroid: expected an array of " + d + " numbers");
            }
            c[s] = new double[d];
            for (int j = 0; j < d; j++) {
                if (!(a.get(j) instanceof Number n)) {
                    throw BadInputException.of(source + ": " + where + ".centroid[" + j + "]: expected a number");
                }
                c[s][j] = n.doubleValue();
            }
        }
        return of(t, c, names, actions);
    }

    /**
     * Writes the model to {@code file} atomically (temporary file in the same directory, then a move).
     *
     * @param file the target path
     */
    public void write(Path file) {
        AtomicOutput.writeString(file, toJson());
    }


    /**
     * Reads a model written by {@link #write}.
     *
     * @throws BadInputException naming the file when it is not a valid model
     * @param file a model file
     * @return the model
     */
    public static SegmentationModel read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(org.churnkit.io.IoErrors.cannotRead(file, e), e);
        }
        return fromJson(text, file.toString());
    }

    private static List<?> array(Map<?, ?> root, String field, String source) {
        if (!(root.get(field) instanceof List<?> a) || a.isEmpty()) {
            throw BadInputException.of(source + ": " + field + ": expected a non-empty array");
        }
        return a;
    }

    private static Map<?, ?> object(Object v, String source, String where) {
        if (!(v instanceof Map<?, ?> m)) {
            throw BadInputException.of(source + ": " + where + ": expected an object");
        }
        return m;
    }

    private static String text(Map<?, ?> n, String field, String source, String where) {
        if (!(n.get(field) instanceof String t)) {
            throw BadInputException.of(source + ": " + where + "." + field + ": expected a string");
        }
        return t;
    }

    private static double number(Map<?, ?> n, String field, String source, String where) {
        if (!(n.get(field) instanceof Number t)) {
            throw BadInputException.of(source + ": " + where + "." + field + ": expected a number");
        }
        return t.doubleValue();
    }

}
