package org.churnkit.segment;

import java.util.List;
import java.util.SortedMap;

/**
 * The result of {@link Segmenter#fit}: the model, each customer's segment (an index into the
 * model's segments, in display order) and the segment profiles.
 *
 * @param model the fitted model
 * @param segment segment index per customer, in the order of the scores
 * @param profiles one profile per segment, in display order
 * @param silhouetteByK mean silhouette on the selection sample per candidate k; empty when k was given
 */
public record Segmentation(SegmentationModel model, int[] segment, List<SegmentProfile> profiles,
        SortedMap<Integer, Double> silhouetteByK) {

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
}
