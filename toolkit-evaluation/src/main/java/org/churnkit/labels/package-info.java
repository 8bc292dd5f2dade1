/**
 * Labels you can trust: weak supervision for the supervised side of the toolkit.
 *
 * <ul>
 *   <li>Labelling functions: {@link org.churnkit.labels.LabellingFunction} (a Java interface) and
 *       {@link org.churnkit.labels.RuleSet} (rules written as text, e.g.
 *       {@code no_repeat: frequency == 0 and recency > 26 -> churned}), evaluated into
 *       {@link org.churnkit.labels.Votes} with each rule's coverage, overlaps and conflicts.</li>
 *   <li>The label model: {@link org.churnkit.labels.LabelModel}, Dawid-Skene EM with abstains and
 *       jointly modelled groups of dependent rules; P(label) per row and each rule's estimated
 *       accuracy, compared with the majority vote.</li>
 *   <li>Training with probabilistic labels: {@link org.churnkit.labels.SoftLabels} (each row as two
 *       weighted rows, or the confidence as a sample weight) for
 *       {@link org.churnkit.cost.CsLogit}.</li>
 * </ul>
 */
package org.churnkit.labels;
