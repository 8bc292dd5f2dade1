package org.churnkit.segment;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of {@link Segmenter#fit}: the model, each customer's segment (an index into the
 * model's segments, in display order) and the segment profiles. Immutable: the segment array is
 * copied in and out (use {@link #segmentOf} to read one customer's), the profiles and silhouettes
 * are unmodifiable copies; equality compares contents.
 *
 * @param model the fitted model
 * @param segment segment index per customer, in the order of the scores
 * @param profiles one profile per segment, in display order
 * @param silhouetteByK mean silhouette on the selection sample per candidate k; empty when k was given
 */
public record Segmentation(SegmentationModel model, int[] segment, List<SegmentProfile> profiles,
        SortedMap<Integer, Double> silhouetteByK) {

    /** Copies the segments, profiles and silhouettes. */
    public Segmentation {
        Objects.requireNonNull(model, "model");
        segment = segment.clone();
        profiles = List.copyOf(profiles);
        silhouetteByK = Collections.unmodifiableSortedMap(new TreeMap<>(silhouetteByK));
    }

    /**
     * Segment index per customer (a copy).
     *
     * @return one index into the model's segments per customer, in the order of the scores
     */
    @Override
    public int[] segment() {
        return segment.clone();
    }

    /**
     * Number of customers segmented.
     *
     * @return the length of {@link #segment()}
     */
    public int size() {
        return segment.length;
    }

    /**
     * Segment index of customer i.
     *
     * @param i customer index, in the order of the scores
     * @return an index into the model's segments, in display order
     */
    public int segmentOf(int i) {
        return segment[i];
    }

    /**
     * Number of segments.
     *
     * @return the model's k
     */
    public int k() {
        return model.k();
    }

    /**
     * Name of customer i's segment.
     *
     * @param i customer index, in the order of the scores
     * @return the segment's display name
     */
    public String nameOf(int i) {
        return model.names().get(segment[i]);
    }

    /** Equal when model, segments, profiles and silhouettes are equal (the segment array by content). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Segmentation s && model.equals(s.model) && Arrays.equals(segment, s.segment)
                && profiles.equals(s.profiles) && silhouetteByK.equals(s.silhouetteByK);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, Arrays.hashCode(segment), profiles, silhouetteByK);
    }

    @Override
    public String toString() {
        return "Segmentation[k=" + k() + ", " + segment.length + " customers, profiles=" + profiles
                + ", silhouetteByK=" + silhouetteByK + "]";
    }
}
