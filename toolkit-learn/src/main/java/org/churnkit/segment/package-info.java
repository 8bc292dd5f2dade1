/**
 * Customer segmentation: k-means on per-customer scores (recency, frequency, monetary value,
 * P(alive), expected transactions, CLV), with skewed features log-transformed and all standardised
 * ({@link org.churnkit.segment.FeatureTransform}), k chosen by silhouette, Smile's k-means with
 * restarts ({@link org.churnkit.segment.Segmenter}), segments named by a fixed rule
 * ({@link org.churnkit.segment.SegmentNaming}) and profiled ({@link org.churnkit.segment.SegmentProfile}).
 * A fitted {@link org.churnkit.segment.SegmentationModel} is saved as JSON and assigns new customers.
 */
package org.churnkit.segment;
